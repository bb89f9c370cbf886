"""GraphML (yEd, Gephi) and Mermaid (GitHub) written by `argmap convert`.

What each file should hold is worked out here from the model itself, not from
the writers' code: nodes and edges counted from the claims, labels compared
with the claim texts, escaping checked on texts written to break things.
Mermaid's own parser and renderer are in test_mermaid_js.py.
"""

from __future__ import annotations

import html
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from argmap.analysis.context import Analysis
from argmap.cli import cli
from argmap.convert import DANGLING, TooLarge, graphml, mermaid, one_line
from argmap.model import ArgumentFile, Claim, Reason, Ref, Span
from argmap.read import load_path
from argmap.render import style
from conftest import REPO, UNDERCUTS, write

ISTANBUL = REPO / "claims" / "istanbul-2025.yaml"
Y = "{http://www.yworks.com/xml/graphml}"
G = "{http://graphml.graphdrawing.org/xmlns}"

# Texts written to break a format: XML and Mermaid syntax, HTML, Markdown, directives,
# KaTeX, line breaks, control and bidirectional characters, characters outside the BMP
HOSTILE = r'''
title: "A \"title\" --- %%{init: {'theme':'forest'}}%% <b>bold</b> #35; ]]> 😀"
claims:
  end:
    text: "end"
    reasons:
      - style
      - [o, x]
      - premises: [a-b]
        label: "*label* with \"quotes\" | pipes | ]brackets[ and <i>tags</i>"
        objections: [a_b]
    objections:
      - a.b
      - premises: ["1", graph]
        objections: [subgraph]
  style: {text: "]", evidence: e}
  o: {text: "#", assumption: true}
  x: {text: "<script>alert(1)</script> <b>not bold</b> &lt; &amp; #quot; ]]>", evidence: e}
  a-b: {text: "line one\nline two\r\nline three\ttabbed", evidence: e}
  a_b: {text: "%%{init: {\"theme\": \"dark\"}}%% $$x^2$$ `code` *emph* _under_ ~~strike~~ [link](https://example.org) www.example.org a@b.org", evidence: e}
  a.b: {text: "--> --x -.- ::: thesis ; [square] (round) {curly} \"quote\" 'single' |pipe|", evidence: e}
  "1": {text: "- a list item? 1. or a number", evidence: e}
  graph: {text: "control \a bell \x1b escape \0 NUL, bidi \u202e reversed \u202c, \uFFFE, emoji 😀", evidence: e}
  subgraph:
    text: "subgraph end click call callback linkStyle classDef default"
    evidence: e
    restates: [end, nowhere, subgraph]
'''


def load(path: Path) -> ArgumentFile:
    model = load_path(path).model
    assert model is not None
    return model


def convert(module, model: ArgumentFile) -> tuple[str, Counter[str]]:
    out = io.StringIO()
    lost = module.write(model, out)
    return out.getvalue(), lost


@pytest.fixture(scope="module")
def istanbul() -> ArgumentFile:
    return load(ISTANBUL)


@pytest.fixture
def hostile(tmp_path) -> ArgumentFile:
    return load(write(tmp_path, HOSTILE))


# -- what the graph should be, from the model --------------------------------------


def steps(model: ArgumentFile) -> list:
    return [step for claim in model.claims.values() for step in (*claim.reasons, *claim.attacks())]


def expected_edges(model: ArgumentFile) -> dict[tuple[str, str], str]:
    """SPEC section 2: premise -> step, step -> what it supports or attacks, claim -> the claim it restates."""
    edges = {}
    for step in steps(model):
        for ref in step.premises:
            if ref.id in model.claims:
                edges[ref.id, step.id] = "premise"
        edges[step.id, step.target] = "support" if isinstance(step, Reason) else "attack"
    for claim in model.claims.values():
        for ref in claim.restates:
            if ref.id in model.claims and ref.id != claim.id:
                edges[claim.id, ref.id] = "restates"
    return edges


# -- GraphML ------------------------------------------------------------------------


