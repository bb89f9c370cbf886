"""Node tree to :class:`~argmap.model.ArgumentFile`, reporting schema problems.

The walk follows the format's fixed shape, so its depth is bounded by the
schema, never by the input. Every problem is collected rather than raised: a
user fixing a file wants all of its mistakes at once, as from any linter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from argmap.findings import Problem, did_you_mean, quoted
from argmap.model import START, ArgumentFile, Claim, Reason, Ref, Source, Span, Text
from argmap.read.yamltree import (
    Mapping,
    Node,
    Scalar,
    Sequence,
    YamlSyntaxError,
    as_bool,
    as_int,
    compose,
    decode,
    describe,
    is_null,
    span,
)

ID_PATTERN = re.compile(r"[^\W_][\w.\-]*")
FORMAT_VERSION = 1

TOP_KEYS = ("argmap", "title", "source", "theses", "ignore", "claims")
SOURCE_KEYS = ("title", "date", "url", "path")
CLAIM_KEYS = ("text", "reasons", "objections", "quote", "evidence", "assumption", "note", "tags", "ignore")
REASON_KEYS = ("premises", "label", "objections")

SYNTAX, SCHEMA, DUPLICATE = "AM001", "AM002", "AM003"


@dataclass
class LoadResult:
    """The model (None when the file has no usable top-level mapping) and what was wrong."""

    model: ArgumentFile | None
    problems: list[Problem] = field(default_factory=list)


def load_path(path: Path) -> LoadResult:
    """Read and load one claim file; I/O errors are left to the caller (exit 2)."""
    return load_bytes(path.read_bytes(), path)


#: A JSON escape pair for one character beyond the BMP (an emoji), not itself escaped.
_SURROGATE_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def _join_surrogates(text: str) -> str:
    """JSON writes an emoji as two escaped surrogates, which YAML (and libyaml) refuse."""

    def joined(match: re.Match[str]) -> str:
        high, low = int(match[2], 16), int(match[3], 16)
        return match[1] + chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    return _SURROGATE_PAIR.sub(joined, text)


def load_bytes(data: bytes, path: Path) -> LoadResult:
    try:
        text = decode(data)
        if path.suffix.lower() == ".json" and "\\u" in text:
            text = _join_surrogates(text)
        root, tag_problems = compose(text)
    except YamlSyntaxError as error:
        return LoadResult(None, [Problem(SYNTAX, error.message, error.span)])
    walker = _Walker(path)
    walker.problems.extend(Problem(SCHEMA, message, span) for message, span in tag_problems)
    return LoadResult(walker.file(root), walker.problems)


class _Walker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, message: str, where: Span, claim: str | None = None, code: str = SCHEMA) -> None:
        self.problems.append(Problem(code, message, where, claim))

    # -- generic shapes -------------------------------------------------

    def mapping(
        self, node: Node, allowed: tuple[str, ...], where: str, claim: str | None = None, ids: bool = False
    ) -> dict[str, tuple[Scalar, Node]] | None:
        """Key -> (key node, value node); unknown, duplicate and non-string keys reported.

        With *ids*, the keys are claim ids and a duplicate concerns that claim.
        """
        if type(node) is not Mapping:
            self.problem(f"{where} must be a mapping, not {describe(node)}", span(node), claim)
            return None
        result: dict[str, tuple[Scalar, Node]] = {}
        for key, value in node.pairs():
            if type(key) is not Scalar:
                self.problem(f"keys of {where} must be strings, not {describe(key)}", span(key), claim)
            elif key.value in result:
                first = result[key.value][0].start_mark.line + 1
                self.problem(
                    f"duplicate key {quoted(key.value)} in {where} (first on line {first}); this one is ignored",
                    span(key),
                    key.value if ids else claim,
                    DUPLICATE,
                )
            elif allowed and key.value not in allowed:
                hint = did_you_mean(key.value, allowed) or f" (expected one of: {', '.join(allowed)})"
                if key.value == "<<":
                    hint = ": YAML merge keys are not supported; write the fields out"
                self.problem(f"unknown key {quoted(key.value)} in {where}{hint}", span(key), claim)
            else:
                result[key.value] = (key, value)
        return result

    def string(self, node: Node, where: str, claim: str | None = None) -> str | None:
        """A scalar's text as written: `text: 2025` is the string '2025', not an int."""
        if type(node) is Scalar and not is_null(node):
            return node.value
        self.problem(f"{where} must be a string, not {describe(node)}", span(node), claim)
        return None

    def texts(self, node: Node, where: str, claim: str | None = None, single: bool = False) -> list[Text]:
        """A list of strings; with *single*, one string stands for a list of one.

        Blank strings are refused: an empty quote or evidence would ground a claim
        on nothing.
        """
        items = self.items(node, where, claim, single, "a string or a list of strings" if single else "a list")
        out = []
        for item in items:
            value = self.string(item, f"each item of {where}" if item is not node else where, claim)
            if value is None:
                continue
            if value.strip():
                out.append(Text(value, span(item)))
            else:
                self.problem(f"{where} has an empty string", span(item), claim)
        return out

    def ref(self, node: Node, where: str, claim: str | None) -> Ref | None:
        value = self.string(node, where, claim)
        if value is None:
            return None
        if not ID_PATTERN.fullmatch(value):
            self.problem(f"{quoted(value)} in {where} is not a valid id ({_ID_RULE})", span(node), claim)
            return None
        return Ref(value, span(node))

    def refs(self, node: Node, where: str, claim: str | None, single: bool = False) -> list[Ref]:
        """A list of ids; with *single*, one id stands for a list of one."""
        items = self.items(node, where, claim, single, "an id or a list of ids" if single else "a list of ids")
        return [r for item in items if (r := self.ref(item, where, claim)) is not None]

    def items(self, node: Node, where: str, claim: str | None, single: bool, what: str) -> list[Node]:
        """The items of a list, or with *single* a lone scalar as a list of one; [] and a problem otherwise."""
        if single and type(node) is Scalar and not is_null(node):
            return [node]
        if type(node) is Sequence:
            return node.items
        self.problem(f"{where} must be {what}, not {describe(node)}", span(node), claim)
        return []

    # -- the format -------------------------------------------------------

    def file(self, root: Node | None) -> ArgumentFile | None:
        if root is None:
            self.problem("the file is empty: expected a mapping with 'claims'", START)
            return None
        fields = self.mapping(root, TOP_KEYS, "the file")
        if fields is None:
            return None
        model = ArgumentFile(self.path)
        if "argmap" in fields:
            self.version(fields["argmap"][1])
        if "title" in fields:
            model.title = self.string(fields["title"][1], "'title'")
        if "source" in fields:
            model.source = self.source(fields["source"][1])
        if "theses" in fields:
            model.theses = self.refs(fields["theses"][1], "'theses'", None)
        if "ignore" in fields:
            model.ignore = self.texts(fields["ignore"][1], "'ignore'")
        if "claims" not in fields:
            self.problem("the file has no 'claims' mapping", span(root))
            return model
        claims = self.mapping(fields["claims"][1], (), "'claims'", ids=True)
        for cid, (key, value) in (claims or {}).items():
            if not ID_PATTERN.fullmatch(cid):
                self.problem(f"claim id {quoted(cid)} is not valid ({_ID_RULE})", span(key), cid)
                continue
            claim = self.claim(cid, key, value)
            if claim is not None:
                model.claims[cid] = claim
            else:
                model.unreadable.add(cid)
        return model

    def version(self, node: Node) -> None:
        if as_int(node) != FORMAT_VERSION:
            self.problem(f"'argmap' is the format version and must be 1, not {describe(node)}", span(node))

    def source(self, node: Node) -> Source | None:
        fields = self.mapping(node, SOURCE_KEYS, "'source'")
        if fields is None:
            return None
        source = Source()
        for name in ("title", "date", "url"):
            if name in fields:
                setattr(source, name, self.string(fields[name][1], f"'source.{name}'"))
        if "path" in fields:
            value_node = fields["path"][1]
            value = self.string(value_node, "'source.path'")
            source.path = Text(value, span(value_node)) if value is not None else None
        return source

    def claim(self, cid: str, key: Scalar, node: Node) -> Claim | None:
        where = f"claim '{cid}'"
        fields = self.mapping(node, CLAIM_KEYS, where, cid)
        if fields is None:
            return None
        text = None
        if "text" not in fields:
            self.problem(f"{where} has no 'text'", span(key), cid)
        else:
            text = self.string(fields["text"][1], f"'text' of {where}", cid)
            if text is not None and not text.strip():
                self.problem(f"'text' of {where} is empty", span(fields["text"][1]), cid)
        claim = Claim(cid, span(key), (text or "").strip())
        for name, (_, value) in fields.items():
            if name != "text":
                _CLAIM_FIELDS[name](self, claim, value, f"'{name}' of {where}")
        return claim

    def reasons(self, claim: Claim, node: Node, where: str) -> None:
        if type(node) is not Sequence:
            self.problem(f"{where} must be a list, not {describe(node)}", span(node), claim.id)
            return
        for item in node.items:
            reason = self.reason(claim.id, len(claim.reasons), item, where)
            if reason is not None:
                claim.reasons.append(reason)

    def reason(self, cid: str, index: int, node: Node, where: str) -> Reason | None:
        """One of the three forms: `id`, `[id, id]`, or a mapping with `premises`."""
        if type(node) is Scalar:
            ref = self.ref(node, where, cid)
            return Reason(cid, index, [ref], ref.span) if ref else None
        if type(node) is Sequence:
            premises = self.refs(node, f"a linked reason in {where}", cid)
            if not node.items:
                self.problem(f"a linked reason in {where} has no premises", span(node), cid)
            return Reason(cid, index, premises, span(node)) if premises else None
        fields = self.mapping(node, REASON_KEYS, f"a reason in {where}", cid)
        if fields is None:
            return None
        if "premises" not in fields:
            self.problem(f"a reason in {where} has no 'premises'", span(node), cid)
            return None
        premises_node = fields["premises"][1]
        premises = self.refs(premises_node, f"'premises' of a reason in {where}", cid, single=True)
        if type(premises_node) is Sequence and not premises_node.items:
            self.problem(f"'premises' of a reason in {where} is empty", span(premises_node), cid)
        if not premises:
            return None
        reason = Reason(cid, index, premises, span(node))
        if "label" in fields:
            reason.label = self.string(fields["label"][1], "'label'", cid)
        if "objections" in fields:
            reason.objections = self.refs(fields["objections"][1], f"'objections' of a reason in {where}", cid)
        return reason

    def assumption(self, claim: Claim, node: Node, where: str) -> None:
        value = as_bool(node)
        if value is None:
            self.problem(f"{where} must be true or false, not {describe(node)}", span(node), claim.id)
        else:
            claim.assumption = value

    def objections(self, claim: Claim, node: Node, where: str) -> None:
        claim.objections.extend(self.refs(node, where, claim.id))

    def quote(self, claim: Claim, node: Node, where: str) -> None:
        claim.quotes.extend(self.texts(node, where, claim.id, single=True))

    def evidence(self, claim: Claim, node: Node, where: str) -> None:
        claim.evidence.extend(t.value for t in self.texts(node, where, claim.id, single=True))

    def note(self, claim: Claim, node: Node, where: str) -> None:
        claim.note = self.string(node, where, claim.id)

    def tags(self, claim: Claim, node: Node, where: str) -> None:
        claim.tags.extend(t.value for t in self.texts(node, where, claim.id))

    def ignore(self, claim: Claim, node: Node, where: str) -> None:
        claim.ignore.extend(self.texts(node, where, claim.id))


#: claim key -> how its value is read (every CLAIM_KEYS entry but 'text')
_CLAIM_FIELDS = {name: getattr(_Walker, name) for name in CLAIM_KEYS if name != "text"}

_ID_RULE = "a letter or digit, then letters, digits, '-', '_' or '.'"
