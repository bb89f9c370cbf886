"""GitHub Actions workflow commands: one ``::error`` or ``::warning`` per finding.

The runner turns each into an annotation on the file and line, in the job
summary and the pull request diff::

    ::error file=claims/x.yaml,line=12,col=5,title=AM101 unsupported-claim::claim 'a' is unsupported ...

Values are escaped exactly as the Actions toolkit escapes them
(``@actions/core``, ``command.ts``): ``escapeData`` for the message and
``escapeProperty`` for the ``key=value`` properties, so a ``%``, a newline, or a
``:`` or ``,`` in a file name cannot end a property or the command early.
"""

from __future__ import annotations

from typing import TextIO

from argmap.findings import Finding, Severity
from argmap.report import Run

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def escape_data(value: str) -> str:
    """The message after ``::``: ``%``, CR and LF."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property value: as :func:`escape_data`, and ``:`` and ``,`` too."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_finding(finding: Finding) -> str:
    properties: list[tuple[str, object]] = [
        ("file", finding.path),
        ("line", finding.line),
        ("col", finding.column),
        ("endLine", finding.end_line),
        ("endColumn", finding.end_column),
        ("title", f"{finding.code} {finding.rule}"),
    ]
    listed = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties if value is not None)
    return f"::{_COMMANDS[finding.severity]} {listed}::{escape_data(finding.message)}"


def write(run: Run, out: TextIO) -> None:
    for finding in run.findings:
        out.write(format_finding(finding) + "\n")
    out.write(run.summary.sentence() + "\n")
