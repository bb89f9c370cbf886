"""Rename an id across the file: its definition and every mention, or nothing.

A rename is refused, with a message the editor shows, when the new name breaks
the id rules (`ID_PATTERN` of the format's reader), names a claim that
exists, or would read back differently: the edited text is read again by the
same reader, and must hold the new id where the old one was, with no new
problem about the file's shape. A mention written in a way the edit cannot
safely change (a key spelled by an alias, an AIF edge) refuses the rename too.
"""

from __future__ import annotations

from lsprotocol import types

from argmap.lsp.documents import Snapshot
from argmap.lsp.index import Mention
from argmap.lsp.positions import Position
from argmap.model import Span
from argmap.read import load_bytes, reader_for
from argmap.rules.schema import CODE as SCHEMA
from argmap.rules.syntax_error import CODE as SYNTAX_ERROR

#: words YAML 1.1 (PyYAML, libyaml) or 1.2 read as null or a boolean: no id, for any tool
_YAML_WORDS = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})


class Refused(Exception):
    """The rename would break the file: the message says why."""


def _at(snapshot: Snapshot, position: types.Position) -> Mention | None:
    if snapshot.index is None:
        return None
    line, column = snapshot.lines.column(Position(position.line, position.character))
    return snapshot.index.at(line, column)


def prepare(snapshot: Snapshot, position: types.Position) -> types.PrepareRenamePlaceholder | None:
    mention = _at(snapshot, position)
    if mention is None:
        return None
    span = _inner(snapshot, mention)
    if span is None:
        return None
    lines = snapshot.lines
    return types.PrepareRenamePlaceholder(
        types.Range(types.Position(*lines.position(span.line, span.column)),
                    types.Position(*lines.position(span.line, span.column + len(mention.id)))),
        mention.id)


def _inner(snapshot: Snapshot, mention: Mention) -> Span | None:
    """Where exactly the id's characters stand: the span itself, or inside its quotes."""
    span = mention.span
    if span.end_line is not None and span.end_line != span.line:
        return None
    text = snapshot.lines.line(span.line - 1)
    start = span.column - 1
    end = span.end_column - 1 if span.end_column is not None else start + len(mention.id)
    written = text[start:end]
    if written == mention.id:
        return Span(span.line, span.column, span.line, span.column + len(mention.id))
    if len(written) == len(mention.id) + 2 and written[0] == written[-1] and written[0] in "'\"" \
            and written[1:-1] == mention.id:
        return Span(span.line, span.column + 1, span.line, span.column + 1 + len(mention.id))
    return None


def rename(snapshot: Snapshot, uri: str, position: types.Position, new: str) -> types.WorkspaceEdit | None:
    analysis = snapshot.report.analysis
    mention = _at(snapshot, position)
    if mention is None or snapshot.index is None or analysis is None:
        return None
    old = mention.id
    if new == old:
        return types.WorkspaceEdit(changes={uri: []})
    path = analysis.model.path
    reader = reader_for(path, snapshot.lines.text)
    pattern = getattr(reader, "ID_PATTERN", None)
    if pattern is None:
        raise Refused(f"ids of {path.suffix or 'this'} files cannot be renamed here")
    if not pattern.fullmatch(new):
        rule = getattr(reader, "ID_RULE", "the format's id rule")
        raise Refused(f"'{new}' is not a valid id ({rule})")
    if getattr(reader, "YAML", False) and new.lower() in _YAML_WORDS:
        raise Refused(f"YAML reads '{new}' as {'null' if new.lower() == 'null' else 'true or false'}, "
                      "not as a name (and so do other YAML tools): choose another name")
    if new in analysis.model.claims or new in snapshot.index.by_id:
        raise Refused(f"'{new}' is already an id in this file: the rename would merge two claims")
    spans = []
    for found in snapshot.index.of(old):
        inner = _inner(snapshot, found)
        if inner is None:
            raise Refused(f"'{old}' is written on line {found.span.line} in a way a rename cannot edit")
        spans.append(inner)
    _check(snapshot, spans, old, new)
    lines = snapshot.lines
    edits = [types.TextEdit(types.Range(types.Position(*lines.position(s.line, s.column)),
                                        types.Position(*lines.position(s.line, s.end_column or s.column))), new)
             for s in spans]
    return types.WorkspaceEdit(changes={uri: edits})


def _check(snapshot: Snapshot, spans: list[Span], old: str, new: str) -> None:
    """Read the renamed text back: the new id must be there, and the file's shape no worse."""
    analysis = snapshot.report.analysis
    assert analysis is not None
    lines = snapshot.lines
    text = lines.text
    for span in sorted(spans, key=lambda s: (s.line, s.column), reverse=True):
        at = lines.starts[span.line - 1] + span.column - 1
        text = text[:at] + new + text[at + len(old):]
    path = analysis.model.path
    before = load_bytes(lines.text.encode("utf-8", "surrogatepass"), path)
    after = load_bytes(text.encode("utf-8", "surrogatepass"), path)
    shape = (SYNTAX_ERROR, SCHEMA)
    worse = sum(p.code in shape for p in after.problems) > sum(p.code in shape for p in before.problems)
    defined = old in analysis.model.claims
    if after.model is None or worse or (defined and (new not in after.model.claims or old in after.model.claims)):
        raise Refused(f"'{new}' would not read back as the same id (YAML reads some words, such as "
                      "'yes', 'null' or '1e3', as other values); choose another name")
