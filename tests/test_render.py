"""Maps: the DOT as text, the SVG as XML, the files as bytes."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from argmap.analysis.lint import lint_file
from argmap.cli import cli
from argmap.config import Settings
from argmap.files import write_atomic
from argmap.render import style
from argmap.render.backends import draw
from argmap.render.dot import MapOptions, build_dot
from conftest import REPO, write

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

AUDITED = """\
title: Every mark
theses: [t]
claims:
  t:
    text: The thesis.
    reasons:
      - p
      - premises: [q, r]
        label: together
        objections: [u]
    objections: [o]
  p: {text: A single premise., quote: exact words}
  q: {text: Linked premise one., assumption: true}
  r: {text: Linked premise two., evidence: data}
  u: {text: An undercutter., evidence: memo, objections: [x]}
  x: {text: A rebuttal., evidence: memo 2}
  o: {text: An objection that stands., evidence: report}
  bare: {text: Nothing supports this.}
  c1: {text: Circle one., reasons: [c2]}
  c2: {text: Circle two., reasons: [c1]}
"""


def _report(tmp_path: Path, text: str = AUDITED, name: str = "map.yaml"):
    path = write(tmp_path, text, name)
    (tmp_path / "article.txt").write_text("exact words\n", encoding="utf-8")
    return lint_file(path, Settings(), keep=True)


def _svg(tmp_path: Path, text: str = AUDITED, **options) -> ET.Element:
    report = _report(tmp_path, text)
    return ET.fromstring(draw(build_dot(report.analysis, report.findings, MapOptions(**options)), "svg"))


def _node(svg: ET.Element, node_id: str) -> ET.Element:
    found = [g for g in svg.iter(f"{SVG}g") if g.get("id") == node_id]
    assert len(found) == 1, f"no single SVG element with id {node_id!r}"
    return found[0]


def _texts(element: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in element.iter(f"{SVG}text"))


def test_dot_follows_the_conventions(tmp_path):
    report = _report(tmp_path)
    dot = build_dot(report.analysis, report.findings)
    assert "rankdir=BT" in dot
    assert f'o -> t [arrowhead=tee color="{style.ATTACK}" id="edge-t!1"' in dot
    assert f'edge [arrowhead=normal arrowsize=0.8 color="{style.SUPPORT}"' in dot  # support is the default
    assert 'p -> t [id="edge-t#1"]' in dot
    # the undercut hits the junction, dashed: it attacks the inference, not a claim
    assert f'u -> "t#2" [arrowhead=tee color="{style.ATTACK}" id="edge-t#2!1" penwidth=1.6 style=dashed]' in dot
    # a labelled junction is a small box that holds its label: it can sit on nothing else
    assert f'"t#2" [label=together color="{style.SUPPORT}" fillcolor="{style.JUNCTION_FILL["support"]}"' in dot
    assert "xlabel" not in dot
    assert "rank=max" in dot and "THESIS" in dot


def test_every_claim_has_an_svg_id_and_a_tooltip(tmp_path):
    svg = _svg(tmp_path)
    for claim in ("t", "p", "q", "r", "u", "x", "o", "bare", "c1", "c2"):
        node = _node(svg, f"claim-{claim}")
        anchors = list(node.iter(f"{SVG}a"))
        assert anchors and anchors[0].get(f"{XLINK}title", "").strip()


def test_edges_carry_their_styles(tmp_path):
    svg = _svg(tmp_path)
    support = _node(svg, "edge-t#1").find(f"{SVG}path")
    if support is None:  # an edge with a tooltip is wrapped in an anchor
        support = next(_node(svg, "edge-t#1").iter(f"{SVG}path"))
    assert support.get("stroke").upper() == style.SUPPORT
    attack = next(_node(svg, "edge-t!1").iter(f"{SVG}path"))
    assert attack.get("stroke").upper() == style.ATTACK
    undercut = next(_node(svg, "edge-t#2!1").iter(f"{SVG}path"))
    assert undercut.get("stroke").upper() == style.ATTACK
    circle = next(_node(svg, "edge-c2#1").iter(f"{SVG}path"))
    assert circle.get("stroke").upper() == style.CIRCLE


def test_audit_marks_and_legend_show_what_occurs(tmp_path):
    svg = _svg(tmp_path)
    # findings in words, not codes: a reader of the PNG cannot look AM101 up
    assert "nothing supports or grounds it" in _texts(_node(svg, "claim-bare"))
    assert "AM1" not in _texts(svg)
    assert "OUT: unsupported" in _texts(_node(svg, "claim-bare"))
    assert "THESIS \u00b7 OUT: defeated" in _texts(_node(svg, "claim-t"))  # defeated by the standing objection
    assert "UNDEC" in _texts(_node(svg, "claim-c1"))
    assert "circular reasoning" in _texts(_node(svg, "claim-c1"))
    assert style.QUOTE_MARK in _texts(_node(svg, "claim-p"))
    legend = _texts(_node(svg, "_legend_table"))
    for entry in ("finding", "unsupported", "defeated", "circle", "assumption", "objection", "undercut", "linked",
                  "thesis", "UNDEC"):
        assert entry in legend
    assert legend.startswith("Legend")  # its title on top
    assert "not connected to a thesis" in _texts(_node(svg, "claim-c1"))  # the circle hangs off no thesis


def test_legend_lists_only_what_occurs(tmp_path):
    svg = _svg(tmp_path, "theses: [a]\nclaims:\n  a: {text: A., reasons: [b]}\n  b: {text: B., evidence: x}\n")
    legend = _texts(_node(svg, "_legend_table"))
    assert "support" in legend and "thesis" in legend
    for absent in ("objection", "circle", "unsupported", "finding", "assumption", "linked"):
        assert absent not in legend


def test_no_audit_draws_the_bare_map(tmp_path):
    svg = _svg(tmp_path, audit=False)
    assert "unsupported" not in _texts(svg) and "UNDEC" not in _texts(svg)


HOSTILE = [
    '<script>alert(1)</script>',
    'a & b < c > d "quoted" \'single\'',
    "javascript:alert(document.cookie)",
    "back\\slash \\n \\l \\N \\G",
    "new\nline",
    "W" * 300,
    "]]> <!-- --> <![CDATA[",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_claim_text_stays_text(tmp_path, text):
    import json

    body = json.dumps(text)
    claims = f"claims:\n  a: {{text: {body}, evidence: {body}, note: {body}}}\n"
    report = _report(tmp_path, claims)
    raw = draw(build_dot(report.analysis, report.findings), "svg")
    svg = ET.fromstring(raw)  # still well-formed XML
    assert not list(svg.iter(f"{SVG}script"))
    for element in svg.iter():
        assert element.get("href") is None and element.get(f"{XLINK}href") is None
    shown = _texts(_node(svg, "claim-a")).replace(" ", "")
    assert "".join(text.split())[:20].replace(" ", "") in shown or "W" * 20 in shown


def test_focus_draws_a_neighbourhood(tmp_path):
    chain = "claims:\n" + "".join(f"  c{i}: {{text: Claim {i}., reasons: [c{i + 1}]}}\n" for i in range(10))
    chain += "  c10: {text: Claim 10., evidence: x}\n"
    report = _report(tmp_path, chain)
    dot = build_dot(report.analysis, report.findings, MapOptions(focus="c5", depth=2))
    drawn = {f"c{i}" for i in range(11) if f"\tc{i} [" in dot}
    assert drawn == {"c3", "c4", "c5", "c6", "c7"}
    svg = ET.fromstring(draw(dot, "svg"))
    assert "around 'c5', depth 2" in _texts(svg)
    # the focus is marked, and so are the claims whose branches were cut
    assert _texts(_node(svg, "claim-c5")).startswith("FOCUS")
    assert "1 more not shown" in _texts(_node(svg, "claim-c3")) and "1 more not shown" in _texts(_node(svg, "claim-c7"))
    assert "more not shown" not in _texts(_node(svg, "claim-c4"))


@pytest.mark.parametrize("fmt", ["svg", "pdf", "png", "dot"])
def test_same_input_gives_identical_bytes(tmp_path, runner, fmt):
    source = write(tmp_path, AUDITED, "map.yaml")
    outputs = []
    for folder in ("one", "two"):
        result = runner.invoke(cli, ["render", str(source), "-f", fmt, "-o", str(tmp_path / folder)])
        assert result.exit_code == 0, result.output
        outputs.append((tmp_path / folder / f"map.{fmt}").read_bytes())
    assert outputs[0] == outputs[1] and len(outputs[0]) > 100
    if fmt == "pdf":
        assert b"/CreationDate (D:19700101000000Z)" in outputs[0]
    # drawn with the other formats (pdf, png and dot read one DOT, written once and kept): the same bytes
    result = runner.invoke(cli, ["render", str(source), "-f", "svg", "-f", "pdf", "-f", "png", "-f", "dot",
                                 "-o", str(tmp_path / "all")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "all" / f"map.{fmt}").read_bytes() == outputs[0]


def test_failed_write_leaves_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "map.svg"
    target.write_bytes(b"previous")

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"previous"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_render_cli_writes_each_format(tmp_path, runner):
    source = write(tmp_path, AUDITED, "map.yaml")
    result = runner.invoke(cli, ["render", str(source), "-f", "svg", "-f", "dot", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["map.dot", "map.svg"]


def test_unloadable_file_is_not_rendered(tmp_path, runner):
    source = write(tmp_path, "claims: [unclosed\n", "broken.yaml")
    result = runner.invoke(cli, ["render", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "AM001" in result.output and not (tmp_path / "out" / "broken.svg").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["-f", "svgg"], "unknown format 'svgg'; did you mean 'svg'? (must be one of 'svg', 'pdf', 'png', 'dot', 'html')"),
        (["--focus", "tt"], "no claim 'tt' to focus on; did you mean 't'?"),
    ],
)
def test_render_usage_errors_are_one_line(tmp_path, runner, args, message):
    source = write(tmp_path, AUDITED, "map.yaml")
    result = runner.invoke(cli, ["render", str(source), "-o", str(tmp_path / "out"), *args])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_system_renderer_without_dot_is_a_clear_error(tmp_path, runner):
    source = write(tmp_path, AUDITED, "map.yaml")
    result = runner.invoke(cli, ["render", str(source), "--renderer", "system", "-o", str(tmp_path)],
                           env={"PATH": str(tmp_path / "empty")})
    assert result.exit_code == 2
    assert "no 'dot' on PATH" in result.output


@pytest.mark.parametrize("folder, message", [
    (None, "the bundled renderer needs pygraphviz: pip install pygraphviz"),
    ("empty", "the bundled renderer needs pygraphviz: pip install pygraphviz"),
    ("broken", "the bundled renderer cannot load pygraphviz's Graphviz"),
], ids=["not-installed", "no-extension", "broken-extension"])
def test_bundled_renderer_without_its_graphviz_is_a_clear_error(tmp_path, runner, monkeypatch, folder, message):
    """Without pygraphviz (or with a broken one), --renderer bundled says so in one line, and
    auto turns to a dot on PATH (here none, which it says too)."""
    import importlib.machinery
    import importlib.util

    from argmap.render import libgraphviz

    fake = None
    if folder:
        (tmp_path / folder).mkdir()
        if folder == "broken":
            (tmp_path / folder / f"_graphviz{importlib.machinery.EXTENSION_SUFFIXES[0]}").write_bytes(b"not a library")
        fake = importlib.machinery.ModuleSpec("pygraphviz", None, is_package=True)
        fake.submodule_search_locations = [str(tmp_path / folder)]
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: fake if name == "pygraphviz" else real(name, *a))
    libgraphviz.library.cache_clear()
    try:
        source = write(tmp_path, AUDITED, "map.yaml")
        result = runner.invoke(cli, ["render", str(source), "--renderer", "bundled", "-o", str(tmp_path / "out")])
        assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
        result = runner.invoke(cli, ["render", str(source), "-o", str(tmp_path / "out")], env={"PATH": str(tmp_path / "none")})
        assert result.exit_code == 2 and "no 'dot' on PATH" in result.output
    finally:
        libgraphviz.library.cache_clear()


def test_pygraphviz_1_on_a_system_graphviz_gets_the_systems_plugins():
    """pygraphviz 1 (built on a system Graphviz, whose plugins are configured) has no
    `gvContextWithBuiltins`: its context comes from Graphviz's own `gvContext`."""
    from argmap.render import libgraphviz

    class Function:
        def __init__(self, name: str) -> None:
            self.name = name

    class Pygraphviz1:
        def __getattr__(self, name: str) -> Function:
            if name == "gvContextWithBuiltins":
                raise AttributeError(name)
            return Function(name)

    assert libgraphviz.Graphviz(Pygraphviz1()).new_context.name == "gvContext"  # type: ignore[arg-type, attr-defined]
    assert libgraphviz.library().new_context.__name__ == "gvContextWithBuiltins"  # the wheel here has its own


