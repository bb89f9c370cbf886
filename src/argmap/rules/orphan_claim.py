"""A claim that is no thesis and is not connected to any thesis.

Orphans are usually left over from an edit, or a reason that was meant to be
attached and never was. Without `theses:`, the theses are the claims that
support or object to nothing, so an orphan is a part of the file (a circle,
say) that hangs off none of them. In a file where a claim could not be read
whole (a schema error), nothing is called an orphan: the missing part may be
what joins it.

Fails::

    theses: [a]
    claims:
      a: {text: Build the lane., evidence: plan}
      b: {text: Parking is scarce., evidence: survey}

Passes::

    theses: [a]
    claims:
      a: {text: Build the lane., evidence: plan, objections: [b]}
      b: {text: Parking is scarce., evidence: survey}
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.analysis.context import Analysis
from argmap.findings import Problem
from argmap.graph import unconnected_claims

CODE = "AM103"
SLUG = "orphan-claim"
SEVERITY = "warning"
#: the finding in a few words, as a map shows it on the claim
MARK = "not connected to a thesis"


def check(analysis: Analysis) -> Iterator[Problem]:
    if not analysis.theses or any(claim.incomplete for claim in analysis.model.claims.values()):
        return  # with part of the file unread, which links are missing is unknown
    claims = analysis.model.claims
    for cid in unconnected_claims(analysis.structure, analysis.theses):
        yield Problem(CODE, f"claim '{cid}' is not connected to any thesis", claims[cid].span, cid)
