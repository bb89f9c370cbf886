"""Argdown text to a position-keeping syntax model, without Node.js.

Argdown (https://argdown.org) is line-oriented: what a line *starts* with
(a relation symbol, ``(1)``, ``--``, ``#``, a list marker) decides its role, and
the rest of the line is text with a few inline elements (titles, tags, links,
``{yaml}`` data). The official parser is a Chevrotain lexer plus an LL grammar;
this module follows the same two steps so that it accepts and rejects the same
inputs as the Argdown CLI 2.0 on everything argmap's fixtures cover:

1. :class:`_Lexer` turns the text into tokens. Like Argdown's lexer it keeps a
   stack of indentation widths and emits synthetic ``indent``/``dedent``
   tokens when a relation line is indented deeper or shallower than the one
   before; that is all the nesting information the parser needs. Where
   Argdown's patterns rescan a line for every unclosed ``[`` or ``<``
   (quadratic), this lexer remembers what it found, so time stays linear.
2. :class:`_Parser` reads the tokens block by block (blocks are separated by
   blank lines). Relations nest as deep as the input likes, so they are read
   with an explicit stack of open parents, never by recursion: a file of
   10,000 nested relations is read like any other.

The result is only the *syntax*: statements and arguments as written, each
with its position. What a file *means* (equivalence classes, generated
``Untitled N`` titles, relations rewritten onto conclusions) is left to the
caller; :mod:`argmap.read.argdown_export` derives the Argdown CLI's JSON view
from this model.

Errors are collected, not raised: a block with a syntax error is reported and
left out, and parsing resumes at the next blank line, so one slip does not hide
the rest of the file's mistakes. ``{data}`` and front matter are read with
PyYAML's safe loader after a pass over the parser's events has refused
anchors, aliases and deep nesting. Positions are 1-based (line, column),
columns counted in characters; spans end exclusively, as in
:class:`argmap.model.Span`.

``@include(file)`` (a feature of the CLI's file loader, not of the syntax) is
plain text here. ``tests/data/argdown/README.md`` names the CLI version this
module is held against.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
)

from argmap.findings import quoted
from argmap.model import Span

try:  # libyaml is the fast path; the pure parser reads the same events
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

__all__ = [
    "ArgdownSyntaxError",
    "Argument",
    "Block",
    "Context",
    "Data",
    "Document",
    "Element",
    "FrontMatter",
    "Heading",
    "Inference",
    "ListBlock",
    "Pcs",
    "PcsStatement",
    "Relation",
    "RelationType",
    "Section",
    "Statement",
    "SyntaxIssue",
    "Tag",
    "escape",
    "escape_rule",
    "parse",
    "tag",
    "walk",
]

#: ``{data}`` and front matter may nest this deep: far beyond real use, and
#: low enough that PyYAML's recursive constructor can never overflow.
MAX_YAML_DEPTH = 64


# --------------------------------------------------------------------------
# The syntax model
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SyntaxIssue:
    """One syntax error: where it is and what is wrong, in one line."""

    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


class ArgdownSyntaxError(ValueError):
    """Raised by :meth:`Document.check` (and by consumers) when a file has syntax errors."""

    def __init__(self, issues: list[SyntaxIssue]) -> None:
        self.issues = issues
        first = str(issues[0]) if issues else "no details"
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        super().__init__(f"Argdown syntax error at {first}{more}")


@dataclass(eq=False, slots=True)
class Tag:
    """``#tag`` or ``#(tag with spaces)``; `name` is without the ``#`` and parentheses."""

    name: str
    span: Span


@dataclass(eq=False, slots=True)
class Data:
    """A ``{yaml}`` block after an element; `value` is ``None`` when the YAML is broken."""

    raw: str
    value: object
    span: Span


@dataclass(eq=False, slots=True)
class FrontMatter:
    """The ``=== ... ===`` YAML block at the start of a file (Argdown settings live here)."""

    raw: str
    value: object
    span: Span


#: Where an element was written: as its own paragraph, after a relation
#: symbol, as a numbered line of a premise-conclusion structure, or as a list item.
Context = Literal["top-level", "relation", "pcs", "list-item"]


@dataclass(eq=False, slots=True)
class Statement:
    """One occurrence of a statement.

    `kind` is ``"definition"`` for ``[Title]: text``, ``"reference"`` for
    ``[Title]`` and ``"untitled"`` for a plain paragraph (title ``None``).
    `text` is built exactly as Argdown builds it, so that it can be checked
    against the CLI: lines joined by one space, tags kept verbatim, escapes and
    shortcodes (``.->.``) resolved, emphasis markers and link targets dropped;
    a reference has only the text of the tags written after it. Like Argdown's,
    it may end in a space (before ``{data}`` or relation lines): strip it for display.
    """

    kind: Literal["definition", "reference", "untitled"]
    title: str | None
    text: str
    span: Span
    context: Context
    tags: list[Tag] = field(default_factory=list)
    data: Data | None = None
    #: Relations written as indented lines under this statement.
    relations: list[Relation] = field(default_factory=list, repr=False)
    section: Section | None = field(default=None, repr=False)


@dataclass(eq=False, slots=True)
class Argument:
    """One occurrence of an argument: ``<Title>: description`` or a reference ``<Title>``."""

    kind: Literal["definition", "reference"]
    title: str
    text: str
    span: Span
    context: Context
    tags: list[Tag] = field(default_factory=list)
    data: Data | None = None
    relations: list[Relation] = field(default_factory=list, repr=False)
    section: Section | None = field(default=None, repr=False)


@dataclass(eq=False, slots=True)
class Inference:
    """The line(s) between premises and a conclusion: ``----`` or ``-- rule, rule {data} --``."""

    rules: list[str]
    data: Data | None
    span: Span
    #: Undercuts (``_`` / ``<_``) written as indented lines under the inference.
    relations: list[Relation] = field(default_factory=list, repr=False)


#: Anything that can be the parent of an indented relation line.
Element = Statement | Argument | Inference

RelationType = Literal["support", "attack", "undercut", "contradictory"]


@dataclass(eq=False, slots=True)
class Relation:
    """An indented relation line: `symbol` joins `child` (the line's element) to `parent`.

    ``+ <+ - <- _ <_`` point from the child to the parent, ``+> -> _>`` from
    the parent to the child; ``><`` (contradictory) is symmetric and, as in
    Argdown, counted from the parent.
    """

    symbol: str
    type: RelationType
    parent: Element = field(repr=False)
    child: Statement | Argument = field(repr=False)
    #: The symbol's own span, without the indentation before it.
    span: Span
    #: Indentation width of the line (a tab counts as one column, as in Argdown).
    indent: int

    @property
    def direction(self) -> Literal["to-parent", "from-parent"]:
        """``to-parent`` for ``+ <+ - <- _ <_``, ``from-parent`` for ``+> -> _> ><``."""
        return "from-parent" if self.symbol in ("+>", "->", "_>", "><") else "to-parent"

    @property
    def source(self) -> Element:
        """Where the relation starts (the supporter, attacker or undercutter)."""
        return self.parent if self.direction == "from-parent" else self.child

    @property
    def target(self) -> Element:
        """What the relation is aimed at."""
        return self.child if self.direction == "from-parent" else self.parent


