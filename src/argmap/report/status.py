"""``argmap lint --status``: each thesis' label under the evaluation, and why."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from argmap.analysis.evaluate import explain
from argmap.analysis.lint import FileReport, display_path


def write_status(reports: Iterable[FileReport], out: TextIO) -> None:
    for report in reports:
        context = report.context
        if context is None:
            continue
        for thesis in context.theses:
            label = context.labels[thesis]
            why = explain(context.graph, context.labels, thesis)
            out.write(f"{display_path(report.path)}: thesis '{thesis}' is {label}: {why}\n")
