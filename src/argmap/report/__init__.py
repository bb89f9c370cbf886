"""Reporters: findings to text for people, and to json, github and sarif for machines.

Each reporter is a function `(run, out)` so that adding a format is one
module and one line in `formats.WRITERS`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from argmap.findings import Finding, Severity

if TYPE_CHECKING:
    from argmap.analysis.lint import FileReport
    from argmap.analysis.verdicts import Verdict


@dataclass(frozen=True)
class Summary:
    files: int
    errors: int
    warnings: int
    strict: bool = False

    @classmethod
    def of(cls, findings: list[Finding], files: int, strict: bool = False) -> Summary:
        counts = Counter(f.severity for f in findings)
        return cls(files, counts[Severity.ERROR], counts[Severity.WARNING], strict)

    def sentence(self) -> str:
        files = f"{self.files} file{'s' if self.files != 1 else ''}"
        if not self.errors and not self.warnings:
            return f"All checks passed ({files})."
        parts = [_plural(self.errors, "error"), _plural(self.warnings, "warning")]
        strict = " (--strict: warnings count as errors)" if self.strict and self.warnings else ""
        return f"Found {' and '.join(p for p in parts if p)} in {files}{strict}."


@dataclass(frozen=True)
class FileSummary:
    """A file's verdicts on its theses, for CI to read without parsing messages."""

    path: str
    loaded: bool
    theses: tuple[Verdict, ...] = ()


@dataclass(frozen=True)
class Run:
    """What a lint run found: every finding, the counts, and each file's theses."""

    findings: list[Finding]
    summary: Summary
    reports: tuple[FileReport, ...] = ()

    @classmethod
    def of(cls, reports: list[FileReport], strict: bool = False) -> Run:
        findings = [finding for report in reports for finding in report.findings]
        return cls(findings, Summary.of(findings, len(reports), strict), tuple(reports))

    @property
    def files(self) -> tuple[FileSummary, ...]:
        """Each file's theses, made when a format reports them (a folder of 10,000 files that
        prints findings as text needs none)."""
        from argmap.files import display_path

        return tuple(FileSummary(display_path(r.path), r.loaded, tuple(r.theses)) for r in self.reports)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}" if n else ""


Reporter = Callable[[Run, TextIO], None]


def reporter(name: str) -> Reporter:
    """The writer of format *name*, imported on demand (see `formats`)."""
    from importlib import import_module

    from argmap.choices import REPORT_WRITERS

    write: Reporter = import_module(REPORT_WRITERS[name]).write
    return write

