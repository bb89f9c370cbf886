"""Argdown files (``.argdown``, ``.ad``) to the model, read in Python, meaning what the Argdown CLI says.

:mod:`argmap.read.argdown_syntax` parses the text with every position;
:class:`argmap.read.argdown_export.ArgdownModel` replays Argdown's own model
rules (equivalence classes, ``Untitled N`` titles, relations of reconstructed
arguments moved onto their conclusions or inferences, strict mode), so what is
read here is what ``argdown json`` exports. This module maps that onto claims,
reasons and objections. The mapping, and why (docs/argdown.md has it as a table):

- **Statements.** Each equivalence class (all statements with one title) is one
  claim. Its id is the title when that is a valid claim id, else the title
  made one (``Free will`` -> ``Free-will``; ``-2``, ``-3`` on a clash), in the
  order the claims are defined; untitled statements have Argdown's
  ``Untitled N``. The text is the first definition's, less the tags that end
  it; a title never defined has its title as text. The class's tags are the
  claim's tags. Findings point at the first definition.
- **Arguments with a premise-conclusion structure** give one reason per
  inference, for the conclusion below it, with the statements since the
  previous conclusion as premises (so an intermediary conclusion has its own
  reason and is a premise of the next step); ``{uses: [1, 2]}`` on an
  inference names the premises instead. The inference's rules are the label.
- **Arguments without one** are claims: the description is the text. Argdown
  lets such an argument support or attack a statement with nothing inside it;
  a reason needs premises, and the argument as a whole (its gist, unproven) is
  the premise it offers. Attacks on it attack that claim.
- **Relations.** Support and ``entails`` are reasons; attack and ``contrary``
  objections, whichever way they were written (``+``, ``<+``, ``+>``, and so
  on). A contradiction (``><``) is two objections, each statement attacking
  the other. An undercut of a reconstructed argument's inference is an
  objection to that reason. Argdown reads an attack on a reconstructed
  argument as an attack on one of its premises or its inference without
  saying which: that is an objection to the argument's main reason, which
  falls either way. argmap has no support for a step, so support for a
  reconstructed argument is a reason for its main conclusion.
- **Objections that need more than one line** (several premises, a label,
  or answers of their own) are written by argmap as an argument whose
  conclusion carries ``{objection: true}``; such a conclusion, attacking one
  thing, is read back as that objection itself (see `argmap.convert.argdown`).
- **Data.** ``{quote, evidence, assumption, note, ignore, restates}`` on a
  statement or argument are the claim's fields of those names, so a leaf
  premise can be grounded; front matter ``title`` is the title, and an
  ``argmap:`` mapping there holds ``source``, ``theses`` and ``ignore``.

Everything else (front matter settings, other ``{data}``, headings, argument
titles and descriptions, further definitions of a statement, titles that are
not ids, and how a relation was written where that changes what Argdown
exports) is kept in ``model.kept["argdown"]`` as plain data, so the Argdown
writer gives it back, and :func:`unread` says what another format loses of it.

Syntax errors are AM001 findings at their position; the file is then not read
further, as the CLI exports nothing either. Everything here is loops over the
parsed file, never recursion, so nesting depth costs nothing.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap.findings import Problem, quoted
from argmap.model import ArgumentFile, Attack, Claim, Inference, Reason, Ref, Source, Span, Text, describe_node
from argmap.read import LoadResult
from argmap.read.argdown_export import ArgdownModel, End, Rel, plain
from argmap.read.argdown_syntax import ArgdownSyntaxError, Argument, Document, Pcs, PcsStatement, Section, Statement, parse
from argmap.read.argdown_syntax import Inference as Step
from argmap.read.claimfile import MAX_CLAIMS, MAX_LINKS
from argmap.rules.schema import CODE as SCHEMA
from argmap.rules.syntax_error import CODE as SYNTAX

SUFFIXES = (".argdown", ".ad")
YAML = False

#: {data} keys read into a claim; the rest of a statement's data is kept
DATA_KEYS = ("quote", "evidence", "assumption", "note", "ignore", "restates")
#: the keys of the front matter's `argmap:` mapping
FRONT_KEYS = ("source", "theses", "ignore")
SOURCE_KEYS = ("title", "date", "url", "path")
ID = re.compile(r"[^\W_][\w.\-]*")
_NOT_ID = re.compile(r"[^\w.\-]+")
_TRAILING_TAG = re.compile(r"\s*#(?:\(([^)]*)\)|([^\s#(]+))\s*\Z")


def recognises(text: str) -> bool:
    """Any text with an Argdown suffix: the suffix decides."""
    return True


#: objections to objections may nest this deep (a claim file's YAML stops at about half of it)
MAX_DEPTH = 1_000
_TOO_MANY = (f"the file holds more than {MAX_CLAIMS:,} claims or {MAX_LINKS:,} premises and objections, more "
             "than argmap reads in one file: split the map into several files")


class _TooLarge(Exception):
    """More than argmap reads in one file: AM002 at *span*, and the file is not read."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.span = span


