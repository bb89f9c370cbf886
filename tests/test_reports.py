"""Machine-readable reports (SARIF, GitHub annotations, Markdown) through the real CLI."""

from __future__ import annotations

import io
import json
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from argmap.cli import cli
from argmap.findings import Finding, Severity
from argmap.report import Run, Summary, github, markdown, reporter, sarif
from argmap.rules.catalogue import RULES
from conftest import shared_file, write

SARIF_SCHEMA = shared_file("schemas/sarif-schema-2.1.0.json")

# Findings: AM004 (unknown 'saftey'), AM101 ('b' unsupported), and more; positions below.
BAD = textwrap.dedent(
    """\
    theses: [a]
    claims:
      a:
        text: Build the lane.
        reasons: [b, saftey]
      b:
        text: It is cheap.
      safety: {text: It saves lives., evidence: report}
    """
)
GOOD = "theses: [a]\nclaims:\n  a: {text: Build the lane., evidence: council report}\n"
ODD_NAME = "odd name, 100%.yaml"  # a space, a comma and a percent sign: all need escaping somewhere


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first *needle* in *text*."""
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A repository-like folder, made the current folder, with claims/ holding a bad and a good file."""
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / ODD_NAME).write_text(BAD, encoding="utf-8")
    (tmp_path / "claims" / "good.yaml").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def lint(runner, *args: str, env: dict[str, str | None] | None = None):
    return runner.invoke(cli, ["lint", *args], env=env)


def json_findings(runner, *paths: str) -> list[dict]:
    result = lint(runner, "--format", "json", *paths)
    return json.loads(result.output)["findings"]


# -- SARIF ---------------------------------------------------------------------


