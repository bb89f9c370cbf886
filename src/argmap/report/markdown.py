"""A Markdown audit report: the findings as a table, a count per rule, the summary.

For pull request comments, job summaries (``$GITHUB_STEP_SUMMARY``) and
audit write-ups. Cell text is escaped so that a ``|``, a newline or HTML-like
text in a message or file name cannot break the table.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TextIO

from argmap.findings import printable
from argmap.report import Run

TITLE = "argmap audit"


#: what Markdown would make something of inside a cell: emphasis, code, links and
#: images (no `[`, no link), strikethrough, the cell's end; escaped with a backslash
_MARKUP = re.compile(r"([\\`*_\[\]|~#])")
#: what GitHub would turn into a mention, an issue link or a link: written as entities
_AUTOLINK = {"@": "&#64;", "#": "&#35;", "://": ":&#47;&#47;", "www.": "www&#46;"}


def escape_cell(text: str) -> str:
    """Text from a claim file, safe inside one GitHub-flavoured Markdown table cell.

    It stays text: no link, image, mention (@user), issue reference (#12),
    autolink, emphasis or HTML a claim's text or note could slip into a report
    that is posted as a pull-request comment; a `|` cannot end the cell, and
    line breaks become `<br>`.
    """
    return "<br>".join(_escape_line(line) for line in text.splitlines()) if text else ""


def _escape_line(line: str) -> str:
    line = printable(line).replace("&", "&amp;").replace("<", "&lt;")
    line = _MARKUP.sub(r"\\\1", line)
    for raw, entity in _AUTOLINK.items():
        line = line.replace(raw if raw != "#" else "\\#", entity)
    return line


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
