"""The evaluation against Dung's grounded labelling, and on the textbook cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.analysis.evaluate import Label, evaluate
from argmap.graph import Structure
from argmap.model import ArgumentFile, Attack, Claim, Reason, Ref, Span

AT = Span(1, 1)


def framework(attacks: dict[str, list], reasons: dict[str, list[list[str]]] | None = None,
              grounded: set[str] | None = None, undercuts: dict[tuple[str, int], list[str]] | None = None):
    """A model from plain dicts: attacks[target] = attackers; reasons[claim] = premise lists.

    An attacker is an id, or a list of ids for a linked attack.
    """
    reasons = reasons or {}
    named = {a for v in attacks.values() for a in v if isinstance(a, str)}
    linked = {x for v in attacks.values() for a in v if not isinstance(a, str) for x in a}
    ids = set(attacks) | set(reasons) | named | linked | {
        p for lists in reasons.values() for ps in lists for p in ps} | {
        u for cutters in (undercuts or {}).values() for u in cutters}
    model = ArgumentFile(Path("t.yaml"))
    for cid in sorted(ids):
        claim = Claim(cid, AT, cid, assumption=cid in (ids if grounded is None else grounded))
        claim.objections = [Attack(cid, i, _refs(a), AT) for i, a in enumerate(attacks.get(cid, []))]
        for i, premises in enumerate(reasons.get(cid, [])):
            reason = Reason(cid, i, _refs(premises), AT)
            cutters = (undercuts or {}).get((cid, i), [])
            reason.objections = [Attack(reason.id, k, _refs(u), AT) for k, u in enumerate(cutters)]
            claim.reasons.append(reason)
        model.claims[cid] = claim
    return evaluate(Structure(model))


def _refs(ids: str | list[str]) -> list[Ref]:
    return [Ref(i, AT) for i in ([ids] if isinstance(ids, str) else ids)]


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
    attacks: dict[str, list] = {a: [] for a in args}
    for x, y in sorted(pairs):
        attacks[y].append(x)
    labels = framework(attacks)
    assert {a: labels[a] for a in args} == grounded_oracle(args, pairs)


@st.composite
def extended_frameworks(draw):
    """Claims, all grounded, with linked attacks and attacks on attacks, nested a few deep.

    Returned as the claim file writes them: (claim objections, nested objections by attack node id).
    """
    n = draw(st.integers(1, 7))
    claims = [f"c{i}" for i in range(n)]
    premises = st.lists(st.sampled_from(claims), min_size=1, max_size=3, unique=True)
    targets = list(claims)
    written: dict[str, list[list[str]]] = {}
    for _ in range(draw(st.integers(0, 3 * n))):
        target = draw(st.sampled_from(targets))
        written.setdefault(target, []).append(draw(premises))
        targets.append(f"{target}!{len(written[target])}")
    return claims, written


def _dung_translation(claims: list[str], written: dict[str, list[list[str]]]):
    """The usual translation to a Dung framework: an argument per claim and per attack;
    an attack is attacked by "not p" for each premise p (which p attacks) and by the
    attacks on it, and attacks its target."""
    args = set(claims) | {f"not-{c}" for c in claims}
    pairs = {(c, f"not-{c}") for c in claims}
    for target, attacks in written.items():
        for i, premises in enumerate(attacks, 1):
            attack = f"{target}!{i}"
            args.add(attack)
            pairs.add((attack, target))
            pairs.update((f"not-{p}", attack) for p in premises)
    return args, pairs


@settings(max_examples=400, deadline=None)
@given(extended_frameworks())
def test_linked_attacks_and_attacks_on_attacks_match_the_dung_translation(framework_):
    claims, written = framework_
    model = ArgumentFile(Path("t.yaml"))
    for cid in claims:
        model.claims[cid] = Claim(cid, AT, cid, evidence=["given"])
    attacks: dict[str, Attack] = {}
    for target in sorted(written, key=len):  # an attack exists before the attacks on it
        for i, premises in enumerate(written[target]):
            attack = Attack(target, i, _refs(premises), AT)
            attacks[attack.id] = attack
            owner = model.claims[target] if target in model.claims else attacks[target]
            owner.objections.append(attack)
    labels = evaluate(Structure(model))
    args, pairs = _dung_translation(claims, written)
    oracle = grounded_oracle(args, pairs)
    assert {a: labels[a] for a in args if not a.startswith("not-")} == {
        a: oracle[a] for a in args if not a.startswith("not-")}


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


def test_linked_attack_needs_every_attacker():
    labels = framework({"t": [["a", "b"]]}, grounded={"t", "a"}, reasons={"b": [["c"]]})
    assert (labels["b"], labels["t!1"], labels["t"]) == (Label.OUT, Label.OUT, Label.IN)
    labels = framework({"t": [["a", "b"]]})
    assert (labels["t!1"], labels["t"]) == (Label.IN, Label.OUT)


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
