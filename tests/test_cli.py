"""The `argmap` command line as a user meets it: exit codes, paths, formats, flags."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from argmap import __version__
from argmap.cli import cli
from argmap.rules.catalogue import RULES
from conftest import REPO

CLEAN = "theses: [a]\nclaims:\n  a: {text: Build the lane., evidence: council report}\n"
# one warning: 'b' (line 4) is connected to no thesis (AM103)
WARNING = "theses: [a]\nclaims:\n  a: {text: A., evidence: e}\n  b: {text: B., evidence: f}\n"
# one error and one warning: 'b' (line 4) is unsupported (AM101), so thesis 'a' (line 3) is OUT (AM301)
ERROR = "theses: [a]\nclaims:\n  a: {text: A., reasons: [b]}\n  b: {text: B.}\n"
# a support circle: AM102 at 'a', and 'a' undecided (AM301)
CIRCLE = "theses: [a]\nclaims:\n  a: {text: A., reasons: [b]}\n  b: {text: B., reasons: [a]}\n"

ANSI = "\x1b["
VALID_CODES = ", ".join(RULES)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """An empty current folder, outside GitHub Actions and without NO_COLOR."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def put(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def lint(runner, *args: str, **kwargs):
    return runner.invoke(cli, ["lint", *args], **kwargs)


