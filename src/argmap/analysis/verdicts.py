"""Why a node has its label, in words, with the claims responsible.

An OUT is one of two things a reader must not confuse: *defeated* (an accepted
objection stands against it) or *unsupported* (no accepted reason, nothing
grounds it). For an unsupported conclusion the why follows the failing reasons
down to where they fail, which is what a user can fix or check.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from argmap.analysis.evaluate import Label
from argmap.findings import pickled_as_fields
from argmap.graph import ATTACK, CLAIM, PREMISE, SUPPORT, Structure
from argmap.model import describe_node

#: causes named in one why; the rest are counted
SHOWN = 5


class Status(enum.StrEnum):
    ACCEPTED = "accepted"
    UNSUPPORTED = "unsupported"
    DEFEATED = "defeated"
    UNDECIDED = "undecided"

    @property
    def shown(self) -> str:
        """`IN`, `OUT (defeated)`, `OUT (unsupported)` or `UNDEC`: how every output names the label."""
        return _SHOWN[self]


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Verdict:
    node: str
    label: Label
    status: Status
    why: str
    #: the claims the verdict turns on: accepted objections, failing premises, what a reason rests on
    responsible: tuple[str, ...]

    @property
    def shown(self) -> str:
        """`IN`, `OUT (defeated)`, `OUT (unsupported)` or `UNDEC`: how every output names it."""
        return self.status.shown

    def as_dict(self) -> dict[str, object]:
        return {"id": self.node, "label": str(self.label), "status": str(self.status),
                "why": self.why, "responsible": list(self.responsible)}


_GROUNDS = {
    "evidence": "grounded by its evidence",
    "assumption": "taken as given (assumption: true)",
    "quote": "taken on the source's word (quoted, with no reasons)",
}


_SHOWN = {Status.ACCEPTED: str(Label.IN), Status.UNDECIDED: str(Label.UNDEC),
          Status.DEFEATED: f"{Label.OUT} ({Status.DEFEATED})", Status.UNSUPPORTED: f"{Label.OUT} ({Status.UNSUPPORTED})"}


def status(graph: Structure, labels: Mapping[str, Label], node: str) -> Status:
    """The kind of *node*'s label; cheap enough to ask of every node of a map."""
    label = labels[node]
    if label is Label.IN:
        return Status.ACCEPTED
    if label is Label.UNDEC:
        return Status.UNDECIDED
    return Status.DEFEATED if _accepted_attacks(graph, labels, node) else Status.UNSUPPORTED


def verdict(graph: Structure, labels: Mapping[str, Label], node: str, quotes_missing: bool = False,
            circled: frozenset[str] = frozenset()) -> Verdict:
    """*node*'s label, its kind, why, and the claims responsible.

    *quotes_missing* says that the claim's quotes were all checked and not found
    (what would otherwise have grounded it); *circled* holds the nodes of the
    support graph's circles, which an undecided claim is often caught in.
    """
    return _Explainer(graph, labels, circled).verdict(node, quotes_missing)


def _accepted_attacks(graph: Structure, labels: Mapping[str, Label], node: str) -> list[str]:
    return [u for u in graph.attacks(node) if labels[u] is Label.IN]


