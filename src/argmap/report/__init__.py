"""Reporters: findings to text for people, and to json, github and sarif for machines.

Each reporter is a function `(findings, summary, out)` so that adding a
format is one module and one line in `formats.WRITERS`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from argmap.findings import Finding, Severity


@dataclass(frozen=True)
class Summary:
    files: int
    errors: int
    warnings: int

    @classmethod
    def of(cls, findings: list[Finding], files: int) -> Summary:
        counts = Counter(f.severity for f in findings)
        return cls(files, counts[Severity.ERROR], counts[Severity.WARNING])

    def sentence(self) -> str:
        files = f"{self.files} file{'s' if self.files != 1 else ''}"
        if not self.errors and not self.warnings:
            return f"All checks passed ({files})."
        parts = [_plural(self.errors, "error"), _plural(self.warnings, "warning")]
        return f"Found {' and '.join(p for p in parts if p)} in {files}."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}" if n else ""


Reporter = Callable[[list[Finding], Summary, TextIO], None]


def reporter(name: str) -> Reporter:
    """The writer of format *name*, imported on demand (see `formats`)."""
    from importlib import import_module

    from argmap.report.formats import WRITERS

    return import_module(WRITERS[name]).write