def test_graphml_read_back_by_networkx_has_every_claim_step_and_edge(istanbul):
    text, lost = convert(graphml, istanbul)
    graph = nx.read_graphml(io.StringIO(text))
    analysis = Analysis(istanbul)
    all_steps = steps(istanbul)
    assert len(istanbul.claims) == 59 and len(all_steps) > 40
    assert graph.number_of_nodes() == len(istanbul.claims) + len(all_steps)
    edges = expected_edges(istanbul)
    assert {(u, v): role for u, v, role in graph.edges(data="role")} == edges
    assert graph.is_directed() and not graph.is_multigraph()
    theses = set(istanbul.thesis_ids())
    for cid, claim in istanbul.claims.items():
        node = graph.nodes[cid]
        assert node["kind"] == "claim"
        assert node["text"] == node["label"] == claim.text
        assert node["status"] == str(analysis.labels[cid])
        assert node["verdict"] == str(analysis.status(cid))
        assert node["thesis"] is (cid in theses)
        assert node["assumption"] is claim.assumption
        assert json.loads(node.get("quotes", "[]")) == [quote.value for quote in claim.quotes]
        assert node.get("note") == claim.note
        assert (node["line"], node["column"]) == claim.span[:2]
    for step in all_steps:
        node = graph.nodes[step.id]
        assert node["kind"] == ("reason" if isinstance(step, Reason) else "attack")
        assert node["target"] == step.target
        assert node.get("label") == step.label
        assert node["status"] == str(analysis.labels[step.id])
    assert graph.graph["title"] == istanbul.title
    assert json.loads(graph.graph["theses"]) == [ref.id for ref in istanbul.theses]
    assert graph.graph["source_path"] == "sources/istanbul-2025.txt"
    assert not lost  # quotes, notes, ignores: every part of the model has a key


def test_graphml_is_the_graph_that_argmap_builds(istanbul):
    """The same nodes and edges as `Analysis.graph` (SPEC section 2), nothing more."""
    text, _ = convert(graphml, istanbul)
    read = nx.read_graphml(io.StringIO(text))
    built = Analysis(istanbul).graph
    assert list(read.nodes) == list(built.nodes)
    assert set(read.edges) == set(built.edges)
    assert dict(read.nodes(data="kind")) == dict(built.nodes(data="kind"))


def test_graphml_draws_for_yed_with_the_map_palette(istanbul):
    root = ET.fromstring(convert(graphml, istanbul)[0])
    graphics = {key.get("yfiles.type"): key.get("id") for key in root.iter(f"{G}key") if key.get("yfiles.type")}
    assert set(graphics) == {"nodegraphics", "edgegraphics"}
    theses = set(istanbul.thesis_ids())
    nodes = {node.get("id"): node for node in root.iter(f"{G}node")}
    for cid, claim in istanbul.claims.items():
        shape = nodes[cid].find(f"{G}data[@key='{graphics['nodegraphics']}']/{Y}ShapeNode")
        assert shape is not None
        lines = shape.find(f"{Y}NodeLabel").text.split("\n")
        assert "".join(lines[:-1]).replace(" ", "") == claim.text.replace(" ", "")  # the text, wrapped
        assert lines[-1].split(" \u00b7 ")[0] == cid  # then the id
        assert all(len(line) <= style.WRAP for line in lines[:-1])
        assert shape.find(f"{Y}Shape").get("type") == "roundrectangle"
        border = shape.find(f"{Y}BorderStyle")
        assert border.get("color") == (style.THESIS if cid in theses else style.INK)
        assert border.get("type") == ("dashed" if claim.assumption else "line")
        geometry = shape.find(f"{Y}Geometry")
        assert float(geometry.get("width")) > 100 and float(geometry.get("height")) > 40
    arrows = Counter()
    for edge in root.iter(f"{G}edge"):
        line = edge.find(f"{G}data[@key='{graphics['edgegraphics']}']/{Y}PolyLineEdge")
        role = edge.find(f"{G}data[@key='e_role']").text
        arrows[role, line.find(f"{Y}Arrows").get("target"), line.find(f"{Y}LineStyle").get("color")] += 1
    roles = Counter(expected_edges(istanbul).values())
    assert arrows[("support", "standard", style.SUPPORT)] == roles["support"]
    assert arrows[("attack", "t_shape", style.ATTACK)] == roles["attack"]
    assert sum(n for (role, head, _), n in arrows.items() if role == "premise" and head == "none") == roles["premise"]


def test_graphml_nodes_start_apart(istanbul):
    """Before a layout, yEd draws nodes where the file puts them: never all on one spot."""
    read = nx.read_graphml(io.StringIO(convert(graphml, istanbul)[0]))
    places = Counter((attrs["x"], attrs["y"]) for _, attrs in read.nodes(data=True))
    assert max(places.values()) == 1


