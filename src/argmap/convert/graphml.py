"""The model as GraphML that yEd and Gephi open: the graph of SPEC section 2.

Nodes are the claims and the steps between them (reasons, objections), edges
the premise, support, attack and restates links, exactly as `argmap.graph`
builds them. Each node and edge carries two things side by side:

* plain keyed data (``kind``, ``text``, ``status``, ``role`` ...), which Gephi,
  networkx and any GraphML reader take as attributes; ``label`` is the name
  Gephi shows a node by;
* yFiles graphics (``y:ShapeNode``, ``y:PolyLineEdge``), which yEd draws: boxes
  with the claim's text, coloured by status as ``argmap render`` colours them,
  and arrows in its palette. Other readers skip them.

Everything the model holds has a key, so nothing is lost but what other formats'
readers kept, links to undefined claims, and characters XML 1.0 cannot hold
(control characters, written as visible escapes). The file is written as it
goes, one element at a time, with every text and attribute escaped.
"""

from __future__ import annotations

import json
import math
import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from argmap.analysis.context import Analysis
from argmap.convert import Losses, losses, one_line, unlinked
from argmap.graph import ATTACK, ATTACK_STEP, CLAIM, PREMISE, REASON, RESTATES
from argmap.model import ArgumentFile, Claim, Inference, Reason, Span
from argmap.render import style

if TYPE_CHECKING:
    import networkx as nx

GRAPHML = "http://graphml.graphdrawing.org/xmlns"
YFILES = "http://www.yworks.com/xml/graphml"
SCHEMA = f"{GRAPHML} http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd"

#: a loss line: texts with characters that XML 1.0 has no way to write
UNWRITABLE = "texts with control characters (XML cannot hold them: written as visible escapes such as \\x07)"
#: what XML 1.0 refuses even as a character reference: C0 controls but tab and
#: line breaks, lone surrogates, and the two non-characters U+FFFE and U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: what an attribute or a text needs escaped or made visible (most need nothing)
_SPECIAL = re.compile("[&<>\"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"})


@dataclass(frozen=True, slots=True)
class Key:
    """One GraphML attribute: its key id, what it is for, its name and type."""

    id: str
    domain: str  # graph, node or edge
    name: str
    type: str = "string"


#: every key, in the order written; ids are unique over all domains, names are
#: what Gephi and networkx call the attribute (Gephi takes ``label`` as the node's label)
KEYS = (
    Key("g_title", "graph", "title"),
    Key("g_source_title", "graph", "source_title"),
    Key("g_source_date", "graph", "source_date"),
    Key("g_source_url", "graph", "source_url"),
    Key("g_source_path", "graph", "source_path"),
    Key("g_theses", "graph", "theses"),
    Key("g_ignore", "graph", "ignore"),
    Key("n_kind", "node", "kind"),
    Key("n_label", "node", "label"),
    Key("n_text", "node", "text"),
    Key("n_status", "node", "status"),
    Key("n_verdict", "node", "verdict"),
    Key("n_thesis", "node", "thesis", "boolean"),
    Key("n_target", "node", "target"),
    Key("n_assumption", "node", "assumption", "boolean"),
    Key("n_quotes", "node", "quotes"),
    Key("n_evidence", "node", "evidence"),
    Key("n_note", "node", "note"),
    Key("n_tags", "node", "tags"),
    Key("n_ignore", "node", "ignore"),
    Key("n_line", "node", "line", "int"),
    Key("n_column", "node", "column", "int"),
    Key("e_role", "edge", "role"),
    Key("e_line", "edge", "line", "int"),
    Key("e_column", "edge", "column", "int"),
)
_NODE_GRAPHICS, _EDGE_GRAPHICS = "n_graphics", "e_graphics"

#: yEd draws a node at the size the file gives: estimated from the label at
#: yEd's default font (Dialog, 12 pt)
_CHAR_WIDTH, _LINE_HEIGHT, _PADDING = 7.0, 17.0, 14.0
_JUNCTION = 14.0  # a step's dot
_CELL_WIDTH, _CELL_HEIGHT = 320.0, 160.0  # the grid nodes start on, until a layout places them
#: characters of text on one yEd box (the ``text`` data keeps all of it)
MAX_LABEL = 2_000


