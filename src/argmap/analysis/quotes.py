"""Is a quote in its source, and if not, where do the two part?

A quote matches when its normalised words (`textnorm`) occur in the source's.
An elision (`...`, `…`, `[...]`) splits a quote into parts that must occur in
order, each within `MAX_GAP` characters of the one before: an elision skips a
clause or a sentence, not half the article.

For a quote that is not found, the source is indexed by word once and the
quote aligned on its rarest words: the message then shows the first word where
quote and source part, with the words before it as context, as the source
writes them.

Work is bounded per file, not per quote. Finding a quote scans the source;
when a file has many quotes and the source is long, the words of the source
are indexed and a quote of three or more words is looked up at the places of
its rarest inner word instead. What the exact search may scan for one file
is `SCAN_BUDGET`, and the near-miss search has `SEARCH_BUDGET`: past the first,
the rest of the quotes are left unchecked (and AM202 says so), past the second
they are reported without a near miss.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Generic, TypeVar

from argmap.analysis.textnorm import TOKEN, Offsets, nfkc, normalize, token_spans, words

ELISION = re.compile(r"\[\s*(?:\.\.\.|…)\s*\]|\.\.\.|…")
MAX_GAP = 1_000  # normalised characters an elision may skip
#: characters scanned and words compared by the near-miss search, for all of one file's quotes
SEARCH_BUDGET = 400_000_000
#: characters the exact search may scan (or places it may try) for all of one file's quotes
SCAN_BUDGET = 4_000_000_000
#: quotes times source characters past which the source's words are indexed for the exact search
INDEX_FROM = 200_000_000
_ANCHORS = 3  # rarest quote words tried as anchors
_OCCURRENCES = 200  # occurrences of one anchor word tried
_CONTEXT = 4  # words shown before the first difference
_SHOWN = 6  # words shown from the first difference on
K = TypeVar("K")


def parts(quote: str) -> list[str]:
    """The parts of *quote* between its elisions, as written (none without words)."""
    return [piece for piece in ELISION.split(quote) if normalize(piece)]


@dataclass(frozen=True, slots=True)
class Miss:
    """Why a quote is not in the source, for the message."""

    part: int  #: index of the first part that could not be placed
    parts: int
    near: str | None = None  #: where quote and source part, in words; None when nothing is close
    apart: bool = False  #: the part occurs, but not in order within MAX_GAP of the one before


@dataclass(frozen=True, slots=True)
class Checked(Generic[K]):
    """A file's quotes checked against its source."""

    missing: dict[K, Miss]  #: key -> why its quote is not in the source
    unchecked: list[K]  #: keys of the quotes left unchecked when the file's budget ran out


