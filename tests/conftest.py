from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.analysis.lint import lint_file
from argmap.config import Settings
from argmap.findings import Finding

REPO = Path(__file__).resolve().parent.parent


def shared_file(relative: str) -> Path | None:
    """A file of the team's reference data (`shared/`, never copied into the project):
    under $ARGMAP_SHARED, or in a `shared` folder beside the clone or above it."""
    roots = [Path(os.environ["ARGMAP_SHARED"])] if os.environ.get("ARGMAP_SHARED") else []
    roots += [folder / "shared" for folder in REPO.parents]
    return next((root / relative for root in roots if (root / relative).is_file()), None)


#: an undercut answered and an objection answered: where junctions meet
UNDERCUTS = """
claims:
  a: {text: A, reasons: [{premises: [b], objections: [c]}], objections: [{premises: [d], objections: [e]}]}
  b: {text: B, evidence: e}
  c: {text: C, evidence: e}
  d: {text: D, evidence: e}
  e: {text: E, evidence: e}
"""


def write(tmp_path: Path, text: str | bytes, name: str = "claims.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def lint_text(tmp_path: Path, text: str | bytes, name: str = "claims.yaml", **settings) -> list[Finding]:
    return lint_file(write(tmp_path, text, name), Settings(**settings)).findings


def codes(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in findings]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fuzz-scale", type=float, default=1.0, metavar="FACTOR",
        help="multiply the fuzz tests' example counts (a long run: --fuzz-scale 50)",
    )


_options: dict[str, float] = {"fuzz-scale": 1.0}


def pytest_configure(config: pytest.Config) -> None:
    _options["fuzz-scale"] = config.getoption("--fuzz-scale")


def fuzz_examples(count: int) -> int:
    """*count* hypothesis examples, scaled by --fuzz-scale (read when the test modules are collected)."""
    return max(1, round(count * _options["fuzz-scale"]))
