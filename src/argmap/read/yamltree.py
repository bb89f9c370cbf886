"""Claim-file text to a position-keeping node tree, safely and fast.

PyYAML's own composer is avoided on purpose: it resolves every scalar with
Python regexes (slower than parsing), recurses in C, and counts nothing, so
alias bombs reach whoever walks the tree. Here the C *parser*'s event stream
is composed by a lean loop with an explicit stack: scalar events are kept as
the scalar nodes themselves, aliases are budgeted, and tags are only read,
never constructed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeAlias

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from argmap.findings import quoted
from argmap.model import Span
from argmap.read.hints import hint
from argmap.read.positions import span_after, yaml_lines

try:  # libyaml is the fast path; the pure parser gives the same events
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Aliases may repeat this many nodes, or characters of text, beyond the
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

#: a scalar node is the parser's event itself: value, style, tag and marks
Scalar: type[Any] = ScalarEvent


class YamlSyntaxError(Exception):
    """The text is not YAML (or JSON) we can read; carries the parser's position."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


#: Scalar, Sequence or Mapping. Typed as Any on purpose: a node is checked with
#: `type(node) is ...` at every step of the walk, and PyYAML's stubs type an
#: event's marks and attributes more loosely than the parser fills them.
Node: TypeAlias = Any


class _Collection:
    """A list or a mapping: its children in `items`, in order, and its marks."""

    __slots__ = ("anchor", "end_mark", "items", "start_mark")

    def __init__(self, event: Any) -> None:
        self.start_mark = self.end_mark = event.start_mark
        self.anchor: str | None = event.anchor
        self.items: list[Node] = []


class Sequence(_Collection):
    __slots__ = ()


class Mapping(_Collection):
    """Keys and values alternate in `items`; duplicates are kept for the walker to see."""

    __slots__ = ()

    def pairs(self) -> zip[tuple[Node, Node]]:
        return zip(self.items[0::2], self.items[1::2], strict=True)


class Feed(list[Node]):
    """The items of the one mapping whose entries are handed on as each completes
    and not kept: a claim file's `claims`, so that a document of 100,000 claims
    never stands whole in memory beside the model read from it."""

    __slots__ = ("entries", "key", "take")

    def __init__(self, take: Callable[[Node, Node], None]) -> None:
        super().__init__()
        self.take = take
        self.key: Node | None = None
        self.entries = 0

    def append(self, node: Node) -> None:
        if self.key is None:
            self.key = node
        else:
            key, self.key = self.key, None
            self.entries += 1
            self.take(key, node)


