"""The Argdown reader against the Argdown CLI 2.0: fixtures, errors, depth and fuzzing.

The fixtures' CLI exports (tests/data/argdown, see its README) are the reference:
every file the CLI accepts must give the same statements, arguments,
premise-conclusion structures and relations, and every file it rejects must be
rejected, at the positions the CLI reports.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.model import Span
from argmap.read import argdown_syntax
from argmap.read.argdown_export import to_export
from argmap.read.argdown_syntax import (
    ArgdownSyntaxError,
    Argument,
    Heading,
    ListBlock,
    Pcs,
    Statement,
    parse,
    walk,
)
from conftest import REPO

DATA = REPO / "tests" / "data" / "argdown"
FIXTURES = sorted(DATA.glob("fixtures/*.argdown"))
CLI_ERRORS = json.loads((DATA / "cli-errors.json").read_text(encoding="utf-8"))
ACCEPTED = [path for path in FIXTURES if (DATA / "exports" / f"{path.stem}.json").exists()]
REJECTED = [path for path in FIXTURES if path.stem in CLI_ERRORS]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def cli_export(path: Path) -> dict:
    return json.loads((DATA / "exports" / f"{path.stem}.json").read_text(encoding="utf-8"))


def core(export: dict) -> dict:
    """What the brief asks to match: titles, pcs statements (with roles) and relations."""
    return {
        "statements": set(export["statements"]),
        "arguments": set(export["arguments"]),
        "pcs": {
            title: [(member["title"], member["role"]) for member in argument.get("pcs", [])]
            for title, argument in export["arguments"].items()
        },
        "relations": sorted(
            (r["relationType"], r["from"], r["fromType"], r["to"], r["toType"], r.get("conclusionIndex", -1))
            for r in export["relations"]
        ),
    }


MEMBER_KEYS = ("role", "title", "text", "isReference", "isTopLevel", "tags", "data", "section", "argumentTitle")
INFERENCE_KEYS = ("inferenceRules", "data", "conclusionIndex", "argumentTitle", "startLine", "startColumn")
CLASS_KEYS = ("data", "tags", "section", "isUsedAsTopLevelStatement", "isUsedAsRelationStatement", "isUsedAsPremise")
CLASS_KEYS += ("isUsedAsMainConclusion", "isUsedAsIntermediaryConclusion")
SECTION_KEYS = ("id", "level", "title", "tags", "data", "isGroup", "parent", "startLine", "startColumn")


def member(m: dict) -> tuple:
    inference = tuple(m["inference"].get(key) for key in INFERENCE_KEYS) if "inference" in m else None
    return (*(m.get(key) for key in MEMBER_KEYS), m.get("startLine"), m.get("startColumn"), inference)


def detail(export: dict) -> dict:
    """Everything argdown_export reproduces, in the CLI's order (no colours, ranges or end positions)."""
    sections, stack = [], list(reversed(export["sections"]))
    while stack:
        section = stack.pop()
        sections.append(tuple(section.get(key) for key in SECTION_KEYS))
        stack.extend(reversed(section["children"]))
    return {
        "statements": [
            (title, [member(m) for m in ec["members"]], *(ec.get(key) for key in CLASS_KEYS))
            for title, ec in export["statements"].items()
        ],
        "arguments": [
            (
                title,
                [member(m) for m in argument["members"]],
                [member(m) for m in argument["pcs"]],
                *(argument.get(key) for key in ("data", "tags", "section", "startLine", "startColumn")),
            )
            for title, argument in export["arguments"].items()
        ],
        "relations": export["relations"],
        "sections": sections,
        "tags": export["tags"] | {name: tag | {"color": None} for name, tag in export["tags"].items()},
    }


# --------------------------------------------------------------------------
# The fixtures against the CLI
# --------------------------------------------------------------------------


