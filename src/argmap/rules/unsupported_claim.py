"""A claim has no reasons and is not grounded.

A claim is grounded by `evidence`, by `assumption: true`, or by a `quote`
that the source contains when the claim has no reasons: a basic premise,
taken on the source's word. Anything else needs reasons, or it is a bare
assertion. (A claim whose quotes are all missing from the source is reported
once, as AM201 quote-not-found.)

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
#: the finding in a few words, as a map shows it on the claim
MARK = "nothing supports or grounds it"


def check(analysis: Analysis) -> Iterator[Problem]:
    grounds = analysis.grounds
    for claim in analysis.model.claims.values():
        if claim.reasons or claim.incomplete or grounds[claim.id] or analysis.quotes_missing(claim.id):
            continue
        yield Problem(
            CODE,
            f"claim '{claim.id}' is unsupported: it has no reasons and nothing grounds it; give it reasons, "
            "or ground it with evidence, 'assumption: true' or a quote from the source",
            claim.span,
            claim.id,
        )
