"""What a linter run on strangers' pull requests must hold to: bounded work, no file it
should not read, no crash that looks like a finding, no output that misleads.

One section per class of defect found by the red-team pass (issue 10); each test
states what a user would see. Time bounds are not timed here (see `make bench`):
what is tested is the behaviour that keeps the work bounded (a cap reached, a
budget shared, a refusal), with the sizes scaled down through the constants.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from argmap import exitcodes
from argmap.analysis import quotes as quotes_module
from argmap.analysis.lint import lint_file
from argmap.cli import cli
from argmap.config import Settings
from argmap.read import claimlines, claimyaml, yamltree
from argmap.render import dot as dot_module
from argmap.render import job as job_module
from argmap.render.backends import draw
from conftest import REPO, write


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository (it has .git) that is the current folder, with a claims/ folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    (tmp_path / ".git").mkdir()
    (tmp_path / "claims").mkdir()
    return tmp_path


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def one_line_error(result: Result, *fragments: str) -> str:
    """The run failed as usage or I/O errors do: exit 2, one line, no traceback."""
    assert result.exit_code == exitcodes.USAGE, (result.exit_code, result.output, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("argmap: error: "), result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def codes(path: Path, **settings: object) -> list[str]:
    return [f.code for f in lint_file(path, Settings(**settings)).findings]  # type: ignore[arg-type]


def messages(path: Path) -> str:
    return "\n".join(f"{f.code} {f.message}" for f in lint_file(path, Settings()).findings)


def claims_yaml(entries: list[str], theses: str = "[t]", head: str = "") -> str:
    return head + f"theses: {theses}\nclaims:\n" + "".join(f"  {entry}\n" for entry in entries)


# -- work that grows faster than the input ----------------------------------


def test_did_you_mean_looks_only_at_neighbours_and_stops_after_a_budget(tmp_path: Path) -> None:
    from argmap.findings import Suggester

    names = [f"claim-{n:05d}" for n in range(10_000)]
    suggester = Suggester(names)
    # a typo keeps the start or the end: found among a few dozen neighbours, not 10,000
    assert len(suggester.candidates("claim-04321x")) <= 4 * Suggester.NEAR
    assert suggester.hint("claim-04321x") == "; did you mean 'claim-04321'?"
    assert suggester.hint("xclaim-04321") == "; did you mean 'claim-04321'?"
    # a file full of typos gets its findings; only the first HINTS carry a hint
    entries = ["t: {text: T., reasons: [" + ", ".join(f"c{n}x" for n in range(Suggester.HINTS + 20)) + "]}"]
    entries += [f"c{n}: {{text: C{n}., evidence: e}}" for n in range(Suggester.HINTS + 20)]
    path = write(tmp_path, claims_yaml(entries))
    dangling = [f for f in lint_file(path, Settings()).findings if f.code == "AM004"]
    assert len(dangling) == Suggester.HINTS + 20
    hinted = [f for f in dangling if "did you mean" in f.message]
    assert len(hinted) == Suggester.HINTS


def test_the_audit_report_names_a_few_attackers_and_counts_the_rest(project: Path) -> None:
    from argmap.report.audit import MAX_ROWS, NAMED

    size = 60  # every claim objects to every other: 3,540 objections, each with 58 undecided attackers
    ids = [f"c{n}" for n in range(size)]
    entries = [f"{c}: {{text: Claim {c}., evidence: e, objections: [{', '.join(o for o in ids if o != c)}]}}" for c in ids]
    write(project, claims_yaml(entries, theses="[c0]"), "claims/clique.yaml")
    result = run("report", "claims/clique.yaml", "-o", "audit.md")
    assert result.exit_code == exitcodes.OK, result.output
    report = (project / "audit.md").read_text(encoding="utf-8")
    objections = size * (size - 1)
    assert f"… and {objections - MAX_ROWS:,} more (`argmap lint` lists them all)." in report
    # the thesis' why names NAMED objections and counts the rest
    assert f"objection 'c{NAMED}' is undecided and {size - 1 - NAMED} more" in report
    assert len(report) < 100 * MAX_ROWS + 20_000


def test_aliases_are_budgeted_by_the_characters_they_expand_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamltree, "ALIAS_CHARACTERS", 100_000)
    text = "x" * 10_000

    def aliased(count: int) -> str:
        entries = ["t: {text: &big " + text + ", reasons: [" + ", ".join(f"c{n}" for n in range(count)) + "]}"]
        return claims_yaml(entries + [f"c{n}: {{text: *big, evidence: e}}" for n in range(count)])

    assert "AM002" not in codes(write(tmp_path, aliased(5), "few.yaml"))
    # 20 aliases are 20 nodes: far under a node budget, but 200,000 characters
    bomb = write(tmp_path, aliased(20), "many.yaml")
    assert codes(bomb) == ["AM001"]
    assert "alias" in messages(bomb)


def test_the_near_miss_search_shares_one_budget_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    words = [f"word{n}" for n in range(3_000)]
    (tmp_path / "source.txt").write_text(" ".join(words), encoding="utf-8")
    searched: list[str] = []
    real_near = quotes_module.SourceIndex._near

    def counting(self: quotes_module.SourceIndex, written: str) -> str | None:
        searched.append(written)
        return real_near(self, written)

    monkeypatch.setattr(quotes_module.SourceIndex, "_near", counting)
    # each quote is one word off a passage of the source: a near miss is found for each
    quotes = [f"word{n} word{n + 1} wordX word{n + 3} word{n + 4}" for n in range(0, 400, 10)]
    entries = [f"q{n}: {{text: Q{n}., quote: '{quote}'}}" for n, quote in enumerate(quotes)]
    entries.append(f"dup: {{text: D., quote: '{quotes[0]}'}}")  # the same quote again is searched once
    entries.insert(0, "t: {text: T., reasons: [" + ", ".join(f"q{n}" for n in range(len(quotes))) + ", dup]}")
    path = write(tmp_path, claims_yaml(entries, head="source: {path: source.txt}\n"))
    missing = [f for f in lint_file(path, Settings()).findings if f.code == "AM201"]
    assert len(missing) == len(quotes) + 1
    assert len(searched) == len(quotes)
    assert all("the source has" in f.message for f in missing)

    # a budget for the whole file, not for each quote: past it, quotes are reported without a near miss
    monkeypatch.setattr(quotes_module, "SEARCH_BUDGET", 300_000)  # about ten searches of this source
    from argmap.analysis import source as source_module

    source_module._cache.clear()
    missing = [f for f in lint_file(path, Settings()).findings if f.code == "AM201"]
    near = [f for f in missing if "the source has" in f.message]
    assert len(missing) == len(quotes) + 1
    assert 0 < len(near) < len(quotes)


def test_the_exact_search_has_a_budget_per_file_and_says_what_it_left_unchecked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "source.txt").write_text(" ".join(f"word{n}" for n in range(3_000)), encoding="utf-8")
    monkeypatch.setattr(quotes_module, "SCAN_BUDGET", 100_000)  # some four scans of this source
    monkeypatch.setattr(quotes_module, "SEARCH_BUDGET", 0)  # no near misses: only the exact search counts
    entries = ["t: {text: T., reasons: [" + ", ".join(f"q{n}" for n in range(10)) + "]}"]
    entries += [f"q{n}: {{text: Q{n}., quote: 'nowhere{n} word7'}}" for n in range(10)]
    path = write(tmp_path, claims_yaml(entries, head="source: {path: source.txt}\n"))
    findings = lint_file(path, Settings()).findings
    (unchecked,) = [f for f in findings if f.code == "AM202"]
    missing = [f for f in findings if f.code == "AM201"]
    assert 0 < len(missing) < 10
    assert unchecked.line == 1 and f"{10 - len(missing)} quotes not checked" in unchecked.message


def test_the_word_index_finds_what_a_scan_of_the_source_finds() -> None:
    text = (REPO / "claims" / "sources" / "istanbul-2025.txt").read_text(encoding="utf-8")
    scanned, looked_up = quotes_module.SourceIndex(text), quotes_module.SourceIndex(text)
    looked_up.indexed = True
    hay = scanned.haystack
    words = hay.split(" ")
    pieces = [" ".join(words[n : n + 3]) for n in range(0, len(words) - 3, 7)]  # whole words
    pieces += [hay[n : n + 40].strip() for n in range(0, len(hay) - 40, 53)]  # cut mid-word at both ends
    pieces += [" ".join([words[n], "the", "the", words[n + 1]]) for n in range(0, len(words) - 1, 31)]  # not there
    pieces = [piece for piece in pieces if piece.count(" ") >= 2]
    assert len(pieces) > 300
    found = 0
    for piece in pieces:
        expected = scanned._occurrences(piece, None)
        assert looked_up._occurrences(piece, None) == expected, piece
        found += bool(expected)
    assert 0 < found < len(pieces)


def test_a_claim_file_beyond_the_size_limits_is_refused_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for reader in (claimlines, claimyaml):  # each holds the limits it reads by
        monkeypatch.setattr(reader, "MAX_CLAIMS", 1_000)
        monkeypatch.setattr(reader, "MAX_LINKS", 2_000)
    many = write(tmp_path, claims_yaml([f"c{n}: {{text: C., evidence: e}}" for n in range(1_001)], theses="[c0]"), "many.yaml")
    assert codes(many) == ["AM002"]
    assert "more than 1,000 claims" in messages(many)
    # the same in the common layout, which the line reader leaves to YAML's when it is too large
    block = write(tmp_path, "claims:\n" + "".join(f"  c{n}:\n    text: C.\n    evidence: e\n" for n in range(1_001)),
                  "block.yaml")
    assert codes(block) == ["AM002"] and "more than 1,000 claims" in messages(block)
    # a complete support graph: 60 claims, 3,540 premises
    ids = [f"c{n}" for n in range(60)]
    dense = write(tmp_path, claims_yaml([f"{c}: {{text: C., reasons: [{', '.join(i for i in ids if i != c)}]}}" for c in ids],
                                        theses="[c0]"), "dense.yaml")
    assert codes(dense) == ["AM002"]
    assert "2,000 premises" in messages(dense)


def test_sources_and_claim_files_beyond_their_byte_limits_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap import files
    from argmap.analysis import source as source_module

    monkeypatch.setattr(files, "MAX_SOURCE_BYTES", 1_000)
    monkeypatch.setattr(source_module, "MAX_SOURCE_BYTES", 1_000, raising=False)
    (tmp_path / "big.txt").write_text("word " * 300, encoding="utf-8")
    path = write(tmp_path, "source: {path: big.txt}\ntheses: [t]\nclaims:\n  t: {text: T., quote: word word}\n")
    assert "AM202" in codes(path)
    assert "source 'big.txt' is larger than" in messages(path)


def test_a_claim_file_over_the_byte_limit_is_refused_named_or_in_a_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap import files, walk

    monkeypatch.setattr(files, "MAX_CLAIM_FILE_BYTES", 2**20)
    monkeypatch.setattr(walk, "MAX_CLAIM_FILE_BYTES", 2**20)
    write(project, claims_yaml(["t: {text: T., evidence: e}"]) + "# padding\n" * 120_000, "claims/big.yaml")
    one_line_error(run("lint", "claims/big.yaml"), "claims/big.yaml: is larger than 1 MiB")
    one_line_error(run("lint", "claims/"), "claims/big.yaml: is larger than 1 MiB")


def test_a_dense_map_is_laid_out_rougher_and_a_denser_one_refused_with_a_hint(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.render.dot import MapTooLarge

    def clique(size: int) -> Path:
        ids = [f"c{n}" for n in range(size)]
        entries = [f"{c}: {{text: C., evidence: e, objections: [{', '.join(o for o in ids if o != c)}]}}" for c in ids]
        return write(project, claims_yaml(entries, theses="[c0]"), f"claims/clique{size}.yaml")

    monkeypatch.setattr(dot_module, "ROUGH_FROM", 50)
    analysis = lint_file(clique(12), Settings(), keep=True).analysis  # 132 links on 12 boxes
    assert analysis is not None
    findings = lint_file(project / "claims/clique12.yaml", Settings()).findings
    source = dot_module.build_dot(analysis, findings)
    # written last (the head went to Graphviz first), and laid out as if written first
    rough = "\tmclimit=0.1 nslimit=2 nslimit1=2\n"
    assert rough in source
    first = source.replace(rough, "").replace("{\n", "{\n\tgraph [mclimit=0.1 nslimit=2 nslimit1=2]\n", 1)
    fine = source.replace(rough, "")
    assert draw(source, "svg") == draw(first, "svg") != draw(fine, "svg")
    monkeypatch.setattr(dot_module, "MAX_EXTRA_LINKS", 100)
    with pytest.raises(MapTooLarge):
        dot_module.build_dot(analysis, findings)
    for fmt in ("dot", "svg"):  # svg: refused while Graphviz reads it
        one_line_error(run("render", "claims/clique12.yaml", "-f", fmt, "-o", "out"), "at most 100 more links than boxes", "--focus")
        assert not (project / "out" / f"clique12.{fmt}").exists()


def test_per_thesis_maps_are_capped(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(job_module, "MAX_MAPS", 10)
    write(project, claims_yaml([f"t{n}: {{text: T., evidence: e}}" for n in range(11)],
                               theses="[" + ", ".join(f"t{n}" for n in range(11)) + "]"), "claims/many.yaml")
    one_line_error(run("render", "claims/many.yaml", "--per-thesis", "-f", "dot", "-o", "out"), "11 maps", "--focus")
    assert not (project / "out").exists()


# -- secrets and files argmap must not read or write --------------------------


ENVIRON_MARK = "ARGMAP_TEST_SECRET_VALUE"


def test_from_the_root_folder_proc_is_no_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGMAP_TEST_SECRET", ENVIRON_MARK)
    monkeypatch.chdir("/")
    path = write(tmp_path, "source: {path: /proc/self/environ}\ntheses: [t]\n"
                           "claims:\n  t: {text: T., quote: ARGMAP_TEST_SECRET=nothing}\n")
    result = run("lint", path)
    assert ENVIRON_MARK not in result.output
    assert "AM202" in result.output and "system file" in result.output


@pytest.mark.parametrize("where", ["hidden", "outside"])
def test_a_source_in_a_hidden_folder_or_outside_the_project_is_never_read(
    project: Path, tmp_path_factory: pytest.TempPathFactory, where: str
) -> None:
    secret, words = "c2VjcmV0LXRva2Vu", "extraheader = AUTHORIZATION: basic"
    if where == "hidden":  # .git/config holds a CI checkout's token
        path, declared, why = project / ".git" / "config", "../.git/config", "hidden folder"
    else:
        path = tmp_path_factory.mktemp("elsewhere") / "notes.txt"
        declared, why = str(path), "outside the project"
    path.write_text(f"[http]\n\t{words} {secret}\n")
    # the quote is one word off the secret line: a near miss would print it
    write(project, f"source: {{path: '{declared}'}}\ntheses: [t]\nclaims:\n  t: {{text: T., quote: '{words} bearer'}}\n",
          "claims/leak.yaml")
    result = run("lint", "claims/leak.yaml")
    assert secret not in result.output
    assert "AM202" in result.output and why in result.output


def test_a_claim_file_linked_from_outside_the_project_is_not_read(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    secret = tmp_path_factory.mktemp("home") / "credentials.yaml"
    secret.write_text("aws_secret_access_key: wJalrXUtnFEMI/K7MDENG [unclosed\n")
    (project / "claims" / "linked.yaml").symlink_to(secret)
    result = run("lint", "claims/")
    assert "wJalrXUtnFEMI" not in result.output
    one_line_error(result, "claims/linked.yaml", "outside the project")
    # a link that stays in the project is read as usual
    (project / "claims" / "linked.yaml").unlink()
    write(project, claims_yaml(["t: {text: T., evidence: e}"]), "shared/real.yaml")
    (project / "claims" / "inside.yaml").symlink_to(project / "shared" / "real.yaml")
    assert run("lint", "claims/").exit_code == exitcodes.OK


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("command", [["report", "claims/a.yaml"], ["lint", "claims/a.yaml"]])
def test_output_over_a_fifo_is_refused_not_replaced(project: Path, command: list[str]) -> None:
    write(project, claims_yaml(["t: {text: T., evidence: e}"]), "claims/a.yaml")
    os.mkfifo(project / "pipe")
    result = run(*command, "-o", "pipe")
    one_line_error(result, "not a regular file")
    assert (project / "pipe").is_fifo()


@pytest.mark.parametrize("command", ["lint", "report"])
@pytest.mark.parametrize("name", ["claims/a.yaml", "hard-link.txt", "soft-link.md"])
def test_output_never_overwrites_a_claim_file_by_any_name(project: Path, command: str, name: str) -> None:
    claim = write(project, claims_yaml(["t: {text: T., evidence: e}"]), "claims/a.yaml")
    before = claim.read_bytes()
    os.link(claim, project / "hard-link.txt")
    (project / "soft-link.md").symlink_to(claim)
    one_line_error(run(command, "claims/", "-o", name), "argmap never writes over its input")
    assert claim.read_bytes() == before


# -- crashes, and crashes that exit 1 -----------------------------------------


def failing_replace(error: OSError) -> Callable[[object, object], None]:
    """A stand-in for os.replace that fails as a full or read-only disk does."""

    def replace(src: object, dst: object) -> None:
        raise error
    return replace


@pytest.mark.parametrize(("error", "words"), [
    (OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
    (PermissionError(errno.EACCES, "Permission denied"), "Permission denied"),
    (OSError(errno.EROFS, "Read-only file system"), "Read-only file system"),
])
@pytest.mark.parametrize("command", [
    ["report", "claims/a.yaml", "-o", "out/audit.md"],
    ["render", "claims/a.yaml", "-f", "dot", "-o", "out"],
    ["lint", "claims/a.yaml", "-o", "out/lint.txt"],
])
def test_a_failed_write_is_one_line_and_exit_2_and_leaves_no_temporary_file(
    project: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, words: str, command: list[str]
) -> None:
    write(project, claims_yaml(["t: {text: T., evidence: e}"]), "claims/a.yaml")
    monkeypatch.setattr(os, "replace", failing_replace(error))
    result = run(*command)
    assert result.exit_code == exitcodes.USAGE, result.output
    assert words in result.output and "Traceback" not in result.output
    assert not list(project.rglob("*.tmp"))


def test_output_under_a_file_is_one_line(project: Path) -> None:
    write(project, claims_yaml(["t: {text: T., evidence: e}"]), "claims/a.yaml")
    one_line_error(run("report", "claims/a.yaml", "-o", "claims/a.yaml/audit.md"), "Not a directory")
    one_line_error(run("lint", "claims/a.yaml", "-o", "claims/a.yaml/lint.txt"), "Not a directory")
    refused = run("render", "claims/a.yaml", "-f", "dot", "-o", "claims/a.yaml")  # click's own usage error
    assert refused.exit_code == exitcodes.USAGE and "is a file" in refused.stderr and "Traceback" not in refused.output


@pytest.mark.parametrize("raised", [MemoryError(), RecursionError("maximum recursion depth exceeded"), KeyError("bug")])
def test_an_exhausted_resource_or_a_bug_exits_2_not_1(project: Path, monkeypatch: pytest.MonkeyPatch, raised: BaseException) -> None:
    from argmap.analysis import lint as lint_module

    write(project, claims_yaml(["t: {text: T., evidence: e}"]), "claims/a.yaml")

    def broken(*args: object, **kwargs: object) -> None:
        raise raised

    monkeypatch.setattr(lint_module, "lint_files", broken)
    monkeypatch.delenv("ARGMAP_DEBUG", raising=False)
    line = one_line_error(run("lint", "claims/"))
    assert ("memory" in line) if isinstance(raised, MemoryError) else True
    assert ("internal error" in line) if isinstance(raised, KeyError) else True


def test_a_long_thesis_id_gives_a_map_file_name_the_file_system_takes(project: Path) -> None:
    long_id = "t" + "x" * 249
    write(project, claims_yaml([f"{long_id}: {{text: T., evidence: e}}"], theses=f"[{long_id}]"), "claims/a.yaml")
    result = run("render", "claims/a.yaml", "--per-thesis", "-f", "dot", "-o", "out")
    assert result.exit_code == exitcodes.OK, result.output
    (made,) = (project / "out").iterdir()
    assert len(os.fsencode(made.name)) <= 255
    assert made.name.startswith("a.t" + "x" * 20) and made.suffix == ".dot"


def test_a_deeply_nested_settings_file_is_a_settings_error(project: Path) -> None:
    write(project, claims_yaml(["t: {text: T., evidence: e}"]), "claims/a.yaml")
    (project / "pyproject.toml").write_text("[tool.argmap]\nx = " + "[" * 1_000 + "]" * 1_000 + "\n")
    one_line_error(run("lint", "claims/"), "pyproject.toml")


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_a_file_name_that_is_not_utf8_gives_valid_utf8_output(project: Path, output_format: str) -> None:
    name = os.fsdecode(b"claims/bad\xff.yaml")
    Path(name).write_text(claims_yaml(["t: {text: T., reasons: [ghost]}"]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", "--format", output_format, "claims/"])
    assert result.exit_code == exitcodes.FINDINGS, result.output
    data = json.loads(result.stdout_bytes.decode("utf-8"))  # strict: a lone surrogate would fail here
    assert "bad" in json.dumps(data)


def test_long_texts_nul_and_control_characters_still_render_well_formed_svg(project: Path) -> None:
    text = "A claim\x00 with a bell\x07 and an escape\x1b[31m, " + "very " * 5_000 + "long."
    write(project, "theses: [t]\nclaims:\n  t:\n    text: " + json.dumps(text) + "\n    evidence: e\n", "claims/a.yaml")
    result = run("render", "claims/a.yaml", "-f", "svg", "-o", "out")
    assert result.exit_code == exitcodes.OK, result.output
    svg = (project / "out" / "a.svg").read_text(encoding="utf-8")
    ET.fromstring(svg)  # well-formed XML
    assert "\x1b" not in svg and "\x00" not in svg
    assert len(svg) < 60_000  # the text is cut, with a mark
    assert "…" in svg


def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    write(tmp_path, claims_yaml(["t: {text: T., evidence: e}"]), "claims/a.yaml")
    # SIGTERM arrives while the temporary file is written, before it is renamed
    script = textwrap.dedent("""
        import os, signal, sys
        real = os.replace
        def slow(src, dst):
            os.kill(os.getpid(), signal.SIGTERM)
            real(src, dst)
        os.replace = slow
        from argmap.cli import main
        sys.argv = ["argmap", "report", "claims/a.yaml", "-o", "out/audit.md"]
        main()
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert "Traceback" not in done.stderr
    assert list((tmp_path / "out").iterdir()) == []