@dataclass(eq=False, slots=True)
class PcsStatement:
    """A numbered line ``(n) statement`` of a premise-conclusion structure.

    `inference` is the inference written right above it: its presence is what
    makes the statement a conclusion (as in Argdown, numbers are not checked).
    """

    number: int
    number_span: Span
    statement: Statement
    inference: Inference | None = None

    @property
    def is_conclusion(self) -> bool:
        return self.inference is not None


@dataclass(eq=False, slots=True)
class Pcs:
    """A premise-conclusion structure: numbered statements and inferences.

    `argument` is the argument paragraph right above it (after one blank line),
    which the structure reconstructs; ``None`` when there is none, in which case
    Argdown gives the argument a generated title.
    """

    steps: list[PcsStatement]
    argument: Argument | None
    span: Span
    section: Section | None = field(default=None, repr=False)

    @property
    def main_conclusion(self) -> PcsStatement:
        """The last line; other conclusions (lines after an inference) are intermediary."""
        return self.steps[-1]


@dataclass(eq=False, slots=True)
class Heading:
    """``# Title`` (level = number of ``#``); tags and ``{data}`` as on statements."""

    level: int
    text: str
    span: Span
    tags: list[Tag] = field(default_factory=list)
    data: Data | None = None


@dataclass(eq=False, slots=True)
class ListBlock:
    """A Markdown-style list (``* item`` or ``1. item``) whose items are statements or arguments."""

    ordered: bool
    items: list[Statement | Argument]
    span: Span


#: A paragraph of the document.
Block = Heading | Statement | Argument | Pcs | ListBlock


@dataclass(eq=False, slots=True)
class Section:
    """A heading and what follows it up to the next heading of the same or a higher level."""

    heading: Heading
    parent: Section | None = field(default=None, repr=False)
    children: list[Section] = field(default_factory=list, repr=False)
    #: Paragraphs directly in this section (not in its subsections), headings excluded.
    blocks: list[Block] = field(default_factory=list, repr=False)


@dataclass(eq=False, slots=True)
class Document:
    """A parsed Argdown file: paragraphs in order, sections, front matter and errors."""

    front_matter: FrontMatter | None = None
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    errors: list[SyntaxIssue] = field(default_factory=list)

    def check(self) -> Document:
        """Return the document, or raise :class:`ArgdownSyntaxError` if it has errors."""
        if self.errors:
            raise ArgdownSyntaxError(self.errors)
        return self

    def roots(self) -> Iterator[Element]:
        """The elements written as paragraphs, list items and pcs lines (not under a relation), in order."""
        for block in self.blocks:
            if isinstance(block, Pcs):
                for step in block.steps:
                    if step.inference is not None:
                        yield step.inference
                    yield step.statement
            elif isinstance(block, ListBlock):
                yield from block.items
            elif not isinstance(block, Heading):
                yield block

    def elements(self) -> Iterator[Element]:
        """Every statement, argument and inference, in the order they are written."""
        for root in self.roots():
            yield from walk(root)

    def relations(self) -> Iterator[Relation]:
        """Every relation, in the order the relation lines are written."""
        for root in self.roots():
            stack = list(reversed(root.relations))
            while stack:
                relation = stack.pop()
                yield relation
                stack.extend(reversed(relation.child.relations))


def walk(root: Element) -> Iterator[Element]:
    """`root` and the elements of all relation lines below it, depth first, in text order.

    Iterative (an explicit stack), so a deeply nested file cannot exhaust Python's stack.
    """
    stack: list[Element] = [root]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(relation.child for relation in reversed(element.relations))


# --------------------------------------------------------------------------
# Lexer
# --------------------------------------------------------------------------

# Token kinds.
EOF = "end of file"
EMPTYLINE = "empty line"
NEWLINE = "line break"
INDENT = "indent"
DEDENT = "dedent"
#: how a message names the tokens that are layout, not text
_LAYOUT_WORDS = {EOF: "the end of the file", EMPTYLINE: "an empty line", NEWLINE: "the end of the line",
                 INDENT: "an indented line", DEDENT: "a line indented less"}
FRONT_MATTER = "front matter"
DATA = "data"
RELATION = "relation"
INFERENCE_START = "inference start"
INFERENCE_END = "inference end"
COMMA = "comma"
HEADING = "heading"
NUMBER = "statement number"
LIST_ITEM = "list item"
EMPHASIS_START = "emphasis start"
EMPHASIS_END = "emphasis end"
LINK = "link"
TAG = "tag"
STATEMENT_DEFINITION = "statement definition"
STATEMENT_REFERENCE = "statement reference"
STATEMENT_MENTION = "statement mention"
ARGUMENT_DEFINITION = "argument definition"
ARGUMENT_REFERENCE = "argument reference"
ARGUMENT_MENTION = "argument mention"
TEXT = "text"


@dataclass(slots=True)
class _Token:
    """A token: its kind, offsets (end exclusive), payload and contribution to an element's text."""

    kind: str
    start: int
    end: int
    #: Kind-specific payload: a title, tag name, relation symbol, heading
    #: level, statement number, emphasis marker, list kind or indentation.
    value: object = None
    #: What the token adds to the text of the statement it is part of.
    text: str = ""


# The token patterns. Each is tried at the current offset in Argdown's order;
# the first that matches wins (not the longest), as in Chevrotain.
_BLANK_LINES_AFTER = re.compile(r"\n*")
_ONE_LINE_BREAK_AFTER = re.compile(r"[ \t]*\n(?![ \t]*\n)")
_FRONT_MATTER = re.compile(r"={3,}.*?={3,}", re.DOTALL)
_ESCAPED = re.compile(r"\\[^\n] *")
_SPECIAL_CHAR = re.compile(r"\.\S+?\.[ \t]?|:\S+?:[ \t]?")
_EMPTYLINE = re.compile(r"(?:[ \t]*\n){2,}")
_NEWLINE = re.compile(r"[ \t]*\n")
_INFERENCE_START = re.compile(r"[ \t]*--")
_INFERENCE_END = re.compile(r"-{2,}")
# Relation symbols in Argdown's order: `+>` before `+`, `->` before `-`.
_RELATION = re.compile(r"([ \t]*)(\+>|->|<?\+|<?-|><|_>|<_|_(?=\s))")
_HEADING = re.compile(r"(#+) ")
_NUMBER = re.compile(r"[ \t]*\((\d+)\)")
_ORDERED_ITEM = re.compile(r"([ \t]*)\d+\.(?=\s)")
_UNORDERED_ITEM = re.compile(r"([ \t]*)\*(?=\s)")
_EMPHASIS_MARKERS = ("**", "__", "*", "_")
_EMPHASIS_END_FOLLOWER = re.compile(r"[ \t]|(?=[\n)}_.,!?;:*-]|\Z)")
_LINK_LABEL = re.compile(r"\[(.+)\]\((.+)\)")
# Argdown's tag class `[a-zA-z0-9-...]`: note `A-z`, which also admits `[ \ ] ^ _ and backtick.
_TAG_WORD = re.compile(r"[a-zA-z0-9\-\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]+")
_SPACES = re.compile(r"[ \t]+")
_FREESTYLE = re.compile(r"[^\\@#*_\[\],.:</>(){}\n;-]+")
_CONTROL_CHAR = re.compile(r"[@#*_\[\],.:</>(){};-][ \t]?")
_DATA_CLOSER_BLOCKED = re.compile(r"\s*[,}]")

