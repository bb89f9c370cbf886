"""The line reader (`argmap.read.claimlines`) against the YAML reader it stands in for.

Its contract: when it reads a file at all, the YAML reader reads that file
without a problem, into the same model, every position included. Checked on
every claim file in the repository and in the rule cases, on the benchmarks'
generated trees, and on Hypothesis-written files in and around the layout: the
near misses (a value run on to the next line, ' #', ': ', quotes and escapes,
odd indents, null words, YAML's indicators) are where a line reader would go
wrong. It must also read the common layout itself, or it would be no faster.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.read import claimlines, claimyaml, load_bytes
from conftest import fuzz_examples

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import write_tree  # noqa: E402

PATH = Path("claims.yaml")


def agrees(text: str) -> bool:
    """Whether the line reader read *text*; fails if what it read is not what YAML reads."""
    fast = claimlines.read(text, PATH)
    if fast is None:
        return False
    full = claimyaml.load_yaml(text, PATH)
    assert full.problems == [], f"the line reader read a file the YAML reader finds problems in:\n{text}"
    assert fast == full.model, f"the two readers read this file differently:\n{text}"
    return True


def claim_files() -> list[Path]:
    return sorted(path for folder in ("claims", "examples", "tests/data", "output")
                  for path in (ROOT / folder).rglob("*") if path.suffix in (".yaml", ".yml"))


def test_every_claim_file_of_the_repository_reads_alike() -> None:
    read = [path.name for path in claim_files() if agrees(path.read_text(encoding="utf-8"))]
    # the examples with a comment after a value are read; those with the long form of a reason are not
    assert {"flawed-no-source.yaml", "flawed-missing-source.yaml"} <= set(read)


def test_every_rule_case_reads_alike() -> None:
    """Most cases are written in the compact flow style (`a: {text: A.}`), which the line
    reader leaves to YAML; the malformed ones it must never read."""
    cases = yaml.safe_load((ROOT / "tests/cases/rules.yaml").read_text(encoding="utf-8"))
    for rule in cases.values():
        for case in rule:
            assert not agrees(case["file"]) or not case.get("malformed")


@pytest.mark.parametrize("size", [1, 2, 50, 2_000])
def test_the_benchmarks_trees_are_read_by_the_line_reader(tmp_path: Path, size: int) -> None:
    path = tmp_path / "tree.yaml"
    with path.open("w", encoding="utf-8") as out:
        write_tree(size, out)
    assert agrees(path.read_text(encoding="utf-8"))


def test_comments_after_values_are_read_as_yaml_reads_them() -> None:
    assert agrees("claims:  # all of them\n  a:  # the first\n    text: A  # said twice\n"
                  "    reasons:  # two\n      - b # first\n      - c\n  b:\n    text: B\n  c:\n    text: C ## here\n")


def test_a_file_read_by_lines_loads_as_the_yaml_reader_loads_it(tmp_path: Path) -> None:
    """Through the front door: `load_bytes` takes the line reader's model, problems none."""
    text = "argmap: 1\ntheses: [a]\nclaims:\n  a:\n    text: A.\n    reasons: [b]\n  b:\n    text: B.\n    evidence: e\n"
    loaded = load_bytes(text.encode(), PATH)
    assert loaded.problems == [] and loaded.model == claimyaml.load_yaml(text, PATH).model


@pytest.mark.parametrize("text", [
    # a value run on to the next line is one value in YAML
    "claims:\n  a:\n    text: A\n      continued\n",
    # ' #word' (the YAML reader says it cut the value short), a colon in a value, an escape,
    # a tag, an anchor, a block scalar
    "claims:\n  a:\n    text: A #1 reason\n",
    "claims:\n  a:\n    text: A: B\n",
    'claims:\n  a:\n    text: "A\\tB"\n',
    "claims:\n  a:\n    text: !!str A\n",
    "claims:\n  a: &x\n    text: A\n",
    "claims:\n  a:\n    text: |\n      A\n",
    # null words, an empty list, a key twice, a field YAML reads as a list item
    "claims:\n  a:\n    text: null\n",
    "claims:\n  a:\n    text: A\n    reasons:\n  b:\n    text: B\n",
    "claims:\n  a:\n    text: A\n    text: B\n",
    "theses: [null]\nclaims:\n  null:\n    text: A\n",
    # indents YAML reads otherwise, a tab, a second document
    "claims:\n  a:\n    text: A\n   b:\n    text: B\n",
    "claims:\n  a:\n\ttext: A\n",
    "claims:\n  a:\n    text: A\n---\nclaims: {}\n",
])
def test_what_yaml_reads_otherwise_is_left_to_the_yaml_reader(text: str) -> None:
    assert claimlines.read(text, PATH) is None


# -- files in and around the layout -------------------------------------------

