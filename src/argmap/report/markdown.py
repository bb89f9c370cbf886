"""A Markdown audit report: the findings as a table, a count per rule, the summary.

For pull request comments, job summaries (``$GITHUB_STEP_SUMMARY``) and
audit write-ups. Cell text is escaped so that a ``|``, a newline or HTML-like
text in a message or file name cannot break the table.
"""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from argmap.report import Run

TITLE = "argmap audit"


def escape_cell(text: str) -> str:
    """Text safe inside one GitHub-flavoured Markdown table cell."""
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;")
    text = text.replace("|", "\\|")
    return "<br>".join(text.splitlines())


def _code(text: str) -> str:
    """A code span; ids and codes never hold backticks, but be safe."""
    return f"`{escape_cell(text)}`" if "`" not in text else escape_cell(text)


def row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def head(*names: str, right: tuple[str, ...] = ()) -> list[str]:
    """A table's header and rule lines; the columns named in *right* align right (numbers)."""
    return [row(*names), row(*("---:" if name in right else "---" for name in names))]


def write(run: Run, out: TextIO) -> None:
    findings = run.findings
    lines = [f"# {TITLE}", ""]
    if findings:
        lines += [
            "## Findings",
            "",
            *head("File", "Line", "Column", "Code", "Severity", "Claim", "Message", right=("Line", "Column")),
        ]
        for f in findings:
            lines.append(
                row(
                    escape_cell(f.path),
                    str(f.line),
                    str(f.column),
                    f"{_code(f.code)} {escape_cell(f.rule)}",
                    str(f.severity),
                    _code(f.claim) if f.claim else "",
                    escape_cell(f.message),
                )
            )
        counts = Counter((f.code, f.rule, str(f.severity)) for f in findings)
        lines += ["", "## By rule", "", *head("Code", "Rule", "Severity", "Count", right=("Count",))]
        for (code, rule, severity), n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            lines.append(row(_code(code), escape_cell(rule), severity, str(n)))
        lines.append("")
    else:
        lines += ["No findings.", ""]
    lines.append(f"**{run.summary.sentence()}**")
    out.write("\n".join(lines) + "\n")
