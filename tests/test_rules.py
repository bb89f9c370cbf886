"""Every rule, from the data in cases/rules.yaml: where it fires and where it does not."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from argmap.analysis.lint import lint_file
from argmap.config import Settings
from argmap.rules import RULES, find_rule

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "rules.yaml").read_text(encoding="utf-8"))
PARAMS = [pytest.param(code, case, id=f"{code}-{case['name']}") for code, cases in CASES.items() for case in cases]


@pytest.mark.parametrize("code, case", PARAMS)
def test_rule_case(tmp_path, code, case):
    for name, content in case.get("sources", {}).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    claim_file = tmp_path / "claims.yaml"
    claim_file.write_text(case["file"], encoding="utf-8")
    findings = [f for f in lint_file(claim_file, Settings()).findings if f.code == code]
    assert [[f.code, f.line, f.claim] for f in findings] == case["fires"]
    if "message" in case:
        assert findings[0].message == case["message"]


def test_every_checked_rule_has_a_firing_and_a_passing_case():
    for code in RULES:
        if code in ("AM001", "AM002"):
            continue  # covered line by line in test_loader.py
        cases = CASES.get(code, [])
        assert any(case["fires"] for case in cases), f"{code} never fires in cases/rules.yaml"
        assert any(not case["fires"] for case in cases), f"{code} has no passing case"


def test_every_rule_documents_itself():
    for rule in RULES.values():
        assert rule.summary and "Fails::" in rule.doc and "Passes::" in rule.doc, rule.code
        assert find_rule(rule.slug) is rule and find_rule(rule.code.lower()) is rule
