"""Claim-file text to a position-keeping node tree, safely.

PyYAML's own composer is avoided on purpose: its C version recurses (a file of
100,000 nested brackets crashes the interpreter), it resolves every scalar with
Python regexes (slow), and it expands nothing but also counts nothing, so alias
bombs reach whoever walks the tree. Here the C *parser*'s event stream is
composed into nodes by a loop with an explicit stack: no recursion, a budget on
alias expansion, and tags are only read, never constructed.
"""

from __future__ import annotations

import re

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

from argmap.model import Span

try:  # libyaml is the fast path; the pure parser gives the same events
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Aliases may repeat this many nodes beyond the document's own before the
#: file is rejected: generous for real reuse, far below an exponential bomb.
ALIAS_BUDGET = 1_000_000

_CORE = "tag:yaml.org,2002:"
SAFE_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
) | {"!"}

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$")
_FALSE = re.compile(r"^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")


class YamlSyntaxError(Exception):
    """The text is not YAML (or JSON) we can read; carries the parser's position."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


class Node:
    __slots__ = ("span", "size")

    def __init__(self, span: Span) -> None:
        self.span = span
        self.size = 1  # nodes in this subtree once aliases are expanded

    kind = "value"


class Scalar(Node):
    __slots__ = ("value", "plain", "tag")
    kind = "string"

    def __init__(self, span: Span, value: str, plain: bool, tag: str | None) -> None:
        super().__init__(span)
        self.value = value
        self.plain = plain
        self.tag = tag

    def _is(self, name: str, pattern: re.Pattern[str]) -> bool:
        if self.tag is not None:
            return self.tag == _CORE + name
        return self.plain and pattern.match(self.value) is not None

    @property
    def is_null(self) -> bool:
        return self._is("null", _NULL)

    def as_bool(self) -> bool | None:
        """The YAML 1.1 boolean this scalar spells, or None when it is no boolean."""
        if self._is("bool", _TRUE):
            return True
        if self._is("bool", _FALSE):
            return False
        return None

    def as_int(self) -> int | None:
        if self._is("int", _INT):
            try:
                return int(self.value.replace("_", ""))
            except ValueError:
                return None
        return None


class Sequence(Node):
    __slots__ = ("items",)
    kind = "list"

    def __init__(self, span: Span) -> None:
        super().__init__(span)
        self.items: list[Node] = []


class Mapping(Node):
    __slots__ = ("pairs", "_key")
    kind = "mapping"

    def __init__(self, span: Span) -> None:
        super().__init__(span)
        self.pairs: list[tuple[Node, Node]] = []
        self._key: Node | None = None


def _span(event: yaml.Event) -> Span:
    start, end = event.start_mark, event.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _error_span(error: yaml.YAMLError) -> Span:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is None:
        return Span(1, 1)
    return Span(mark.line + 1, mark.column + 1)


def _error_message(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError):
        parts = [error.context, error.problem]
        return ", ".join(p for p in parts if p) or "invalid YAML"
    return str(error).splitlines()[0] if str(error) else "invalid YAML"


def decode(data: bytes) -> str:
    """Strict UTF-8 (a BOM is dropped); undecodable bytes are a syntax error at their place."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        bad = data[error.start : error.end].hex(" ")
        raise YamlSyntaxError(f"invalid UTF-8 (byte {bad}): claim files must be UTF-8", Span(line, column)) from None


def compose(text: str) -> tuple[Node | None, list[tuple[str, Span]]]:
    """The single document of *text* as nodes, plus (message, span) for each unsafe tag.

    Raises :class:`YamlSyntaxError` for text that does not parse, a second
    document, an undefined or self-referencing alias, or an alias bomb.
    """
    stack: list[Sequence | Mapping] = []
    anchors: dict[str, Node] = {}
    open_anchors: set[str] = set()
    tag_problems: list[tuple[str, Span]] = []
    root: Node | None = None
    documents = 0
    expanded = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            cls = type(event)
            if cls is ScalarEvent:
                node: Node = Scalar(_span(event), event.value, not event.style, _check_tag(event, tag_problems))
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                _check_tag(event, tag_problems)
                stack.append(Mapping(_span(event)) if cls is MappingStartEvent else Sequence(_span(event)))
                if event.anchor is not None:
                    open_anchors.add(event.anchor)
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                node = stack.pop()
                end = event.end_mark
                node.span = Span(node.span.line, node.span.column, end.line + 1, end.column + 1)
            elif cls is AliasEvent:
                node = _alias(event, anchors, open_anchors)
                expanded += node.size
                if expanded > ALIAS_BUDGET:
                    raise YamlSyntaxError(
                        f"alias '*{event.anchor}' expands the document by more than "
                        f"{ALIAS_BUDGET:,} nodes (an alias bomb?)",
                        _span(event),
                    )
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlSyntaxError("expected one YAML document, found a second ('---')", _span(event))
                continue
            else:  # stream start/end, document end
                continue
            anchor = getattr(event, "anchor", None)
            if anchor is not None and cls is not AliasEvent:
                anchors[anchor] = node
                open_anchors.discard(anchor)
            if stack:
                _attach(stack[-1], node)
            else:
                root = node
    except yaml.YAMLError as error:
        span = _error_span(error)
        message = _error_message(error)
        if _char_at(text, span) == "\t":
            message += " (a tab: YAML indents with spaces only)"
        raise YamlSyntaxError(message, span) from None
    return root, tag_problems


def _char_at(text: str, span: Span) -> str:
    lines = text.split("\n", span.line)
    if len(lines) < span.line:
        return ""
    line = lines[span.line - 1]
    return line[span.column - 1] if span.column <= len(line) else ""


def _check_tag(event: yaml.Event, problems: list[tuple[str, Span]]) -> str | None:
    tag = event.tag
    if tag is None or tag in SAFE_TAGS:
        return tag
    shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
    problems.append((f"tag '{shown}' is not allowed: claim files hold plain data only", _span(event)))
    return None


def _alias(event: AliasEvent, anchors: dict[str, Node], open_anchors: set[str]) -> Node:
    if event.anchor in open_anchors:
        raise YamlSyntaxError(f"alias '*{event.anchor}' refers to a node that contains it", _span(event))
    try:
        return anchors[event.anchor]
    except KeyError:
        raise YamlSyntaxError(f"alias '*{event.anchor}' names no anchor defined before it", _span(event)) from None


def _attach(parent: Sequence | Mapping, node: Node) -> None:
    parent.size += node.size
    if type(parent) is Sequence:
        parent.items.append(node)
    elif parent._key is None:
        parent._key = node
    else:
        parent.pairs.append((parent._key, node))
        parent._key = None