# -- output that can mislead ---------------------------------------------------


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_terminal_escapes_from_files_and_names_never_reach_the_terminal(project: Path, output_format: str) -> None:
    (project / "claims" / "source.txt").write_text("The council \x1b]8;;http://evil\x07approved\x1b]8;;\x07 the lane.\n")
    write(project, "source: {path: source.txt}\ntheses: [t]\n"
                   "claims:\n  t: {text: \"T.\\e[2J\", quote: The council approved the road}\n", "claims/x\x1b[31m.yaml")
    result = run("lint", "--format", output_format, "claims/")
    assert result.exit_code == exitcodes.FINDINGS
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b" in result.output  # shown, escaped, for the reader to see


def test_a_newline_in_a_file_name_keeps_each_finding_on_one_line(project: Path) -> None:
    write(project, claims_yaml(["t: {text: T., reasons: [ghost]}"]), "claims/two\nlines.yaml")
    result = run("lint", "claims/")
    findings = [line for line in result.stdout.splitlines() if "AM004" in line]
    assert len(findings) == 1 and findings[0].startswith("claims/two\\x0alines.yaml:3:")


def test_claim_text_cannot_inject_markup_into_a_report(project: Path) -> None:
    text = "See [the proof](https://evil.example) ![x](https://evil.example/p.png) @admin #12 <https://evil.example> **now**"
    write(project, "theses: [t]\nclaims:\n  t: {text: " + json.dumps(text) + ", reasons: [ghost]}\n", "claims/a.yaml")
    for command in (["report", "claims/a.yaml", "-o", "audit.md"], ["lint", "--format", "markdown", "claims/", "-o", "audit.md"]):
        run(*command)
        report = (project / "audit.md").read_text(encoding="utf-8")
        assert "](https://evil" not in report and "<https://evil" not in report
        assert "@admin" not in report and " #12" not in report and "**now**" not in report


