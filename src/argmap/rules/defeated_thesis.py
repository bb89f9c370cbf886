"""A thesis is not accepted under the evaluation (OUT or UNDEC).

The evaluation labels every claim, reason and objection IN, OUT or UNDEC: a
claim is IN when it is grounded or has an accepted reason and every objection
to it is OUT. A thesis that is not IN is what the argument, as written, fails
to show. The message says which kind of failure it is: *defeated* (an accepted
objection stands against it), *unsupported* (no accepted reason, nothing
grounds it; the message follows the failing reasons down to where they fail)
or *undecided* (a circle of reasons, or a cycle that runs through an objection:
two that attack each other, or one that rests on what it attacks). A thesis
left undecided only because part of the file could not be read (a schema
error, an undefined premise) is not reported again: those findings say why.

Fails::

    theses: [a]
    claims:
      a: {text: Build the lane., evidence: plan, objections: [b]}
      b: {text: There is no budget., evidence: budget 2025}

Passes::

    theses: [a]
    claims:
      a: {text: Build the lane., evidence: plan, objections: [b]}
      b: {text: There is no budget., evidence: budget 2025, objections: [c]}
      c: {text: A federal grant pays for it., evidence: grant letter}
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.analysis.context import Analysis
from argmap.analysis.evaluate import Label
from argmap.findings import Problem

CODE = "AM301"
SLUG = "defeated-thesis"
SEVERITY = "warning"
#: the finding in a few words, as a map shows it on the claim
MARK = "thesis not accepted"


def check(analysis: Analysis) -> Iterator[Problem]:
    labels = analysis.labels
    for thesis in analysis.theses:
        if labels[thesis] is not Label.IN and thesis not in analysis.unjudged:
            verdict = analysis.verdict(thesis)
            claim = analysis.model.claims[thesis]
            yield Problem(CODE, f"thesis '{thesis}' is not accepted, {verdict.shown}: {verdict.why}", claim.span, thesis)
