"""The audit's findings as the protocol's diagnostics.

A diagnostic is the finding itself (the same code, severity and message as
`argmap lint` prints) plus what an editor can do with it: the rule's
explanation one click away (codeDescription), and the other places the
finding is about (relatedInformation): the other claims of a circle, the
objections that defeat a thesis, the claim an objection defeats, the first of
two duplicates. Those places are read from the same analysis that made the
finding, never worked out again.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from lsprotocol import types

from argmap import __version__
from argmap.analysis.context import Analysis
from argmap.findings import Finding, Severity
from argmap.lsp.positions import Lines
from argmap.model import Span, describe_node
from argmap.rules.catalogue import RULES

SOURCE = "argmap"
#: related places listed on one diagnostic; a circle of thousands names the first ones
RELATED = 20
_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning}
#: findings that say a part of the file does nothing: editors fade it
_UNNECESSARY = frozenset({"AM005"})


def to_range(lines: Lines, span: Span) -> types.Range:
    found = lines.range(span)
    return types.Range(types.Position(*found.start), types.Position(*found.end))


def diagnostics(findings: list[Finding], lines: Lines, uri: str, analysis: Analysis | None) -> list[types.Diagnostic]:
    out = []
    attacks: dict[tuple[int, int], str] = {}  # where each attack is written -> its target, read once
    if analysis is not None and any(f.code == "AM302" for f in findings):
        attacks = {(step.span.line, step.span.column): step.target for step in analysis.structure.attack_steps()}
    for finding in findings:
        span = Span(finding.line, finding.column, finding.end_line, finding.end_column)
        page = rule_page(finding.code)
        related = _related(finding, analysis, lines, uri, attacks) if analysis is not None else []
        out.append(types.Diagnostic(
            range=to_range(lines, span),
            message=finding.message,
            severity=_SEVERITY[finding.severity],
            code=finding.code,
            code_description=types.CodeDescription(href=page) if page else None,
            source=SOURCE,
            related_information=related or None,
            tags=[types.DiagnosticTag.Unnecessary] if finding.code in _UNNECESSARY else None,
            data={"rule": finding.rule, "claim": finding.claim},
        ))
    return out


def _related(finding: Finding, analysis: Analysis, lines: Lines, uri: str,
             attacks: dict[tuple[int, int], str]) -> list[types.DiagnosticRelatedInformation]:
    claims = analysis.model.claims
    places: list[tuple[Span, str]] = []
    cid = finding.claim
    if finding.code == "AM102" and cid is not None:  # the other claims of the circle
        circle = next((c for c in analysis.circles if cid in c), set())
        order = analysis.structure.index
        others = sorted((n for n in circle if n in claims and n != cid), key=order.__getitem__)
        places = [(claims[n].span, f"'{n}' is in the circle") for n in others]
    elif finding.code == "AM301" and cid in claims:  # what the thesis' verdict turns on
        verdict = analysis.verdict(cid)
        role = _ROLES.get(str(verdict.status), "the verdict turns on it")
        places = [(claims[n].span, f"'{n}' {role}") for n in verdict.responsible if n in claims and n != cid]
    elif finding.code == "AM302":  # the claim or reason the objection defeats
        target = attacks.get((finding.line, finding.column))
        if target is not None:
            owner = target.split("#", 1)[0].split("!", 1)[0]
            if owner in claims:
                places = [(claims[owner].span, f"{describe_node(target)} is defeated by this objection")]
    elif finding.code == "AM401" and cid in claims:  # the first claim with the same text
        other = finding.message.rsplit("'", 2)[-2] if finding.message.endswith("'") else None
        if other in claims:
            places = [(claims[other].span, f"'{other}' has the same text")]
    elif finding.code in ("AM003", "AM104", "AM106") and cid in claims:
        places = [(claims[cid].span, f"claim '{cid}'")]
    return [types.DiagnosticRelatedInformation(types.Location(uri, to_range(lines, span)), message)
            for span, message in places[:RELATED]
            if (span.line, span.column) != (finding.line, finding.column)]


#: what a claim responsible for a thesis' verdict does to it, by the verdict's kind
_ROLES = {"defeated": "defeats it", "unsupported": "fails it", "undecided": "leaves it undecided"}
_pages: dict[str, str | None] = {}


def rule_page(code: str) -> str | None:
    """A file: URI of the rule's explanation (what `argmap explain CODE` prints), written
    once per version into the user's cache: a link any editor opens, offline, that always
    matches the argmap that made the finding. None where nothing can be written."""
    if code in _pages:
        return _pages[code]
    rule = RULES.get(code)
    page = None
    if rule is not None:
        for folder in _cache_folders():
            path = folder / f"{code}.md"
            text = f"# {rule.code} {rule.slug} [{rule.severity}]\n\n{rule.doc}\n\n(`argmap explain {rule.code}`)\n"
            try:
                if not path.is_file() or path.read_text(encoding="utf-8") != text:
                    folder.mkdir(parents=True, exist_ok=True)
                    temporary = path.with_name(f".{path.name}.{os.getpid()}")
                    temporary.write_text(text, encoding="utf-8")
                    temporary.replace(path)
            except (OSError, UnicodeDecodeError):
                continue
            page = path.as_uri()
            break
    _pages[code] = page
    return page


def _cache_folders() -> list[Path]:
    cache = os.environ.get("XDG_CACHE_HOME") or (str(Path.home() / ".cache") if "HOME" in os.environ else "")
    folders = [Path(cache) / "argmap" / f"rules-{__version__}"] if cache else []
    return [*folders, Path(tempfile.gettempdir()) / f"argmap-{os.getuid() if hasattr(os, 'getuid') else 0}" /
            f"rules-{__version__}"]
