"""Text edits to a claim file (YAML or JSON) that keep the rest of it as written.

The file is not written out again from the model, which would lose its
comments, quoting and order: a key is inserted before the first key of its
mapping, in that mapping's style (a line of its own, or `key: value, ` inside
`{ }`, quoted in JSON), and an item is added after the last item of its list.
Places come from the node tree of the same composer the reader uses
(`argmap.read.yamltree.compose`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from argmap.read.positions import UNUSUAL_BREAKS
from argmap.read.yamltree import Mapping, Node, Scalar, Sequence, YamlSyntaxError, compose


class Insert(NamedTuple):
    """Text to insert at a 0-based line and a character column."""

    line: int
    column: int
    text: str


class Tree:
    """A claim file's node tree, for finding where edits go; None-valued lookups when it does not read."""

    def __init__(self, text: str, json_file: bool) -> None:
        self.text, self.json = text, json_file
        self.root: Node | None = None
        if any(b in text for b in UNUSUAL_BREAKS):
            return  # libyaml counts lines otherwise there: no edit rather than one in the wrong place
        try:
            self.root, _ = compose(text)
        except (YamlSyntaxError, RecursionError, MemoryError):
            self.root = None

    def claim(self, cid: str) -> Node | None:
        claims = _get(self.root, "claims")
        return _get(claims, cid)

    def key(self, key: str) -> str:
        return f'"{key}"' if self.json else key

    def string(self, value: str) -> str:
        if self.json:
            return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return "'" + value.replace("'", "''") + "'"

    def new_keys(self, mapping: Node, entries: list[tuple[str, str]], comment: str = "") -> Insert | None:
        """Insert `key: value` entries (values as written) at the start of *mapping*."""
        if type(mapping) is not Mapping:
            return None
        start = mapping.start_mark
        flow = self.text[start.index:start.index + 1] == "{"
        pairs = [f"{self.key(key)}: {value}" for key, value in entries]
        if not mapping.items:
            if not flow:
                return None
            return Insert(start.line, start.column + 1, " " + ", ".join(pairs) + " ")
        first = mapping.items[0].start_mark
        first_column = first.column
        if flow:
            return Insert(first.line, first_column, ", ".join(pairs) + ", ")
        note = f"  # {comment}" if comment and not self.json else ""
        lead = " " * first_column
        text = "".join(f"{pair}{note if n == 0 else ''}\n{lead}" for n, pair in enumerate(pairs))
        return Insert(first.line, first_column, text)

    def add_item(self, sequence: Node, item: str) -> Insert | None:
        """Add *item* (as written) at the end of *sequence*."""
        if type(sequence) is not Sequence:
            return None
        start = sequence.start_mark
        flow = self.text[start.index:start.index + 1] == "["
        if not sequence.items:
            if not flow:
                return None
            end = sequence.end_mark  # just after `]`
            return Insert(end.line, end.column - 1, item)
        last = sequence.items[-1]
        end = last.end_mark
        if flow:
            return Insert(end.line, end.column, f", {item}")
        line_start = self.text.rfind("\n", 0, last.start_mark.index) + 1
        dash = self.text.rfind("-", line_start, last.start_mark.index)
        if dash < 0:
            return None
        return Insert(end.line, end.column, f"\n{' ' * (dash - line_start)}- {item}")


def _get(mapping: Node | None, key: str) -> Node | None:
    if type(mapping) is not Mapping:
        return None
    found: Any = None
    for name, value in mapping.pairs():
        if type(name) is Scalar and name.value == key and found is None:
            found = value
    return found


def get(mapping: Node | None, key: str) -> Node | None:
    """The value of *key* in *mapping* (the first, if written twice), or None."""
    return _get(mapping, key)
