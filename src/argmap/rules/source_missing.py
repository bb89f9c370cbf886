"""`source.path` does not exist or is not readable UTF-8 text.

The path is resolved relative to the claim file, and the message names the
path that was tried. Without the source, no quote can be checked. A source
must lie under the claim file's folder or the folder argmap runs in: a claim
file from a pull request cannot make argmap read a file elsewhere on the machine.

With ``sources/article.txt``::

    The full text of the article.

Fails::

    source: {path: sources/missing.txt}
    claims:
      a: {text: The article exists., evidence: archive copy}

Passes::

    source: {path: sources/article.txt}
    claims:
      a: {text: The article exists., evidence: archive copy}
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.analysis.context import Analysis
from argmap.files import display_path
from argmap.findings import Problem, quoted
from argmap.model import START

CODE = "AM202"
SLUG = "source-missing"
SEVERITY = "error"
#: the finding in a few words, as a map shows it on the claim
MARK = "source missing"


def check(analysis: Analysis) -> Iterator[Problem]:
    source = analysis.source
    if source is None:
        return
    declared = analysis.model.source.path if analysis.model.source else None
    name, where = (f"source {quoted(declared.value)}", declared.span) if declared else ("the source text", START)
    if source.error is not None:
        tried = display_path(source.path)
        looked = f" (looked for {quoted(tried)})" if declared and tried != declared.value else ""
        yield Problem(CODE, f"{name} {source.error}{looked}", where)
    elif unchecked := analysis.quotes_checked.unchecked:
        yield Problem(CODE, f"{name}: {len(unchecked):,} quotes not checked: checking this file's quotes against "
                            "it would take more than argmap spends on one file; split the file", where)
