"""Model, findings and labels in; a DOT string out. No I/O, so tests read it as text.

Quoting is the graphviz package's. HTML-like labels (needed for the small id
line) are the one place text is escaped here, with the standard library's
`html.escape`, so that no claim text can ever become markup.
"""

from __future__ import annotations

import html
import textwrap
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

import graphviz

from argmap.analysis.context import Analysis
from argmap.analysis.evaluate import Label
from argmap.findings import Finding, printable
from argmap.graph import CLAIM
from argmap.model import Claim, Inference, Reason, describe_node
from argmap.render import style
from argmap.rules.defeated_thesis import CODE as DEFEATED
from argmap.rules.orphan_claim import CODE as ORPHAN
from argmap.rules.unsupported_claim import CODE as UNSUPPORTED

#: findings drawn by a mark of their own; any other code shows as a badge
_DRAWN = frozenset({UNSUPPORTED, ORPHAN, DEFEATED})

@dataclass(frozen=True)
class MapOptions:
    rankdir: str = "BT"
    audit: bool = True
    focus: str | None = None
    depth: int | None = 2  # None: no limit
    upstream: bool = False  # only what argues for or against the focus


#: a map of more boxes, or of more links than boxes by this much, is refused: Graphviz
#: would take many minutes to lay it out, and nobody could read it
MAX_BOXES = 20_000
MAX_EXTRA_LINKS = 2_000
#: beyond this many links more than boxes, the layout is made rougher and faster
ROUGH_FROM = 300


class MapTooLarge(Exception):
    """A map too large or too dense to draw whole."""

    def __init__(self, boxes: int, links: int) -> None:
        super().__init__(f"{boxes:,} boxes and {links:,} links")
        self.boxes, self.links = boxes, links


def neighbourhood(context: Analysis, focus: str, depth: int | None, upstream: bool = False) -> set[str]:
    """Claims within *depth* relations of *focus*, and the reasons between them.

    A 0-1 breadth-first search: stepping onto a claim costs one, onto a reason
    nothing, so that premise -> reason -> conclusion is one step, as a reader
    counts it. *upstream* follows edges backwards only: the focus's own
    argument (its reasons, their premises, the objections to any of them, and
    the answers to those), without what the focus itself goes on to support.
    Upstream, another thesis is drawn but not opened: it has a map of its own.
    """
    structure = context.structure
    limit = len(structure.ids) if depth is None else depth
    closed = set(context.theses) - {focus} if upstream else set()
    distance = {focus: 0}
    queue = deque([focus])
    while queue:
        node = queue.popleft()
        if node in closed:
            continue
        for other in (*structure.predecessors(node), *(() if upstream else structure.successors(node))):
            cost = distance[node] + (structure.kind(other) == CLAIM)
            if cost <= limit and cost < distance.get(other, limit + 1):
                distance[other] = cost
                if cost == distance[node]:
                    queue.appendleft(other)
                else:
                    queue.append(other)
    return set(distance)


def build_dot(context: Analysis, findings: Iterable[Finding], options: MapOptions = MapOptions()) -> str:
    return _MapBuilder(context, list(findings), options).build()


