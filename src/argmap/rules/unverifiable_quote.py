"""A claim has a quote but the file names no `source.path`.

A quote that cannot be checked is only as good as the typing of whoever
copied it. Add the source text next to the claim file and name it.

Fails::

    claims:
      a: {text: Türkiye is balanced., quote: maintained a balanced stance}

Passes::

    source: {path: sources/article.txt}
    claims:
      a: {text: Türkiye is balanced., quote: maintained a balanced stance}
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.analysis.context import Analysis
from argmap.findings import Problem

CODE = "AM203"
SLUG = "unverifiable-quote"
SEVERITY = "warning"
#: the finding in a few words, as a map shows it on the claim
MARK = "quote not checked"


def check(analysis: Analysis) -> Iterator[Problem]:
    if analysis.source is not None:
        return
    for claim in analysis.model.claims.values():
        if claim.quotes:
            yield Problem(
                CODE,
                f"quote of '{claim.id}' cannot be checked: the file names no source.path",
                claim.quotes[0].span,
                claim.id,
            )
