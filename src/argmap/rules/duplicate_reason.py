"""The same set of premises is listed twice for one claim, or the same objection twice against one target.

Listing a reason twice makes the map look better supported than it is; an
objection listed twice looks like two.

Fails::

    claims:
      a: {text: Build the lane., reasons: [b, [b]]}
      b: {text: It is safer., evidence: report}

Passes::

    claims:
      a: {text: Build the lane., reasons: [b]}
      b: {text: It is safer., evidence: report}
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from argmap.analysis.context import Analysis
from argmap.findings import Problem
from argmap.model import Inference, Reason, describe_node

CODE = "AM105"
SLUG = "duplicate-reason"
SEVERITY = "warning"
#: the finding in a few words, as a map shows it on the claim
MARK = "reason given twice"


def check(analysis: Analysis) -> Iterator[Problem]:
    for claim in analysis.model.claims.values():
        if len(claim.reasons) > 1:
            yield from _repeats(claim.reasons, claim.id)
        if len(claim.objections) > 1:
            yield from _repeats(claim.objections, claim.id)
    for step in analysis.structure.steps.values():
        if len(step.objections) > 1:
            yield from _repeats(step.objections, step.id)


def _repeats(steps: Sequence[Inference], target: str) -> Iterator[Problem]:
    seen: dict[str | frozenset[str], int] = {}
    for step in steps:
        premises = step.premises
        key = premises[0].id if len(premises) == 1 else frozenset(ref.id for ref in premises)
        if key in seen:
            noun = "reason" if isinstance(step, Reason) else "objection"
            whose = f"{'of' if noun == 'reason' else 'to'} {describe_node(target)}"
            yield Problem(
                CODE,
                f"{noun} {step.index + 1} {whose} repeats {noun} {seen[key] + 1} "
                f"(premises: {', '.join(sorted({ref.id for ref in premises}))})",
                step.span,
                step.premises[0].id if noun == "objection" else step.target,
            )
        else:
            seen[key] = step.index
