"""Positions as an editor counts them, where libyaml counts otherwise.

libyaml takes NEL (U+0085) and the line and paragraph separators (U+2028,
U+2029) for line breaks, as YAML 1.1 says; editors, SARIF and GitHub count
only CR, LF and CRLF. And a JSON file's escaped emoji (`\\ud83d\\ude80`, twelve
characters) is read as the one character it stands for. Either would shift
every later position. In the rare file where either happens, every position
read is moved back to where it stands in the file as written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from argmap.findings import Problem
from argmap.model import ArgumentFile, Inference, Ref, Span, Text

_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_EDITOR_BREAK = re.compile("\r\n|[\r\n]")
UNUSUAL_BREAKS = ("\x85", "\u2028", "\u2029")
#: A JSON escape pair for one character beyond the BMP (an emoji), not itself escaped.
_SURROGATE_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def join_surrogates(text: str) -> tuple[str, list[tuple[int, int]]]:
    """JSON writes an emoji as two escaped surrogates, which YAML (and libyaml) refuse: the text
    with each pair joined, and (index after it in the new text, characters removed so far)."""
    parts: list[str] = []
    shrunk: list[tuple[int, int]] = []
    at = removed = length = 0
    for match in _SURROGATE_PAIR.finditer(text):
        high, low = int(match[2], 16), int(match[3], 16)
        joined = match[1] + chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        parts += [text[at : match.start()], joined]
        length += match.start() - at + len(joined)
        removed += len(match[0]) - len(joined)
        shrunk.append((length, removed))
        at = match.end()
    parts.append(text[at:])
    return "".join(parts), shrunk


def yaml_lines(text: str) -> list[str]:
    """The lines of *text* as libyaml numbers them (its marks index these)."""
    return _YAML_BREAK.split(text)


def _line_starts(text: str, breaks: re.Pattern[str]) -> list[int]:
    return [0, *(match.end() for match in breaks.finditer(text))]


class PositionMap:
    """From a (line, column) in the text libyaml read to one in the file as written.

    *shrunk* lists (index in the text read, characters removed before it) for
    each place where the text read is shorter than the file (joined escapes).
    """

    def __init__(self, read: str, written: str, shrunk: list[tuple[int, int]]) -> None:
        self.read_starts = _line_starts(read, _YAML_BREAK)
        self.written_starts = _line_starts(written, _EDITOR_BREAK)
        self.shrunk_at = [at for at, _ in shrunk]
        self.removed = [removed for _, removed in shrunk]

    def point(self, line: int | None, column: int | None) -> tuple[int | None, int | None]:
        if line is None or column is None:
            return line, column
        index = self.read_starts[min(line, len(self.read_starts)) - 1] + column - 1
        joined = bisect_right(self.shrunk_at, index)
        if joined:
            index += self.removed[joined - 1]
        row = bisect_right(self.written_starts, index)
        return row, index - self.written_starts[row - 1] + 1

    def span(self, span: Span) -> Span:
        line, column = self.point(span.line, span.column)
        end_line, end_column = self.point(span.end_line, span.end_column)
        return Span(line or 1, column or 1, end_line, end_column)

    def model(self, model: ArgumentFile) -> None:
        """Move every position of *model* (in place; the model was just read)."""
        ref = self._ref
        if model.theses is not None:
            model.theses = [ref(r) for r in model.theses]
        model.ignore = [self._text(t) for t in model.ignore]
        if model.source is not None and model.source.path is not None:
            model.source.path = self._text(model.source.path)
        for claim in model.claims.values():
            claim.span = self.span(claim.span)
            claim.quotes = [self._text(t) for t in claim.quotes]
            claim.ignore = [self._text(t) for t in claim.ignore]
            claim.restates = [ref(r) for r in claim.restates]
            for step in (*claim.reasons, *claim.attacks()):
                self._step(step)

    def problems(self, problems: list[Problem]) -> list[Problem]:
        return [replace(problem, span=self.span(problem.span)) for problem in problems]

    def _ref(self, ref: Ref) -> Ref:
        return Ref(ref.id, self.span(ref.span))

    def _text(self, text: Text) -> Text:
        return Text(text.value, self.span(text.span))

    def _step(self, step: Inference) -> None:
        step.span = self.span(step.span)
        step.premises = [self._ref(r) for r in step.premises]


class Undecodable(ValueError):
    """Bytes that are not UTF-8: a message, and where the first bad byte stands."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message, self.span = message, span


def decode(data: bytes) -> str:
    """Strict UTF-8 (a BOM is dropped); undecodable bytes are reported at their place."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        where = span_after(data[: error.start].decode("utf-8", "replace"))
        bad = data[error.start : error.end].hex(" ")
        raise Undecodable(f"invalid UTF-8 (byte {bad}): claim files must be UTF-8", where) from None


def span_after(before: str) -> Span:
    """Where the character after *before* stands: lines and columns count characters."""
    return Span(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
