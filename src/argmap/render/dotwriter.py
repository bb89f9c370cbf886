"""DOT text written by plain code, statement by statement, as the graphviz package writes it.

`render.dot` decides what a map holds; this writes it down. It is the part of
the graphviz package's `Digraph` that maps use (default attributes, node and
edge statements, subgraphs), written out because importing the package and
its per-call checks cost a map of 1,000 claims a twentieth of its drawing
time. Tests hold it to the package's text, quoting included.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager

_PLAIN_ID = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?))$")
_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})


def quote(text: str) -> str:
    """*text* as a DOT ID, never as HTML: bare if it is a plain ID, else in double quotes,
    its `"` escaped. A backslash before a quote keeps the package's meaning: `\\"` is a quote."""
    if _PLAIN_ID.match(text) and text.lower() not in _KEYWORDS:
        return text
    if "\\" in text:
        return '"' + _UNESCAPED_QUOTE.sub(r'\g<1>\\"', text) + '"'
    return '"' + text.replace('"', '\\"') + '"'


_UNESCAPED_QUOTE = re.compile(r'((?:\\\\)*)\\?"')


def escape(text: str) -> str:
    """*text* with its backslashes taken literally, as `graphviz.escape` makes it (DOT reads
    `\\N`, `\\G` and `\\l` in labels and tooltips as its own)."""
    return text.replace("\\", "\\\\") if "\\" in text else text

#: attribute names, which recur: quoted once (values and ids are mostly unique, and short ones quote fast)
quote_often = functools.lru_cache(maxsize=256)(quote)


def attributes(attrs: dict[str, str], label: str | None = None, html: frozenset[str] = frozenset()) -> str:
    """`label=... key=value ...`, the keys sorted as the package writes them. Every value is
    quoted as text, however it looks, but *label* (given first) and the values of the keys in
    *html*: those are argmap's own HTML-like labels (`<...>`), written as they are."""
    parts = [] if label is None else [f"label={label}"]
    parts += [f"{quote_often(key)}={attrs[key] if key in html else quote(attrs[key])}" for key in sorted(attrs)]
    return " ".join(parts)


class Digraph:
    """A directed graph's statements; `source` is its DOT text. With *html_label*, the graph's
    `label` is argmap's HTML-like label.

    The text can also be taken as it is written: `head`, then `take` the statements so far,
    as often as wanted, and a last `take` with the closing brace. `nodes` and `edges` count
    the statements written into this graph itself."""

    def __init__(self, name: str, graph_attr: dict[str, str] | None = None, node_attr: dict[str, str] | None = None,
                 edge_attr: dict[str, str] | None = None, html_label: bool = False, indent: str = "\t") -> None:
        self.name = name
        self.graph_attr = dict(graph_attr or {})
        self.node_attr = dict(node_attr or {})
        self.edge_attr = dict(edge_attr or {})
        self.html = frozenset({"label"} if html_label else ())
        self.indent = indent
        self.body: list[str] = []
        self.nodes = self.edges = 0

    def node(self, name: str, label: str | None = None, html_label: bool = False, **attrs: str) -> None:
        """A node statement; its *label* is text, or with *html_label* argmap's HTML-like label."""
        listed = attributes(attrs, None if label is None else label if html_label else quote(label))
        self.nodes += 1
        self.body.append(f"{self.indent}{quote(name)}{f' [{listed}]' if listed else ''}\n")

    def edge(self, tail: str, head: str, **attrs: str) -> None:
        listed = attributes(attrs)
        self.edges += 1
        self.body.append(f"{self.indent}{quote(tail)} -> {quote(head)}{f' [{listed}]' if listed else ''}\n")

    def attr(self, **attrs: str) -> None:
        """Attributes of the graph (or subgraph) from here on, as a bare `key=value` statement."""
        self.body.append(f"{self.indent}{attributes(attrs)}\n")

    @contextmanager
    def subgraph(self, name: str) -> Iterator[Digraph]:
        """A subgraph whose statements are written into this graph's body when the block ends."""
        inner = Digraph(name, indent=self.indent + "\t")
        yield inner
        self.body.append(f"{self.indent}subgraph {quote(name)} {{\n")
        self.body += inner.body
        self.body.append(f"{self.indent}}}\n")

    def head(self) -> str:
        """The opening line and the default attributes: what `source` starts with."""
        text = [f"digraph {quote(self.name)} {{\n"]
        for keyword, attrs in (("graph", self.graph_attr), ("node", self.node_attr), ("edge", self.edge_attr)):
            if attrs:
                text.append(f"\t{keyword} [{attributes(attrs, html=self.html if keyword == 'graph' else frozenset())}]\n")
        return "".join(text)

    def take(self, end: bool = False) -> str:
        """The statements written since the last take, gone from the body; with *end*, the
        closing brace after them."""
        text = "".join(self.body) + ("}\n" if end else "")
        self.body = []
        return text

    @property
    def source(self) -> str:
        return self.head() + "".join(self.body) + "}\n"