def span(node: Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _is(node: Node, name: str, pattern: re.Pattern[str]) -> bool:
    if node.tag is not None:
        return bool(node.tag == _CORE + name)
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


def as_float(node: Node) -> float | None:
    if type(node) is Scalar and _is(node, "float", _FLOAT):
        try:
            return float(node.value.replace("_", ""))
        except ValueError:  # "." alone matches the pattern
            return None
    return None


def plain(node: Node) -> Any:
    """The node as plain data (dict, list, str, int, float, bool, None), resolved as
    YAML 1.1's core schema resolves untagged scalars (and as JSON reads), without
    recursion: data a format carries along unread (AIF's dialogue layer) can nest deep."""
    holder: list[Any] = [None]
    pending: list[tuple[Node, Any, Any]] = [(node, holder, 0)]  # (node, container, key or index)
    while pending:
        current, into, slot = pending.pop()
        value: Any
        if type(current) is Mapping:
            value = {}
            for key, item in current.pairs():
                name = key.value if type(key) is Scalar else describe(key)  # JSON keys are strings
                value[name] = None  # keys in order; values filled as the work list reaches them
                pending.append((item, value, name))
        elif type(current) is Sequence:
            value = [None] * len(current.items)
            pending.extend((item, value, index) for index, item in enumerate(current.items))
        elif is_null(current):
            value = None
        elif (boolean := as_bool(current)) is not None:
            value = boolean
        elif (integer := as_int(current)) is not None:
            value = integer
        elif (real := as_float(current)) is not None:
            value = real
        else:
            value = current.value
        into[slot] = value
    return holder[0]


def describe(node: Node) -> str:
    """How a message names a value of the wrong type."""
    if type(node) is Scalar:
        if is_null(node):
            return "null"
        if as_int(node) is not None or as_bool(node) is not None or _is(node, "float", _FLOAT):
            return f"the {'number' if as_bool(node) is None else 'boolean'} {node.value}"
        return f"the string {quoted(node.value, 40)}"
    return "a list" if type(node) is Sequence else "a mapping"


def compose(text: str, feed: Callable[[Node, Node], None] | None = None) -> tuple[Node | None, list[tuple[str, Span]]]:
    """The single document of *text* as nodes, plus (message, span) for each unsafe tag.

    With *feed*, the entries of the mapping under the top-level key `claims`
    are handed to it one by one as they complete, and that mapping's items stay
    a :class:`Feed`. Raises :class:`YamlSyntaxError` for text that does not parse,
    a second document, an undefined or self-referencing alias, or an alias bomb.
    """
    stack: list[_Collection] = []
    anchors: dict[str, Node] = {}
    tag_problems: list[tuple[str, Span]] = []
    root: list[Node] = []  # the document's node, once complete
    append = root.append  # where a completed node goes: the open collection's items, or root
    documents = 0
    budget = _AliasBudget()
    loader = _Loader(text)
    get: Callable[[], Any] = loader.get_event  # an event, typed loosely by PyYAML's stubs
    try:
        while (event := get()) is not None:
            cls = type(event)
            if cls is ScalarEvent:  # most events: handled first, and briefly
                if event.tag is not None:
                    _check_tag(event, tag_problems)
                if event.anchor is not None:
                    anchors[event.anchor] = event
                append(event)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if event.tag is not None:
                    _check_tag(event, tag_problems)
                collection = Mapping(event) if cls is MappingStartEvent else Sequence(event)
                if feed is not None and len(stack) == 1 and cls is MappingStartEvent and _under_claims(stack[0]):
                    collection.items = Feed(feed)
                    feed = None  # only the first `claims`: a second one is a duplicate key
                stack.append(collection)
                append = collection.items.append
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                node = stack.pop()
                node.end_mark = event.end_mark
                if node.anchor is not None:
                    anchors[node.anchor] = node
                append = stack[-1].items.append if stack else root.append
                append(node)
            elif cls is AliasEvent:
                append(budget.resolve(event, anchors))
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlSyntaxError("expected one YAML document, found a second ('---')", span(event))
    except yaml.YAMLError as error:
        raise YamlSyntaxError(*_describe_error(error, text)) from None
    finally:
        loader.dispose()
    return (root[0] if root else None), tag_problems


def count_comments(text: str) -> int:
    """How many lines of *text* hold a YAML comment: a `#` at the start of a line or after a
    space, outside every scalar (`text: "issue #1"` holds none). libyaml drops comments, so a
    conversion cannot keep them; this count lets it say so. Text that does not parse: 0."""
    if "#" not in text:
        return 0
    scalars: list[tuple[int, int]] = []
    loader = _Loader(text)
    get: Callable[[], Any] = loader.get_event  # an event, typed loosely (see `compose`)
    try:
        while (event := get()) is not None:
            if type(event) is Scalar:
                scalars.append((event.start_mark.index, event.end_mark.index))
    except yaml.YAMLError:
        return 0
    finally:
        loader.dispose()
    lines: set[int] = set()
    inside = 0  # scalars are in text order: the first that may still hold a position
    line, counted = 0, 0  # line breaks before `counted`, counted once each
    for match in _COMMENT.finditer(text):
        at = match.end() - 1
        while inside < len(scalars) and scalars[inside][1] <= at:
            inside += 1
        if inside == len(scalars) or scalars[inside][0] > at:
            line += text.count("\n", counted, at)
            counted = at
            lines.add(line)
    return len(lines)


_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#", re.MULTILINE)


def _under_claims(parent: _Collection) -> bool:
    """Whether the next value of *parent* (the document's mapping) is that of the key `claims`."""
    items = parent.items
    return (type(parent) is Mapping and len(items) % 2 == 1 and type(items[-1]) is Scalar
            and items[-1].value == "claims" and items[-1].tag is None)


class _AliasBudget:
    """Counts what aliases repeat, nodes and characters, so that a bomb is stopped at its fuse.

    Characters count as much as nodes: one 4 MB string repeated 20,000 times is
    a small tree that every rule reading text would walk for minutes.
    """

    def __init__(self) -> None:
        self.nodes = self.characters = 0
        self.sizes: dict[int, tuple[int, int]] = {}

    def resolve(self, event: Any, anchors: dict[str, Node]) -> Node:
        try:
            node = anchors[event.anchor]
        except KeyError:
            # an anchor is registered when its node is complete, so this also
            # catches an alias inside the node it names
            raise YamlSyntaxError(
                f"alias '*{event.anchor}' names no complete anchor before it "
                "(a value that starts with '*' needs quotes)", span(event)
            ) from None
        nodes, characters = self.size(node)
        self.nodes += nodes
        self.characters += characters
        if self.nodes > ALIAS_BUDGET or self.characters > ALIAS_CHARACTERS:
            raise YamlSyntaxError(
                f"alias '*{event.anchor}' expands the document by more than {ALIAS_BUDGET:,} nodes or "
                f"{ALIAS_CHARACTERS // 2**20} MiB of text (an alias bomb?)",
                span(event),
            )
        return node

    def size(self, root: Node) -> tuple[int, int]:
        """Nodes and characters under *root* with aliases expanded: post-order with a memo, no recursion."""
        sizes = self.sizes
        stack = [root]
        while stack:
            node = stack[-1]
            if id(node) in sizes:
                stack.pop()
                continue
            if type(node) is Scalar:
                sizes[id(node)] = (1, len(node.value))
                stack.pop()
                continue
            pending = [child for child in node.items if id(child) not in sizes]
            if pending:
                stack.extend(pending)
            else:
                parts = [sizes[id(child)] for child in node.items]
                sizes[id(node)] = (1 + sum(n for n, _ in parts), sum(c for _, c in parts))
                stack.pop()
        return sizes[id(root)]


def _check_tag(event: Any, problems: list[tuple[str, Span]]) -> None:
    tag = event.tag
    if tag in SAFE_TAGS:
        return
    shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
    problems.append((f"tag '{shown}' is not allowed: claim files hold plain data only", span(event)))
    event.tag = None  # read as the plain value it decorates


def _describe_error(error: yaml.YAMLError, text: str) -> tuple[str, Span]:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        where = Span(mark.line + 1, mark.column + 1)
    elif isinstance(error, yaml.reader.ReaderError):  # e.g. a control character: only an offset
        where = span_after(text[: error.position])
    else:
        where = Span(1, 1)
    if isinstance(error, yaml.MarkedYAMLError):
        message = ", ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
    else:
        message = str(error).splitlines()[0] if str(error) else "invalid YAML"
    if mark is not None and _char_at(text, where) == "\t":
        message += " (a tab: YAML indents with spaces only)"
    elif mark is not None and (found := hint(message, where, text)) is not None:
        words, where = found
        message += f": {words}"
    return message, where


def _char_at(text: str, where: Span) -> str:
    lines = yaml_lines(text)
    if len(lines) < where.line:
        return ""
    line = lines[where.line - 1]
    return line[where.column - 1] if where.column <= len(line) else ""