def load_text(text: str, path: Path) -> LoadResult:
    doc = parse(text)
    try:
        doc.check()
        reader = _Reader(path, doc)
        model = reader.read()
    except ArgdownSyntaxError as error:
        return LoadResult(None, [Problem(SYNTAX, f"Argdown syntax: {issue.message}", Span(issue.line, issue.column))
                                 for issue in error.issues])
    except _TooLarge as error:
        return LoadResult(None, [Problem(SCHEMA, str(error), error.span)])
    return LoadResult(model, reader.problems)


class Ids:
    """Claim ids for titles, in the order claims are defined: the title if it is an id,
    else the title made one; a clash gets ``-2``, ``-3``. The Argdown writer runs the
    same allocation to choose titles that read back as the ids it writes."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.next: dict[str, int] = {}  # base -> the next suffix to try: a file of equal titles stays linear

    @staticmethod
    def base(title: str) -> str:
        if ID.fullmatch(title):
            return title
        return _NOT_ID.sub("-", title).lstrip("-_.").rstrip("-") or "claim"

    def peek(self, title: str) -> str:
        base = self.base(title)
        if base not in self.taken:
            return base
        number = self.next.get(base, 2)
        while f"{base}-{number}" in self.taken:
            number += 1
        self.next[base] = number
        return f"{base}-{number}"

    def take(self, title: str) -> str:
        cid = self.peek(title)
        self.taken.add(cid)
        return cid


def strip_tags(text: str, tags: list[str]) -> str:
    """*text* without the tags that end it (labels, not prose), unless nothing else is left;
    at most as many as the element has tags, so an escaped ``\\#word`` before them stays text."""
    text = text.strip()
    for _ in tags:
        match = _TRAILING_TAG.search(text)
        if not (match and (match.group(1) or match.group(2)) in tags and match.start() > 0):
            break
        text = text[: match.start()].rstrip()
    return text


def argument_title(step_id: str) -> str:
    """The title argmap gives the argument it writes for a step: ``Reason 2 for a``, or for an
    objection deep down, ``Objection 1 at level 5 under a`` (a title as long as the path would make
    a file of deep answers quadratic). An argument read with that title and nothing else to it is
    not kept: the writer makes it again."""
    claim, *path = re.split(r"([#!])", step_id)
    if len(path) > 6:
        text = f"objection {path[-1]} at level {len(path) // 2} under {claim}"
    else:
        text = describe_node(step_id).replace("'", "")
    return text[:1].upper() + text[1:]


def signatures(parent: str, steps: Sequence[Inference]) -> list[str]:
    """How ``kept`` names steps whatever the order of their siblings: what they are for (a claim
    id or a parent's signature), ``#`` for a reason or ``!`` for an objection, the premise ids,
    and ``~2``, ``~3`` for a second and third step with the same premises."""
    seen: Counter[str] = Counter()
    names = []
    for step in steps:
        name = f"{parent}{step.SEPARATOR}{','.join(ref.id for ref in step.premises)}"
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name}~{seen[name]}")
    return names


# -- what is read before ids are given ----------------------------------------------