#: Argdown's shortcodes: ``.name.`` and ``:name:`` in text stand for these
#: characters (logic symbols first); other ``.x.``/``:x:`` runs stay as written.
_SHORTCODE_CHARS = {
    "A": "∀", "E": "∃", "O": "𝗢", "P": "𝗣", "->": "→", "<->": "↔", "~": "¬", "^": "∧", "v": "∨", "v_": "⊻",
    "<>": "◇", "[]": "◻", "happy": "😀", "smile": "☺", "smiley": "☺", "laugh": "😆", "lol": "😆", "rofl": "🤣",
    "joy": "😂", "heart": "❤", "?": "❓", "question": "❓", "love": "😍", "wink": "😉", "shush": "🤫", "meh": "😐",
    "eye-roll": "🙄", "sad": "😢", "disappointed": "😞", "scream": "😱", "+1": "👍", "up": "👍", "-1": "👎",
    "down": "👎", "think": "🤔", "star": "⭐", "y": "✔", "agree": "✔", "n": "❌", "disagree": "❌",
}  # fmt: skip
_SHORTCODES = {f"{mark}{name}{mark}": char for name, char in _SHORTCODE_CHARS.items() for mark in ".:"}
_SHORTCODES[":smile:"] = "☺️"  # the one code whose two spellings differ

#: Titled elements by their first characters: kind, where the title starts,
#: what closes it, and whether it is a reference (Argdown's ``[^-]`` start).
_TITLED = {
    "[": ((STATEMENT_DEFINITION, 1, "]:", False), (STATEMENT_REFERENCE, 1, "]", True)),
    "@[": ((STATEMENT_MENTION, 2, "]", False),),
    "<": ((ARGUMENT_DEFINITION, 1, ">:", False), (ARGUMENT_REFERENCE, 1, ">", True)),
    "@<": ((ARGUMENT_MENTION, 2, ">", False),),
}

#: Tokens that may continue the text of a statement, and those that may start it.
_CONTENT = frozenset({TEXT, LINK, TAG, STATEMENT_MENTION, ARGUMENT_MENTION, NEWLINE, EMPHASIS_START, EMPHASIS_END})
_TEXT_START = _CONTENT - {EMPHASIS_END}