class _Explainer:
    def __init__(self, graph: Structure, labels: Mapping[str, Label], circled: frozenset[str]) -> None:
        self.graph, self.labels, self.circled = graph, labels, circled
        self.kind = graph.kind

    def inputs(self, node: str, role: str) -> list[str]:
        """The nodes that attack *node* (ATTACK), or that support it (its reasons, its premises)."""
        return self.graph.attacks(node) if role == ATTACK else self.graph.supports(node)

    def attackers(self, attack: str) -> str:
        """An attack named by its premises: `'x'`, or `'x' + 'y'` for a linked one."""
        premises = [f"'{p}'" for p in self.inputs(attack, PREMISE)]
        return " + ".join(premises)

    def verdict(self, node: str, quotes_missing: bool) -> Verdict:
        label = self.labels[node]
        if label is Label.IN:
            why, responsible = self.accepted(node)
            return Verdict(node, label, Status.ACCEPTED, why, responsible)
        if label is Label.UNDEC:
            why, responsible = self.undecided(node)
            return Verdict(node, label, Status.UNDECIDED, why, responsible)
        if winners := _accepted_attacks(self.graph, self.labels, node):
            why = "; ".join(f"objection {self.attackers(a)} is accepted" for a in winners[:SHOWN])
            why += _more(len(winners))
            return Verdict(node, label, Status.DEFEATED, why,
                           tuple(dict.fromkeys(p for a in winners for p in self.inputs(a, PREMISE))))
        causes, responsible = self.failures(node, quotes_missing)
        return Verdict(node, label, Status.UNSUPPORTED, causes, responsible)

    def accepted(self, node: str) -> tuple[str, tuple[str, ...]]:
        answered = self.inputs(node, ATTACK)
        tail = ("; its objection fails" if len(answered) == 1 else f"; its {len(answered)} objections fail") if answered else ""
        ground = self.graph.ground.get(node)
        if ground:
            return _GROUNDS[ground] + tail, ()
        if self.kind(node) == CLAIM:
            reason = next(r for r in self.inputs(node, SUPPORT) if self.labels[r] is Label.IN)
            premises = self.inputs(reason, PREMISE)
            held = ", ".join(f"'{p}'" for p in premises)
            return f"reason {reason.rsplit('#', 1)[1]} holds ({held}){tail}", tuple(premises)
        return "its premises are accepted" + tail, tuple(self.inputs(node, PREMISE))

    def failures(self, node: str, quotes_missing: bool) -> tuple[str, tuple[str, ...]]:
        """Why an unsupported node fails, followed down its failing reasons to the causes."""
        causes: list[str] = []
        responsible: list[str] = []
        if self.kind(node) == CLAIM and not self.inputs(node, SUPPORT):
            return self.bare(node, quotes_missing), (node,)
        pending, seen = [node], {node}
        total = 0
        while pending:
            current = pending.pop()
            steps = self.inputs(current, SUPPORT) if self.kind(current) == CLAIM else [current]
            for step in steps:
                if cutters := _accepted_attacks(self.graph, self.labels, step):
                    for attack in cutters:
                        total += 1
                        if len(causes) < SHOWN:
                            causes.append(f"{describe_node(step)} is undercut by {self.attackers(attack)}")
                            responsible.extend(self.inputs(attack, PREMISE))
                    continue
                for premise in self.inputs(step, PREMISE):
                    if self.labels[premise] is not Label.OUT or premise in seen:
                        continue
                    seen.add(premise)
                    if winners := _accepted_attacks(self.graph, self.labels, premise):
                        total += 1
                        if len(causes) < SHOWN:
                            by = ", ".join(self.attackers(a) for a in winners)
                            causes.append(f"'{premise}' is defeated by {by}")
                            responsible.extend(p for a in winners for p in self.inputs(a, PREMISE))
                    elif not self.inputs(premise, SUPPORT):
                        total += 1
                        if len(causes) < SHOWN:
                            causes.append(f"'{premise}' is unsupported")
                            responsible.append(premise)
                    else:
                        pending.append(premise)
        if self.kind(node) != CLAIM:
            lead = "it fails: "
        else:
            lead = "its reason fails: " if len(self.inputs(node, SUPPORT)) == 1 else "every reason fails: "
        return lead + "; ".join(causes) + _more(total), tuple(dict.fromkeys(responsible))

    def bare(self, node: str, quotes_missing: bool) -> str:
        if quotes_missing:
            return "its quote is not in the source, and it has no reasons"
        return "it has no reasons and nothing grounds it (a quote, evidence or 'assumption: true')"

    def undecided(self, node: str) -> tuple[str, tuple[str, ...]]:
        if node in self.graph.incomplete:
            return "the claim could not be read whole (see the schema finding)", (node,)
        causes: list[str] = []
        responsible: list[str] = []
        open_attack = open_premise = False

        def attacks_on(target: str, what: str) -> None:
            nonlocal open_attack
            for attack in self.inputs(target, ATTACK):
                if self.labels[attack] is Label.UNDEC:
                    causes.append(f"objection {self.attackers(attack)}{what} is undecided")
                    responsible.extend(self.inputs(attack, PREMISE))
                    open_attack = True

        attacks_on(node, "")
        steps = self.inputs(node, SUPPORT) if self.kind(node) == CLAIM else [node]
        for step in steps:
            if self.labels[step] is not Label.UNDEC:
                continue
            if step in self.graph.dangling:
                causes.append(f"{'it' if step == node else describe_node(step)} names an undefined premise")
            for premise in self.inputs(step, PREMISE):
                if self.labels[premise] is Label.UNDEC:
                    if premise in self.graph.incomplete:
                        causes.append(f"'{premise}' could not be read whole")
                    elif premise in self.circled:
                        causes.append(f"'{premise}' is in a circle of reasons")
                    else:
                        causes.append(f"'{premise}' is undecided")
                        open_premise = True
                    responsible.append(premise)
            if step != node:
                attacks_on(step, f" to {describe_node(step)}")
        if not causes:
            return "undecided", ()
        why = "; ".join(dict.fromkeys(causes[:SHOWN])) + _more(len(causes))
        if open_premise or open_attack:
            # undecided without a circle of reasons: a cycle that runs through an objection (two that
            # attack each other, or an objection that rests on what it attacks), here or below
            why += " (a cycle further down)" if open_premise else " (a cycle that runs through an objection)"
        return why, tuple(dict.fromkeys(responsible))


def _more(total: int) -> str:
    return f" and {total - SHOWN:,} more" if total > SHOWN else ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"