@dataclass(eq=False, slots=True)
class _Node:
    """A claim in the making: an equivalence class, or an argument with no premise-conclusion structure."""

    end: End
    argument: bool
    span: Span
    text: str | None  # None: never defined
    definitions: list[str]  # the texts of further definitions
    data: object  # merged {data}, as Argdown merges it
    data_span: Span
    reasons: list[_Step] = field(default_factory=list)
    objections: list[_Step] = field(default_factory=list)
    id: str = ""


@dataclass(eq=False, slots=True)
class _Step:
    """A reason or objection in the making; `written_as` is how Argdown wrote it where the writer's default differs."""

    reason: bool
    premises: list[tuple[_Node, Span]]
    span: Span
    label: str | None = None
    objections: list[_Step] = field(default_factory=list)
    written_as: dict[str, str] | None = None
    inference_data: object = None
    conclusion: _Node | None = None  # reasons: the claim they are for
    made: str = ""  # once made: its id (``a#1``)
    signature: str = ""  # and its signature (see `signature`)


@dataclass(eq=False, slots=True)
class _Reconstruction:
    """An argument with a premise-conclusion structure: its steps in order, and what the model has no place for."""

    title: str
    steps: list[_Step]
    descriptions: list[str]
    data: object
    tags: list[str]


def _position(span: Span) -> tuple[int, int]:
    return span.line, span.column


