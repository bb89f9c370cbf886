"""A quote does not occur in the source text.

Matching compares words: Unicode compatibility forms (NFKC), case, runs of
whitespace, typographic quotes and apostrophes, and runs of dashes (`--`, `—`,
`–`) do not count, so a quote typed with straight quotes and `--` matches an
article set with curly ones and em dashes. An elision (`...`, `…` or `[...]`)
joins parts that must occur in that order, each within 1,000 characters of the
one before. When the quote is not found, the message shows where quote and
source part: the words before the first difference, then what each has from
there. A claim with no reasons whose quotes are all missing is grounded by
nothing, and the message says so.

With ``article.txt``::

    Türkiye is among the few nations that have successfully maintained a balanced stance.

Fails::

    source: {path: article.txt}
    claims:
      a: {text: Türkiye is balanced., quote: successfully kept a balanced stance}

Passes::

    source: {path: article.txt}
    claims:
      a: {text: Türkiye is balanced., quote: "successfully maintained ... stance"}
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.analysis.context import Analysis
from argmap.analysis.quotes import MAX_GAP, Miss
from argmap.findings import Problem

CODE = "AM201"
SLUG = "quote-not-found"
SEVERITY = "error"
#: the finding in a few words, as a map shows it on the claim
MARK = "quote not found"


def check(analysis: Analysis) -> Iterator[Problem]:
    source = analysis.source
    if source is None or source.index is None:
        return  # AM202 or AM203 speak for these
    claims = analysis.model.claims
    held = analysis.model.source is not None and analysis.model.source.text is not None
    name = "the source text" if held else source.path.name
    for (cid, number), miss in analysis.quote_misses.items():
        claim = claims[cid]
        message = f"quote of '{cid}' is not in {name}{_where(miss)}"
        if analysis.grounds[cid] is None and not claim.reasons and analysis.quotes_missing(cid):
            message += f"; so nothing grounds '{cid}'"
        yield Problem(CODE, message, claim.quotes[number].span, cid)


def _where(miss: Miss) -> str:
    if miss.parts == 0:
        return ": it is only an elision"
    part = f"its part {miss.part + 1} of {miss.parts} " if miss.parts > 1 else ""
    if miss.apart:
        return f": {part}occurs, but not within {MAX_GAP:,} characters after the part before it"
    if miss.near is None:
        return f": {part or 'it '}is not close to any passage" if part else ", nor anything close to it"
    return f": {part}{'is not: ' if part else ''}{miss.near}"
