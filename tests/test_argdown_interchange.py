"""Argdown in and out: the reader against the Argdown CLI's exports, round trips, the command line.

The reference for what an Argdown file means is the CLI's JSON export
(tests/data/argdown, see its README). `expected` below derives, from an export
alone, the claims, reasons and objections the documented mapping gives
(docs/argdown.md); `found` reads the same out of the model. The two are built
independently, so a reader that drops, invents or misdirects a relation fails.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from argmap.cli import cli
from argmap.model import ArgumentFile, Inference
from argmap.read import argdown as reader
from argmap.read.argdown_syntax import parse
from conftest import REPO

DATA = REPO / "tests" / "data" / "argdown"
FIXTURES = sorted(DATA.glob("fixtures/*.argdown"))
ACCEPTED = [path for path in FIXTURES if (DATA / "exports" / f"{path.stem}.json").exists()]
REJECTED = [path for path in FIXTURES if path not in ACCEPTED]
WRITTEN = sorted(DATA.glob("written/*.argdown"))
ISTANBUL = REPO / "claims" / "istanbul-2025.yaml"


def export_of(path: Path) -> dict:
    folder = "exports" if path.parent.name == "fixtures" else "written"
    return json.loads((DATA / folder / f"{path.stem}.json").read_text(encoding="utf-8"))


def read(text: str, name: str = "map.argdown") -> ArgumentFile:
    result = reader.load_text(text, Path(name))
    assert result.model is not None, result.problems
    assert result.problems == []
    return result.model


# --------------------------------------------------------------------------
# What an export says, by the mapping; what a model says
# --------------------------------------------------------------------------


def expected(export: dict) -> tuple[set[str], set[str], Counter]:
    """(statement titles, titles of arguments without premise-conclusion structure, steps) from an export.

    A claim is ("s", title) or ("a", title); a reason is ("reason", conclusion, premises, label);
    an objection is ("objection", what it attacks: ("claim", claim) or a reason, premises).
    """
    arguments = export["arguments"]
    reconstructed = {title: argument["pcs"] for title, argument in arguments.items() if argument["pcs"]}

    def claim(title: str, kind: str) -> tuple[str, str]:
        if kind == "equivalence-class":
            return ("s", title)
        if title in reconstructed:
            return ("s", reconstructed[title][-1]["title"])
        return ("a", title)

    steps: Counter = Counter()
    reason_at: dict[tuple[str, int], tuple] = {}
    for title, pcs in reconstructed.items():
        start = 0
        for index, member in enumerate(pcs):
            if "inference" not in member:
                continue
            inference = member["inference"]
            uses = (inference.get("data") or {}).get("uses")
            premises = [pcs[number - 1] for number in uses] if uses else pcs[start:index]
            key = ("reason", ("s", member["title"]), tuple(("s", p["title"]) for p in premises),
                   ", ".join(inference["inferenceRules"]) or None)
            steps[key] += 1
            reason_at[(title, index)] = key
            start = index
    for relation in export["relations"]:
        kind, source = relation["relationType"], claim(relation["from"], relation["fromType"])
        target, target_type = relation["to"], relation["toType"]
        if kind == "contradictory":
            other = claim(target, target_type)
            steps[("objection", ("claim", other), (source,))] += 1
            steps[("objection", ("claim", source), (other,))] += 1
        elif target_type == "inference":
            steps[("objection", reason_at[(target, relation["conclusionIndex"])], (source,))] += 1
        elif target in reconstructed and target_type == "argument":
            if kind in ("support", "entails"):
                steps[("reason", claim(target, target_type), (source,), None)] += 1
            else:
                steps[("objection", reason_at[(target, len(reconstructed[target]) - 1)], (source,))] += 1
        elif kind in ("support", "entails"):
            steps[("reason", claim(target, target_type), (source,), None)] += 1
        else:
            steps[("objection", ("claim", claim(target, target_type)), (source,))] += 1
    plain = {title for title, argument in arguments.items() if not argument["pcs"]}
    return set(export["statements"]), plain, steps


def found(model: ArgumentFile) -> tuple[set[str], set[str], Counter]:
    """The same view of a model read from Argdown (names from what the reader kept of each claim)."""
    kept = model.kept.get("argdown", {}).get("claims", {})

    def name(cid: str) -> tuple[str, str]:
        entry = kept.get(cid, {})
        return ("a" if entry.get("argument") else "s", entry.get("title", cid))

    steps: Counter = Counter()
    pending: list[tuple[tuple, Inference]] = []
    for claim in model.claims.values():
        for reason in claim.reasons:
            key = ("reason", name(claim.id), tuple(name(ref.id) for ref in reason.premises), reason.label)
            steps[key] += 1
            pending += [(key, attack) for attack in reason.objections]
        pending += [(("claim", name(claim.id)), attack) for attack in claim.objections]
    while pending:
        target, attack = pending.pop()
        key = ("objection", target, tuple(name(ref.id) for ref in attack.premises))
        steps[key] += 1
        pending += [(key, counter) for counter in attack.objections]
    names = [name(cid) for cid in model.claims]
    return {title for kind, title in names if kind == "s"}, {title for kind, title in names if kind == "a"}, steps


# --------------------------------------------------------------------------
# Every fixture the CLI accepts, against its export
# --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda p: p.stem)
def test_fixture_reads_as_the_cli_exports_it(path):
    model = read(path.read_text(encoding="utf-8"), path.name)
    statements, plain, steps = expected(export_of(path))
    assert found(model) == (statements, plain, steps)
    titles = [argument["title"] for argument in model.kept.get("argdown", {}).get("arguments", [])]
    assert titles == [title for title, argument in export_of(path)["arguments"].items() if argument["pcs"]]


def test_every_accepted_fixture_matches_the_cli_export(capsys):
    """The count the issue asks for: fixtures whose statements, arguments and relations match the CLI's."""
    matching = [path.stem for path in ACCEPTED if found(read(path.read_text(encoding="utf-8"))) == expected(export_of(path))]
    with capsys.disabled():
        print(f"\nArgdown fixtures matching the CLI export: {len(matching)} of {len(ACCEPTED)}")
    assert len(ACCEPTED) >= 30
    assert matching == [path.stem for path in ACCEPTED]