class _Reader:
    def __init__(self, path: Path, doc: Document) -> None:
        self.path = path
        self.doc = doc
        self.meaning = ArgdownModel(doc).run()
        self.problems: list[Problem] = []
        self.nodes: dict[int, _Node] = {}  # id(End) -> node
        self.reason_of: dict[int, _Step] = {}  # id(inference End) -> the reason it concludes with
        self.reconstructions: list[_Reconstruction] = []
        self.theses: list[Ref] | None = None  # as written: titles or ids

    def problem(self, message: str, where: Span, claim: str | None = None) -> None:
        self.problems.append(Problem(SCHEMA, message, where, claim))

    def read(self) -> ArgumentFile:
        self.read_nodes()
        if len(self.nodes) > MAX_CLAIMS:
            past = sorted(self.nodes.values(), key=lambda node: _position(node.span))[MAX_CLAIMS]
            raise _TooLarge(_TOO_MANY, past.span)
        for end in self.meaning.arguments.values():
            if end.pcs_syntax is not None:
                self.reconstruction(end, end.pcs_syntax)
        for relation in self.meaning.relations:
            self.relation(relation)
        links = sum(len(step.premises) for step in self.all_steps())
        if links > MAX_LINKS:
            raise _TooLarge(_TOO_MANY, Span(1, 1))
        model = ArgumentFile(self.path)
        kept: dict[str, Any] = {}
        self.front_matter(model, kept)
        self.collapse()
        self.materialise(model, kept)
        if kept:
            model.kept["argdown"] = kept
        return model

    # -- claims ------------------------------------------------------------------

    def read_nodes(self) -> None:
        """A node per equivalence class and per argument without a structure, with its best occurrence:
        the first definition, else the first paragraph, else the first mention."""
        best: dict[int, tuple[int, Statement | Argument]] = {}
        definitions: dict[int, list[str]] = {}
        data_at: dict[int, Span] = {}
        for element in self.doc.elements():
            if not isinstance(element, (Statement, Argument)):
                continue
            end = self.meaning.end(element)
            if end.type == "argument" and end.pcs_syntax is not None:
                continue
            key = id(end)
            defined = element.kind != "reference"
            rank = 0 if defined else 1 if element.context in ("top-level", "list-item") else 2
            if key not in best or rank < best[key][0]:
                best[key] = (rank, element)
            text = strip_tags(element.text, [t.name for t in element.tags]) if defined else ""
            if text:  # a relation symbol with nothing after it on its line gives an untitled statement with no text
                definitions.setdefault(key, []).append(text)
            if element.data is not None and key not in data_at:
                data_at[key] = element.data.span
        for key, (_, element) in best.items():
            end = self.meaning.end(element)
            texts = list(dict.fromkeys(definitions.get(key, [])))
            self.nodes[key] = _Node(end, isinstance(element, Argument), element.span, texts[0] if texts else None,
                                    texts[1:], end.json.get("data"), data_at.get(key, element.span))

    def node(self, end: End) -> _Node:
        """The claim an end stands for: a reconstructed argument stands for its main conclusion."""
        if end.pcs_syntax is not None:
            return self.nodes[id(self.meaning.end(end.pcs_syntax.main_conclusion.statement))]
        return self.nodes[id(end)]

    # -- premise-conclusion structures ---------------------------------------------

    def reconstruction(self, end: End, pcs: Pcs) -> None:
        steps: list[_Step] = []
        start = 0
        for index, line in enumerate(pcs.steps):
            inference = line.inference
            if inference is None:
                continue
            premises = self.uses(pcs, index, inference) or pcs.steps[start:index]
            conclusion = self.node(self.meaning.end(line.statement))
            data = plain(inference.data.value) if inference.data is not None else None
            if isinstance(data, dict):
                data.pop("uses", None)
            reason = _Step(True, [(self.node(self.meaning.end(p.statement)), p.statement.span) for p in premises],
                           inference.span, ", ".join(inference.rules) or None, inference_data=data or None,
                           conclusion=conclusion)
            conclusion.reasons.append(reason)
            self.reason_of[id(self.meaning.end(inference))] = reason
            steps.append(reason)
            start = index
        descriptions = [strip_tags(m["text"], m.get("tags") or []) for m in end.json["members"]  # type: ignore[attr-defined]
                        if not m.get("isReference") and m.get("text")]
        self.reconstructions.append(_Reconstruction(end.title, steps, descriptions, end.json.get("data"),
                                                    list(end.json.get("tags") or ())))  # type: ignore[call-overload]

    def uses(self, pcs: Pcs, index: int, inference: Step) -> list[PcsStatement]:
        """The lines an inference's ``{uses: [...]}`` names, or [] when it names none (or names
        lines the argument does not have above it: AM002, and the default premises)."""
        data = inference.data
        value = data.value if data is not None else None
        if not isinstance(value, dict) or "uses" not in value:
            return []
        uses = value["uses"]
        by_number: dict[int, PcsStatement] = {}
        for line in pcs.steps[:index]:
            by_number.setdefault(line.number, line)
        if (isinstance(uses, list) and uses and all(type(n) is int for n in uses)
                and all(n in by_number for n in uses)):
            return [by_number[n] for n in uses]
        assert data is not None
        self.problem(f"'uses' of this inference must list numbers of statements above it ({', '.join(map(str, by_number))}), "
                     f"not {uses!r}; the statements since the last conclusion are taken", data.span)
        return []

    # -- relations -----------------------------------------------------------------

    def relation(self, relation: Rel) -> None:
        """One relation of Argdown's model as a reason or objection (see the module's docstring)."""
        source, target, kind = relation.source, relation.target, relation.type
        written = relation.written
        assert written is not None  # every relation comes from a line
        at, from_span, to_span = written.span, written.source.span, written.target.span
        premise = self.node(source)
        if kind == "contradictory":
            other = self.node(target)
            other.objections.append(_Step(False, [(premise, from_span)], at, written_as={"as": "><"}))
            premise.objections.append(_Step(False, [(other, to_span)], at, written_as={"as": "><"}))
            return
        step = _Step(kind in ("support", "entails"), [(premise, from_span)], at)
        if target.type == "inference":  # only undercuts reach an inference; support would be for its conclusion
            inferred = self.reason_of[id(target)]
            if step.reason and inferred.conclusion is not None:
                inferred.conclusion.reasons.append(step)
            else:
                inferred.objections.append(step)
            return
        if target.type == "argument" and target.pcs_syntax is not None:
            symbol = {"support": "+", "entails": "+", "undercut": "_"}.get(kind, "-")
            step.written_as = {"as": symbol, "argument": target.title}
            if step.reason:
                self.node(target).reasons.append(step)
            else:
                self.reason_of[id(target.inference_of[-1])].objections.append(step)
            return
        if kind == "undercut":
            step.written_as = {"as": "_"}
        node = self.node(target)
        (node.reasons if step.reason else node.objections).append(step)

    # -- objections written as arguments ----------------------------------------------

    def collapse(self) -> None:
        """A statement marked ``{objection: true}`` that only attacks one thing (as ``-`` or an
        undercut of an inference), with one reason, the one inference of a premise-conclusion
        structure, and nothing against it, is that attack: its reason's premises, label and undercuts become the objection's (how argmap
        writes a linked or answered objection; nothing else is folded, so Argdown's own meaning
        stands)."""
        used: dict[int, list[_Step]] = {}
        folded: dict[int, _Step] = {}  # id(reason) -> the objection it became
        inferred = {id(recon.steps[0]) for recon in self.reconstructions if len(recon.steps) == 1}
        for step in self.all_steps():
            for node, _ in step.premises:
                used.setdefault(id(node), []).append(step)
        for key, node in list(self.nodes.items()):
            data = node.data
            uses = used.get(id(node), [])
            if not (isinstance(data, dict) and data.get("objection") is True and not node.argument
                    and len(node.reasons) == 1 and not node.objections and len(uses) == 1):
                continue
            (reason,), (attack,) = node.reasons, uses
            if (attack.reason or attack.written_as is not None or len(attack.premises) != 1 or id(reason) not in inferred
                    or any(n is node for n, _ in reason.premises) or self.answers(attack, reason)):
                continue
            attack.premises, attack.label = reason.premises, reason.label
            attack.objections[:0] = reason.objections
            attack.inference_data = reason.inference_data
            del self.nodes[key]
            folded[id(reason)] = attack
        for recon in self.reconstructions:
            recon.steps = [folded.get(id(step), step) for step in recon.steps]

    @staticmethod
    def answers(attack: _Step, step: _Step) -> bool:
        """Whether *attack* is an objection to *step*, or to one of its objections, at any depth."""
        pending = list(step.objections)
        while pending:
            found = pending.pop()
            if found is attack:
                return True
            pending.extend(found.objections)
        return False

    def all_steps(self) -> Iterator[_Step]:
        pending = [step for node in self.nodes.values() for step in (*node.reasons, *node.objections)]
        while pending:
            step = pending.pop()
            yield step
            pending.extend(step.objections)

    # -- front matter ----------------------------------------------------------------

    def front_matter(self, model: ArgumentFile, kept: dict[str, Any]) -> None:
        """``title`` is the title; ``argmap: {source, theses, ignore}`` are the file's settings."""
        front = self.doc.front_matter
        if front is None:
            return
        value, where = front.value, front.span
        rest = plain(value)
        if isinstance(value, dict) and isinstance(rest, dict):
            if isinstance(value.get("title"), str):
                model.title = rest.pop("title")
            settings = value.get("argmap")
            if settings is not None:
                if isinstance(settings, dict):
                    rest.pop("argmap")
                    self.settings(model, settings, where)
                else:
                    self.problem(f"'argmap' in the front matter must be a mapping of {', '.join(FRONT_KEYS)}", where)
        if rest:
            kept["front_matter"] = rest

    def settings(self, model: ArgumentFile, settings: dict[Any, Any], where: Span) -> None:
        for key, value in settings.items():
            if key == "source":
                model.source = self.source(value, where)
            elif key == "theses":
                self.theses = [Ref(title, where) for title in self.strings(value, "argmap.theses", where)]
            elif key == "ignore":
                model.ignore = [Text(code, where) for code in self.strings(value, "argmap.ignore", where)]
            else:
                self.problem(f"unknown key {quoted(str(key))} in the front matter's 'argmap' "
                             f"(must be one of {', '.join(FRONT_KEYS)})", where)

    def source(self, value: object, where: Span) -> Source | None:
        value = plain(value)  # a date is text, as in a claim file
        if not isinstance(value, dict):
            self.problem("'argmap.source' must be a mapping of title, date, url and path", where)
            return None
        source = Source()
        for key, item in value.items():
            if key not in SOURCE_KEYS or not isinstance(item, str):
                self.problem(f"'argmap.source' takes {', '.join(SOURCE_KEYS)} as text; {quoted(str(key))} is not read", where)
            elif key == "path":
                source.path = Text(item, where)
            else:
                setattr(source, key, item)
        return source

    def strings(self, value: object, name: str, where: Span, claim: str | None = None) -> list[str]:
        """A text or a list of texts; anything else is AM002 and reads as nothing."""
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return list(value)
        self.problem(f"{quoted(name)} must be a text or a list of texts, not {value!r}", where, claim)
        return []

    # -- the model ----------------------------------------------------------------------

    def materialise(self, model: ArgumentFile, kept: dict[str, Any]) -> None:
        """Ids in the order claims are defined, then claims, then their steps in the order written."""
        nodes = sorted(self.nodes.values(), key=lambda node: _position(node.span))
        ids = Ids()
        for node in nodes:
            node.id = ids.take(node.end.title)
        titles = {node.end.title: node.id for node in nodes if not node.argument}
        titles.update({node.end.title: node.id for node in nodes if node.argument and node.end.title not in titles})
        claims_kept: dict[str, dict[str, Any]] = {}
        for node in nodes:
            model.claims[node.id] = self.claim(node, titles, claims_kept)
        self.steps(model, nodes)
        if self.theses is not None:
            model.theses = [Ref(titles.get(ref.id, ref.id), ref.span) for ref in self.theses]
        self.keep(kept, claims_kept, nodes)

    def claim(self, node: _Node, titles: dict[str, str], kept: dict[str, dict[str, Any]]) -> Claim:
        title = node.end.title
        tags = list(node.end.json.get("tags") or ())  # type: ignore[call-overload]
        claim = Claim(node.id, node.span, node.text if node.text is not None else title, tags=tags)
        entry: dict[str, Any] = {}
        if title != node.id:
            entry["title"] = title
        if node.argument:
            entry["argument"] = True
        if node.text is None:
            entry["untexted"] = True
        if node.definitions:
            entry["definitions"] = node.definitions
        data = node.data
        if isinstance(data, dict):
            rest = {key: value for key, value in data.items() if key not in DATA_KEYS}
            self.data_fields(claim, {key: data[key] for key in DATA_KEYS if key in data}, node.data_span, titles, rest)
            data = rest
        if data is not None and data != {}:
            entry["data"] = data
        if entry:
            kept[node.id] = entry
        return claim

    def data_fields(self, claim: Claim, fields: dict[str, Any], where: Span, titles: dict[str, str],
                    rest: dict[str, Any]) -> None:
        """The claim fields a statement's {data} gives; a value of the wrong kind is AM002 and stays kept."""
        cid = claim.id
        for key, value in fields.items():
            if key == "assumption":
                if isinstance(value, bool):
                    claim.assumption = value
                    continue
                self.problem(f"{quoted(key)} in the {{data}} of '{cid}' must be true or false, not {value!r}", where, cid)
            elif key == "note":
                if isinstance(value, str):
                    claim.note = value
                    continue
                self.problem(f"'note' in the {{data}} of '{cid}' must be a text, not {value!r}", where, cid)
            else:
                texts = self.strings(value, key, where, cid)
                if key == "quote":
                    claim.quotes = [Text(text, where) for text in texts]
                elif key == "evidence":
                    claim.evidence = texts
                elif key == "ignore":
                    claim.ignore = [Text(text, where) for text in texts]
                else:
                    claim.restates = [Ref(titles.get(text, text), where) for text in texts]
                if texts or value == []:
                    continue
            rest[key] = value

    def steps(self, model: ArgumentFile, nodes: list[_Node]) -> None:
        """Every reason and objection, each list in the order written; each step's signature
        (``a#b,c!d``) names it in ``kept`` whatever the order of its siblings."""
        pending: list[tuple[Claim | Inference, str, list[_Step], bool]] = []
        for node in reversed(nodes):
            claim = model.claims[node.id]
            pending.append((claim, node.id, node.objections, False))
            pending.append((claim, node.id, node.reasons, True))
        while pending:
            parent, parent_signature, steps, reasons = pending.pop()
            if steps and parent_signature.count("!") >= MAX_DEPTH:
                raise _TooLarge(f"objections to objections nest more than {MAX_DEPTH:,} deep here, more than argmap "
                                "reads", steps[0].span)
            made_steps: list[Inference] = []
            ordered = sorted(steps, key=lambda step: _position(step.span))
            for step in ordered:
                premises = [Ref(node.id, span) for node, span in step.premises]
                made: Inference
                if reasons:
                    assert isinstance(parent, Claim)
                    made = Reason(parent.id, len(parent.reasons), premises, step.span, step.label)
                    parent.reasons.append(made)
                else:
                    made = Attack(parent.id, len(parent.objections), premises, step.span, step.label)
                    parent.objections.append(made)
                made_steps.append(made)
            for step, made, name in zip(ordered, made_steps, signatures(parent_signature, made_steps), strict=True):
                step.made, step.signature = made.id, name
                pending.append((made, name, step.objections, False))

    def keep(self, kept: dict[str, Any], claims: dict[str, dict[str, Any]], nodes: list[_Node]) -> None:
        """What the model has no place for, as plain data."""
        if claims:
            kept["claims"] = claims
        written = {step.signature: step.written_as for step in self.all_steps() if step.written_as}
        if written:
            kept["relations"] = written
        arguments = []
        for recon in self.reconstructions:
            entry: dict[str, Any] = {"title": recon.title, "steps": [step.signature for step in recon.steps]}
            inferences = [step.inference_data for step in recon.steps]
            for name, value in (("descriptions", recon.descriptions), ("data", recon.data), ("tags", recon.tags),
                                ("inferences", inferences if any(x is not None for x in inferences) else None)):
                if value:
                    entry[name] = value
            if len(entry) > 2 or len(recon.steps) > 1 or recon.title != argument_title(recon.steps[0].made):
                arguments.append(entry)
        if arguments:
            kept["arguments"] = arguments
        sections = self.sections(nodes)
        if sections:
            kept["sections"] = sections

    def sections(self, nodes: list[_Node]) -> list[dict[str, Any]]:
        """Headings in order, each with the claim written first after it (``before``), where the writer puts it back."""
        positions = [_position(node.span) for node in nodes]
        found: list[dict[str, Any]] = []
        stack: list[Section] = list(reversed(self.doc.sections))
        while stack:
            section = stack.pop()
            heading = section.heading
            at = bisect.bisect_left(positions, _position(heading.span))
            entry: dict[str, Any] = {"level": heading.level, "text": heading.text}
            if heading.tags:
                entry["tags"] = list(dict.fromkeys(tag.name for tag in heading.tags))
            if heading.data is not None:
                entry["data"] = plain(heading.data.value)
            entry["before"] = nodes[at].id if at < len(nodes) else None
            found.append(entry)
            stack.extend(reversed(section.children))
        return found