def test_the_fixtures_cover_both_outcomes():
    assert len(ACCEPTED) >= 30
    assert len(REJECTED) >= 15
    assert len(ACCEPTED) + len(REJECTED) == len(FIXTURES)


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda p: p.stem)
def test_accepted_fixture_has_the_cli_titles_pcs_and_relations(path):
    doc = parse(read(path))
    assert doc.errors == []
    assert core(to_export(doc)) == core(cli_export(path))


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda p: p.stem)
def test_accepted_fixture_matches_the_cli_export_in_detail(path):
    """Texts, start positions, roles, data, tags, sections and the order of everything."""
    ours, theirs = detail(to_export(parse(read(path)))), detail(cli_export(path))
    for name in theirs:
        if name == "tags":
            assert {k: v | {"color": None} for k, v in ours["tags"].items()} == theirs["tags"]
        else:
            assert ours[name] == theirs[name], name


#: Where our first position differs from the CLI's, and why.
OWN_POSITIONS = {
    "50_err_emphasis": "we point at the unclosed '_', the CLI at the end of the text",
}

#: Each rejected fixture: our errors, as (line, column, words from the message).
EXPECTED_ERRORS = {
    "07_err_oneline_relations": [(5, 5, "one-line relations"), (9, 5, "one-line relations"), (11, 5, "no '=' relation")],
    "17_err_bad_indent": [(3, 1, "bad indentation"), (8, 1, "cannot start with a relation")],
    "18_err_misc": [(1, 6, "cannot stand inside other text"), (3, 1, "cannot start with a relation"),
                    (6, 21, "missing inference")],
    "19_err_yaml_data": [(6, 1, "not between a title and its colon")],
    "20_err_missing_inference": [(5, 6, "missing inference")],
    "21_err_tab_indent": [(3, 1, "tab")],
    "50_err_emphasis": [(1, 22, "never closed")],
    "51_err_reference_in_text": [(1, 18, "cannot stand inside other text"), (3, 19, "cannot stand inside other text")],
    "52_err_heading_no_blank": [(2, 1, "heading must start a new paragraph")],
    "53_err_pcs_no_blank": [(2, 1, "must start a new paragraph")],
    "54_err_relation_after_blank": [(3, 1, "no empty line between")],
    "55_err_support_under_inference": [(5, 1, "only undercuts")],
    "56_err_contradiction_argument": [(2, 8, "contradiction (><) is between statements")],
    "57_err_two_pcs": [(9, 1, "already has a premise-conclusion structure (line 3)")],
    "58_err_backslash": [(1, 39, "backslash")],
    "59_err_front_matter": [(4, 1, "empty line after the front matter")],
    "60_err_missing_relation_content": [(3, 5, "relation symbol on line 2")],
}


@pytest.mark.parametrize("path", REJECTED, ids=lambda p: p.stem)
def test_rejected_fixture_gives_its_errors(path):
    errors = parse(read(path)).errors
    assert [(e.line, e.column) for e in errors] == [(line, column) for line, column, _ in EXPECTED_ERRORS[path.stem]]
    for error, (_, _, words) in zip(errors, EXPECTED_ERRORS[path.stem], strict=True):
        assert words in error.message
        assert "\n" not in error.message


@pytest.mark.parametrize("path", REJECTED, ids=lambda p: p.stem)
def test_rejected_fixture_has_every_error_the_cli_reports(path):
    """Every `At LINE:COL` of the CLI is among ours (we may find more: we do not stop at the first
    broken paragraph)."""
    ours = {(e.line, e.column) for e in parse(read(path)).errors}
    theirs = {(e["line"], e["column"]) for e in CLI_ERRORS[path.stem].get("errors", [])}
    if path.stem in OWN_POSITIONS:
        assert len(ours) == len(theirs)
    else:
        assert theirs <= ours


def test_every_rejected_fixture_has_expectations():
    assert set(EXPECTED_ERRORS) == {path.stem for path in REJECTED}


# --------------------------------------------------------------------------
# The syntax model
# --------------------------------------------------------------------------


def test_statements_keep_kind_title_text_position_tags_and_data():
    doc = parse("[Tea]: Green tea #health\ncontains caffeine. {source: lab}\n\n[Tea] #(long term)\n\nPlain text.\n")
    definition, reference, untitled = doc.blocks
    assert isinstance(definition, Statement)
    assert (definition.kind, definition.title, definition.text) == ("definition", "Tea", "Green tea #health contains caffeine. ")
    assert definition.span == Span(1, 1, 2, 33)
    assert [(t.name, t.span) for t in definition.tags] == [("health", Span(1, 18, 1, 25))]
    assert definition.data is not None
    assert (definition.data.value, definition.data.span) == ({"source": "lab"}, Span(2, 20, 2, 33))
    assert (reference.kind, reference.title, [t.name for t in reference.tags]) == ("reference", "Tea", ["long term"])
    assert (untitled.kind, untitled.title, untitled.text, untitled.context) == ("untitled", None, "Plain text.", "top-level")


