"""Hover: on an id or anywhere in a claim, the claim as the audit sees it.

Its text, its quotes, what grounds it, its label (IN, OUT (defeated), OUT
(unsupported), UNDEC) and why, from the same verdict `argmap lint --status`
prints; on an id that names no claim, that it names none and the closest id.
"""

from __future__ import annotations

import re

from lsprotocol import types

from argmap.findings import Suggester
from argmap.lsp.diagnostics import to_range
from argmap.lsp.documents import Snapshot
from argmap.lsp.index import DEFINITION
from argmap.lsp.positions import Position
from argmap.model import Span

#: characters of one text shown; a claim of pages is cut
SHOWN = 600
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~])")
_LEADING = re.compile(r"^([#>+\-=]|\d+[.)])")


def escape(text: str) -> str:
    """*text* shown as written, not read as Markdown (a claim's `*` is no emphasis)."""
    text = text if len(text) <= SHOWN else text[:SHOWN] + "…"
    shown = _MARKDOWN.sub(r"\\\1", " ".join(text.split()))
    return "\\" + shown if _LEADING.match(shown) else shown


def hover(snapshot: Snapshot, position: types.Position) -> types.Hover | None:
    index, analysis = snapshot.index, snapshot.report.analysis
    if index is None or analysis is None:
        return None
    line, column = snapshot.lines.column(Position(position.line, position.character))
    mention = index.at(line, column)
    claims = analysis.model.claims
    if mention is not None and mention.id not in claims:
        hint = Suggester(claims).hint(mention.id)
        text = f"`{mention.id}` is not a defined claim{hint.replace(';', '.', 1) if hint else ''}"
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text), _range(snapshot, mention.span))
    cid = mention.id if mention is not None else index.claim_at(line, column)
    if cid is None or cid not in claims:
        return None
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, describe(snapshot, cid)),
                       _range(snapshot, mention.span) if mention is not None else None)


def _range(snapshot: Snapshot, span: Span) -> types.Range:
    return to_range(snapshot.lines, span)


def describe(snapshot: Snapshot, cid: str) -> str:
    """The claim in Markdown: id and label, text, quotes, grounds, why."""
    analysis = snapshot.report.analysis
    assert analysis is not None
    claim = analysis.model.claims[cid]
    verdict = analysis.verdict(cid)
    role = "thesis" if cid in analysis.theses else "claim"
    parts = [f"**{escape(cid)}** ({role}): **{verdict.shown}**", escape(claim.text)]
    for quote in claim.quotes[:3]:
        parts.append(f"> “{escape(quote.value)}”")
    if len(claim.quotes) > 3:
        parts.append(f"and {len(claim.quotes) - 3} more quotes")
    if claim.evidence:
        parts.append(f"evidence: {escape('; '.join(claim.evidence))}")
    if claim.note:
        parts.append(f"note: {escape(claim.note)}")
    parts.append(f"*why:* {escape(verdict.why)}")
    labels = [f"`{escape(reason.label)}`" for reason in claim.reasons if reason.label]
    if labels:
        parts.append(f"inferences: {', '.join(labels)}")
    uses = sum(1 for m in snapshot.index.of(cid) if m.role != DEFINITION) if snapshot.index else 0
    parts.append(f"mentioned {uses} time{'s' if uses != 1 else ''}")
    return "\n\n".join(parts)
