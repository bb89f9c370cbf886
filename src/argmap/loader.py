"""Node tree to :class:`~argmap.model.ArgumentFile`, reporting schema problems.

The walk follows the format's fixed shape, so its depth is bounded by the
schema, never by the input. Every problem is collected rather than raised: a
user fixing a file wants all of its mistakes at once, as from any linter.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from argmap.findings import Problem
from argmap.model import START, ArgumentFile, Claim, Reason, Ref, Source, Span, Text
from argmap.yamltree import Mapping, Node, Scalar, Sequence, YamlSyntaxError, compose, decode

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


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` when a close choice exists, else ``""``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def load_path(path: Path) -> LoadResult:
    """Read and load one claim file; I/O errors are left to the caller (exit 2)."""
    return load_bytes(path.read_bytes(), path)


def load_bytes(data: bytes, path: Path) -> LoadResult:
    try:
        root, tag_problems = compose(decode(data))
    except YamlSyntaxError as error:
        return LoadResult(None, [Problem(SYNTAX, error.message, error.span)])
    walker = _Walker(path)
    walker.problems.extend(Problem(SCHEMA, message, span) for message, span in tag_problems)
    return LoadResult(walker.file(root), walker.problems)


class _Walker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, message: str, span: Span, claim: str | None = None, code: str = SCHEMA) -> None:
        self.problems.append(Problem(code, message, span, claim))

    # -- generic shapes -------------------------------------------------

    def mapping(
        self, node: Node, allowed: tuple[str, ...], where: str, claim: str | None = None, ids: bool = False
    ) -> dict[str, tuple[Scalar, Node]] | None:
        """Key -> (key node, value node); unknown, duplicate and non-string keys reported.

        With *ids*, the keys are claim ids and a duplicate concerns that claim.
        """
        if not isinstance(node, Mapping):
            self.problem(f"{where} must be a mapping, not {_kind(node)}", node.span, claim)
            return None
        result: dict[str, tuple[Scalar, Node]] = {}
        for key, value in node.pairs:
            if not isinstance(key, Scalar):
                self.problem(f"keys of {where} must be strings, not {_kind(key)}", key.span, claim)
            elif key.value in result:
                first = result[key.value][0].span.line
                self.problem(
                    f"duplicate key '{key.value}' in {where} (first on line {first}); this one is ignored",
                    key.span,
                    key.value if ids else claim,
                    DUPLICATE,
                )
            elif allowed and key.value not in allowed:
                hint = did_you_mean(key.value, allowed) or f" (expected one of: {', '.join(allowed)})"
                self.problem(f"unknown key '{key.value}' in {where}{hint}", key.span, claim)
            else:
                result[key.value] = (key, value)
        return result

    def string(self, node: Node, where: str, claim: str | None = None) -> str | None:
        """A scalar's text as written: ``text: 2025`` is the string '2025', not an int."""
        if isinstance(node, Scalar) and not node.is_null:
            return node.value
        self.problem(f"{where} must be a string, not {_kind(node)}", node.span, claim)
        return None

    def texts(self, node: Node, where: str, claim: str | None = None, single: bool = False) -> list[Text]:
        """A list of strings; with *single*, one string stands for a list of one."""
        if single and isinstance(node, Scalar) and not node.is_null:
            return [Text(node.value, node.span)]
        if not isinstance(node, Sequence):
            what = "a string or a list of strings" if single else "a list"
            self.problem(f"{where} must be {what}, not {_kind(node)}", node.span, claim)
            return []
        out = []
        for item in node.items:
            value = self.string(item, f"each item of {where}", claim)
            if value is not None:
                out.append(Text(value, item.span))
        return out

    def ref(self, node: Node, where: str, claim: str | None) -> Ref | None:
        value = self.string(node, where, claim)
        if value is None:
            return None
        if not ID_PATTERN.fullmatch(value):
            self.problem(f"'{value}' in {where} is not a valid id ({_ID_RULE})", node.span, claim)
            return None
        return Ref(value, node.span)

    def refs(self, node: Node, where: str, claim: str | None) -> list[Ref]:
        if not isinstance(node, Sequence):
            self.problem(f"{where} must be a list of ids, not {_kind(node)}", node.span, claim)
            return []
        return [r for item in node.items if (r := self.ref(item, f"{where}", claim)) is not None]

    # -- the format -------------------------------------------------------

    def file(self, root: Node | None) -> ArgumentFile | None:
        if root is None:
            self.problem("the file is empty: expected a mapping with 'claims'", START)
            return None
        fields = self.mapping(root, TOP_KEYS, "the file")
        if fields is None:
            return None
        model = ArgumentFile(self.path)
        self.version(fields.get("argmap"))
        if "title" in fields:
            model.title = self.string(fields["title"][1], "'title'")
        if "source" in fields:
            model.source = self.source(fields["source"][1])
        if "theses" in fields:
            model.theses = self.refs(fields["theses"][1], "'theses'", None)
        if "ignore" in fields:
            model.ignore = self.texts(fields["ignore"][1], "'ignore'")
        if "claims" not in fields:
            self.problem("the file has no 'claims' mapping", root.span)
            return model
        claims = self.mapping(fields["claims"][1], (), "'claims'", ids=True)
        for cid, (key, value) in (claims or {}).items():
            if not ID_PATTERN.fullmatch(cid):
                self.problem(f"claim id '{cid}' is not valid ({_ID_RULE})", key.span, cid)
                continue
            claim = self.claim(cid, key, value)
            if claim is not None:
                model.claims[cid] = claim
        return model

    def version(self, field_: tuple[Scalar, Node] | None) -> None:
        if field_ is None:
            return
        node = field_[1]
        if not (isinstance(node, Scalar) and node.as_int() == FORMAT_VERSION):
            shown = node.value if isinstance(node, Scalar) else _kind(node)
            self.problem(f"'argmap' is the format version and must be 1, not {shown}", node.span)

    def source(self, node: Node) -> Source | None:
        fields = self.mapping(node, SOURCE_KEYS, "'source'")
        if fields is None:
            return None
        source = Source()
        for name in ("title", "date", "url"):
            if name in fields:
                setattr(source, name, self.string(fields[name][1], f"'source.{name}'"))
        if "path" in fields:
            node = fields["path"][1]
            value = self.string(node, "'source.path'")
            source.path = Text(value, node.span) if value is not None else None
        return source

    def claim(self, cid: str, key: Scalar, node: Node) -> Claim | None:
        fields = self.mapping(node, CLAIM_KEYS, f"claim '{cid}'", cid)
        if fields is None:
            return None
        where = f"claim '{cid}'"
        text = None
        if "text" not in fields:
            self.problem(f"{where} has no 'text'", key.span, cid)
        else:
            text = self.string(fields["text"][1], f"'text' of {where}", cid)
            if text is not None and not text.strip():
                self.problem(f"'text' of {where} is empty", fields["text"][1].span, cid)
        claim = Claim(cid, key.span, (text or "").strip())
        parsers: dict[str, Callable[[Node], None]] = {
            "reasons": lambda n: self.reasons(claim, n),
            "objections": lambda n: claim.objections.extend(self.refs(n, f"'objections' of {where}", cid)),
            "quote": lambda n: claim.quotes.extend(self.texts(n, f"'quote' of {where}", cid, single=True)),
            "evidence": lambda n: claim.evidence.extend(
                t.value for t in self.texts(n, f"'evidence' of {where}", cid, single=True)
            ),
            "assumption": lambda n: self.assumption(claim, n),
            "note": lambda n: setattr(claim, "note", self.string(n, f"'note' of {where}", cid)),
            "tags": lambda n: claim.tags.extend(t.value for t in self.texts(n, f"'tags' of {where}", cid)),
            "ignore": lambda n: claim.ignore.extend(self.texts(n, f"'ignore' of {where}", cid)),
        }
        for name, (_, value) in fields.items():
            if name in parsers:
                parsers[name](value)
        return claim

    def assumption(self, claim: Claim, node: Node) -> None:
        value = node.as_bool() if isinstance(node, Scalar) else None
        if value is None:
            self.problem(f"'assumption' of claim '{claim.id}' must be true or false", node.span, claim.id)
        else:
            claim.assumption = value

    def reasons(self, claim: Claim, node: Node) -> None:
        where = f"'reasons' of claim '{claim.id}'"
        if not isinstance(node, Sequence):
            self.problem(f"{where} must be a list, not {_kind(node)}", node.span, claim.id)
            return
        for item in node.items:
            reason = self.reason(claim.id, len(claim.reasons), item, where)
            if reason is not None:
                claim.reasons.append(reason)

    def reason(self, cid: str, index: int, node: Node, where: str) -> Reason | None:
        """One of the three forms: ``id``, ``[id, id]``, or a mapping with ``premises``."""
        if isinstance(node, Scalar):
            ref = self.ref(node, where, cid)
            return Reason(cid, index, [ref], node.span) if ref else None
        if isinstance(node, Sequence):
            premises = self.refs(node, f"a linked reason in {where}", cid)
            if not node.items:
                self.problem(f"a linked reason in {where} has no premises", node.span, cid)
            return Reason(cid, index, premises, node.span) if premises else None
        fields = self.mapping(node, REASON_KEYS, f"a reason in {where}", cid)
        if fields is None:
            return None
        if "premises" not in fields:
            self.problem(f"a reason in {where} has no 'premises'", node.span, cid)
            return None
        premises_node = fields["premises"][1]
        if isinstance(premises_node, Scalar) and not premises_node.is_null:
            premises = [r] if (r := self.ref(premises_node, "'premises'", cid)) else []
        else:
            premises = self.refs(premises_node, f"'premises' of a reason in {where}", cid)
            if isinstance(premises_node, Sequence) and not premises_node.items:
                self.problem(f"'premises' of a reason in {where} is empty", premises_node.span, cid)
        if not premises:
            return None
        reason = Reason(cid, index, premises, node.span)
        if "label" in fields:
            reason.label = self.string(fields["label"][1], "'label'", cid)
        if "objections" in fields:
            reason.objections = self.refs(fields["objections"][1], f"'objections' of a reason in {where}", cid)
        return reason


_ID_RULE = "a letter or digit, then letters, digits, '-', '_' or '.'"


def _kind(node: Node) -> str:
    if isinstance(node, Scalar):
        if node.is_null:
            return "null"
        return "a string" if not node.plain else f"'{node.value}'"
    return "a list" if isinstance(node, Sequence) else "a mapping"