def test_relations_nest_by_indentation_with_direction_and_positions():
    doc = parse("[Claim]: c\n    + <Air>: a\n        - [Jobs]: j\n    +> [Noise]: n\n    >< [Not]: x\n")
    claim = doc.blocks[0]
    assert isinstance(claim, Statement)
    air, noise, contra = claim.relations
    jobs = air.child.relations[0]
    assert (air.symbol, air.type, air.direction, air.span, air.indent) == ("+", "support", "to-parent", Span(2, 5, 2, 6), 4)
    assert air.source is air.child and air.target is claim
    assert isinstance(air.child, Argument) and air.child.span == Span(2, 7, 2, 15)
    assert (jobs.type, jobs.source.title, jobs.target.title) == ("attack", "Jobs", "Air")  # type: ignore[union-attr]
    assert (noise.direction, noise.source is claim) == ("from-parent", True)
    assert (contra.type, contra.source is claim, contra.target.title) == ("contradictory", True, "Not")  # type: ignore[union-attr]
    assert [e.title for e in walk(claim)] == ["Claim", "Air", "Jobs", "Noise", "Not"]  # type: ignore[union-attr]
    assert [r.symbol for r in doc.relations()] == ["+", "-", "+>", "><"]


def test_pcs_steps_inferences_and_owning_argument():
    text = "<Wet>\n\n(1) If it rains, it is wet.\n(2) It rains.\n-- Modus ponens, MP {uses: [1, 2]} --\n"
    text += "    <_ <Drought>: no\n(3) It is wet.\n\n(1) p\n----\n(2) q\n"
    doc = parse(text)
    wet, pcs, anonymous = doc.blocks
    assert isinstance(pcs, Pcs) and isinstance(anonymous, Pcs)
    assert pcs.argument is wet and anonymous.argument is None
    assert [(s.number, s.is_conclusion, s.statement.text) for s in pcs.steps] == [
        (1, False, "If it rains, it is wet."), (2, False, "It rains."), (3, True, "It is wet."),
    ]  # fmt: skip
    inference = pcs.steps[2].inference
    assert inference is not None
    assert (inference.rules, inference.span) == (["Modus ponens", "MP"], Span(5, 1, 5, 38))
    assert inference.data is not None and inference.data.value == {"uses": [1, 2]}
    assert [(r.symbol, r.child.title) for r in inference.relations] == [("<_", "Drought")]  # type: ignore[union-attr]
    assert pcs.steps[0].number_span == Span(3, 1, 3, 4)
    assert pcs.span == Span(3, 1, 7, 15)
    assert anonymous.steps[1].inference is not None and anonymous.steps[1].inference.rules == []


def test_headings_nest_into_sections_holding_their_paragraphs():
    doc = parse("## Two\n\n[A]: a\n\n# One #t {isGroup: true}\n\n### Three\n\n<B>: b\n\n# Other\n")
    assert [(s.heading.level, s.heading.text) for s in doc.sections] == [(2, "Two"), (1, "One #t"), (1, "Other")]
    one = doc.sections[1]
    assert [t.name for t in one.heading.tags] == ["t"] and one.heading.data.value == {"isGroup": True}  # type: ignore[union-attr]
    assert [(c.heading.text, c.parent is one) for c in one.children] == [("Three", True)]
    assert [b.title for b in doc.sections[0].blocks] == ["A"]  # type: ignore[union-attr]
    assert [b.title for b in one.children[0].blocks] == ["B"]  # type: ignore[union-attr]
    assert isinstance(doc.blocks[2], Heading)
    assert doc.blocks[4].section is one.children[0]  # type: ignore[union-attr]


