"""Model, findings and labels in; DOT text out, whole or in pieces as it is written.
No I/O, so tests read it as text.

The text is written by `dotwriter`, quoted as the graphviz package quotes. HTML-like
labels (needed for the small id line) are the one place text is escaped here, as the
standard library's `html.escape` does, so that no claim text can ever become markup.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from argmap.analysis.context import Analysis
from argmap.analysis.verdicts import Status
from argmap.findings import Finding, printable
from argmap.graph import CLAIM, Structure
from argmap.model import Claim, Inference, Reason, describe_node
from argmap.render import style
from argmap.render.dotwriter import Digraph, escape
from argmap.rules.catalogue import RULES
from argmap.rules.defeated_thesis import CODE as DEFEATED
from argmap.rules.orphan_claim import CODE as ORPHAN

#: findings the status already says (a thesis not accepted); the others are spelled out in words
_DRAWN_BY_STATUS = frozenset({DEFEATED})
_DOT = " \u00b7 "  # between the parts of a box's top or foot line

@dataclass(frozen=True)
class MapOptions:
    rankdir: str = "BT"
    audit: bool = True
    focus: str | None = None
    depth: int | None = 2  # None: no limit
    upstream: bool = False  # only what argues for or against the focus
    interactive: bool = True  # SVG (tooltips can be hovered); False for paper: PDF, PNG
    hide_ids: bool = False
    caption: str | None = None  # None: from the file's source; "": none
    heading: bool = True  # the title and caption on top; False inside the audit page, which has its own
    dpi: int | None = None  # PNG's resolution


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
    return "".join(dot_pieces(context, findings, options))


def dot_pieces(context: Analysis, findings: Iterable[Finding], options: MapOptions = MapOptions()) -> Iterator[str]:
    """The DOT of `build_dot` in pieces, each given as soon as it is written, so that Graphviz
    can read a large map's start while the rest is written (`render.backends.draw`)."""
    return _MapBuilder(context, list(findings), options).pieces()


#: statements in one piece of `dot_pieces`: a few tens of kilobytes
_PIECE = 200


