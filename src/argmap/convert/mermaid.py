"""The model as a Mermaid flowchart, the diagrams GitHub draws inside Markdown.

Drawn as ``argmap render`` draws a map, bottom to top: claims are boxes with
their text, their id and their status in words, filled by status (classes
``accepted``, ``unsupported``, ``defeated``, ``undecided``), thick and blue for a
thesis, dashed for an assumption. A reason with one premise is an arrow
``-->``; an objection with one premise a line ending in a cross ``--x``; a
linked step (several premises, a label, or objections of its own) is a small
dot its premises meet at, so that an undercut or an answer to an objection has
something to point at. Restatements are dotted lines ``-.-``.

Safe for any claim file: node ids are made up of letters, digits and ``_``
after a ``c_`` or ``s_`` (no Mermaid keyword such as ``end`` can be one), and
every label is quoted with Mermaid's entity codes (``#quot;``) for anything
its parser, its HTML labels, Markdown or a directive (``%%{``) could read.

GitHub's Mermaid refuses diagrams past two limits that no diagram can raise:
50,000 characters of text and 500 links. Claim texts are shortened to fit the
first (a loss line says how many); a map past the second, or too large even
with shortened texts, is refused with `TooLarge`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from argmap.analysis.context import Analysis
from argmap.convert import Losses, TooLarge, losses, one_line, unlinked
from argmap.model import ArgumentFile, Claim, Inference, Reason
from argmap.render import style

#: Mermaid's ``maxTextSize`` and ``maxEdges``: "secure" settings, which only the
#: page that draws the diagram sets (GitHub keeps the defaults); text is counted
#: in UTF-16 code units, as JavaScript counts a string's length
MAX_TEXT_SIZE = 50_000
MAX_EDGES = 500
#: what Mermaid cannot show, and so is left out: it draws boxes and lines, with no
#: place for a claim's quotes, notes and other fields (GitHub draws no tooltips)
CANNOT = ("source", "file-ignore", "quotes", "evidence", "notes", "tags", "ignore")
SHORTENED = f"claim texts (shortened to fit GitHub's Mermaid limit of {MAX_TEXT_SIZE:,} characters)"
#: the longest id a node gets from its claim's id (a claim id may be any length)
_ID_LENGTH = 40
ELLIPSIS = "\u2026"

#: Mermaid's entity codes (``#name;`` or ``#number;``, turned into HTML entities
#: when drawn) for what would end the label, become HTML, start a comment or a
#: directive (``%%{``), or be read as Markdown, which some Mermaid versions apply
#: to every label (emphasis, code, links, escapes, e-mail addresses)
_ESCAPES = str.maketrans({'"': "#quot;", "#": "#35;", "&": "#amp;", "<": "#lt;", ">": "#gt;", "%": "#37;",
                          "|": "#124;", "`": "#96;", "*": "#42;", "_": "#95;", "~": "#126;", "[": "#91;",
                          "]": "#93;", "\\": "#92;", "@": "#64;", "$": "#36;"})
#: Markdown that starts a link (``https://``, ``www.``) or, at the start, a list
#: item or a rule (``- ``, ``+ ``, ``1. ``, ``---``): the sign that makes it one
_MARKDOWN = re.compile(r"(?<=[A-Za-z]):(?=//)|(?<=\bwww)\.|^[-+]|^(?P<number>\d{1,9})[.)]", re.IGNORECASE)
#: `$$` opens KaTeX math, even when written as entity codes (a word joiner, which
#: nobody sees, keeps two dollars apart)
_MATH = re.compile(r"\$(?=\$)")

CLASSES = {
    "accepted": f"fill:{style.FILL['accepted']},stroke:{style.INK},color:{style.INK}",
    "unsupported": f"fill:{style.FILL['unsupported']},stroke:{style.INK},color:{style.INK}",
    "defeated": f"fill:{style.FILL['defeated']},stroke:{style.INK},color:{style.INK}",
    "undecided": f"fill:{style.FILL['undecided']},stroke:{style.INK},color:{style.INK}",
    "thesis": f"stroke:{style.THESIS},stroke-width:3px",
    "assumption": "stroke-dasharray:6 3",
    "reason": f"fill:{style.SUPPORT},stroke:{style.SUPPORT}",
    "objection": f"fill:{style.ATTACK},stroke:{style.ATTACK}",
}
_SUPPORT_LINK = f"stroke:{style.SUPPORT},stroke-width:1.5px"
_ATTACK_LINK = f"stroke:{style.ATTACK},stroke-width:1.5px"
_RESTATES_LINK = f"stroke:{style.MUTED},stroke-width:1.5px"


def write(model: ArgumentFile, out: TextIO) -> Losses:
    chart = _Chart(model, Analysis(model))
    if len(chart.links) > MAX_EDGES:
        raise TooLarge(f"{len(chart.links):,} links, and GitHub's Mermaid draws at most {MAX_EDGES} "
                       "in one diagram: write GraphML (-t graphml), or draw it with argmap render")
    text = chart.text(budget=None)
    if _size(text) > MAX_TEXT_SIZE:
        text = _shortened(chart)
    out.write(text)
    lost = losses(model, CANNOT) + unlinked(model)
    lost[SHORTENED] = chart.shortened
    return +lost


def _size(text: str) -> int:
    """The length of *text* as JavaScript counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _shortened(chart: _Chart) -> str:
    """The chart with every claim's text cut to an equal share of what the limit leaves.

    The chart with no text at all (an ellipsis each) measures what the rest
    takes; each claim may then add its share of what is left."""
    claims = max(len(chart.model.claims), 1)
    bare = _size(chart.text(budget=0))
    if bare > MAX_TEXT_SIZE:
        raise TooLarge(f"{bare:,} characters with no claim text at all, and GitHub's Mermaid draws at most "
                       f"{MAX_TEXT_SIZE:,}: write GraphML (-t graphml), or draw it with argmap render")
    text = chart.text(budget=(MAX_TEXT_SIZE - bare) // claims)
    assert _size(text) <= MAX_TEXT_SIZE
    return text


def node_ids(nodes: Iterable[str]) -> dict[str, str]:
    """A Mermaid id for each argmap node id, all different: ``c_`` and the claim id
    for a claim, ``s_`` and the step's path for a step (``a#1!2``: ``s_a_r1_o2``),
    with anything but ASCII letters and digits as ``_`` and a number added where
    two would be the same."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for node in nodes:
        step = "#" in node or "!" in node
        name = node.replace("#", "_r").replace("!", "_o") if step else node
        base = ("s_" if step else "c_") + re.sub("[^A-Za-z0-9]+", "_", name)[:_ID_LENGTH]
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}_{number}"
        taken.add(candidate)
        ids[node] = candidate
    return ids


def label(text: str) -> str:
    """*text* inside a quoted Mermaid label, shown as written: entity codes for the
    characters that matter to Mermaid, HTML or Markdown."""
    text = _MATH.sub("$\u2060", text).translate(_ESCAPES)
    return _MARKDOWN.sub(_entity, text)


def _entity(match: re.Match[str]) -> str:
    """The sign that makes *match* Markdown, as a numeric entity code."""
    number = match["number"] or ""
    return f"{number}#{ord(match[0][len(number)])};"


@dataclass(frozen=True, slots=True)
class _Link:
    line: str
    look: str  # the linkStyle it gets


class _Chart:
    """The flowchart's parts, built once; `text` writes them with claim texts cut to a budget."""

    def __init__(self, model: ArgumentFile, analysis: Analysis) -> None:
        self.model, self.analysis = model, analysis
        self.ids = node_ids(analysis.structure.ids)
        self.theses = set(analysis.theses)
        self.links: list[_Link] = []
        self.junctions: list[str] = []
        self.shortened = 0  # claim texts the last `text` cut
        claims = model.claims
        for claim in claims.values():
            for step in (*claim.reasons, *claim.attacks()):
                self._step(step)
        for claim in claims.values():
            for ref in claim.restates:
                if ref.id in claims and ref.id != claim.id:
                    self.links.append(_Link(f"{self.ids[claim.id]} -.- {self.ids[ref.id]}", _RESTATES_LINK))

    def _step(self, step: Inference) -> None:
        """Arrows from each premise, or lines into the step's dot and one arrow out of it."""
        arrow, look = ("-->", _SUPPORT_LINK) if isinstance(step, Reason) else ("--x", _ATTACK_LINK)
        target = self.ids[step.target]
        premises = [self.ids[pid] for pid in dict.fromkeys(ref.id for ref in step.premises) if pid in self.model.claims]
        if not step.linked:
            self.links.extend(_Link(f"{premise} {arrow} {target}", look) for premise in premises)
            return
        dot = self.ids[step.id]
        self.junctions.append(f'{dot}((" ")):::{"reason" if isinstance(step, Reason) else "objection"}')
        self.links.extend(_Link(f"{premise} --- {dot}", look) for premise in premises)
        named = f'|"<div>{label(one_line(step.label))}</div>"|' if step.label else ""
        self.links.append(_Link(f"{dot} {arrow}{named} {target}", look))

    def text(self, budget: int | None) -> str:
        """The whole diagram; with a *budget*, each claim's text takes at most that many UTF-16 units."""
        self.shortened = 0
        lines = [*self._front(), "flowchart BT"]
        lines += (f"  {self.ids[claim.id]}[\"{self._box(claim, budget)}\"]" for claim in self.model.claims.values())
        lines += (f"  {junction}" for junction in self.junctions)
        lines += (f"  {link.line}" for link in self.links)
        lines += (f"  classDef {name} {css}" for name, css in CLASSES.items())
        lines += (f"  class {','.join(members)} {name}" for name, members in self._classes().items() if members)
        looks: dict[str, list[str]] = {}
        for number, link in enumerate(self.links):
            looks.setdefault(link.look, []).append(str(number))
        lines += (f"  linkStyle {','.join(numbers)} {look}" for look, numbers in looks.items())
        return "\n".join(lines) + "\n"

    def _front(self) -> list[str]:
        """The title, in the front matter Mermaid reads it from (a JSON string is a YAML one)."""
        if self.model.title is None:
            return []
        title = json.dumps(one_line(self.model.title), ensure_ascii=False).replace("%", "\\u0025")
        return ["---", f"title: {title}", "---"]

    def _box(self, claim: Claim, budget: int | None) -> str:
        """The text (Mermaid wraps it), then a line with the id, THESIS and the status badge."""
        text = label(one_line(claim.text))
        if budget is not None and _size(text) > budget:
            text = _cut(one_line(claim.text), budget)
            self.shortened += 1
        foot = [claim.id, *(["THESIS"] if claim.id in self.theses else [])]
        status = str(self.analysis.status(claim.id))
        if claim.id in self.theses or status != "accepted":  # as the map: accepted shows on theses only
            foot.append(style.BADGE[status])
        return f"<div>{text}<br><small>{label(' · '.join(foot))}</small></div>"

    def _classes(self) -> dict[str, list[str]]:
        """Members of each class: every claim has its status, theses and assumptions a mark."""
        members: dict[str, list[str]] = {name: [] for name in CLASSES}
        theses = self.theses
        for cid, claim in self.model.claims.items():
            node = self.ids[cid]
            members[str(self.analysis.status(cid))].append(node)
            if cid in theses:
                members["thesis"].append(node)
            if claim.assumption:
                members["assumption"].append(node)
        return members


def _cut(text: str, budget: int) -> str:
    """The longest start of *text* whose label, with an ellipsis, takes at most
    *budget* UTF-16 units (found by halving: a label is no shorter for more text).

    The start is cut, then escaped as a whole, so that what the escaping reads
    around a character (``$$``, ``://``) is read in the cut text too."""
    room = budget - _size(ELLIPSIS)
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _size(label(text[:middle])) <= room:
            low = middle
        else:
            high = middle - 1
    return label(text[:low]) + ELLIPSIS