def test_graphml_is_well_formed_whatever_the_texts(hostile):
    text, lost = convert(graphml, hostile)
    root = ET.fromstring(text)  # well-formed XML, or this raises
    assert root.tag == f"{G}graphml"
    read = nx.read_graphml(io.StringIO(text))
    assert read.graph["title"] == hostile.title
    # characters XML can hold come back exactly: quotes, markup, ]]>, tabs, CR LF
    for cid in ("x", "a-b", "a_b", "a.b", "end", "style", "o"):
        assert read.nodes[cid]["text"] == hostile.claims[cid].text
    assert "\r\n" in read.nodes["a-b"]["text"]
    # those it cannot (NUL, BEL, ESC, U+FFFE) are written as visible escapes, and counted
    shown = read.nodes["graph"]["text"]
    assert "\\x00" in shown and "\\x07" in shown and "\\x1b" in shown and "\\ufffe" in shown
    assert "\u202e" in shown and "😀" in shown  # valid in XML: kept as they are
    assert lost[graphml.UNWRITABLE] == 1
    assert read.nodes["end#3"]["label"] == hostile.claims["end"].reasons[2].label
    assert expected_edges(hostile) == {(u, v): role for u, v, role in read.edges(data="role")}


def test_graphml_escapes_ids_in_attributes():
    """Ids from other formats (an AIF node id) may hold anything."""
    odd = 'x"<&>\n\t y'
    model = ArgumentFile(Path("m.json"), claims={
        odd: Claim(odd, Span(1, 1), "a claim", reasons=[Reason(odd, 0, [Ref("b", Span(1, 1))], Span(1, 1))]),
        "b": Claim("b", Span(2, 1), "b", evidence=["e"]),
    })
    text, _ = convert(graphml, model)
    read = nx.read_graphml(io.StringIO(text))
    assert set(read.nodes) == {odd, f"{odd}#1", "b"}
    assert set(read.edges) == {("b", f"{odd}#1"), (f"{odd}#1", odd)}


def test_graphml_reports_only_what_it_cannot_hold(tmp_path):
    model = load(write(tmp_path, """
        claims:
          a: {text: A, reasons: [[b, missing]], restates: [a, nowhere], tags: [t], note: n, evidence: e}
          b: {text: B, evidence: e}
    """))
    _, lost = convert(graphml, model)
    assert lost == {DANGLING: 2, "restatements of a claim by itself": 1}


# -- Mermaid ------------------------------------------------------------------------

NODE = re.compile(r'^  (?P<id>\w+)\["(?P<label>[^"]*)"\]$')
JUNCTION = re.compile(r'^  (?P<id>\w+)\(\(" "\)\):::(?P<kind>reason|objection)$')
LINK = re.compile(r'^  (?P<start>\w+) (?P<arrow>-->|--x|---|-\.-)(?:\|"(?P<label>[^"]*)"\|)? (?P<end>\w+)$')
ENTITY = re.compile(r"#(\w+);")


def shown(escaped: str) -> str:
    """What a reader sees of a Mermaid label: entity codes decoded, our markup gone."""
    text = re.sub(r"</?div>|</?small>", "", escaped).replace("<br>", "\n")
    assert "<" not in text and '"' not in text and "%" not in text and "`" not in text
    return ENTITY.sub(lambda m: html.unescape(f"&#{m[1]};" if m[1].isdigit() else f"&{m[1]};"), text).replace("\u2060", "")


def parse_mermaid(text: str) -> dict:
    """The chart's nodes, junctions, links and classes, read line by line; every line must be understood."""
    chart = {"nodes": {}, "junctions": {}, "links": [], "classes": {}, "styles": {}, "defs": {}}
    lines = text.split("\n")
    assert lines[-1] == ""
    body = lines[lines.index("flowchart BT") + 1:-1]
    for line in body:
        if match := NODE.match(line):
            assert match["id"] not in chart["nodes"]
            chart["nodes"][match["id"]] = match["label"]
        elif match := JUNCTION.match(line):
            assert match["id"] not in chart["junctions"]
            chart["junctions"][match["id"]] = match["kind"]
        elif match := LINK.match(line):
            chart["links"].append((match["start"], match["arrow"], match["end"], match["label"]))
        elif line.startswith("  classDef "):
            _, name, css = line.split(maxsplit=2)
            chart["defs"][name] = css
        elif line.startswith("  class "):
            _, members, name = line.split()
            chart["classes"][name] = members.split(",")
        elif line.startswith("  linkStyle "):
            _, numbers, css = line.split()
            chart["styles"][css] = [int(n) for n in numbers.split(",")]
        else:
            raise AssertionError(f"a line no rule reads: {line!r}")
    return chart


