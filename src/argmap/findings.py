"""What the audit reports.

Rules yield :class:`Problem` (what is wrong, where); the linter stamps each with
the file, the rule's slug and its configured severity to make a :class:`Finding`.
Keeping the two apart means a rule never needs to know about configuration.
"""

from __future__ import annotations

import enum
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from argmap.model import Span


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`"; did you mean 'x'?"` when a close choice exists, else `""`."""
    return Suggester(choices).hint(word)


class Suggester:
    """did-you-mean over one set of names, in bounded time however many there are.

    Comparing each of 5,000 typos with each of 100,000 ids takes minutes. A typo
    nearly always keeps the start or the end of the word meant, so the
    candidates are the names next to the word in sorted order, and next to it
    in the order of reversed names: at most `NEAR` each way, whatever the count;
    and one set gives at most `HINTS` hints.
    """

    NEAR = 12
    #: hints one Suggester gives; past them a file full of typos gets its findings without hints
    HINTS = 500

    def __init__(self, names: Iterable[str]) -> None:
        self.names = list(names)
        self._orders: tuple[list[str], list[str]] | None = None
        self.left = self.HINTS

    def candidates(self, word: str) -> list[str]:
        if len(self.names) <= 4 * self.NEAR:
            return self.names
        if self._orders is None:  # sorted once, on the first typo
            self._orders = (sorted(self.names), sorted(name[::-1] for name in self.names))
        forward, backward = self._orders
        found = _around(forward, word, self.NEAR)
        found += [name[::-1] for name in _around(backward, word[::-1], self.NEAR)]
        return found

    def hint(self, word: str) -> str:
        import difflib  # only a message with a typo in it pays for this

        if self.left <= 0:
            return ""
        self.left -= 1

        close = difflib.get_close_matches(word, self.candidates(word), n=1, cutoff=0.6)
        return f"; did you mean '{close[0]}'?" if close else ""


def _around(ordered: list[str], word: str, near: int) -> list[str]:
    from bisect import bisect_left

    at = bisect_left(ordered, word)
    return ordered[max(0, at - near): at + near]


#: characters that must never reach a terminal, a CI log or a one-line message as they
#: are: C0 and C1 controls (ESC starts terminal escapes), line and paragraph
#: separators, the bidirectional overrides that reorder what a reader sees, and
#: the lone surrogates that stand for bytes a file name had that are no UTF-8
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """*text* with every unsafe character written as a visible escape (`\\x1b`, `\\xff`).

    Everything argmap prints that a file could put there (paths, messages quoting
    a source, ids) passes through here: a claim file or a source from a pull
    request cannot move the cursor, recolour a terminal, forge a log line or
    make JSON that is not UTF-8.
    """
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was no UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def quoted(value: str, limit: int = 60) -> str:
    """A user's value inside a one-line message: quoted, escaped if it holds line
    breaks or other control characters, and cut short if long."""
    shown = f"'{value}'" if value.isprintable() else repr(value)
    return shown if len(shown) <= limit else shown[: limit - 2] + "…" + shown[0]


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str
    span: Span
    claim: str | None = None


T = TypeVar("T", bound=type)


def pickled_as_fields(cls: T) -> T:
    """Pickle a frozen, slotted dataclass as its class and field values. The default goes
    through Python-level state methods, field by field: a run on every core sends the
    reports of thousands of files between processes, and this takes a third of the time."""
    values = operator.attrgetter(*vars(cls)["__slots__"])

    def reduce(self: object) -> tuple[type, tuple[object, ...]]:
        return cls, values(self)

    cls.__reduce__ = reduce  # type: ignore[assignment]
    return cls


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    column: int
    code: str
    rule: str
    severity: Severity
    message: str
    claim: str | None = None
    end_line: int | None = None
    end_column: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "claim": self.claim,
        }
