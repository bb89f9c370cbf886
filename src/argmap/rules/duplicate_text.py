"""Two claims have the same text after normalisation (case, whitespace, quotes, dashes).

Usually one claim was written twice under two ids, and the argument splits in
two where it should join.

Fails::

    claims:
      a: {text: The lane is safe., evidence: report}
      b: {text: The  lane is SAFE., evidence: survey}

Passes::

    claims:
      a: {text: The lane is safe., evidence: [report, survey]}
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.analysis.context import Analysis
from argmap.analysis.textnorm import normalize
from argmap.findings import Problem

CODE = "AM401"
SLUG = "duplicate-text"
SEVERITY = "warning"
#: the finding in a few words, as a map shows it on the claim
MARK = "same text as another claim"


def check(analysis: Analysis) -> Iterator[Problem]:
    first: dict[str, str] = {}
    for claim in analysis.model.claims.values():
        key = normalize(claim.text)
        if not key:
            continue
        if key in first:
            yield Problem(CODE, f"claim '{claim.id}' has the same text as '{first[key]}'", claim.span, claim.id)
        else:
            first[key] = claim.id
