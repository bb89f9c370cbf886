"""AIF maps (AIFdb JSON, and OVA's xAIF) to the model, keeping what the model does not hold.

AIF is a graph of nodes joined by untyped edges; a node's type gives an edge its
meaning. argmap reads the argument layer: I-nodes are claims, an RA node is a
reason (linked when several premises enter it), a CA node an attack (on a claim,
on an RA: an undercut, or on another CA), an MA node a restatement (`restates`).
An I-node that a locution asserts (L -> YA "Asserting" -> I) is taken on the
speaker's word: the locution becomes its evidence; or, when the map carries the
text it analyses (xAIF's `text`), a quote of that text, which the audit checks.

Nothing is dropped. The dialogue layer (L, YA, TA nodes), preferences (PA), the
`locutions`, `participants` and OVA's layout, every edge argmap does not read,
and each node's own fields (ids, timestamps, schemes) are kept in
``model.kept["aif"]``, so that `argmap convert` gives back every node and edge.
A node argmap cannot read as the type says (an RA with no premise, a circle of
attacks on attacks) is reported (AM002) and kept as it is.

Ids: a claim's id is its node's id when that is a valid claim id (AIFdb's ids
are digits), else a cleaned form of it; every id is listed in ``kept["aif"]["ids"]``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from argmap.analysis.textnorm import normalize
from argmap.findings import Problem
from argmap.model import ArgumentFile, Attack, Claim, Inference, Reason, Ref, Source, Span, Text
from argmap.read import LoadResult, claimfile
from argmap.read.yamltree import Mapping, Node, Scalar, Sequence, YamlSyntaxError, compose, describe, plain, span
from argmap.rules.duplicate_id import CODE as DUPLICATE_ID
from argmap.rules.schema import CODE as SCHEMA
from argmap.rules.syntax_error import CODE as SYNTAX_ERROR
from argmap.rules.unknown_reference import CODE as UNKNOWN_REFERENCE

SUFFIXES = (".json",)
#: `recognises` decides by the text alone, so a map saved as `x.aif` or `x.txt` is read as AIF too
BY_CONTENT = True
YAML = True  # JSON, read by libyaml like a claim file

#: node types read as claims (OVA's "EN", an enthymeme's unstated premise, is one too)
CLAIM_TYPES = frozenset({"I", "EN"})
#: illocutions that commit a speaker to what they anchor, such a locution grounds its claim
#: (IAT's; "Default Illocuting" is the unnamed one automatic pipelines write); questioning,
#: challenging, disagreeing and an analyst's "Analysing" do not
ASSERTING = frozenset({"Asserting", "Agreeing", "Restating", "Assertive Questioning", "Default Illocuting"})
#: how a restatement's id is written in ``kept["aif"]["ids"]``: claim, then its place in `restates`
RESTATES = "~"

#: "Participant Rachel: A", "Lisa Nandy : There is ...": a speaker's name before the words
_SPEAKER = re.compile(r"[^:\n]{1,80}?\s?:\s+")
#: the keys of AIFdb (`nodes`) and xAIF (`AIF`): see `argmap.read.claimfile.JSON_KEY`
JSON_KEY = re.compile(r'"(?:AIF|nodes)"\s*:')
_ID = re.compile(r"[^\W_][\w.\-]*")


def recognises(text: str) -> bool:
    """A JSON object with `nodes` (AIFdb) or `AIF` (xAIF), and no `claims`."""
    return JSON_KEY.search(text) is not None and claimfile.JSON_KEY.search(text) is None


def load_text(text: str, path: Path) -> LoadResult:
    try:
        root, tag_problems = compose(text)
    except YamlSyntaxError as error:
        return LoadResult(None, [Problem(SYNTAX_ERROR, error.message, error.span)])
    reader = _Reader(path)
    reader.problems.extend(Problem(SCHEMA, message, where) for message, where in tag_problems)
    return LoadResult(reader.read(root), reader.problems)


def _fields(node: Node) -> dict[str, Node]:
    return {key.value: value for key, value in node.pairs() if type(key) is Scalar}


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.claims: dict[str, Claim] = {}
        self.ids: dict[str, Any] = {}  # argmap node id -> AIF nodeID as written
        self.records: dict[str, dict[str, Any]] = {}  # AIF node key -> its fields
        self.spans: dict[str, Span] = {}
        self.types: dict[str, str] = {}
        self.claim_of: dict[str, str] = {}  # AIF node key -> claim id
        self.steps_of: dict[str, list[Inference]] = {}  # RA or CA node key -> the steps read from it
        self.edges: list[tuple[dict[str, Any], Span]] = []
        self.into: dict[str, list[int]] = {}  # node key -> indices of edges that end there
        self.out: dict[str, list[int]] = {}
        self.read_edges: set[int] = set()  # edges the model holds: not kept as they are
        self.restating: set[str] = set()  # MA nodes read
        self.source: str | None = None  # the text the map analyses, when it carries it
        self.haystack = ""  # that text, normalised, to tell a locution's speaker from its words

    def problem(self, message: str, where: Span, code: str = SCHEMA) -> None:
        self.problems.append(Problem(code, message, where))

    # -- the file ---------------------------------------------------------------

    def read(self, root: Node | None) -> ArgumentFile | None:
        if type(root) is not Mapping:
            self.problem(f"an AIF map is a JSON object with 'nodes' and 'edges', not {describe(root)}"
                         if root is not None else "the file is empty: expected an AIF map", span(root) if root else Span(1, 1))
            return None
        top = _fields(root)
        kept: dict[str, Any] = {}
        layer = root
        if "AIF" in top:  # xAIF: the AIF layer beside OVA's layout and the analysed text
            layer = top["AIF"]
            kept["top"] = {key: plain(value) for key, value in top.items() if key != "AIF"}
            if type(layer) is not Mapping:
                self.problem(f"'AIF' must be an object with 'nodes' and 'edges', not {describe(layer)}", span(layer))
                return None
        fields = _fields(layer)
        self.source = _analysed_text((kept.get("top") or {}).get("text"))
        for key in ("nodes", "edges"):
            if key not in fields:
                self.problem(f"the AIF map has no '{key}' list", span(layer))
        kept["layer"] = {key: plain(value) for key, value in fields.items() if key not in ("nodes", "edges")}
        self.nodes(fields.get("nodes"))
        self.read_edge_list(fields.get("edges"))
        self.read_arguments()
        self.keep_parallel_edges()
        read = {*self.claim_of, *self.steps_of, *self.restating}
        kept["ids"] = self.ids
        kept["records"] = {key: record for key, record in self.records.items() if key in read}
        kept["nodes"] = [record for key, record in self.records.items() if key not in read]
        kept["edges"] = [record for index, (record, _) in enumerate(self.edges) if index not in self.read_edges]
        kept["read_edges"] = [self.edges[index][0] for index in sorted(self.read_edges)]
        kept["evidence"] = {cid: list(claim.evidence) for cid, claim in self.claims.items() if claim.evidence}
        kept["quotes"] = {cid: [q.value for q in claim.quotes] for cid, claim in self.claims.items() if claim.quotes}
        model = ArgumentFile(self.path, claims=self.claims)
        if self.source is not None:
            model.source = Source(text=self.source)
        model.kept["aif"] = kept
        return model

    def records_of(self, node: Node | None, name: str) -> Iterator[tuple[Node, Span, Any]]:
        """Each item of the list `name` (nodes or edges): the item, its place and its plain data."""
        if node is None:
            return
        if type(node) is not Sequence:
            self.problem(f"'{name}' must be a list, not {describe(node)}", span(node))
            return
        for item in node.items:
            yield item, span(item), plain(item)

    def nodes(self, node: Node | None) -> None:
        for item, where, record in self.records_of(node, "nodes"):
            if not isinstance(record, dict) or "nodeID" not in record or not isinstance(record["nodeID"], (str, int)):
                self.problem(f"an AIF node is an object with a 'nodeID' (a string or a number), not {describe(item)}"
                             if not isinstance(record, dict) else "this AIF node has no 'nodeID'", where)
                continue
            key = str(record["nodeID"])
            if key in self.records:
                self.problem(f"node {key!r} is defined twice (first on line {self.spans[key].line}); "
                             "this one is kept but not read", where, DUPLICATE_ID)
                self.kept_twice(record)
                continue
            self.records[key] = record
            self.spans[key] = where
            kind = record.get("type")
            self.types[key] = kind if isinstance(kind, str) else ""
            if kind in CLAIM_TYPES:
                self.claim(key, record, where)
            elif not isinstance(kind, str):
                self.problem(f"node {key!r} has no 'type' (I, RA, CA, MA, L, YA, TA, PA)", where)

    def kept_twice(self, record: dict[str, Any]) -> None:
        """A second node under one id: kept among the records under a key no id can take."""
        suffix = 2
        while f"{record['nodeID']}\x00{suffix}" in self.records:
            suffix += 1
        self.records[f"{record['nodeID']}\x00{suffix}"] = record

    def claim(self, key: str, record: dict[str, Any], where: Span) -> None:
        cid = key if _ID.fullmatch(key) else ("n" + re.sub(r"[^\w.\-]+", "-", key).strip("-_.") or "n")
        base, number = cid, 2
        while cid in self.claims:
            cid, number = f"{base}-{number}", number + 1
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            self.problem(f"I-node {key!r} has no text", where)
            text = text if isinstance(text, str) else ""
        self.claims[cid] = Claim(cid, where, text.strip())
        self.claim_of[key] = cid
        if record["nodeID"] != cid:
            self.ids[cid] = record["nodeID"]
        if record.get("text") == self.claims[cid].text:
            del record["text"]  # the claim's; the record keeps the text only as written around it (spaces)

    def read_edge_list(self, node: Node | None) -> None:
        for _item, where, record in self.records_of(node, "edges"):
            index = len(self.edges)
            self.edges.append((record, where))
            if not isinstance(record, dict) or not all(isinstance(record.get(end), (str, int)) for end in ("fromID", "toID")):
                self.problem("an AIF edge is an object with 'fromID' and 'toID'; this one is kept but not read", where)
                continue
            start, end = str(record["fromID"]), str(record["toID"])
            missing = [name for name in (start, end) if name not in self.records]
            if missing:
                self.problem(f"edge {record.get('edgeID', index + 1)!r} names node {missing[0]!r}, which the map does "
                             "not define; kept but not read", where, UNKNOWN_REFERENCE)
                continue
            self.out.setdefault(start, []).append(index)
            self.into.setdefault(end, []).append(index)

    def keep_parallel_edges(self) -> None:
        """A second edge between the same two nodes says nothing the first does not, and
        the model holds one: the second is kept as it is, so that it is written back."""
        pairs: set[tuple[str, str]] = set()
        for index in sorted(self.read_edges):
            record = self.edges[index][0]
            pair = (str(record["fromID"]), str(record["toID"]))
            if pair in pairs:
                self.read_edges.discard(index)
            pairs.add(pair)

    # -- the argument layer ------------------------------------------------------

    def ends(self, key: str, direction: dict[str, list[int]], field: str) -> list[tuple[str, int]]:
        """(node key at the other end, edge index) of the edges into or out of *key*."""
        return [(str(self.edges[index][0][field]), index) for index in direction.get(key, ())]

    def read_arguments(self) -> None:
        kinds: dict[str, list[str]] = {}
        for key, kind in self.types.items():
            kinds.setdefault(kind, []).append(key)
        for key in kinds.get("RA", ()):
            self.inference(key, "RA")
        self.attacks(kinds.get("CA", []))
        for key in kinds.get("MA", ()):
            self.restatement(key)
        self.locutions(kinds.get("YA", []))

    def premises(self, key: str) -> list[tuple[str, int]]:
        return [(self.claim_of[start], index) for start, index in self.ends(key, self.into, "fromID") if start in self.claim_of]

    def inference(self, key: str, kind: str) -> None:
        premises = self.premises(key)
        conclusions = [(self.claim_of[end], index) for end, index in self.ends(key, self.out, "toID") if end in self.claim_of]
        if not premises or not conclusions:
            lacking = "premise (an edge from an I-node)" if not premises else "conclusion (an edge to an I-node)"
            self.problem(f"{kind} node {key!r} has no {lacking}; kept but not read as a reason", self.spans[key])
            return
        steps: list[Inference] = []
        for cid, index in conclusions:
            reason = Reason(cid, len(self.claims[cid].reasons), self.refs(premises), self.spans[key], _label(self.records[key]))
            self.claims[cid].reasons.append(reason)
            steps.append(reason)
            self.read_edges.add(index)
        self.taken(key, steps, premises)

    def refs(self, premises: list[tuple[str, int]]) -> list[Ref]:
        return [Ref(cid, self.edges[index][1]) for cid, index in premises]

    def taken(self, key: str, steps: list[Inference], premises: list[tuple[str, int]]) -> None:
        self.steps_of[key] = steps
        for step in steps:
            self.ids[step.id] = self.records[key]["nodeID"]
        self.read_edges.update(index for _, index in premises)

    def attacks(self, pending: list[str]) -> None:
        """CA nodes, each once what it attacks has been read (an attack on an attack after that attack)."""
        while pending:
            waiting: list[str] = []
            for key in pending:
                targets = self.ends(key, self.out, "toID")
                if any(self.types.get(end) == "CA" and end in pending and end not in self.steps_of and end != key
                       for end, _ in targets):
                    waiting.append(key)
                else:
                    self.attack(key, targets)
            if len(waiting) == len(pending):  # a circle of attacks on attacks: none can be placed
                for key in waiting:
                    self.problem(f"CA node {key!r} is in a circle of attacks on attacks, which argmap cannot read; "
                                 "kept as it is", self.spans[key])
                return
            pending = waiting

    def attack(self, key: str, targets: list[tuple[str, int]]) -> None:
        premises = self.premises(key)
        parents: list[tuple[Claim | Inference, int]] = []
        for end, index in targets:
            if end in self.claim_of:
                parents.append((self.claims[self.claim_of[end]], index))
            else:
                parents.extend((step, index) for step in self.steps_of.get(end, ()))
        if not premises or not parents:
            lacking = "attacker (an edge from an I-node)" if not premises else "target argmap reads (an I-node, RA or CA)"
            self.problem(f"CA node {key!r} has no {lacking}; kept but not read as an objection", self.spans[key])
            return
        steps: list[Inference] = []
        for parent, index in parents:
            target = parent.id
            attack = Attack(target, len(parent.objections), self.refs(premises), self.spans[key], _label(self.records[key]))
            parent.objections.append(attack)
            steps.append(attack)
            self.read_edges.add(index)
        self.taken(key, steps, premises)

    def restatement(self, key: str) -> None:
        sources = self.premises(key)
        targets = [(self.claim_of[end], index) for end, index in self.ends(key, self.out, "toID") if end in self.claim_of]
        if not sources or not targets:
            self.problem(f"MA node {key!r} does not join two I-nodes; kept but not read as a restatement", self.spans[key])
            return
        self.restating.add(key)
        for cid, start in sources:
            claim = self.claims[cid]
            for target, index in targets:
                self.ids[f"{cid}{RESTATES}{len(claim.restates) + 1}"] = self.records[key]["nodeID"]
                claim.restates.append(Ref(target, self.edges[index][1]))
                self.read_edges.update((start, index))

    def locutions(self, anchors: list[str]) -> None:
        """L -> YA (asserting) -> I: the locution grounds the claim, as evidence, or as a
        quote when the map carries its text. The edges stay kept as they are: the
        dialogue layer is AIF's, not the model's."""
        if self.source is not None:
            self.haystack = normalize(self.source)
        for key in anchors:
            record = self.records[key]
            if not ASSERTING & {record.get("text"), record.get("scheme")}:
                continue
            said: list[tuple[str, Span]] = []
            for start, _ in self.ends(key, self.into, "fromID"):
                text = self.records[start].get("text")
                if self.types.get(start) == "L" and isinstance(text, str) and text.strip():
                    said.append((text.strip(), self.spans[start]))
            for end, _ in self.ends(key, self.out, "toID"):
                if end in self.claim_of:
                    claim = self.claims[self.claim_of[end]]
                    if self.source is None:
                        claim.evidence.extend(text for text, _ in said)
                    else:
                        claim.quotes.extend(Text(self.words_said(text), where) for text, where in said)

    def words_said(self, locution: str) -> str:
        """A locution's words without its speaker ("Rachel: A" is A), unless the text has them so."""
        speaker = _SPEAKER.match(locution)
        if speaker is None or normalize(locution) in self.haystack:
            return locution
        return locution[speaker.end():].strip()


