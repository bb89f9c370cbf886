"""Where each id of a file is defined and mentioned, and which claim a place belongs to.

Built from the model the audit read, whatever the format: every reader gives
each claim the span of its id and each mention (a thesis, a premise, an
objection, a restatement) a `Ref` with its own span. Go to definition, find
references, rename, hover and the outline all look places up here, so the
server never parses the file again to answer them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import NamedTuple

from argmap.model import ArgumentFile, Claim, Span

DEFINITION = "definition"


class Mention(NamedTuple):
    """An id where it is written: its definition (the claim's key), or a reference to it."""

    span: Span
    id: str
    role: str  #: DEFINITION, "thesis", "premise", "objection" or "restates"
    owner: str | None  #: the claim it is written under (None for a thesis)


def _end(span: Span, id_: str) -> tuple[int, int]:
    if span.end_line is not None and span.end_column is not None:
        return span.end_line, span.end_column
    return span.line, span.column + len(id_)


def _contains(span: Span, end: tuple[int, int], line: int, column: int) -> bool:
    """Whether (line, column) is in *span*, its end included: a cursor right after an id is on it."""
    return (span.line, span.column) <= (line, column) <= end


class Index:
    """The mentions of every id of one model, sorted by place, and each claim's extent."""

    def __init__(self, model: ArgumentFile, last_line: int) -> None:
        mentions = [Mention(ref.span, ref.id, "thesis", None) for ref in model.theses or ()]
        for claim in model.claims.values():
            mentions.append(Mention(claim.span, claim.id, DEFINITION, claim.id))
            mentions.extend(_mentions(claim))
        mentions.sort(key=lambda m: (m.span.line, m.span.column))
        self.mentions = mentions
        self._lines = [m.span.line for m in mentions]
        self.by_id: dict[str, list[Mention]] = {}
        for mention in mentions:
            self.by_id.setdefault(mention.id, []).append(mention)
        self.extents = _extents(model, last_line)
        self._extent_lines = [start[0] for start, _, _ in self.extents]
        self._extent_of = {cid: (start, end) for start, end, cid in self.extents}

    def at(self, line: int, column: int) -> Mention | None:
        """The mention at 1-based (line, column), if the place is on an id."""
        found = None
        at = bisect_right(self._lines, line)
        for mention in reversed(self.mentions[max(0, at - 64): at]):  # a line holds few mentions
            if mention.span.line < line - 1 and mention.span.end_line in (None, mention.span.line):
                break
            if _contains(mention.span, _end(mention.span, mention.id), line, column):
                found = mention
                break
        return found

    def of(self, cid: str) -> list[Mention]:
        """Every mention of *cid*, in file order."""
        return self.by_id.get(cid, [])

    def claim_at(self, line: int, column: int) -> str | None:
        """The claim whose entry holds 1-based (line, column): from its id to the next claim."""
        at = bisect_right(self._extent_lines, line)
        for start, end, cid in reversed(self.extents[max(0, at - 64): at]):
            if start <= (line, column) <= end:
                return cid
            if end[0] < line:
                break
        return None

    def extent(self, cid: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
        return self._extent_of.get(cid)


def _mentions(claim: Claim) -> Iterator[Mention]:
    for reason in claim.reasons:
        for ref in reason.premises:
            yield Mention(ref.span, ref.id, "premise", claim.id)
    if claim.objections or any(reason.objections for reason in claim.reasons):
        for attack in claim.attacks():
            for ref in attack.premises:
                yield Mention(ref.span, ref.id, "objection", claim.id)
    for ref in claim.restates:
        yield Mention(ref.span, ref.id, "restates", claim.id)


def _extents(model: ArgumentFile, last_line: int) -> list[tuple[tuple[int, int], tuple[int, int], str]]:
    """(start, end, id) of each claim in place order: the span of everything read from it,
    stretched to the line before the next claim (the last one: to *last_line*), so that
    its text and notes belong to it too."""
    found = []
    for claim in model.claims.values():
        span = claim.span
        start, end = (span.line, span.column), _end(span, claim.id)
        steps = [*claim.reasons, *claim.attacks()] if claim.objections or claim.reasons else []
        others = [step.span for step in steps]
        others += [ref.span for step in steps for ref in step.premises]
        others += [ref.span for ref in claim.restates]
        others += [text.span for text in (*claim.quotes, *claim.ignore)]
        for other in others:
            start = min(start, (other.line, other.column))
            end = max(end, _end(other, ""))
        found.append((start, end, claim.id))
    found.sort()
    stretched = []
    for number, (start, end, cid) in enumerate(found):
        following = found[number + 1][0][0] if number + 1 < len(found) else last_line + 1
        last = max(end, (following - 1, 2**31)) if following > end[0] + 1 else end
        stretched.append((start, last, cid))
    return stretched
