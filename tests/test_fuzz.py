"""No input crashes argmap: random claim files, mutated real files and random bytes,
through `lint`, and through `render` and `report`.

Each example runs the whole command in-process (CliRunner) and checks what a user
relies on: exit 0, 1 or 2, a parseable JSON report, no traceback, 1-based positions,
well-formed maps and reports, and the claim file left exactly as it was.

The example counts suit CI; a long run raises them: `pytest tests/test_fuzz.py --fuzz-scale 50`.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from argmap.cli import cli
from argmap.rules.catalogue import RULES
from conftest import REPO, fuzz_examples

SOURCE_TEXT = (
    "Türkiye is among the few nations that have successfully maintained a balanced stance. "
    "The “grain deal” — brokered in Istanbul — was a success.\n"
)
FUZZ_SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> Path:
    """A folder with the real sources, an empty settings file, and room for one claim file."""
    base = tmp_path_factory.mktemp("fuzz")
    (base / "sources").mkdir()
    for source in (*(REPO / "claims" / "sources").iterdir(), *(REPO / "examples" / "sources").iterdir()):
        shutil.copy(source, base / "sources" / source.name)
    (base / "sources" / "s.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (base / "argmap.toml").write_text("", encoding="utf-8")  # defaults, whatever lies above
    return base


def run_lint(base: Path, data: bytes, name: str = "fuzz.yaml", extra: tuple[str, ...] = ()) -> None:
    """Lint *data* as base/name and check everything a user relies on."""
    path = base / name
    path.write_bytes(data)
    before = (path.stat().st_mtime_ns, sorted(p.name for p in base.iterdir()))
    runner = CliRunner()
    result = runner.invoke(
        cli, ["lint", "--format", "json", "--config", str(base / "argmap.toml"), str(path)], catch_exceptions=True
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}\n{data[:2000]!r}"
    )
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("argmap: error: "), result.stderr
    else:
        document = json.loads(result.stdout)
        check_report(document, path, result.exit_code)
    if extra:
        other = runner.invoke(cli, ["lint", *extra, "--config", str(base / "argmap.toml"), str(path)])
        assert other.exception is None or isinstance(other.exception, SystemExit), repr(other.exception)
        assert other.exit_code == result.exit_code
        assert "Traceback" not in other.output
    assert path.read_bytes() == data, "lint changed the claim file"
    assert (path.stat().st_mtime_ns, sorted(p.name for p in base.iterdir())) == before, "lint wrote files"


def check_report(document: dict, path: Path, exit_code: int) -> None:
    findings = document["findings"]
    for f in findings:
        assert isinstance(f["line"], int) and f["line"] >= 1, f
        assert isinstance(f["column"], int) and f["column"] >= 1, f
        if f["end_line"] is not None:
            assert f["end_line"] >= f["line"], f
            assert f["end_column"] is not None and f["end_column"] >= 1, f
            if f["end_line"] == f["line"]:
                assert f["end_column"] >= f["column"], f
        assert f["code"] in RULES and f["rule"] == RULES[f["code"]].slug, f
        assert f["severity"] in ("error", "warning"), f
        # (a message may still hold a raw newline: test_cli.py::test_each_finding_is_one_line_of_text)
        assert isinstance(f["message"], str) and f["message"], f
        assert f["path"].endswith(path.name), f
    keys = [(f["line"], f["column"]) for f in findings]
    assert keys == sorted(keys)
    errors = sum(f["severity"] == "error" for f in findings)
    assert document["summary"] == {"files": 1, "errors": errors, "warnings": len(findings) - errors, "strict": False}
    assert exit_code == (1 if errors else 0)


# -- (a) random claim-file-like documents -----------------------------------------------

POOL = ["a", "b", "c", "grain-deal", "x.1", "Ünï", "9"]
ODD_IDS = [
    "", " ", "a b", " a", "a ", "-a", "_a", ".a", "a/b", "a:b", "- a", "#a", "*a", "&a", "!a", "%a", "@a", "'a'",
    "\u200b", "\ufeffa", "\U0001f600", "é\u0301", "ǅ", "ℌ", "٣", "\t", "a\nb", "null", "~", "true", "no", "1.5",
    "0x1F", "a" * 300,
]
CODE_NAMES = [*RULES, *(code.lower() for code in RULES), *(rule.slug for rule in RULES.values()), "AM999", "", "ALL"]

ids = st.one_of(st.sampled_from(POOL), st.sampled_from(ODD_IDS), st.text(max_size=8))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(min_value=datetime.date(1, 1, 1)),
)
junk = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8,
)
refs = st.one_of(ids, ids, ids, scalars)
ref_lists = st.one_of(st.lists(refs, max_size=4), refs, junk)
reasons = st.one_of(
    refs,
    st.lists(refs, max_size=3),
    st.fixed_dictionaries(
        {}, optional={"premises": ref_lists, "label": scalars, "objections": ref_lists, "weight": junk}
    ),
    junk,
)
texts = st.one_of(
    st.sampled_from(["", "  ", "Istanbul is a fitting venue.", "Türkiye — «balanced» 中立", "istanbul is a FITTING venue"]),
    st.text(max_size=40),
    junk,
)
quotes = st.one_of(
    st.sampled_from(
        [
            "Türkiye is among the few nations",
            '"grain deal" - brokered in Istanbul',
            "  maintained   a BALANCED stance ",
            "not in the source at all",
            "",
        ]
    ),
    st.text(max_size=30),
)
claims = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "text": texts,
            "reasons": st.one_of(st.lists(reasons, max_size=4), junk),
            "objections": ref_lists,
            "quote": st.one_of(quotes, st.lists(quotes, max_size=2), junk),
            "evidence": st.one_of(st.text(max_size=10), st.lists(st.text(max_size=10), max_size=2), junk),
            "assumption": st.one_of(st.booleans(), scalars),
            "note": scalars,
            "tags": st.one_of(st.lists(st.text(max_size=5), max_size=3), junk),
            "ignore": st.one_of(st.lists(st.one_of(st.sampled_from(CODE_NAMES), scalars), max_size=3), junk),
            "txt": junk,
        },
    ),
    junk,
)
# Paths with NUL bytes, '/', '..' and odd unicode; devices are refused before reading.
source_paths = st.one_of(
    st.sampled_from(["sources/s.txt", "sources/istanbul-2025.txt", "missing.txt", "", ".", "..", "sources", "fuzz.yaml", "sources/s.txt\x00"]),
    st.sampled_from(["sources/s.txt", "sources/istanbul-2025.txt"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
    junk,
)
sources = st.one_of(
    st.fixed_dictionaries(
        {}, optional={"title": scalars, "date": scalars, "url": st.text(max_size=10), "path": source_paths, "pages": junk}
    ),
    st.fixed_dictionaries({"path": source_paths}),
    junk,
)
documents = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "argmap": st.one_of(st.just(1), scalars),
            "title": scalars,
            "source": sources,
            "theses": st.one_of(st.lists(refs, max_size=3), junk),
            "ignore": st.one_of(st.lists(st.one_of(st.sampled_from(CODE_NAMES), scalars), max_size=3), junk),
            "claims": st.one_of(st.dictionaries(ids, claims, max_size=6), st.dictionaries(ids, claims, max_size=6), junk),
            "claim": junk,
        },
    ),
    st.fixed_dictionaries(
        {"claims": st.dictionaries(ids, claims, min_size=1, max_size=6)},
        optional={"theses": st.lists(refs, max_size=3), "source": sources, "ignore": st.lists(st.sampled_from(CODE_NAMES))},
    ),
    junk,
)


@st.composite
def dumped(draw) -> tuple[bytes, str]:
    document = draw(documents)
    style = draw(st.sampled_from(["block", "flow", "json", "json-indent"]))
    if style.startswith("json"):
        text = json.dumps(document, default=str, ensure_ascii=draw(st.booleans()), indent=2 if style == "json-indent" else None)
        return text.encode("utf-8"), "fuzz.json"
    text = yaml.safe_dump(
        document,
        default_flow_style=style == "flow",
        allow_unicode=draw(st.booleans()),
        sort_keys=draw(st.booleans()),
        width=draw(st.sampled_from([80, 20, 10**6])),
    )
    return text.encode("utf-8"), draw(st.sampled_from(["fuzz.yaml", "fuzz.yml"]))


@settings(FUZZ_SETTINGS, max_examples=fuzz_examples(300))
@given(dumped(), st.sampled_from([(), ("--format", "text", "--status"), ("--format", "sarif"), ("--format", "github"), ("--statistics",)]))
def test_random_documents_never_crash(sandbox, case, extra):
    data, name = case
    run_lint(sandbox, data, name, extra)


# -- (b) mutated real files -----------------------------------------------------------

REAL = {
    "istanbul": (REPO / "claims" / "istanbul-2025.yaml").read_bytes(),
    "flawed": (REPO / "examples" / "flawed.yaml").read_bytes(),
}
INSERTS = [
    b"\t", b"\x00", b"\xff", b":", b"-", b"[", b"]", b"{", b"}", b"&", b"*", b"!!python/object:os.system",
    b"!!python/object/apply:os.system ['true']", b"&x ", b"*x", b"\n", b"\r", b"\r\n", b"'", b'"', b"\\",
    b"\xef\xbb\xbf", b"\n---\n", b"\n...\n", b"? ", b"|", b">", b"%YAML 1.1\n", b"@", b"`", b"#", b"\xc3",
    b"\xe2\x80\x94", b"\xf0\x9f\x98", b"  ", b"<<: *x\n", b"- ", b": ", b"null", b"~", b"!!binary ", b"!x ",
    b"\x85", b"\xe2\x80\xa8", b",", b"ignore: [AM101]\n", b"reasons: [", b"objections: [a, a]\n",
]
mutations = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "insert", "replace"]),
        st.floats(min_value=0, max_value=1),
        st.integers(min_value=0, max_value=200),
        st.one_of(st.sampled_from(INSERTS), st.binary(min_size=1, max_size=6)),
    ),
    min_size=1,
    max_size=5,
)


def mutate(data: bytes, operations) -> bytes:
    for operation, where, length, insert in operations:
        start = int(where * len(data))
        end = min(len(data), start + length)
        if operation == "delete":
            data = data[:start] + data[end:]
        elif operation == "duplicate":
            data = data[:end] + data[start:end] + data[end:]
        elif operation == "insert":
            data = data[:start] + insert + data[start:]
        else:
            data = data[:start] + insert + data[start + len(insert) :]
    return data


@settings(FUZZ_SETTINGS, max_examples=fuzz_examples(300))
@given(st.sampled_from(sorted(REAL)), mutations, st.sampled_from(["fuzz.yaml", "fuzz.json"]))
def test_mutated_real_files_never_crash(sandbox, which, operations, name):
    run_lint(sandbox, mutate(REAL[which], operations), name)


# -- (c) random bytes ---------------------------------------------------------------------


@settings(FUZZ_SETTINGS, max_examples=fuzz_examples(200))
@given(
    st.one_of(
        st.binary(max_size=300),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(st.sampled_from([*INSERTS, b"a", b"claims", b"text", b" "]), max_size=40).map(b"".join),
    ),
    st.sampled_from(["fuzz.yaml", "fuzz.json", "fuzz.yml"]),
)
def test_random_bytes_never_crash(sandbox, data, name):
    run_lint(sandbox, data, name, ("--format", "text"))


# -- (d) render and report ---------------------------------------------------------------

#: control characters that make XML ill-formed or reach a reader's terminal
CONTROL = set(map(chr, [*range(9), 11, 12, *range(14, 32), 127]))
CELL_BORDER = re.compile(r"(?<!\\)\|")  # a | that Markdown reads as a cell border


def check_command(result, data: bytes, path: Path) -> None:
    """What every command owes a user, whatever the input: a clean exit code, and a
    one-line error or nothing on stderr, never a traceback; the claim file as it was."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}\n{data[:2000]!r}"
    )
    assert result.exit_code in (0, 1, 2), result.output
    event(f"exit {result.exit_code}")  # --hypothesis-show-statistics: how many examples got how far
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("argmap: error: "), result.stderr
    assert path.read_bytes() == data, "the command changed the claim file"