class _MapBuilder:
    def __init__(self, context: Analysis, findings: list[Finding], options: MapOptions) -> None:
        self.context = context
        self.graph = context.structure
        self.options = options
        self.audit = options.audit
        self.legend = style.legend(options.interactive)
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
        self.row_of: dict[str, int] = {}  # node -> row of a whole map laid out in rows

    def pieces(self) -> Iterator[str]:
        model = self.context.model
        graph_attr = {
            # SVG ids: claim-, step- and edge- before the node's own, and _ for argmap's own parts,
            # so none can equal another, nor Graphviz's a_ anchors
            "id": "_map",
            "rankdir": self.options.rankdir, "nodesep": "0.35", "ranksep": "0.45",
            "fontname": style.FONT, "bgcolor": "white", "newrank": "true",
            "label": self._heading() if self.options.heading else "", "labelloc": "t", "labeljust": "c",
        }
        if self.options.dpi:
            graph_attr["dpi"] = str(self.options.dpi)
        dot = Digraph(
            name="argmap",
            graph_attr=graph_attr,
            html_label=self.options.heading,
            # defaults carry what most nodes and edges share: a big map is mostly claims and support
            node_attr={
                "fontname": style.FONT, "fontsize": "11", "color": style.INK, "fontcolor": style.INK,
                "shape": "box", "style": "rounded,filled", "fillcolor": style.FILL["accepted"], "penwidth": "1.2",
            },
            edge_attr={
                "fontname": style.FONT, "fontsize": "9", "arrowsize": "0.8",
                "color": style.SUPPORT, "arrowhead": "normal", "penwidth": "1.4",
            },
        )
        theses = [t for t in self.context.theses if t in self.shown]
        thesis_set = set(theses)
        tops = [t for t in theses if not self._feeds(t, thesis_set)]
        rows = [tops]
        if not self.options.focus and len(tops) > 1:
            groups = _groups(self.context, tops, self.shown)
            rows = _rows(self.context.structure, groups)
            row_of_thesis = {thesis: number for number, row in enumerate(rows) for thesis in row}
            self.row_of = {node: row_of_thesis[thesis] for thesis, part in groups.items() for node in part}
        yield dot.head()
        for claim in model.claims.values():
            if claim.id in self.shown:
                self._claim(dot, claim, claim.id in thesis_set)
                if len(dot.body) >= _PIECE:
                    yield dot.take()
        for claim in model.claims.values():
            if len(dot.body) >= _PIECE:
                yield dot.take()
            for step in (*claim.reasons, *claim.attacks()):
                if step.id in self.shown:
                    self._step(dot, step)
            for ref in claim.restates:
                if claim.id in self.shown and ref.id in self.shown and ref.id in model.claims and ref.id != claim.id:
                    self.used.add("restates")
                    dot.edge(claim.id, ref.id, id=f"edge-{claim.id}:restates:{ref.id}", style="dashed", color=style.MUTED,
                             arrowhead="none", constraint="false")
        boxes, links = dot.nodes, dot.edges
        extra = links - boxes  # links beyond a tree's worth
        if boxes > MAX_BOXES or extra > MAX_EXTRA_LINKS:
            raise MapTooLarge(boxes, links)
        self._place(dot, rows)
        if extra > ROUGH_FROM:
            # dot's crossing minimisation grows fast with the links a tree has not: a rougher,
            # far faster layout (a dense map of 500 claims: a minute becomes six seconds); set
            # at the end, as the head is long written, and read by Graphviz only when it lays out
            dot.attr(nslimit="2", nslimit1="2", mclimit="0.1")
        if self.used:
            self._legend(dot)
        yield dot.take(end=True)

    def _heading(self) -> str:
        """The title, and under it the caption (by default, where the claims come from)."""
        rows = [f'<FONT POINT-SIZE="18">{_html(_clean(self._title()))}</FONT>']
        caption = self.options.caption if self.options.caption is not None else _source_caption(self.context)
        if caption:
            rows.append(f'<FONT POINT-SIZE="10" COLOR="{style.MUTED}">{_html(_clean(caption))}</FONT>')
        return "<" + "<BR/>".join(rows) + ">"

    def _title(self) -> str:
        model = self.context.model
        title = model.title or model.path.stem
        focus, depth = self.options.focus, self.options.depth
        if focus and self.options.upstream:
            title += f" \u2014 the case for and against '{focus}'"
        elif focus:
            title += f" \u2014 around '{focus}'" + (f", depth {depth}" if depth is not None else "")
        return title

    def _place(self, dot: Digraph, rows: list[list[str]]) -> None:
        """Theses on top, each row of them level; a whole map of several theses is laid out in
        rows, one below the other, so that it keeps a page's proportions rather than a strip's."""
        for number, row in enumerate(rows):
            if not row:
                continue
            if len(rows) == 1:
                with dot.subgraph(name="_theses") as level:
                    level.attr(rank="max")
                    for thesis in row:
                        level.node(thesis)
            if number:  # this row's theses below the lowest claims of the row above
                spacer = f"_below{number}"
                dot.node(spacer, label="", shape="point", width="0", style="invis")
                for thesis in row:
                    dot.edge(thesis, spacer, style="invis", weight="0")
                for leaf in _leaves(self.graph, rows[number - 1], self.shown):
                    dot.edge(spacer, leaf, style="invis", weight="0")

    # -- claims ---------------------------------------------------------

    def _claim(self, dot: Digraph, claim: Claim, thesis: bool) -> None:
        kind = self.context.status(claim.id) if self.audit else None
        status = str(kind or "accepted")
        findings = self.by_claim.get(claim.id, [])
        codes = {f.code for f in findings}
        styles = ["rounded", "filled"]
        attrs = {"fillcolor": style.FILL[status]} if status != "accepted" else {}
        heads: list[str] = []
        if claim.id == self.options.focus and not self.options.upstream:
            heads.append("FOCUS")
            attrs.update(penwidth="3", color=style.INK)
            self.used.add("focus")
        if thesis:
            heads.append("THESIS")
            attrs.update(penwidth="2.6", color=style.THESIS)
            self.used.add("thesis")
        if claim.assumption:
            styles.append("dashed")
            self.used.add("assumption")
        if status != "accepted" or (thesis and self.audit):
            self.used.add(status)
        words = [RULES[code].mark for code in sorted(codes - _DRAWN_BY_STATUS)]
        if words:
            attrs.update(color=style.ATTACK, penwidth="2.2")
            self.used.add("finding")
        if ORPHAN in codes:
            styles.append("dotted")
            self.used.add("orphan")
        cut = self._cut(claim.id)
        if cut:
            words.append(f"{cut} more not shown")
            self.used.add("cut")
        if claim.quotes:
            self.used.add("quote")
        if len(styles) > 2:
            attrs["style"] = ",".join(styles)
        badge = style.BADGE[status] if self.audit and (thesis or status != "accepted") else None
        dot.node(
            claim.id,
            label=self._claim_label(claim, heads, badge if thesis else None, [badge] if badge and not thesis else [], words),
            html_label=True,
            id=f"claim-{claim.id}",
            tooltip=_tooltip(self._tooltip(claim, kind)),
            **attrs,
        )

    def _claim_label(self, claim: Claim, heads: list[str], head_badge: str | None, badges: list[str],
                     words: list[str]) -> str:
        """THESIS and its status on top; the text; at the foot the id, the status and, in
        vermillion, what the audit found in words."""
        rows = []
        if heads:
            top = _DOT.join([*heads, *([head_badge] if head_badge else [])])
            rows.append(_row(f'<FONT POINT-SIZE="8" COLOR="{style.THESIS}"><B>{_html(top)}</B></FONT>'))
        lines = _wrap(_clean(claim.text)) or [""]
        rows.append(_row("<BR ALIGN=\"LEFT\"/>".join(_html(line) for line in lines) + "<BR ALIGN=\"LEFT\"/>"))
        foot = [] if self.options.hide_ids else [claim.id]
        parts = [f'<FONT COLOR="{style.MUTED}">{_html(_DOT.join([*foot, *badges]))}</FONT>'] if foot or badges else []
        if words:
            parts.append(f'<FONT COLOR="{style.ATTACK}">{_html(_DOT.join(words))}</FONT>')
        if claim.quotes:
            parts.insert(0, f'<FONT POINT-SIZE="11" COLOR="{style.THESIS}">{style.QUOTE_MARK}</FONT>')
        if parts:
            rows.append(_row(f'<FONT POINT-SIZE="8">{" ".join(parts)}</FONT>', align="RIGHT"))
        return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>>'

    def _cut(self, claim: str) -> int:
        """How many claims next to this one a focused map leaves out: its branches that were cut
        (a premise or objector of its reasons and objections, or a claim it argues for or against)."""
        if not self.options.focus:
            return 0
        graph, shown = self.graph, self.shown
        hidden = {premise for step in graph.predecessors(claim) for premise in graph.predecessors(step)
                  if premise not in shown and graph.index[premise] < graph.claims}
        hidden.update(target for step in graph.successors(claim) for target in graph.successors(step)
                      if target not in shown)
        return len(hidden)

    def _tooltip(self, claim: Claim, kind: Status | None) -> str:
        """The claim's text, quotes and note, and with the audit its status and findings (the
        status alone, not why: a map of 5,000 claims would work out 5,000 whys to show none)."""
        parts = [claim.text]
        parts.extend(f"\u201c{quote.value}\u201d" for quote in claim.quotes)
        if claim.note:
            parts.append(f"Note: {claim.note}")
        if kind is not None:
            parts.append(f"Status: {kind.shown}")
            parts.extend(f"{f.code} {f.rule}: {f.message}" for f in self.by_claim.get(claim.id, []))
        return "\n".join(_clean(part) for part in parts)

    # -- reasons and objections -----------------------------------------

    def _step(self, dot: Digraph, step: Inference) -> None:
        """A reason or an attack: plain arrows from each premise, or a junction they meet at:
        a dot, or a small box that names the inference (a label never floats over the map)."""
        target = step.target
        if target not in self.shown:  # a focus can reach a step but stop short of what it is for
            return
        is_reason = isinstance(step, Reason)
        premises = list(dict.fromkeys(r.id for r in step.premises if r.id in self.shown and r.id in self.graph.index))
        if not step.linked:
            for premise in premises:
                self._edge(dot, premise, target, step.id, (premise, step.id), is_reason, arrow=True)
            return
        if not premises:  # a focus cut them (and any objection to it, as far away): its claim counts them
            return
        self.used.add("linked" if is_reason else "linked-objection")
        colour = style.SUPPORT if is_reason else style.ATTACK
        tooltip = _tooltip(_clean(describe_node(step.id) + (f": {step.label}" if step.label else "")))
        if step.label:
            dot.node(step.id, label=escape(_clean(step.label)), shape="box", style="rounded,filled",
                     fillcolor=style.JUNCTION_FILL["support" if is_reason else "attack"], color=colour,
                     fontsize="9", height="0.2", margin="0.06,0.02", penwidth="1", id=f"step-{step.id}", tooltip=tooltip)
        else:
            dot.node(step.id, label="", shape="circle", width="0.14", height="0.14", fixedsize="true",
                     style="filled", fillcolor=colour, color=colour, id=f"step-{step.id}", tooltip=tooltip)
        for premise in premises:
            self._edge(dot, premise, step.id, f"{step.id}:{premise}", (premise, step.id), is_reason, arrow=False)
        self._edge(dot, step.id, target, f"{step.id}->", (step.id, target), is_reason, arrow=True)

    def _edge(self, dot: Digraph, tail: str, head: str, edge_id: str, via: tuple[str, str],
              support: bool, arrow: bool) -> None:
        """One drawn edge; *via* is the graph edge it stands for (premise -> step)."""
        attrs: dict[str, str] = {}
        if support:
            self.used.add("support")
            if via in self.circle_edges:
                attrs.update(color=style.CIRCLE, penwidth="2.6", style="bold")
                self.used.add("circle")
        else:
            attrs.update(color=style.ATTACK, penwidth="1.6", arrowhead="tee")
            if arrow and head not in self.context.model.claims:  # at a reason or an objection
                attrs["style"] = "dashed"
                self.used.add("undercut")
            elif arrow or head in self.context.model.claims:
                self.used.add("objection")
        if not arrow:
            attrs["arrowhead"] = "none"
        if self.row_of and self.row_of.get(tail) != self.row_of.get(head):
            attrs["constraint"] = "false"  # a link between rows does not pull them together
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

    def _legend(self, dot: Digraph) -> None:
        """A box of the marks this map uses, its title on top (a cluster's own label would sit
        at the bottom of a bottom-to-top map)."""
        rows = _row("<B>Legend</B>")
        rows += "".join(_row(f"<B>{_html(name)}</B>: {_html(meaning)}")
                        for name, meaning in self.legend.items() if name in self.used)
        table = f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{rows}</TABLE>>'
        with dot.subgraph(name="cluster__legend") as legend:
            legend.attr(label="", color=style.MUTED, style="rounded", id="_legend")
            legend.node("_legend_table", label=table, html_label=True, shape="plaintext", fontsize="9", id="_legend_table")


