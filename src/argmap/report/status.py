"""``argmap lint --status``: each thesis' label under the evaluation, and why."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from argmap.analysis.lint import FileReport
from argmap.files import display_path


def write_status(reports: Iterable[FileReport], out: TextIO) -> None:
    for report in reports:
        for verdict in report.theses:
            thesis = verdict.node
            out.write(f"{display_path(report.path)}: thesis '{thesis}' is {verdict.shown}: {verdict.why}\n")