def run_render(base: Path, data: bytes, name: str, formats: tuple[str, ...]) -> None:
    path, out = base / name, base / "maps"
    path.write_bytes(data)
    shutil.rmtree(out, ignore_errors=True)
    args = ["render", "--config", str(base / "argmap.toml"), "-o", str(out), str(path)]
    for fmt in formats:
        args += ["-f", fmt]
    result = CliRunner().invoke(cli, args)
    check_command(result, data, path)
    made = sorted(out.iterdir()) if out.exists() else []
    assert not [p for p in made if p.name.startswith(".")], "a temporary file was left behind"
    if result.exit_code == 0:
        assert [p.suffix for p in made] == sorted(f".{fmt}" for fmt in formats)
        for fmt in formats:
            drawn = (out / f"{path.stem}.{fmt}").read_text(encoding="utf-8")
            assert not CONTROL & set(drawn), "a control character reached the map"
            if fmt == "svg":
                ET.fromstring(drawn)  # well-formed XML
            else:
                assert drawn.startswith("digraph") and drawn.rstrip().endswith("}")
    else:
        assert made == [], "a file that failed still left maps"


def run_report(base: Path, data: bytes, name: str) -> None:
    path, out = base / name, base / "audit.md"
    path.write_bytes(data)
    out.unlink(missing_ok=True)
    result = CliRunner().invoke(cli, ["report", "--config", str(base / "argmap.toml"), "-o", str(out), str(path)])
    check_command(result, data, path)
    if result.exit_code == 2:
        assert not out.exists()
        return
    written = out.read_text(encoding="utf-8")  # strict: valid UTF-8
    assert written.startswith("# ") and written.endswith("\n")
    assert not CONTROL & set(written), "a control character reached the report"
    # every row of a table has as many cells as its header: claim text cannot break a table
    table: list[int] = []
    for line in [*written.splitlines(), ""]:
        if line.startswith("|"):
            table.append(len(CELL_BORDER.findall(line)))
        elif table:
            assert len(set(table)) == 1, (table, written)
            table = []


