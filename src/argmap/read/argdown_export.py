"""What the Argdown CLI's ``argdown json`` export makes of a parsed file.

The syntax model (:mod:`argmap.read.argdown_syntax`) keeps what is written;
Argdown's model adds meaning on top: statements with one title form an
*equivalence class*, untitled ones get ``Untitled N`` titles (one counter
shared with anonymous arguments), relations of a reconstructed argument are
moved onto its conclusion or its inference, strict mode renames statement
relations. :func:`to_export` replays those rules (Argdown 2.0's ``ModelPlugin``,
quirks included) so that tests can hold the syntax layer against the real
CLI's exports, and so that the mapping to argmap's claims can be checked
against what Argdown itself concludes.

:class:`ArgdownModel` is that model itself, for readers that need more than
the JSON: its ends keep the syntax they were read from (a reconstructed
argument its :class:`~argmap.read.argdown_syntax.Pcs`, a relation the line it
was written on), so positions survive Argdown's rewriting.

The result of :func:`to_export` has the export's shape (``arguments``, ``statements``,
``relations``, ``sections``, ``tags``) and its key names, minus what is
presentation or bookkeeping: colours, text ranges, end positions, and the
per-element ``relations`` lists (Argdown's own are incomplete).

Of the settings a file's front matter can give, ``model.mode`` (``strict``) and
``model.transformArgumentRelations`` are honoured; ``explodeArguments``,
``regroup`` and ``removeTagsFromText`` are not, nor is ``argdown.config.js``.
YAML is read by PyYAML (YAML 1.1: ``yes`` is true, dates become ISO text),
js-yaml reads YAML 1.2, so unquoted ``yes``/``no``/``on``/``off`` and dates in
``{data}`` can differ from the CLI's.
"""

from __future__ import annotations

import base64
import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from argmap.read.argdown_syntax import (
    ArgdownSyntaxError,
    Argument,
    Document,
    Heading,
    Inference,
    ListBlock,
    Pcs,
    PcsStatement,
    Relation,
    Section,
    Statement,
    SyntaxIssue,
)

__all__ = ["ArgdownModel", "End", "Rel", "plain", "to_export"]

_MISSING = object()


@dataclass(eq=False)
class End:
    """One end of a relation: an equivalence class, an argument or an inference."""

    type: str  # "equivalence-class", "argument" or "inference"
    title: str
    json: dict[str, object]
    relations: list[Rel] = field(default_factory=list)
    pcs: list[dict[str, object]] = field(default_factory=list)  # arguments only
    inference_of: list[End] = field(default_factory=list)  # arguments: inference per conclusion
    #: a reconstructed argument's premise-conclusion structure as written
    pcs_syntax: Pcs | None = None


@dataclass(eq=False)
class Rel:
    """A relation as Argdown's model holds it after its rewriting, and the line it was written on."""

    type: str
    source: End
    target: End
    written: Relation | None = None


def _js_remove(relations: list[Rel], relation: Rel) -> None:
    """``list.splice(list.indexOf(r), 1)``, as Argdown does it: when `relation`
    is not in the list this removes the *last* entry (how Argdown's
    per-element relation lists come to be incomplete)."""
    if relation in relations:
        relations.remove(relation)
    elif relations:
        relations.pop()


def _events(doc: Document) -> Iterator[tuple[str, object]]:
    """The document as enter/exit events in text order, as Argdown's tree walk sees it.

    An explicit stack replaces recursion, so relation nesting depth is unbounded.
    """
    stack: list[tuple[str, object]] = [("block", block) for block in reversed(doc.blocks)]
    while stack:
        what, node = stack.pop()
        if what == "block":
            if isinstance(node, Pcs):
                stack.append(("pcs-exit", node))
                for step in reversed(node.steps):
                    stack.extend((("step", step), ("element", step.statement)))
                    if step.inference is not None:
                        stack.append(("element", step.inference))
                yield "pcs-enter", node
            elif isinstance(node, ListBlock):
                stack.extend(("element", item) for item in reversed(node.items))
            elif isinstance(node, Heading):
                yield "heading", node
            else:
                stack.append(("element", node))
        elif what == "element":
            assert isinstance(node, (Statement, Argument, Inference))
            stack.append(("exit", node))
            for relation in reversed(node.relations):
                stack.extend((("relation-exit", relation), ("element", relation.child), ("relation-enter", relation)))
            yield "enter", node
        else:
            yield what, node