class _MapBuilder:
    def __init__(self, context: Analysis, findings: list[Finding], options: MapOptions) -> None:
        self.context = context
        self.graph = context.structure
        self.options = options
        self.audit = options.audit
        self.labels = context.labels if options.audit else {}
        self.by_claim: dict[str, list[Finding]] = {}
        for finding in findings if options.audit else ():
            if finding.claim is not None:
                self.by_claim.setdefault(finding.claim, []).append(finding)
        self.shown = (
            neighbourhood(context, options.focus, options.depth, options.upstream)
            if options.focus
            else set(self.graph.ids)
        )
        self.circle_edges = self._circle_edges() if options.audit else set()
        self.used: set[str] = set()  # the marks that occur, for the legend

    def build(self) -> str:
        model = self.context.model
        dot = graphviz.Digraph(
            name="argmap",
            graph_attr={
                # SVG ids: claim-, step- and edge- before the node's own, and _ for argmap's own parts,
            # so none can equal another, nor Graphviz's a_ anchors
                "id": "_map",
                "rankdir": self.options.rankdir, "nodesep": "0.35", "ranksep": "0.45",
                "fontname": style.FONT, "bgcolor": "white", "newrank": "true",
                "label": graphviz.escape(_clean(self._title())), "labelloc": "t", "fontsize": "18",
            },
            # defaults carry what most nodes and edges share: a big map is mostly claims and support
            node_attr={
                "fontname": style.FONT, "fontsize": "11", "color": style.INK, "fontcolor": style.INK,
                "shape": "box", "style": "rounded,filled", "fillcolor": style.FILL["IN"], "penwidth": "1.2",
            },
            edge_attr={
                "fontname": style.FONT, "fontsize": "9", "arrowsize": "0.8",
                "color": style.SUPPORT, "arrowhead": "normal", "penwidth": "1.4",
            },
        )
        theses = [t for t in self.context.theses if t in self.shown]
        thesis_set = set(theses)
        for claim in model.claims.values():
            if claim.id in self.shown:
                self._claim(dot, claim, claim.id in thesis_set)
        for claim in model.claims.values():
            for step in (*claim.reasons, *claim.attacks()):
                if step.id in self.shown:
                    self._step(dot, step)
            for ref in claim.restates:
                if claim.id in self.shown and ref.id in self.shown and ref.id in model.claims and ref.id != claim.id:
                    self.used.add("restates")
                    dot.edge(claim.id, ref.id, id=f"edge-{claim.id}:restates:{ref.id}", style="dashed", color=style.MUTED,
                             arrowhead="none", constraint="false")
        tops = [t for t in theses if not self._feeds(t, thesis_set)]
        if tops:
            with dot.subgraph(name="theses") as top:
                top.attr(rank="max")
                for thesis in tops:
                    top.node(thesis)
        links = sum(1 for line in dot.body if " -> " in line)
        boxes = len(dot.body) - links
        extra = links - boxes  # links beyond a tree's worth
        if boxes > MAX_BOXES or extra > MAX_EXTRA_LINKS:
            raise MapTooLarge(boxes, links)
        if extra > ROUGH_FROM:
            # dot's crossing minimisation grows fast with the links a tree has not: a rougher,
            # far faster layout (a dense map of 500 claims: a minute becomes six seconds)
            dot.graph_attr.update(nslimit="2", nslimit1="2", mclimit="0.1")
        if self.used:
            self._legend(dot)
        source: str = dot.source
        return source

    def _title(self) -> str:
        model = self.context.model
        title = model.title or model.path.stem
        focus, depth = self.options.focus, self.options.depth
        if focus and self.options.upstream:
            title += f" \u2014 the case for and against '{focus}'"
        elif focus:
            title += f" \u2014 around '{focus}'" + (f", depth {depth}" if depth is not None else "")
        return title

    # -- claims ---------------------------------------------------------

    def _claim(self, dot: graphviz.Digraph, claim: Claim, thesis: bool) -> None:
        label = self.labels.get(claim.id, Label.IN)
        codes = {f.code for f in self.by_claim.get(claim.id, [])}
        found: list[str] = []  # badges for findings; the label's badge comes first
        styles = ["rounded", "filled"]
        attrs = {"fillcolor": style.FILL[label]} if label is not Label.IN else {}
        if thesis:
            attrs.update(penwidth="2.6", color=style.THESIS)
            self.used.add("thesis")
        if claim.assumption:
            styles.append("dashed")
            self.used.add("assumption")
        status = str(self.context.status(claim.id)) if self.audit else "accepted"
        if label is not Label.IN:
            self.used.add(status)
        if UNSUPPORTED in codes:
            found.append("no reasons")
            attrs.update(color=style.ATTACK, penwidth="2.2")
        if ORPHAN in codes:
            found.append("orphan")
            styles.append("dotted")
        self.used.update(found)
        if claim.quotes:
            self.used.add("quote")
        if others := sorted(codes - _DRAWN):
            found.extend(others)
            self.used.add("AMnnn")
        if len(styles) > 2:
            attrs["style"] = ",".join(styles)
        badges = ([style.BADGE[status]] if label is not Label.IN else []) + found
        dot.node(
            claim.id,
            label=self._claim_label(claim, thesis, badges, flagged=bool(found)),
            id=f"claim-{claim.id}",
            tooltip=_tooltip(self._tooltip(claim)),
            **attrs,
        )

    def _claim_label(self, claim: Claim, thesis: bool, badges: list[str], flagged: bool) -> str:
        """Text wrapped, then the id and the badges small; in vermillion when a finding is among them."""
        rows = []
        if thesis:
            rows.append(_row(f'<FONT POINT-SIZE="8" COLOR="{style.THESIS}"><B>THESIS</B></FONT>'))
        lines = textwrap.wrap(_clean(claim.text), style.WRAP, break_long_words=True) or [""]
        rows.append(_row("<BR ALIGN=\"LEFT\"/>".join(_html(line) for line in lines) + "<BR ALIGN=\"LEFT\"/>"))
        foot = _html(" \u00b7 ".join([claim.id, *badges]))
        if claim.quotes:
            foot = f'<FONT POINT-SIZE="11" COLOR="{style.THESIS}">{style.QUOTE_MARK}</FONT> {foot}'
        colour = style.ATTACK if flagged else style.MUTED
        rows.append(_row(f'<FONT POINT-SIZE="8" COLOR="{colour}">{foot}</FONT>', align="RIGHT"))
        return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>>'

    def _tooltip(self, claim: Claim) -> str:
        parts = [claim.text]
        parts.extend(f"\u201c{quote.value}\u201d" for quote in claim.quotes)
        if claim.note:
            parts.append(f"Note: {claim.note}")
        if self.audit:
            parts.append(f"Status: {self.context.verdict(claim.id).shown}")
            parts.extend(f"{f.code} {f.rule}: {f.message}" for f in self.by_claim.get(claim.id, []))
        return "\n".join(_clean(part) for part in parts)

    # -- reasons and objections -----------------------------------------

    def _step(self, dot: graphviz.Digraph, step: Inference) -> None:
        """A reason or an attack: plain arrows from each premise, or a junction they meet at."""
        target = step.target
        if target not in self.shown:  # a focus can reach a step but stop short of what it is for
            return
        is_reason = isinstance(step, Reason)
        premises = list(dict.fromkeys(r.id for r in step.premises if r.id in self.shown and r.id in self.graph.index))
        if not step.linked:
            for premise in premises:
                self._edge(dot, premise, target, step.id, (premise, step.id), is_reason, arrow=True)
            return
        self.used.add("linked" if is_reason else "linked-objection")
        colour = style.SUPPORT if is_reason else style.ATTACK
        attrs = {"xlabel": graphviz.escape(_clean(step.label))} if step.label else {}
        dot.node(
            step.id, label="", shape="circle", width="0.14", height="0.14", fixedsize="true",
            style="filled", fillcolor=colour, color=colour, id=f"step-{step.id}",
            tooltip=_tooltip(_clean(describe_node(step.id) + (f": {step.label}" if step.label else ""))),
            **attrs,
        )
        for premise in premises:
            self._edge(dot, premise, step.id, f"{step.id}:{premise}", (premise, step.id), is_reason, arrow=False)
        self._edge(dot, step.id, target, f"{step.id}->", (step.id, target), is_reason, arrow=True)

    def _edge(self, dot: graphviz.Digraph, tail: str, head: str, edge_id: str, via: tuple[str, str],
              support: bool, arrow: bool) -> None:
        """One drawn edge; *via* is the graph edge it stands for (premise -> step)."""
        attrs: dict[str, str] = {}
        if support:
            self.used.add("support")
            if via in self.circle_edges:
                attrs.update(color=style.CIRCLE, penwidth="2.6", style="bold")
                self.used.add("circle")
        else:
            self.used.add("objection")
            attrs.update(color=style.ATTACK, penwidth="1.6", arrowhead="tee")
        if not arrow:
            attrs["arrowhead"] = "none"
        dot.edge(tail, head, id=f"edge-{edge_id}", **attrs)

    def _feeds(self, node: str, targets: set[str]) -> bool:
        """Whether *node* supports or attacks one of *targets*, directly or through a reason."""
        graph = self.graph
        return any(t in targets or any(c in targets for c in graph.successors(t)) for t in graph.successors(node))

    def _circle_edges(self) -> set[tuple[str, str]]:
        """The graph's support edges inside a circle (drawn edges name theirs as `via`)."""
        edges: set[tuple[str, str]] = set()
        for component in self.context.circles:
            for node in component:
                edges.update((node, target) for target in self.graph.supported(node) if target in component)
        return edges

    def _legend(self, dot: graphviz.Digraph) -> None:
        rows = "".join(_row(f"<B>{_html(name)}</B>: {_html(style.LEGEND[name])}") for name in sorted(self.used))
        table = f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{rows}</TABLE>>'
        with dot.subgraph(name="cluster__legend") as legend:
            legend.attr(label="Legend", labelloc="t", fontsize="10", color=style.MUTED, style="rounded", id="_legend")
            legend.node("_legend_table", label=table, shape="plaintext", fontsize="9", id="_legend_table")


def _row(content: str, align: str = "LEFT") -> str:
    return f'<TR><TD ALIGN="{align}" BALIGN="LEFT">{content}</TD></TR>'


#: characters of one text drawn on a map (Graphviz refuses labels much past 16 KB)
MAX_TEXT = 2_000


def _clean(text: str) -> str:
    """User text fit for a map: line breaks and tabs as spaces, other control
    characters shown as escapes (SVG is XML, which refuses them, and Graphviz
    stops at a NUL), and cut short where it would not fit."""
    text = printable(" ".join(text.split("\n")).translate(_SPACES))
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "\u2026"


_SPACES = str.maketrans("\t\r\v\f", "    ")


def _tooltip(text: str) -> str:
    """Graphviz unescapes a tooltip twice, so its backslashes are escaped twice."""
    return str(graphviz.escape(graphviz.escape(text)))


def _html(text: str) -> str:
    """Text for an HTML-like label: entities escaped, and backslashes too, since
    Graphviz expands `\\N` and `\\G` even there."""
    return str(graphviz.escape(html.escape(text)))