def test_pythons_own_stderr_is_not_taken_for_graphvizs():
    """While Graphviz's stderr is caught, the DOT is still being written: what Python says
    meanwhile (a warning) reaches the terminal, and is never given as Graphviz's error."""
    code = (
        "import sys, warnings\n"
        "from argmap.render.backends import RenderError, draw\n"
        "def pieces():\n"
        "    warnings.warn('python says hi')\n"
        "    yield 'digraph { a -> ; }'\n"
        "try:\n    draw(pieces(), 'svg')\nexcept RenderError as error:\n    print(error)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert "python says hi" in result.stderr
    assert result.stdout.startswith("Graphviz failed: ") and "syntax error" in result.stdout
    assert "python" not in result.stdout


def test_fontconfig_noise_stays_out_of_the_terminal(tmp_path):
    source = write(tmp_path, AUDITED, "map.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "argmap", "render", str(source), "-f", "png", "-o", str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0 and result.stderr == ""


def test_lint_never_imports_rendering_code(tmp_path):
    source = write(tmp_path, AUDITED, "map.yaml")
    code = (
        "import sys; from argmap.cli import cli\n"
        "try:\n    cli.main(['lint', sys.argv[1]], prog_name='argmap')\nexcept SystemExit:\n    pass\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('graphviz', 'pygraphviz') or m.startswith('argmap.render'))\n"
        "print(bad, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(source)], capture_output=True, text=True, cwd=REPO)
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_render_imports_neither_graphviz_package_nor_pygraphviz_python(tmp_path):
    """The bundled Graphviz is called through ctypes: start-up loads its library, not the
    Python of pygraphviz (nor tempfile, which it needs) or of the graphviz package."""
    source = write(tmp_path, AUDITED, "map.yaml")
    code = (
        "import sys; from argmap.cli import cli\n"
        "try:\n    cli.main(['render', sys.argv[1], '-f', 'svg', '-o', sys.argv[2]], prog_name='argmap')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('graphviz', 'pygraphviz', 'tempfile', 'textwrap')),"
        " file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(source), str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=REPO)
    assert (tmp_path / "out" / "map.svg").read_bytes().startswith(b"<?xml")
    expected = [] if hasattr(os, "memfd_create") else ["tempfile"]  # its stderr goes to a file in memory on Linux
    assert result.stderr.strip().splitlines()[-1] == str(expected)


def test_a_large_map_streams_to_graphviz_in_pieces_drawn_as_whole(tmp_path):
    """Graphviz reads a large map's DOT while the rest is written: the pieces are many, and
    what they draw is what the whole text draws."""
    from argmap.render.dot import dot_pieces

    lines = ["theses: [c0]", "claims:"] + [
        f"  c{n}: {{text: Claim {n} of a long chain of reasons., reasons: [c{n + 1}]}}" for n in range(600)
    ] + ["  c600: {text: The end., evidence: e}"]
    report = _report(tmp_path, "\n".join(lines) + "\n")
    pieces = list(dot_pieces(report.analysis, report.findings))
    whole = build_dot(report.analysis, report.findings)
    assert len(pieces) > 3 and "".join(pieces) == whole
    assert draw(iter(pieces), "svg") == draw(whole, "svg")


def _settled(draw_calls, timeout: float = 60):
    """Run *draw_calls* in a thread, failing (not hanging) if it has not ended in *timeout*
    seconds; then no parser thread may be left, nor a file descriptor more than before."""
    import threading

    before = len(os.listdir("/proc/self/fd"))
    outcome: list[BaseException | None] = []

    def run():
        try:
            draw_calls()
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001 - handed to the test
            outcome.append(error)

    runner = threading.Thread(target=run, daemon=True)
    runner.start()
    runner.join(timeout)
    assert not runner.is_alive(), "the draw hung"
    assert not any(t.name == "argmap-graphviz-parse" for t in threading.enumerate())
    assert len(os.listdir("/proc/self/fd")) == before
    if outcome[0] is not None:
        raise outcome[0]


#: a DOT Graphviz refuses at its first line, followed by far more than a pipe holds
_REFUSED_EARLY = ["digraph { a -> ; \n"] + [f"n{i} [label=\"{'x' * 1000}\"]\n" for i in range(5_000)] + ["}\n"]


@pytest.mark.parametrize("stream", [True, False], ids=["streamed", "whole"])
def test_a_map_that_fails_while_written_leaves_graphviz_clean(monkeypatch, stream):
    """An error in writing the DOT comes through as it is, Graphviz reading nothing more;
    when Graphviz stops at a syntax error early, the writer is not left waiting on a full pipe."""
    from argmap.render import backends, libgraphviz

    monkeypatch.setattr(libgraphviz, "STREAM", stream)

    def failing():
        yield "digraph { a -> b\n"
        raise LookupError("no more")

    def calls():
        with pytest.raises(LookupError, match="no more"):
            backends._bundled(failing(), "svg")
        with pytest.raises(backends.RenderError, match="syntax error"):
            backends._bundled(iter(_REFUSED_EARLY), "svg")
        assert backends._bundled(["digraph { a -> b }"], "svg").startswith(b"<?xml")

    _settled(calls)
    if stream:  # the reading thread itself failing (a bug, memory gone) is raised here, not waited on
        class Libc:
            def fdopen(self, fd, mode):
                raise MemoryError

        monkeypatch.setattr(libgraphviz, "_libc", Libc)

        def parser_fails():
            with pytest.raises(MemoryError):
                backends._bundled(iter(_REFUSED_EARLY), "svg")

        _settled(parser_fails)


def test_streaming_gives_way_where_it_cannot_work(monkeypatch):
    """Where no thread can be started (a limit on processes), or where a broken pipe would be
    a signal that ends the process (a host that restored SIGPIPE), Graphviz reads the text
    whole: the same bytes, the same one-line error, nothing left open."""
    import signal
    import threading

    from argmap.render import backends

    dot = (REPO / "output" / "istanbul-2025.dot").read_text(encoding="utf-8")
    expected = backends._bundled([dot], "svg")

    def calls():
        assert backends._bundled(iter([dot[:5000], dot[5000:]]), "svg") == expected
        with pytest.raises(backends.RenderError, match="syntax error"):
            backends._bundled(iter(_REFUSED_EARLY), "svg")

    def no_thread(self):
        raise RuntimeError("can't start new thread")

    with monkeypatch.context() as patch:
        patch.setattr(threading.Thread, "start", no_thread)
        calls()  # in this thread: none other can start
    previous = signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        _settled(calls)
    finally:
        signal.signal(signal.SIGPIPE, previous)


def test_ctrl_c_while_graphviz_reads_waits_for_it_and_frees_its_graph(monkeypatch):
    """Ctrl-C that lands while Graphviz finishes reading: the reading ends before the
    interrupt goes on (no parser left, no descriptor open), and no map is left standing."""
    import threading

    from argmap.render import backends

    join = threading.Thread.join
    interrupts = []

    def interrupted_once(self, timeout=None):
        if self.name == "argmap-graphviz-parse" and not interrupts:
            interrupts.append(self)
            raise KeyboardInterrupt
        return join(self, timeout)

    backends._bundled(["digraph { a }"], "svg")
    from argmap.render import libgraphviz

    libgraphviz.free(backends._last)
    monkeypatch.setattr(threading.Thread, "join", interrupted_once)

    def calls():
        with pytest.raises(KeyboardInterrupt):
            backends._bundled(iter(["digraph { a -> b ", "}\n"]), "svg")

    _settled(calls)
    assert interrupts and backends._last == []


def test_internal_names_never_clash_with_claim_ids(tmp_path):
    text = ("theses: [legend]\nclaims:\n"
            "  legend: {text: A claim called legend., reasons: [[to, graph0]], objections: [b, b]}\n"
            "  to: {text: A premise called to., evidence: x}\n"
            "  graph0: {text: A premise called graph0., evidence: y}\n"
            "  b: {text: An objection listed twice., evidence: z, objections: [c]}\n"
            "  c: {text: Its answer., evidence: w}\n"
            # Graphviz wraps a node with a tooltip in an anchor `a_<id>`: a claim named a_x must not meet it
            "  x: {text: X., evidence: v, objections: [a_x]}\n"
            "  a_x: {text: A claim called a_x., evidence: u, objections: [edge-x]}\n"
            "  edge-x: {text: A claim called edge-x., evidence: t}\n")
    svg = _svg(tmp_path, text)
    ids = [e.get("id") for e in svg.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "duplicate SVG ids"
    assert "A claim called legend." in _texts(_node(svg, "claim-legend"))


def test_focus_never_draws_an_undeclared_node(tmp_path):
    text = "claims:\n  top: {text: Top., reasons: [mid]}\n  mid: {text: Mid., reasons: [low]}\n  low: {text: Low., evidence: x}\n"
    report = _report(tmp_path, text)
    dot = build_dot(report.analysis, report.findings, MapOptions(focus="mid", depth=0))
    assert "top" not in dot and "low" not in dot and "\tmid [" in dot


def test_tooltip_backslashes_stay_literal(tmp_path):
    svg = _svg(tmp_path, 'claims:\n  a: {text: "C:\\\\Users\\\\N and \\\\G", evidence: x}\n')
    title = next(_node(svg, "claim-a").iter(f"{SVG}a")).get(f"{XLINK}title")
    assert title.startswith("C:\\Users\\N and \\G")


def test_per_thesis_maps_stop_at_other_theses(tmp_path):
    text = ("theses: [t1, t2]\nclaims:\n"
            "  t1: {text: T1., reasons: [[t2, p]]}\n"
            "  t2: {text: T2., reasons: [q]}\n"
            "  p: {text: P., evidence: x}\n"
            "  q: {text: Q., evidence: y}\n")
    report = _report(tmp_path, text)
    dot = build_dot(report.analysis, report.findings, MapOptions(focus="t1", depth=None, upstream=True))
    assert "\tt2 [" in dot and "\tp [" in dot  # the other thesis is shown as a premise...
    assert "\tq [" not in dot  # ...but its own argument is left to its own map
    assert "the case for and against 't1'" in _texts(ET.fromstring(draw(dot, "svg")))


def test_linked_objections_answers_and_restatements_are_drawn(tmp_path):
    text = ("theses: [t]\nclaims:\n"
            "  t:\n    text: T.\n    evidence: x\n    restates: [s]\n"
            "    objections:\n      - [a, b]\n      - premises: [c]\n        label: beside-the-point\n        objections: [d]\n"
            "  s: {text: T again., evidence: x}\n"
            "  a: {text: A., evidence: x}\n  b: {text: B., evidence: x}\n"
            "  c: {text: C., evidence: x}\n  d: {text: D answers C., evidence: x}\n")
    report = _report(tmp_path, text)
    dot = build_dot(report.analysis, report.findings)
    red = f'color="{style.ATTACK}"'
    # a linked objection meets at a vermillion junction, which attacks the claim
    assert f'"t!1" [label="" color="{style.ATTACK}" fillcolor="{style.ATTACK}"' in dot
    assert f'a -> "t!1" [arrowhead=none {red}' in dot and f'b -> "t!1" [arrowhead=none {red}' in dot
    assert f'"t!1" -> t [arrowhead=tee {red}' in dot
    # the answer to the labelled objection hits that objection's junction
    assert f'd -> "t!2" [arrowhead=tee {red}' in dot and '"t!2" [label="beside-the-point"' in dot
    assert 't -> s [arrowhead=none color="#6B6B6B" constraint=false' in dot and "style=dashed" in dot
    legend = _texts(_node(ET.fromstring(draw(dot, "svg")), "_legend_table"))
    assert "claims that object only together" in legend and "says the same as" in legend


def test_unsupported_and_defeated_are_told_apart_on_the_map(tmp_path):
    text = ("theses: [t, u]\nclaims:\n"
            "  t: {text: T., evidence: x, objections: [o]}\n  o: {text: O., evidence: x}\n"
            "  u: {text: U., reasons: [p]}\n  p: {text: P., ignore: [AM101], note: bare on purpose}\n")
    svg = _svg(tmp_path, text)
    assert "OUT: defeated" in _texts(_node(svg, "claim-t")) and "OUT: unsupported" in _texts(_node(svg, "claim-u"))
    fills = {claim: next(_node(svg, f"claim-{claim}").iter(f"{SVG}path")).get("fill").upper() for claim in ("t", "u")}
    assert fills == {"t": style.FILL["defeated"], "u": style.FILL["unsupported"]}  # two greys, apart in print


def test_an_accepted_thesis_shows_its_status_too(tmp_path):
    svg = _svg(tmp_path, "theses: [a]\nclaims:\n  a: {text: A., reasons: [b]}\n  b: {text: B., evidence: x}\n")
    assert _texts(_node(svg, "claim-a")).startswith("THESIS \u00b7 IN: accepted")
    assert "IN:" not in _texts(_node(svg, "claim-b"))  # other accepted claims stay plain


def test_paper_formats_say_nothing_of_hovering(tmp_path):
    report = _report(tmp_path)
    screen = build_dot(report.analysis, report.findings, MapOptions(interactive=True))
    paper = build_dot(report.analysis, report.findings, MapOptions(interactive=False))
    assert "hover" in screen and "hover" not in paper


def test_undercuts_are_dashed_and_objections_to_claims_are_not(tmp_path):
    svg = _svg(tmp_path)

    def dashed(edge: str) -> bool:
        return next(_node(svg, edge).iter(f"{SVG}path")).get("stroke-dasharray") is not None

    assert dashed("edge-t#2!1") and not dashed("edge-t!1")


def test_publishing_options(tmp_path, runner):
    source = write(tmp_path, "title: Lanes\nsource: {title: City report, date: '2024-05-01', url: 'https://example.org/r'}\n"
                             "theses: [a]\nclaims:\n  a: {text: Build the lane., reasons: [b]}\n  b: {text: It is safer., evidence: x}\n",
                   "lanes.yaml")

    def svg_text(*args: str) -> str:
        out = tmp_path / str(len(args)) / "-".join(args)
        assert runner.invoke(cli, ["render", str(source), "-f", "svg", "-o", str(out), *args]).exit_code == 0
        return _texts(ET.parse(out / "lanes.svg").getroot())

    plain = svg_text()
    assert "Source: City report, 2024-05-01, https://example.org/r" in plain  # the caption, from the source
    assert {"a", "b"} <= set(plain.split())  # the ids, at the foot of their boxes
    hidden = svg_text("--hide-ids")
    assert "Build the lane." in hidden and not {"a", "b"} & set(hidden.split())
    assert "Seen in print" in svg_text("--caption", "Seen in print") and "Source:" not in svg_text("--caption", "")


def test_png_resolution(tmp_path, runner):
    source = write(tmp_path, AUDITED, "map.yaml")
    sizes = []
    for dpi in ("96", "192"):
        out = tmp_path / dpi
        assert runner.invoke(cli, ["render", str(source), "-f", "png", "--dpi", dpi, "-o", str(out)]).exit_code == 0
        header = (out / "map.png").read_bytes()[16:24]
        sizes.append((int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")))
    assert abs(sizes[1][0] - 2 * sizes[0][0]) <= 2 and abs(sizes[1][1] - 2 * sizes[0][1]) <= 2


def _boxes(svg: ET.Element, prefix: str) -> dict[str, tuple[float, float, float, float]]:
    """The bounding box of each node's outline (polygon or path), by SVG id."""
    boxes = {}
    for group in svg.iter(f"{SVG}g"):
        if (group.get("id") or "").startswith(prefix) and group.get("class") == "node":
            points = []
            for shape in group.iter():
                if shape.tag in (f"{SVG}polygon", f"{SVG}path", f"{SVG}ellipse"):
                    raw = shape.get("points") or shape.get("d") or ""
                    if shape.tag == f"{SVG}ellipse":
                        cx, cy, rx, ry = (float(shape.get(k)) for k in ("cx", "cy", "rx", "ry"))
                        points += [(cx - rx, cy - ry), (cx + rx, cy + ry)]
                        continue
                    numbers = [float(n) for n in raw.replace("M", " ").replace("C", " ").replace("L", " ").replace("Z", " ")
                               .replace(",", " ").split()]
                    points += list(zip(numbers[0::2], numbers[1::2], strict=False))
            if points:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                boxes[group.get("id")] = (min(xs), min(ys), max(xs), max(ys))
    return boxes


def _label_boxes(svg: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """Each step label's text, boxed from its font size and length (0.6 em a character)."""
    boxes = {}
    for group in svg.iter(f"{SVG}g"):
        if (group.get("id") or "").startswith("step-"):
            for text in group.iter(f"{SVG}text"):
                size = float(text.get("font-size", "9"))
                width = 0.6 * size * len("".join(text.itertext()))
                x, y = float(text.get("x")), float(text.get("y"))
                left = {"middle": x - width / 2, "end": x - width}.get(text.get("text-anchor", "start"), x)
                boxes[group.get("id")] = (left, y - size, left + width, y + 0.2 * size)
    return boxes


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_no_label_overlaps_a_box_or_another_label_on_any_istanbul_map(tmp_path, runner):
    out = tmp_path / "maps"
    source = str(REPO / "claims" / "istanbul-2025.yaml")
    assert runner.invoke(cli, ["render", source, "-f", "svg", "-o", str(out)]).exit_code == 0
    assert runner.invoke(cli, ["render", source, "--per-thesis", "--layout", "LR", "-f", "svg", "-o", str(out)]).exit_code == 0
    maps = sorted(out.glob("*.svg"))
    assert len(maps) == 6
    labels_seen = 0
    for path in maps:
        svg = ET.parse(path).getroot()
        claims, labels = _boxes(svg, "claim-"), _label_boxes(svg)
        labels_seen += len(labels)
        for name, label in labels.items():
            hits = [claim for claim, box in claims.items() if _overlap(label, box)]
            assert not hits, f"{path.name}: the label of {name} overlaps {hits}"
            others = [other for other, box in labels.items() if other != name and _overlap(label, box)]
            assert not others, f"{path.name}: the label of {name} overlaps the label of {others}"
        boxes = list(claims.items())
        for index, (name, box) in enumerate(boxes):
            assert not [other for other, b in boxes[index + 1:] if _overlap(box, b)], f"{path.name}: {name} overlaps"
    assert labels_seen >= 10  # the Istanbul maps name their inferences: the check had labels to check


def test_a_whole_map_of_several_theses_is_laid_out_in_rows_near_a_page_shape(tmp_path, runner):
    source = str(REPO / "claims" / "istanbul-2025.yaml")
    out = tmp_path / "whole"
    assert runner.invoke(cli, ["render", source, "-f", "svg", "-o", str(out)]).exit_code == 0
    svg = ET.parse(out / "istanbul-2025.svg").getroot()
    width, height = (float(svg.get(k).removesuffix("pt")) for k in ("width", "height"))
    assert 1.0 <= width / height <= 2.0, (width, height)  # it was a 7:1 strip
    theses = _boxes(svg, "claim-")
    tops = {claim: theses[f"claim-{claim}"][1] for claim in ("istanbul-fits", "what-to-expect")}
    assert abs(tops["istanbul-fits"] - tops["what-to-expect"]) > 200  # in different rows


def test_focus_leaves_out_an_inference_whose_premises_it_cut(tmp_path):
    """A labelled or linked reason drawn with nothing under it read as a reason with no premises;
    its claim says instead how many more are not shown."""
    text = ("claims:\n  top: {text: Top., reasons: [mid]}\n"
            "  mid: {text: Mid., reasons: [{label: both, premises: [p, q]}]}\n"
            "  p: {text: P., evidence: x}\n  q: {text: Q., evidence: y}\n")
    report = _report(tmp_path, text)
    dot = build_dot(report.analysis, report.findings, MapOptions(focus="top", depth=1))
    assert "both" not in dot and "\tmid [" in dot and "2 more not shown" in dot


def test_the_bundled_graphviz_draws_what_pygraphviz_draws_and_keeps_one_map_standing(monkeypatch):
    """`_bundled` calls Graphviz as `AGraph.draw` does but leaves the last map's memory for
    the system to take back at exit: the same bytes, and never more than one map unfreed.
    The DOT may come in pieces cut anywhere, streamed to Graphviz or read whole."""
    import pygraphviz

    from argmap.render import backends, libgraphviz

    dots = [(REPO / "output" / "istanbul-2025.dot").read_text(encoding="utf-8"),
            "digraph { a -> b; b -> c; a [label=<<B>bold</B>>] }"]
    for stream in (True, False):
        monkeypatch.setattr(libgraphviz, "STREAM", stream)
        for dot in dots:
            pieces = [dot[i:i + 4093] for i in range(0, len(dot), 4093)]
            for fmt in ("svg", "png"):
                assert backends._bundled(pieces, fmt) == pygraphviz.AGraph(string=dot).draw(format=fmt, prog="dot")
                assert len(backends._last) == 1
        libgraphviz.free(backends._last)
        assert backends._last == []
        with pytest.raises(backends.RenderError, match=r"Graphviz failed: .*syntax error"):
            backends._bundled(["digraph { a -> }"], "svg")
