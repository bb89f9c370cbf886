"""Every rule, from the data in cases/rules.yaml and from its own documentation.

A case states the complete list of findings (code, line, column), as yamllint's
`RuleTestCase.check` does; a case loads cleanly unless marked malformed, and a
case where its rule does not fire never is (sqlfluff's rule). The examples in
each rule's docstring, which `argmap explain` shows, are run too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from argmap.analysis.lint import lint_file
from argmap.config import Settings
from argmap.rules.catalogue import RULES, find_rule

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "rules.yaml").read_text(encoding="utf-8"))
PARAMS = [pytest.param(code, case, id=f"{code}-{case['name']}") for code, cases in CASES.items() for case in cases]
LOADING = ("AM001", "AM002", "AM003")


def check(tmp_path: Path, text: str, sources: dict[str, str | bytes], name: str = "claims.yaml"):
    """Lint *text* as a claim file with *sources* beside it, from *tmp_path* as the project root."""
    for path, content in sources.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode())
    claim_file = tmp_path / name
    claim_file.parent.mkdir(parents=True, exist_ok=True)
    claim_file.write_text(text, encoding="utf-8")
    return lint_file(claim_file, Settings()).findings


@pytest.mark.parametrize("code, case", PARAMS)
def test_rule_case(tmp_path, monkeypatch, code, case):
    monkeypatch.chdir(tmp_path)
    findings = check(tmp_path, case["file"], case.get("sources", {}), case.get("path", "claims.yaml"))
    assert [[f.code, f.line, f.column] for f in findings] == case["findings"]
    fired = [f for f in findings if f.code == code]
    if "message" in case:
        assert fired and fired[0].message == case["message"]
    malformed = any(f.code in LOADING for f in findings)
    assert malformed == bool(case.get("malformed")), "only a case marked malformed may fail to load cleanly"
    if not fired:
        assert not malformed, "a passing case must load cleanly"


def test_every_rule_has_a_firing_and_a_passing_case():
    for code in RULES:
        cases = CASES.get(code, [])
        assert any(any(f[0] == code for f in case["findings"]) for case in cases), f"{code} never fires"
        assert any(all(f[0] != code for f in case["findings"]) for case in cases), f"{code} has no passing case"


def test_every_rule_documents_itself():
    for rule in RULES.values():
        assert rule.summary and "Fails::" in rule.doc and "Passes::" in rule.doc, rule.code
        assert find_rule(rule.slug) is rule and find_rule(rule.code.lower()) is rule


def _blocks(doc: str) -> dict[str, str]:
    """The literal blocks of a rule's docstring by their heading: 'Fails', 'Passes', 'With ``x``'."""
    blocks: dict[str, str] = {}
    lines = doc.splitlines()
    for i, line in enumerate(lines):
        if not line.endswith("::") or line.startswith(" "):
            continue
        body = []
        for following in lines[i + 1:]:
            if following.strip() and not following.startswith(" "):
                break
            body.append(following[4:])
        blocks[line[:-2]] = "\n".join(body).strip("\n") + "\n"
    return blocks


@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda rule: rule.code)
def test_documented_examples_do_what_they_say(tmp_path, monkeypatch, rule):
    """`argmap explain` can show no example that does not fire, nor a passing one that does."""
    blocks = _blocks(rule.doc)
    sources = {re.fullmatch(r"With ``(.+)``", heading)[1]: text
               for heading, text in blocks.items() if heading.startswith("With ")}
    monkeypatch.chdir(tmp_path)
    fails = check(tmp_path / "fails", blocks["Fails"], sources)
    assert rule.code in {f.code for f in fails}, f"{rule.code}: the failing example does not fire"
    passes = check(tmp_path / "passes", blocks["Passes"], sources)
    assert rule.code not in {f.code for f in passes}, f"{rule.code}: the passing example fires"
    assert not [f for f in passes if f.code in LOADING], f"{rule.code}: the passing example does not load cleanly"
