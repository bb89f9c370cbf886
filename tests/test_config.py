"""Settings: [tool.argmap] / argmap.toml found upward, flags that win, and `ignore:` in claim files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.cli import cli
from argmap.config import Settings, load_settings
from argmap.rules.catalogue import RULES

VALID_CODES = ", ".join(RULES)

# one warning: 'b' (line 4) is connected to no thesis (AM103)
ORPHAN = "theses: [a]\nclaims:\n  a: {text: A., evidence: e}\n  b: {text: B., evidence: f}\n"
# 'b' (line 4) is unsupported (AM101, error), so thesis 'a' (line 3) is not accepted (AM301, warning)
UNSUPPORTED = "theses: [a]\nclaims:\n  a: {text: A., reasons: [b]}\n  b: {text: B.}\n"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """tmp_path/project with claims/x.yaml (AM103 warning) and the current folder at project/a/b/c."""
    root = tmp_path / "project"
    here = root / "a" / "b" / "c"
    (here / "claims").mkdir(parents=True)
    (here / "claims" / "x.yaml").write_text(ORPHAN, encoding="utf-8")
    monkeypatch.chdir(here)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return root


def lint(runner, *args: str):
    return runner.invoke(cli, ["lint", "--format", "json", *args])


def findings(result) -> list[dict]:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


def found(result) -> list[tuple[str, str]]:
    """(code, severity) of each finding."""
    return [(f["code"], f["severity"]) for f in findings(result)]


def assert_usage_error(result, *needles: str) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("argmap: error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def toml(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- discovery -------------------------------------------------------------------


def test_no_configuration_means_defaults(runner, project):
    assert found(lint(runner)) == [("AM103", "warning")]
    assert lint(runner).exit_code == 0


def test_pyproject_tool_argmap_found_upward(runner, project):
    toml(project / "pyproject.toml", '[project]\nname = "x"\n\n[tool.argmap]\nseverity = {AM103 = "error"}\n')
    result = lint(runner)
    assert found(result) == [("AM103", "error")]
    assert result.exit_code == 1


def test_argmap_toml_found_upward(runner, project):
    toml(project / "a" / "argmap.toml", 'severity = {orphan-claim = "error"}\n')
    result = lint(runner)
    assert found(result) == [("AM103", "error")]
    assert result.exit_code == 1


def test_argmap_toml_wins_over_pyproject_in_the_same_folder(runner, project):
    toml(project / "pyproject.toml", '[tool.argmap]\nseverity = {AM103 = "error"}\n')
    toml(project / "argmap.toml", 'ignore = ["AM103"]\n')
    result = lint(runner)
    assert found(result) == []
    assert result.exit_code == 0


def test_pyproject_without_tool_argmap_is_skipped(runner, project):
    toml(project / "a" / "b" / "pyproject.toml", '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 99\n')
    toml(project / "pyproject.toml", '[tool.argmap]\nstrict = true\n')
    assert lint(runner).exit_code == 1


@pytest.mark.parametrize("text", [
    "[tool.argmap]\nstrict = true\n",
    '[ tool . "argmap" ]\nstrict = true\n',
    "[tool]\nargmap = {strict = true}\n",
    "[tool]\nargmap.strict = true\n",
    "tool.argmap.strict = true\n",
    "tool = {argmap = {strict = true}}\n",
    "[tool.argmap.render]\nlayout = 'LR'\n[tool.argmap]\nstrict = true\n",
])
def test_every_way_toml_spells_tool_argmap_is_read(runner, project, text):
    """A pyproject.toml that names no `tool.argmap` is not parsed at all (it costs a command's
    start-up); every way of naming it must still be read."""
    toml(project / "pyproject.toml", text + '\n[project]\nname = "x"\n')
    assert lint(runner).exit_code == 1  # strict: the AM103 warning fails


def test_a_broken_pyproject_of_another_tool_is_not_argmaps_business(runner, project):
    toml(project / "pyproject.toml", '[project]\nname = "x\n[tool.ruff]\n')
    assert lint(runner).exit_code == 0
    toml(project / "pyproject.toml", '[project]\nname = "x\n[tool.argmap]\n')
    assert_usage_error(lint(runner), "pyproject.toml", "TOML")


def test_pyproject_without_tool_argmap_then_argmap_toml_further_up(runner, project):
    toml(project / "a" / "b" / "c" / "pyproject.toml", '[project]\nname = "x"\n')
    toml(project / "argmap.toml", 'strict = true\n')
    assert lint(runner).exit_code == 1


def test_the_nearest_settings_win(runner, project):
    toml(project / "argmap.toml", 'strict = true\n')
    toml(project / "a" / "b" / "pyproject.toml", '[tool.argmap]\nignore = []\n')
    assert lint(runner).exit_code == 0  # the nearer file has no strict, and settings files do not merge


def test_discovery_starts_at_the_current_folder_not_at_the_files(runner, project, monkeypatch):
    toml(project / "a" / "b" / "c" / "claims" / "argmap.toml", 'strict = true\n')
    assert lint(runner).exit_code == 0  # below the current folder: not seen
    monkeypatch.chdir(project / "a" / "b" / "c" / "claims")
    assert lint(runner, "x.yaml").exit_code == 1


def test_load_settings_reports_where_it_came_from(project):
    path = toml(project / "a" / "argmap.toml", 'strict = true\n')
    settings = load_settings()
    assert settings.strict is True
    assert settings.origin == path.resolve()
    assert load_settings(start=project) == Settings()


# -- what settings do --------------------------------------------------------------


@pytest.fixture
def busy(project) -> Path:
    """claims/y.yaml adds AM101 (error) and AM301 (warning) to x.yaml's AM103."""
    (project / "a" / "b" / "c" / "claims" / "y.yaml").write_text(UNSUPPORTED, encoding="utf-8")
    return project


