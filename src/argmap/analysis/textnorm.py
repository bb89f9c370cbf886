"""Text normalisation for quote matching and duplicate detection.

A quote typed with straight quotes must match an article set with curly ones,
and a line break in the source must not hide a quote. Normalising keeps, for
every normalised character, its offset in the NFKC text, so that a near miss
can be shown to the user as the source actually reads.
"""

from __future__ import annotations

import unicodedata

_ASCII = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def normalize(text: str) -> str:
    """The same text as :func:`normalize_with_offsets` gives, at C speed."""
    return " ".join(nfkc(text).casefold().translate(_ASCII).split())


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """(normalised text, offset into ``nfkc(text)`` of each of its characters).

    Case is folded, typographic quotes and dashes become ASCII, and every run of
    whitespace becomes one space; leading and trailing whitespace is dropped.
    """
    source = nfkc(text)
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, char in enumerate(source):
        if char.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            offsets.append(i - 1)
            pending_space = False
        folded = char.casefold().translate(_ASCII)
        out.append(folded)
        offsets.extend([i] * len(folded))
    return "".join(out), offsets
