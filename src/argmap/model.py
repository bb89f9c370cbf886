"""The claim file as typed data.

Every element keeps the span it was read from, so that any finding about it can
point the user at the exact line and column: a linter is only as useful as its
positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple


class Span(NamedTuple):
    """A 1-based source range; the end is exclusive, as editors and SARIF expect.

    A tuple rather than a dataclass: a large file makes millions of them.
    """

    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None


START = Span(1, 1)


@dataclass(frozen=True, slots=True)
class Ref:
    """A mention of a claim id (in reasons, objections or theses) where it was written."""

    id: str
    span: Span


@dataclass(frozen=True, slots=True)
class Text:
    """A string value with its position (quotes, ignore codes)."""

    value: str
    span: Span


@dataclass(slots=True)
class Reason:
    """One inference to a claim: premises that support it together.

    ``objections`` are undercutters: they attack the inference, not a premise.
    """

    claim: str
    index: int
    premises: list[Ref]
    span: Span
    label: str | None = None
    objections: list[Ref] = field(default_factory=list)

    @property
    def id(self) -> str:
        """Graph node id; ``#`` cannot occur in claim ids, so it never collides."""
        return f"{self.claim}#{self.index + 1}"

    @property
    def linked(self) -> bool:
        """Drawn as a junction node rather than a plain arrow."""
        return len(self.premises) > 1 or bool(self.objections) or self.label is not None


@dataclass(slots=True)
class Claim:
    id: str
    span: Span
    text: str
    reasons: list[Reason] = field(default_factory=list)
    objections: list[Ref] = field(default_factory=list)
    quotes: list[Text] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    assumption: bool = False
    note: str | None = None
    tags: list[str] = field(default_factory=list)
    ignore: list[Text] = field(default_factory=list)

    @property
    def grounded(self) -> bool:
        """Accepted without reasons: quoted, evidenced, or assumed on purpose."""
        return bool(self.quotes or self.evidence or self.assumption)


@dataclass(slots=True)
class Source:
    title: str | None = None
    date: str | None = None
    url: str | None = None
    path: Text | None = None


@dataclass(slots=True)
class ArgumentFile:
    """One claim file. ``claims`` keeps file order, which findings and maps rely on."""

    path: Path
    claims: dict[str, Claim] = field(default_factory=dict)
    title: str | None = None
    source: Source | None = None
    theses: list[Ref] | None = None
    ignore: list[Text] = field(default_factory=list)
    #: ids defined in the file whose claim could not be read (AM002): references
    #: to them are not "unknown", but nothing rests on them either
    unreadable: set[str] = field(default_factory=set)

    def thesis_ids(self) -> list[str]:
        """Declared theses that exist, else claims that support or object to nothing."""
        if self.theses is not None:
            return list(dict.fromkeys(ref.id for ref in self.theses if ref.id in self.claims))
        used: set[str] = set()
        for claim in self.claims.values():
            used.update(ref.id for ref in claim.objections)
            for reason in claim.reasons:
                used.update(ref.id for ref in reason.premises)
                used.update(ref.id for ref in reason.objections)
        return [cid for cid in self.claims if cid not in used]

    def reasons(self) -> list[Reason]:
        return [reason for claim in self.claims.values() for reason in claim.reasons]
