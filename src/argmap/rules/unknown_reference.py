"""A reason, objection, `restates` or thesis names an id that is not defined.

The message suggests the closest defined id.

Fails::

    theses: [a]
    claims:
      a: {text: Build the lane., reasons: [saftey]}
      safety: {text: It saves lives., evidence: report}

Passes::

    theses: [a]
    claims:
      a: {text: Build the lane., reasons: [safety]}
      safety: {text: It saves lives., evidence: report}
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.analysis.context import Analysis
from argmap.findings import Problem, Suggester
from argmap.model import Reason, Ref, describe_node

CODE = "AM004"
SLUG = "unknown-reference"
SEVERITY = "error"
#: the finding in a few words, as a map shows it on the claim
MARK = "names an undefined claim"


def check(analysis: Analysis) -> Iterator[Problem]:
    model = analysis.model
    ids = model.claims.keys()
    suggest = Suggester(ids)

    def unknown(refs: list[Ref], what: str, owner: str | None) -> Iterator[Problem]:
        for ref in refs:
            if ref.id not in ids:
                message = f"{what.format(ref.id)} is not a defined claim{suggest.hint(ref.id)}"
                yield Problem(CODE, message, ref.span, owner)

    yield from unknown(model.theses or [], "thesis '{}'", None)
    structure = analysis.structure
    for sid in structure.dangling:  # the steps that name an undefined premise
        step = structure.steps[sid]
        owner = sid.split("#", 1)[0].split("!", 1)[0]
        if isinstance(step, Reason):
            yield from unknown(step.premises, f"premise '{{}}' of '{step.target}'", owner)
        else:
            yield from unknown(step.premises, f"objection '{{}}' to {describe_node(step.target)}", owner)
    for claim in model.claims.values():
        if claim.restates:
            yield from unknown(claim.restates, f"'{{}}', which '{claim.id}' restates,", claim.id)
