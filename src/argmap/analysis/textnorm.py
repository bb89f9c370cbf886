"""Text normalisation for quote matching and duplicate detection.

A quote typed with straight quotes must match an article set with curly ones,
`--` must match an em dash, and a line break in the source must not hide a
quote. Text is compared as a sequence of *words*: NFKC, case folded,
typographic quotes and dashes made ASCII, every run of dashes one `-` word of
its own, whitespace runs one space. Words map one to one onto the tokens of
the NFKC text, so a near miss can be shown as the source writes it.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_ASCII = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys(_DASHES, "-"),
    }
)
_DASH_RUN = re.compile(r"-+")
#: a token of the NFKC text: a run of dashes, or a run of anything but dashes and whitespace
TOKEN = re.compile(rf"[-{_DASHES}]+|[^\s\-{_DASHES}]+")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def words(text: str) -> list[str]:
    """The normalised words of *text* (see the module docstring)."""
    if text.isascii():  # NFKC changes no ASCII, casefold is lower, and of the table only '`' applies
        folded = text.lower().replace("`", "'")
    else:
        folded = nfkc(text).casefold().translate(_ASCII)
    return _DASH_RUN.sub(" - ", folded).split() if "-" in folded else folded.split()


def normalize(text: str) -> str:
    """The normalised words of *text* joined by single spaces."""
    return " ".join(words(text))


def token_spans(text: str) -> list[tuple[int, int]]:
    """Where each normalised word of *text* stands in ``nfkc(text)``, in order.

    Case folding and the ASCII table never make or remove whitespace or a dash,
    so the tokens of the NFKC text are the words, one for one.
    """
    return [match.span() for match in TOKEN.finditer(nfkc(text))]



class Offsets:
    """Offsets of ``nfkc(text)`` as offsets of *text* itself, for showing a place found
    in the normalised text where the reader sees it.

    NFKC never joins characters across a boundary between whitespace and the rest,
    so the two texts are cut into the same runs of whitespace and non-whitespace;
    inside a run that NFKC changed in length, a start maps to the run's start and
    an (exclusive) end to the run's end. A text that NFKC leaves alone (nearly
    every one) costs nothing.
    """

    _RUN = re.compile(r"\s+|\S+")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.runs: tuple[array[int], array[int]] | None = None
        normalised = nfkc(text)
        if normalised is text or normalised == text:
            return
        written, made = array("q", [0]), array("q", [0])
        for match in self._RUN.finditer(text):
            written.append(match.end())
            made.append(made[-1] + len(nfkc(match[0])))
        if made[-1] == len(normalised):
            self.runs = (written, made)

    def original(self, offset: int, end: bool = False) -> int:
        """*offset* of the NFKC text in *text*; with *end*, an exclusive end."""
        if self.runs is None:
            return min(offset, self.length)
        written, made = self.runs
        at = bisect_right(made, offset - 1 if end and offset > 0 else offset) - 1
        at = min(at, len(made) - 2)
        into = offset - made[at]
        if made[at + 1] - made[at] == written[at + 1] - written[at]:
            return written[at] + into
        return written[at + 1] if end and into else written[at]
