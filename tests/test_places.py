"""Where a found quote stands in the source as written: what the audit page highlights."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.analysis import quotes as quotes_module
from argmap.analysis.quotes import SourceIndex
from argmap.analysis.textnorm import Offsets, normalize
from conftest import fuzz_examples


def _shown(text: str, quotes: dict[str, str]) -> dict[str, list[str]]:
    places = SourceIndex(text).places(quotes.items())
    return {key: [text[start:end] for start, end in spans] for key, spans in places.items()}


def test_a_quote_is_placed_as_the_source_writes_it():
    text = "Istanbul\u2019s selection \u2014 as the \u201cvenue\u201d \u2014 is far from coincidental."
    assert _shown(text, {"a": "Istanbul's selection -- as the \"venue\""}) == {
        "a": ["Istanbul\u2019s selection \u2014 as the \u201cvenue\u201d"]}


def test_each_part_of_an_elided_quote_is_placed_in_order():
    text = "First words here. Then a middle that is skipped. Last words there, and first words again."
    assert _shown(text, {"a": "first words [...] last words"}) == {"a": ["First words", "Last words"]}


def test_the_first_occurrence_is_placed_and_a_missing_quote_is_not():
    text = "the cat sat; the cat ran"
    places = SourceIndex(text).places([("a", "the cat"), ("b", "the dog"), ("c", "the cat")])
    assert places == {"a": [(0, 7)], "c": [(0, 7)]}


def test_words_nfkc_changes_are_highlighted_whole():
    text = "a \ufb01ne STRASSE and e\u0301tude, then more."
    assert _shown(text, {"lig": "fine strasse", "acc": "\u00e9tude", "fold": "STRA\u00dfE and"}) == {
        "lig": ["\ufb01ne STRASSE"], "acc": ["e\u0301tude,"], "fold": ["STRASSE and"]}


def test_a_quote_inside_a_word_is_placed_inside_it():
    assert _shown("Istanbul's role", {"a": "bul's role"}) == {"a": ["bul's role"]}


def test_line_breaks_in_the_source_are_spanned():
    text = "one two\r\n  three\n\nfour"
    assert _shown(text, {"a": "two three four"}) == {"a": ["two\r\n  three\n\nfour"]}


def test_quotes_past_the_budget_get_no_place(monkeypatch):
    monkeypatch.setattr(quotes_module, "SCAN_BUDGET", 1)
    assert SourceIndex("a b c d").places([("a", "a b"), ("b", "c d")]) == {"a": [(0, 3)]}


def test_offsets_of_an_unchanged_text_are_kept():
    offsets = Offsets("plain text")
    assert offsets.runs is None and offsets.original(3) == 3 and offsets.original(10, end=True) == 10


_WORDS = ["word", "Caf\u00e9", "cafe\u0301", "\ufb01n", "\u201cquoted\u201d", "it\u2019s", "\u2014", "--", "STRASSE",
          "\uff21\uff22", "x\u00b4y", "\u0130stanbul", "a-b", "1\u00bd", "\u2163"]
_SPACES = [" ", "  ", "\n", "\u00a0", "\t", "\r\n"]


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SPACES)), min_size=1, max_size=30), st.data())
def test_every_placed_span_says_what_the_quote_says(pieces, data):
    text = "".join(word + space for word, space in pieces)
    first = data.draw(st.integers(0, len(pieces) - 1))
    last = data.draw(st.integers(first, len(pieces) - 1))
    quote = " ".join(word for word, _ in pieces[first : last + 1])
    places = SourceIndex(text).places([("q", quote)])
    assert "q" in places, (text, quote)
    ((start, end),) = places["q"]
    placed = text[start:end]
    assert normalize(quote) in normalize(placed), (text, quote, placed)
    # widened to whole runs at most: the span never starts or ends inside a space
    assert placed == placed.strip() or unicodedata.normalize("NFKC", placed) != placed
