"""AIF and xAIF maps: read as claims, reasons and objections; linted in place; converted
back with every node and edge they had.

The fixtures in tests/data/aif are written by hand, one per family of features, in the
shapes real AIFdb and OVA exports have (see their README). Expectations are computed
from the JSON in the test, not copied from argmap's output. A run over a real corpus
(recap-utr/arguebase-public, 4,563 maps, whose licences do not allow committing it)
is at the end: set ARGMAP_AIF_CORPUS to a folder of AIF maps.
"""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from argmap.analysis.lint import lint_file
from argmap.cli import cli
from argmap.config import Settings
from argmap.convert.aif import write as write_aif
from argmap.convert.claimfile import write_json, write_yaml
from argmap.model import ArgumentFile
from argmap.read import load_bytes, load_path
from conftest import REPO

DATA = REPO / "tests" / "data" / "aif"
FIXTURES = sorted(DATA.glob("*.json"))


def raw(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8", errors="replace"), strict=False)
    return doc


def layer(doc: dict[str, Any]) -> dict[str, Any]:
    part: dict[str, Any] = doc.get("AIF", doc)
    return part


def model_of(path: Path) -> ArgumentFile:
    model = load_path(path).model
    assert model is not None
    return model


def canonical(doc: dict[str, Any]) -> tuple[Counter[str], Counter[str]]:
    """Every node and every edge, each as its sorted JSON, counted: a multiset to compare."""
    part = layer(doc)
    nodes = Counter(json.dumps(node, sort_keys=True) for node in part.get("nodes") or ())
    edges = Counter(json.dumps(edge, sort_keys=True) for edge in part.get("edges") or ())
    return nodes, edges


def through_claim_file(path: Path, tmp_path: Path, write: Any = write_yaml, suffix: str = ".yaml") -> dict[str, Any]:
    """AIF -> claim file (read back from disk) -> AIF."""
    text = io.StringIO()
    write(model_of(path), text)
    middle = tmp_path / f"middle{suffix}"
    middle.write_text(text.getvalue(), encoding="utf-8")
    out = io.StringIO()
    write_aif(model_of(middle), out)
    back: dict[str, Any] = json.loads(out.getvalue())
    return back


def support_cycles(doc: dict[str, Any]) -> int:
    """Support circles among I-nodes, counted without argmap: I -> RA -> I edges, then
    strongly connected sets of more than one node, or of one with a loop."""
    part = layer(doc)
    types = {str(node["nodeID"]): node.get("type") for node in part.get("nodes") or ()}
    into: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    for edge in part.get("edges") or ():
        start, end = str(edge["fromID"]), str(edge["toID"])
        if start in types and end in types:
            out.setdefault(start, []).append(end)
            into.setdefault(end, []).append(start)
    graph = nx.DiGraph()
    for node, kind in types.items():
        if kind == "RA":
            graph.add_edges_from((premise, conclusion)
                                 for premise in into.get(node, ()) if types[premise] == "I"
                                 for conclusion in out.get(node, ()) if types[conclusion] == "I")
    return sum(1 for group in nx.strongly_connected_components(graph)
               if len(group) > 1 or any(graph.has_edge(n, n) for n in group))


# -- reading -------------------------------------------------------------------------


def test_i_ra_ca_and_ma_nodes_become_claims_reasons_objections_and_restatements() -> None:
    model = model_of(DATA / "dialogue.json")
    texts = {str(n["nodeID"]): n["text"] for n in raw(DATA / "dialogue.json")["nodes"] if n["type"] == "I"}
    assert {cid: claim.text for cid, claim in model.claims.items()} == texts
    sundays = model.claims["1"]
    # RA 10 has two premises (a linked reason), RA 11 one: two reasons, convergent
    assert [[ref.id for ref in reason.premises] for reason in sundays.reasons] == [["2", "5"], ["3"]]
    assert [[ref.id for ref in attack.premises] for attack in sundays.objections] == [["4"]]
    assert [ref.id for ref in model.claims["6"].restates] == ["5"]
    # L 20 asserts I 1: the locution is its evidence; L 21 only asks about I 3
    assert sundays.evidence == ["Ana : Libraries should open on Sundays"]
    assert model.claims["3"].evidence == []


def test_undercuts_counter_attacks_and_linked_attacks() -> None:
    lane = model_of(DATA / "attacks.json").claims["1"]
    (reason,) = lane.reasons
    (undercut,) = reason.objections  # CA 11 attacks RA 10
    assert [ref.id for ref in undercut.premises] == ["3"] and undercut.id == "1#1!1"
    (counter,) = undercut.objections  # CA 12 attacks CA 11
    assert [ref.id for ref in counter.premises] == ["4"] and counter.id == "1#1!1!1"
    (linked,) = lane.objections  # CA 13 has two premises
    assert [ref.id for ref in linked.premises] == ["5", "6"]


def test_what_argmap_cannot_read_is_reported_where_it_stands_and_kept() -> None:
    path = DATA / "odd.json"
    report = lint_file(path, Settings())
    lines = path.read_text(encoding="utf-8").splitlines()

    def line_of(text: str) -> int:
        return next(number for number, line in enumerate(lines, 1) if text in line)

    problems = [(f.code, f.line) for f in report.findings if f.code.startswith("AM00")]
    assert problems == [
        ("AM002", line_of('"nodeID": 11,')),  # an RA with no premise
        ("AM002", line_of('"nodeID": 12,')),  # CA 12 and 13 attack each other: no tree to hang them on
        ("AM002", line_of('"nodeID": 13,')),
        ("AM003", line_of('"A second node 4"')),
        ("AM004", line_of('"fromID": 99')),
    ]
    model = model_of(path)
    # RA 10 has two conclusions: one reason for each, both from node 10
    assert [[r.id for r in model.claims[c].reasons] for c in ("1", "3")] == [["1#1"], ["3#1"]]
    assert model.kept["aif"]["ids"]["1#1"] == model.kept["aif"]["ids"]["3#1"] == 10
    kept_types = Counter(node["type"] for node in model.kept["aif"]["nodes"])
    assert kept_types == Counter({"RA": 1, "CA": 2, "PA": 1, "I": 1})


def test_an_xaif_map_carries_its_text_and_its_locutions_become_checked_quotes() -> None:
    path = DATA / "ova.json"
    model = model_of(path)
    assert model.source is not None and model.source.text is not None
    assert "Leeds & York" in model.source.text and "<span" not in model.source.text
    # "Maya: ..." is the speaker and her words: the words are the quote
    assert [q.value for q in model.claims["1_1700000000"].quotes] == ["the museum should be free"]
    assert [q.value for q in model.claims["4_1700000000"].quotes] == ["free entry doubled visits in Leeds"]
    assert lint_file(path, Settings()).findings == []


def test_a_locution_the_text_does_not_have_is_a_quote_not_found(tmp_path: Path) -> None:
    text = (DATA / "ova.json").read_text(encoding="utf-8")
    changed = text.replace('node5_1700000000\\">free entry doubled', 'node5_1700000000\\">free entry raised')
    assert changed != text
    path = tmp_path / "changed.json"
    path.write_text(changed, encoding="utf-8")
    (finding,) = [f for f in lint_file(path, Settings()).findings if f.code == "AM201"]
    assert "the source text" in finding.message and finding.claim == "4_1700000000"
    assert path.read_text(encoding="utf-8").splitlines()[finding.line - 1].strip().startswith('{"nodeID": "5_1700000000"')


def test_support_circles_are_counted_as_an_independent_count_says() -> None:
    for path in FIXTURES:
        found = sum(1 for f in lint_file(path, Settings()).findings if f.code == "AM102")
        assert found == support_cycles(raw(path)), path.name
    assert support_cycles(raw(DATA / "cycle.json")) == 2


def test_json_is_aif_only_when_it_looks_like_aif(tmp_path: Path) -> None:
    claim_file = tmp_path / "c.json"
    claim_file.write_text('{"claims": {"nodes": {"text": "A claim called nodes.", "evidence": "e"}}}', encoding="utf-8")
    model = load_bytes(claim_file.read_bytes(), claim_file).model
    assert model is not None and list(model.claims) == ["nodes"] and "aif" not in model.kept
    aif = tmp_path / "a.json"
    aif.write_text('{"edges": [], "nodes": [{"nodeID": "1", "type": "I", "text": "A."}]}', encoding="utf-8")
    model = load_bytes(aif.read_bytes(), aif).model
    assert model is not None and list(model.claims) == ["1"] and "aif" in model.kept


# -- writing back ---------------------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
@pytest.mark.parametrize(("write", "suffix"), [(write_yaml, ".yaml"), (write_json, ".json")], ids=["yaml", "json"])
def test_aif_to_a_claim_file_and_back_gives_every_node_and_edge(path: Path, tmp_path: Path, write: Any, suffix: str) -> None:
    original = raw(path)
    back = through_claim_file(path, tmp_path, write, suffix)
    assert canonical(back) == canonical(original)
    assert {key for key in back if key != "AIF"} == {key for key in original if key != "AIF"}
    assert {key: value for key, value in layer(back).items() if key not in ("nodes", "edges")} == \
        {key: value for key, value in layer(original).items() if key not in ("nodes", "edges")}


def test_an_edited_claim_file_writes_the_edit_and_fresh_ids(tmp_path: Path) -> None:
    text = io.StringIO()
    write_yaml(model_of(DATA / "attacks.json"), text)
    edited = text.getvalue().replace("text: Parking would be lost", "text: Parking would be lost on Main Street")
    edited = edited.replace("claims:\n", "claims:\n  new-one:\n    text: Cycling is growing.\n    reasons: ['2']\n", 1)
    middle = tmp_path / "edited.yaml"
    middle.write_text(edited, encoding="utf-8")
    out = io.StringIO()
    write_aif(model_of(middle), out)
    nodes = layer(json.loads(out.getvalue()))["nodes"]
    assert {"nodeID": "5", "text": "Parking would be lost on Main Street", "type": "I"} in nodes
    assert {"nodeID": "new-one", "text": "Cycling is growing.", "type": "I"} in nodes
    assert Counter(n["type"] for n in nodes) == Counter({"I": 7, "RA": 2, "CA": 3})


def test_convert_on_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    yaml_out, aif_out = tmp_path / "odd.yaml", tmp_path / "odd.json"
    first = runner.invoke(cli, ["convert", str(DATA / "odd.json"), "-o", str(yaml_out)])
    assert first.exit_code == 0 and first.stderr == ""  # a claim file keeps it all
    second = runner.invoke(cli, ["convert", str(yaml_out), "-t", "aif", "-o", str(aif_out)])
    assert second.exit_code == 0 and second.stderr == ""
    assert canonical(raw(aif_out)) == canonical(raw(DATA / "odd.json"))
    # a claim file's quotes and notes have no place in AIF: said, one line a kind
    istanbul = runner.invoke(cli, ["convert", str(REPO / "claims" / "istanbul-2025.yaml"), "-t", "aif"])
    assert istanbul.exit_code == 0
    *lost, comments = istanbul.stderr.splitlines()
    assert "argmap: aif has no place for quotes other than its locutions (58 left out)" in lost
    assert all(line.startswith("argmap: aif has no place for ") for line in lost)
    assert comments == "argmap: comments are not carried over (14 left out)"  # the file's 14 YAML comments
    json.loads(istanbul.stdout)


def test_lint_walks_a_folder_of_aif_maps() -> None:
    result = CliRunner().invoke(cli, ["lint", "--format", "json", str(DATA)])
    files = {Path(f["path"]).name for f in json.loads(result.stdout)["findings"]}
    assert files == {p.name for p in FIXTURES} - {"ova.json"}  # ova.json is clean


# -- a real corpus ---------------------------------------------------------------------

CORPUS = os.environ.get("ARGMAP_AIF_CORPUS")


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS, reason="set ARGMAP_AIF_CORPUS to a folder of AIF maps (e.g. recap-utr/arguebase-public)")
def test_a_real_corpus_round_trips_and_its_support_circles_are_found(tmp_path: Path) -> None:
    maps = sorted(Path(str(CORPUS)).rglob("*.json"))
    assert maps, f"no .json files under {CORPUS}"
    differ, circles = [], 0
    for path in maps:
        original = raw(path)
        if canonical(through_claim_file(path, tmp_path)) != canonical(original):
            differ.append(path)
        expected = support_cycles(original)
        circles += expected
        assert sum(1 for f in lint_file(path, Settings()).findings if f.code == "AM102") == expected, path
    assert differ == []
    print(f"{len(maps)} maps round-trip; {circles} support circles found as counted")


