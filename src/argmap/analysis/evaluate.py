"""Acceptance labels for claims and reasons (SPEC section 3).

The least fixed point from all-UNDEC is computed with a worklist: a node is
decided once and never revisited, and each decision touches only the edges
out of it, so the whole run is linear in the graph. When every claim is
grounded this is Dung's grounded labelling of the attack graph.
"""

from __future__ import annotations

import enum
from collections import deque
from typing import TYPE_CHECKING

from argmap.graph import ATTACK, adjacency

if TYPE_CHECKING:
    import networkx as nx


class Label(enum.StrEnum):
    IN = "IN"
    OUT = "OUT"
    UNDEC = "UNDEC"


# A tally is a list, not an object: the hot loop reads and bumps these slots.
_SUPPORTS, _ATTACKS, _SUPPORTS_IN, _SUPPORTS_OUT, _ATTACKS_IN, _ATTACKS_OUT, _IS_REASON, _GROUNDED = range(8)


def _decide(tally: list) -> Label | None:
    """The node's label once its inputs settle it, else None (still waiting)."""
    if tally[_ATTACKS_IN]:
        return Label.OUT
    unattacked = tally[_ATTACKS_OUT] == tally[_ATTACKS]
    if tally[_IS_REASON]:
        if tally[_SUPPORTS_OUT]:
            return Label.OUT
        return Label.IN if unattacked and tally[_SUPPORTS_IN] == tally[_SUPPORTS] else None
    grounded = tally[_GROUNDED]
    if unattacked and (grounded or tally[_SUPPORTS_IN]):
        return Label.IN
    if not grounded and tally[_SUPPORTS_OUT] == tally[_SUPPORTS]:
        return Label.OUT
    return None


def evaluate(graph: nx.DiGraph) -> dict[str, Label]:
    """IN, OUT or UNDEC for every node of *graph* (claims and reasons).

    Reads networkx's adjacency dicts directly (see `graph.adjacency`): the
    views cost more than the evaluation itself on large files.
    """
    tallies: dict[str, list] = {}
    pred, succ, nodes = adjacency(graph)
    for node, sources in pred.items():
        attacks = sum(1 for data in sources.values() if data["role"] == ATTACK)
        data = nodes[node]
        # an undefined premise counts as one more support that is never accepted
        dangling = data.get("dangling", 0) and 1
        tallies[node] = [
            len(sources) - attacks + dangling, attacks, 0, dangling, 0, 0,
            data["kind"] == "reason", data.get("grounded", False),
        ]
    labels: dict[str, Label] = {}
    queue: deque[str] = deque()
    for node, tally in tallies.items():
        label = _decide(tally)
        if label is not None:
            labels[node] = label
            queue.append(node)
    while queue:
        node = queue.popleft()
        is_in = labels[node] is Label.IN
        for target, data in succ[node].items():
            if target in labels:
                continue
            tally = tallies[target]
            if data["role"] == ATTACK:
                tally[_ATTACKS_IN if is_in else _ATTACKS_OUT] += 1
            else:
                tally[_SUPPORTS_IN if is_in else _SUPPORTS_OUT] += 1
            label = _decide(tally)
            if label is not None:
                labels[target] = label
                queue.append(target)
    return {node: labels.get(node, Label.UNDEC) for node in graph}


def node_name(graph: nx.DiGraph, node: str) -> str:
    """How a user knows a node: claims by id, reasons by number and conclusion."""
    data = graph.nodes[node]
    if data["kind"] == "reason":
        return f"reason {node.rsplit('#', 1)[1]} for '{data['claim']}'"
    return f"'{node}'"


def explain(graph: nx.DiGraph, labels: dict[str, Label], node: str) -> str:
    """Why *node* has its label, naming the claims responsible.

    Reasons are looked through to their premises, which is what a user can fix.
    """
    label = labels[node]
    attackers = [u for u, _, r in graph.in_edges(node, data="role") if r == ATTACK]
    supports = [u for u, _, r in graph.in_edges(node, data="role") if r != ATTACK]
    if graph.nodes[node]["kind"] == "claim":  # look through reasons to their premises
        premises = [p for reason in supports for p in graph.predecessors(reason)
                    if graph.edges[p, reason]["role"] != ATTACK]
        undercuts = [(u, r) for r in supports for u in graph.predecessors(r) if graph.edges[u, r]["role"] == ATTACK]
    else:
        premises, undercuts = supports, []

    def named(nodes: list[str], wanted: Label) -> str:
        return ", ".join(dict.fromkeys(node_name(graph, n) for n in nodes if labels[n] is wanted))

    if label is Label.IN:
        return "grounded and unattacked" if graph.nodes[node].get("grounded") and not attackers else "accepted"
    if label is Label.OUT:
        if winners := named(attackers, Label.IN):
            return f"defeated by accepted objection {winners}"
        if not supports and not graph.nodes[node].get("dangling"):
            return "it is unsupported"
        if cutters := ", ".join(f"{node_name(graph, u)} undercuts {node_name(graph, r)}"
                                for u, r in undercuts if labels[u] is Label.IN):
            return f"its reasons fail: {cutters}"
        if rejected := named(premises, Label.OUT):
            return f"its reasons fail: premise {rejected} is not accepted"
        return "a premise is not defined"
    if open_attacks := named(attackers, Label.UNDEC):
        return f"objection {open_attacks} is itself undecided"
    if open_support := named(premises, Label.UNDEC):
        return f"premise {open_support} is undecided (a circle, or attacks that cancel out)"
    return "undecided"
