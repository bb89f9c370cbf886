"""A claim is among its own objections.

A claim that attacks itself can never be accepted under the evaluation (it is
undecided, and so is everything it attacks or supports): nearly always a slip,
an id typed in the wrong list. A claim that the text calls self-defeating is
better written as an objection with its own text.

Fails::

    claims:
      a: {text: The plan is sound., evidence: review, objections: [a]}

Passes::

    claims:
      a: {text: The plan is sound., evidence: review, objections: [b]}
      b: {text: The plan ignores maintenance., evidence: budget}
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.analysis.context import Analysis
from argmap.findings import Problem

CODE = "AM106"
SLUG = "self-attack"
SEVERITY = "error"
#: the finding in a few words, as a map shows it on the claim
MARK = "objects to itself"


def check(analysis: Analysis) -> Iterator[Problem]:
    structure = analysis.structure
    for attack in structure.attack_steps():
        for ref in attack.premises:
            if ref.id == attack.target:
                yield Problem(CODE, f"claim '{ref.id}' is among its own objections", ref.span, ref.id)