def test_positions_count_lines_and_columns_as_editors_do(tmp_path: Path) -> None:
    # NEL and U+2028 inside a text are no line breaks: the finding is on line 4
    path = write(tmp_path, "theses: [t]\nclaims:\n  t: {text: \"one\u0085two\u2028three\", reasons: [b]}\n  b: {text: B., reasons: [ghost]}\n")
    (finding,) = [f for f in lint_file(path, Settings()).findings if f.code == "AM004"]
    assert finding.line == 4
    # each emoji escaped in JSON is one character in an editor (not two surrogates)
    data = '{"theses": ["t"], "claims": {"t": {"text": "\\ud83d\\ude00\\ud83d\\ude00", "reasons": ["ghost"]}}}'
    path = write(tmp_path, data, "claims.json")
    (finding,) = [f for f in lint_file(path, Settings()).findings if f.code == "AM004"]
    assert finding.column == data.index('"ghost"') + 1


def test_settings_are_looked_for_up_to_the_repository_root_and_no_further(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outer = tmp_path_factory.mktemp("outer")
    (outer / "argmap.toml").write_text('ignore = ["ALL"]\n')
    repo = outer / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo, claims_yaml(["t: {text: T., reasons: [ghost]}"]), "claims/a.yaml")
    os.chdir(repo)
    result = run("lint", "claims/")
    assert result.exit_code == exitcodes.FINDINGS and "AM004" in result.output
    shown = run("lint", "--show-settings")
    assert "none found" in shown.output
    (repo / "argmap.toml").write_text('ignore = ["AM004"]\n')
    assert "argmap.toml" in run("lint", "--show-settings").output
    assert run("lint", "claims/").exit_code != exitcodes.FINDINGS or "AM004" not in run("lint", "claims/").output
    isolated = run("lint", "--isolated", "claims/")
    assert "AM004" in isolated.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_as_settings_file_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "argmap.toml")
    write(tmp_path, claims_yaml(["t: {text: T., evidence: e}"]), "claims/a.yaml")
    done = subprocess.run([sys.executable, "-m", "argmap", "lint", "--config", "argmap.toml", "claims/"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == exitcodes.USAGE
    assert done.stderr.startswith("argmap: error: ") and len(done.stderr.splitlines()) == 1


def test_rules_cannot_all_be_switched_off_by_accident(project: Path) -> None:
    write(project, "theses: [t]\nclaims: {t: {text: [unclosed}\n", "claims/a.yaml")
    one_line_error(run("lint", "--select", ",", "claims/"))
    # garbage never passes: AM001 (the file cannot be read) is reported whatever is ignored
    (project / "claims" / "a.yaml").write_text("theses: [t\n")
    result = run("lint", "--ignore", "ALL", "claims/")
    assert result.exit_code == exitcodes.FINDINGS and "AM001" in result.output


def test_an_unreadable_subfolder_is_an_error_not_skipped(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project, claims_yaml(["t: {text: T., evidence: e}"]), "claims/a.yaml")
    (project / "claims" / "locked").mkdir()
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    one_line_error(run("lint", "claims/"), "Permission denied", "locked")


def test_per_thesis_maps_of_two_files_never_overwrite_each_other(project: Path) -> None:
    write(project, claims_yaml(["y.z: {text: First., evidence: e}"], theses="[y.z]"), "claims/x.yaml")
    write(project, claims_yaml(["z: {text: Second., evidence: e}"], theses="[z]"), "claims/x.y.yaml")
    result = run("render", "claims/", "--per-thesis", "-f", "dot", "-o", "out")
    assert result.exit_code != exitcodes.OK
    assert "x.y.z.dot" in result.output
    made = (project / "out" / "x.y.z.dot").read_text(encoding="utf-8")
    assert ("First." in made) != ("Second." in made)


def test_svg_ids_are_unique_whatever_the_claims_are_called(project: Path) -> None:
    write(project, "theses: [x]\nclaims:\n"
                   "  x: {text: X., evidence: v, objections: [a_x]}\n"
                   "  a_x: {text: A., evidence: u, objections: [edge-x]}\n"
                   "  edge-x: {text: E., evidence: w}\n", "claims/a.yaml")
    assert run("render", "claims/a.yaml", "-f", "svg", "-o", "out").exit_code == exitcodes.OK
    root = ET.parse(project / "out" / "a.svg").getroot()
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))



@pytest.mark.parametrize("audit", [[], ["--no-audit"]])
def test_claim_text_cannot_end_a_dot_attribute_list(project: Path, audit: list[str]) -> None:
    """A tooltip is the claim's text; `<x>] [...] <y>` looks like an HTML string to DOT and once
    ended the attribute list, so that the rest of the text set the node's label and shape."""
    text = "<x>] [label=INJECTED shape=star] <y>"
    write(project, "claims:\n  a: {text: " + json.dumps(text) + ", evidence: e}\n", "claims/a.yaml")
    assert run("render", "claims/a.yaml", "-f", "dot", "-f", "svg", "-o", "out", *audit).exit_code == exitcodes.OK
    dot = (project / "out" / "a.dot").read_text(encoding="utf-8")
    assert 'tooltip="<x>] [label=INJECTED shape=star] <y>' in dot
    svg = ET.parse(project / "out" / "a.svg").getroot()
    node = next(g for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("id") == "claim-a")
    shapes = [s for s in node.iter() if s.tag.endswith(("polygon", "path"))]
    assert shapes and all(len((s.get("points") or "").split()) != 11 for s in shapes)  # no star
