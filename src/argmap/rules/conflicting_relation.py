"""A claim is both a premise for and an objection to the same target.

Either it supports the target or it attacks it; both at once is a slip in the
file, or an argument that undermines itself. The same holds for a reason and
its undercutters, and for an objection and the answers to it.

Fails::

    claims:
      a: {text: Build the lane., reasons: [b], objections: [b]}
      b: {text: The street is narrow., evidence: survey}

Passes::

    claims:
      a: {text: Build the lane., reasons: [b]}
      b: {text: The street is wide enough., evidence: survey}
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.analysis.context import Analysis
from argmap.findings import Problem
from argmap.model import Attack, describe_node

CODE = "AM104"
SLUG = "conflicting-relation"
SEVERITY = "error"


def check(analysis: Analysis) -> Iterator[Problem]:
    for claim in analysis.model.claims.values():
        premises = {ref.id for reason in claim.reasons for ref in reason.premises}
        yield from _conflicts(claim.objections, premises, f"'{claim.id}'", claim.id)
        for step in (*claim.reasons, *claim.attacks()):
            own = {ref.id for ref in step.premises}
            yield from _conflicts(step.objections, own, f"its own {describe_node(step.id)}", claim.id)


def _conflicts(attacks: list[Attack], premises: set[str], target: str, owner: str) -> Iterator[Problem]:
    for attack in attacks:
        for ref in attack.premises:
            if ref.id in premises:
                yield Problem(CODE, f"'{ref.id}' is both a premise for and an objection to {target}", ref.span, owner)