class _Lexer:
    """Argdown's tokenizer: context-dependent patterns tried in a fixed order at each offset.

    Context matters in three ways, all mirrored from Argdown: line-start tokens
    (relations, ``(1)``, ``--``, ``#``, list markers) only match after a line
    break; the indentation of relation and list lines drives a stack that emits
    ``indent``/``dedent`` tokens; and emphasis markers close only the range
    opened last.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.tokens: list[_Token] = []
        self.errors: list[tuple[int, str]] = []
        self.indents = [0]
        self.emphasis: list[str] = []
        self.in_inference = False
        self.skipped_end = -1  # end offset of the last skipped token (spaces, comment)
        self._data_walls: list[int] | None = None
        self._data_closers: list[int] = []
        self._found: dict[str, tuple[int, int]] = {}  # needle -> (searched from, found at)

    def run(self) -> list[_Token]:
        text = self.text
        while self.pos < len(text):
            before = self.pos
            if self.in_inference:
                self._inference_token()
            else:
                self._default_token()
            assert self.pos > before, f"the lexer is stuck at offset {before}"  # never loop forever
        if self.tokens and self.tokens[-1].kind == EMPTYLINE:
            self.tokens.pop()  # blank lines at the end separate nothing
        self._dedent_all(len(text))
        self.tokens.append(_Token(EOF, len(text), len(text)))
        return self.tokens

    # -- helpers -------------------------------------------------------------

    def _emit(self, kind: str, end: int, value: object = None, text: str | None = None) -> None:
        image = self.text[self.pos : end]
        self.tokens.append(_Token(kind, self.pos, end, value, image if text is None else text))
        self.pos = end

    def _skip(self, end: int) -> None:
        self.pos = self.skipped_end = end

    def _last_kind(self) -> str | None:
        return self.tokens[-1].kind if self.tokens else None

    def _at_line_start(self) -> bool:
        return self._last_kind() in (None, NEWLINE, EMPTYLINE)

    def _dedent_all(self, at: int) -> None:
        """Close every open indentation level (at a blank line, ``(n)`` or ``--``)."""
        while len(self.indents) > 1:
            self.indents.pop()
            self.tokens.append(_Token(DEDENT, at, at))

    def _indent_to(self, width: int) -> None:
        """Argdown's indentation rule: deeper opens one level; shallower closes
        levels until one is not deeper than `width` (an in-between width joins
        that shallower level)."""
        if width > self.indents[-1]:
            self.indents.append(width)
            self.tokens.append(_Token(INDENT, self.pos, self.pos))
            return
        while len(self.indents) > 1 and width < self.indents[-1]:
            self.indents.pop()
            self.tokens.append(_Token(DEDENT, self.pos, self.pos))

    # -- the two lexer modes -------------------------------------------------

    def _default_token(self) -> None:
        text, pos = self.text, self.pos
        char = text[pos]
        if self._comment():
            return
        if text.startswith("===", pos) and self._find("===", pos + 3) >= 0 and (match := _FRONT_MATTER.match(text, pos)):
            self._emit(FRONT_MATTER, match.end())
            return
        if char == "{" and (end := self._data_end(pos)):
            self._emit(DATA, end)
            return
        if char == "\\":
            self._escaped()
            return
        if char in ".:" and (match := _SPECIAL_CHAR.match(text, pos)):
            self._special_char(match.group())
            return
        if char in " \t\n":
            if self._last_kind() != EMPTYLINE and (match := _EMPTYLINE.match(text, pos)):
                if match.end() < len(text):
                    self._dedent_all(pos)
                self._emit(EMPTYLINE, match.end())
                return
            if match := _NEWLINE.match(text, pos):
                self._emit(NEWLINE, match.end(), text=" ")
                return
        if self._last_kind() in (None, NEWLINE) and (match := _INFERENCE_START.match(text, pos)):
            self._dedent_all(pos)
            self._emit(INFERENCE_START, match.end())
            self.in_inference = True
            return
        if self._at_line_start() and self._line_start_token():
            return
        if char in "*_" and self._emphasis():
            return
        if char in "[<@#" and self._element():
            return
        if match := _SPACES.match(text, pos):
            self._skip(match.end())
            return
        if match := _FREESTYLE.match(text, pos):
            self._emit(TEXT, match.end())
            return
        if match := _CONTROL_CHAR.match(text, pos):
            self._emit(TEXT, match.end())
            return
        # Only a backslash before a line break or at the end is left: Argdown's lexer fails here.
        self.errors.append((pos, "a backslash must be followed by the character it escapes"))
        self.pos += 1

    def _inference_token(self) -> None:
        """Between ``--`` and ``--``: rules separated by commas, optional ``{data}``."""
        text, pos = self.text, self.pos
        if self._comment():
            return
        if match := _NEWLINE.match(text, pos):
            self._emit(NEWLINE, match.end())
        elif text[pos] == "\\":
            self._escaped()
        elif text[pos] in ".:" and (match := _SPECIAL_CHAR.match(text, pos)):
            self._special_char(match.group())
        elif match := _INFERENCE_END.match(text, pos):
            self._emit(INFERENCE_END, match.end())
            self.in_inference = False
        elif text[pos] == "{" and (end := self._data_end(pos)):
            self._emit(DATA, end)
        elif text[pos] == ",":
            self._emit(COMMA, pos + 1)
        elif match := _SPACES.match(text, pos):
            self._skip(match.end())
        elif (match := _FREESTYLE.match(text, pos)) or (match := _CONTROL_CHAR.match(text, pos)):
            self._emit(TEXT, match.end())
        else:
            self.errors.append((pos, "a backslash must be followed by the character it escapes"))
            self.pos += 1

    # -- token families ------------------------------------------------------

    def _comment(self) -> bool:
        """``// ...``, ``/* ... */`` and ``<!-- ... -->`` are skipped.

        As in Argdown, a comment that fills its line takes the line break with
        it, so it neither splits nor joins paragraphs; after a blank line it
        takes all following line breaks. An unclosed ``/*`` or ``<!--``, or a
        ``//`` on the last line without a line break, is text.
        """
        text, pos = self.text, self.pos
        for opener, closer in (("<!--", "-->"), ("/*", "*/"), ("//", "\n")):
            if text.startswith(opener, pos):
                close = self._find(closer, pos + len(opener))
                break
        else:
            return False
        if close < 0:
            return False
        end = close if closer == "\n" else close + len(closer)  # a line comment leaves its line break
        last = self._last_kind()
        if last == EMPTYLINE:
            end = _BLANK_LINES_AFTER.match(text, end).end()  # type: ignore[union-attr]
        elif last == NEWLINE and (after := _ONE_LINE_BREAK_AFTER.match(text, end)):
            end = after.end()
        self._skip(end)
        return True

    def _find(self, needle: str, start: int) -> int:
        """``text.find(needle, start)``, remembered.

        Comments, titles, links and tags end at the next ``-->``, ``]``, ``>`` or
        ``)``. On a line of many ``[`` and no ``]``, every ``[`` would search to
        the end again (quadratic, as Argdown's own lexer is); but the first
        occurrence after `start` is also the first after any offset up to it,
        so one search answers them all.
        """
        cached = self._found.get(needle)
        if cached is not None and cached[0] <= start and (start <= cached[1] or cached[1] < 0):
            return cached[1]
        found = self.text.find(needle, start)
        self._found[needle] = (start, found)
        return found

    def _special_char(self, image: str) -> None:
        """``.name.`` or ``:name:``: a shortcode's character, or the text as written."""
        char = _SHORTCODES.get(image.rstrip(" \t"))
        text = image if char is None else char + (" " if image.endswith(" ") else "")
        self._emit(TEXT, self.pos + len(image), text=text)

    def _escaped(self) -> None:
        match = _ESCAPED.match(self.text, self.pos)
        if match:
            self._emit(TEXT, match.end(), text=match.group()[1:])
        else:
            self.errors.append((self.pos, "a backslash must be followed by the character it escapes"))
            self.pos += 1

    def _line_start_token(self) -> bool:
        """Relation symbols, headings, ``(n)`` and list markers: only at the start of a line."""
        text, pos = self.text, self.pos
        if match := _RELATION.match(text, pos):
            self._indent_to(len(match.group(1)))
            self._emit(RELATION, match.end(), value=match.group(2))
            return True
        if match := _HEADING.match(text, pos):
            self._emit(HEADING, match.end(), value=len(match.group(1)), text="")
            return True
        if match := _NUMBER.match(text, pos):
            self._dedent_all(pos)
            self._emit(NUMBER, match.end(), value=int(match.group(1)), text="")
            return True
        for pattern, ordered in ((_ORDERED_ITEM, True), (_UNORDERED_ITEM, False)):
            if match := pattern.match(text, pos):
                self._indent_to(len(match.group(1)) + 1)
                self._emit(LIST_ITEM, match.end(), value=ordered, text="")
                return True
        return False

    def _emphasis(self) -> bool:
        """``**bold**``, ``__bold__``, ``*italic*``, ``_italic_``.

        A marker closes the range opened last if it is glued to the text before
        it and followed by a space, punctuation or the line end; otherwise it
        opens a range if glued to the text after it. Argdown then requires every
        opened range to be closed, which is why ``snake_case_word`` is an error.
        """
        text, pos = self.text, self.pos
        glued_before = bool(self.tokens) and self.skipped_end <= self.tokens[-1].end
        if self.emphasis and glued_before:
            marker = self.emphasis[-1]
            if text.startswith(marker, pos):
                follower = _EMPHASIS_END_FOLLOWER.match(text, pos + len(marker))
                if follower:
                    self.emphasis.pop()
                    end = follower.end()
                    self._emit(EMPHASIS_END, end, value=marker, text=" " if text[end - 1] == " " else "")
                    return True
        for marker in _EMPHASIS_MARKERS:
            after = pos + len(marker)
            if text.startswith(marker, pos) and not (after < len(text) and text[after].isspace()):
                self.emphasis.append(marker)
                self._emit(EMPHASIS_START, after, value=marker, text="")
                return True
        return False

    def _element(self) -> bool:
        """Links, tags, statement and argument titles and mentions, in Argdown's order.

        Argdown matches them with lazy patterns (``\\[(.+?)\\]:`` and the like);
        here each ends at its closing character found with :meth:`_find`,
        which is the same match without the rescans.
        """
        text, pos = self.text, self.pos
        opener = text[pos : pos + 2]
        if opener[0] == "#":
            return self._tag()
        if opener[0] == "[" and self._link():
            return True
        for kind, start, closer, reference in _TITLED.get(opener, ()) or _TITLED.get(opener[0], ()):
            end = self._title_end(pos + start, closer, reference=reference)
            if end >= 0:
                title = text[pos + start : end]
                end += len(closer)
                if kind in (STATEMENT_MENTION, ARGUMENT_MENTION) and text[end : end + 1] in (" ", "\t"):
                    end += 1
                self._emit(kind, end, value=title)
                return True
        return False

    def _title_end(self, first: int, closer: str, *, reference: bool) -> int:
        """Where a title starting at `first` ends (the offset of `closer`), or -1.

        Titles of definitions and mentions are one line of at least one
        character; a reference's may not start with ``-`` but may start with a
        line break (Argdown's ``[^-]``), after which the rest stays on one line.
        """
        text = self.text
        if first >= len(text) or text[first] == ("-" if reference else "\n"):
            return -1
        end = self._find(closer, first + 1)
        line_end = self._find("\n", first + 1 if reference else first)
        return end if end >= 0 and (line_end < 0 or end < line_end) else -1

    def _link(self) -> bool:
        """``[label](url)``: the label may not contain ``]`` nor the url ``)``; both may span lines."""
        text, pos = self.text, self.pos
        close = self._find("]", pos + 1)
        if close <= pos + 1 or not text.startswith("(", close + 1):
            return False
        end = self._find(")", close + 2)
        if end <= close + 2:
            return False
        end += 2 if text[end + 1 : end + 2] in (" ", "\t") else 1
        # Argdown reads the label back with a pattern that stays on one line.
        last_line = text[max(text.rfind("\n", pos, end) + 1, pos) : end]
        label = _LINK_LABEL.search(last_line)
        self._emit(LINK, end, text=(label.group(1) if label else "") + (" " if text[end - 1] == " " else ""))
        return True

    def _tag(self) -> bool:
        """``#word`` or ``#(any words)``, and one space or tab after it."""
        text, pos = self.text, self.pos
        if text.startswith("#(", pos) and (close := self._find(")", pos + 2)) > pos + 2:
            name, end = text[pos + 2 : close], close + 1
        elif word := _TAG_WORD.match(text, pos + 1):
            name, end = word.group(), word.end()
        else:
            return False
        if text[end : end + 1] in (" ", "\t"):
            end += 1
        self._emit(TAG, end, value=name)
        return True

    def _data_end(self, start: int) -> int | None:
        """End offset of a ``{...}`` data token opening at `start`, or ``None``.

        Argdown's rule, computed without backtracking: the data runs to the last
        ``}`` not followed by a comma or another ``}``, but never past a ``}``
        that is followed by white space and then something else (the end of an
        earlier data block). So ``{a: {b: 1}}`` is one block and ``{a: 1} text``
        stops after ``1}``.
        """
        if self._data_walls is None:
            self._index_braces()
        walls, closers = self._data_walls, self._data_closers
        assert walls is not None
        limit = walls[bisect.bisect_right(walls, start)] if walls and walls[-1] > start else len(self.text)
        i = bisect.bisect_right(closers, limit) - 1
        if i >= 0 and closers[i] > start:
            return closers[i] + 1
        return None

    def _index_braces(self) -> None:
        """One pass over the text for :meth:`_data_end`: where data cannot run past, where it may end."""
        text = self.text
        walls, closers = [], []
        for index, char in enumerate(text):
            if char == "}":
                if index + 2 < len(text) and text[index + 1].isspace() and text[index + 2] not in ",}":
                    walls.append(index)
                if not _DATA_CLOSER_BLOCKED.match(text, index + 1):
                    closers.append(index)
            elif char in "\u2028\u2029":  # line separators JavaScript's `.` does not cross
                walls.append(index - 1)
        self._data_walls, self._data_closers = walls, closers


