"""A claim has no reasons and is not grounded.

A claim is grounded when it has a `quote`, `evidence` or
`assumption: true`. Anything else needs reasons, or it is a bare assertion.

Fails::

    claims:
      a: {text: Cycling is up 40 percent.}

Passes::

    claims:
      a: {text: Cycling is up 40 percent., evidence: city counters 2024}
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.analysis.context import Analysis
from argmap.findings import Problem

CODE = "AM101"
SLUG = "unsupported-claim"
SEVERITY = "error"


def check(context: Analysis) -> Iterator[Problem]:
    for claim in context.model.claims.values():
        if not claim.reasons and not claim.grounded:
            yield Problem(
                CODE,
                f"claim '{claim.id}' is unsupported: give it reasons, or ground it with "
                "a quote, evidence or 'assumption: true'",
                claim.span,
                claim.id,
            )