def read_alike_when_raw(maps: list[Path]) -> int:
    """The line reader on real text: each map's claims written in the common layout with
    their texts as they are, unquoted (colons, '#', quotes, dashes, brackets and all). A
    file the line reader reads must be read exactly as the YAML reader reads it; how many
    it read."""
    from argmap.read import claimlines, claimyaml

    read = 0
    for path in maps:
        model = model_of(path)
        ids = {cid: f"c{number}" for number, cid in enumerate(model.claims)}
        lines = ["claims:"]
        for cid, claim in model.claims.items():
            lines += [f"  {ids[cid]}:", "    text: " + " ".join(claim.text.split())]
            single = [ids[r.premises[0].id] for r in claim.reasons if len(r.premises) == 1 and r.premises[0].id in ids]
            if single:
                lines.append(f"    reasons: [{', '.join(single)}]")
        text = "\n".join(lines) + "\n"
        if (fast := claimlines.read(text, path)) is not None:
            read += 1
            full = claimyaml.load_yaml(text, path)
            assert full.problems == [] and fast == full.model, path
    return read


def test_the_fixtures_real_texts_written_raw_are_read_by_lines_as_yaml_reads_them() -> None:
    """AIF fixtures, and the Argdown project's own reconstructions (real prose, long texts)."""
    argdown = sorted((REPO / "tests" / "data" / "argdown" / "public").glob("*.argdown"))
    assert read_alike_when_raw(FIXTURES) > 0 and read_alike_when_raw(argdown) > 0


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS, reason="set ARGMAP_AIF_CORPUS to a folder of AIF maps (e.g. recap-utr/arguebase-public)")
def test_a_real_corpus_written_raw_is_read_by_lines_as_yaml_reads_it() -> None:
    maps = sorted(Path(str(CORPUS)).rglob("*.json"))
    read = read_alike_when_raw(maps)
    assert read > len(maps) // 2  # most real texts need no quotes in YAML
    print(f"{len(maps)} maps written raw; {read} read a line at a time, as YAML reads them")
