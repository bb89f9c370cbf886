"""The language server's positions: argmap's spans in the client's units, and edits applied where the client means."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from argmap.lsp.positions import Lines, Position, Range, edit
from argmap.model import Span


def test_columns_in_each_encoding():
    text = "a: 🚀é x\n"
    assert Lines(text, "utf-16").position(1, 6) == Position(0, 6)  # the emoji is two units
    assert Lines(text, "utf-8").position(1, 6) == Position(0, 9)  # four bytes, then é two
    assert Lines(text, "utf-32").position(1, 6) == Position(0, 5)
    for encoding in ("utf-16", "utf-8", "utf-32"):
        lines = Lines(text, encoding)
        assert lines.column(lines.position(1, 6)) == (1, 6)


def test_only_cr_lf_and_crlf_break_lines():
    lines = Lines("a\r\nb\rc\nd\x85e\u2028f")
    assert [lines.line(n) for n in range(len(lines))] == ["a", "b", "c", "d\x85e\u2028f"]
    assert lines.position(4, 5) == Position(3, 4)


def test_a_span_without_an_end_covers_its_word():
    lines = Lines("reasons: [chep, b]\n")
    assert lines.range(Span(1, 11)) == Range(Position(0, 10), Position(0, 14))


def test_positions_past_the_end_are_clamped():
    lines = Lines("ab\ncd")
    assert lines.column(Position(9, 9)) == (2, 3)
    assert lines.position(9, 9) == Position(1, 2)


@given(st.text(alphabet="ab\n\r🚀é\x85", max_size=30), st.data())
def test_an_edit_replaces_what_the_range_covers(text, data):
    lines = Lines(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))

    def inside_crlf(offset: int) -> bool:
        return 0 < offset < len(text) and text[offset - 1: offset + 1] == "\r\n"

    start -= inside_crlf(start)  # no position names the middle of a CRLF
    end = max(start, end - inside_crlf(end))

    def position(offset: int) -> Position:
        """Counted independently of `Lines`: lines end at CRLF, CR or LF, columns in UTF-16 units."""
        before = text[:offset].replace("\r\n", "\n").replace("\r", "\n")
        column_text = before[before.rfind("\n") + 1:]
        return Position(before.count("\n"), len(column_text.encode("utf-16-le")) // 2)

    assert lines.offset(position(start)) == start and lines.offset(position(end)) == end
    assert edit(lines, Range(position(start), position(end)), "X").text == text[:start] + "X" + text[end:]
