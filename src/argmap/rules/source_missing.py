"""`source.path` does not exist or is not readable UTF-8 text.

The path is resolved relative to the claim file. Without the source, no quote
can be checked.

Fails::

    source: {path: sources/missing.txt}

Passes::

    source: {path: sources/article.txt}   # exists next to the claim file
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.analysis.context import Analysis
from argmap.findings import Problem, quoted

CODE = "AM202"
SLUG = "source-missing"
SEVERITY = "error"


def check(context: Analysis) -> Iterator[Problem]:
    source = context.source
    if source is not None and source.error is not None:
        declared = context.model.source.path  # type: ignore[union-attr]  # set when source is
        yield Problem(CODE, f"source {quoted(declared.value)} {source.error}", declared.span)
