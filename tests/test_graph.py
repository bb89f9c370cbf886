"""The graph of SPEC section 2, and inputs deep enough to break recursion."""

from __future__ import annotations

from argmap.analysis.evaluate import Label
from argmap.analysis.lint import lint_file
from argmap.config import Settings
from argmap.graph import ATTACK, PREMISE, SUPPORT, build_graph, support_graph
from argmap.read import load_bytes
from conftest import lint_text, write


def test_nodes_and_edges_follow_the_reasoning(tmp_path):
    path = write(tmp_path, """\
        claims:
          t: {text: T., reasons: [[p, q]], objections: [o]}
          p: {text: P., evidence: x}
          q: {text: Q., evidence: x}
          o: {text: O., evidence: x}
        """)
    graph = build_graph(load_bytes(path.read_bytes(), path).model)
    assert graph.nodes["t"]["kind"] == "claim" and graph.nodes["t#1"]["kind"] == "reason"
    roles = {(u, v): r for u, v, r in graph.edges(data="role")}
    assert roles == {("p", "t#1"): PREMISE, ("q", "t#1"): PREMISE, ("t#1", "t"): SUPPORT,
                     ("o", "t!1"): PREMISE, ("t!1", "t"): ATTACK}
    assert graph.nodes["t!1"]["kind"] == "attack"
    assert graph.edges["q", "t#1"]["span"].line == 2
    assert set(support_graph(graph).edges) == {("p", "t#1"), ("q", "t#1"), ("t#1", "t")}


def _chain(n: int, close: bool) -> str:
    lines = ["claims:"]
    for i in range(n):
        lines.append(f"  c{i}: {{text: Claim {i}., reasons: [c{i + 1}]}}")
    last = "reasons: [c0]" if close else "evidence: base"
    lines.append(f"  c{n}: {{text: Claim {n}., {last}}}")
    return "\n".join(lines) + "\n"


def test_100k_chain_lints_and_evaluates_without_recursion(tmp_path):
    report = lint_file(write(tmp_path, _chain(100_000, close=False)), Settings(), keep=True)
    assert report.findings == []
    assert report.analysis.labels["c0"] is Label.IN  # acceptance climbed 100,000 reasons


def test_50k_cycle_is_one_finding_naming_the_whole_circle(tmp_path):
    findings = lint_text(tmp_path, _chain(50_000, close=True))
    cycle = [f for f in findings if f.code == "AM102"]
    assert len(cycle) == 1 and cycle[0].line == 2
    assert cycle[0].message.startswith("circular reasoning: c0 -> c1 -> c2") and cycle[0].message.endswith("c50000 -> c0 (50,001 claims)")