@pytest.mark.parametrize(
    "setting, expected, code",
    [
        ('select = ["AM103"]', {"AM103"}, 0),
        ('select = ["AM1"]', {"AM101", "AM103"}, 1),
        ('select = "orphan-claim"', {"AM103"}, 0),
        ('select = ["ALL"]', {"AM101", "AM103", "AM301"}, 1),
        ('ignore = ["AM101"]', {"AM103", "AM301"}, 0),
        ('ignore = ["unsupported-claim", "AM3"]', {"AM103"}, 0),
        ('select = ["AM1", "AM3"]\nignore = ["AM103"]', {"AM101", "AM301"}, 1),
    ],
)
def test_select_and_ignore_in_config(runner, busy, setting, expected, code):
    toml(busy / "argmap.toml", setting + "\n")
    result = lint(runner)
    assert {c for c, _ in found(result)} == expected
    assert result.exit_code == code


def test_severity_in_config(runner, busy):
    toml(busy / "pyproject.toml", '[tool.argmap.severity]\nAM103 = "error"\nunsupported-claim = "warning"\nAM3 = "error"\n')
    result = lint(runner)
    assert sorted(found(result)) == [("AM101", "warning"), ("AM103", "error"), ("AM301", "error")]
    assert result.exit_code == 1


def test_demoting_every_error_to_a_warning_exits_0(runner, busy):
    toml(busy / "argmap.toml", 'severity = {AM101 = "warning"}\n')
    result = lint(runner)
    assert ("AM101", "warning") in found(result)
    assert result.exit_code == 0


def test_severity_shows_in_text_and_statistics(runner, busy):
    toml(busy / "argmap.toml", 'severity = {AM103 = "error"}\n')
    text = runner.invoke(cli, ["lint"]).stdout
    assert "AM103 [error]" in text
    assert text.splitlines()[-1] == "Found 2 errors and 1 warning in 2 files."
    assert "AM103  orphan-claim           [error]" in runner.invoke(cli, ["lint", "--statistics"]).stdout


def test_strict_in_config(runner, project):
    toml(project / "argmap.toml", "strict = true\n")
    assert lint(runner).exit_code == 1


# -- command-line flags win ----------------------------------------------------------


def test_no_strict_flag_wins_over_config(runner, project):
    toml(project / "argmap.toml", "strict = true\n")
    assert lint(runner, "--no-strict").exit_code == 0


def test_strict_flag_wins_over_config(runner, project):
    toml(project / "argmap.toml", "strict = false\n")
    assert lint(runner, "--strict").exit_code == 1


def test_select_flag_replaces_config_select(runner, busy):
    toml(busy / "argmap.toml", 'select = ["AM103"]\n')
    assert {c for c, _ in found(lint(runner, "--select", "AM101"))} == {"AM101"}


def test_ignore_flag_adds_to_config_ignore(runner, busy):
    toml(busy / "argmap.toml", 'ignore = ["AM103"]\n')
    assert {c for c, _ in found(lint(runner, "--ignore", "AM301"))} == {"AM101"}


def test_select_flag_wins_over_config_ignore(runner, busy):
    toml(busy / "argmap.toml", 'ignore = ["AM103"]\n')
    assert {c for c, _ in found(lint(runner, "--select", "AM103"))} == {"AM103"}


def test_severity_from_config_applies_to_flag_selected_rules(runner, busy):
    toml(busy / "argmap.toml", 'severity = {AM103 = "error"}\n')
    result = lint(runner, "--select", "AM103")
    assert found(result) == [("AM103", "error")]
    assert result.exit_code == 1


