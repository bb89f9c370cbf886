"""``path:line:col: CODE [severity] message`` lines and a summary, as ruff prints them."""

from __future__ import annotations

from typing import TextIO

import click

from argmap.findings import Finding, Severity
from argmap.report import Run

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def format_finding(finding: Finding, colour: bool = False) -> str:
    where = f"{finding.path}:{finding.line}:{finding.column}:"
    code = finding.code
    level = f"[{finding.severity}]"
    if colour:
        where = click.style(where, bold=True)
        code = click.style(code, fg=_COLOURS[finding.severity], bold=True)
        level = click.style(level, fg=_COLOURS[finding.severity])
    return f"{where} {code} {level} {finding.message}"


def write(run: Run, out: TextIO, colour: bool = False) -> None:
    for finding in run.findings:
        out.write(format_finding(finding, colour) + "\n")
    out.write(run.summary.sentence() + "\n")


def statistics(findings: list[Finding], out: TextIO) -> None:
    """A count per code, most frequent first, as ``ruff --statistics``."""
    counts: dict[str, tuple[int, Finding]] = {}
    for finding in findings:
        n, first = counts.get(finding.code, (0, finding))
        counts[finding.code] = (n + 1, first)
    for code, (n, first) in sorted(counts.items(), key=lambda item: (-item[1][0], item[0])):
        out.write(f"{n:>6}  {code}  {first.rule:<22} [{first.severity}]\n")
