"""A thesis is not accepted under the evaluation (OUT or UNDEC).

The evaluation labels every claim and reason IN, OUT or UNDEC: a claim is IN
when it is grounded or has an accepted reason and every objection to it is
OUT. A thesis that is not IN is what the argument, as written, fails to show.

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
from argmap.analysis.evaluate import Label, explain
from argmap.findings import Problem

CODE = "AM301"
SLUG = "defeated-thesis"
SEVERITY = "warning"


def check(context: Analysis) -> Iterator[Problem]:
    labels = context.labels
    for thesis in context.theses:
        label = labels[thesis]
        if label is not Label.IN:
            why = explain(context.graph, labels, thesis)
            claim = context.model.claims[thesis]
            yield Problem(CODE, f"thesis '{thesis}' is not accepted ({label}): {why}", claim.span, thesis)
