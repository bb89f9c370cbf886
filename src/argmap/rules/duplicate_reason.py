"""The same set of premises is listed twice for one claim.

Listing a reason twice makes the map look better supported than it is.

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

from collections.abc import Iterator

from argmap.analysis.context import Analysis
from argmap.findings import Problem

CODE = "AM105"
SLUG = "duplicate-reason"
SEVERITY = "warning"


def check(context: Analysis) -> Iterator[Problem]:
    for claim in context.model.claims.values():
        seen: dict[frozenset[str], int] = {}
        for reason in claim.reasons:
            key = frozenset(ref.id for ref in reason.premises)
            if key in seen:
                names = ", ".join(sorted(key))
                yield Problem(
                    CODE,
                    f"reason {reason.index + 1} of '{claim.id}' repeats reason {seen[key] + 1} (premises: {names})",
                    reason.span,
                    claim.id,
                )
            else:
                seen[key] = reason.index