def sarif_of(runner, *args: str) -> dict:
    result = lint(runner, "--format", "sarif", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def validate_sarif(document: dict) -> None:
    if SARIF_SCHEMA is None:
        pytest.skip("SARIF schema not found: no shared/schemas/sarif-schema-2.1.0.json beside or above the clone "
                    "(set ARGMAP_SHARED to the shared folder)")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


# RFC 3986 URI reference characters only: unreserved, reserved and percent escapes.
URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*$")


def test_sarif_is_valid_and_lists_every_rule_with_help(runner, project):
    document = sarif_of(runner, "claims")
    validate_sarif(document)
    assert document["version"] == "2.1.0"
    assert document["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "argmap" and driver["version"]
    assert urlparse(driver["informationUri"]).scheme == "https"  # jsonschema checks no "uri" format without rfc3987
    assert run["columnKind"] == "unicodeCodePoints"
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    for descriptor, rule in zip(driver["rules"], RULES.values(), strict=True):
        assert descriptor["name"] == "".join(p.capitalize() for p in rule.slug.split("-"))
        assert descriptor["shortDescription"]["text"].startswith(rule.summary)
        assert descriptor["help"]["text"] == rule.doc == descriptor["fullDescription"]["text"]
        assert "```yaml" in descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] == str(rule.severity)
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_results_point_at_the_findings(runner, project):
    expected = json_findings(runner, "claims")
    (run,) = sarif_of(runner, "claims")["runs"]
    assert len(run["results"]) == len(expected) >= 3
    for result, finding in zip(run["results"], expected, strict=True):
        assert result["ruleId"] == finding["code"]
        assert result["level"] == finding["severity"]
        assert result["message"]["text"] == finding["message"]
        (location,) = result["locations"]
        region = location["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (finding["line"], finding["column"])
        assert region.get("endLine") == finding["end_line"]
        assert region.get("endColumn") == finding["end_column"]

    by_code = {result["ruleId"]: result for result in run["results"]}
    region = by_code["AM004"]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == position(BAD, "saftey")
    region = by_code["AM101"]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == position(BAD, "b:\n")
    assert by_code["AM101"]["level"] == "error" and by_code["AM101"]["properties"] == {"claim": "b"}


def test_sarif_uris_are_repo_relative_and_percent_encoded(runner, project):
    (run,) = sarif_of(runner, "claims")["runs"]
    locations = {
        json.dumps(result["locations"][0]["physicalLocation"]["artifactLocation"], sort_keys=True)
        for result in run["results"]
    }
    assert [json.loads(location) for location in locations] == [
        {"uri": "claims/odd%20name%2C%20100%25.yaml", "uriBaseId": "%SRCROOT%"}
    ]
    uri = json.loads(locations.pop())["uri"]
    assert URI_REFERENCE.match(uri) and unquote(uri) == f"claims/{ODD_NAME}"


def test_sarif_uri_outside_the_current_folder_is_a_file_uri(runner, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere dir" / "bad.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(BAD, encoding="utf-8")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    document = sarif_of(runner, str(elsewhere))
    validate_sarif(document)
    (run,) = document["runs"]
    for result in run["results"]:
        artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": elsewhere.as_uri()}
        assert artifact["uri"].startswith("file:///") and "%20" in artifact["uri"]


def test_sarif_without_findings_is_valid_and_deterministic(runner, project):
    result = lint(runner, "--format", "sarif", "claims/good.yaml")
    assert result.exit_code == 0
    document = json.loads(result.output)
    validate_sarif(document)
    assert document["runs"][0]["results"] == []
    assert lint(runner, "--format", "sarif", "claims/good.yaml").output == result.output
    assert lint(runner, "--format", "sarif", "claims").output == lint(runner, "--format", "sarif", "claims").output


def test_sarif_to_a_file(runner, project):
    result = lint(runner, "--format", "sarif", "-o", "argmap.sarif", "claims")
    assert result.exit_code == 1 and result.output == ""
    document = json.loads((project / "argmap.sarif").read_text(encoding="utf-8"))
    validate_sarif(document)
    assert {r["ruleId"] for r in document["runs"][0]["results"]} >= {"AM004", "AM101"}


def test_sarif_help_markdown_fences_the_examples():
    doc = "Summary line.\n\nMore text.\n\nFails::\n\n    claims:\n      a: {text: x}\n\nPasses::\n\n    claims: {}"
    assert sarif.help_markdown(doc) == (
        "Summary line.\n\nMore text.\n\nFails:\n\n```yaml\nclaims:\n  a: {text: x}\n```\n\n"
        "Passes:\n\n```yaml\nclaims: {}\n```"
    )


@pytest.mark.parametrize(
    "path, expected",
    [
        ("claims/a.yaml", {"uri": "claims/a.yaml", "uriBaseId": "%SRCROOT%"}),
        ("claims/a b#c?.yaml", {"uri": "claims/a%20b%23c%3F.yaml", "uriBaseId": "%SRCROOT%"}),
        ("x:y.yaml", {"uri": "x%3Ay.yaml", "uriBaseId": "%SRCROOT%"}),  # not a scheme
    ],
)
def test_sarif_artifact_locations(path, expected):
    assert sarif.artifact_location(path) == expected


def test_sarif_path_outside_the_repository_is_a_file_uri(tmp_path, monkeypatch):
    (tmp_path / "repo").mkdir()
    monkeypatch.chdir(tmp_path / "repo")
    location = sarif.artifact_location("../up/été.yaml")
    assert location == {"uri": (tmp_path / "up" / "été.yaml").as_uri()}
    assert location["uri"].startswith("file:///") and "%C3%A9t%C3%A9" in location["uri"]


# -- GitHub Actions annotations ----------------------------------------------------


def test_github_escape_data_as_the_toolkit():
    assert github.escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert github.escape_data("%0A") == "%250A"  # '%' first, so an escape is never decoded twice
    assert github.escape_data("") == ""


def test_github_escape_property_as_the_toolkit():
    assert github.escape_property("claims/a:b, c%\r\n.yaml") == "claims/a%3Ab%2C c%25%0D%0A.yaml"
    assert github.escape_property("%3A") == "%253A"
    assert github.escape_property("AM101 unsupported-claim") == "AM101 unsupported-claim"


def test_github_line_escapes_properties_and_message():
    finding = Finding(
        path="claims/a:b, 100%.yaml",
        line=12,
        column=5,
        code="AM004",
        rule="unknown-reference",
        severity=Severity.ERROR,
        message="premise 'x' is 100% unknown:\r\nsee a, b",
        claim="a",
        end_line=12,
        end_column=9,
    )
    assert github.format_finding(finding) == (
        "::error file=claims/a%3Ab%2C 100%25.yaml,line=12,col=5,endLine=12,endColumn=9,"
        "title=AM004 unknown-reference::premise 'x' is 100%25 unknown:%0D%0Asee a, b"
    )


def test_github_line_omits_unknown_end_and_uses_warning():
    finding = Finding("claims/x.yaml", 3, 1, "AM103", "orphan-claim", Severity.WARNING, "claim 'c' is orphaned", "c")
    assert github.format_finding(finding) == (
        "::warning file=claims/x.yaml,line=3,col=1,title=AM103 orphan-claim::claim 'c' is orphaned"
    )


def expected_github_line(finding: dict) -> str:
    """The annotation built independently of argmap.report.github."""

    def data(s: str) -> str:
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(s: object) -> str:
        return data(str(s)).replace(":", "%3A").replace(",", "%2C")

    props = [("file", finding["path"]), ("line", finding["line"]), ("col", finding["column"])]
    props += [("endLine", finding["end_line"]), ("endColumn", finding["end_column"])]
    props += [("title", f"{finding['code']} {finding['rule']}")]
    listed = ",".join(f"{k}={prop(v)}" for k, v in props if v is not None)
    return f"::{finding['severity']} {listed}::{data(finding['message'])}"


def test_github_format_through_the_cli(runner, project):
    findings = json_findings(runner, "claims")
    result = lint(runner, "--format", "github", "claims")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:-1] == [expected_github_line(f) for f in findings]
    assert lines[-1].startswith("Found ") and not lines[-1].startswith("::")
    line, column = position(BAD, "saftey")
    am004 = next(entry for entry in lines if "title=AM004 unknown-reference::" in entry)
    assert am004.startswith(f"::error file=claims/odd name%2C 100%25.yaml,line={line},col={column},")


def test_github_is_the_default_on_github_actions(runner, project):
    result = lint(runner, "claims", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert result.output.startswith(("::error file=claims/", "::warning file=claims/"))
    assert result.output == lint(runner, "--format", "github", "claims").output


@pytest.mark.parametrize("value", [None, "false", ""])
def test_text_is_the_default_elsewhere(runner, project, value):
    result = lint(runner, "claims", env={"GITHUB_ACTIONS": value})
    assert result.exit_code == 1
    assert result.output.startswith(f"claims/{ODD_NAME}:")
    assert "::error" not in result.output


def test_an_explicit_format_wins_on_github_actions(runner, project):
    result = lint(runner, "--format", "text", "claims", env={"GITHUB_ACTIONS": "true"})
    assert "::error" not in result.output and result.output.startswith(f"claims/{ODD_NAME}:")


# -- Markdown ----------------------------------------------------------------------


def sample_findings() -> list[Finding]:
    return [
        Finding("claims/a|b.yaml", 2, 3, "AM101", "unsupported-claim", Severity.ERROR, "claim 'x' has | a pipe", "x"),
        Finding("claims/a|b.yaml", 5, 9, "AM004", "unknown-reference", Severity.ERROR, "two\nlines <b>", "y", 5, 12),
        Finding("claims/c.yaml", 1, 1, "AM101", "unsupported-claim", Severity.ERROR, "claim 'z' is bare", "z"),
        Finding("claims/c.yaml", 7, 3, "AM103", "orphan-claim", Severity.WARNING, "claim 'w' is orphaned", "w"),
    ]


def test_markdown_report():
    findings = sample_findings()
    out = io.StringIO()
    markdown.write(Run(findings, Summary.of(findings, 2)), out)
    text = out.getvalue()
    lines = text.splitlines()
    assert lines[0] == "# argmap audit"
    assert "| File | Line | Column | Code | Severity | Claim | Message |" in lines
    rows = [line for line in lines if line.startswith("| claims/")]
    assert rows[0] == (
        "| claims/a\\|b.yaml | 2 | 3 | `AM101` unsupported-claim | error | `x` | claim 'x' has \\| a pipe |"
    )
    assert rows[1].endswith("| `y` | two<br>lines &lt;b> |")
    assert len(rows) == 4
    # every table row has the same number of unescaped cell separators
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 8
    by_rule = lines[lines.index("| Code | Rule | Severity | Count |") + 2 :]
    assert by_rule[:3] == [
        "| `AM101` | unsupported-claim | error | 2 |",
        "| `AM004` | unknown-reference | error | 1 |",
        "| `AM103` | orphan-claim | warning | 1 |",
    ]
    assert lines[-1] == "**Found 3 errors and 1 warning in 2 files.**"


def test_markdown_report_without_findings():
    out = io.StringIO()
    markdown.write(Run([], Summary(3, 0, 0)), out)
    assert out.getvalue() == "# argmap audit\n\nNo findings.\n\n**All checks passed (3 files).**\n"


def test_markdown_report_from_real_findings(runner, project):
    findings = [Finding(**{**f, "severity": Severity(f["severity"])}) for f in json_findings(runner, "claims")]
    out = io.StringIO()
    reporter("markdown")(Run(findings, Summary.of(findings, 2)), out)
    assert "| claims/odd name, 100%.yaml |" in out.getvalue()
    assert out.getvalue().count("| claims/") == len(findings)


# -- A closed pipe -------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif"])
def test_a_closed_pipe_ends_quietly(tmp_path, output_format):
    # Far more output than a pipe buffer holds, so the writer really meets a closed pipe.
    claims = "".join(f"  claim-{i}: {{text: Bare assertion number {i}.}}\n" for i in range(3000))
    path = tmp_path / "many.yaml"
    path.write_text("claims:\n" + claims, encoding="utf-8")
    command = f"{shlex.quote(sys.executable)} -m argmap lint --format {output_format} {shlex.quote(str(path))} | head -1"
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 1
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr


def test_the_audit_report_reads_as_a_fact_checker_needs(runner, project):
    """Source with its URL and date, each thesis with its status, why and note, severity
    in the findings, and what rests on the source's word alone."""
    write(project, "Cycling is up forty percent. The lane is safe.\n", "claims/sources/a.txt")
    write(project, """\
title: Lane
source: {title: Report, date: 2025-03-02, url: "https://example.org/r", path: sources/a.txt}
theses: [t]
claims:
  t:
    text: Build the lane.
    quote: The lane is safe.
    reasons: [up]
    note: The report's conclusion.
  up: {text: Cycling is up., quote: cycling is up forty percent, note: Counted in 2024.}
""", "claims/a.yaml")
    result = runner.invoke(cli, ["report", "claims/a.yaml"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Source: *Report*, 2025-03-02, <https://example.org/r>; quotes checked against `sources/a.txt`" in text
    assert "| Build the lane. (`t`) | **IN** | reason 1 holds ('up') | The report's conclusion. |" in text
    on_word = text.split("## On the source's word alone", 1)[1].split("##", 1)[0]
    assert "(`up`) | “cycling is up forty percent” | Counted in 2024. |" in on_word
    assert "(`t`)" not in on_word  # a quoted conclusion rests on its reasons, not on the source's word
