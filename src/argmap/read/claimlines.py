"""Claim files in their common layout, read a line at a time.

Nearly every claim file is written the same way: block mappings, one field a
line, values plain or simply quoted, lists of ids in brackets or as `- id`
items. Read through libyaml, such a file becomes an event and a node for every
value before the walker makes the model of them: most of the time a large file
takes. This reader makes the model straight from the lines, and gives up
(returns None) at the first line written any other way, leaving the file to
the YAML reader, which reads every form and explains every mistake.

It accepts only what the YAML reader reads without a single problem, and reads
it into the same model, positions included: tests hold the two to that on real
and generated files. So what it refuses is everything YAML could read in some
other way, or would report: flow mappings, the long form of a reason, anchors,
tags, block scalars, a value that runs on to the next line, escapes, `#word`
after a value, tabs, characters libyaml refuses.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from argmap.model import ArgumentFile, Attack, Claim, Reason, Ref, Source, Span, Text
from argmap.read.claimfile import BOOLS, FORMAT_VERSION, ID_PATTERN, MAX_CLAIMS, MAX_LINKS, NULLS, SOURCE_KEYS

_new = tuple.__new__  # a NamedTuple built without its Python-level __new__

#: characters after which this reader does not follow YAML (tabs, control characters
#: libyaml refuses, line breaks other than \n and \r\n)
_REFUSED = re.compile("[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
#: `key: value`, or `key:` with its value on the lines below; indent, key and value
_KEY_LINE = re.compile(r"( *)([^\W_][\w.\-]*):(?: +(\S.*)| *)")
#: a flow list of ids, `[a, b]` or `[]`, and the ids in it
_FLOW = re.compile(r"\[ *(?:[^\W_][\w.\-]*(?: *, *[^\W_][\w.\-]*)*)? *\]")
_FLOW_ID = re.compile(r"[^\W_][\w.\-]*")
#: what a plain value may not start with: YAML's indicators, and the quotes this reader reads itself
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


def read(text: str, path: Path) -> ArgumentFile | None:
    """The model of *text*, if it is written in the common layout and has no problem; else None."""
    if not text.replace("\n", "").isprintable() and (  # printable text needs no closer look
            _REFUSED.search(text) or ("\r" in text and text.count("\r") != text.count("\r\n"))):
        return None
    return _Lines(path).read(text.replace("\r\n", "\n") if "\r" in text else text)


class _Refused(Exception):
    """A line this reader does not read: the YAML reader takes the file."""


def _uncommented(raw: str) -> str | None:
    """*raw* (a value and what follows it on its line) without a comment after it; None if
    there is no value before the comment. `#word` after a space is refused: the YAML reader
    tells the user that it cut the value short."""
    at = 0 if raw[0] == "#" else raw.find(" #") + 1
    if at == 0 and raw[0] != "#":
        return raw.rstrip(" ")
    if raw[at + 1 : at + 2] not in ("", " ", "#"):
        raise _Refused
    return raw[:at].rstrip(" ") or None


def _plain(raw: str) -> bool:
    """Whether YAML reads *raw*, unquoted, as this very string."""
    return not (raw[0] in _INDICATORS or ": " in raw or raw[-1] == ":" or raw in NULLS)


def _value(raw: str) -> tuple[str, bool]:
    """(value, plain) of a one-line scalar as written (*raw*)."""
    if _plain(raw):
        return raw, True
    first = raw[0]
    if first != '"' and first != "'":
        raise _Refused
    inner = raw[1:-1]
    if len(raw) < 2 or raw[-1] != first or (first == '"' and ('"' in inner or "\\" in inner)) \
            or (first == "'" and "'" in inner.replace("''", "")):
        raise _Refused
    return (inner if first == '"' else inner.replace("''", "'")), False


def _span(line: int, start: int, raw: str) -> Span:
    """Where *raw*, written at column *start* (0-based) of *line*, stands."""
    return _new(Span, (line, start + 1, line, start + len(raw) + 1))


def _ids(raw: str, start: int, line: int) -> list[Ref]:
    """The ids of a flow list `[a, b]` written at column *start* (0-based) of *line*."""
    if _FLOW.fullmatch(raw) is None:
        raise _Refused
    inner = raw[1:-1]
    rest = inner.replace(", ", "")
    if "," in rest or " " in rest:  # spaced otherwise than `[a, b]`: each id found where it is
        return [_new(Ref, (match.group(), _span(line, start + match.start(), match.group())))
                for match in _FLOW_ID.finditer(raw)]
    refs = []
    begin = start + 2  # 1-based, after `[`
    for cid in inner.split(", ") if inner else ():
        end = begin + len(cid)
        refs.append(_new(Ref, (cid, _new(Span, (line, begin, line, end)))))
        begin = end + 2
    return refs


class _Lines:
    """The reading: the model so far, and where in the layout the next line may be."""

    def __init__(self, path: Path) -> None:
        self.model = ArgumentFile(path)
        self.top: set[str] = set()  # the top-level keys read
        self.fields: set[str] = set()  # the fields of the claim being read, or of the source
        self.lists: list[tuple[str, list[Ref]]] = []  # the claim's reasons and objections, as read
        self.links = 0
        self.source_indent = 0  # of the source's fields

    def read(self, text: str) -> ArgumentFile | None:
        try:
            return self._read(text)
        except _Refused:
            return None

    def _read(self, text: str) -> ArgumentFile:
        """One pass over the lines. Most are a claim's field, read here without a call; the
        rest (`id:` lines, list items, top-level keys and the source) are few."""
        claims = self.model.claims
        fields = self.fields
        entry_indent, field_indent = 0, -1  # of the claims' ids, and of the fields of the claim being read
        claim: Claim | None = None
        items: list[Ref] | None = None  # the list whose `- id` lines are being read, if any
        items_indent = -1  # its items' indent, once the first is read
        items_floor = 0  # the indent of its key: its items are not written left of it
        section = ""  # the top-level key whose lines are being read: "claims", "source" or "theses"
        for number, line in enumerate(text.split("\n"), 1):
            match = _KEY_LINE.fullmatch(line)
            if match is None:  # an item, a comment, a blank line, or refused
                content = line.strip(" ")
                if not content or content[0] == "#":
                    continue
                indent = len(line) - len(line.lstrip(" "))
                if items is None or content[:2] != "- " or indent < items_floor or indent != items_indent >= 0:
                    raise _Refused
                items_indent = indent
                rest = content[2:]
                item = rest.lstrip(" ")
                begin = indent + 3 + len(rest) - len(item)
                if "#" in item:
                    item = _uncommented(item) or ""
                if ID_PATTERN.fullmatch(item) is None or (section == "theses" and item in NULLS):
                    raise _Refused
                items.append(_new(Ref, (item, _new(Span, (number, begin, number, begin + len(item))))))
                continue
            spaces, name, raw = match.groups()
            indent = len(spaces)
            if items is not None:
                if items_indent < 0:  # `reasons:` with nothing under it: a null, which YAML reads otherwise
                    raise _Refused
                items = None
            if raw is not None:
                if "#" in raw:
                    raw = _uncommented(raw)
                elif raw[-1] == " ":
                    raw = raw.rstrip(" ")
            if indent != field_indent or claim is None:  # not another field of the claim being read
                if indent == 0:
                    self._end_claim(claim)
                    claim, field_indent = None, -1
                    section = self._top(name, raw, match.start(3), number)
                    if section == "theses":
                        items, items_indent, items_floor = self.model.theses, -1, 0
                    continue
                if section == "source":
                    self._source(name, raw, match.start(3), indent, number)
                    continue
                if section != "claims" or indent < entry_indent:
                    raise _Refused
                if indent == entry_indent or not entry_indent:  # `id:` opens a claim
                    if raw is not None or name in claims:
                        raise _Refused
                    self._end_claim(claim)
                    entry_indent, field_indent = indent, -1
                    claim = claims[name] = Claim(name, _new(Span, (number, indent + 1, number, indent + len(name) + 1)), "")
                    continue
                if claim is None or field_indent >= 0:  # a field left or right of the claim's others
                    raise _Refused
                field_indent = indent
            if name in fields:
                raise _Refused
            fields.add(name)
            if name == "reasons" or name == "objections":
                if raw is None:  # its `- id` lines follow
                    items, items_indent, items_floor = [], -1, indent
                    self.lists.append((name, items))
                else:
                    self._steps(claim, name, _ids(raw, match.start(3), number))
                continue
            if raw is None:
                raise _Refused
            value, plain = _value(raw)
            if name == "text":
                claim.text = value.strip()
                if not claim.text:
                    raise _Refused
            elif name == "evidence" or name == "quote":
                if not value.strip():
                    raise _Refused
                if name == "quote":
                    claim.quotes.append(_new(Text, (value, _span(number, match.start(3), raw))))
                else:
                    claim.evidence.append(value)
            elif name == "note":
                claim.note = value
            elif name == "assumption" and plain and value in BOOLS:
                claim.assumption = BOOLS[value]
            else:
                raise _Refused
        if items is not None and items_indent < 0:
            raise _Refused
        self._end_claim(claim)
        if "claims" not in self.top or not claims:
            raise _Refused
        return self.model

    def _top(self, name: str, raw: str | None, start: int, number: int) -> str:
        """A top-level key: the section its lines below belong to ("" when none)."""
        if name in self.top:
            raise _Refused
        self.top.add(name)
        model = self.model
        if name == "argmap" and raw == str(FORMAT_VERSION):
            return ""
        if name == "title" and raw is not None:
            model.title = _value(raw)[0]
            return ""
        if name == "theses":
            model.theses = [] if raw is None else _ids(raw, start, number)
            if any(ref.id in NULLS for ref in model.theses):
                raise _Refused
            return "theses" if raw is None else ""
        if (name == "claims" or name == "source") and raw is None:
            if name == "source":
                model.source = Source()
            return name
        raise _Refused

    def _source(self, name: str, raw: str | None, start: int, indent: int, number: int) -> None:
        source = self.model.source
        if source is None or raw is None or name not in SOURCE_KEYS or name in self.fields \
                or indent != (self.source_indent or indent):
            raise _Refused
        self.source_indent = indent
        self.fields.add(name)
        value = _value(raw)[0]
        if name == "path":
            source.path = _new(Text, (value, _span(number, start, raw)))
        else:
            setattr(source, name, value)
        if source.path is not None and source.text is not None:
            raise _Refused

    def _steps(self, claim: Claim, name: str, refs: list[Ref]) -> None:
        """The claim's reasons or objections, one premise each, as the YAML reader makes them."""
        if name == "reasons":
            into: list[Any] = claim.reasons
            kind: type[Reason] | type[Attack] = Reason
        else:
            into, kind = claim.objections, Attack
        cid = claim.id
        for ref in refs:
            into.append(kind(cid, len(into), [ref], ref.span))
        self.links += len(refs)

    def _end_claim(self, claim: Claim | None) -> None:
        """The claim read so far, complete: its `- id` lists made into steps, its size counted."""
        if claim is not None:
            if "text" not in self.fields:
                raise _Refused
            if self.lists:
                for name, refs in self.lists:
                    self._steps(claim, name, refs)
                self.lists = []
            if self.links > MAX_LINKS or len(self.model.claims) > MAX_CLAIMS:
                raise _Refused
        self.fields.clear()
