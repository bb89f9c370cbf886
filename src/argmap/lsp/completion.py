"""Completion in claim files: ids where an id goes, keys where a key goes, rule codes in `ignore`.

The text being typed is seldom a file that reads, so where the cursor stands
is worked out from the text around it, not from the model: the open brackets
on the way to the cursor and the keys before them (the whole document for
JSON, the line for YAML), then, for YAML, the keys of the lines above with
less indentation. The ids offered are those of the last text that read
(`Document.good`). Work is bounded: at most `LOOK_BACK` lines above are read,
and at most `ITEMS` items are sent.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from pathlib import Path

from lsprotocol import types

from argmap.lsp.documents import Snapshot
from argmap.lsp.positions import Lines, Position
from argmap.read.claimfile import CLAIM_KEYS, SOURCE_KEYS, STEP_KEYS, TOP_KEYS
from argmap.rules.catalogue import RULES

#: keys whose values are claim ids
ID_KEYS = frozenset({"theses", "reasons", "objections", "restates", "premises"})
LOOK_BACK = 500
ITEMS = 500
#: a JSON document is scanned from its start up to this size, else from the cursor's line
JSON_SCAN = 1_000_000
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|\'(?:[^\'\n]|\'\')*\'?|[\[\]{},:]|#.*|[^\s\[\]{},:"\'#][^\[\]{},:\n]*')
_BLOCK_KEY = re.compile(r"^(\s*)(-\s+)?(?:\"([^\"]*)\"|'([^']*)'|([^\s:#'\"\[\]{},-][^:#]*?))\s*:(?:\s*(?:#.*)?$|\s+\S)")
_PREFIX = re.compile(r"[\w.\-]*$")


class Where:
    """What the cursor stands in: `value_of` (the key whose value it is in), `item`
    (inside a list), or `keys_of` (the keys of the mapping it would add a key to)."""

    def __init__(self, value_of: str | None = None, keys_of: tuple[str, ...] | None = None) -> None:
        self.value_of, self.keys_of = value_of, keys_of


def complete(lines: Lines, snapshot: Snapshot | None, path: Path, position: types.Position) -> types.CompletionList | None:
    number, column = lines.column(Position(position.line, position.character))
    text = lines.line(number - 1)
    before = text[: column - 1]
    prefix = _PREFIX.search(before)
    typed = prefix[0] if prefix else ""
    start = types.Position(position.line, position.character - _width(typed, lines.encoding))
    replace = types.Range(start, types.Position(position.line, position.character))
    json_file = path.suffix.lower() == ".json" or lines.text.lstrip().startswith("{")
    where = _where_json(lines, number, column) if json_file else _where_yaml(lines, number, before)
    if where is None:
        return None
    items: list[types.CompletionItem]
    quote = '"' if json_file and not before[: len(before) - len(typed)].endswith('"') else ""
    if where.value_of in ID_KEYS:
        items = _ids(snapshot, typed, replace, quote)
    elif where.value_of == "ignore":
        items = [types.CompletionItem(code, kind=types.CompletionItemKind.EnumMember, detail=rule.slug,
                                      documentation=rule.summary,
                                      text_edit=types.TextEdit(replace, f"{quote}{code}{quote}"))
                 for code, rule in RULES.items()]
    elif where.value_of == "claims:key":  # a new claim: the ids mentioned and not yet defined
        items = _undefined(snapshot, typed, replace)
    elif where.keys_of is not None:
        described = _descriptions()
        items = [types.CompletionItem(key, kind=types.CompletionItemKind.Property,
                                      documentation=described.get(key),
                                      text_edit=types.TextEdit(replace, (f'"{key}": ' if quote else key)
                                                               if json_file else f"{key}: "))
                 for key in where.keys_of if key.startswith(typed)]
    else:
        return None
    return types.CompletionList(is_incomplete=len(items) >= ITEMS, items=items[:ITEMS])


def _width(text: str, encoding: str) -> int:
    if text.isascii() or encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-8")) if encoding == "utf-8" else len(text.encode("utf-16-le")) // 2


def _ids(snapshot: Snapshot | None, typed: str, replace: types.Range, quote: str) -> list[types.CompletionItem]:
    analysis = snapshot.report.analysis if snapshot is not None else None
    if analysis is None:
        return []
    items = []
    for cid, claim in analysis.model.claims.items():
        if typed and not cid.startswith(typed) and typed not in cid:
            continue
        text = " ".join(claim.text.split())
        items.append(types.CompletionItem(cid, kind=types.CompletionItemKind.Reference, detail=text[:80],
                                          documentation=text, text_edit=types.TextEdit(replace, f"{quote}{cid}{quote}")))
        if len(items) >= ITEMS:
            break
    return items


def _undefined(snapshot: Snapshot | None, typed: str, replace: types.Range) -> list[types.CompletionItem]:
    if snapshot is None or snapshot.index is None or snapshot.report.analysis is None:
        return []
    claims = snapshot.report.analysis.model.claims
    missing = [cid for cid in snapshot.index.by_id if cid not in claims and cid.startswith(typed)]
    return [types.CompletionItem(cid, kind=types.CompletionItemKind.Reference, detail="mentioned, not defined yet",
                                 text_edit=types.TextEdit(replace, f"{cid}:")) for cid in missing[:ITEMS]]


@cache
def _descriptions() -> dict[str, str]:
    """Each key's description from the format's JSON Schema (`argmap schema`)."""
    schema = json.loads(files("argmap").joinpath("schema.json").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    tables = [schema.get("properties", {}), *(d.get("properties", {}) for d in schema.get("$defs", {}).values()
                                              if isinstance(d, dict))]
    for table in tables:
        for key, value in table.items():
            if isinstance(value, dict) and isinstance(value.get("description"), str):
                found.setdefault(key, value["description"])
    return found


def _flow(tokens: list[str]) -> list[tuple[str, str | None]]:
    """The brackets open at the end of *tokens*, innermost first, each with the key before it."""
    stack: list[tuple[str, str | None]] = []
    last: str | None = None
    key: str | None = None
    for token in tokens:
        if token in ("[", "{"):
            stack.append((token, key))
            key = last = None
        elif token in ("]", "}"):
            if stack:
                stack.pop()
            key = last = None
        elif token == ":":
            key = last
        elif token == ",":
            key = last = None
        elif not token.startswith("#"):
            last = token.strip("\"'").strip() if token[:1] in "\"'" else re.sub(r"^-\s+", "", token.strip())
    return stack[::-1]


def _keys_for(chain: list[str | None]) -> Where:
    """*chain*: the keys the cursor is under, innermost first (None: a list item)."""
    parent = chain[0] if chain else ""
    if parent == "" and len(chain) <= 1:
        return Where(keys_of=TOP_KEYS)
    if parent == "source":
        return Where(keys_of=SOURCE_KEYS)
    if parent == "claims":
        return Where(value_of="claims:key")
    if len(chain) >= 2 and chain[1] == "claims":
        return Where(keys_of=CLAIM_KEYS)
    if parent is None and len(chain) >= 2 and chain[1] in ("reasons", "objections"):
        return Where(keys_of=STEP_KEYS)
    return Where()


def _where_json(lines: Lines, number: int, column: int) -> Where | None:
    offset = lines.starts[number - 1] + column - 1
    start = 0 if offset <= JSON_SCAN else lines.starts[number - 1]
    text = lines.text[start:offset]
    if len(re.findall(r'(?<!\\)"', text)) % 2 == 1:  # inside a string being typed
        text = text[: text.rfind('"')]
    open_ = _flow(_TOKEN.findall(text))
    if not open_:
        return None
    kind, key = open_[0]
    if kind == "[":
        return Where(value_of=key if key else (open_[1][1] if len(open_) > 1 and open_[1][0] == "[" else None))
    if text.rstrip().endswith(":"):
        return None  # a value, not a key
    return _keys_for([k for _, k in open_[:-1]])  # the outermost `{` is the document's


def _where_yaml(lines: Lines, number: int, before: str) -> Where | None:
    if "#" in before and re.search(r"(^|\s)#", before):
        return None  # in a comment
    open_ = _flow(_TOKEN.findall(before))
    indent = len(before) - len(before.lstrip(" "))
    item = before.lstrip(" ").startswith("-")
    if open_:
        kind, key = open_[0]
        if kind == "[":
            if key is None:  # `- [a, b` or `[[a, b`: a list in a list; the key is further out
                key = next((k for _, k in open_[1:] if k is not None), None) or _parent(lines, number, indent, item)
            return Where(value_of=key)
        chain = [key for _, key in open_]  # inside `{ }`: a claim written on one line
        if chain[0] is None:
            outer = _parent(lines, number, indent, item)
            chain = [outer, *_chain(lines, number, indent, item)[1:]] if outer else chain
        return _keys_for([*chain, *_chain(lines, number, indent, item)]) if not before.rstrip().endswith(":") else None
    if (match := re.match(r"^\s*(?:-\s+)?([\w.\-]+)\s*:\s+[\w.\-]*$", before)) is not None:
        return Where(value_of=match[1])  # `theses: a|`: a value written after its key
    if item:
        text = before.lstrip(" ")[1:]
        if re.fullmatch(r"\s+[\w.\-]*", text):  # `- a|`: a list item
            parent = _parent(lines, number, indent, True)
            if parent in ID_KEYS or parent == "ignore":
                return Where(value_of=parent)
            chain = _chain(lines, number, indent + len(before.lstrip(" ")) - len(text.lstrip()), False)
            return _keys_for([None, *chain]) if parent in ("reasons", "objections") else None
        return None
    if before.strip() and not re.fullmatch(r"\s*[\w.\-]*", before):
        return None
    return _keys_for(_chain(lines, number, indent, False))


def _parent(lines: Lines, number: int, indent: int, item: bool) -> str | None:
    chain = _chain(lines, number, indent, item)
    return chain[0] if chain else None


def _chain(lines: Lines, number: int, indent: int, item: bool) -> list[str | None]:
    """The keys of the lines above that hold line *number* (indented *indent*), innermost
    first; None for a list item (`- `) on the way. Reads at most `LOOK_BACK` lines."""
    chain: list[str | None] = []
    for above in range(number - 2, max(-1, number - 2 - LOOK_BACK), -1):
        text = lines.line(above)
        stripped = text.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(text) - len(stripped)
        dash = stripped.startswith("-") and (stripped[1:2] in (" ", ""))
        holds = depth < indent or (depth == indent and item and not dash)
        if not holds:
            continue
        match = _BLOCK_KEY.match(text)
        if dash:
            inner = depth + 1 + (len(stripped[1:]) - len(stripped[1:].lstrip()))
            if match is not None and match[2] and inner < indent:  # `- premises:` above `  - a`
                chain.append(next(g for g in match.groups()[2:] if g is not None).strip())
            chain.append(None)
        elif match is not None:
            chain.append(next(g for g in match.groups()[2:] if g is not None).strip())
        else:
            break  # a line that holds this one but is no key: a value that runs on
        indent, item = depth, False
        if depth == 0:
            break
    if indent > 0 and not chain:
        return [None]
    return chain if indent == 0 or chain else [""]