def unread(kept: dict[str, Any]) -> Counter[str]:
    """What a writer of another format loses of what this reader kept: a line per kind."""
    lost: Counter[str] = Counter()
    claims = kept.get("claims")
    for entry in claims.values() if isinstance(claims, dict) else ():
        if isinstance(entry, dict):
            lost["Argdown titles that are not claim ids"] += "title" in entry
            lost["marks that a claim is an Argdown argument"] += bool(entry.get("argument"))
            lost["further definitions of an Argdown statement"] += len(entry.get("definitions") or ())
            lost["Argdown {data} argmap does not read"] += _size(entry.get("data"))
    for entry in kept.get("arguments") or ():
        lost["Argdown argument titles, descriptions and data"] += 1
        lost["Argdown {data} argmap does not read"] += _size(entry.get("inferences")) if isinstance(entry, dict) else 0
    lost["Argdown relation forms (contradictions, undercuts, relations to arguments)"] += len(kept.get("relations") or ())
    lost["Argdown headings"] += len(kept.get("sections") or ())
    lost["Argdown front-matter settings"] += _size(kept.get("front_matter"))
    return +lost


def _size(value: object) -> int:
    """How many entries a kept value counts as: a mapping's keys, a list's non-empty items, else one if any."""
    if isinstance(value, dict):
        return len(value)
    if isinstance(value, list):
        return sum(item is not None for item in value)
    return value is not None