def test_front_matter_lists_and_comments():
    doc = parse("===\nmodel:\n  mode: strict\n===\n\n// note\n* [A]: a /* aside */ b\n* <B>: b\n    + [C]: c\n")
    assert doc.front_matter is not None
    assert doc.front_matter.value == {"model": {"mode": "strict"}}
    assert doc.front_matter.span == Span(1, 1, 4, 4)
    (items,) = doc.blocks
    assert isinstance(items, ListBlock) and not items.ordered
    assert [(i.title, i.context, i.text) for i in items.items] == [("A", "list-item", "a b"), ("B", "list-item", "b")]
    assert items.items[1].relations[0].child.title == "C"  # type: ignore[union-attr]


def test_text_is_built_as_argdown_builds_it():
    doc = parse("[T]: **Bold**, _it_, a [link](https://x.org) and \\[esc\\] .->. done\n  next line\n")
    assert doc.blocks[0].text == "Bold, it, a link and [esc] → done next line"  # type: ignore[union-attr]


def test_check_raises_the_collected_errors():
    doc = parse("[A] +> [B]\n")
    with pytest.raises(ArgdownSyntaxError) as caught:
        doc.check()
    assert caught.value.issues == doc.errors
    assert str(caught.value) == f"Argdown syntax error at {doc.errors[0]}"
    with pytest.raises(ArgdownSyntaxError):
        to_export(doc)


# --------------------------------------------------------------------------
# Errors: what the CLI rejects, with positions and one-line messages
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("[S]: s\n    + [T]: t\n\t- [U]: u\n", 3, 1, "tab"),
        ("[A]: a\n        + [B]: b\n    - [C]: c\n", 3, 1, "bad indentation"),
        ("[A]: a\n\n+ [B]: b\n", 3, 1, "cannot start with a relation"),
        ("[A]: a\n+ [B]: b\n", 2, 1, "must be indented"),
        ("[A] +> [B]\n", 1, 5, "one-line relations"),
        ("<X> -> [B]\n", 1, 5, "one-line relations"),
        ("[A] = [B]\n", 1, 5, "no '=' relation"),
        ("[A]: a\n    = [B]\n", 2, 7, "cannot stand inside other text"),
        ("[A]: x {a: [1, }\n", 1, 16, "invalid YAML in the {data}"),
        ("[A]: x {\na: 1\nb: [\n}\n", 4, 1, "invalid YAML in the {data}"),
        ("===\na: [\n===\n\n[A]: a\n", 3, 1, "invalid YAML in front matter"),
        ("[A]: x {a: &x 1, b: *x}\n", 1, 12, "anchors and aliases"),
        ("[A]: x {d: 2020-13-45}\n", 1, 8, "invalid YAML in the {data}"),
        ("<A>\n\n(1) p\n(2) q\n", 4, 6, "missing inference"),
        ("<A>\n\n(1) p\n----\n", 4, 5, "conclusion (a numbered statement) must follow"),
        ("<A>\n\n(1) p\n----", 4, 4, "line break"),
        ("<A>\n\n(1) p\n-- rule\n(2) q\n", 5, 1, "must end with --"),
        ("<A>\n\n----\n(1) p\n", 3, 1, "only allowed between numbered statements"),
        ("[A]: a\n    +\n    [B]: b\n", 3, 5, "relation symbol on line 2"),
        ("[A]: a.\n    + \n\n", 4, 1, "expected here, found a line indented less"),  # never "the dedent"
        ("(1) a\n--\n(2) b\n", 3, 6, "must end with -- (or be written ----), found the end of the file"),
        ("[A]:", 1, 1, "must be followed by text"),
        ("[A]: a\n\n===\nx: 1\n===\n", 3, 1, "only allowed at the very start"),
        ("", 1, 1, "empty file"),
        ("// only a comment\n", 1, 18, "empty file"),
    ],
)
def test_error_positions_and_messages(text, line, column, words):
    errors = parse(text).errors
    assert errors, text
    first = errors[0]
    assert (first.line, first.column) == (line, column), str(first)
    assert words in first.message
    assert all("\n" not in e.message and e.message == e.message.strip() for e in errors)


