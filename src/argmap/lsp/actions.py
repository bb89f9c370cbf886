"""Quick fixes for the findings at the cursor.

- the did-you-mean of a finding (an unknown id, key or rule), put in place;
- silence a finding with `ignore` on its claim (or on the file, for a finding
  about no claim) and a `note` that says why, left for the user to write: the
  audit report shows silenced findings with their notes;
- mark an unsupported claim `assumption: true` (taken as given, on purpose).

The fixes come from the snapshot's own findings, so an action never acts on a
diagnostic the editor kept from an older text.
"""

from __future__ import annotations

import re

from lsprotocol import types

from argmap.lsp.documents import Snapshot
from argmap.lsp.positions import Lines, Position
from argmap.lsp.yamledit import Insert, Tree, get
from argmap.read import reader_for
from argmap.rules.syntax_error import CODE as SYNTAX_ERROR
from argmap.rules.unsupported_claim import CODE as UNSUPPORTED

_MEANT = re.compile(r"did you mean '([^'\n]+)'\?|did you mean (AM\d{3}) \(")
#: the placeholder a silencing note starts with, for the user to replace
NOTE = "TODO: say why {code} does not apply here"


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and \
        (b.start.line, b.start.character) <= (a.end.line, a.end.character)


def code_actions(snapshot: Snapshot, uri: str, wanted: types.Range) -> list[types.CodeAction]:
    found = [d for d in snapshot.diagnostics if _overlaps(d.range, wanted)]
    analysis = snapshot.report.analysis
    claim_file = analysis is not None and reader_for(analysis.model.path, snapshot.lines.text).__name__.endswith("claimfile")
    tree: Tree | None = None
    out: list[types.CodeAction] = []
    for diagnostic in found:
        out.extend(_did_you_mean(snapshot, uri, diagnostic))
        if not claim_file or diagnostic.code == SYNTAX_ERROR:
            continue
        if tree is None:
            tree = Tree(snapshot.lines.text, analysis is not None and analysis.model.path.suffix.lower() == ".json")
        if tree.root is None:
            continue
        out.extend(_silence(snapshot, tree, uri, diagnostic))
        if diagnostic.code == UNSUPPORTED:
            out.extend(_assume(snapshot, tree, uri, diagnostic))
    return out


def _action(title: str, uri: str, edits: list[types.TextEdit], diagnostic: types.Diagnostic,
            preferred: bool = False) -> types.CodeAction:
    return types.CodeAction(title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                            is_preferred=preferred or None, edit=types.WorkspaceEdit(changes={uri: edits}))


def _did_you_mean(snapshot: Snapshot, uri: str, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    match = _MEANT.search(diagnostic.message)
    if match is None:
        return []
    meant = match[1] or match[2]
    where = diagnostic.range
    if where.start.line != where.end.line:
        return []
    lines = snapshot.lines
    text = lines.line(where.start.line)
    start = lines.column(Position(where.start.line, where.start.character))[1] - 1
    end = lines.column(Position(where.end.line, where.end.character))[1] - 1
    written = text[start:end]
    if len(written) >= 2 and written[0] == written[-1] and written[0] in "'\"":
        start, end = start + 1, end - 1  # keep the quotes the user wrote
    replace = types.Range(types.Position(*lines.position(where.start.line + 1, start + 1)),
                          types.Position(*lines.position(where.start.line + 1, end + 1)))
    return [_action(f"Change to '{meant}'", uri, [types.TextEdit(replace, meant)], diagnostic, preferred=True)]


def _edit(lines: Lines, insert: Insert) -> types.TextEdit:
    at = types.Position(*lines.position(insert.line + 1, insert.column + 1))
    return types.TextEdit(types.Range(at, at), insert.text)


def _silence(snapshot: Snapshot, tree: Tree, uri: str, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    code = str(diagnostic.code)
    data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
    cid = data.get("claim")
    analysis = snapshot.report.analysis
    assert analysis is not None
    lines = snapshot.lines
    edits: list[Insert | None] = []
    if isinstance(cid, str) and cid in analysis.model.claims:
        mapping = tree.claim(cid)
        ignore = get(mapping, "ignore")
        new: list[tuple[str, str]] = []
        if ignore is not None:
            edits.append(tree.add_item(ignore, tree.string(code) if tree.json else code))
        else:
            new.append(("ignore", f"[{tree.string(code) if tree.json else code}]"))
        if get(mapping, "note") is None:
            new.append(("note", tree.string(NOTE.format(code=code))))
        if new:
            edits.append(tree.new_keys(mapping, new))
        title = f"Silence {code} on '{cid}' (ignore, with a note to write)"
    else:
        ignore = get(tree.root, "ignore")
        if ignore is not None:
            edits.append(tree.add_item(ignore, tree.string(code) if tree.json else code))
        else:
            edits.append(tree.new_keys(tree.root, [("ignore", f"[{tree.string(code) if tree.json else code}]")],
                                       comment=NOTE.format(code=code)))
        title = f"Silence {code} in this file (ignore{'' if tree.json else ', with a note to write'})"
    if not edits or any(e is None for e in edits):
        return []
    return [_action(title, uri, [_edit(lines, e) for e in edits if e is not None], diagnostic)]


def _assume(snapshot: Snapshot, tree: Tree, uri: str, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
    cid = data.get("claim")
    if not isinstance(cid, str):
        return []
    mapping = tree.claim(cid)
    if get(mapping, "assumption") is not None:
        return []
    insert = tree.new_keys(mapping, [("assumption", "true")]) if mapping is not None else None
    if insert is None:
        return []
    return [_action(f"Mark '{cid}' as an assumption (taken as given)", uri, [_edit(snapshot.lines, insert)], diagnostic)]
