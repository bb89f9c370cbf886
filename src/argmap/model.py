"""The claim file as typed data.

Every element keeps the span it was read from, so that any finding about it can
point the user at the exact line and column: a linter is only as useful as its
positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NamedTuple


class Span(NamedTuple):
    """A 1-based source range; the end is exclusive, as editors and SARIF expect.

    A tuple rather than a dataclass: a large file makes millions of them.
    """

    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None


START = Span(1, 1)


def describe_node(node: str) -> str:
    """How a message names a graph node: `'a'`, `reason 2 for 'a'`, `objection 1 to reason 2 for 'a'`."""
    if "#" not in node and "!" not in node:  # a claim (most messages name one)
        return f"'{node}'"
    claim, *steps = re.split(r"([#!])", node)
    name = f"'{claim}'"
    for separator, number in zip(steps[0::2], steps[1::2], strict=True):
        name = f"reason {number} for {name}" if separator == "#" else f"objection {number} to {name}"
    return name


class Ref(NamedTuple):
    """A mention of a claim id (in reasons, objections or theses) where it was written."""

    id: str
    span: Span


class Text(NamedTuple):
    """A string value with its position (quotes, ignore codes)."""

    value: str
    span: Span


@dataclass(slots=True)
class Inference:
    """A step that stands or falls with its premises: a reason for a claim, or an
    attack on a claim, a reason or another attack.

    ``objections`` attack the step itself: undercutters of a reason ("that does
    not follow"), or answers to an attack ("that does not count against it").
    """

    SEPARATOR: ClassVar[str] = ""
    target: str  #: node id of the claim, reason or attack this step is for or against
    index: int
    premises: list[Ref]
    span: Span
    label: str | None = None
    objections: list[Attack] = field(default_factory=list)
    #: graph node id, `a#1` or `a!2`; `#` and `!` cannot occur in claim ids, so it never collides
    id: str = field(init=False)

    def __post_init__(self) -> None:
        self.id = f"{self.target}{self.SEPARATOR}{self.index + 1}"

    @property
    def linked(self) -> bool:
        """Drawn as a junction node rather than a plain arrow."""
        return len(self.premises) > 1 or bool(self.objections) or self.label is not None


@dataclass(slots=True)
class Reason(Inference):
    """Premises that support a claim together."""

    SEPARATOR: ClassVar[str] = "#"


@dataclass(slots=True)
class Attack(Inference):
    """Premises that attack a claim (a rebuttal), a reason (an undercut) or an attack, together."""

    SEPARATOR: ClassVar[str] = "!"


@dataclass(slots=True)
class Claim:
    id: str
    span: Span
    text: str
    reasons: list[Reason] = field(default_factory=list)
    objections: list[Attack] = field(default_factory=list)
    restates: list[Ref] = field(default_factory=list)
    quotes: list[Text] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    assumption: bool = False
    note: str | None = None
    tags: list[str] = field(default_factory=list)
    ignore: list[Text] = field(default_factory=list)
    #: the reader could not take in a part that bears on acceptance (AM002 says
    #: which): the audit judges nothing that rests on it
    incomplete: bool = False

    def attacks(self) -> Iterator[Attack]:
        """Every attack written under this claim: on it, on its reasons, and on those attacks, at any depth."""
        pending = [*self.objections, *(a for r in self.reasons for a in r.objections)][::-1]
        while pending:
            attack = pending.pop()
            yield attack
            pending.extend(reversed(attack.objections))


@dataclass(slots=True)
class Source:
    title: str | None = None
    date: str | None = None
    url: str | None = None
    path: Text | None = None
    #: the source's text itself, when the file holds it (a short text, or a converted
    #: xAIF map, which carries the text it analyses)
    text: str | None = None


@dataclass(slots=True)
class ArgumentFile:
    """One claim file. ``claims`` keeps file order, which findings and maps rely on."""

    path: Path
    claims: dict[str, Claim] = field(default_factory=dict)
    title: str | None = None
    source: Source | None = None
    theses: list[Ref] | None = None
    ignore: list[Text] = field(default_factory=list)
    #: what a format holds that the model does not, by format (``"aif"``: the dialogue
    #: layer and node ids), carried as plain data so that a writer of that format gives it back
    kept: dict[str, Any] = field(default_factory=dict)

    def thesis_ids(self) -> list[str]:
        """Declared theses that exist, else claims that support or object to nothing."""
        if self.theses is not None:
            return list(dict.fromkeys(ref.id for ref in self.theses if ref.id in self.claims))
        used: set[str] = set()
        for claim in self.claims.values():
            for step in (*claim.reasons, *claim.attacks()):
                used.update(ref.id for ref in step.premises)
        return [cid for cid in self.claims if cid not in used]

    def reasons(self) -> list[Reason]:
        return [reason for claim in self.claims.values() for reason in claim.reasons]
