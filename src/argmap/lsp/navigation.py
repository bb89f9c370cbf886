"""Go to definition, find references, and the outline (theses first, then the other claims)."""

from __future__ import annotations

from lsprotocol import types

from argmap.lsp.diagnostics import to_range
from argmap.lsp.documents import Snapshot
from argmap.lsp.index import DEFINITION, Mention
from argmap.lsp.positions import Position
from argmap.model import Span

#: outline entries: a file of 250,000 claims lists the first ones, and says so
SYMBOLS = 5_000


def _mention(snapshot: Snapshot, position: types.Position) -> Mention | None:
    if snapshot.index is None:
        return None
    line, column = snapshot.lines.column(Position(position.line, position.character))
    return snapshot.index.at(line, column)


def _location(snapshot: Snapshot, uri: str, span: Span) -> types.Location:
    return types.Location(uri, to_range(snapshot.lines, span))


def definition(snapshot: Snapshot, uri: str, position: types.Position) -> list[types.Location] | None:
    mention = _mention(snapshot, position)
    if mention is None or snapshot.index is None:
        return None
    found = [m for m in snapshot.index.of(mention.id) if m.role == DEFINITION]
    return [_location(snapshot, uri, m.span) for m in found] or None


def references(snapshot: Snapshot, uri: str, position: types.Position, declaration: bool) -> list[types.Location] | None:
    mention = _mention(snapshot, position)
    if mention is None or snapshot.index is None:
        return None
    return [_location(snapshot, uri, m.span) for m in snapshot.index.of(mention.id)
            if declaration or m.role != DEFINITION]


def symbols(snapshot: Snapshot) -> list[types.DocumentSymbol] | None:
    analysis, index = snapshot.report.analysis, snapshot.index
    if analysis is None or index is None:
        return None
    claims = analysis.model.claims
    theses = [cid for cid in analysis.theses if cid in claims]
    chosen = set(theses)
    order = [*theses, *(cid for cid in claims if cid not in chosen)]
    labels = analysis.labels
    out = []
    for cid in order[:SYMBOLS]:
        claim = claims[cid]
        extent = index.extent(cid)
        selection = to_range(snapshot.lines, claim.span)
        whole = selection
        if extent is not None:
            (line, column), (end_line, end_column) = extent
            whole = to_range(snapshot.lines, Span(line, column, end_line, end_column))
            if (whole.start.line, whole.start.character) > (selection.start.line, selection.start.character) or \
                    (whole.end.line, whole.end.character) < (selection.end.line, selection.end.character):
                whole = selection
        thesis = cid in chosen
        out.append(types.DocumentSymbol(
            name=cid,
            detail=f"{'thesis · ' if thesis else ''}{labels.get(cid, '')} · {' '.join(claim.text.split())[:80]}",
            kind=types.SymbolKind.Class if thesis else types.SymbolKind.Field,
            range=whole,
            selection_range=selection,
        ))
    return out