def test_explicit_config_file(runner, project):
    toml(project / "argmap.toml", 'ignore = ["AM103"]\n')  # found upward, but --config wins
    other = toml(project.parent / "elsewhere" / "settings.toml", 'severity = {AM103 = "error"}\n')
    result = lint(runner, "--config", str(other))
    assert found(result) == [("AM103", "error")]
    assert result.exit_code == 1


def test_explicit_pyproject_reads_only_tool_argmap(runner, project):
    other = toml(project.parent / "elsewhere" / "pyproject.toml", '[project]\nname = "x"\n[tool.argmap]\nstrict = true\n')
    assert lint(runner, "--config", str(other)).exit_code == 1


def test_explicit_config_that_does_not_exist_is_a_usage_error(runner, project):
    result = lint(runner, "--config", "nope.toml")
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "nope.toml" in result.output


def test_render_settings_do_not_disturb_lint(runner, project):
    toml(project / "argmap.toml", '[render]\nformats = ["svg", "png"]\nlayout = "LR"\n')
    assert lint(runner).exit_code == 0


# -- bad configuration: exit 2, one line -------------------------------------------------


@pytest.mark.parametrize(
    "text, needles",
    [
        ('select = ["AM999"]\n', ["AM999", "select", VALID_CODES]),
        ('ignore = ["AM101", "no-such-rule"]\n', ["no-such-rule", "ignore", VALID_CODES]),
        ('severity = {AM777 = "error"}\n', ["AM777", "severity", VALID_CODES]),
        ('select = ["XY1"]\n', ["XY1", VALID_CODES]),
    ],
)
def test_unknown_code_in_config_exits_2_listing_valid_codes(runner, project, text, needles):
    toml(project / "argmap.toml", text)
    assert_usage_error(lint(runner), *needles)


def test_unknown_code_in_pyproject_exits_2(runner, project):
    toml(project / "pyproject.toml", '[tool.argmap]\nignore = ["AM1O1"]\n')  # letter O, not zero
    assert_usage_error(lint(runner), "AM1O1", VALID_CODES)


@pytest.mark.parametrize("key", ["selekt", "exclude", "line-length"])
def test_unknown_setting_exits_2(runner, project, key):
    toml(project / "argmap.toml", f'{key} = ["AM101"]\n')
    assert_usage_error(lint(runner), key, "select")


@pytest.mark.parametrize(
    "text",
    [
        'strict = "yes"\n',
        "select = [1, 2]\n",
        "ignore = {AM101 = true}\n",
        'severity = {AM103 = "fatal"}\n',
        'severity = "error"\n',
        "render = {colour = 1}\n",
        "render = 3\n",
    ],
)
def test_wrong_types_in_config_exit_2(runner, project, text):
    toml(project / "argmap.toml", text)
    assert_usage_error(lint(runner))


@pytest.mark.parametrize(
    "text",
    ['select = ["AM101"\n', "strict = \n", "[tool.argmap\n", "a = 1\na = 2\n", "x = 'unterminated\n"],
)
def test_invalid_toml_exits_2_with_one_line(runner, project, text):
    toml(project / "argmap.toml", text)
    assert_usage_error(lint(runner), "argmap.toml", "TOML")


def test_invalid_utf8_in_config_exits_2(runner, project):
    (project / "argmap.toml").write_bytes(b"strict = true # \xff\xfe\n")
    assert_usage_error(lint(runner), "argmap.toml")


def test_config_errors_stop_render_too(runner, project):
    toml(project / "argmap.toml", 'select = ["AM999"]\n')
    assert_usage_error(runner.invoke(cli, ["render", "-f", "dot", "-o", "out"]), "AM999")
    assert not (project / "a" / "b" / "c" / "out").exists()


@pytest.mark.parametrize("text", ["[tool]\nargmap = true\n", '[tool]\nargmap = "strict"\n', "[tool]\nargmap = [1]\n"])
def test_tool_argmap_that_is_not_a_table_exits_2(runner, project, text):
    toml(project / "pyproject.toml", text)
    line = assert_usage_error(lint(runner), "argmap")
    assert "unknown setting" not in line


@pytest.mark.parametrize("text", ["tool = 1\n", 'tool = "argmap"\n'])
def test_pyproject_whose_tool_is_not_a_table_does_not_crash(runner, project, text):
    toml(project / "pyproject.toml", text)
    result = lint(runner)
    assert result.exit_code in (0, 2), repr(result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit)


# -- ignore: in claim files --------------------------------------------------------------


def claim_file(project: Path, text: str) -> None:
    (project / "a" / "b" / "c" / "claims" / "x.yaml").write_text(text, encoding="utf-8")