def test_errors_are_collected_paragraph_by_paragraph():
    text = "[A] +> [B]\n\n[Fine]: ok\n\n<X> -> [Y]\n\n[Also fine]: ok\n    + [C]: c\n"
    doc = parse(text)
    assert [(e.line, e.column) for e in doc.errors] == [(1, 5), (5, 5)]
    assert [b.title for b in doc.blocks] == ["Fine", "Also fine"]  # type: ignore[union-attr]


def test_line_endings_do_not_matter():
    text = "[A]: a\n    + [B]: b\n\n<C>\n\n(1) p\n----\n(2) q\n"
    expected = to_export(parse(text))
    assert to_export(parse(text.replace("\n", "\r\n"))) == expected
    assert to_export(parse(text.replace("\n", "\r"))) == expected


# --------------------------------------------------------------------------
# Depth and fuzzing
# --------------------------------------------------------------------------


def test_ten_thousand_nested_relation_levels_do_not_recurse():
    """Each level one column deeper (about 50 MB of text): read, walked and exported without
    recursion, under a recursion limit far below the depth."""
    depth = 10_000
    lines = ["[S0]: root"] + [" " * i + ("+ " if i % 2 else "- ") + f"[S{i}]: level {i}" for i in range(1, depth + 1)]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(500)
    try:
        doc = parse("\n".join(lines) + "\n")
        assert doc.errors == []
        titles = [element.title for element in walk(doc.blocks[0])]  # type: ignore[arg-type]
        export = to_export(doc)
        repr(doc.blocks[0])  # shallow: children are not part of an element's repr
    finally:
        sys.setrecursionlimit(limit)
    assert titles == [f"S{i}" for i in range(depth + 1)]
    assert len(export["relations"]) == depth
    assert export["relations"][-1] == {
        "type": "relation", "relationType": "support", "from": "S1", "fromType": "equivalence-class",
        "to": "S0", "toType": "equivalence-class",
    }  # fmt: skip


ARGDOWN_PIECES = st.sampled_from(
    [*"[]<>(){}#:,.-+_*@\\/!=' \t\n", "\n\n", "\r\n", "x", "Ä", "1", "    ", "  + ", "- ", "<_ ", "_> ", "+> ", ">< ",
     "----\n", "-- r, s --\n", "--\n", "(1) ", "(2) ", "# ", "* ", "1. ", "===\n", "{a: 1}", "{\n", "}", "[A]: ",
     "<B>: ", "[A]", "<B>", "#tag ", "#(t t) ", "// c\n", "/* ", " */", "<!--", "-->", "**", "__", "[l](u)",
     "&a ", "*a ", "!!python/object:os.system ", "2020-13-45", ".->.", "@[A]"]
)
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.lists(ARGDOWN_PIECES, max_size=80).map("".join))
def test_random_argdown_never_raises_anything_but_our_error(text):
    doc = parse(text)  # never raises: errors are collected
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for error in doc.errors:
        assert 1 <= error.line <= len(lines)
        assert 1 <= error.column <= len(lines[error.line - 1]) + 1
        assert error.message and "\n" not in error.message
    try:
        export = to_export(doc)
    except ArgdownSyntaxError:
        assert doc.errors
    else:
        json.dumps(export)  # JSON-ready, like the CLI's
        assert not doc.errors


@FUZZ
@given(st.text(max_size=300))
def test_random_text_never_raises(text):
    doc = parse(text)
    try:
        to_export(doc)
    except ArgdownSyntaxError:
        assert doc.errors


