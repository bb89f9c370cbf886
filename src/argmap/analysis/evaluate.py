"""Acceptance labels for claims, reasons and attacks (SPEC section 3).

The least fixed point from all-UNDEC is computed with a worklist: a node is
decided once and never revisited, and each decision touches only the edges
out of it, so the whole run is linear in the graph. When every claim is
grounded this is Dung's grounded labelling of the attack graph (attacks on
attacks included, through the usual translation to Dung's frameworks).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping

from argmap.graph import Structure


class Label(enum.StrEnum):
    IN = "IN"
    OUT = "OUT"
    UNDEC = "UNDEC"


def evaluate(structure: Structure) -> Labels:
    """IN, OUT or UNDEC for every node (claims, reasons and attacks), by id.

    A claim the reader could not take in whole (``incomplete``) is never
    decided, and neither is a step with an undefined premise: the audit does
    not judge what the file does not say.

    Per node the loop keeps what it still awaits: supports (premises of a step,
    reasons of a claim) and attacks not yet decided, and supports accepted. An
    accepted attack decides OUT at once, and so does a rejected premise of a
    step; otherwise a node is decided when what it awaits no longer matters.
    """
    s = structure
    size, claims = len(s.ids), s.claims
    unjudged = bytearray(size)
    for node in (*s.incomplete, *s.dangling):
        unjudged[s.index[node]] = 1
    grounded = [bool(s.ground[cid]) for cid in s.ids[:claims]]
    supports = [len(inputs) for inputs in s.support_in]  # awaited
    attacks = [0] * size  # awaited
    for target, attackers in s.attack_in.items():
        attacks[target] = len(attackers)
    accepted = [0] * size
    label: list[Label | None] = [None] * size
    queue: list[int] = []
    for i in range(size):
        if unjudged[i]:
            continue
        if i < claims:
            if grounded[i]:
                if not attacks[i]:
                    label[i] = Label.IN
                    queue.append(i)
            elif not supports[i]:
                label[i] = Label.OUT  # not grounded and no reason: unsupported, whatever attacks it
                queue.append(i)
        elif not supports[i] and not attacks[i]:
            label[i] = Label.IN  # cannot happen for a step with premises; kept for completeness
            queue.append(i)
    support_out, attack_out = s.support_out, s.attack_out
    IN, OUT = Label.IN, Label.OUT  # noqa: N806 - locals, read in the hot loop
    while queue:
        i = queue.pop()
        accepting = label[i] is IN
        for t in attack_out.get(i, ()):
            if label[t] is not None or unjudged[t]:
                continue
            if accepting:
                label[t] = OUT
                queue.append(t)
                continue
            attacks[t] -= 1
            if attacks[t] or (supports[t] and t >= claims):
                continue
            if t < claims:
                if grounded[t] or accepted[t]:
                    label[t] = IN
                    queue.append(t)
            else:
                label[t] = IN
                queue.append(t)
        for t in support_out[i]:
            if label[t] is not None or unjudged[t]:
                continue
            supports[t] -= 1
            if t >= claims:  # a step: every premise must be accepted
                if not accepting:
                    label[t] = OUT
                    queue.append(t)
                elif not supports[t] and not attacks[t]:
                    label[t] = IN
                    queue.append(t)
            elif accepting:
                accepted[t] += 1
                if not attacks[t]:
                    label[t] = IN
                    queue.append(t)
            elif not supports[t] and not accepted[t] and not grounded[t]:
                label[t] = OUT  # every reason failed
                queue.append(t)
    return Labels(s.index, label)


class Labels(Mapping[str, Label]):
    """Node id -> label, read through the structure's numbering: a dict of 200,000
    ids would cost more to build than the evaluation itself."""

    __slots__ = ("_index", "_labels")

    def __init__(self, index: dict[str, int], labels: list[Label | None]) -> None:
        self._index, self._labels = index, labels

    def __getitem__(self, node: str) -> Label:
        return self._labels[self._index[node]] or Label.UNDEC

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)