inputs = st.one_of(
    dumped(),
    st.tuples(st.sampled_from(sorted(REAL)), mutations).map(lambda pair: (mutate(REAL[pair[0]], pair[1]), "fuzz.yaml")),
)


@settings(FUZZ_SETTINGS, max_examples=fuzz_examples(60))
@given(inputs)
def test_random_files_render_or_fail_cleanly(sandbox, case):
    data, name = case
    run_render(sandbox, data, name, ("dot",))


@settings(FUZZ_SETTINGS, max_examples=fuzz_examples(25))
@given(inputs)
def test_random_files_draw_well_formed_svg(sandbox, case):
    data, name = case
    run_render(sandbox, data, name, ("svg",))


@settings(FUZZ_SETTINGS, max_examples=fuzz_examples(80))
@given(inputs)
def test_random_files_write_a_clean_report_or_fail_cleanly(sandbox, case):
    data, name = case
    run_report(sandbox, data, name)


# -- crashes and hangs found along the way (deterministic) ----------------------------------


def test_nul_in_source_path_is_a_finding(sandbox):
    """Found by fuzzing: a NUL in source.path made Path.read_bytes raise ValueError (a traceback)."""
    data = b'source: {path: "sources/s.txt\\0"}\nclaims:\n  a: {text: A., quote: Turkiye}\n'
    path = sandbox / "nul.yaml"
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["lint", "--format", "json", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["code"], finding["line"]) == ("AM202", 1)


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_source_path_to_a_device_is_a_finding_not_a_hang(tmp_path):
    """source.path was read whole whatever it named: /dev/zero ate all memory (in a child, under a limit)."""
    (tmp_path / "z.yaml").write_text("source: {path: /dev/zero}\nclaims:\n  a: {text: A., quote: q}\n", encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "argmap", "lint", "z.yaml"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=_limit_memory,
            env={**os.environ, "NO_COLOR": "1"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail("lint did not finish within 60 s")
    assert "Traceback" not in done.stderr, done.stderr[-500:]
    assert done.returncode == 1
    assert "z.yaml:1:16: AM202 [error]" in done.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_source_path_to_a_fifo_is_a_finding_not_a_hang(sandbox):
    fifo = sandbox / "sources" / "pipe"
    if not fifo.exists():
        os.mkfifo(fifo)
    path = sandbox / "fifo.yaml"
    path.write_text("source: {path: sources/pipe}\nclaims:\n  a: {text: A., quote: q}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", "--format", "json", str(path)])
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("AM202", 1, 16)
    assert "regular file" in finding["message"]
