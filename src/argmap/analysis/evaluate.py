"""Acceptance labels for claims, reasons and attacks (SPEC section 3).

The least fixed point from all-UNDEC is computed with a worklist: a node is
decided once and never revisited, and each decision touches only the edges
out of it, so the whole run is linear in the graph. When every claim is
grounded this is Dung's grounded labelling of the attack graph (attacks on
attacks included, through the usual translation to Dung's frameworks).
"""

from __future__ import annotations

import enum
from collections import deque
from typing import TYPE_CHECKING

from argmap.graph import ATTACK, CLAIM, RESTATES, Structure, adjacency

if TYPE_CHECKING:
    import networkx as nx


class Label(enum.StrEnum):
    IN = "IN"
    OUT = "OUT"
    UNDEC = "UNDEC"


# A tally is a list, not an object: the hot loop reads and bumps these slots.
(_SUPPORTS, _ATTACKS, _SUPPORTS_IN, _SUPPORTS_OUT, _ATTACKS_IN, _ATTACKS_OUT,
 _IS_STEP, _GROUNDED, _UNJUDGED) = range(9)


def _decide(tally: list) -> Label | None:
    """The node's label once its inputs settle it, else None (still waiting)."""
    if tally[_UNJUDGED]:
        return None
    if tally[_ATTACKS_IN]:
        return Label.OUT
    unattacked = tally[_ATTACKS_OUT] == tally[_ATTACKS]
    if tally[_IS_STEP]:
        if tally[_SUPPORTS_OUT]:
            return Label.OUT
        return Label.IN if unattacked and tally[_SUPPORTS_IN] == tally[_SUPPORTS] else None
    grounded = tally[_GROUNDED]
    if unattacked and (grounded or tally[_SUPPORTS_IN]):
        return Label.IN
    if not grounded and tally[_SUPPORTS_OUT] == tally[_SUPPORTS]:
        return Label.OUT
    return None


def evaluate(graph: Structure | nx.DiGraph) -> dict[str, Label]:
    """IN, OUT or UNDEC for every node of *graph* (claims, reasons and attacks).

    A claim the reader could not take in whole (``incomplete``) is never
    decided, and neither is a step with an undefined premise: the audit does not
    judge what the file does not say. Reads the adjacency dicts directly (see
    `graph.adjacency`): networkx's views cost more than the evaluation itself on
    large files.
    """
    tallies: dict[str, list] = {}
    pred, succ, nodes = adjacency(graph)
    for node, sources in pred.items():
        attacks = supports = 0
        for data in sources.values():
            role = data["role"]
            if role == ATTACK:
                attacks += 1
            elif role != RESTATES:
                supports += 1
        data = nodes[node]
        is_claim = data["kind"] == CLAIM
        tallies[node] = [
            supports + (0 if is_claim else data["dangling"]), attacks, 0, 0, 0, 0,
            not is_claim, is_claim and data["grounded"], is_claim and data["incomplete"],
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
            role = data["role"]
            if role == RESTATES:
                continue
            tally = tallies[target]
            if role == ATTACK:
                tally[_ATTACKS_IN if is_in else _ATTACKS_OUT] += 1
            else:
                tally[_SUPPORTS_IN if is_in else _SUPPORTS_OUT] += 1
            label = _decide(tally)
            if label is not None:
                labels[target] = label
                queue.append(target)
    return {node: labels.get(node, Label.UNDEC) for node in nodes}
