"""Structural findings (AM001-AM003): every defect at its line, quickly, safely."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.read import load_bytes
from conftest import codes, lint_text

GOOD = "claims:\n  a:\n    text: Grounded claim.\n    evidence: survey\n"


def test_well_formed_file_loads_with_positions(tmp_path):
    findings = lint_text(
        tmp_path,
        """\
        argmap: 1
        title: Small
        theses: [a]
        claims:
          a:
            text: Build the lane.
            reasons:
              - b
              - [b, c]
              - premises: [c]
                label: cost
                objections: [d]
          b: {text: It is safe., evidence: report}
          c: {text: It is cheap., assumption: true}
          d: {text: Costs will rise., evidence: forecast, objections: [e]}
          e: {text: Prices are fixed by contract., evidence: contract §4}
        """,
    )
    assert findings == []
    model = load_bytes((tmp_path / "claims.yaml").read_bytes(), tmp_path / "claims.yaml").model
    a = model.claims["a"]
    assert (a.span.line, a.span.column) == (5, 3)
    assert [r.id for r in a.reasons] == ["a#1", "a#2", "a#3"]
    assert [(p.id, p.span.line, p.span.column) for p in a.reasons[1].premises] == [("b", 9, 10), ("c", 9, 13)]
    assert a.reasons[2].label == "cost" and a.reasons[2].objections[0].premises[0].id == "d"
    assert model.claims["c"].assumption is True


@pytest.mark.parametrize(
    "text, expected",
    [
        ("claims:\n\ta:\n\t\ttext: tab\n", [("AM001", 2)]),
        ("claims:\n  a: {text: [unclosed\n", [("AM001", 3)]),
        ("", [("AM002", 1)]),
        ("# only a comment\n", [("AM002", 1)]),
        ("- a\n- b\n", [("AM002", 1)]),
        ("just a string\n", [("AM002", 1)]),
        ("title: no claims\n", [("AM002", 1)]),
        ("claims:\n  a: {evidence: x}\n", [("AM002", 2)]),
        ("claims:\n  a: {text: '  ', evidence: x}\n", [("AM002", 2)]),
        ("claims:\n  a: {text: ok, evidence: x, weight: 3}\n", [("AM002", 2)]),
        ("claims:\n  -bad: {text: ok, evidence: x}\n", [("AM002", 2)]),
        ("claims:\n  a: {text: ok, assumption: maybe}\n", [("AM002", 2)]),  # no knock-on AM101, AM301
        ("argmap: 2\n" + GOOD, [("AM002", 1)]),
        ("theses: [a]\nclaims:\n  a: {text: ok, reasons: b, evidence: e}\n", [("AM002", 3)]),
        ("claims:\n  a: {text: ok, evidence: e, reasons: [{label: x}]}\n", [("AM002", 2)]),
        ("claims:\n  a: {text: ok, evidence: x}\n  a: {text: again, evidence: y}\n", [("AM003", 3)]),
        ("claims:\n  a: {text: ok, text: again, evidence: y}\n", [("AM003", 2)]),
        ("claims:\n  a: {text: ok, evidence: x}\nclaims: {}\n", [("AM003", 3)]),
        ("claims: !!python/object/apply:os.system [echo]\n", [("AM002", 1), ("AM002", 1)]),
        ("claims:\n  a: {text: !!python/name:os.system x, evidence: y}\n", [("AM002", 2)]),
        (GOOD + "---\n" + GOOD, [("AM001", 5)]),
        ("claims: &a\n  b: *a\n", [("AM001", 2)]),
        ("claims:\n  a: {text: *nowhere}\n", [("AM001", 2)]),
        ("argmap: " + "9" * 5000 + "\n" + GOOD, [("AM002", 1)]),  # beyond int()'s digit limit
        ("claims:\n  a: {text: A, evidence: ''}\n", [("AM002", 2)]),
        ("claims:\n  a: {text: A, quote: ['  ']}\n", [("AM002", 2)]),
        ("base: &b {evidence: x}\nclaims:\n  a: {<<: *b, text: A}\n", [("AM002", 1), ("AM002", 3)]),
        ("theses: [a, b]\nclaims:\n  a: {text: A, reasons: [b]}\n  b: null\n", [("AM002", 4)]),
        ("claims:\n  a: {text: A, evidence: e}\n\n\n  b: {text: \x01}\n", [("AM001", 5)]),
    ],
)
def test_structural_defects_are_reported_at_their_line(tmp_path, text, expected):
    assert sorted(codes(lint_text(tmp_path, text.encode()))) == sorted(expected)


def test_unknown_key_suggests_the_right_one(tmp_path):
    (finding,) = lint_text(tmp_path, "claims:\n  a:\n    txt: typo\n    text: ok\n    evidence: e\n")
    assert "did you mean 'text'?" in finding.message and finding.claim == "a"


def test_tab_error_says_tab(tmp_path):
    (finding,) = lint_text(tmp_path, b"claims:\n\ta: {text: x}\n")
    assert "tab" in finding.message


def test_invalid_utf8_points_at_the_byte(tmp_path):
    (finding,) = lint_text(tmp_path, "claims:\n  a: {text: 'Ça va \udcff'}\n".encode("utf-8", "surrogateescape"))
    assert (finding.code, finding.line, finding.column) == ("AM001", 2, 20)
    assert "ff" in finding.message


def test_bom_crlf_and_non_ascii_are_fine(tmp_path):
    text = "\ufeffclaims:\r\n  türkiye:\r\n    text: Türkiye — «balanced» 中立\r\n    evidence: ü\r\n"
    assert lint_text(tmp_path, text.encode("utf-8")) == []


def test_columns_count_characters_not_bytes(tmp_path):
    findings = lint_text(tmp_path, "claims:\n  ü: {text: Ünïcödé, reasons: [nope]}\n".encode(), select=frozenset({"AM004"}))
    assert [(f.code, f.line, f.column, f.end_column) for f in findings] == [("AM004", 2, 32, 36)]


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    lines.append("claims: {c: {text: *a9}}")
    (finding,) = lint_text(tmp_path, "\n".join(lines).encode())
    assert finding.code == "AM001" and "alias" in finding.message


def test_moderate_alias_reuse_is_fine(tmp_path):
    text = "claims:\n  a: {text: A., evidence: &src survey 2024}\n  b: {text: B., evidence: *src}\n"
    assert lint_text(tmp_path, text.encode()) == []


@pytest.mark.parametrize("depth", [500, 200_000])
def test_deep_nesting_does_not_crash(tmp_path, depth):
    text = "claims:\n  a: {text: x, evidence: e, note: " + "[" * depth + "]" * depth + "}\n"
    (finding,) = lint_text(tmp_path, text.encode())
    # libyaml refuses nesting beyond 1,000 levels itself; below that the walk reports the type
    assert (finding.code, finding.line) == (("AM002", 2) if depth < 1000 else ("AM001", 2))


def test_merge_keys_get_a_hint(tmp_path):
    findings = lint_text(tmp_path, "claims:\n  a: {<<: {evidence: x}, text: A, evidence: y}\n")
    assert any("merge keys are not supported" in f.message for f in findings)


def test_control_character_is_reported_where_it_is(tmp_path):
    (finding,) = lint_text(tmp_path, b"claims:\n  a: {text: 'ok\x01'}\n")
    assert (finding.code, finding.line, finding.column) == ("AM001", 2, 16)


def test_json_emoji_escapes_load(tmp_path):
    document = {"claims": {"a": {"text": "Launch \U0001F680 now", "evidence": "x"}}}
    path_findings = lint_text(tmp_path, json.dumps(document), name="c.json")  # ensure_ascii: surrogate pairs
    assert path_findings == []


def test_json_files_load_with_positions(tmp_path):
    document = {"theses": ["a"], "claims": {"a": {"text": "A.", "reasons": ["b"]}, "b": {"text": "B."}}}
    findings = lint_text(tmp_path, json.dumps(document, indent=2), name="claims.json")
    assert [(f.code, f.claim, f.line) for f in findings] == [("AM301", "a", 6), ("AM101", "b", 12)]


def test_invalid_json_is_a_syntax_finding(tmp_path):
    assert codes(lint_text(tmp_path, '{"claims": {"a": ]}}', name="c.json")) == [("AM001", 1)]


def test_yaml_never_executes(tmp_path):
    marker = tmp_path / "pwned"
    text = f"claims: !!python/object/apply:os.system ['touch {marker}']\n"
    lint_text(tmp_path, text)
    assert not marker.exists()


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_every_normalised_word_maps_to_a_token_of_the_source(text):
    """A near miss is shown as the source writes it: word i is token i of the NFKC text."""
    from argmap.analysis.textnorm import nfkc, normalize, token_spans, words

    spans = token_spans(text)
    assert len(spans) == len(words(text))
    assert [normalize(nfkc(text)[a:b]) for a, b in spans] == words(text)