ids = st.from_regex(r"[a-z][a-z0-9_.-]{0,5}", fullmatch=True)
#: text with everything YAML treats specially somewhere in a line
wild = st.lists(st.sampled_from([*list("ab Z9.,:#-'\"!&*?|>[]{}%@`\\~"), "null", "true", " #x", ": "]),
                max_size=12).map("".join)
tame = st.from_regex(r"[a-zA-Z0-9][a-zA-Z0-9 ,.()/]{0,19}", fullmatch=True)
#: mostly tame, now and then wild: files near the layout, many of them in it
near_words = st.one_of(*[tame] * 15, wild)


@st.composite
def claim_file(draw: st.DrawFn, words: st.SearchStrategy[str], near: bool) -> str:
    """A claim file in the common layout; with *near*, one with slips YAML reads its own way."""
    entry = draw(st.integers(1, 3))
    field = entry + draw(st.integers(1, 3))
    cids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    lines = ["argmap: 1"] if draw(st.booleans()) else []
    if draw(st.booleans()):
        lines.append(f"title: {scalar(draw, words, near)}")
    if draw(st.booleans()):
        lines += id_list(draw, "theses", cids[:2], 0, near)
    lines.append("claims:")
    for cid in cids:
        lines.append(" " * entry + f"{cid}:")
        names = draw(st.lists(st.sampled_from(["text", "reasons", "objections", "evidence", "quote", "note",
                                               "assumption"]), unique=True, min_size=0, max_size=4))
        for name in ["text", *names] if "text" not in names else names:
            if name in ("reasons", "objections"):
                lines += id_list(draw, name, draw(st.lists(st.sampled_from(cids), max_size=3)), field, near)
            elif name == "assumption":
                lines.append(" " * field + f"assumption: {draw(st.sampled_from(['true', 'False', 'TRUE', 'yes']))}")
            else:
                lines.append(" " * field + f"{name}: {scalar(draw, words, near)}")
        if near and draw(st.integers(0, 9)) == 0:  # a continuation, a comment, a blank, an odd indent
            slip = draw(st.sampled_from([" " * (field + 2) + "more", " " * field + "# note", "",
                                         " " * (field - 1) + "x: y", " " * field + "- z"]))
            lines.insert(draw(st.integers(1, len(lines))), slip)
    text = "\n".join(line + (" " if draw(st.integers(0, 9)) == 0 else "") for line in lines) + "\n"
    return text.replace("\n", "\r\n") if draw(st.integers(0, 9)) == 0 else text


def scalar(draw: st.DrawFn, words: st.SearchStrategy[str], near: bool) -> str:
    value = draw(words)
    quote = draw(st.sampled_from(["", "", '"', "'"]))
    if near and quote and draw(st.integers(0, 7)) == 0:
        return quote + value  # an unclosed quote
    return f"{quote}{value}{quote}" if value or quote else "x"


def id_list(draw: st.DrawFn, key: str, items: list[str], indent: int, near: bool) -> list[str]:
    if draw(st.booleans()) or not items:
        gap = draw(st.sampled_from([", ", ",", " , "]))
        return [" " * indent + f"{key}: [{gap.join(items)}]"]
    at = indent + draw(st.integers(0, 2))
    lines = [" " * indent + f"{key}:"]
    lines += [" " * (at + (near and draw(st.integers(0, 9)) == 0)) + f"- {item}" for item in items]
    return lines


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(claim_file(tame, near=False))
def test_the_common_layout_is_read_by_lines_as_yaml_reads_it(text: str) -> None:
    # `assumption: yes` is YAML's and the walker's to judge: the line reader leaves it
    assert agrees(text) or "assumption: yes" in text


@settings(max_examples=fuzz_examples(600), deadline=None)
@given(claim_file(near_words, near=True))
def test_near_misses_are_read_as_yaml_reads_them_or_left_to_it(text: str) -> None:
    agrees(text)


def test_a_file_in_the_common_layout_is_linted_without_loading_libyaml(tmp_path: Path) -> None:
    """What the line reader buys at start-up: PyYAML (and the TOML parser, for a
    pyproject.toml with no argmap settings) are not even imported."""
    import subprocess

    common = tmp_path / "common.yaml"
    common.write_text("claims:\n  a:\n    text: A.\n    evidence: e\n", encoding="utf-8")
    flow = tmp_path / "flow.yaml"
    flow.write_text("claims:\n  a: {text: A., evidence: e}\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (tmp_path / ".git").mkdir()
    code = ("import sys; from argmap.cli import cli\n"
            "try:\n    cli.main(['lint', sys.argv[1]], prog_name='argmap')\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('yaml', 'tomllib') if m in sys.modules), file=sys.stderr)")
    loaded = {}
    for path in (common, flow):
        result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=tmp_path)
        loaded[path.name] = result.stderr.strip().splitlines()[-1]
    assert loaded == {"common.yaml": "[]", "flow.yaml": "['yaml']"}