@pytest.mark.parametrize("path", REJECTED, ids=lambda p: p.stem)
def test_rejected_fixture_is_am001_at_the_error(path):
    result = reader.load_text(path.read_text(encoding="utf-8"), path)
    errors = parse(path.read_text(encoding="utf-8")).errors
    assert result.model is None
    assert [(p.code, p.span.line, p.span.column) for p in result.problems] == [("AM001", e.line, e.column) for e in errors]
    assert all(p.message.startswith("Argdown syntax: ") for p in result.problems)


# --------------------------------------------------------------------------
# The mapping, piece by piece
# --------------------------------------------------------------------------


def test_claims_keep_the_position_of_their_definition():
    model = read("[Lane]: Build the lane.\n    + [Safer]: Lanes are safer.\n\n[Safer]\n    - <Cost>: Too dear.\n")
    lane, safer, cost = model.claims.values()
    assert (lane.id, lane.span[:2], lane.text) == ("Lane", (1, 1), "Build the lane.")
    assert (safer.id, safer.span[:2]) == ("Safer", (2, 7))
    assert (cost.id, cost.span[:2], cost.text) == ("Cost", (5, 7), "Too dear.")
    (reason,) = lane.reasons
    assert (reason.span[:2], reason.premises[0].span[:2]) == ((2, 5), (2, 7))
    (objection,) = safer.objections
    assert (objection.span[:2], objection.premises[0].id) == ((5, 5), "Cost")
    assert model.kept["argdown"]["claims"] == {"Cost": {"argument": True}}


def test_titles_become_ids_and_untitled_statements_get_argdowns_names():
    model = read("[Free will]: We choose.\n    + Plain text.\n    - [Free-will]: Clash.\n    + [Open]\n")
    assert list(model.claims) == ["Free-will", "Untitled-1", "Free-will-2", "Open"]
    claims = model.kept["argdown"]["claims"]
    assert claims["Free-will"] == {"title": "Free will"}
    assert claims["Untitled-1"] == {"title": "Untitled 1"}
    assert claims["Open"] == {"untexted": True}
    assert model.claims["Open"].text == "Open"


def test_a_pcs_is_one_reason_per_inference_with_rules_as_label_and_uses():
    model = read("<Wet>\n\n(1) [Rain]: It rains.\n(2) [If]: If it rains, it is wet.\n-- Modus ponens --\n"
                 "(3) [Wet]: It is wet.\n(4) [Slip]: Wet streets are slippery.\n"
                 "-- Chain, MP {uses: [4, 3], note: x} --\n(5) [Fall]: People fall.\n")
    (wet,), (fall,) = model.claims["Wet"].reasons, model.claims["Fall"].reasons
    assert ([r.id for r in wet.premises], wet.label, wet.span[:2]) == (["Rain", "If"], "Modus ponens", (5, 1))
    assert ([r.id for r in fall.premises], fall.label) == (["Slip", "Wet"], "Chain, MP")
    (argument,) = model.kept["argdown"]["arguments"]
    assert argument == {"title": "Wet", "steps": ["Wet#Rain,If", "Fall#Slip,Wet"], "inferences": [None, {"note": "x"}]}


