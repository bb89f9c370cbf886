"""Claim-file text to a position-keeping node tree, safely and fast.

libyaml's own composer builds the tree in C, but with tag resolution switched
off: PyYAML would match every plain scalar against Python regexes to decide
whether it is a number, a date or a boolean, which costs more than parsing.
argmap reads scalars as written and decides what a value means where it knows
what it expects. Tags are only read, never constructed. Because the C composer
shares a node for every alias, and an alias can even name the node it sits
in, a document with anchors is checked before anyone walks it: no cycle, and
no more than `ALIAS_BUDGET` nodes or `ALIAS_CHARACTERS` characters repeated.
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from argmap.findings import quoted
from argmap.model import Span
from argmap.read.hints import hint

try:  # libyaml is the fast path; the pure-Python composer gives the same tree
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

#: Aliases may repeat this many nodes, or characters of scalars, beyond the
#: document's own before the file is rejected: generous for real reuse, far
#: below an exponential bomb or one long string repeated thousands of times.
ALIAS_BUDGET = 1_000_000
ALIAS_CHARACTERS = 16 * 2**20

_CORE = "tag:yaml.org,2002:"
SAFE_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
) | {"!"}

_NULL = re.compile(r"~|null|Null|NULL|")
_TRUE = re.compile(r"yes|Yes|YES|true|True|TRUE|on|On|ON")
_FALSE = re.compile(r"no|No|NO|false|False|FALSE|off|Off|OFF")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?")
#: where a tag or an anchor may begin: what the check of a document looks for first
_TAG_OR_ANCHOR = re.compile(r"(?:^|[\s\[{,])[!&]")

Scalar = ScalarNode
Sequence = SequenceNode
Mapping = MappingNode


class _Loader(_SafeLoader):
    """The safe loader, composing only: every implicit tag is left unresolved (None)."""

    def resolve(self, kind: type, value: object, implicit: object) -> None:
        return None


class YamlSyntaxError(Exception):
    """The text is not YAML (or JSON) we can read; carries the parser's position."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


Node = Scalar | Sequence | Mapping


