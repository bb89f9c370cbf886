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


def check(analysis: Analysis) -> Iterator[Problem]:
    for claim in analysis.model.claims.values():
        yield from _repeats(claim.reasons, f"of '{claim.id}'")
        yield from _repeats(claim.objections, f"to '{claim.id}'")
        for step in (*claim.reasons, *claim.attacks()):
            yield from _repeats(step.objections, f"to {describe_node(step.id)}")


def _repeats(steps: Sequence[Inference], whose: str) -> Iterator[Problem]:
    seen: dict[frozenset[str], int] = {}
    for step in steps:
        key = frozenset(ref.id for ref in step.premises)
        if key in seen:
            noun = "reason" if isinstance(step, Reason) else "objection"
            names = ", ".join(sorted(key))
            yield Problem(
                CODE,
                f"{noun} {step.index + 1} {whose} repeats {noun} {seen[key] + 1} (premises: {names})",
                step.span,
                step.premises[0].id if noun == "objection" else step.target,
            )
        else:
            seen[key] = step.index
