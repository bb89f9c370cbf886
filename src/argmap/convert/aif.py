"""The model as an AIF map (AIFdb JSON, or xAIF when it was read from xAIF).

Claims become I-nodes, reasons RA nodes, objections CA nodes (on an I-node, an
RA or another CA), restatements MA nodes. A map read from AIF gets back every
node and edge it had: the nodes and edges argmap kept as they were, and, for
those it read, their ids, fields and edge ids; steps read from one node (an RA
with two conclusions) become that one node again. A map from elsewhere gets
fresh ids (the claim ids, and `a#1`-style ids for steps).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from argmap.convert import DANGLING, Losses, losses
from argmap.model import ArgumentFile, Inference, Reason
from argmap.read.aif import RESTATES

#: what AIF has no place for: its I-nodes hold a text, nothing more (evidence and
#: quotes that the AIF reader made of locutions are given back as those locutions)
CANNOT = ("title", "theses", "file-ignore", "assumptions", "notes", "tags", "ignore")
_DEFAULTS = {
    "RA": {"text": "Default Inference", "scheme": "Default Inference", "schemeID": "72"},
    "CA": {"text": "Default Conflict", "scheme": "Default Conflict", "schemeID": "71"},
    "MA": {"text": "Default Rephrase", "scheme": "Default Rephrase", "schemeID": "144"},
}


def write(model: ArgumentFile, out: TextIO) -> Losses:
    kept: dict[str, Any] = model.kept.get("aif") or {}
    graph = _Graph(kept)
    for claim in model.claims.values():
        graph.node(claim.id, "I", text=claim.text)
    for step in _steps(model):
        kind = "RA" if type(step) is Reason else "CA"
        node = graph.node(step.id, kind, text=step.label)
        for ref in step.premises:
            graph.edge(ref.id, node)
        graph.edge(node, step.target)
    for claim in model.claims.values():
        for number, ref in enumerate(claim.restates, 1):
            node = graph.node(f"{claim.id}{RESTATES}{number}", "MA")
            graph.edge(claim.id, node)
            graph.edge(node, ref.id)
    lost = losses(model, CANNOT, kept_by="aif")
    if graph.dangling:
        lost[DANGLING] = graph.dangling
    for name, what in (("evidence", "evidence notes"), ("quotes", "quotes")):
        made = kept.get(name) or {}
        new = sum(len(values) for cid, values in _grounds(model, name) if values != made.get(cid))
        if new:
            lost[f"{what} other than its locutions"] = new
    source = model.source
    if source is not None and (source.title or source.date or source.url or source.path
                               or (source.text is not None and not (kept.get("top") or {}).get("text"))):
        lost["the source (title, date, address, path or text)"] = 1
    json.dump(graph.document(), out, ensure_ascii=False, indent=2)
    out.write("\n")
    return lost


def _grounds(model: ArgumentFile, name: str) -> Iterator[tuple[str, list[str]]]:
    """(claim id, its evidence or its quotes as text), for the claims that have some."""
    for claim in model.claims.values():
        values = claim.evidence if name == "evidence" else [quote.value for quote in claim.quotes]
        if values:
            yield claim.id, values


def _steps(model: ArgumentFile) -> Iterator[Inference]:
    """Reasons, then every objection, in file order: each after what it attacks."""
    for claim in model.claims.values():
        yield from claim.reasons
    for claim in model.claims.values():
        yield from claim.attacks()


class _Graph:
    """Nodes and edges as written, reusing what the reader kept for the nodes it read."""

    def __init__(self, kept: dict[str, Any]) -> None:
        self.kept = kept
        self.ids: dict[str, Any] = kept.get("ids") or {}
        self.records: dict[str, dict[str, Any]] = kept.get("records") or {}
        self.nodes: dict[str, dict[str, Any]] = {}  # node key -> record, in order written
        self.keys: dict[str, str] = {}  # argmap node id -> node key
        self.edges: dict[tuple[str, str], dict[str, Any]] = {}
        self.old_edges = {(str(e.get("fromID")), str(e.get("toID"))): e for e in kept.get("read_edges") or ()}
        self.taken = {str(e.get("edgeID")) for e in [*kept.get("edges", ()), *self.old_edges.values()]}
        self.next_edge = 1
        self.dangling = 0  # links that name no claim

    def node(self, argmap_id: str, kind: str, text: str | None = None) -> str:
        node_id = self.ids.get(argmap_id, argmap_id)
        key = str(node_id)
        self.keys[argmap_id] = key
        if key not in self.nodes:  # a step read from a node another step shares is that node again
            record = dict(self.records.get(key) or {"nodeID": node_id, "text": "", "type": kind, **_DEFAULTS.get(kind, {})})
            written = record.get("text")
            if (kind == "I" and not (isinstance(written, str) and written.strip() == text)) or (text is not None and key not in self.records):  # as written, unless edited
                record["text"] = text
            self.nodes[key] = record
        return key

    def edge(self, start: str, end: str) -> None:
        """An edge between two nodes, each an argmap id or a node key already written."""
        start, end = self.keys.get(start, start), self.keys.get(end, end)
        if start not in self.nodes or end not in self.nodes:
            self.dangling += 1
            return
        pair = (start, end)
        if pair in self.edges:
            return
        record = self.old_edges.get(pair)
        if record is None:
            while str(self.next_edge) in self.taken:
                self.next_edge += 1
            self.taken.add(str(self.next_edge))
            record = {"edgeID": str(self.next_edge), "fromID": self.nodes[start]["nodeID"], "toID": self.nodes[end]["nodeID"]}
        self.edges[pair] = record

    def document(self) -> dict[str, Any]:
        nodes = [*self.nodes.values(), *(self.kept.get("nodes") or ())]
        edges = [*self.edges.values(), *(self.kept.get("edges") or ())]
        layer = {"nodes": nodes, "edges": edges, **(self.kept.get("layer") or {"locutions": []})}
        top = self.kept.get("top")
        return {"AIF": layer, **top} if top is not None else layer
