"""An accepted objection defeats a thesis, or a claim or reason on a support path to a thesis.

The objection is IN under the evaluation and nothing in the file answers it.
Rebuttals are not reported: an accepted claim that defeats an *objection*
helps the thesis. The finding concerns the objection, so an `ignore: [AM302]`
on the objecting claim (the first, for a linked objection) silences it.

Fails::

    theses: [a]
    claims:
      a: {text: Build the lane., reasons: [b]}
      b: {text: It is cheap., evidence: estimate, objections: [c]}
      c: {text: The estimate is from 2010., evidence: estimate date}

Passes::

    theses: [a]
    claims:
      a: {text: Build the lane., reasons: [b]}
      b: {text: It is cheap., evidence: estimate, objections: [c]}
      c: {text: The estimate is from 2010., evidence: estimate date, objections: [d]}
      d: {text: Prices were re-checked in 2025., evidence: memo}
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.analysis.context import Analysis
from argmap.analysis.evaluate import Label
from argmap.findings import Problem
from argmap.model import describe_node

CODE = "AM302"
SLUG = "unanswered-objection"
SEVERITY = "warning"
#: the finding in a few words, as a map shows it on the claim
MARK = "objection unanswered"


def check(analysis: Analysis) -> Iterator[Problem]:
    labels, at_stake = analysis.labels, analysis.at_stake
    for step in analysis.structure.attack_steps():
        if step.target in at_stake and labels[step.id] is Label.IN:
            names = " + ".join(f"'{ref.id}'" for ref in step.premises)
            yield Problem(CODE, f"objection {names} to {describe_node(step.target)} is accepted and unanswered",
                          step.span, step.premises[0].id)