class SourceIndex:
    """One source text, normalised once (about two bytes a character), kept for the
    next claim file that quotes it. What a near miss needs (the words indexed,
    their positions: some forty bytes a character) is built only when a quote
    is missing, and let go when the file's quotes are checked (`misses`)."""

    _HEAVY = ("_starts", "_index", "_spans")

    def __init__(self, text: str) -> None:
        self.text = text
        self.budget = SEARCH_BUDGET
        self.scan = SCAN_BUDGET
        self.indexed = False  # whether the exact search looks quotes up in the word index

    @cached_property
    def haystack(self) -> str:
        return normalize(self.text)

    def misses(self, quotes: Iterable[tuple[K, str]]) -> Checked[K]:
        """Key -> why its quote is not in the source, for the quotes that are not, and the
        quotes left unchecked. Each search shares one budget for the file, and a quote
        written twice is searched once."""
        listed = list(quotes)
        self.budget, self.scan = SEARCH_BUDGET, SCAN_BUDGET
        self.indexed = len({quote for _, quote in listed}) * len(self.haystack) > INDEX_FROM
        seen: dict[str, Miss | None] = {}
        checked: Checked[K] = Checked({}, [])
        try:
            for key, quote in listed:
                if quote not in seen:
                    if self.scan <= 0:
                        checked.unchecked.append(key)
                        continue
                    seen[quote] = self.check(quote)
                if (miss := seen[quote]) is not None:
                    checked.missing[key] = miss
        finally:
            for name in self._HEAVY:
                self.__dict__.pop(name, None)
        return checked

    def places(self, quotes: Iterable[tuple[K, str]]) -> dict[K, list[tuple[int, int]]]:
        """Where each quote that is in the source stands in the source's own text (`text`):
        one (start, end) pair of character offsets per part between elisions, at the
        quote's first occurrence, each widened to whole words where the normalised and
        the written word differ in length. The audit page highlights these.

        A quote that is not found, or past the file's scan budget, has no entry; nor
        does any when the text's words cannot be told apart one for one (see `_spans`).
        """
        listed = list(quotes)
        self.scan = SCAN_BUDGET
        self.indexed = len({quote for _, quote in listed}) * len(self.haystack) > INDEX_FROM
        found: dict[K, list[tuple[int, int]]] = {}
        try:
            spans = self._spans
            if spans is None:
                return found
            _, token_starts, token_ends = spans
            offsets = Offsets(self.text)
            seen: dict[str, list[tuple[int, int]] | None] = {}
            for key, quote in listed:
                if quote not in seen:
                    if self.scan <= 0:
                        continue
                    placed = self._place(quote)
                    seen[quote] = None if placed is None else [
                        (offsets.original(self._in_tokens(start, token_starts, token_ends, False)),
                         offsets.original(self._in_tokens(end, token_starts, token_ends, True), end=True))
                        for start, end in placed]
                if (where := seen[quote]) is not None:
                    found[key] = where
        finally:
            for name in self._HEAVY:
                self.__dict__.pop(name, None)
        return found

    def _place(self, quote: str) -> list[tuple[int, int]] | None:
        """The haystack spans of *quote*'s parts at its first occurrence, or None (as `check` finds it)."""
        pieces = [normalize(piece) for piece in parts(quote)]
        if not pieces:
            return None
        chains = [[(start, start + len(pieces[0]))] for start in self._occurrences(pieces[0], None)]
        for piece in pieces[1:]:
            self.scan -= len(chains) * (MAX_GAP + len(piece))
            followed = []
            for chain in chains:
                end = chain[-1][1]
                start = self.haystack.find(piece, end, end + MAX_GAP + len(piece) + 1)
                if start >= 0:
                    followed.append([*chain, (start, start + len(piece))])
            chains = followed
        return chains[0] if chains else None

    def _in_tokens(self, offset: int, token_starts: array[int], token_ends: array[int], end: bool) -> int:
        """A haystack offset (a start, or with *end* an exclusive end) as an offset of the NFKC text:
        the same place in its word when the word kept its length, else the word's edge."""
        word_starts = self._starts
        position = bisect_right(word_starts, offset - 1 if end else offset) - 1
        into = offset - word_starts[position]
        same = word_starts[position + 1] - 1 - word_starts[position] == token_ends[position] - token_starts[position]
        if same:
            return token_starts[position] + into
        return token_ends[position] if end else token_starts[position]

    def check(self, quote: str) -> Miss | None:
        """None when *quote* is in the source, else what went wrong."""
        pieces = parts(quote)
        if not pieces:
            return Miss(0, 0)
        ends: list[int] | None = None
        for index, written in enumerate(pieces):
            piece = normalize(written)
            starts = self._occurrences(piece, ends)
            if not starts:
                apart = ends is not None and piece in self.haystack
                return Miss(index, len(pieces), None if apart else self._near(written), apart)
            ends = [start + len(piece) for start in starts]
        return None

    def _occurrences(self, piece: str, after: list[int] | None) -> list[int]:
        """Starts of *piece* in the haystack; with *after*, only those within MAX_GAP after one of those ends."""
        hay = self.haystack
        if after is None:
            if self.indexed and piece.count(" ") >= 2:
                return self._looked_up(piece)
            found: list[int] = []
            start = hay.find(piece)
            while start >= 0 and len(found) < _OCCURRENCES:
                found.append(start)
                start = hay.find(piece, start + 1)
            self.scan -= (found[-1] + len(piece)) if len(found) == _OCCURRENCES else len(hay)
            return found
        found = []
        self.scan -= len(after) * (MAX_GAP + len(piece))
        for end in after:
            start = hay.find(piece, end, end + MAX_GAP + len(piece) + 1)
            if start >= 0:
                found.append(start)
        return sorted(set(found))

    def _looked_up(self, piece: str) -> list[int]:
        """As `_occurrences`, through the word index: in the normalised text, words are
        split by single spaces, so a quote's inner words are whole words of the source,
        and each occurrence of the quote has its rarest inner word at a word's start."""
        quoted = piece.split(" ")
        index, starts = self._index, self._starts
        inner = quoted[1:-1]
        if any(word not in index for word in inner):
            return []
        rarest = min(range(len(inner)), key=lambda k: len(index[inner[k]])) + 1
        offset = sum(len(word) + 1 for word in quoted[:rarest])
        places = index[quoted[rarest]]
        self.scan -= len(places) * len(piece)
        found: list[int] = []
        for position in places:
            start = starts[position] - offset
            if start >= 0 and self.haystack.startswith(piece, start):
                found.append(start)
                if len(found) == _OCCURRENCES:
                    break
        return found

    # -- near misses ------------------------------------------------------

    @cached_property
    def _starts(self) -> array[int]:
        """Where each word starts in the haystack, and where the haystack ends (a word's end + 1)."""
        starts, at = array("q"), 0
        for word in self.haystack.split(" "):
            starts.append(at)
            at += len(word) + 1
        starts.append(at)
        return starts

    @cached_property
    def _index(self) -> dict[str, array[int]]:
        index: dict[str, array[int]] = {}
        for position, word in enumerate(self.haystack.split(" ")):
            if word in index:
                index[word].append(position)
            else:
                index[word] = array("l", (position,))
        return index

    @cached_property
    def _spans(self) -> tuple[str, array[int], array[int]] | None:
        """The NFKC text and where each word's token starts and ends in it (`textnorm.token_spans`)."""
        text = nfkc(self.text)
        starts, ends = array("q"), array("q")
        for match in TOKEN.finditer(text):
            starts.append(match.start())
            ends.append(match.end())
        return (text, starts, ends) if len(starts) == len(self._starts) - 1 else None

    def _word(self, position: int) -> str:
        starts = self._starts
        return self.haystack[starts[position] : starts[position + 1] - 1]

    def _near(self, written: str) -> str | None:
        """`after "x y", the source has "a b" where the quote has "c d"`, or None."""
        quote = words(written)
        best = self._by_prefix(quote) or self._by_anchors(quote)
        if best is None:
            return None
        start, differs = best
        at = start + differs
        count = len(self._starts) - 1
        lead = range(max(0, at - _CONTEXT), max(0, at))
        theirs = range(max(0, at), min(count, at + _SHOWN))
        said = f'after "{self._shown(lead)}", ' if len(lead) else ""
        has = f'"{self._shown(theirs)}"' if len(theirs) else "nothing more (the text ends)"
        typed = nfkc(written)
        mine = " ".join(typed[a:b] for a, b in token_spans(written)[differs : differs + _SHOWN])
        return f'{said}the source has {has} where the quote has "{mine}"'

    def _spend(self, cost: int) -> bool:
        self.budget -= cost
        return self.budget >= 0

    def _by_prefix(self, quote: list[str]) -> tuple[int, int] | None:
        """The longest run of the quote's first words that the source has (two words, or
        half the quote, at least): the quote parts from the source right after it."""
        hay = self.haystack
        low, high = 1, len(quote) - 1  # the whole quote is known not to occur
        while low <= high:
            middle = (low + high + 1) // 2
            if not self._spend(len(hay)):
                return None
            if " ".join(quote[:middle]) in hay:
                low = middle + 1
            else:
                high = middle - 1
        length = low - 1
        if length < 2 and 2 * length < len(quote):  # one shared word is no passage, unless half the quote
            return None
        prefix = " ".join(quote[:length])
        best: tuple[int, int] | None = None  # (-matches after the prefix, start word)
        found = hay.find(prefix)
        for _ in range(_OCCURRENCES):
            if found < 0 or not self._spend(len(quote)):
                break
            if found == 0 or hay[found - 1] == " ":  # the prefix starts a word
                start = bisect_right(self._starts, found) - 1
                candidate = (-self._matches(quote, start), start)
                best = candidate if best is None or candidate < best else best
            found = hay.find(prefix, found + 1)
        return (best[1], length) if best else None

    def _by_anchors(self, quote: list[str]) -> tuple[int, int] | None:
        """The quote laid over the source at each occurrence of its rarest words: the
        placement that matches most words wins (the earliest on a tie)."""
        index = self._index
        anchors = sorted({w for w in quote if w in index}, key=lambda w: (len(index[w]), w))[:_ANCHORS]
        best: tuple[int, int] | None = None  # (-matches, start)
        for word in anchors:
            offsets = [i for i, w in enumerate(quote) if w == word]
            for position in index[word][:_OCCURRENCES]:
                for offset in offsets:
                    if not self._spend(len(quote)):
                        break
                    start = position - offset
                    candidate = (-self._matches(quote, start), start)
                    best = candidate if best is None or candidate < best else best
        if best is None or (-best[0] < 2 and -2 * best[0] < len(quote)):
            return None  # one shared word is no passage, unless half the quote
        start = best[1]
        differs = next(k for k, w in enumerate(quote) if not self._is(start + k, w))
        return start, differs

    def _matches(self, quote: list[str], start: int) -> int:
        return sum(self._is(start + k, w) for k, w in enumerate(quote))

    def _is(self, position: int, word: str) -> bool:
        return 0 <= position < len(self._starts) - 1 and self._word(position) == word

    def _shown(self, positions: range) -> str:
        """Words of the source as it writes them (case, quotes and dashes kept)."""
        if self._spans is None:
            return " ".join(self._word(i) for i in positions)
        text, starts, ends = self._spans
        return " ".join(text[starts[i] : ends[i]] for i in positions)