#: Argdown 2.0's own patterns for the tokens the lexer matches without regexes, in its order.
ARGDOWN_ELEMENT_PATTERNS = [
    ("link", r"\[[^\]]+?\]\([^)]+?\)[ \t]?"),
    ("tag", r"#(?:\([^)]+\)|[a-zA-z0-9\-\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]+)[ \t]?"),
    ("statement definition", r"\[.+?\]:"),
    ("statement reference", r"\[[^-].*?\]"),
    ("statement mention", r"@\[.+?\][ \t]?"),
    ("argument definition", r"<.+?>:"),
    ("argument reference", r"<[^-].*?>"),
    ("argument mention", r"@<.+?>[ \t]?"),
]
ARGDOWN_COMMENT = r"<!--(?:.|\n)*?-->|/\*(?:.|\n)*?\*/|//.*?(?=\n)"


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from([*"[]<>()@#:-_ \t\nxA*/!", "](", "[a](b)", "<!--", "-->", "/*", "*/", "//"]), max_size=14).map("".join))
def test_fast_matchers_equal_argdown_patterns(text):
    """Titles, links, tags and comments end where Argdown's lazy patterns end them."""
    expected = None
    for kind, pattern in ARGDOWN_ELEMENT_PATTERNS:
        if match := re.match(pattern, text):
            expected = (kind, match.end())
            break
    lexer = argdown_syntax._Lexer(text)
    found = (lexer.tokens[-1].kind, lexer.tokens[-1].end) if text and lexer._element() else None
    assert found == expected
    comment = re.match(ARGDOWN_COMMENT, text)
    lexer = argdown_syntax._Lexer(text)
    assert (lexer.pos if text and lexer._comment() else None) == (comment.end() if comment else None)


@pytest.mark.parametrize(
    "text",
    ["[" * 50_000, "[a\n" * 20_000, "#(" * 25_000, "<" * 50_000, "@[" * 25_000, "<!--" * 12_000, "[x](" * 12_000,
     "{" * 50_000, "{}," * 20_000, "/*" * 25_000, "a_" * 25_000],
    ids=lambda text: repr(text[:4]),
)
def test_unclosed_openers_take_linear_time(text):
    """Argdown's lexer rescans to the end of the line for every unclosed '[' or '<' (quadratic:
    minutes for these); ours must not."""
    started = time.perf_counter()
    parse("[S]: " + text)
    assert time.perf_counter() - started < 3


# --------------------------------------------------------------------------
# Writing text back: escape, escape_rule, tag
# --------------------------------------------------------------------------

#: pieces that mean something to Argdown's lexer inside a line of text
TEXT_PIECES = st.sampled_from([
    *"ab c\t.,:;-_*#[]<>(){}/\\=@!?'\"\né", ".A.", ":y:", ".->.", "<!--", "-->", "//", "/*", "===", "--", "  ",
    "#tag", "#(two words)", "[a](b)", "@[x]", "\u2028", "\r",
])


def _plain(text: str) -> str:
    """What a text is once Argdown has it: lines joined by a space, the ends stripped."""
    return " ".join(text.replace("\r", "\n").split("\n")).strip()


@settings(max_examples=1500, deadline=None)
@given(st.lists(TEXT_PIECES, min_size=1, max_size=30).map("".join).filter(lambda text: _plain(text) != ""))
def test_escaped_text_reads_back_as_it_was(text):
    """Whatever a claim says, written as a statement's text it reads back the same; the tags
    named stay tags unless only tags follow them."""
    want = _plain(text)
    for tags in (frozenset(), frozenset({"tag", "two words"})):
        kept: set[str] = set()
        doc = parse(f"[t]: {argdown_syntax.escape(want, tags, kept)}\n")
        assert doc.errors == []
        statement = doc.blocks[0]
        assert isinstance(statement, Statement)
        assert statement.text.strip() == want
        assert {tag.name for tag in statement.tags} == kept


@settings(max_examples=1500, deadline=None)
@given(st.lists(TEXT_PIECES, min_size=1, max_size=20).map("".join).filter(lambda text: _plain(text) != ""))
def test_escaped_rule_reads_back_as_one_rule(text):
    doc = parse(f"(1) p\n-- {argdown_syntax.escape_rule(text)} --\n(2) q\n")
    assert doc.errors == []
    pcs = doc.blocks[0]
    assert isinstance(pcs, Pcs) and pcs.steps[1].inference is not None
    assert pcs.steps[1].inference.rules == [_plain(text)]


@pytest.mark.parametrize(("name", "written"), [("health", "#health"), ("long term", "#(long term)"),
                                                ("a)b", None), ("", None), (" x", None)])
def test_tags_are_written_bare_or_in_parentheses(name, written):
    assert argdown_syntax.tag(name) == written
    if written:
        (statement,) = parse(f"[t]: x {written}\n").blocks
        assert [tag.name for tag in statement.tags] == [name]  # type: ignore[union-attr]