def test_uses_naming_missing_lines_is_am002_and_the_default_is_taken():
    result = reader.load_text("(1) [p]: p\n-- {uses: [7]} --\n(2) [q]: q\n", Path("x.argdown"))
    assert result.model is not None
    assert [(p.code, p.span.line) for p in result.problems] == [("AM002", 2)]
    assert [r.id for r in result.model.claims["q"].reasons[0].premises] == ["p"]


def test_undercuts_attacks_and_support_of_a_reconstructed_argument():
    model = read("<A>\n    - [Doubt]: d\n    + [Help]: h\n\n(1) [p]: p\n----\n    <_ [Gap]: g\n(2) [c]: c\n")
    c = model.claims["c"]
    assert [[r.id for r in reason.premises] for reason in c.reasons] == [["Help"], ["p"]]
    assert [[r.id for r in attack.premises] for attack in c.reasons[1].objections] == [["Doubt"], ["Gap"]]
    relations = model.kept["argdown"]["relations"]
    assert relations == {"c#Help": {"as": "+", "argument": "A"}, "c#p!Doubt": {"as": "-", "argument": "A"}}


def test_contradiction_is_two_objections_and_undercut_of_a_plain_argument_attacks_it():
    model = read("[A]: a\n    >< [B]: b\n\n<X>: x\n    _ <Y>: y\n")
    assert [r.premises[0].id for r in model.claims["A"].objections] == ["B"]
    assert [r.premises[0].id for r in model.claims["B"].objections] == ["A"]
    assert [r.premises[0].id for r in model.claims["X"].objections] == ["Y"]
    assert model.kept["argdown"]["relations"] == {"A!B": {"as": "><"}, "B!A": {"as": "><"}, "X!Y": {"as": "_"}}


def test_data_grounds_claims_and_front_matter_holds_the_file_settings():
    text = ("===\ntitle: Lanes\nauthor: me\nargmap:\n  source: {title: Paper, date: 2024-05-01, path: s.txt}\n"
            "  theses: [The lane]\n  ignore: [AM103]\n===\n\n"
            "[The lane]: Build it. #policy {note: why, priority: 2}\n    + [Safe]: Safer. {evidence: [a, b], quote: q}\n"
            "    + [Given]: Given. {assumption: true, ignore: [AM101], restates: [Safe]}\n")
    model = read(text)
    lane, safe, given = model.claims.values()
    assert (model.title, model.source.title, model.source.date, model.source.path.value) == ("Lanes", "Paper", "2024-05-01", "s.txt")  # type: ignore[union-attr]
    assert [t.id for t in model.theses or ()] == ["The-lane"] and [c.value for c in model.ignore] == ["AM103"]
    assert (lane.text, lane.tags, lane.note) == ("Build it.", ["policy"], "why")
    assert (safe.evidence, [q.value for q in safe.quotes]) == (["a", "b"], ["q"])
    assert given.assumption and [c.value for c in given.ignore] == ["AM101"] and [r.id for r in given.restates] == ["Safe"]
    kept = model.kept["argdown"]
    assert kept["front_matter"] == {"author": "me"}
    assert kept["claims"]["The-lane"] == {"title": "The lane", "data": {"priority": 2}}


@pytest.mark.parametrize(("data", "words"), [
    ("{assumption: yes please}", "'assumption' in the {data} of 'A' must be true or false"),
    ("{evidence: {a: 1}}", "'evidence' must be a text or a list of texts"),
    ("{note: [1]}", "'note' in the {data} of 'A' must be a text"),
])
def test_argmap_data_of_the_wrong_kind_is_am002_and_kept(data, words):
    result = reader.load_text(f"[A]: a {data}\n", Path("x.argdown"))
    assert [(p.code, p.span[:2], p.claim) for p in result.problems] == [("AM002", (1, 8), "A")]
    assert words in result.problems[0].message
    assert result.model is not None and result.model.kept["argdown"]["claims"]["A"]["data"]


def test_a_conclusion_marked_objection_is_read_as_a_linked_objection():
    text = ("[a]: A.\n    - [a!1]\n\n<Objection 1 to a>\n\n(1) [p]: P.\n(2) [q]: Q.\n-- counter-example --\n"
            "    <_ [r]: R.\n(3) [a!1]: objection 1 to a {objection: true}\n")
    model = read(text)
    assert list(model.claims) == ["a", "p", "q", "r"]
    (attack,) = model.claims["a"].objections
    assert ([r.id for r in attack.premises], attack.label, attack.span[:2]) == (["p", "q"], "counter-example", (2, 5))
    assert [[r.id for r in counter.premises] for counter in attack.objections] == [["r"]]
    assert "arguments" not in model.kept.get("argdown", {})  # the title is the one argmap writes: nothing to keep


def test_a_marked_conclusion_that_is_more_than_an_objection_stays_a_claim():
    model = read("[a]: A.\n    - [m]\n\n[b]: B.\n    - [m]\n\n(1) [p]: P.\n----\n(2) [m]: M. {objection: true}\n")
    assert "m" in model.claims
    assert model.kept["argdown"]["claims"]["m"] == {"data": {"objection": True}}


