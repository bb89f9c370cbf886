"""The DOT writer and the builder's text helpers against the library code they stand in for.

`render.dot` quotes, escapes and wraps the text of thousands of boxes itself,
and `render.dotwriter` writes the statements (the graphviz package's import and
per-call checks, and textwrap's general splitting, were most of the time a large
map took to build). They must give exactly what the package and textwrap give:
the map's DOT, and so its pixels, may not change.
"""

from __future__ import annotations

import html
import textwrap

import graphviz
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.findings import printable
from argmap.render import dot, dotwriter, style
from conftest import fuzz_examples

#: text ending in an odd backslash makes the package warn (argmap never quotes one)
pytestmark = pytest.mark.filterwarnings("ignore::graphviz.exceptions.DotSyntaxWarning")

#: text with what matters to DOT and to wrapping: quotes, backslashes, hyphens, <>, spaces,
#: keywords, numbers, long words, and a little of everything else
text = st.one_of(
    st.lists(st.sampled_from(['"', "\\", "-", "<", ">", " ", "  ", "a", "Z9", "_", ".", "node", "1.5", "é",
                              "\u2014", "x" * 40, "word", "\t", "\n", "\x00"]), max_size=30).map("".join),
    st.text(max_size=120),
)


@settings(max_examples=fuzz_examples(500), deadline=None)
@given(text)
def test_quoting_is_the_graphviz_packages(value: str) -> None:
    assert dotwriter.quote(value) == graphviz.quoting.quote(graphviz.nohtml(value))


@settings(max_examples=fuzz_examples(500), deadline=None)
@given(text)
def test_escapes_are_the_graphviz_packages(value: str) -> None:
    assert dot._tooltip(value) == graphviz.escape(graphviz.escape(value))
    assert dot._html(value) == graphviz.escape(html.escape(value))


@settings(max_examples=fuzz_examples(500), deadline=None)
@given(text)
def test_cleaned_text_is_what_it_was(value: str) -> None:
    reference = printable(" ".join(value.split("\n")).translate(str.maketrans("\t\r\v\f", "    ")))
    reference = reference if len(reference) <= dot.MAX_TEXT else reference[: dot.MAX_TEXT - 1] + "\u2026"
    assert dot._clean(value) == reference


@settings(max_examples=fuzz_examples(1000), deadline=None)
@given(st.one_of(text.map(dot._clean), st.lists(st.text("abcdefghij", min_size=1, max_size=34), max_size=12).map(" ".join)))
def test_wrapping_is_textwraps(value: str) -> None:
    assert dot._wrap(value) == textwrap.wrap(value, style.WRAP, break_long_words=True)


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["node", "edge", "attr", "subgraph"]), text, text), max_size=8), text)
def test_statements_are_written_as_the_package_writes_them(statements: list[tuple[str, str, str]], heading: str) -> None:
    defaults = {"fontname": "Helvetica,Arial,sans-serif", "color": "#1A1A1A", "fontsize": "11"}
    graph_attr = {"label": f"<<B>{dot._html(heading)}</B>>", "rankdir": "BT", "id": "_map"}
    ours = dotwriter.Digraph("argmap", graph_attr=graph_attr, node_attr=defaults, edge_attr=defaults, html_label=True)
    theirs = graphviz.Digraph("argmap", graph_attr=graph_attr, node_attr=defaults, edge_attr=defaults)
    for kind, first, second in statements:
        if kind == "node":  # a text label, and an HTML-like one
            ours.node(first, label=second, tooltip=second, id=first)
            theirs.node(graphviz.nohtml(first), label=graphviz.nohtml(second), tooltip=graphviz.nohtml(second),
                        id=graphviz.nohtml(first))
            ours.node(second, label=f"<{dot._html(first)}>", html_label=True)
            theirs.node(graphviz.nohtml(second), label=f"<{dot._html(first)}>")
        elif kind == "edge":  # node ids never hold a ':' (which the package reads as a port)
            tail, head = first.replace(":", ""), second.replace(":", "")
            ours.edge(tail, head, id=second, style="dashed")
            theirs.edge(graphviz.nohtml(tail), graphviz.nohtml(head), id=graphviz.nohtml(second), style="dashed")
        elif kind == "attr":
            ours.attr(rank="max", label=first)
            theirs.attr(rank="max", label=graphviz.nohtml(first))
        else:
            with ours.subgraph(name="cluster_x") as inner, theirs.subgraph(name="cluster_x") as their_inner:
                inner.node(first)
                their_inner.node(graphviz.nohtml(first))
    assert ours.source == theirs.source
