"""A quote does not occur in the source text.

Matching ignores Unicode compatibility forms (NFKC), case, runs of whitespace,
and typographic quotes, apostrophes and dashes, so a quote typed with straight
quotes matches an article set with curly ones. When the quote is not found, the
message shows the closest passage of the source.

Fails::

    source: {path: article.txt}   # which says "maintained a balanced stance"
    claims:
      a: {text: Türkiye is balanced., quote: kept a balanced stance}

Passes::

    source: {path: article.txt}
    claims:
      a: {text: Türkiye is balanced., quote: maintained a balanced stance}
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from argmap.analysis.context import Analysis
from argmap.analysis.textnorm import nfkc, normalize, normalize_with_offsets
from argmap.findings import Problem

CODE = "AM201"
SLUG = "quote-not-found"
SEVERITY = "error"

_SHOWN = 160  # characters of the closest passage shown in a message
_SEARCH_BUDGET = 50_000_000  # source length x quote length that a closest-passage search may cost


def check(context: Analysis) -> Iterator[Problem]:
    source = context.source
    if source is None or source.text is None:
        return  # AM202 or AM203 speak for these
    haystack, offsets = _normalized(source.text)
    for claim in context.model.claims.values():
        for quote in claim.quotes:
            needle = normalize(quote.value)
            if needle and needle in haystack:
                continue
            passage = closest_passage(source.text, haystack, offsets, needle)
            hint = f"; closest passage: \"{passage}\"" if passage else ""
            yield Problem(CODE, f"quote of '{claim.id}' is not in {source.path.name}{hint}", quote.span, claim.id)


@lru_cache(maxsize=8)
def _normalized(text: str) -> tuple[str, list[int]]:
    return normalize_with_offsets(text)


def closest_passage(text: str, haystack: str, offsets: list[int], needle: str) -> str:
    """The stretch of *text* most like *needle*, as the source writes it.

    Anchored on the longest common block, then widened to the needle's length
    and trimmed to whole words: good enough to show a near miss at a glance.
    """
    if not needle or not haystack or len(haystack) * len(needle) > _SEARCH_BUDGET:
        return ""  # a near miss is a courtesy; a huge source must not make lint slow
    from difflib import SequenceMatcher  # only a quote that is not found pays for this
    matcher = SequenceMatcher(None, haystack, needle, autojunk=False)
    block = matcher.find_longest_match(0, len(haystack), 0, len(needle))
    if block.size < 3:
        return ""
    start = max(0, block.a - block.b)
    end = min(len(haystack), start + len(needle))
    original = nfkc(text)
    begin, finish = offsets[start], offsets[end - 1] + 1
    while begin > 0 and not original[begin - 1].isspace():
        begin -= 1
    while finish < len(original) and not original[finish].isspace():
        finish += 1
    passage = " ".join(original[begin:finish].split())
    return passage if len(passage) <= _SHOWN else passage[: _SHOWN - 1] + "…"