def test_sections_are_kept_with_the_claim_they_come_before():
    model = read("# One #t {isGroup: true}\n\n## Two\n\n[A]: a\n\n# Three\n")
    assert model.kept["argdown"]["sections"] == [
        {"level": 1, "text": "One #t", "tags": ["t"], "data": {"isGroup": True}, "before": "A"},
        {"level": 2, "text": "Two", "before": "A"},
        {"level": 1, "text": "Three", "before": None},
    ]


def test_deep_nesting_and_many_equal_titles_read_without_recursion_in_bounded_time():
    import time

    deep = "[s0]: s\n" + "".join(f"{'  ' * (i + 1)}+ [s{i + 1}]: s\n" for i in range(5_000))
    equal = "\n\n".join(f"[A b]: t{i}\n\n[A-b]: u" for i in range(3_000)) + "\n"
    started = time.perf_counter()
    chain = read(deep)
    same = read(equal)
    assert time.perf_counter() - started < 20
    assert chain.claims["s0"].reasons[0].premises[0].id == "s1" and len(chain.claims) == 5_001
    assert list(same.claims) == ["A-b", "A-b-2"]
    assert len(same.kept["argdown"]["claims"]["A-b"]["definitions"]) == 2_999


def test_unread_names_each_kind_of_kept_argdown():
    model = read((DATA / "fixtures" / "30_large_nuclear.argdown").read_text(encoding="utf-8"))
    lost = reader.unread(model.kept["argdown"])
    assert lost == Counter({
        "Argdown titles that are not claim ids": 9, "marks that a claim is an Argdown argument": 9,
        "further definitions of an Argdown statement": 1, "Argdown {data} argmap does not read": 3,
        "Argdown argument titles, descriptions and data": 3,
        "Argdown relation forms (contradictions, undercuts, relations to arguments)": 3,
        "Argdown headings": 5, "Argdown front-matter settings": 2,
    })


# --------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------


def test_lint_points_at_argdown_positions(runner, tmp_path):
    path = tmp_path / "lane.argdown"
    path.write_text("[Lane]: Build the lane.\n    + [Safer]: Lanes are safer. {evidence: crash data}\n"
                    "    - <Cost>: Too dear.\n\n[Loop]: A loop.\n    + [Round]: Round.\n        + [Loop]\n",
                    encoding="utf-8")
    result = runner.invoke(cli, ["lint", "--no-color", str(path)])
    assert result.exit_code == 1
    lines = [line.removeprefix(str(path)) for line in result.stdout.splitlines() if line.startswith(str(path))]
    assert lines[0].startswith(":3:7: AM101 [error] claim 'Cost' is unsupported")
    assert lines[1].startswith(":5:1: AM102 [error] circular reasoning: Loop -> Round -> Loop")


def test_lint_reports_a_syntax_error_as_am001_at_its_position(runner, tmp_path):
    path = tmp_path / "bad.argdown"
    path.write_text("[A]: a\n\n[B]: b\n    + [C] text after a reference\n", encoding="utf-8")
    result = runner.invoke(cli, ["lint", str(path)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:4:11: AM001 [error] Argdown syntax: a reference ([Title] or <Title>) "
                                    "cannot be followed by text")
    assert "Traceback" not in result.output


def test_convert_argdown_to_yaml_keeps_everything_and_to_aif_says_what_it_loses(runner, tmp_path):
    source = DATA / "fixtures" / "30_large_nuclear.argdown"
    to_yaml = runner.invoke(cli, ["convert", str(source), "-t", "yaml"])
    assert to_yaml.exit_code == 0, to_yaml.output
    assert to_yaml.stderr == ""
    assert "argdown:" in to_yaml.stdout and "Keep:" in to_yaml.stdout
    to_aif = runner.invoke(cli, ["convert", str(source), "-t", "aif", "-o", str(tmp_path / "x.json")])
    assert to_aif.exit_code == 0, to_aif.output
    lines = to_aif.stderr.splitlines()
    assert "argmap: aif cannot hold 5 Argdown headings: left out" in lines
    assert "argmap: aif cannot hold 9 marks that a claim is an Argdown argument: left out" in lines
    assert "argmap: aif cannot hold 2 tags: left out" in lines
    assert len(lines) == len(set(lines))


def test_convert_refuses_a_broken_argdown_file_with_its_finding(runner, tmp_path):
    path = tmp_path / "bad.argdown"
    path.write_text("[A] +> [B]\n", encoding="utf-8")
    result = runner.invoke(cli, ["convert", str(path), "-t", "yaml"])
    assert result.exit_code == 1
    assert f"{path}:1:5: AM001" in result.stderr and "not converted" in result.stderr