class ArgdownModel:
    """Argdown's ModelPlugin over the syntax model's events.

    ``ArgdownModel(doc).run()`` replays it; then `statements` and `arguments`
    map titles to ends, `relations` lists the relations as the export does,
    and :meth:`end` finds the end of a statement, argument or inference as written.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        settings = doc.front_matter.value if doc.front_matter else None
        model = settings.get("model") if isinstance(settings, dict) else None
        model = model if isinstance(model, dict) else {}
        self.strict = model.get("mode") == "strict"
        self.transform_argument_relations = model.get("transformArgumentRelations", True) is not False
        self.statements: dict[str, End] = {}
        self.arguments: dict[str, End] = {}
        self.relations: list[Rel] = []
        self.tags: dict[str, dict[str, object]] = {}
        self.sections: list[dict[str, object]] = []
        self.section_ids: dict[int, str] = {}  # id(section) -> "s1", "s2", ... in heading order
        self.section_json: dict[int, dict[str, object]] = {}
        self.section_of: dict[int, Section] = {}  # id(heading) -> its section
        stack = list(doc.sections)
        while stack:
            section = stack.pop()
            self.section_of[id(section.heading)] = section
            stack.extend(section.children)
        self.section: Section | None = None
        self.untitled = 0
        self.end_of: dict[int, End] = {}  # id(syntax element) -> its relation end
        self.member_of: dict[int, dict[str, object]] = {}
        self.pending: dict[int, tuple[End, bool]] = {}  # id(relation) -> (parent end, parent is source)
        self.inference: End | None = None  # the inference read last (never reset, as in Argdown)
        self.pcs_argument: End | None = None

    # -- the walk ------------------------------------------------------------

    def end(self, element: Statement | Argument | Inference) -> End:
        """The equivalence class, argument or inference that *element* is an occurrence of."""
        return self.end_of[id(element)]

    def run(self) -> ArgdownModel:
        """Walk the document and apply Argdown's rewriting of relations; returns self. Raises
        :class:`ArgdownSyntaxError` (the issue added to the document's errors) where the CLI
        refuses a file the parser cannot: a second structure for an ``Untitled N`` argument."""
        handlers: dict[str, Callable[[Any], None]] = {
            "heading": self.heading,
            "enter": self.enter,
            "exit": self.exit,
            "relation-enter": self.relation_enter,
            "relation-exit": self.relation_exit,
            "pcs-enter": self.pcs_enter,
            "step": self.step,
            "pcs-exit": self.pcs_exit,
        }
        for event, node in _events(self.doc):
            handlers[event](node)
        for end in [*self.statements.values(), *self.arguments.values()]:
            members = end.json["members"]
            if "section" not in end.json and members and "section" in members[0]:  # type: ignore[index]
                end.json["section"] = members[0]["section"]  # type: ignore[index]
        if self.transform_argument_relations:
            self.move_argument_relations()
        if self.strict:
            self.strict_statement_relations()
        self.drop_redundant_attacks()
        return self

    def export(self) -> dict[str, object]:
        """The export's JSON view of the model (after :meth:`run`)."""
        return {
            "arguments": {title: self.argument_json(end) for title, end in self.arguments.items()},
            "statements": {title: end.json for title, end in self.statements.items()},
            "relations": [self.relation_json(relation) for relation in self.relations],
            "sections": self.sections,
            "tags": self.tags,
        }

    def new_title(self) -> str:
        self.untitled += 1
        return f"Untitled {self.untitled}"

    def statement_end(self, title: str) -> End:
        end = self.statements.get(title)
        if end is None:
            end = End("equivalence-class", title, {"type": "equivalence-class", "title": title, "members": []})
            self.statements[title] = end
        return end

    def argument_end(self, title: str) -> End:
        end = self.arguments.get(title)
        if end is None:
            end = End("argument", title, {"type": "argument", "title": title, "members": []})
            self.arguments[title] = end
        return end

    def register_tags(self, names: list[str]) -> None:
        """Tags in the order of their first use anywhere, headings included."""
        for name in names:
            if name not in self.tags:
                self.tags[name] = {"tag": name, "cssClass": _css_class("tag-" + name), "occurrenceIndex": len(self.tags)}

    @staticmethod
    def add_tags(names: list[str], json: dict[str, object]) -> None:
        tags = json.setdefault("tags", [])
        for name in names:
            if name not in tags:  # type: ignore[operator]
                tags.append(name)  # type: ignore[attr-defined]

    def heading(self, heading: Heading) -> None:
        tag_names = [tag.name for tag in heading.tags]
        self.register_tags(tag_names)
        section_id = f"s{len(self.section_ids) + 1}"
        section = self.section_of[id(heading)]
        self.section_ids[id(section)] = section_id
        json: dict[str, object] = {"type": "section", "id": section_id, "level": heading.level}
        json["title"], json["children"] = heading.text, []
        if tag_names:
            json["tags"] = list(dict.fromkeys(tag_names))
        json["startLine"], json["startColumn"] = heading.span.line, heading.span.column
        if heading.data is not None:
            json["data"] = plain(heading.data.value)
            if isinstance(heading.data.value, dict):
                for key in ("isGroup", "isClosed"):
                    if key in heading.data.value:
                        json[key] = heading.data.value[key]
        if section.parent is not None:
            json["parent"] = self.section_ids[id(section.parent)]
            self.section_json[id(section.parent)]["children"].append(json)  # type: ignore[attr-defined]
        else:
            self.sections.append(json)
        self.section_json[id(section)] = json
        self.section = section

    def enter(self, element: Statement | Argument | Inference) -> None:
        if isinstance(element, Inference):
            json: dict[str, object] = {"type": "inference", "inferenceRules": list(element.rules)}
            if element.data is not None:
                json["data"] = plain(element.data.value)
            json["startLine"], json["startColumn"] = element.span.line, 1  # the CLI counts the indentation
            self.inference = End("inference", "", json)
            self.end_of[id(element)] = self.inference
            return
        title = element.title if element.title is not None else self.new_title()
        if isinstance(element, Argument):
            self.end_of[id(element)] = self.argument_end(title)
        else:
            self.end_of[id(element)] = self.statement_end(title)
        self.register_tags([tag.name for tag in element.tags])

    def exit(self, element: Statement | Argument | Inference) -> None:
        if isinstance(element, Inference):
            return
        end = self.end_of[id(element)]
        member: dict[str, object] = {"type": "statement"}
        is_reference = element.kind == "reference"
        if isinstance(element, Argument):
            member["role"] = "argument-description"
            member["title"] = end.title
            member["text"] = element.text
            member["isTopLevel"] = element.context == "top-level"
        else:
            if element.context == "top-level":
                member["role"] = "top-level-statement"
                member["isTopLevel"] = True
            elif element.context == "relation":
                member["role"] = "relation-statement"
            member["title"] = end.title
            if element.text:  # Argdown sets a statement's text only when something adds to it
                member["text"] = element.text
        if is_reference:
            member["isReference"] = True
        if element.tags:
            self.add_tags([tag.name for tag in element.tags], member)
        if element.data is not None:
            member["data"] = plain(element.data.value)
            end.json["data"] = _merge(end.json.get("data", _MISSING), member["data"])
        if element.tags:
            self.add_tags([tag.name for tag in element.tags], end.json)
        if self.section is not None:
            member["section"] = self.section_ids[id(self.section)]
        member["startLine"], member["startColumn"] = element.span.line, element.span.column
        end.json["members"].append(member)  # type: ignore[attr-defined]
        self.member_of[id(element)] = member
        # The first definition's section is the class's (references do not count), unless
        # data says `isInGroup`.
        value = element.data.value if element.data is not None else None
        in_group = value.get("isInGroup") if isinstance(value, dict) else None
        takes_section = in_group is True or (not is_reference and in_group is None and "section" not in end.json)
        if takes_section and "section" in member:
            end.json["section"] = member["section"]
        if member.get("role") == "top-level-statement":
            end.json["isUsedAsTopLevelStatement"] = True
        elif member.get("role") == "relation-statement":
            end.json["isUsedAsRelationStatement"] = True

    # -- relations -------------------------------------------------------------

    def relation_enter(self, relation: Relation) -> None:
        """Fix the parent end: undercuts (``_``, ``<_``) of a statement aim at the
        inference read last, if there is one (Argdown never forgets it)."""
        parent = self.end_of[id(relation.parent)]
        if relation.symbol in ("_", "<_") and parent.type == "equivalence-class" and self.inference is not None:
            parent = self.inference
        self.pending[id(relation)] = (parent, relation.direction == "from-parent")

    def relation_exit(self, relation: Relation) -> None:
        parent, parent_is_source = self.pending.pop(id(relation))
        child = self.end_of[id(relation.child)]
        source, target = (parent, child) if parent_is_source else (child, parent)
        new = Rel(relation.type, source, target, relation)
        for existing in source.relations:
            if existing.target is target and existing.type == new.type:
                return
            if new.type == existing.type == "contradictory" and existing.source is target and existing.target is source:
                return
        self.relations.append(new)
        source.relations.append(new)
        target.relations.append(new)

    # -- premise-conclusion structures -------------------------------------------

    def pcs_enter(self, pcs: Pcs) -> None:
        if pcs.argument is not None:
            argument = self.argument_end(pcs.argument.title)
        else:
            argument = self.argument_end(self.new_title())
        if argument.pcs_syntax is not None:  # the parser finds this but for `<Untitled N>`, a title given here
            issue = SyntaxIssue(pcs.span.line, pcs.span.column, f"argument <{argument.title}> already has a "
                                f"premise-conclusion structure (line {argument.pcs_syntax.span.line})")
            self.doc.errors.append(issue)
            raise ArgdownSyntaxError([issue])
        if self.section is not None:
            argument.json["section"] = self.section_ids[id(self.section)]
        argument.json["startLine"], argument.json["startColumn"] = pcs.span.line, 1  # as the CLI: indentation counts
        argument.pcs_syntax = pcs
        self.pcs_argument = argument

    def step(self, step: PcsStatement) -> None:
        argument = self.pcs_argument
        assert argument is not None
        member = self.member_of[id(step.statement)]
        statement = self.statements[str(member["title"])]
        member["role"] = "premise"
        member["argumentTitle"] = argument.title
        if step.inference is not None:
            member["role"] = "intermediary-conclusion"
            statement.json["isUsedAsIntermediaryConclusion"] = True
            inference = self.end_of[id(step.inference)]
            inference.json["conclusionIndex"] = len(argument.pcs)
            inference.json["argumentTitle"] = argument.title
            member["inference"] = inference.json
            argument.inference_of.append(inference)
        else:
            statement.json["isUsedAsPremise"] = True
        argument.pcs.append(member)

    def pcs_exit(self, _pcs: Pcs) -> None:
        argument = self.pcs_argument
        assert argument is not None
        last = argument.pcs[-1]
        last["role"] = "main-conclusion"
        statement = self.statements[str(last["title"])]
        statement.json["isUsedAsMainConclusion"] = True
        if not any(m.get("role") == "intermediary-conclusion" for m in statement.json["members"]):  # type: ignore[attr-defined]
            statement.json["isUsedAsIntermediaryConclusion"] = False

    # -- Argdown's rewriting of relations after the walk --------------------------

    def move_argument_relations(self) -> None:
        """A reconstructed argument's relations to statements start from its main
        conclusion instead; undercuts of it aim at its last inference."""
        kept = []
        for relation in self.relations:
            keep = True
            from_reconstructed = relation.source.type == "argument" and bool(relation.source.pcs)
            to_reconstructed = relation.target.type == "argument" and bool(relation.target.pcs)
            if from_reconstructed:
                _js_remove(relation.source.relations, relation)
                conclusion = self.statements[str(relation.source.pcs[-1]["title"])]
                relation.source = conclusion
                if any(r.target is relation.target and r.type == relation.type for r in conclusion.relations):
                    _js_remove(relation.target.relations, relation)
                    keep = False
                else:
                    conclusion.relations.append(relation)
            if to_reconstructed and relation.type == "undercut":
                inference = relation.target.inference_of[-1]
                relation.target = inference
                _js_remove(relation.target.relations, relation)
                if any(r.source is relation.source and r.type == relation.type for r in inference.relations):
                    _js_remove(relation.source.relations, relation)
                    keep = False
                else:
                    inference.relations.append(relation)
            if keep:
                kept.append(relation)
        self.relations = kept

    def strict_statement_relations(self) -> None:
        """Strict mode: between statements, support is ``entails`` and attack ``contrary``."""
        kept = []
        for relation in self.relations:
            if relation.source.type == relation.target.type == "equivalence-class":
                if relation.type == "support":
                    relation.type = "entails"
                elif relation.type == "attack":
                    if any(
                        r.type == "contrary" and {id(r.source), id(r.target)} == {id(relation.source), id(relation.target)}
                        and (r.source is relation.source or r.source is relation.target)
                        for r in relation.source.relations
                    ):
                        _js_remove(relation.source.relations, relation)
                        _js_remove(relation.target.relations, relation)
                        continue
                    relation.type = "contrary"
            kept.append(relation)
        self.relations = kept

    def drop_redundant_attacks(self) -> None:
        """A statement attacking a reconstructed argument is dropped when it already
        attacks (or contradicts) one of the argument's premises."""
        kept = []
        for relation in self.relations:
            source, argument = relation.source, relation.target
            if source.type == "equivalence-class" and relation.type == "attack" and argument.type == "argument":
                premises = {m["title"] for m in argument.pcs if m.get("role") == "premise"}
                for other in source.relations:
                    far = other.target if other.source is source else other.source
                    attacks = (other.type == "attack" and other.source is source) or other.type in ("contradictory", "contrary")
                    if far.type == "equivalence-class" and attacks and far.title in premises:
                        _js_remove(source.relations, relation)
                        _js_remove(argument.relations, relation)
                        break
                else:
                    kept.append(relation)
                continue
            kept.append(relation)
        self.relations = kept

    # -- JSON ------------------------------------------------------------------

    def argument_json(self, end: End) -> dict[str, object]:
        json = dict(end.json)
        json["pcs"] = end.pcs
        if not end.pcs:
            json.pop("startLine", None)
            json.pop("startColumn", None)
        return json

    @staticmethod
    def relation_json(relation: Rel) -> dict[str, object]:
        json: dict[str, object] = {"type": "relation", "relationType": relation.type}
        json["from"], json["fromType"] = relation.source.title, relation.source.type
        json["to"], json["toType"] = relation.target.title, relation.target.type
        if relation.target.type == "inference":
            json["to"] = relation.target.json.get("argumentTitle")
            json["conclusionIndex"] = relation.target.json.get("conclusionIndex")
        return json


def _css_class(name: str) -> str:
    """Argdown's ``stringToHtmlId``: lower case, umlauts spelt out, white space as '-', the rest dropped."""
    name = name.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return re.sub(r"[^a-z0-9-]", "", re.sub(r"\s", "-", name))


def _key(key: object) -> str:
    """A YAML mapping key as JavaScript would print it."""
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


def plain(value: object) -> object:
    """A JSON-ready copy of YAML data: dates as ISO text, keys as text, sets as
    mappings to null (as js-yaml reads them). Iterative; the parser already
    bounds the depth and refuses aliases, so the data is a tree."""
    root: list[object] = [None]
    stack: list[tuple[object, Any, Any]] = [(value, root, 0)]  # (value, copy to fill, key or index in it)
    while stack:
        source, into, slot = stack.pop()
        copy: object
        if isinstance(source, dict):
            mapping: dict[str, object] = dict.fromkeys(map(_key, source))
            stack.extend((item, mapping, _key(key)) for key, item in source.items())
            copy = mapping
        elif isinstance(source, (set, frozenset)):
            copy = {_key(key): None for key in source}
        elif isinstance(source, (list, tuple)):
            copy = [None] * len(source)
            stack.extend((item, copy, index) for index, item in enumerate(source))
        elif isinstance(source, (datetime.date, datetime.datetime)):
            copy = source.isoformat()
        elif isinstance(source, bytes):
            copy = base64.b64encode(source).decode("ascii")
        else:
            copy = source
        into[slot] = copy
    return root[0]


def _merge(into: object, source: object) -> object:
    """lodash's ``merge`` for JSON-like data: mappings key by key, lists index by
    index, anything else replaced. Iterative; returns the merged value."""
    if into is _MISSING or not isinstance(source, (dict, list)):
        return plain(source) if into is _MISSING or isinstance(source, (dict, list)) else source
    if not isinstance(into, type(source)):
        return plain(source)
    stack: list[tuple[Any, Any]] = [(into, source)]  # (a mapping or list, the same kind to merge into it)
    while stack:
        target, incoming = stack.pop()
        pairs = incoming.items() if isinstance(incoming, dict) else enumerate(incoming)
        for key, value in pairs:
            if isinstance(target, dict):
                current = target.get(key, _MISSING)
            else:
                current = target[key] if key < len(target) else _MISSING
            if isinstance(value, (dict, list)) and isinstance(current, type(value)):
                stack.append((current, value))
                continue
            copy = plain(value)
            if isinstance(target, list) and key >= len(target):
                target.append(copy)
            else:
                target[key] = copy
    return into


def to_export(doc: Document) -> dict[str, object]:
    """The information of ``argdown json``'s export for `doc` (Argdown CLI 2.0).

    Raises :class:`~argmap.read.argdown_syntax.ArgdownSyntaxError` when the
    document has syntax errors: the CLI exports nothing then either.
    """
    doc.check()
    return ArgdownModel(doc).run().export()