class _TextOf(HTMLParser):
    """The text of OVA's analysis pane: HTML with a span around each locution."""

    BREAKS = frozenset({"br", "p", "div", "li", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _analysed_text(value: object) -> str | None:
    """xAIF's `text` (OVA: an HTML string; oAMF: ``{"txt": ...}``) as plain text, or None."""
    if isinstance(value, dict):
        value = value.get("txt")
    if not isinstance(value, str) or not value.strip():
        return None
    parser = _TextOf()
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts).strip()
    return text or None


def _label(record: dict[str, Any]) -> str | None:
    """An inference's scheme, when the map names one beyond the default."""
    for name in (record.get("scheme"), record.get("text")):
        if isinstance(name, str) and name.strip() and not name.startswith("Default ") and name not in ("RA", "CA", "MA"):
            return name.strip()
    return None


def unread(kept: dict[str, Any]) -> Counter[str]:
    """What a writer of another format loses of what this reader kept: a line per kind."""
    lost: Counter[str] = Counter()
    for record in kept.get("nodes") or ():
        kind = record.get("type") if isinstance(record, dict) else None
        lost[f"AIF {kind} nodes (kept by AIF and claim files only)" if isinstance(kind, str) and kind else
             "AIF nodes without a type"] += 1
    lost["AIF edges of the dialogue layer, or not read"] += len(kept.get("edges") or ())
    layer = kept.get("layer") or {}
    for name in ("locutions", "participants"):
        lost[f"AIF {name}"] += len(layer.get(name) or ())
    if (kept.get("top") or {}).get("OVA"):
        lost["OVA's layout"] += 1
    return +lost
