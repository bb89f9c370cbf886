"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run whose ``tool.driver.rules`` lists every rule of the catalogue (with its
documentation as help), and one result per finding. Paths inside the current
folder become relative URI references against ``%SRCROOT%`` (run argmap from
the repository root and they are repo-relative, as code scanning expects);
paths outside it become ``file://`` URIs. Columns count Unicode code points, as
the loader does. The output depends only on the findings and the catalogue.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from argmap import __version__
from argmap.findings import Finding
from argmap.report import Run
from argmap.rules.catalogue import RULES, Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
INFORMATION_URI = "https://pypi.org/project/argmap/"


def rule_name(slug: str) -> str:
    """SARIF's friendly rule name is one Pascal-case word: ``unsupported-claim`` -> ``UnsupportedClaim``."""
    return "".join(part.capitalize() for part in re.split(r"[-_]", slug))


def help_markdown(doc: str) -> str:
    """The rule's docstring as Markdown: ``Fails::`` blocks become fenced YAML."""
    lines = doc.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.endswith("::") and line.strip() != "::":
            out.append(line[:-1])
            i += 1
            block: list[str] = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith((" ", "\t"))):
                block.append(lines[i])
                i += 1
            while block and not block[-1].strip():
                block.pop()
            while block and not block[0].strip():
                block.pop(0)
            indent = min((len(b) - len(b.lstrip()) for b in block if b.strip()), default=0)
            fence = "text" if line.startswith("With ") else "yaml"  # a source text, not a claim file
            out.extend(["", f"```{fence}", *(b[indent:] for b in block), "```", ""])
        else:
            out.append(line)
            i += 1
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out)


def artifact_location(path: str) -> dict[str, str]:
    """A URI reference for a finding's path: relative to ``%SRCROOT%``, or a ``file`` URI."""
    native = Path(path)
    if native.is_absolute() or native.parts[:1] == ("..",):
        return {"uri": native.resolve().as_uri()}
    return {"uri": quote(path), "uriBaseId": SRCROOT}


def _descriptor(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.code,
        "name": rule_name(rule.slug),
        "shortDescription": {"text": rule.summary + "."},
        "fullDescription": {"text": rule.doc},
        "help": {"text": rule.doc, "markdown": help_markdown(rule.doc)},
        "defaultConfiguration": {"level": str(rule.severity)},
        "properties": {"slug": rule.slug},
    }


def _result(finding: Finding, index: dict[str, int]) -> dict[str, object]:
    region: dict[str, int] = {"startLine": finding.line, "startColumn": finding.column}
    if finding.end_line is not None:
        region["endLine"] = finding.end_line
    if finding.end_column is not None:
        region["endColumn"] = finding.end_column
    result: dict[str, object] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": str(finding.severity),
        "message": {"text": finding.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": artifact_location(finding.path), "region": region}}
        ],
    }
    if finding.claim is not None:
        result["properties"] = {"claim": finding.claim}
    return result


def document(findings: list[Finding]) -> dict[str, object]:
    rules = list(RULES.values())
    index = {rule.code: i for i, rule in enumerate(rules)}
    return {
        "$schema": SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "argmap",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_descriptor(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(finding, index) for finding in findings],
            }
        ],
    }


def write(run: Run, out: TextIO) -> None:
    json.dump(document(run.findings), out, indent=2, ensure_ascii=False)
    out.write("\n")
