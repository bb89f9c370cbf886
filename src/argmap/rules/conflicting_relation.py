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
#: the finding in a few words, as a map shows it on the claim
MARK = "both for and against the same claim"


def check(analysis: Analysis) -> Iterator[Problem]:
    for claim in analysis.model.claims.values():
        if claim.objections and claim.reasons:
            premises = {ref.id for reason in claim.reasons for ref in reason.premises}
            yield from _conflicts(claim.objections, premises, claim.id, claim.id)
    for step in analysis.structure.steps.values():
        if step.objections:
            yield from _conflicts(step.objections, {ref.id for ref in step.premises}, step.id, _owner(step.id))


def _conflicts(attacks: list[Attack], premises: set[str], target: str, owner: str) -> Iterator[Problem]:
    for attack in attacks:
        for ref in attack.premises:
            if ref.id in premises:
                what = f"'{target}'" if target == owner else f"its own {describe_node(target)}"
                yield Problem(CODE, f"'{ref.id}' is both a premise for and an objection to {what}", ref.span, owner)


def _owner(node: str) -> str:
    """The claim a step is written under."""
    return node.split("#", 1)[0].split("!", 1)[0]
