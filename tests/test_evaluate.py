"""The evaluation against Dung's grounded labelling, and on the textbook cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.analysis.evaluate import Label, evaluate
from argmap.graph import build_graph
from argmap.model import ArgumentFile, Claim, Reason, Ref, Span

AT = Span(1, 1)


def framework(attacks: dict[str, list[str]], reasons: dict[str, list[list[str]]] | None = None,
              grounded: set[str] | None = None, undercuts: dict[tuple[str, int], list[str]] | None = None):
    """A model from plain dicts: attacks[target] = attackers; reasons[claim] = premise lists."""
    reasons = reasons or {}
    ids = set(attacks) | set(reasons) | {a for v in attacks.values() for a in v} | {
        p for lists in reasons.values() for ps in lists for p in ps} | {
        u for cutters in (undercuts or {}).values() for u in cutters}
    model = ArgumentFile(Path("t.yaml"))
    for cid in sorted(ids):
        claim = Claim(cid, AT, cid, assumption=cid in (ids if grounded is None else grounded))
        claim.objections = [Ref(a, AT) for a in attacks.get(cid, [])]
        for i, premises in enumerate(reasons.get(cid, [])):
            cutters = (undercuts or {}).get((cid, i), [])
            claim.reasons.append(Reason(cid, i, [Ref(p, AT) for p in premises], AT,
                                        objections=[Ref(u, AT) for u in cutters]))
        model.claims[cid] = claim
    return evaluate(build_graph(model))


def grounded_oracle(args: set[str], attacks: set[tuple[str, str]]) -> dict[str, Label]:
    """Dung's grounded extension by iterating the characteristic function from the empty set."""
    attackers = {a: {x for x, y in attacks if y == a} for a in args}
    accepted: set[str] = set()
    while True:
        defeated = {y for x, y in attacks if x in accepted}
        nxt = {a for a in args if attackers[a] <= defeated}
        if nxt == accepted:
            break
        accepted = nxt
    defeated = {y for x, y in attacks if x in accepted}
    return {a: Label.IN if a in accepted else Label.OUT if a in defeated else Label.UNDEC for a in args}


@st.composite
def attack_graphs(draw):
    n = draw(st.integers(1, 9))
    args = [f"a{i}" for i in range(n)]
    pairs = draw(st.sets(st.tuples(st.sampled_from(args), st.sampled_from(args)), max_size=n * 3))
    return set(args), pairs


@settings(max_examples=400, deadline=None)
@given(attack_graphs())
def test_all_grounded_matches_dungs_grounded_labelling(graph):
    args, pairs = graph
    attacks: dict[str, list[str]] = {a: [] for a in args}
    for x, y in sorted(pairs):
        attacks[y].append(x)
    labels = framework(attacks)
    assert {a: labels[a] for a in args} == grounded_oracle(args, pairs)


@pytest.mark.parametrize(
    "attacks, expected",
    [
        ({"a": ["b"], "b": ["c"]}, {"a": "IN", "b": "OUT", "c": "IN"}),  # chain: reinstatement
        ({"a": ["b"], "b": ["a"]}, {"a": "UNDEC", "b": "UNDEC"}),  # mutual attack
        ({"a": ["c"], "b": ["a"], "c": ["b"]}, {"a": "UNDEC", "b": "UNDEC", "c": "UNDEC"}),  # odd cycle
        ({"a": ["a"], "b": ["a"]}, {"a": "UNDEC", "b": "UNDEC"}),  # self-attack spreads doubt
        ({"a": ["b"], "b": ["a", "c"]}, {"a": "IN", "b": "OUT", "c": "IN"}),  # mutual attack broken
    ],
)
def test_textbook_attack_graphs(attacks, expected):
    labels = framework(attacks)
    assert {k: str(labels[k]) for k in expected} == expected


def test_support_chain_carries_acceptance():
    labels = framework({}, reasons={"t": [["p"]], "p": [["q"]]}, grounded={"q"})
    assert (labels["t"], labels["t#1"], labels["p"]) == (Label.IN, Label.IN, Label.IN)


def test_unsupported_claim_is_out_and_so_is_what_rests_on_it():
    labels = framework({}, reasons={"t": [["p"]]}, grounded=set())
    assert (labels["p"], labels["t#1"], labels["t"]) == (Label.OUT, Label.OUT, Label.OUT)


def test_linked_reason_needs_every_premise():
    labels = framework({}, reasons={"t": [["p", "q"]]}, grounded={"p"})
    assert (labels["q"], labels["t"]) == (Label.OUT, Label.OUT)


def test_undercut_defeats_the_inference_not_the_premise():
    labels = framework({}, reasons={"t": [["p"]]}, grounded={"p", "u"}, undercuts={("t", 0): ["u"]})
    assert (labels["p"], labels["t#1"], labels["t"]) == (Label.IN, Label.OUT, Label.OUT)


def test_rebuttal_reinstates_the_undercut_reason():
    labels = framework({"u": ["r"]}, reasons={"t": [["p"]]}, grounded={"p", "u", "r"}, undercuts={("t", 0): ["u"]})
    assert (labels["u"], labels["t#1"], labels["t"]) == (Label.OUT, Label.IN, Label.IN)


def test_support_cycle_is_undecided_unless_grounded_elsewhere():
    labels = framework({}, reasons={"a": [["b"]], "b": [["a"]]}, grounded=set())
    assert (labels["a"], labels["b"]) == (Label.UNDEC, Label.UNDEC)
    labels = framework({}, reasons={"a": [["b"], ["c"]], "b": [["a"]]}, grounded={"c"})
    assert (labels["a"], labels["b"]) == (Label.IN, Label.IN)


def test_one_accepted_reason_is_enough():
    labels = framework({}, reasons={"t": [["p"], ["q"]]}, grounded={"q"})
    assert labels["t"] is Label.IN