def span(node: Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _is(node: Scalar, name: str, pattern: re.Pattern[str]) -> bool:
    if node.tag is not None:
        return node.tag == _CORE + name
    return not node.style and pattern.fullmatch(node.value) is not None


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def is_null(node: Node) -> bool:
    return type(node) is Scalar and _is(node, "null", _NULL)


def scalar_text(node: Node) -> str | None:
    """The text of a scalar that is not null, as written (`2025` is '2025'); else None."""
    if type(node) is not Scalar:
        return None
    if node.tag is None:
        return node.value if node.style or node.value not in _NULLS else None
    return None if node.tag == _CORE + "null" else node.value


def as_bool(node: Node) -> bool | None:
    """The YAML 1.1 boolean a scalar spells, or None when it is no boolean."""
    if type(node) is not Scalar:
        return None
    if _is(node, "bool", _TRUE):
        return True
    if _is(node, "bool", _FALSE):
        return False
    return None


def as_int(node: Node) -> int | None:
    if type(node) is Scalar and _is(node, "int", _INT):
        try:
            return int(node.value.replace("_", ""))
        except ValueError:  # beyond Python's digit limit for int(): no format version anyway
            return None
    return None


def describe(node: Node) -> str:
    """How a message names a value of the wrong type."""
    if type(node) is Scalar:
        if is_null(node):
            return "null"
        if as_int(node) is not None or as_bool(node) is not None or _is(node, "float", _FLOAT):
            return f"the {'number' if as_bool(node) is None else 'boolean'} {node.value}"
        return f"the string {quoted(node.value, 40)}"
    return "a list" if type(node) is Sequence else "a mapping"


def decode(data: bytes) -> str:
    """Strict UTF-8 (a BOM is dropped); undecodable bytes are a syntax error at their place."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        where = _span_after(data[: error.start].decode("utf-8", "replace"))
        bad = data[error.start : error.end].hex(" ")
        raise YamlSyntaxError(f"invalid UTF-8 (byte {bad}): claim files must be UTF-8", where) from None


def _span_after(before: str) -> Span:
    """Where the character after *before* stands: lines and columns count characters."""
    return Span(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)


def compose(text: str) -> tuple[Node | None, list[tuple[str, Span]]]:
    """The single document of *text* as nodes, plus (message, span) for each unsafe tag.

    Raises :class:`YamlSyntaxError` for text that does not parse, a second
    document, an undefined alias, an alias inside the node it names, or an
    alias bomb.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        raise YamlSyntaxError(*_describe_error(error, text)) from None
    finally:
        loader.dispose()
    tag_problems: list[tuple[str, Span]] = []
    if root is not None and ("!" in text or "&" in text) and _TAG_OR_ANCHOR.search(text):
        _check_tree(root, tag_problems)
    return root, tag_problems


def _children(node: Node) -> list[tuple[Node, Node]]:
    """(child, where a message about it points): a mapping's values point at their keys."""
    if type(node) is Mapping:
        return [pair for key, value in node.value for pair in ((key, key), (value, key))]
    return [(child, node) for child in node.value] if type(node) is Sequence else []


def _check_tree(root: Node, tag_problems: list[tuple[str, Span]]) -> None:
    """Report unsafe tags; refuse cycles and alias bombs. Post-order, with a memo, no recursion.

    Each node's size is counted once and reused wherever an alias repeats it:
    what the walk of the tree would cost is known before it is walked.
    """
    sizes: dict[int, tuple[int, int]] = {}  # id -> (nodes, characters) under it, aliases expanded
    open_nodes: set[int] = set()
    stack: list[tuple[Node, bool, Node]] = [(root, False, root)]
    while stack:
        node, done, where = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            nodes = characters = 0
            for child, _ in _children(node):
                n, c = sizes[id(child)]
                nodes, characters = nodes + n, characters + c
            sizes[key] = (nodes + 1, characters)
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise YamlSyntaxError("an alias here names a node that contains it (a loop)", span(where))
        if node.tag is not None:
            _check_tag(node, tag_problems)
        if type(node) is Scalar:
            sizes[key] = (1, len(node.value))
            continue
        open_nodes.add(key)
        stack.append((node, True, where))
        stack.extend((child, False, at) for child, at in _children(node) if id(child) not in sizes)
    unique_nodes = len(sizes)
    unique_characters = sum(c for n, c in sizes.values() if n == 1)
    nodes, characters = sizes[id(root)]
    if nodes - unique_nodes > ALIAS_BUDGET or characters - unique_characters > ALIAS_CHARACTERS:
        raise YamlSyntaxError(
            f"aliases expand the document by more than {ALIAS_BUDGET:,} nodes or "
            f"{ALIAS_CHARACTERS // 2**20} MiB of text (an alias bomb?)", span(root))


def _check_tag(node: Node, problems: list[tuple[str, Span]]) -> None:
    tag = node.tag
    if tag in SAFE_TAGS:
        return
    shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
    problems.append((f"tag '{shown}' is not allowed: claim files hold plain data only", span(node)))
    node.tag = None  # read as the plain value it decorates


def _describe_error(error: yaml.YAMLError, text: str) -> tuple[str, Span]:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        where = Span(mark.line + 1, mark.column + 1)
    elif isinstance(error, yaml.reader.ReaderError):  # e.g. a control character: only an offset
        where = _span_after(text[: error.position])
    else:
        where = Span(1, 1)
    if isinstance(error, yaml.MarkedYAMLError):
        message = ", ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
        if error.problem == "found undefined alias" and mark is not None:
            alias = re.match(r"\*[^\s,\[\]{}]*", text[mark.index:])
            message = (f"alias '{alias[0] if alias else '*'}' names no anchor before it "
                       "(a value that starts with '*' needs quotes)")
        elif "expected a single document" in message:
            message = "expected one YAML document, found a second ('---')"
    else:
        message = str(error).splitlines()[0] if str(error) else "invalid YAML"
    if mark is not None and _char_at(text, where) == "\t":
        message += " (a tab: YAML indents with spaces only)"
    elif mark is not None and (found := hint(message, where, text)) is not None:
        words, where = found
        message += f": {words}"
    return message, where


def _char_at(text: str, where: Span) -> str:
    lines = text.split("\n", where.line)
    if len(lines) < where.line:
        return ""
    line = lines[where.line - 1]
    return line[where.column - 1] if where.column <= len(line) else ""