def as_json(result) -> dict:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def assert_usage_error(result, *needles: str) -> str:
    """Exit 2 with one `argmap: error:` line on stderr, no traceback."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("argmap: error: "), result.stderr
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


# -- exit codes ------------------------------------------------------------------


def test_clean_file_exits_0(runner, project):
    put(project, "a.yaml", CLEAN)
    result = lint(runner, "a.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "All checks passed (1 file).\n"


def test_warnings_only_exit_0(runner, project):
    put(project, "a.yaml", WARNING)
    result = lint(runner, "a.yaml")
    assert result.exit_code == 0, result.output
    assert "AM103 [warning]" in result.stdout


def test_strict_makes_warnings_fail(runner, project):
    put(project, "a.yaml", WARNING)
    assert lint(runner, "--strict", "a.yaml").exit_code == 1
    assert lint(runner, "--strict", "--no-strict", "a.yaml").exit_code == 0


def test_strict_on_a_clean_file_still_exits_0(runner, project):
    put(project, "a.yaml", CLEAN)
    assert lint(runner, "--strict", "a.yaml").exit_code == 0


def test_error_findings_exit_1(runner, project):
    put(project, "a.yaml", ERROR)
    result = lint(runner, "a.yaml")
    assert result.exit_code == 1
    assert "AM101 [error]" in result.stdout


@pytest.mark.parametrize("text", ["claims: [unclosed\n", "just a string\n", "", "\x00"])
def test_malformed_file_is_a_finding_not_a_crash(runner, project, text):
    put(project, "a.yaml", text)
    result = lint(runner, "a.yaml")
    assert result.exit_code == 1, result.output
    assert re.search(r"^a\.yaml:\d+:\d+: AM00[12] \[error\] ", result.stdout, re.M), result.stdout
    assert "Traceback" not in result.output


def test_missing_path_exits_2_with_one_line(runner, project):
    result = lint(runner, "nope.yaml")
    assert_usage_error(result, "nope.yaml")
    assert result.stdout == ""


def test_missing_path_among_good_ones_exits_2(runner, project):
    put(project, "a.yaml", ERROR)
    result = lint(runner, "a.yaml", "missing/")
    assert_usage_error(result, "missing")


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
@pytest.mark.parametrize("value", ["AM999", "nope", "AM101,bogus-rule", "XY"])
def test_unknown_code_in_select_or_ignore_exits_2(runner, project, flag, value):
    put(project, "a.yaml", CLEAN)
    line = assert_usage_error(lint(runner, flag, value, "a.yaml"), flag)
    assert VALID_CODES in line


def test_explain_unknown_rule_exits_2(runner):
    result = runner.invoke(cli, ["explain", "NOPE"])
    line = assert_usage_error(result, "NOPE")
    assert VALID_CODES in line


def test_unknown_format_is_a_usage_error(runner, project):
    put(project, "a.yaml", CLEAN)
    result = lint(runner, "--format", "xml", "a.yaml")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_output_into_a_missing_folder_makes_it(runner, project):
    put(project, "a.yaml", CLEAN)
    assert lint(runner, "-o", "new/folder/report.txt", "a.yaml").exit_code == 0
    assert "All checks passed" in (project / "new/folder/report.txt").read_text(encoding="utf-8")


def test_output_under_a_file_exits_2(runner, project):
    put(project, "a.yaml", CLEAN)
    put(project, "notes.txt", "a file, not a folder\n")
    assert_usage_error(lint(runner, "-o", "notes.txt/report.txt", "a.yaml"), "notes.txt")


# -- paths -----------------------------------------------------------------------


def test_default_path_is_claims_folder(runner, project):
    put(project, "claims/x.yaml", ERROR)
    put(project, "elsewhere.yaml", ERROR)  # not under claims/: not linted
    result = lint(runner, "--format", "json")
    assert {f["path"] for f in as_json(result)["findings"]} == {"claims/x.yaml"}
    assert as_json(result)["summary"]["files"] == 1


def test_default_path_missing_exits_2(runner, project):
    assert_usage_error(lint(runner), "claims")


def test_folder_walk_finds_claim_files_recursively_in_sorted_order(runner, project):
    for name in ("claims/b.yaml", "claims/a.yml", "claims/sub/c.json", "claims/sub/deeper/d.YAML", "claims/c.yaml"):
        text = json.dumps({"claims": {"x": {"text": "X."}}}) if name.endswith(".json") else ERROR
        put(project, name, text)
    for name in ("claims/notes.txt", "claims/README.md", "claims/sub/data.toml", "claims/yaml", "claims/x.yaml.bak"):
        put(project, name, "not: [a claim file\n")
    (project / "claims" / "folder.yaml").mkdir()  # a folder with a claim suffix is no file
    findings = as_json(lint(runner, "--format", "json", "claims"))["findings"]
    paths = list(dict.fromkeys(f["path"] for f in findings))
    assert paths == ["claims/a.yml", "claims/b.yaml", "claims/c.yaml", "claims/sub/c.json", "claims/sub/deeper/d.YAML"]
    assert as_json(lint(runner, "--format", "json", "claims"))["summary"]["files"] == 5


def test_findings_sorted_by_path_line_column_across_files(runner, project):
    put(project, "claims/z.yaml", CIRCLE + "  c: {text: C.}\n")
    put(project, "claims/m.yaml", ERROR)
    put(project, "claims/a.yaml", WARNING + "  d: {text: B., evidence: g}\n")
    findings = as_json(lint(runner, "--format", "json", "claims/z.yaml", "claims"))["findings"]
    keys = [(f["path"], f["line"], f["column"]) for f in findings]
    assert len(findings) >= 7
    assert keys == sorted(keys)
    assert list(dict.fromkeys(path for path, _, _ in keys)) == ["claims/a.yaml", "claims/m.yaml", "claims/z.yaml"]


def test_file_given_twice_is_linted_once(runner, project):
    put(project, "claims/a.yaml", ERROR)
    document = as_json(lint(runner, "--format", "json", "claims/a.yaml", "claims", "./claims/a.yaml"))
    assert document["summary"] == {"files": 1, "errors": 1, "warnings": 1, "strict": False}


def test_same_file_spelled_two_ways_is_linted_once(runner, project):
    path = put(project, "claims/a.yaml", ERROR)
    document = as_json(lint(runner, "--format", "json", "claims/a.yaml", str(path.resolve())))
    assert document["summary"] == {"files": 1, "errors": 1, "warnings": 1, "strict": False}


def test_findings_sorted_by_displayed_path_when_paths_are_absolute_and_relative(runner, project):
    put(project, "claims/a.yaml", ERROR)
    b = put(project, "claims/b.yaml", ERROR)
    findings = as_json(lint(runner, "--format", "json", str(b.resolve()), "claims/a.yaml"))["findings"]
    keys = [(f["path"], f["line"], f["column"]) for f in findings]
    assert keys == sorted(keys)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_given_as_a_path_is_refused_not_waited_on(runner, project):
    os.mkfifo(project / "pipe.yaml")
    assert_usage_error(lint(runner, "pipe.yaml"), "pipe.yaml")


def test_a_fifo_in_a_folder_is_skipped_or_refused_not_waited_on(runner, project):
    put(project, "claims/a.yaml", CLEAN)
    os.mkfifo(project / "claims" / "pipe.yaml")
    result = lint(runner)
    assert result.exit_code in (0, 2) and "Traceback" not in result.output


def test_explicit_file_with_other_suffix_is_linted(runner, project):
    put(project, "notes.txt", ERROR)
    result = lint(runner, "notes.txt")
    assert result.exit_code == 1 and "notes.txt:4:3: AM101" in result.stdout


def test_a_folder_with_no_claim_files_is_said_not_passed(runner, project):
    (project / "claims").mkdir()
    put(project, "claims/notes.txt", "not a claim file\n")
    result = lint(runner)
    assert result.exit_code == 2
    assert "no claim files in claims (looked for *.yaml, *.yml, *.json" in result.output


def test_strict_says_that_warnings_count_as_errors(runner, project):
    put(project, "claims/a.yaml", WARNING)
    assert lint(runner).stdout.splitlines()[-1] == "Found 1 warning in 1 file."
    result = lint(runner, "--strict")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "Found 1 warning in 1 file (--strict: warnings count as errors)."


@pytest.mark.parametrize("typo, hint", [
    ("AM1O1", "did you mean AM101 (unsupported-claim)?"),
    ("circular-reasonning", "did you mean AM102 (circular-reasoning)?"),
    ("AM30", "'AM30' names 2 rules: AM301 (defeated-thesis), AM302 (unanswered-objection)"),
])
def test_explain_with_a_typo_suggests_the_rule(runner, typo, hint):
    result = runner.invoke(cli, ["explain", typo])
    assert result.exit_code == 2 and hint in result.output and len(result.output.splitlines()) == 1


def test_report_takes_several_files_and_folders(runner, project):
    put(project, "claims/a.yaml", CLEAN)
    put(project, "claims/more/b.yaml", ERROR)
    result = runner.invoke(cli, ["report", "claims"])
    assert result.exit_code == 0
    text = result.output
    assert text.startswith("# Audit of 2 claim files")
    assert "| claims/a.yaml | 1 | 1 | 0 | 0 |" in text and "| claims/more/b.yaml | 1 | 0 | 1 | 1 |" in text
    assert "**OUT (unsupported)** | its reason fails: 'b' is unsupported" in text
    assert "| 4 | error | `AM101` unsupported-claim | `b` |" in text  # severity in the findings


# -- text format ---------------------------------------------------------------------

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>AM\d{3}) \[(?P<sev>error|warning)\] (?P<msg>.+)$")


def test_text_lines_and_summary(runner, project):
    put(project, "claims/clean.yaml", CLEAN)
    put(project, "claims/err.yaml", ERROR)
    put(project, "claims/warn.yaml", WARNING)
    result = lint(runner)
    *lines, summary = result.stdout.splitlines()
    assert summary == "Found 1 error and 2 warnings in 3 files."
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    assert [(m["path"], int(m["line"]), int(m["col"]), m["code"], m["sev"]) for m in parsed] == [
        ("claims/err.yaml", 3, 3, "AM301", "warning"),
        ("claims/err.yaml", 4, 3, "AM101", "error"),
        ("claims/warn.yaml", 4, 3, "AM103", "warning"),
    ]
    assert "'b'" in parsed[1]["msg"]


@pytest.mark.parametrize(
    "texts, summary",
    [
        ([CLEAN], "All checks passed (1 file)."),
        ([CLEAN, CLEAN], "All checks passed (2 files)."),
        ([WARNING], "Found 1 warning in 1 file."),
        ([WARNING, WARNING], "Found 2 warnings in 2 files."),
        ([CIRCLE, ERROR], "Found 2 errors and 2 warnings in 2 files."),
    ],
)
def test_summary_sentence(runner, project, texts, summary):
    for i, text in enumerate(texts):
        put(project, f"claims/{i}.yaml", text)
    assert lint(runner).stdout.splitlines()[-1] == summary


def test_paths_are_relative_to_the_current_folder(runner, project, monkeypatch):
    put(project, "work/claims/deep/x.yaml", ERROR)
    monkeypatch.chdir(project / "work")
    absolute = lint(runner, str(project / "work" / "claims"))
    relative = lint(runner, "claims/deep/../deep/x.yaml")
    for result in (absolute, relative):
        assert result.stdout.startswith("claims/deep/x.yaml:3:3: AM301"), result.stdout
        assert str(project) not in result.stdout


def test_paths_outside_the_current_folder_stay_as_given(runner, project, monkeypatch):
    put(project, "outside/x.yaml", ERROR)
    (project / "here").mkdir()
    monkeypatch.chdir(project / "here")
    result = lint(runner, "../outside/x.yaml")
    assert result.stdout.startswith("../outside/x.yaml:3:3: AM301"), result.stdout


@pytest.mark.parametrize(
    "text",
    ['claims: "first\\nsecond"\n', 'claims:\n  "bad\\nid": {text: A., evidence: e}\n', '"two\\nlines"\n'],
)
def test_each_finding_is_one_line_of_text(runner, project, text):
    put(project, "a.yaml", text)
    result = lint(runner, "a.yaml")
    *lines, summary = result.stdout.splitlines()
    assert summary.startswith("Found 1 error")
    assert len(lines) == 1 and LINE.match(lines[0]), result.stdout


# -- json format ---------------------------------------------------------------------

FIELDS = ["path", "line", "column", "end_line", "end_column", "code", "rule", "severity", "message", "claim"]


def test_json_report_shape(runner, project):
    put(project, "claims/err.yaml", ERROR)
    put(project, "claims/clean.yaml", CLEAN)
    result = lint(runner, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert set(document) == {"findings", "files", "summary"}
    assert document["summary"] == {"files": 2, "errors": 1, "warnings": 1, "strict": False}
    # CI reads each thesis' verdict without parsing messages
    assert document["files"] == [
        {"path": "claims/clean.yaml", "loaded": True, "theses": [
            {"id": "a", "label": "IN", "status": "accepted", "why": "grounded by its evidence", "responsible": []}]},
        {"path": "claims/err.yaml", "loaded": True, "theses": [
            {"id": "a", "label": "OUT", "status": "unsupported", "why": "its reason fails: 'b' is unsupported",
             "responsible": ["b"]}]},
    ]
    first, second = document["findings"]
    assert sorted(first) == sorted(FIELDS)
    assert second == {
        "path": "claims/err.yaml",
        "line": 4,
        "column": 3,
        "end_line": 4,
        "end_column": 4,
        "code": "AM101",
        "rule": "unsupported-claim",
        "severity": "error",
        "message": second["message"],
        "claim": "b",
    }
    assert first["code"] == "AM301" and first["claim"] == "a" and first["severity"] == "warning"


def test_json_report_without_findings(runner, project):
    put(project, "a.yaml", CLEAN)
    result = lint(runner, "--format", "json", "a.yaml")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "findings": [],
        "files": [{"path": "a.yaml", "loaded": True, "theses": [
            {"id": "a", "label": "IN", "status": "accepted", "why": "grounded by its evidence", "responsible": []}]}],
        "summary": {"files": 1, "errors": 0, "warnings": 0, "strict": False},
    }


def test_json_keeps_non_ascii(runner, project):
    put(project, "a.yaml", "claims:\n  türkiye: {text: Türkiye — 中立}\n")
    (finding, *_) = as_json(lint(runner, "--format", "json", "a.yaml"))["findings"]
    assert finding["claim"] == "türkiye"


# -- --statistics, -o, --status ------------------------------------------------------


def test_statistics_counts_per_code(runner, project):
    put(project, "claims/a.yaml", ERROR)
    put(project, "claims/b.yaml", ERROR)
    put(project, "claims/c.yaml", WARNING)
    result = lint(runner, "--statistics")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    counts = {parts[1]: int(parts[0]) for parts in (line.split() for line in lines[:-1])}
    assert counts == {"AM101": 2, "AM301": 2, "AM103": 1}
    assert "unsupported-claim" in result.stdout and "[error]" in result.stdout
    assert lines[-1] == "Found 2 errors and 3 warnings in 3 files."
    assert not any(LINE.match(line) for line in lines), "statistics replace the findings"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_file_gets_the_report_and_stdout_nothing_of_it(runner, project, fmt):
    put(project, "claims/a.yaml", ERROR)
    expected = lint(runner, "--format", fmt).stdout
    result = lint(runner, "--format", fmt, "-o", "report.out")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (project / "report.out").read_text(encoding="utf-8") == expected


def test_output_file_is_overwritten_not_appended(runner, project):
    put(project, "claims/a.yaml", CLEAN)
    (project / "report.txt").write_text("old contents\n" * 100, encoding="utf-8")
    lint(runner, "-o", "report.txt")
    assert (project / "report.txt").read_text(encoding="utf-8") == "All checks passed (1 file).\n"


def test_status_prints_each_thesis_label(runner, project):
    put(project, "claims/a.yaml", "theses: [ok, bad, loop]\nclaims:\n"
        "  ok: {text: OK., evidence: e}\n"
        "  bad: {text: Bad., reasons: [u]}\n"
        "  u: {text: U.}\n"
        "  loop: {text: Loop., reasons: [l2]}\n"
        "  l2: {text: L2., reasons: [loop]}\n")
    result = lint(runner, "--status")
    status = [line for line in result.stdout.splitlines() if ": thesis '" in line]
    assert [re.match(r"claims/a\.yaml: thesis '([^']+)' is (IN|OUT|UNDEC)", line).groups() for line in status] == [
        ("ok", "IN"),
        ("bad", "OUT"),
        ("loop", "UNDEC"),
    ]


def test_status_skips_files_that_do_not_load(runner, project):
    put(project, "claims/a.yaml", "[not, a, mapping]\n")
    result = lint(runner, "--status")
    assert result.exit_code == 1 and "thesis" not in result.stdout


@pytest.mark.parametrize("flag, shown", [("--status", "thesis 'a' is OUT"), ("--statistics", "AM101")])
@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_stay_parseable_with_status_and_statistics(runner, project, flag, shown, fmt):
    put(project, "claims/a.yaml", ERROR)
    result = lint(runner, "--format", fmt, flag)
    assert result.exit_code == 1
    json.loads(result.stdout)  # the document alone on stdout
    assert shown in result.output  # and what the flag asked for is not lost


# -- --select / --ignore -------------------------------------------------------------


def codes_of(runner, *args: str) -> set[str]:
    return {f["code"] for f in as_json(lint(runner, "--format", "json", *args))["findings"]}


@pytest.fixture
def many(project) -> Path:
    """A file with AM101, AM102, AM103, AM301 and AM004 findings."""
    put(project, "claims/a.yaml", "theses: [a, c]\nclaims:\n"
        "  a: {text: A., reasons: [b]}\n"
        "  b: {text: B., reasons: [a]}\n"
        "  c: {text: C., reasons: [nowhere]}\n"
        "  d: {text: D.}\n")
    return project


def test_all_rules_run_by_default(runner, many):
    assert codes_of(runner) >= {"AM004", "AM101", "AM102", "AM103", "AM301"}


@pytest.mark.parametrize(
    "select, expected",
    [
        ("AM102", {"AM102"}),
        ("am102", {"AM102"}),
        ("circular-reasoning", {"AM102"}),
        ("AM1", {"AM101", "AM102", "AM103"}),
        ("AM10", {"AM101", "AM102", "AM103"}),
        ("AM0,orphan-claim", {"AM004", "AM103"}),
        (" AM102 , AM301 ", {"AM102", "AM301"}),
        ("ALL", None),
    ],
)
def test_select_by_code_slug_and_prefix(runner, many, select, expected):
    found = codes_of(runner, "--select", select)
    assert found == (expected if expected is not None else codes_of(runner))


@pytest.mark.parametrize(
    "ignore, removed",
    [
        ("AM102", {"AM102"}),
        ("orphan-claim", {"AM103"}),
        ("AM1", {"AM101", "AM102", "AM103"}),
        ("AM3,unknown-reference", {"AM301", "AM004"}),
    ],
)
def test_ignore_by_code_slug_and_prefix(runner, many, ignore, removed):
    assert codes_of(runner, "--ignore", ignore) == codes_of(runner) - removed


def test_a_rule_is_found_by_its_former_slug_and_shown_by_its_current_one(runner, tmp_path):
    """AM001 was `yaml-syntax` while claim files were all argmap read; Argdown files have
    syntax errors too, so it is `syntax-error` now, and the old name still works."""
    explained = runner.invoke(cli, ["explain", "yaml-syntax"])
    assert explained.exit_code == 0 and explained.output.startswith("AM001 syntax-error")
    bad = tmp_path / "bad.argdown"
    bad.write_text("[A]: a thing.\n    + <B>: b\n  + [C]: c.\n", encoding="utf-8")
    stats = runner.invoke(cli, ["lint", "--statistics", str(bad)])
    assert "AM001  syntax-error" in stats.output


def test_ignore_wins_over_select(runner, many):
    assert codes_of(runner, "--select", "AM1", "--ignore", "AM101") == {"AM102", "AM103"}


def test_ignoring_every_error_exits_0(runner, many):
    assert lint(runner, "--select", "AM103,AM301").exit_code == 0
    assert lint(runner, "--ignore", "AM0,AM101,AM102").exit_code == 0


# -- colour ------------------------------------------------------------------------


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}, {"TERM": "xterm-256color", "FORCE_COLOR": "1"}])
@pytest.mark.parametrize("flags", [[], ["--no-color"]])
def test_no_ansi_escapes_when_not_a_terminal(runner, project, env, flags):
    put(project, "claims/a.yaml", ERROR)
    for fmt in ("text", "json", "github"):
        result = lint(runner, "--format", fmt, *flags, env=env)
        assert ANSI not in result.output
    result = lint(runner, "--statistics", *flags, env=env)
    assert ANSI not in result.output


def on_a_terminal(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run `argmap lint` with stdout on a pseudo-terminal; what it printed there."""
    master, slave = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GITHUB_ACTIONS")}
    environ.update(env or {})
    process = subprocess.Popen(
        [sys.executable, "-m", "argmap", "lint", *args], cwd=cwd, stdout=slave, stderr=subprocess.PIPE, env=environ
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    process.wait(timeout=60)
    assert process.stderr.read() == b""
    process.stderr.close()
    return b"".join(chunks).decode("utf-8")


def test_colour_only_on_a_terminal_and_never_with_no_color(project):
    put(project, "claims/a.yaml", ERROR)
    coloured = on_a_terminal(project)
    assert ANSI in coloured
    assert "AM101" in coloured
    assert ANSI not in on_a_terminal(project, "--no-color")
    assert ANSI not in on_a_terminal(project, env={"NO_COLOR": "1"})
    report = project / "report.txt"
    on_a_terminal(project, "-o", str(report))
    assert ANSI not in report.read_text(encoding="utf-8")
    assert "AM101" in report.read_text(encoding="utf-8")


# -- rules, explain, schema, version ---------------------------------------------


def test_rules_lists_every_code_with_slug_and_severity(runner):
    result = runner.invoke(cli, ["rules"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)
    for line, rule in zip(lines, RULES.values(), strict=True):
        assert line.split()[1:3] == [rule.slug, str(rule.severity)]


@pytest.mark.parametrize("name", ["AM102", "am102", "circular-reasoning"])
def test_explain_prints_the_rule_with_examples(runner, name):
    result = runner.invoke(cli, ["explain", name])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("AM102 circular-reasoning [error]")
    assert "Fails::" in result.stdout and "Passes::" in result.stdout
    assert result.stdout.index("Fails::") < result.stdout.index("Passes::")


@pytest.mark.parametrize("code", list(RULES))
def test_every_rule_explains_itself_with_a_failing_and_passing_example(runner, code):
    result = runner.invoke(cli, ["explain", RULES[code].slug])
    assert result.exit_code == 0
    assert "Fails" in result.stdout and "Passes" in result.stdout


def test_schema_is_valid_json_schema(runner):
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "$schema" in schema
    assert "claims" in json.dumps(schema)


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"argmap, version {__version__}"
    assert runner.invoke(cli, ["-V"]).stdout == result.stdout


def test_help_and_no_command(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0 and "lint" in result.stdout and "render" in result.stdout
    assert runner.invoke(cli, ["lint", "--help"]).exit_code == 0


# -- lint never writes ---------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_lint_never_writes_claim_files(runner, project):
    for name, text in (("a.yaml", ERROR), ("b.yml", CIRCLE), ("c.json", '{"claims": {"a": ]}'), ("d.yaml", "claims: !!python/object:os.system x\n")):
        put(project, f"claims/{name}", text)
    (project / "claims" / "sources").mkdir()
    put(project, "claims/sources/s.txt", "the article text")
    put(project, "claims/e.yaml", "source: {path: sources/s.txt}\nclaims:\n  a: {text: A., quote: not in the text}\n")
    put(project, "claims/f.yaml", "claims:\n  a: {text: A., evidence: e, ignore: [AM101]}\n")
    before = snapshot(project)
    for args in ([], ["--format", "json"], ["--format", "sarif"], ["--format", "github"], ["--statistics", "--status"]):
        result = lint(runner, *args)
        assert result.exit_code == 1, result.output
    assert snapshot(project) == before


def test_the_repository_examples_lint_as_documented(runner, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    before = snapshot(REPO / "claims") | snapshot(REPO / "examples")
    assert lint(runner).exit_code == 0  # claims/: warnings only
    flawed = as_json(lint(runner, "--format", "json", "examples"))
    assert flawed["summary"]["errors"] > 0
    assert all(f["path"].startswith("examples/") for f in flawed["findings"])
    assert snapshot(REPO / "claims") | snapshot(REPO / "examples") == before


# -- walking, -o safety, report ------------------------------------------------------


def test_hidden_folders_are_not_walked(runner, project):
    put(project, "claims/a.yaml", "claims:\n  a: {text: A., evidence: e}\n")
    put(project, "claims/.github/workflows/ci.yml", "on: push\njobs: {}\n")
    put(project, ".venv/lib/x.yaml", "not: claims\n")
    result = lint(runner, ".")
    assert result.exit_code == 0 and "All checks passed (1 file)." in result.stdout


def test_output_over_a_claim_file_is_refused(runner, project):
    path = put(project, "claims/a.yaml", "claims:\n  a: {text: A.}\n")
    before = path.read_bytes()
    result = lint(runner, "claims/a.yaml", "-o", "claims/a.yaml")
    assert result.exit_code == 2 and "argmap never writes over its input" in result.output
    assert path.read_bytes() == before


def test_report_writes_the_audit(runner, project):
    put(project, "claims/a.yaml", "theses: [a]\nclaims:\n  a: {text: A., reasons: [b]}\n  b: {text: B., assumption: true}\n")
    result = runner.invoke(cli, ["report", "claims/a.yaml", "-o", "audit.md"])
    assert result.exit_code == 0
    text = (project / "audit.md").read_text(encoding="utf-8")
    assert "| A. (`a`) | **IN** | reason 1 holds ('b') |  |" in text and "## Taken as given" in text


def test_report_of_an_unloadable_file_is_one_line(runner, project):
    put(project, "claims/a.yaml", "[1, 2]\n")
    result = runner.invoke(cli, ["report", "claims/a.yaml"])
    assert result.exit_code == 2 and "cannot be loaded" in result.output and "Traceback" not in result.output


# -- CI integration -------------------------------------------------------------------

QUOTING = "source: {path: sources/article.txt}\ntheses: [a]\nclaims:\n  a: {text: A., quote: hello world}\n"


def test_a_changed_source_rechecks_the_claim_files_that_quote_it(runner, project):
    put(project, "claims/a.yaml", QUOTING)
    put(project, "claims/other.yaml", CLEAN)
    put(project, "claims/sources/article.txt", "hello world\n")
    assert lint(runner, "claims/sources/article.txt").stdout.splitlines()[-1] == "All checks passed (1 file)."
    put(project, "claims/sources/article.txt", "hello there\n")  # an edit of the source alone
    result = lint(runner, "claims/sources/article.txt")
    assert result.exit_code == 1
    assert "claims/a.yaml:4:24: AM201" in result.stdout and "other.yaml" not in result.stdout


def test_the_pre_commit_hook_cannot_be_bypassed_by_editing_a_source(runner, project, tmp_path):
    """The manifest is valid; a commit that changes only a source passes pre-commit's
    filter (files, types), and the hook's command then fails on the broken quote."""
    from identify.identify import tags_from_path

    manifest = REPO / ".pre-commit-hooks.yaml"
    checked = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(manifest)],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    (hook,) = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    put(project, "claims/a.yaml", QUOTING)
    source = put(project, "claims/sources/article.txt", "hello there\n")  # the commit's only change
    assert re.search(hook["files"], "claims/sources/article.txt") and set(hook["types"]) <= tags_from_path(str(source))
    assert not hook["pass_filenames"]
    result = runner.invoke(cli, [*hook["entry"].split()[1:], *hook["args"]])
    assert result.exit_code == 1 and "claims/a.yaml:4:24: AM201" in result.stdout


# -- files that are not maps --------------------------------------------------------

AIF_CYCLE = REPO / "tests" / "data" / "aif" / "cycle.json"


def test_aif_saved_under_any_suffix_is_read_as_aif(runner, tmp_path):
    saved = tmp_path / "map.aif"
    saved.write_bytes(AIF_CYCLE.read_bytes())
    as_json = runner.invoke(cli, ["lint", "--format", "json", str(AIF_CYCLE)])
    as_aif = runner.invoke(cli, ["lint", "--format", "json", str(saved)])
    codes = [[f["code"] for f in json.loads(r.stdout)["findings"]] for r in (as_json, as_aif)]
    assert codes[0] == codes[1] and "AM102" in codes[1]
    converted = runner.invoke(cli, ["convert", str(saved), "-t", "yaml"])
    assert converted.exit_code == 0 and "claims: {}" not in converted.stdout and "reasons:" in converted.stdout


def test_a_folder_walk_reads_maps_and_leaves_other_json_alone(runner, tmp_path):
    """package.json, a node_modules folder and argmap's own schema saved for an editor are
    no maps: linting the project must not fail on them. Named, a file is read all the same."""
    (tmp_path / "node_modules" / "x").mkdir(parents=True)
    (tmp_path / "node_modules" / "x" / "package.json").write_text('{"name": "x"}', encoding="utf-8")
    (tmp_path / "package.json").write_text('{"name": "site", "version": "1.0.0"}', encoding="utf-8")
    (tmp_path / "tsconfig.json").write_text("{}", encoding="utf-8")
    schema = runner.invoke(cli, ["schema"]).stdout
    (tmp_path / "argmap-schema.json").write_text(schema, encoding="utf-8")
    (tmp_path / "aif.json").write_bytes(AIF_CYCLE.read_bytes())
    (tmp_path / "claims.json").write_text('{"claims": {"a": {"text": "A.", "evidence": "e"}}}', encoding="utf-8")
    result = runner.invoke(cli, ["lint", "--format", "json", str(tmp_path)])
    assert {Path(f["path"]).name for f in json.loads(result.stdout)["files"]} == {"aif.json", "claims.json"}
    named = runner.invoke(cli, ["lint", str(tmp_path / "package.json")])
    assert named.exit_code == 1 and "AM002" in named.stdout


def test_no_map_in_a_folder_is_said(runner, tmp_path):
    (tmp_path / "package.json").write_text('{"name": "site"}', encoding="utf-8")
    result = runner.invoke(cli, ["lint", str(tmp_path)])
    assert result.exit_code == 2
    assert "no claim files in" in result.stderr and "JSON that is no map skipped" in result.stderr


@pytest.mark.parametrize("command", [["convert", "-t", "yaml"], ["render", "-f", "svg"]])
def test_a_file_with_no_claims_is_not_converted_or_drawn(runner, tmp_path, command):
    empty = tmp_path / "package.json"
    empty.write_text('{"name": "site"}', encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(cli, [*command, "-o", str(out / "x.yaml" if command[0] == "convert" else out), str(empty)])
    assert result.exit_code == 1
    assert f"{empty}: not {'converted' if command[0] == 'convert' else 'rendered'}: the file holds no claims" in result.stderr
    assert not out.exists()


def test_output_over_an_input_of_any_format_is_refused_in_words(runner, tmp_path):
    source = tmp_path / "map.json"
    source.write_bytes(AIF_CYCLE.read_bytes())
    result = runner.invoke(cli, ["convert", str(source), "-t", "yaml", "-o", str(source)])
    assert result.exit_code == 2
    assert "is a file this command reads; argmap never writes over its input" in result.stderr
    assert source.read_bytes() == AIF_CYCLE.read_bytes()


def test_a_failed_write_names_the_file_asked_for(runner):
    """/proc takes no new files: the write fails at argmap's temporary file, which the user never named."""
    target = Path("/proc/argmap-report.txt")
    result = runner.invoke(cli, ["lint", str(AIF_CYCLE), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"argmap: error: {target}: ") and ".argmap-" not in result.stderr


@pytest.mark.parametrize("suffix", [".graphml", ".mmd", ".svg"])
def test_a_format_argmap_only_writes_is_refused_when_named(runner, tmp_path, suffix):
    written = tmp_path / f"map{suffix}"
    written.write_text("<graphml/>" if suffix == ".graphml" else "flowchart BT", encoding="utf-8")
    result = runner.invoke(cli, ["lint", str(written)])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("does not read them (it reads claim files, AIF and Argdown)")
    assert "Traceback" not in result.output


def test_a_claim_file_converted_into_another_folder_still_finds_its_source(runner, tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "claims" / "sources").mkdir(parents=True)
    (project / "claims" / "sources" / "text.txt").write_text("The lane saves lives.", encoding="utf-8")
    (project / "claims" / "lane.yaml").write_text(
        "argmap: 1\nsource: {path: sources/text.txt}\ntheses: [a]\nclaims:\n"
        "  a: {text: The lane saves lives., quote: the lane saves lives}\n", encoding="utf-8")
    monkeypatch.chdir(project)
    result = runner.invoke(cli, ["convert", "claims/lane.yaml", "-t", "json", "-o", "maps/json/lane.json"])
    assert result.exit_code == 0, result.output
    assert json.loads((project / "maps" / "json" / "lane.json").read_text(encoding="utf-8"))["source"]["path"] == \
        "../../claims/sources/text.txt"
    linted = runner.invoke(cli, ["lint", "--format", "json", "maps/json/lane.json"])
    assert json.loads(linted.stdout)["findings"] == []
    to_stdout = runner.invoke(cli, ["convert", "claims/lane.yaml", "-t", "yaml"])
    assert "path: sources/text.txt" in to_stdout.stdout  # no file written: the path as the file gives it


def test_convert_says_that_comments_are_not_carried_over(runner, tmp_path):
    """libyaml drops comments, so no conversion keeps them: said, counted as lines that hold one
    (a `#` inside a value is text, not a comment)."""
    path = tmp_path / "notes.yaml"
    path.write_text("# why this map\nargmap: 1\ntheses: [a]  # the one\nclaims:\n"
                    "  a: {text: \"Issue #1 is fixed.\", evidence: tracker}\n  # b is next\n"
                    "  b:\n    text: |\n      Not # a comment.\n    evidence: e\n", encoding="utf-8")
    result = runner.invoke(cli, ["convert", str(path), "-t", "yaml"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == ["argmap: comments are not carried over (3 left out)"]
    assert result.stdout.startswith("argmap: 1\n") and "Issue #1 is fixed." in result.stdout


@pytest.mark.parametrize(("text", "column"), [
    ("{'claims': {a: {text: A., evidence: e}}}\n", 2),  # YAML's quotes: libyaml reads it, JSON does not
    ('{"claims": {"a": {"text": "A.", "evidence": "e"},}}\n', 50),  # a trailing comma
])
def test_a_json_file_must_be_json(runner, tmp_path, text, column):
    path = tmp_path / "map.json"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["lint", "--format", "json", str(path)])
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("AM001", 1, column)
    assert finding["message"].startswith("not valid JSON: ")
    as_yaml = path.with_suffix(".yaml")
    as_yaml.write_text(text, encoding="utf-8")  # the same text is a YAML claim file
    assert runner.invoke(cli, ["lint", str(as_yaml)]).exit_code == 0


def test_render_says_which_options_it_did_not_use_and_reads_formats_in_any_case(runner, tmp_path):
    result = runner.invoke(cli, ["render", "-f", "DOT", "--dpi", "300", "--depth", "1", "-o", str(tmp_path),
                                 str(REPO / "claims" / "istanbul-2025.yaml")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "istanbul-2025.dot").exists()
    assert result.stderr.splitlines() == [
        "argmap: warning: --dpi is the resolution of PNG maps; no PNG is drawn",
        "argmap: warning: --depth applies to --focus and --per-thesis maps; the whole map is drawn",
    ]


def test_lint_reads_a_file_from_standard_input(runner, monkeypatch):
    """`argmap lint -`, as ruff takes it: an editor or a pipe hands the text over; --stdin-filename
    names it, for its format and for the folder its source is found from."""
    monkeypatch.chdir(REPO)
    istanbul = (REPO / "claims" / "istanbul-2025.yaml").read_bytes()
    named = runner.invoke(cli, ["lint", "--format", "json", "-", "--stdin-filename", "claims/istanbul-2025.yaml"],
                          input=istanbul)
    on_disk = runner.invoke(cli, ["lint", "--format", "json", "claims/istanbul-2025.yaml"])
    assert json.loads(named.stdout) == json.loads(on_disk.stdout)
    argdown = (REPO / "examples" / "four-day-week.argdown").read_bytes()
    piped = runner.invoke(cli, ["lint", "-", "--stdin-filename", "x.argdown"], input=argdown)
    assert piped.exit_code == 1 and "x.argdown:27:1: AM102" in piped.stdout
    unnamed = runner.invoke(cli, ["lint", "-"], input=b"claims:\n  a: {text: A.}\n")
    assert unnamed.exit_code == 1 and unnamed.stdout.startswith("-:2:3: AM101")
    mixed = runner.invoke(cli, ["lint", "-", "claims"], input=b"")
    assert mixed.exit_code == 2 and "name no other paths with it" in mixed.stderr
