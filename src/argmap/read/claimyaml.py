"""A claim file read through libyaml: its node tree to the model, reporting every problem.

The walk follows the format's fixed shape; the one part that nests as deep as
the input likes (objections to objections) is read with a work list, never by
recursion. Every problem is collected rather than raised: a user fixing a file
wants all of its mistakes at once, as from any linter. Where a slip has an
obvious intent (a claim indented one level too deep or too shallow), the claim
is read as meant and the slip reported, so that one mistake does not turn into
a screenful of knock-on findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argmap.findings import Problem, did_you_mean, quoted
from argmap.model import (
    START,
    ArgumentFile,
    Attack,
    Claim,
    Inference,
    Reason,
    Ref,
    Source,
    Span,
    Text,
    describe_node,
)
from argmap.read import LoadResult
from argmap.read.claimfile import (
    BOOLS,
    CLAIM_KEYS,
    FORMAT_VERSION,
    ID_PATTERN,
    ID_RULE,
    KEPT_KEYS,
    MAX_CLAIMS,
    MAX_LINKS,
    NULLS,
    SOURCE_KEYS,
    STEP_KEYS,
    TOP_KEYS,
)
from argmap.read.yamltree import (
    Feed,
    Mapping,
    Node,
    Scalar,
    Sequence,
    YamlSyntaxError,
    as_bool,
    as_int,
    compose,
    describe,
    is_null,
    plain,
    scalar_text,
    span,
)
from argmap.rules.duplicate_id import CODE as DUPLICATE_ID
from argmap.rules.schema import CODE as SCHEMA
from argmap.rules.syntax_error import CODE as SYNTAX_ERROR

_HASH_WORD = re.compile(r"[ \t]#[^\s#]")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # a line break as libyaml counts them
_new_span = _new_ref = tuple.__new__  # a NamedTuple built without its Python-level __new__
_CLAIM_KEY_SET = frozenset(CLAIM_KEYS)
#: the claim keys whose value decides whether a claim is accepted
_BEARING = ("reasons", "objections", "quote", "evidence", "assumption")


class TooLarge(Exception):
    """The file holds more than argmap reads in one file."""

    def __init__(self, where: Span) -> None:
        super().__init__(f"the file holds more than {MAX_CLAIMS:,} claims or {MAX_LINKS:,} premises and "
                         "objections, more than argmap reads in one file: split the map into several files")
        self.span = where


def load_yaml(text: str, path: Path) -> LoadResult:
    """The file read through libyaml: any form YAML allows, every problem reported."""
    try:
        walker = _Walker(path, text)
        root, tag_problems = compose(text, walker.claim_entry)  # claims are read as they complete
    except YamlSyntaxError as error:
        return LoadResult(None, [Problem(SYNTAX_ERROR, error.message, error.span)])
    except TooLarge as error:
        return LoadResult(None, [Problem(SCHEMA, str(error), error.span)])
    walker.problems.extend(Problem(SCHEMA, message, span) for message, span in tag_problems)
    return LoadResult(walker.file(root), walker.problems)


def _hashed_lines(text: str) -> set[int]:
    """0-based numbers of the lines where ' #' is followed by a word (one pass; most files have none)."""
    lines: set[int] = set()
    if "#" not in text:
        return lines
    line, counted = 0, 0
    for match in _HASH_WORD.finditer(text):
        line += len(_BREAK.findall(text, counted, match.start()))
        counted = match.start()
        lines.add(line)
    return lines


def _looks_like_claim(node: Node) -> bool:
    """A mapping with a 'text' key: what a claim is, wherever it was written."""
    return type(node) is Mapping and any(type(k) is Scalar and k.value == "text" for k in node.items[0::2])


class _Walker:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        #: lines where ' #' is followed by a word: only values on them can have lost text to a comment
        self.hashed = _hashed_lines(text)
        self.valid_ids: dict[str, bool] = {}
        self.claim_keys: dict[str, int] = {}  # the keys of `claims` seen, and their lines, for duplicates
        self.links = 0  # premises of reasons and objections read so far (see MAX_LINKS)
        self.reading = ""  # the claim being read
        self.problems: list[Problem] = []
        self.claims: dict[str, Claim] = {}
        self.unknown_keys: list[str] = []
        #: claims found where no claim belongs, read after the others (no recursion)
        self.strays: list[tuple[str, Node, Node]] = []

    def problem(self, message: str, where: Span, claim: str | None = None, code: str = SCHEMA) -> None:
        self.problems.append(Problem(code, message, where, claim))

    # -- generic shapes -------------------------------------------------

    def mapping(
        self, node: Node, allowed: tuple[str, ...], where: str, claim: str | None = None,
        stray: Callable[[str, Node, Node], bool] | None = None,
    ) -> dict[str, tuple[Node, Node]] | None:
        """Key -> (key node, value node); unknown, duplicate and non-string keys reported.

        *stray* may take an unknown key (a misplaced claim) and say it did.
        """
        if type(node) is not Mapping:
            self.problem(f"{where} must be a mapping, not {describe(node)}", span(node), claim)
            return None
        result: dict[str, tuple[Node, Node]] = {}
        for key, value in node.pairs():
            if type(key) is not Scalar:
                self.problem(f"keys of {where} must be strings, not {describe(key)}", span(key), claim)
            elif key.value in result:
                first = result[key.value][0].start_mark.line + 1
                self.problem(
                    f"duplicate key {quoted(key.value)} in {where} (first on line {first}); this one is ignored",
                    span(key),
                    claim,
                    DUPLICATE_ID,
                )
            elif allowed and key.value not in allowed:
                if stray is not None and stray(key.value, key, value):
                    continue
                self.unknown_keys.append(key.value)
                hint = did_you_mean(key.value, allowed) or f" (expected one of: {', '.join(allowed)})"
                if key.value == "<<":
                    hint = ": YAML merge keys are not supported; write the fields out"
                elif is_null(value) and key.start_mark.line == node.start_mark.line and ID_PATTERN.fullmatch(key.value):
                    hint = "; inside { } a ',' starts a new key: write a list as [a, b], or quote the text"
                self.problem(f"unknown key {quoted(key.value)} in {where}{hint}", span(key), claim)
            else:
                result[key.value] = (key, value)
        return result

    def string(self, node: Node, where: str, claim: str | None = None) -> str | None:
        """A scalar's text as written: `text: 2025` is the string '2025', not an int."""
        value = scalar_text(node)
        if value is None:
            self.problem(f"{where} must be a string, not {describe(node)}", span(node), claim)
        elif node.end_mark.line in self.hashed:
            self.comment_check(node, where, claim)
        return value

    def comment_check(self, node: Node, where: str, claim: str | None) -> None:
        """A plain value followed by ` #word` lost that word to a YAML comment; say so.

        `# ` with a space is how people write comments; `#1` or `#MeToo` is text.
        """
        if node.style:
            return
        start = node.end_mark.index
        end = self.text.find("\n", start)
        rest = self.text[start : end if end >= 0 else len(self.text)]
        if rest.startswith((" #", "\t#")) and rest.lstrip()[1:2] not in ("", " ", "\t", "#"):
            cut = rest.strip()
            self.problem(
                f"{where} stops before {quoted(cut, 30)}: YAML reads ' #' as the start of a comment; "
                "put the whole value in quotes",
                span(node), claim,
            )

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
        if not self.is_id(value):
            self.problem(f"{quoted(value)} in {where} is not a valid id ({ID_RULE})", span(node), claim)
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
        hint = ""
        if type(node) is Scalar and ("," in node.value or " " in node.value.strip()) and "id" in what:
            hint = "; write [a, b] for a list"
        self.problem(f"{where} must be {what}, not {describe(node)}{hint}", span(node), claim)
        return []

    # -- the format -------------------------------------------------------

    def file(self, root: Node | None) -> ArgumentFile | None:
        if root is None:
            self.problem("the file is empty: expected a mapping with 'claims'", START)
            return None
        fields = self.mapping(root, TOP_KEYS, "the file", stray=self.top_level_claim)
        if fields is None:
            if type(root) is Sequence:
                self.problems[-1] = Problem(SCHEMA, self.problems[-1].message + ": a claim file is a mapping with 'claims'", span(root))
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
        for name in KEPT_KEYS:
            if name in fields:
                kept = fields[name][1]
                if type(kept) is Mapping:
                    model.kept[name] = plain(kept)
                else:
                    self.problem(f"'{name}' holds what a {name} map has beyond claims, and must be a mapping, "
                                 f"not {describe(kept)}", span(kept))
        if "claims" not in fields:
            if not self.strays:
                self.problem("the file has no 'claims' mapping", span(root))
        else:
            self.all_claims(fields["claims"][1])
        while self.strays:
            self.add_claim(*self.strays.pop(0))
        model.claims = self.claims
        return model

    def all_claims(self, node: Node) -> None:
        """The `claims` mapping, when the composer did not hand its entries over as they came."""
        if type(node) is Sequence and node.items and all(type(item) is Mapping for item in node.items):
            self.problem(
                "'claims' must be a mapping from id to claim, not a list: write 'id:' where you wrote '- id:'",
                span(node),
            )
            return
        if type(node) is not Mapping:
            self.problem(f"'claims' must be a mapping, not {describe(node)}", span(node))
            return
        if type(node.items) is not Feed:
            for key, value in node.pairs():
                self.claim_entry(key, value)
        if not self.claims and not self.claim_keys and not self.strays:
            self.problem("'claims' is empty: a claim file needs at least one claim", span(node))

    def claim_entry(self, key: Node, value: Node) -> None:
        """One `id: claim` entry of `claims`."""
        if type(key) is not Scalar:
            self.problem(f"keys of 'claims' must be strings, not {describe(key)}", span(key))
            return
        first = self.claim_keys.get(key.value)
        if first is not None:
            self.problem(f"duplicate key {quoted(key.value)} in 'claims' (first on line {first}); "
                         "this one is ignored", span(key), key.value, DUPLICATE_ID)
            return
        self.claim_keys[key.value] = key.start_mark.line + 1
        self.add_claim(key.value, key, value)

    def is_id(self, value: str) -> bool:
        """Whether *value* is a valid id; each distinct value is matched once."""
        valid = self.valid_ids.get(value)
        if valid is None:
            valid = self.valid_ids[value] = ID_PATTERN.fullmatch(value) is not None
        return valid

    def add_claim(self, cid: str, key: Node, value: Node) -> None:
        if not self.is_id(cid):
            self.problem(f"claim id {quoted(cid)} is not valid ({ID_RULE})", span(key), cid)
            return
        if cid in self.claims:
            first = self.claims[cid].span.line
            self.problem(f"claim '{cid}' is defined twice (first on line {first}); this one is ignored",
                         span(key), cid, DUPLICATE_ID)
            return
        claim = self.claims[cid] = self.claim(cid, key, value)
        self.links += len(claim.objections) + sum(len(reason.premises) for reason in claim.reasons)
        if len(self.claims) > MAX_CLAIMS or self.links > MAX_LINKS:
            raise TooLarge(span(key))

    def stray(self, name: str, key: Node, value: Node, place: str, fix: str) -> bool:
        """Take an unknown key that is plainly a claim (it has 'text') as one, reporting where it was."""
        if not _looks_like_claim(value) or not self.is_id(name):
            return False
        self.problem(f"claim '{name}' is {place}: {fix}; it is read as a claim", span(key), name)
        self.strays.append((name, key, value))
        return True

    def top_level_claim(self, name: str, key: Node, value: Node) -> bool:
        return self.stray(name, key, value, "at the top level", "indent it under 'claims:'")

    def nested_claim(self, name: str, key: Node, value: Node) -> bool:
        return self.stray(name, key, value, f"nested inside claim '{self.reading}'",
                          "indent it one level less, beside the others")

    def version(self, node: Node) -> None:
        version = as_int(node)
        if version == FORMAT_VERSION:
            return
        newer = " (a newer argmap may read it)" if version is not None and version > FORMAT_VERSION else ""
        self.problem(f"'argmap' is the format version and must be 1, not {describe(node)}{newer}", span(node))

    def source(self, node: Node) -> Source | None:
        if type(node) is Scalar and not is_null(node):
            self.problem(
                f"'source' must be a mapping, not {describe(node)}: write 'source: {{path: {node.value}}}' "
                "for a text file to check quotes against (or 'title:', 'url:', 'date:')",
                span(node),
            )
            return None
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
        if "text" in fields:
            if "path" in fields:
                self.problem("'source' gives both 'path' and 'text': give one (the file to read, or the text itself)",
                             span(fields["text"][0]))
            else:
                source.text = self.string(fields["text"][1], "'source.text'")
        return source

    def claim(self, cid: str, key: Node, node: Node) -> Claim:
        """The claim as far as it can be read; `incomplete` when a part that bears on acceptance could not be."""
        self.reading = cid
        return self.plain_claim(cid, key, node) or self.any_claim(cid, key, node)

    def plain_claim(self, cid: str, key: Node, node: Node) -> Claim | None:
        """The claim, if it is written in the plain forms nearly every claim uses, else None.

        One function with no calls per value: a claim file of 100,000 claims spends
        most of its reading time here. Anything else (long and linked forms, odd
        values, anything to report) is left to `any_claim`, which reads every form;
        tests check that both read plain claims alike.
        """
        if type(node) is not Mapping:
            return None
        items = node.items
        hashed = self.hashed
        valid = self.valid_ids
        start, end = key.start_mark, key.end_mark
        claim = Claim(cid, _new_span(Span, (start.line + 1, start.column + 1, end.line + 1, end.column + 1)), "")
        seen: set[str] = set()
        for i in range(0, len(items), 2):
            name_node, value = items[i], items[i + 1]
            if type(name_node) is not Scalar or name_node.tag is not None:
                return None
            name = name_node.value
            if name in seen:
                return None
            seen.add(name)
            kind = type(value)
            if kind is Scalar:
                if value.tag is not None or value.anchor is not None or (not value.style and value.value in NULLS):
                    return None
                if value.end_mark.line in hashed:
                    return None
                text = value.value
                if name == "text" or name == "note":
                    if name == "text":
                        claim.text = text.strip()
                        if not claim.text:
                            return None
                    else:
                        claim.note = text
                    continue
                if name == "assumption" and not value.style and text in BOOLS:
                    claim.assumption = BOOLS[text]
                    continue
                if (name == "quote" or name == "evidence") and text.strip():
                    start, end = value.start_mark, value.end_mark
                    if name == "quote":
                        claim.quotes.append(Text(text, _new_span(
                            Span, (start.line + 1, start.column + 1, end.line + 1, end.column + 1))))
                    else:
                        claim.evidence.append(text)
                    continue
                return None
            if kind is not Sequence or value.anchor is not None:
                return None
            if name == "reasons" or name == "objections":
                step_kind = Reason if name == "reasons" else Attack
                into: list[Any] = claim.reasons if name == "reasons" else claim.objections
                for item in value.items:
                    if type(item) is not Scalar or item.tag is not None or item.anchor is not None:
                        return None
                    text = item.value
                    ok = valid.get(text)
                    if ok is None:
                        ok = valid[text] = ID_PATTERN.fullmatch(text) is not None
                    if not ok or item.end_mark.line in hashed:
                        return None
                    start, end = item.start_mark, item.end_mark
                    at = _new_span(Span, (start.line + 1, start.column + 1, end.line + 1, end.column + 1))
                    into.append(step_kind(cid, len(into), [_new_ref(Ref, (text, at))], at))
                continue
            return None
        return claim if "text" in seen else None

    def any_claim(self, cid: str, key: Node, node: Node) -> Claim:
        """A claim in any form, every problem reported."""
        keys = node.items[0::2] if type(node) is Mapping else None
        if not (keys and all(type(k) is Scalar for k in keys) and _CLAIM_KEY_SET.issuperset(names := [k.value for k in keys])
                and len(set(names)) == len(names) and "text" in names):
            return self.irregular_claim(cid, key, node)
        # the common case: every key known, once
        return self.fields(Claim(cid, span(key), ""), zip(names, node.items[1::2], strict=True))

    def fields(self, claim: Claim, fields: Iterable[tuple[str, Node]]) -> Claim:
        """*claim* with its fields read; `incomplete` if one that decides it could not be."""
        for name, value in fields:
            if name == "text":
                claim.text = self.claim_text(claim, value)
                continue
            mark = len(self.problems)
            _CLAIM_FIELDS[name](self, claim, value, name)
            if name in _BEARING and len(self.problems) > mark:
                claim.incomplete = True
        return claim

    def claim_text(self, claim: Claim, node: Node) -> str:
        text = scalar_text(node)
        if text is None or node.end_mark.line in self.hashed or not text.strip():
            text = self.string(node, f"'text' of claim '{claim.id}'", claim.id)
            if text is not None and not text.strip():
                self.problem(f"'text' of claim '{claim.id}' is empty", span(node), claim.id)
        return (text or "").strip()

    def irregular_claim(self, cid: str, key: Node, node: Node) -> Claim:
        """A claim with unknown, repeated or missing keys, or none at all: each problem reported."""
        where = f"claim '{cid}'"
        unknown_before = len(self.unknown_keys)
        fields = self.mapping(node, CLAIM_KEYS, where, cid, stray=self.nested_claim)
        if fields is None:
            return Claim(cid, span(key), "", incomplete=True)
        unknown = self.unknown_keys[unknown_before:]
        if "text" not in fields and not any(did_you_mean(name, ("text",)) for name in unknown):
            self.problem(f"{where} has no 'text'", span(key), cid)  # a misspelt 'text' is said once, above
        # an unknown key that may be a misspelt reasons, quote, ... hides what decides the claim
        bearing = any(name == "<<" or did_you_mean(name, _BEARING) for name in unknown)
        return self.fields(Claim(cid, span(key), "", incomplete=bearing),
                           ((name, value) for name, (_, value) in fields.items()))

    def where(self, claim: Claim, name: str) -> str:
        """How a message names a field of a claim (made only when a message needs it)."""
        return f"'{name}' of claim '{claim.id}'"

    def steps(self, claim: Claim, kind: type[Inference], target: str, node: Node, name: str,
              into: list[Any]) -> None:
        """The items of a `reasons` or `objections` list, and of every `objections` nested in them.

        A work list, not recursion: objections to objections nest as deep as the file says.
        """
        pending: list[tuple[type[Inference], str, Node, str | None, list[Any]]] = [(kind, target, node, None, into)]
        while pending:
            kind, target, node, nested, into = pending.pop()
            if type(node) is not Sequence:
                self.not_a_list(claim, kind, node, nested or self.where(claim, name))
                continue
            for item in node.items:
                value = scalar_text(item)
                if value is not None and self.is_id(value) and item.end_mark.line not in self.hashed:
                    at = span(item)  # the common form, one id, read at once
                    into.append(kind(target, len(into), [Ref(value, at)], at))
                    continue
                read = self.step(claim.id, kind, target, len(into), item, nested or self.where(claim, name))
                if read is None:
                    continue
                into.append(read.step)
                if read.objections is not None:
                    inner = f"'objections' of {describe_node(read.step.id)}"
                    pending.append((Attack, read.step.id, read.objections, inner, read.step.objections))

    def not_a_list(self, claim: Claim, kind: type[Inference], node: Node, where: str) -> None:
        hint = ""
        if type(node) is Scalar and not is_null(node):
            ids = [part.strip() for part in node.value.replace(",", " ").split() if part.strip()]
            noun = "reasons" if kind is Reason else "objections"
            hint = (f": write [{', '.join(ids)}] for {len(ids)} {noun}, or [[{', '.join(ids)}]] for one "
                    f"linked {noun[:-1]}" if len(ids) > 1 else f": write [{node.value}]")
        self.problem(f"{where} must be a list, not {describe(node)}{hint}", span(node), claim.id)

    def step(self, cid: str, kind: type[Inference], target: str, index: int, node: Node, where: str) -> _Read | None:
        """One of the three forms: `id`, `[id, id]`, or a mapping with `premises`."""
        noun = "reason" if kind is Reason else "objection"
        if type(node) is Scalar:
            ref = self.ref(node, where, cid)
            return _Read(kind(target, index, [ref], ref.span), None) if ref else None
        if type(node) is Sequence:
            premises = self.refs(node, f"a linked {noun} in {where}", cid)
            if not node.items:
                self.problem(f"a linked {noun} in {where} has no premises", span(node), cid)
            return _Read(kind(target, index, premises, span(node)), None) if premises else None
        fields = self.mapping(node, STEP_KEYS, f"a {noun} in {where}", cid)
        if fields is None:
            return None
        if "premises" not in fields:
            self.problem(f"a {noun} in {where} has no 'premises'", span(node), cid)
            return None
        premises_node = fields["premises"][1]
        premises = self.refs(premises_node, f"'premises' of a {noun} in {where}", cid, single=True)
        if type(premises_node) is Sequence and not premises_node.items:
            self.problem(f"'premises' of a {noun} in {where} is empty", span(premises_node), cid)
        if not premises:
            return None
        step = kind(target, index, premises, span(node))
        if "label" in fields:
            step.label = self.string(fields["label"][1], "'label'", cid)
        return _Read(step, fields["objections"][1] if "objections" in fields else None)

    def reasons(self, claim: Claim, node: Node, name: str) -> None:
        self.steps(claim, Reason, claim.id, node, name, claim.reasons)

    def objections(self, claim: Claim, node: Node, name: str) -> None:
        self.steps(claim, Attack, claim.id, node, name, claim.objections)

    def restates(self, claim: Claim, node: Node, name: str) -> None:
        claim.restates.extend(self.refs(node, self.where(claim, name), claim.id, single=True))

    def assumption(self, claim: Claim, node: Node, name: str) -> None:
        value = as_bool(node)
        if value is None:
            self.problem(f"{self.where(claim, name)} must be true or false, not {describe(node)}", span(node), claim.id)
        else:
            claim.assumption = value

    def quote(self, claim: Claim, node: Node, name: str) -> None:
        claim.quotes.extend(self.text_list(claim, node, name, single=True))

    def evidence(self, claim: Claim, node: Node, name: str) -> None:
        claim.evidence.extend(t.value for t in self.text_list(claim, node, name, single=True))

    def note(self, claim: Claim, node: Node, name: str) -> None:
        claim.note = self.string(node, self.where(claim, name), claim.id)

    def tags(self, claim: Claim, node: Node, name: str) -> None:
        claim.tags.extend(t.value for t in self.text_list(claim, node, name))

    def ignore(self, claim: Claim, node: Node, name: str) -> None:
        claim.ignore.extend(self.text_list(claim, node, name))

    def text_list(self, claim: Claim, node: Node, name: str, single: bool = False) -> list[Text]:
        """`texts` of a claim's field, with a fast path for the common lone string."""
        if single and (value := scalar_text(node)) and value.strip() and node.end_mark.line not in self.hashed:
            return [Text(value, span(node))]
        return self.texts(node, self.where(claim, name), claim.id, single)


@dataclass(slots=True)
class _Read:
    """A step as read, and its `objections` node still to read."""

    step: Inference
    objections: Node | None


#: claim key -> how its value is read (every CLAIM_KEYS entry but 'text')
_CLAIM_FIELDS = {name: getattr(_Walker, name) for name in CLAIM_KEYS if name != "text"}