def _source_caption(context: Analysis) -> str:
    """"Source: title, date, address", from what the file says of its source."""
    source = context.model.source
    if source is None:
        return ""
    parts = [part for part in (source.title, source.date, source.url) if part]
    return "Source: " + ", ".join(parts) if parts else ""


def _groups(context: Analysis, tops: list[str], shown: set[str]) -> dict[str, set[str]]:
    """Each thesis with what argues for or against it; a part shared by two theses goes with the first."""
    taken: set[str] = set()
    groups: dict[str, set[str]] = {}
    for thesis in tops:
        groups[thesis] = (neighbourhood(context, thesis, None, upstream=True) & shown) - taken
        taken |= groups[thesis]
    return groups


def _rows(graph: Structure, groups: dict[str, set[str]]) -> list[list[str]]:
    """The theses in rows, each with its group below it, so that the whole map comes nearest
    to a landscape page (about 1.4 times as wide as tall) rather than a strip."""
    sizes = []
    for thesis, part in groups.items():
        leaves = sum(1 for node in part if graph.index[node] < graph.claims
                     and not any(p in part for p in graph.predecessors(node)))
        sizes.append((thesis, (max(1, leaves), _levels(graph, thesis, part))))
    best: list[list[str]] = [list(groups)]
    best_error = float("inf")
    for count in range(1, len(sizes) + 1):
        rows = _split(sizes, count)
        width = max(sum(size[0] for _, size in row) for row in rows) * _BOX_WIDTH
        height = sum(max(size[1] for _, size in row) for row in rows) * _LEVEL_HEIGHT
        error = abs(math.log(width / height / _PAGE))
        if error < best_error:
            best, best_error = [[thesis for thesis, _ in row] for row in rows], error
    return best