def expected_links(model: ArgumentFile, ids: dict[str, str]) -> Counter:
    """How argmap draws each step: arrows from each premise, or lines into a dot and one arrow out."""
    links = Counter()
    for step in steps(model):
        arrow = "-->" if isinstance(step, Reason) else "--x"
        premises = {ref.id for ref in step.premises if ref.id in model.claims}
        linked = len(step.premises) > 1 or step.objections or step.label is not None
        if linked:
            links.update((ids[p], "---", ids[step.id]) for p in premises)
            links[ids[step.id], arrow, ids[step.target]] += 1
        else:
            links.update((ids[p], arrow, ids[step.target]) for p in premises)
    for claim in model.claims.values():
        links.update((ids[claim.id], "-.-", ids[ref.id]) for ref in claim.restates
                     if ref.id in model.claims and ref.id != claim.id)
    return links


def check_chart(model: ArgumentFile, text: str) -> dict:
    """Every claim once with its text and id, every step's dot once, every link with its arrow and colour."""
    chart = parse_mermaid(text)
    ids = mermaid.node_ids([*model.claims, *(step.id for step in steps(model))])
    assert len(set(ids.values())) == len(ids)
    assert all(re.fullmatch(r"[cs]_[A-Za-z0-9_]+", node) for node in ids.values())
    assert set(chart["nodes"]) == {ids[cid] for cid in model.claims}
    for cid, claim in model.claims.items():
        body, foot = shown(chart["nodes"][ids[cid]]).split("\n")
        assert body == one_line(claim.text)
        assert foot.split(" \u00b7 ")[0] == cid
    linked = [step for step in steps(model) if len(step.premises) > 1 or step.objections or step.label is not None]
    assert chart["junctions"] == {ids[s.id]: "reason" if isinstance(s, Reason) else "objection" for s in linked}
    assert Counter(link[:3] for link in chart["links"]) == expected_links(model, ids)
    labels = {ids[s.id]: s.label for s in linked if s.label is not None}
    for start, _, _, name in chart["links"]:
        assert (shown(name) if name is not None else None) == labels.pop(start, None)
    assert not labels
    attacks = [n for n, (start, arrow, end, _) in enumerate(chart["links"])
               if arrow == "--x" or (arrow == "---" and chart["junctions"].get(end) == "objection")]
    restates = [n for n, link in enumerate(chart["links"]) if link[1] == "-.-"]
    colours = {css.split(",")[0]: numbers for css, numbers in chart["styles"].items()}
    assert colours.get(f"stroke:{style.ATTACK}", []) == attacks
    assert colours.get(f"stroke:{style.MUTED}", []) == restates
    assert sorted(n for numbers in colours.values() for n in numbers) == list(range(len(chart["links"])))
    analysis = Analysis(model)
    for cid in model.claims:
        status = str(analysis.status(cid))
        assert [name for name in ("accepted", "unsupported", "defeated", "undecided")
                if ids[cid] in chart["classes"].get(name, [])] == [status]
    assert sorted(chart["classes"].get("thesis", [])) == sorted(ids[t] for t in model.thesis_ids())
    return chart


def test_mermaid_istanbul_every_claim_step_and_link(istanbul):
    text, lost = convert(mermaid, istanbul)
    check_chart(istanbul, text)
    assert text.startswith(f"---\ntitle: {json.dumps(istanbul.title, ensure_ascii=False)}\n---\nflowchart BT\n")
    assert lost == {"quotes": 58, "notes": 23, "rule suppressions on claims (ignore)": 2,
                    "the source (title, date, address, path)": 1}


def test_mermaid_hostile_texts_and_ids(hostile):
    text, lost = convert(mermaid, hostile)
    chart = check_chart(hostile, text)
    body = text.split("---\n")[2]  # the title, in front, is drawn as plain text
    assert "<script" not in body and "<b>" not in body and "<i>" not in body
    assert "%%" not in body  # no directive or comment from a text
    assert "$$" not in body and "https://" not in body and "www." not in body
    assert "c_end" in chart["nodes"] and "c_graph" in chart["nodes"]
    assert {"c_a_b", "c_a_b_2", "c_a_b_3"} <= set(chart["nodes"])  # a-b, a_b, a.b kept apart
    title = json.loads(text.split("\n")[1].removeprefix("title: "))
    assert title == hostile.title and "%" not in text.split("\n")[1]
    assert lost[DANGLING] == 1 and lost["restatements of a claim by itself"] == 1
    assert lost["evidence notes"] == 8


def test_mermaid_junction_for_undercuts_and_counters(tmp_path):
    """An undercut points at the reason's dot, an answer at the objection's dot."""
    model = load(write(tmp_path, UNDERCUTS))
    chart = check_chart(model, convert(mermaid, model)[0])
    assert ("c_c", "--x", "s_a_r1", None) in chart["links"]
    assert ("c_e", "--x", "s_a_o1", None) in chart["links"]
    assert ("c_d", "---", "s_a_o1", None) in chart["links"]


def chain(length: int, text: str = "T") -> ArgumentFile:
    """Claims c0 <- c1 <- ... : one link each."""
    claims = {f"c{i}": Claim(f"c{i}", Span(i + 1, 1), text,
                             reasons=[Reason(f"c{i}", 0, [Ref(f"c{i + 1}", Span(i + 1, 1))], Span(i + 1, 1))])
              for i in range(length)}
    claims[f"c{length}"] = Claim(f"c{length}", Span(length + 1, 1), text, evidence=["e"])
    return ArgumentFile(Path("chain.yaml"), claims=claims)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_mermaid_at_most_500_links():
    text, _ = convert(mermaid, chain(mermaid.MAX_EDGES))
    assert len(parse_mermaid(text)["links"]) == 500
    with pytest.raises(TooLarge, match="501 links"):
        convert(mermaid, chain(mermaid.MAX_EDGES + 1))


def test_mermaid_shortens_texts_to_fit_github(istanbul):
    long = "😀 $$x$$ www.example.org " + "word " * 400  # emoji count twice in JavaScript's length
    model = chain(200, long)
    text, lost = convert(mermaid, model)
    assert mermaid.MAX_TEXT_SIZE - 2_000 < utf16(text) <= mermaid.MAX_TEXT_SIZE  # the room is used, not exceeded
    assert lost[mermaid.SHORTENED] == 201
    assert "#36;#36;" not in text and "www." not in text  # escaped in the cut text as in the whole
    bodies = [shown(label).split("\n")[0] for label in parse_mermaid(text)["nodes"].values()]
    assert all(body.endswith("\u2026") and one_line(long).startswith(body[:-1]) for body in bodies)
    assert min(map(len, bodies)) > 100
    assert _short_enough_is_untouched(istanbul)


def _short_enough_is_untouched(model: ArgumentFile) -> bool:
    text, lost = convert(mermaid, model)
    return utf16(text) < mermaid.MAX_TEXT_SIZE and mermaid.SHORTENED not in lost


def test_mermaid_refuses_a_map_too_large_with_no_text():
    model = ArgumentFile(Path("many.yaml"), claims={
        f"claim-{i:05d}-{'x' * 30}": Claim(f"claim-{i:05d}-{'x' * 30}", Span(i + 1, 1), "t", evidence=["e"])
        for i in range(1_000)})
    with pytest.raises(TooLarge, match="with no claim text at all"):
        convert(mermaid, model)


# -- the command ----------------------------------------------------------------------


def test_cli_convert_writes_mermaid_in_markdown_and_reports_losses(runner, tmp_path):
    out = tmp_path / "map.md"
    result = runner.invoke(cli, ["convert", str(ISTANBUL), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("```mermaid\n---\ntitle:") and text.endswith("```\n")
    assert "argmap: mermaid has no place for quotes (58 left out)" in result.stderr


def test_cli_convert_graphml_by_suffix(runner, tmp_path):
    out = tmp_path / "map.graphml"
    result = runner.invoke(cli, ["convert", str(ISTANBUL), "-o", str(out)])
    assert result.exit_code == 0 and result.stderr.splitlines() == ["argmap: comments are not carried over (14 left out)"]
    assert nx.read_graphml(out).number_of_nodes() > 59


def test_cli_convert_refuses_a_mermaid_too_large(runner, tmp_path):
    lines = ["claims:"] + [f"  c{i}: {{text: T, reasons: [c{i + 1}]}}" for i in range(600)] + ["  c600: {text: T, evidence: e}"]
    source = tmp_path / "big.yaml"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "big.mmd"
    result = runner.invoke(cli, ["convert", str(source), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith("argmap: error: ") and "600 links" in result.stderr and "-t graphml" in result.stderr
    assert not out.exists()
