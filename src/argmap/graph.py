"""The claim file as a networkx DiGraph (SPEC section 2).

Edges point the way reasoning flows: premise -> reason -> conclusion, and
objection -> the claim or reason it attacks. Every traversal here is an
explicit-stack loop: claim files can be 100,000 claims deep.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

from argmap.model import ArgumentFile

PREMISE, SUPPORT, ATTACK = "premise", "support", "attack"
SUPPORT_ROLES = frozenset({PREMISE, SUPPORT})


def build_graph(model: ArgumentFile) -> nx.DiGraph:
    """Nodes for claims and reasons; references to undefined ids become no edge.

    A reason that names an undefined premise records how many in ``dangling``,
    so the evaluation can treat it as resting on something never accepted.
    """
    import networkx as nx  # lazily: `argmap rules` and `--help` should not pay for it

    graph = nx.DiGraph(path=str(model.path))
    claims = model.claims
    nodes = [(c.id, {"kind": "claim", "span": c.span, "grounded": c.grounded}) for c in claims.values()]
    edges = []
    for claim in claims.values():
        for reason in claim.reasons:
            rid = reason.id
            known = [ref for ref in reason.premises if ref.id in claims]
            nodes.append((rid, {
                "kind": "reason", "span": reason.span, "claim": claim.id, "label": reason.label,
                "dangling": len(reason.premises) - len(known),
            }))
            edges.extend((ref.id, rid, {"role": PREMISE, "span": ref.span}) for ref in known)
            edges.append((rid, claim.id, {"role": SUPPORT, "span": reason.span}))
            premise_ids = {ref.id for ref in known}
            edges.extend(  # a premise that also undercuts its own reason is AM104; the premise edge stays
                (ref.id, rid, {"role": ATTACK, "span": ref.span})
                for ref in reason.objections
                if ref.id in claims and ref.id not in premise_ids
            )
        edges.extend(
            (ref.id, claim.id, {"role": ATTACK, "span": ref.span}) for ref in claim.objections if ref.id in claims
        )
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    return graph


def adjacency(graph: nx.DiGraph) -> tuple[dict, dict, dict]:
    """networkx's own dicts behind *graph*: predecessors, successors, node data.

    The audit's hot loops read these directly, as networkx's algorithms do: the
    public views cost more than the work on a large file. Everything else uses
    the public API; this is the one place that knows the internals.
    """
    return graph._pred, graph._succ, graph._node


def support_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """The subgraph of premise and support edges (a view: nothing is copied)."""
    import networkx as nx

    return nx.subgraph_view(graph, filter_edge=lambda u, v: graph.edges[u, v]["role"] in SUPPORT_ROLES)


def support_circles(graph: nx.DiGraph) -> list[set[str]]:
    """Strongly connected components of the support graph that hold a circle.

    Kahn's peeling first removes every node no circle passes through, in one
    linear pass; only what is left (circles and what they feed) goes to
    networkx's iterative Tarjan. Acyclic files, the common case, stop early.
    """
    successors = {
        node: [v for v, data in targets.items() if data["role"] in SUPPORT_ROLES]
        for node, targets in adjacency(graph)[1].items()
    }
    indegree = dict.fromkeys(successors, 0)
    for targets in successors.values():
        for v in targets:
            indegree[v] += 1
    queue = deque(node for node, degree in indegree.items() if degree == 0)
    while queue:
        for v in successors[queue.popleft()]:
            indegree[v] -= 1
            if indegree[v] == 0:
                queue.append(v)
    remaining = [node for node, degree in indegree.items() if degree > 0]
    if not remaining:
        return []
    import networkx as nx

    rest = nx.DiGraph()
    rest.add_nodes_from(remaining)
    rest.add_edges_from((u, v) for u in remaining for v in successors[u] if indegree[v] > 0)
    return [c for c in nx.strongly_connected_components(rest) if len(c) > 1]


def supporting_ancestors(graph: nx.DiGraph, targets: Iterable[str]) -> set[str]:
    """*targets* and every claim or reason with a support path into one of them."""
    pred = adjacency(graph)[0]
    return _reach(targets, lambda n: [u for u, data in pred[n].items() if data["role"] in SUPPORT_ROLES])


def connected_to(graph: nx.DiGraph, targets: Iterable[str]) -> set[str]:
    """Nodes joined to *targets* by edges of any role, in either direction."""
    pred, succ, _ = adjacency(graph)
    return _reach(targets, lambda n: (*pred[n], *succ[n]))


def _reach(start: Iterable[str], neighbours) -> set[str]:
    seen = set(start)
    queue = deque(seen)
    while queue:
        for other in neighbours(queue.popleft()):
            if other not in seen:
                seen.add(other)
                queue.append(other)
    return seen