_BOX_WIDTH, _LEVEL_HEIGHT = 1.8, 2.0  # inches a claim takes across a row (leaves sit close), and a level
_PAGE = 2**0.5  # A4 landscape: width / height


def _split(items: list[tuple[str, tuple[int, int]]], count: int) -> list[list[tuple[str, tuple[int, int]]]]:
    """*items* in *count* rows of about equal width: the widest first, each into the narrowest
    row so far; then each row in file order, and the rows in the order of their first item."""
    order = {thesis: index for index, (thesis, _) in enumerate(items)}
    rows: list[list[tuple[str, tuple[int, int]]]] = [[] for _ in range(count)]
    widths = [0] * count
    for item in sorted(items, key=lambda item: (-item[1][0], order[item[0]])):
        narrowest = widths.index(min(widths))
        rows[narrowest].append(item)
        widths[narrowest] += item[1][0]
    rows = [sorted(row, key=lambda item: order[item[0]]) for row in rows if row]
    return sorted(rows, key=lambda row: order[row[0][0]])


def _levels(graph: Structure, top: str, part: set[str]) -> int:
    """Claims on the longest path down from *top* within *part* (a circle counts once)."""
    depth = {top: 1}
    queue = deque([top])
    while queue:
        node = queue.popleft()
        for other in graph.predecessors(node):
            if other in part and other not in depth:
                depth[other] = depth[node] + (other in graph.index and graph.index[other] < graph.claims)
                queue.append(other)
    return max(depth.values())


