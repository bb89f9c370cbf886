"""An accepted objection defeats a thesis, or a claim or reason on a support path to a thesis.

The objection is IN under the evaluation and nothing in the file answers it.
Rebuttals are not reported: an accepted claim that defeats an *objection*
helps the thesis. The finding concerns the objection, so an `ignore: [AM302]`
on the objecting claim silences it.

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
from argmap.analysis.evaluate import Label, node_name
from argmap.findings import Problem
from argmap.graph import ATTACK

CODE = "AM302"
SLUG = "unanswered-objection"
SEVERITY = "warning"


def check(context: Analysis) -> Iterator[Problem]:
    graph, labels = context.graph, context.labels
    at_stake = context.at_stake
    for attacker, target, data in graph.edges(data=True):
        if data["role"] != ATTACK or target not in at_stake or labels[attacker] is not Label.IN:
            continue
        what = node_name(graph, target)
        yield Problem(CODE, f"objection '{attacker}' to {what} is accepted and unanswered", data["span"], attacker)
