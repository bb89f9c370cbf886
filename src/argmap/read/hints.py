"""Words for the YAML mistakes people make most, added to the parser's own message.

libyaml says *where* it gave up ("did not find expected key"), rarely *why*.
The why is nearly always one of a few slips: a line indented one or two spaces
off, a value with an unquoted `: ` in it, or a value that starts with a
character YAML reserves. These are recognised from the text around the error.
"""

from __future__ import annotations

import re

from argmap.model import Span
from argmap.read.positions import yaml_lines

#: `key: value` at the start of a line (after indentation or a list dash)
_KEY_LINE = re.compile(r"\s*(?:-\s+)?([^\s:#][^:#]*?):(?:\s|$)")
_RESERVED_START = {
    "@": "'@'", "`": "'`'", "%": "'%'", "*": "'*' (an alias)", "&": "'&' (an anchor)",
    "!": "'!' (a tag)", "|": "'|'", ">": "'>'",
}


def hint(problem: str, where: Span, text: str) -> tuple[str, Span] | None:
    """(words to add, where the mistake is) for the parser's *problem* at *where*, or None."""
    lines = yaml_lines(text)
    if not 1 <= where.line <= len(lines):
        return None
    line = lines[where.line - 1]
    indent = len(line) - len(line.lstrip(" "))
    if line[indent:indent + 1] == "\t":
        return None  # the tab message says it already
    key = _KEY_LINE.match(line)
    value_start = key.end() if key else indent
    value = line[value_start:].strip()
    first = value[:1]
    at_line = Span(where.line, indent + 1)
    if "mapping values are not allowed" in problem and key and where.column - 1 > key.end(1):
        return (f"the value of '{key[1]}' contains ': ', which YAML reads as a new key; "
                f"put the whole value in quotes", where)
    if "expected ',' or '}'" in problem and ": " in line[where.column - 1 - 40 : where.column]:
        return "inside { } a ': ' separates a key from its value; put text that contains ': ' in quotes", where
    levels, opens = _open_levels(lines, where.line - 1)
    off = indent not in levels and not (opens and indent > max(levels))
    if off and ("did not find expected" in problem or "mapping values are not allowed" in problem):
        distance = min(abs(level - indent) for level in levels)
        near = " or ".join(str(level) for level in sorted(levels) if abs(level - indent) == distance)
        shown = ", ".join(str(level) for level in sorted(levels, reverse=True))
        return (f"line {where.line} is indented {_spaces(indent)}, but the lines above it are at {shown}: "
                f"YAML nests by indentation, so this line probably belongs at {near}", at_line)
    if "did not find expected key" in problem and first in ("'", '"'):
        return (f"a value that starts with {value[0]} ends at the next {value[0]}; "
                "quote the whole value with the other kind of quote", where)
    if "did not find expected key" in problem and first in ("{", "["):
        kind = "mapping" if first == "{" else "list"
        return f"a value that starts with '{first}' is read as a YAML {kind}; put it in quotes", where
    if "block sequence entries are not allowed" in problem:
        return "a value that starts with '- ' is read as a list; put it in quotes", where
    if first in _RESERVED_START and ("cannot start any token" in problem or "undefined alias" in problem):
        return f"a value cannot start with {_RESERVED_START[first]} in YAML; put it in quotes", where
    return None


def _spaces(n: int) -> str:
    return f"{n} space{'s' if n != 1 else ''}"


def _open_levels(lines: list[str], before: int) -> tuple[set[int], bool]:
    """Indentations at which the structure above line *before* (1-based) is still
    open: the last content line's and each shallower one above it; and whether
    that last line opens a deeper block (a key with no value on its line)."""
    levels: set[int] = set()
    deepest: int | None = None
    opens = False
    for number in range(before, 0, -1):
        line = lines[number - 1]
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if deepest is None:
            opens = stripped.split(" #", 1)[0].rstrip().endswith((":", "-"))
        if deepest is None or indent < deepest:
            levels.add(indent)
            if stripped.startswith("- "):  # a list item also opens the column after its dash
                levels.add(indent + 2)
            deepest = indent
            if indent == 0:
                break
    return levels or {0}, opens