def positions(result) -> list[tuple[str, int, int, str | None]]:
    return [(f["code"], f["line"], f["column"], f["claim"]) for f in findings(result)]


def test_file_ignore_suppresses_codes_for_the_whole_file(runner, project):
    claim_file(project, "ignore: [AM101, am301]\n" + UNSUPPORTED)
    result = lint(runner)
    assert findings(result) == []
    assert result.exit_code == 0


def test_file_ignore_concerns_only_that_file(runner, busy):
    (busy / "a" / "b" / "c" / "claims" / "x.yaml").write_text("ignore: [AM101, AM301]\n" + UNSUPPORTED, encoding="utf-8")
    assert {c for c, _ in found(lint(runner))} == {"AM101", "AM301"}  # y.yaml's findings stay


def test_claim_ignore_suppresses_codes_for_that_claim(runner, project):
    claim_file(project, "theses: [a]\nclaims:\n  a: {text: A., reasons: [b]}\n  b: {text: B., ignore: [AM101]}\n")
    result = lint(runner)
    assert positions(result) == [("AM301", 3, 3, "a")]
    assert result.exit_code == 0


def test_claim_ignore_does_not_reach_other_claims(runner, project):
    claim_file(project, "theses: [a]\nclaims:\n  a: {text: A., reasons: [b], ignore: [AM101, AM301]}\n  b: {text: B.}\n")
    # a's AM301 is suppressed; b's AM101 is not, and a's AM101 suppressed nothing
    assert positions(lint(runner)) == [("AM005", 3, 40, "a"), ("AM101", 4, 3, "b")]


def test_unused_claim_ignore_is_a_warning(runner, project):
    claim_file(project, "claims:\n  a:\n    text: A.\n    evidence: e\n    ignore: [AM102, AM101]\n")
    result = lint(runner)
    assert findings(result) == [
        {
            "path": "claims/x.yaml",
            "line": 5,
            "column": 14,
            "end_line": 5,
            "end_column": 19,
            "code": "AM005",
            "rule": "unused-ignore",
            "severity": "warning",
            "message": "'ignore: AM102' on claim 'a' suppresses nothing",
            "claim": "a",
        },
        {
            "path": "claims/x.yaml",
            "line": 5,
            "column": 21,
            "end_line": 5,
            "end_column": 26,
            "code": "AM005",
            "rule": "unused-ignore",
            "severity": "warning",
            "message": "'ignore: AM101' on claim 'a' suppresses nothing",
            "claim": "a",
        },
    ]
    assert result.exit_code == 0
    assert lint(runner, "--strict").exit_code == 1


def test_unused_ignore_can_be_turned_off(runner, project):
    claim_file(project, "claims:\n  a: {text: A., evidence: e, ignore: [AM101]}\n")
    assert findings(lint(runner, "--ignore", "unused-ignore")) == []
    toml(project / "argmap.toml", 'ignore = ["AM005"]\n')
    assert findings(lint(runner)) == []


def test_unused_ignore_silenced_by_the_file_ignore(runner, project):
    claim_file(project, "ignore: [AM005]\nclaims:\n  a: {text: A., evidence: e, ignore: [AM101]}\n")
    assert findings(lint(runner)) == []


def test_ignore_of_a_rule_that_did_not_run_is_not_unused(runner, project):
    claim_file(project, "claims:\n  a: {text: A., evidence: e, ignore: [AM101]}\n")
    assert findings(lint(runner, "--ignore", "AM101")) == []
    assert findings(lint(runner, "--select", "AM005,AM102")) == []


def test_unused_ignore_severity_from_config(runner, project):
    claim_file(project, "claims:\n  a: {text: A., evidence: e, ignore: [AM101]}\n")
    toml(project / "argmap.toml", 'severity = {unused-ignore = "error"}\n')
    result = lint(runner)
    assert found(result) == [("AM005", "error")]
    assert result.exit_code == 1


def test_unknown_code_in_claim_file_ignore_is_a_schema_finding(runner, project):
    claim_file(project, "ignore: [AM999]\nclaims:\n  a: {text: A., evidence: e, ignore: [nope]}\n")
    result = lint(runner)
    assert positions(result) == [("AM002", 1, 10, None), ("AM002", 3, 39, "a")]
    assert "AM999" in findings(result)[0]["message"] and "'nope'" in findings(result)[1]["message"]
    assert result.exit_code == 1


def test_claim_ignore_of_unused_ignore_silences_it(runner, project):
    claim_file(project, "claims:\n  a: {text: A., evidence: e, ignore: [AM101, AM005]}\n")
    assert findings(lint(runner)) == []
