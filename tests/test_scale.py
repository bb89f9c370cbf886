"""A folder on every core: the same reports in the same order, and memory that does not
grow with the number of files (a report keeps findings, not the analysis)."""

from __future__ import annotations

import pickle
import time
from pathlib import Path

import pytest

from argmap.analysis import lint as lint_module
from argmap.analysis.lint import PARALLEL_FROM, FileError, lint_files
from argmap.cli import cli
from argmap.config import Settings
from conftest import write

FILE = """\
theses: [t{n}]
claims:
  t{n}: {{text: Thesis {n}., reasons: [p{n}], objections: [o{n}]}}
  p{n}: {{text: Premise {n}.{bare}}}
  o{n}: {{text: Objection {n}., evidence: data, objections: [a{n}]}}
  a{n}: {{text: Answer {n}., evidence: more data}}
"""


def folder(tmp_path: Path, count: int) -> list[Path]:
    """*count* small claim files; every third has an unsupported premise."""
    return [write(tmp_path, FILE.format(n=n, bare="" if n % 3 == 0 else ", evidence: e"), f"maps/m{n:03d}.yaml")
            for n in range(count)]


def test_enough_files_to_go_parallel():
    assert PARALLEL_FROM <= 64


def test_jobs_give_the_same_reports_in_the_same_order_whatever_finishes_first(tmp_path, monkeypatch):
    paths = folder(tmp_path, PARALLEL_FROM + 12)
    serial = list(lint_files(paths, Settings(), jobs=1))
    original = lint_module.lint_file

    def slow_first(path, settings, keep=False):  # the workers are forked with this in place
        time.sleep(0.02 if path.name < "m010" else 0)  # the first files finish last
        return original(path, settings, keep)

    monkeypatch.setattr(lint_module, "lint_file", slow_first)
    parallel = list(lint_files(paths, Settings(), jobs=2))
    assert [r.path for r in parallel] == paths
    assert [(r.findings, r.theses) for r in parallel] == [(r.findings, r.theses) for r in serial]
    assert sum(1 for r in parallel if r.findings) == len(paths) // 3 + (len(paths) % 3 > 0)


def test_reports_of_many_files_hold_no_analysis(tmp_path):
    paths = folder(tmp_path, PARALLEL_FROM + 2)
    for jobs in (1, 2):
        reports = list(lint_files(paths, Settings(), jobs=jobs))
        assert all(report.analysis is None and report.model is None for report in reports)
        # what a run keeps per file is a few findings: no graph, no model, no source text
        assert max(len(pickle.dumps(report)) for report in reports) < 4_000


def test_a_file_that_cannot_be_read_in_a_worker_is_one_line(tmp_path, runner, monkeypatch):
    paths = folder(tmp_path, PARALLEL_FROM + 2)
    original = lint_module.load_path

    def unreadable_last(path):  # the workers are forked with this in place
        if path == paths[-1]:
            raise PermissionError(13, "Permission denied")
        return original(path)

    monkeypatch.setattr(lint_module, "load_path", unreadable_last)
    with pytest.raises(FileError, match=r"m049\.yaml: Permission denied"):
        list(lint_files(paths, Settings(), jobs=2))
    result = runner.invoke(cli, ["lint", "--jobs", "2", str(tmp_path / "maps")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.strip().endswith("m049.yaml: Permission denied") and result.output.count("\n") == 1


def test_the_cli_output_is_the_same_with_one_job_or_two(tmp_path, runner):
    folder(tmp_path, PARALLEL_FROM + 5)
    one = runner.invoke(cli, ["lint", "--jobs", "1", "--format", "json", str(tmp_path / "maps")])
    two = runner.invoke(cli, ["lint", "--jobs", "2", "--format", "json", str(tmp_path / "maps")])
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout


def test_a_worker_that_dies_is_one_line_not_a_hang(tmp_path, runner, monkeypatch):
    """A process linting part of the files killed halfway (the out-of-memory killer, say):
    the run says so in one line and exits 2, without waiting for it or losing the others."""
    import os

    paths = folder(tmp_path, PARALLEL_FROM + 2)
    original = lint_module.lint_file
    parent = os.getpid()

    def dies_in_the_worker(path, settings, keep=False):  # the workers are forked with this in place
        if os.getpid() != parent and path == paths[-1]:
            os._exit(9)
        return original(path, settings, keep)

    monkeypatch.setattr(lint_module, "lint_file", dies_in_the_worker)
    result = runner.invoke(cli, ["lint", "--jobs", "2", str(tmp_path / "maps")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "stopped before it was done" in result.output and result.output.count("\n") == 1