def write(model: ArgumentFile, out: TextIO) -> Losses:
    analysis = Analysis(model)
    xml = _Writer(out)
    xml.open()
    _keys(xml)
    xml.start("graph", {"id": "G", "edgedefault": "directed"})
    _graph_data(xml, model)
    graph = analysis.graph
    columns = math.isqrt(max(len(graph) - 1, 0)) + 1
    for number, node in enumerate(graph):
        cell = (number % columns * _CELL_WIDTH, number // columns * _CELL_HEIGHT)
        if node in model.claims:
            _claim(xml, analysis, model.claims[node], cell)
        else:
            _step(xml, analysis, analysis.structure.steps[node], cell)
    for number, (source, target, attrs) in enumerate(graph.edges(data=True)):
        _edge(xml, graph, f"e{number}", (source, target), attrs["role"], attrs["span"])
    xml.end("graph")
    xml.end("graphml")
    lost = losses(model, ()) + unlinked(model)
    lost[UNWRITABLE] = len(xml.unsafe)
    return +lost


class _Writer:
    """XML written as it goes, indented, every text and attribute escaped.

    Characters XML 1.0 cannot hold become visible escapes; ``unsafe`` keeps the
    texts that had any (a claim's text is written three times, and lost once)."""

    def __init__(self, out: TextIO) -> None:
        self.out, self.depth = out, 0
        self.unsafe: set[str] = set()

    def open(self) -> None:
        self.out.write('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n')
        self.start("graphml", {"xmlns": GRAPHML, "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                               "xmlns:y": YFILES, "xsi:schemaLocation": SCHEMA})

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.out.write(f"{'  ' * self.depth}<{tag}{self._attrs(attrs)}>\n")
        self.depth += 1

    def end(self, tag: str) -> None:
        self.depth -= 1
        self.out.write(f"{'  ' * self.depth}</{tag}>\n")

    def leaf(self, tag: str, attrs: dict[str, str], text: str | None = None) -> None:
        """An element with no children: empty, or holding *text*."""
        indent = "  " * self.depth
        if text is None:
            self.out.write(f"{indent}<{tag}{self._attrs(attrs)}/>\n")
        else:
            self.out.write(f"{indent}<{tag}{self._attrs(attrs)}>{self._escaped(text, _TEXT_ESCAPES)}</{tag}>\n")

    def data(self, key: str, value: str | int | bool | None) -> None:
        """One ``<data>`` element, unless there is no value."""
        if value is None:
            return
        if isinstance(value, bool):
            value = "true" if value else "false"
        self.leaf("data", {"key": key}, str(value))

    def safe(self, text: str) -> str:
        if _NOT_XML.search(text) is None:
            return text
        self.unsafe.add(text)
        return _visible(text)

    def _escaped(self, text: str, escapes: dict[int, str]) -> str:
        return text if _SPECIAL.search(text) is None else self.safe(text).translate(escapes)

    def _attrs(self, attrs: dict[str, str]) -> str:
        return "".join(f' {name}="{self._escaped(value, _ATTR_ESCAPES)}"' for name, value in attrs.items())


def _visible(text: str) -> str:
    """*text* with what XML cannot hold written as escapes (``\\x07``, ``\\ufffe``)."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def _shown(text: str) -> str:
    """A label as a drawing shows it: on one line, with nothing XML cannot hold
    (the text it comes from is counted when written as data)."""
    return _visible(one_line(text))


def _keys(xml: _Writer) -> None:
    for key in KEYS:
        xml.leaf("key", {"id": key.id, "for": key.domain, "attr.name": key.name, "attr.type": key.type})
    xml.leaf("key", {"id": _NODE_GRAPHICS, "for": "node", "yfiles.type": "nodegraphics"})
    xml.leaf("key", {"id": _EDGE_GRAPHICS, "for": "edge", "yfiles.type": "edgegraphics"})


def _graph_data(xml: _Writer, model: ArgumentFile) -> None:
    """The file's own parts: title, source, declared theses, file-wide ignores."""
    xml.data("g_title", model.title)
    source = model.source
    if source is not None:
        xml.data("g_source_title", source.title)
        xml.data("g_source_date", source.date)
        xml.data("g_source_url", source.url)
        xml.data("g_source_path", source.path.value if source.path is not None else None)
    if model.theses is not None:
        xml.data("g_theses", _list([ref.id for ref in model.theses]))
    xml.data("g_ignore", _list([code.value for code in model.ignore]))


def _list(values: list[str]) -> str | None:
    """A list as GraphML holds one: a JSON array in a string (None when empty)."""
    return json.dumps(values, ensure_ascii=False) if values else None


def _position(xml: _Writer, prefix: str, span: Span) -> None:
    xml.data(f"{prefix}_line", span.line)
    xml.data(f"{prefix}_column", span.column)


def _status(xml: _Writer, analysis: Analysis, node: str) -> None:
    xml.data("n_status", str(analysis.labels[node]))
    xml.data("n_verdict", str(analysis.status(node)))


def _claim(xml: _Writer, analysis: Analysis, claim: Claim, cell: tuple[float, float]) -> None:
    """A claim: a rounded box in its status's fill, thick and blue for a thesis, dashed for an assumption.

    The drawing comes first: networkx names a yEd label ``label`` too, and the
    plain ``label`` after it is the one that should win."""
    thesis = claim.id in analysis.theses
    lines = _box_lines(claim, analysis, thesis)
    width = max(map(len, lines)) * _CHAR_WIDTH + 2 * _PADDING
    height = len(lines) * _LINE_HEIGHT + 2 * _PADDING
    border = (style.THESIS, "2.6") if thesis else (style.INK, "1.2")
    xml.start("node", {"id": claim.id})
    _shape(xml, cell, (width, height), fill=style.FILL[str(analysis.status(claim.id))],
           border=(*border, "dashed" if claim.assumption else "line"), shape="roundrectangle",
           label="\n".join(lines), placement=("internal", "c"))
    xml.data("n_kind", CLAIM)
    xml.data("n_label", claim.text)
    xml.data("n_text", claim.text)
    _status(xml, analysis, claim.id)
    xml.data("n_thesis", thesis)
    xml.data("n_assumption", claim.assumption)
    xml.data("n_quotes", _list([quote.value for quote in claim.quotes]))
    xml.data("n_evidence", _list(claim.evidence))
    xml.data("n_note", claim.note)
    xml.data("n_tags", _list(claim.tags))
    xml.data("n_ignore", _list([code.value for code in claim.ignore]))
    _position(xml, "n", claim.span)
    xml.end("node")


def _box_lines(claim: Claim, analysis: Analysis, thesis: bool) -> list[str]:
    """The text wrapped as the map wraps it, then the id with THESIS and the status badge."""
    text = _shown(claim.text)
    if len(text) > MAX_LABEL:
        text = text[: MAX_LABEL - 1] + "\u2026"
    lines = textwrap.wrap(text, style.WRAP, break_long_words=True) or [""]
    foot = [claim.id, *(["THESIS"] if thesis else [])]
    status = str(analysis.status(claim.id))
    if thesis or status != "accepted":  # as the map: an accepted claim says so only as a thesis
        foot.append(style.BADGE[status])
    return [*lines, " \u00b7 ".join(foot)]


def _step(xml: _Writer, analysis: Analysis, step: Inference, cell: tuple[float, float]) -> None:
    """A reason or an objection: a dot in its colour, with the inference label beside it."""
    kind = REASON if isinstance(step, Reason) else ATTACK_STEP
    colour = style.SUPPORT if kind == REASON else style.ATTACK
    xml.start("node", {"id": step.id})
    _shape(xml, cell, (_JUNCTION, _JUNCTION), fill=colour, border=(colour, "1.0", "line"), shape="ellipse",
           label=_shown(step.label) if step.label else None, placement=("sides", "e"))
    xml.data("n_kind", kind)
    xml.data("n_label", step.label)
    _status(xml, analysis, step.id)
    xml.data("n_target", step.target)
    _position(xml, "n", step.span)
    xml.end("node")


def _shape(xml: _Writer, cell: tuple[float, float], size: tuple[float, float], *, fill: str,
           border: tuple[str, str, str], shape: str, label: str | None, placement: tuple[str, str]) -> None:
    """yEd's drawing of a node: a y:ShapeNode, placed in its grid cell."""
    colour, width, line = border
    xml.start("data", {"key": _NODE_GRAPHICS})
    xml.start("y:ShapeNode", {})
    xml.leaf("y:Geometry", {"x": f"{cell[0]:.1f}", "y": f"{cell[1]:.1f}", "width": f"{size[0]:.1f}", "height": f"{size[1]:.1f}"})
    xml.leaf("y:Fill", {"color": fill, "transparent": "false"})
    xml.leaf("y:BorderStyle", {"color": colour, "type": line, "width": width})
    if label is not None:
        xml.leaf("y:NodeLabel", {"alignment": "left", "autoSizePolicy": "content", "fontFamily": "Dialog", "fontSize": "12",
                                 "fontStyle": "plain", "textColor": style.INK, "modelName": placement[0],
                                 "modelPosition": placement[1], "visible": "true"}, label)
    xml.leaf("y:Shape", {"type": shape})
    xml.end("y:ShapeNode")
    xml.end("data")


def _edge(xml: _Writer, graph: nx.DiGraph, edge_id: str, ends: tuple[str, str], role: str, span: Span) -> None:
    """One link, in the map's colours: premise lines end at the step's dot, support
    arrows point at the conclusion, attacks end in a bar, restatements are dashed."""
    source, target = ends
    if role == RESTATES:
        line, colour, head = "dashed", style.MUTED, "none"
    elif role == PREMISE:
        line, colour, head = "line", style.ATTACK if graph.nodes[target]["kind"] == ATTACK_STEP else style.SUPPORT, "none"
    elif role == ATTACK:
        line, colour, head = "line", style.ATTACK, "t_shape"
    else:
        line, colour, head = "line", style.SUPPORT, "standard"
    xml.start("edge", {"id": edge_id, "source": source, "target": target})
    xml.start("data", {"key": _EDGE_GRAPHICS})
    xml.start("y:PolyLineEdge", {})
    xml.leaf("y:LineStyle", {"color": colour, "type": line, "width": "1.4"})
    xml.leaf("y:Arrows", {"source": "none", "target": head})
    xml.leaf("y:BendStyle", {"smoothed": "false"})
    xml.end("y:PolyLineEdge")
    xml.end("data")
    xml.data("e_role", role)
    _position(xml, "e", span)
    xml.end("edge")
