"""Positions as the protocol counts them, and argmap's spans turned into them.

argmap's spans count lines and columns from 1, columns in characters (code
points), lines broken by CR, LF and CRLF only. A client counts from 0, and
columns in UTF-16 code units unless it offered UTF-8 or UTF-32 at start-up. An
emoji is one character to argmap and two units to most editors, so every
position passes through here; the arithmetic is done on the one line it
concerns, and a line of ASCII (nearly all of them) is taken as it is.

This module knows nothing of pygls: positions are (line, character) pairs, so
it is tested without a server.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from argmap.model import Span

#: the line breaks of the protocol, which are argmap's too (NEL and U+2028 are none)
_BREAK = re.compile("\r\n|\r|\n")
ENCODINGS = ("utf-16", "utf-8", "utf-32")


class Position(NamedTuple):
    """0-based line, and character in the client's units."""

    line: int
    character: int


class Range(NamedTuple):
    start: Position
    end: Position


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-32" or text.isascii():
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class Lines:
    """A document's text, and where each of its lines starts."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self.starts = [0, *(match.end() for match in _BREAK.finditer(text))]

    def __len__(self) -> int:
        return len(self.starts)

    def line(self, number: int) -> str:
        """The text of 0-based line *number*, without its break ('' past the end)."""
        if not 0 <= number < len(self.starts):
            return ""
        start = self.starts[number]
        end = self.starts[number + 1] if number + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    # -- argmap's positions to the client's ----------------------------------

    def position(self, line: int, column: int) -> Position:
        """The client's position of 1-based *line* and character *column*, clamped to the text."""
        number = min(max(line - 1, 0), len(self.starts) - 1)
        text = self.line(number)
        column = min(max(column - 1, 0), len(text))
        return Position(number, _units(text[:column], self.encoding))

    def range(self, span: Span, fallback: int = 1) -> Range:
        """*span* as a range; a span with no end covers *fallback* characters, or the word it starts."""
        start = self.position(span.line, span.column)
        if span.end_line is not None and span.end_column is not None:
            end = self.position(span.end_line, span.end_column)
            if end >= start:
                return Range(start, end)
        text = self.line(span.line - 1)
        first = max(span.column - 1, 0)
        word = re.match(r"[^\s,:\[\]{}]+", text[first:])
        length = len(word[0]) if word else fallback
        return Range(start, self.position(span.line, span.column + max(length, 0)))

    # -- the client's positions to argmap's -----------------------------------

    def column(self, position: Position) -> tuple[int, int]:
        """The 1-based (line, character column) of a client's position, clamped to the text."""
        number = min(max(position.line, 0), len(self.starts) - 1)
        text = self.line(number)
        wanted = max(position.character, 0)
        if self.encoding == "utf-32" or text.isascii():
            return number + 1, min(wanted, len(text)) + 1
        counted = 0
        for index, character in enumerate(text):
            if counted >= wanted:
                return number + 1, index + 1
            counted += _units(character, self.encoding)
        return number + 1, len(text) + 1

    def offset(self, position: Position) -> int:
        """The index into the text of a client's position."""
        line, column = self.column(position)
        return self.starts[line - 1] + column - 1

    def end(self) -> Position:
        last = len(self.starts) - 1
        return Position(last, _units(self.line(last), self.encoding))


def edit(lines: Lines, change: Range | None, text: str) -> Lines:
    """The document after replacing *change* (None: all of it) with *text*."""
    if change is None:
        return Lines(text, lines.encoding)
    start, end = lines.offset(change.start), lines.offset(change.end)
    if end < start:
        start, end = end, start
    return Lines(lines.text[:start] + text + lines.text[end:], lines.encoding)