# --------------------------------------------------------------------------
# Parser
# --------------------------------------------------------------------------


class _Stop(Exception):
    """Abandon the current block; the error is already recorded."""


_RELATION_TYPES: dict[str, RelationType] = {
    "+": "support",
    "<+": "support",
    "+>": "support",
    "-": "attack",
    "<-": "attack",
    "->": "attack",
    "_": "undercut",
    "<_": "undercut",
    "_>": "undercut",
    "><": "contradictory",
}

_STATEMENT_START = _TEXT_START | {STATEMENT_DEFINITION, STATEMENT_REFERENCE}
_ARGUMENT_START = frozenset({ARGUMENT_DEFINITION, ARGUMENT_REFERENCE})


def _at(event: yaml.Event) -> int:
    """Where a YAML event starts in the text it was parsed from."""
    return event.start_mark.index if event.start_mark is not None else 0


class _Parser:
    """Argdown's grammar over the token list, one blank-line-separated block at a time."""

    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.i = 0
        self.doc = Document()
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.section: Section | None = None
        self.pcs_of: dict[str, Pcs] = {}  # argument title -> its premise-conclusion structure
        self.previous: Block | None = None  # the paragraph read last, for a pcs to attach to

    # -- positions -----------------------------------------------------------

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        """Span of ``text[start:end]``, trailing white space left out."""
        while end > start and self.text[end - 1] in " \t\n":
            end -= 1
        return Span(*self.position(start), *self.position(end))

    def error(self, offset: int, message: str) -> None:
        line, column = self.position(offset)
        self.doc.errors.append(SyntaxIssue(line, column, message.replace("\n", "\\n")))  # one line, always

    def fail(self, token: _Token, message: str) -> _Stop:
        """Record an error at `token` and return the exception that abandons the block."""
        self.error(self.where(token), message)
        return _Stop()

    def where(self, token: _Token) -> int:
        """Where an error about `token` points: its first character; for the end
        of the file, the last character of the last token (as the Argdown CLI reports)."""
        if token.kind != EOF:
            return token.start
        for before in reversed(self.tokens):
            if before.kind not in (EOF, DEDENT, INDENT):
                return max(before.end - 1, 0)
        return 0

    # -- token access ----------------------------------------------------------

    def peek(self, ahead: int = 0) -> _Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def take_if(self, kind: str) -> _Token | None:
        return self.take() if self.peek().kind == kind else None

    # -- document --------------------------------------------------------------

    def parse(self) -> Document:
        self.take_if(NEWLINE)
        self.take_if(EMPTYLINE)
        if self.peek().kind == FRONT_MATTER:
            self.front_matter()
        while self.peek().kind != EOF:
            start = self.i
            try:
                block = self.block()
                if self.peek().kind not in (EMPTYLINE, EOF):
                    raise self.fail(self.peek(), self.unexpected(self.peek(), block))
                self.add(block)
                self.previous = block
            except _Stop:
                self.previous = None  # a broken paragraph separates what is around it
                while self.peek().kind not in (EMPTYLINE, EOF):
                    self.take()
            self.take_if(EMPTYLINE)
            assert self.i > start  # every round consumes input
        if not self.doc.blocks and not self.doc.errors:
            message = "no statement, argument or heading in the file (Argdown rejects an empty file)"
            self.error(self.where(self.peek()), message)
        return self.doc

    def add(self, block: Block) -> None:
        """Append a block to the document and to its section (headings open sections)."""
        self.doc.blocks.append(block)
        if isinstance(block, Heading):
            section = Section(block)
            parent = self.section
            while parent is not None and parent.heading.level >= block.level:
                parent = parent.parent
            section.parent = parent
            (parent.children if parent else self.doc.sections).append(section)
            self.section = section
        elif self.section is not None:
            self.section.blocks.append(block)

    def front_matter(self) -> None:
        token = self.take()
        image = self.image(token)
        opening = re.match(r"\s*={3,}", image)
        closing = re.search(r"={3,}\s*\Z", image)
        assert opening is not None and closing is not None  # the lexer matched both
        raw = image[opening.end() : max(closing.start(), opening.end())]
        value = self.load_yaml(raw, token.start + opening.end(), "front matter")
        self.doc.front_matter = FrontMatter(raw, value, self.span(token.start, token.end))
        self.take_if(NEWLINE)
        if self.peek().kind not in (EMPTYLINE, EOF):
            self.error(self.where(self.peek()), "leave an empty line after the front matter (=== ... ===)")
            while self.peek().kind not in (EMPTYLINE, EOF):
                self.take()
        self.take_if(EMPTYLINE)

    def block(self) -> Block:
        token = self.peek()
        kind = token.kind
        if kind == HEADING:
            return self.heading()
        if kind == NUMBER:
            return self.pcs()
        if kind in _ARGUMENT_START:
            argument = self.argument("top-level")
            self.tree(argument)
            return argument
        if kind in _STATEMENT_START:
            statement = self.statement("top-level")
            self.tree(statement)
            return statement
        if kind == INDENT and self.peek(1).kind == LIST_ITEM:
            return self.list_block()
        raise self.fail(token, self.bad_paragraph_start(token))

    # -- elements ----------------------------------------------------------------

    def statement(self, context: Context) -> Statement:
        """``[Title]: text``, ``[Title] #tags`` or plain text, then optional ``{data}``."""
        first = self.peek()
        if first.kind == STATEMENT_DEFINITION:
            self.take()
            title: str | None = str(first.value)
            text, tags = self.content(first)
            kind: Literal["definition", "reference", "untitled"] = "definition"
        elif first.kind == STATEMENT_REFERENCE:
            self.take()
            title, kind = str(first.value), "reference"
            text, tags = self.reference_tags()
        elif first.kind in _TEXT_START:
            title, kind = None, "untitled"
            text, tags = self.content(None)
        elif first.kind in _ARGUMENT_START:  # only reached for a numbered line
            raise self.fail(first, "a numbered line must be a statement: use [Title], not <Title>")
        else:
            raise self.fail(first, f"text or a [Statement] expected here, found {self.describe(first)}")
        text, data = self.data(text)
        end = self.tokens[self.i - 1].end
        return Statement(kind, title, text, self.span(first.start, end), context, tags, data, section=self.section)

    def argument(self, context: Context) -> Argument:
        """``<Title>: description`` or ``<Title> #tags``, then optional ``{data}``."""
        first = self.take()
        title = str(first.value)
        if first.kind == ARGUMENT_DEFINITION:
            text, tags = self.content(first)
            kind: Literal["definition", "reference"] = "definition"
        else:
            text, tags = self.reference_tags()
            kind = "reference"
        text, data = self.data(text)
        end = self.tokens[self.i - 1].end
        return Argument(kind, title, text, self.span(first.start, end), context, tags, data, section=self.section)

    def content(self, definition: _Token | None) -> tuple[str, list[Tag]]:
        """The text of a statement, description or heading, over as many lines as it takes.

        Emphasis ranges are tracked with a stack (they may nest); the text is
        assembled as Argdown assembles it.
        """
        parts: list[str] = []
        tags: list[Tag] = []
        open_ranges: list[_Token] = []
        while (token := self.peek()).kind in _CONTENT:
            if token.kind == EMPHASIS_END:
                if not open_ranges or open_ranges[-1].value != token.value:
                    break
                open_ranges.pop()
            elif token.kind == EMPHASIS_START:
                open_ranges.append(token)
            self.take()
            if token.kind == NEWLINE:
                # A line break joins lines with one space, unless the text already ends with one.
                if self.peek().kind in _CONTENT and not (parts and parts[-1].endswith(" ")):
                    parts.append(" ")
                continue
            if token.kind == TAG:
                tags.append(Tag(str(token.value), self.span(token.start, token.end)))
            if token.text:
                parts.append(token.text)
        if open_ranges:
            opener = open_ranges[-1]
            marker = str(opener.value)
            escaped = "\\" + marker[0]
            raise self.fail(opener, f"{quoted(marker)} opens an emphasis that is never closed; write {escaped} for a plain {marker[0]}")
        if definition is not None and self.tokens[self.i - 1] is definition:
            title = quoted(self.image(definition))
            raise self.fail(definition, f"{title} must be followed by text on the same or the next line")
        return "".join(parts), tags

    def reference_tags(self) -> tuple[str, list[Tag]]:
        """Tags written after a reference (the reference's only text), and its line break."""
        parts, tags = [], []
        while (token := self.peek()).kind == TAG:
            self.take()
            tags.append(Tag(str(token.value), self.span(token.start, token.end)))
            parts.append(token.text)
        return self.line_break("".join(parts)), tags

    def line_break(self, text: str) -> str:
        """Take the line break that ends an element's first part; like Argdown,
        add a space to the text when data or relation lines still follow."""
        if self.take_if(NEWLINE) and self.peek().kind in (DATA, INDENT) and not text.endswith(" "):
            return text + " "
        return text

    def data(self, text: str) -> tuple[str, Data | None]:
        """Optional ``{yaml}`` after an element's text, and the line break after it."""
        token = self.take_if(DATA)
        if token is None:
            return text, None
        raw = self.text[token.start : token.end]
        block = re.match(r"\{[ \t]*\n", raw)
        if block:  # `{` alone on its line: the lines up to `}` are block YAML
            yaml_text, offset = re.sub(r"\}\s*\Z", "", raw[block.end() :]), token.start + block.end()
        else:
            yaml_text, offset = raw, token.start
        span = self.span(token.start, token.end)
        what = f"the {{data}} at {span.line}:{span.column}-{span.end_line}:{(span.end_column or 1) - 1}"
        if re.search(r"\}:", raw):
            what += " (data goes after the text, not between a title and its colon)"
        value = self.load_yaml(yaml_text, offset, what)
        return self.line_break(text), Data(raw, value, span)

    def load_yaml(self, source: str, offset: int, what: str) -> object:
        """`source` as YAML, or ``None`` with an error recorded at the right file position.

        Guarded: the events are read first (libyaml's parser is iterative) to
        refuse anchors, aliases and deep nesting before PyYAML's recursive
        constructor sees the text; tags are left to ``safe_load``'s refusal.
        """
        try:
            depth = 0
            for event in yaml.parse(source, Loader=_YamlLoader):
                if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
                    self.error(offset + _at(event), f"YAML anchors and aliases are not read in {what}")
                    return None
                if isinstance(event, CollectionStartEvent):
                    depth += 1
                    if depth > MAX_YAML_DEPTH:
                        self.error(offset + _at(event), f"{what} nests deeper than {MAX_YAML_DEPTH} levels")
                        return None
                elif isinstance(event, CollectionEndEvent):
                    depth -= 1
            return yaml.load(source, Loader=_YamlLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            index = min(mark.index, len(source)) if mark else 0
            problem = (exc.problem or exc.context or "invalid YAML").strip()
            self.error(offset + index, f"invalid YAML in {what}: {problem}")
        except (yaml.YAMLError, ValueError, OverflowError, TypeError) as exc:
            # e.g. a date like 2020-13-45 is YAML but not a date PyYAML can build
            self.error(offset, f"invalid YAML in {what}: {' '.join(str(exc).split())}")
        return None

    # -- relations ---------------------------------------------------------------

    def tree(self, root: Element) -> None:
        """The indented relation lines under `root`, nested by the lexer's indent/dedent tokens.

        `open_parents` holds the elements whose block of relation lines is open;
        an ``indent`` opens one for the element read last, a ``dedent`` closes
        the innermost. No recursion, so nesting depth is unbounded.
        """
        open_parents: list[Element] = []
        last: Element | None = root
        while True:
            token = self.peek()
            if token.kind == INDENT and last is not None:
                self.take()
                open_parents.append(last)
                last = None
                if self.peek().kind != RELATION:
                    found = self.describe(self.peek())
                    raise self.fail(self.peek(), f"only relation lines (+, -, ...) can be indented here, not {found}")
            elif token.kind == RELATION and open_parents:
                last = self.relation(self.take(), open_parents[-1])
            elif token.kind == DEDENT and open_parents:
                self.take()
                open_parents.pop()
                last = None
            elif open_parents:
                raise self.fail(token, self.unexpected(token, last or open_parents[-1]))
            else:
                return

    def relation(self, token: _Token, parent: Element) -> Statement | Argument:
        """A relation line: its symbol, and the statement or argument after it."""
        symbol = str(token.value)
        if isinstance(parent, Inference) and symbol not in ("_", "<_"):
            raise self.fail(token, f"only undercuts (_ or <_) can hang under an inference, not {quoted(symbol)}")
        following = self.peek()
        if following.kind in _ARGUMENT_START:
            if symbol == "><":
                raise self.fail(following, "a contradiction (><) is between statements; use [Title], not <Title>")
            child: Statement | Argument = self.argument("relation")
        else:
            child = self.statement("relation")
        start = token.end - len(symbol)
        if following.kind not in _STATEMENT_START | _ARGUMENT_START:
            self.error(start, f"{quoted(symbol)} must be followed by a statement or an argument on the same line")
            raise _Stop
        span = self.span(start, token.end)
        relation = Relation(symbol, _RELATION_TYPES[symbol], parent, child, span, start - token.start)
        parent.relations.append(relation)
        return child

    # -- blocks ------------------------------------------------------------------

    def heading(self) -> Heading:
        token = self.take()
        if self.peek().kind not in _TEXT_START:
            raise self.fail(self.peek(), "a heading needs a title after the #")
        text, tags = self.content(None)
        text, data = self.data(text)
        end = self.tokens[self.i - 1].end
        return Heading(int(token.value), text.strip(), self.span(token.start, end), tags, data)  # type: ignore[call-overload]

    def list_block(self) -> ListBlock:
        self.take()  # the indent the lexer emits before a list's first marker
        first = self.peek()
        items: list[Statement | Argument] = []
        while (marker := self.peek()).kind == LIST_ITEM and marker.value == first.value:
            self.take()
            if self.peek().kind in _ARGUMENT_START:
                item: Statement | Argument = self.argument("list-item")
            else:
                item = self.statement("list-item")
            items.append(item)
            self.tree(item)
        if not self.take_if(DEDENT):
            raise self.fail(self.peek(), f"a list item (* or 1.) expected here, found {self.describe(self.peek())}")
        last = items[-1].span
        span = Span(*self.position(self.lstrip(first)), last.end_line, last.end_column)
        return ListBlock(bool(first.value), items, span)

    def pcs(self) -> Pcs:
        """``(1) ...`` lines and inferences: at least one premise, and every
        inference followed by a conclusion; the last line must be a conclusion."""
        first = self.peek()
        owner = self.previous if isinstance(self.previous, Argument) else None
        pcs = Pcs([], owner, Span(1, 1), self.section)
        pending: Inference | None = None
        while True:
            token = self.peek()
            if token.kind == NUMBER:
                self.take()
                number_span = self.span(self.lstrip(token), token.end)
                statement = self.statement("pcs")
                pcs.steps.append(PcsStatement(int(token.value), number_span, statement, pending))  # type: ignore[call-overload]
                pending = None
                self.tree(statement)
            elif token.kind == INFERENCE_START:
                if pending is not None or not pcs.steps:
                    raise self.fail(token, "an inference must follow a numbered statement")
                pending = self.inference()
                self.tree(pending)
            else:
                break
        if pending is not None:
            raise self.fail(self.peek(), "a conclusion (a numbered statement) must follow the inference")
        if not pcs.steps[-1].is_conclusion:
            raise self.fail(self.peek(), "missing inference: put ---- between the premises and the conclusion")
        last = pcs.steps[-1].statement.span
        pcs.span = Span(*self.position(self.lstrip(first)), last.end_line, last.end_column)
        if owner is not None:
            if owner.title in self.pcs_of:
                line = self.pcs_of[owner.title].span.line
                raise self.fail(first, f"argument <{owner.title}> already has a premise-conclusion structure (line {line})")
            self.pcs_of[owner.title] = pcs
        return pcs

    def inference(self) -> Inference:
        """``----``, ``-- rules {data} --``, or the same spread over lines."""
        start = self.take()
        rules: list[str] = []
        if self.peek().kind == NEWLINE and self.peek(1).kind == TEXT:
            self.take()
        if self.peek().kind == TEXT:
            rules = self.inference_rules()
        self.take_if(NEWLINE)
        _, data = self.data("")
        end = self.take_if(INFERENCE_END)
        if end is None:
            found = self.describe(self.peek())
            raise self.fail(self.peek(), f"an inference must end with -- (or be written ----), found {found}")
        if not self.take_if(NEWLINE):
            raise self.fail(self.peek(), "an inference must be followed by a line break and its conclusion")
        begin = start.end - 2
        return Inference(rules, data, self.span(begin, end.end))

    def inference_rules(self) -> list[str]:
        rules, current = [], []
        while True:
            token = self.peek()
            if token.kind == TEXT:
                current.append(self.take().text)
            elif token.kind == COMMA and current:
                self.take()
                rules.append("".join(current).strip())
                current = []
            else:
                break
        if not current:
            raise self.fail(self.peek(), "an inference rule name is missing after the comma")
        rules.append("".join(current).strip())
        return rules

    # -- messages ------------------------------------------------------------------

    def image(self, token: _Token) -> str:
        return self.text[token.start : token.end]

    def lstrip(self, token: _Token) -> int:
        """Offset of `token`'s first character after the indentation it includes."""
        image = self.image(token)
        return token.start + len(image) - len(image.lstrip(" \t"))

    def describe(self, token: _Token) -> str:
        if token.kind in _LAYOUT_WORDS:
            return _LAYOUT_WORDS[token.kind]
        return quoted(self.image(token).strip() or self.image(token))

    def bad_paragraph_start(self, token: _Token) -> str:
        if token.kind == INDENT:
            token = self.peek(1)
            if token.kind == RELATION:
                return "a relation line must come right under its statement or argument, with no empty line between"
        if token.kind == INFERENCE_START or (token.kind == RELATION and self.text.startswith("-", token.end)):
            return "an inference (--) is only allowed between numbered statements (1), (2), ... of one paragraph"
        if token.kind == RELATION:
            symbol = quoted(str(token.value))
            return f"a paragraph cannot start with a relation ({symbol}): remove the empty line above, or write its parent first"
        if token.kind == FRONT_MATTER:
            return "front matter (=== ... ===) is only allowed at the very start of the file"
        if token.kind == DATA:
            return "{data} must follow the statement, argument or heading it belongs to"
        return f"a paragraph cannot start with {self.describe(token)}"

    def unexpected(self, token: _Token, before: object) -> str:
        """Why `token` cannot follow `before` (the element read last): the messages name Argdown's rules."""
        image = self.image(token)
        if isinstance(before, Statement) and before.kind == "untitled" and not before.text.strip():
            return f"the relation symbol on line {before.span.line} must have its statement or argument on the same line"
        if token.kind == RELATION:
            if "\t" in image:
                return "a tab in the indentation counts as one column, so this relation lines up with no level above: use spaces"
            if image[0] not in " \t":
                return f"a relation line ({quoted(str(token.value))}) must be indented under its statement or argument"
            return "bad indentation: this relation is less indented than the one above, but more than its parent"
        if token.kind == TEXT and image.lstrip().startswith("="):
            return "Argdown has no '=' relation: two statements are equivalent when they share a [Title]"
        if token.kind == TEXT and isinstance(before, (Statement, Argument)) and before.kind == "reference":
            if image.lstrip()[:1] in ("+", "-", "<", ">", "_"):
                rest = quoted(self.text[token.start :].split("\n", 1)[0].strip())
                return f"one-line relations are not Argdown: put {rest} on its own line, indented under the reference"
            return "a reference ([Title] or <Title>) cannot be followed by text; to define it, write [Title]: text"
        if token.kind in (STATEMENT_REFERENCE, ARGUMENT_REFERENCE, STATEMENT_DEFINITION, ARGUMENT_DEFINITION):
            mention = quoted("@" + image.rstrip(":"))
            return f"{quoted(image)} cannot stand inside other text: start a new paragraph for it, or write {mention}"
        if token.kind == NUMBER:
            return "a premise-conclusion structure must start a new paragraph: leave an empty line above (1)"
        if token.kind == HEADING:
            return "a heading must start a new paragraph: leave an empty line above it"
        if token.kind == INFERENCE_START:
            return "an inference (--) is only allowed between numbered statements (1), (2), ..."
        if token.kind == DATA:
            return "{data} must come last, after the text of the element it belongs to"
        if token.kind == INDENT:
            return f"only relation lines can be indented here, not {self.describe(self.peek(1))}"
        if token.kind == TEXT:
            return f"text {quoted(image.strip())} cannot follow here; start a new paragraph (empty line) for it"
        return f"unexpected {self.describe(token)}"


# --------------------------------------------------------------------------
# Writing text Argdown reads back as it is
# --------------------------------------------------------------------------

_TAG = re.compile(r"#\(([^)\n]+)\)[ \t]?|#(" + _TAG_WORD.pattern + r")[ \t]?")
_WHITE_RUN = re.compile(r"[ \t]+")
_ONLY_TAGS = re.compile(r"(?:\s*#(?:\([^)]*\)|[^\s#(]+))*\s*")


def tag(name: str) -> str | None:
    """``#name``, or ``#(name)`` when it has characters a bare tag cannot hold; None if it cannot be written."""
    if _TAG_WORD.fullmatch(name):
        return "#" + name
    if name and ")" not in name and "\n" not in name and name.strip() == name:
        return f"#({name})"
    return None


def escape(text: str, tags: frozenset[str] = frozenset(), written: set[str] | None = None, *,
           trailing: bool = False) -> str:
    """*text* as Argdown text that reads back as it is (lines joined, ends stripped).

    A backslash escapes what would start an element (``[``, ``<``, ``#``,
    ``{``, emphasis, comments, a shortcode like ``.A.``, ``===``); white space
    Argdown could skip after a token (tabs, runs) is escaped too. ``#tag``
    words whose name is in *tags* stay tags (their names are added to
    *written*), unless only tags follow them: tags that end a text are
    labels, and a reader takes them off it (*trailing* keeps them, for headings).
    """
    return _escaped(text, tags, rule=False, written=written, trailing=trailing)


def escape_rule(text: str) -> str:
    """An inference rule's name as written between ``--`` and ``--``: commas, braces and ``--`` escaped."""
    return _escaped(text, frozenset(), rule=True, written=None, trailing=False)


def _escaped(text: str, tags: frozenset[str], *, rule: bool, written: set[str] | None, trailing: bool) -> str:
    text = " ".join(text.replace("\r", "\n").split("\n")).strip()
    always = "{},\\" if rule else "[<#{}*_\\"
    fences = set() if rule else {j for run in re.finditer("={3,}", text) for j in range(run.start(), run.end())}
    out: list[str] = []
    i = 0
    while i < len(text):
        char, after = text[i], text[i + 1 : i + 2]
        if char in " \t" and (run := _WHITE_RUN.match(text, i)):
            # A lone space is read, unless a token before it already took one: then, like tabs and runs, escaped.
            white = run.group()
            raw = white == " " and not (out and out[-1][-1] in " \t")
            out.append(white if raw else "".join("\\" + c for c in white))
            i = run.end()
            continue
        found = _TAG.match(text, i) if char == "#" else None
        name = found and (found.group(1) or found.group(2))
        last = found is not None and found.end() == len(text)
        if (found and name in tags and (found.group()[-1:] in (" ", "\t") or (trailing and last))
                and (trailing or not _ONLY_TAGS.fullmatch(text, found.end()))):
            if written is not None:
                written.add(str(name))
            out.append(found.group())
            i = found.end()
            continue
        special = _SPECIAL_CHAR.match(text, i) if char in ".:" else None
        if special and special.group().rstrip(" \t") not in _SHORTCODES:
            out.append(special.group())  # read as plain text, as written
            i = special.end()
            continue
        if (special or char in always or i in fences or (char == "/" and after in ("/", "*"))
                or (char == "<" and text.startswith("<!--", i)) or (rule and char == "-" and after == "-")):
            out.append("\\")
        out.append(char)
        i += 1
    return "".join(out)


def parse(text: str) -> Document:
    """Parse Argdown `text` into a :class:`Document`; syntax errors are in ``document.errors``.

    Never raises for a ``str`` input: a broken file gives a document with the
    blocks that could be read and the errors of the others.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Argdown accepts all three line ends
    lexer = _Lexer(text)
    tokens = lexer.run()
    parser = _Parser(text, tokens)
    for offset, message in lexer.errors:
        parser.error(offset, message)
    document = parser.parse()
    document.errors.sort(key=lambda issue: (issue.line, issue.column))
    return document