def _leaves(graph: Structure, tops: list[str], shown: set[str]) -> list[str]:
    """The lowest claims under *tops*: those nothing shown argues for or against."""
    seen, pending, found = set(tops), list(tops), []
    while pending:
        node = pending.pop()
        below = [other for other in graph.predecessors(node) if other in shown]
        if not below and graph.index[node] < graph.claims:
            found.append(node)
        for other in below:
            if other not in seen:
                seen.add(other)
                pending.append(other)
    return sorted(found, key=graph.index.__getitem__)


def _row(content: str, align: str = "LEFT") -> str:
    return f'<TR><TD ALIGN="{align}" BALIGN="LEFT">{content}</TD></TR>'


#: characters of one text drawn on a map (Graphviz refuses labels much past 16 KB)
MAX_TEXT = 2_000


def _clean(text: str) -> str:
    """User text fit for a map: line breaks and tabs as spaces, other control
    characters shown as escapes (SVG is XML, which refuses them, and Graphviz
    stops at a NUL), and cut short where it would not fit."""
    if not text.isprintable():  # printable text (most) has nothing to change but its length
        text = printable(" ".join(text.split("\n")).translate(_SPACES))
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "\u2026"


_SPACES = str.maketrans("\t\r\v\f", "    ")


def _tooltip(text: str) -> str:
    """Graphviz unescapes a tooltip twice, so its backslashes are escaped twice."""
    return escape(escape(text))


def _html(text: str) -> str:
    """Text for an HTML-like label: entities escaped, and backslashes too, since
    Graphviz expands `\\N` and `\\G` even there."""
    return escape(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace('"', "&quot;").replace("'", "&#x27;"))


def _wrap(text: str) -> list[str]:
    """`textwrap.wrap(text, WRAP, break_long_words=True)`, done directly for the common text:
    words of at most WRAP characters between single spaces, no hyphen to break at, and no
    other space (textwrap drops a word of Unicode spaces at the end of a line)."""
    words = text.split(" ")
    if "-" in text or "" in words or not text.isprintable() or max(map(len, words)) > style.WRAP:
        import textwrap

        return textwrap.wrap(text, style.WRAP, break_long_words=True)
    lines, line = [], words[0]
    for word in words[1:]:
        if len(line) + len(word) < style.WRAP:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines
