"""GraphML (yEd, Gephi) written by `argmap convert`.

What each file should hold is worked out here from the model itself, not from
the writers' code: nodes and edges counted from the claims, labels compared
with the claim texts, escaping checked on texts written to break things.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from argmap.analysis.context import Analysis
from argmap.convert import DANGLING, graphml
from argmap.model import ArgumentFile, Claim, Reason, Ref, Span
from argmap.read import load_path
from argmap.render import style
from conftest import REPO, write

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
