"""The shipped examples: the teaching file trips exactly what its comments say,
the Istanbul reconstruction checks out, and the committed outputs are current."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from argmap.analysis.lint import lint_file
from argmap.cli import cli
from argmap.config import Settings
from conftest import REPO

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
ISTANBUL = REPO / "claims" / "istanbul-2025.yaml"
MARK = re.compile(r"(AM\d{3}) [a-z-]+:")


def _marked(path: Path) -> list[tuple[str, int]]:
    """(code, line) of every `# AMnnn slug: why` comment."""
    marks = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if "#" in line and not line.lstrip().startswith("#"):
            marks.extend((code, number) for code in MARK.findall(line.split("#", 1)[1]))
    return sorted(marks)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_teaching_examples_trip_exactly_what_they_say(path):
    findings = lint_file(path, Settings()).findings
    assert sorted((f.code, f.line) for f in findings) == _marked(path)


def test_teaching_examples_cover_the_catalogue():
    tripped = {code for path in EXAMPLES for code, _ in _marked(path)}
    from argmap.rules.catalogue import RULES

    # AM001/AM002 make a file unloadable and AM005 needs a stale ignore: test_loader and cases/rules.yaml
    assert tripped == set(RULES) - {"AM001", "AM002", "AM005"}


def test_istanbul_lints_clean_and_every_quote_is_found():
    report = lint_file(ISTANBUL, Settings(), keep=True)
    assert [f for f in report.findings if f.severity == "error"] == []
    assert not [f for f in report.suppressed if f.code in ("AM201", "AM202")]
    model = report.model
    assert sum(len(c.quotes) for c in model.claims.values()) >= 30
    assert (REPO / "claims" / "sources" / "istanbul-2025.txt").read_bytes().startswith(b"Why Are Putin and Zelensky")


def test_istanbul_suppressions_each_carry_a_note():
    model = lint_file(ISTANBUL, Settings(), keep=True).model
    for claim in model.claims.values():
        if claim.ignore:
            assert claim.note and any(t.value in claim.note for t in claim.ignore), claim.id


def test_committed_dot_is_what_argmap_draws_now(runner, tmp_path):
    result = runner.invoke(cli, ["render", str(ISTANBUL), "-f", "dot", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    committed = (REPO / "output" / "istanbul-2025.dot").read_text(encoding="utf-8")
    assert (tmp_path / "istanbul-2025.dot").read_text(encoding="utf-8") == committed, "run `make demo`"


def test_committed_audit_is_what_argmap_reports_now(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    result = runner.invoke(cli, ["report", "claims/istanbul-2025.yaml"])
    assert result.exit_code == 0, result.output
    assert result.output == (REPO / "output" / "istanbul-2025.audit.md").read_text(encoding="utf-8"), "run `make demo`"


def _schema() -> dict:
    return json.loads((REPO / "src" / "argmap" / "schema.json").read_text(encoding="utf-8"))


class _PlainLoader(yaml.SafeLoader):
    """As an editor's YAML 1.2 language server sees it: dates stay strings."""


_PlainLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def _well_formed() -> list[Path]:
    files = [ISTANBUL, *EXAMPLES]
    return [f for f in files if not any(c in ("AM001", "AM002", "AM003") for c, _ in _marked(f))]


@pytest.mark.parametrize("path", _well_formed(), ids=lambda p: p.name)
def test_schema_accepts_every_well_formed_claim_file(path):
    jsonschema.validate(yaml.load(path.read_text(encoding="utf-8"), Loader=_PlainLoader), _schema())


def test_schema_accepts_the_rule_cases_that_load_cleanly(tmp_path):
    cases = yaml.safe_load((REPO / "tests" / "cases" / "rules.yaml").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(_schema())
    checked = 0
    for code, entries in cases.items():
        for case in entries:
            if code in ("AM003",) or case.get("malformed"):
                continue  # duplicate keys vanish in any loader but argmap's
            document = yaml.load(case["file"], Loader=_PlainLoader)
            assert not list(validator.iter_errors(document)), (code, case["name"])
            checked += 1
    assert checked > 30


@pytest.mark.parametrize(
    "document",
    [
        {},
        {"claims": []},
        {"claims": {"a": {"evidence": "x"}}},
        {"claims": {"a": {"text": "A", "weight": 3}}},
        {"claims": {"-bad": {"text": "A"}}},
        {"claims": {"a": {"text": "A", "reasons": "b"}}},
        {"claims": {"a": {"text": "A", "reasons": [{"label": "x"}]}}},
        {"claims": {"a": {"text": "A", "assumption": "maybe"}}},
        {"argmap": 2, "claims": {}},
        {"claims": {}, "extra": 1},
    ],
)
def test_schema_rejects_what_the_loader_rejects(document, tmp_path):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, _schema())
    path = tmp_path / "c.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert "AM002" in {f.code for f in lint_file(path, Settings()).findings}


def test_the_format_docs_example_lints_clean(tmp_path):
    text = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    block = re.search(r"## A complete small example\n\n```yaml\n(.*?)```", text, re.S).group(1)
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "bike-lane.txt").write_bytes((REPO / "examples" / "sources" / "bike-lane.txt").read_bytes())
    (tmp_path / "doc.yaml").write_text(block, encoding="utf-8")
    report = lint_file(tmp_path / "doc.yaml", Settings())
    assert report.findings == [] and [f.code for f in report.suppressed] == ["AM302"]


def test_the_format_docs_grounding_example_says_what_the_docs_say(tmp_path):
    """docs/format.md explains v2 grounding with a quoted conclusion that falls: run it."""
    text = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    section = text.split("### Why a quote on a conclusion grounds nothing", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    promised = re.search(r"`(thesis 'remedy' is not accepted.*?)`\.", section.replace("\n", " "), re.S).group(1)
    (tmp_path / "federalist-10.txt").write_text(
        "The union is the remedy. Factions are controlled by a large republic.\n", encoding="utf-8")
    (tmp_path / "doc.yaml").write_text(block, encoding="utf-8")
    findings = lint_file(tmp_path / "doc.yaml", Settings()).findings
    assert [f.message for f in findings if f.code == "AM301"] == [promised]
    assert "AM201" not in {f.code for f in findings}  # both quotes are in the text
