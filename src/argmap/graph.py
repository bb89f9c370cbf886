"""The claim file as a networkx DiGraph (SPEC section 2).

Nodes are claims and the steps between them: reasons (premises that support a
claim together) and attacks (premises that attack a claim, a reason or another
attack together). Edges point the way reasoning flows: premise -> step,
reason -> its claim (`support`), attack -> what it attacks (`attack`); and
claim -> the claim it restates (`restates`, which the evaluation ignores).
Every traversal here is an explicit-stack loop: claim files can be 100,000
claims deep.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

from argmap.model import ArgumentFile, Claim, Inference, Reason

PREMISE, SUPPORT, ATTACK, RESTATES = "premise", "support", "attack", "restates"
SUPPORT_ROLES = frozenset({PREMISE, SUPPORT})
CLAIM, REASON, ATTACK_STEP = "claim", "reason", "attack"


def grounds_unchecked(claim: Claim) -> str | None:
    """What grounds *claim* when its quotes are taken as found (no source to check them against)."""
    if claim.incomplete:
        return None
    if claim.evidence:
        return "evidence"
    if claim.assumption:
        return "assumption"
    if claim.quotes and not claim.reasons:
        return "quote"
    return None


def build_graph(model: ArgumentFile, grounds: Mapping[str, str | None] | None = None) -> nx.DiGraph:
    """Nodes for claims, reasons and attacks; references to undefined ids become no edge.

    *grounds* says what grounds each claim ("evidence", "assumption", "quote" or
    None); without it, quotes are taken as found. A step that names an undefined
    premise records how many in ``dangling``: it can never be accepted.
    """
    import networkx as nx  # lazily: `argmap rules` and `--help` should not pay for it

    graph = nx.DiGraph(path=str(model.path))
    claims = model.claims
    nodes: list[tuple[str, dict]] = []
    edges: list[tuple[str, str, dict]] = []
    for claim in claims.values():
        ground = grounds[claim.id] if grounds is not None else grounds_unchecked(claim)
        nodes.append((claim.id, {
            "kind": CLAIM, "span": claim.span, "grounded": ground is not None, "ground": ground,
            "incomplete": claim.incomplete,
        }))
        for step in (*claim.reasons, *claim.attacks()):
            _add_step(step, claims, nodes, edges)
        edges.extend(
            (claim.id, ref.id, {"role": RESTATES, "span": ref.span})
            for ref in claim.restates if ref.id in claims and ref.id != claim.id
        )
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    return graph


def _add_step(step: Inference, claims: Mapping[str, Claim], nodes: list, edges: list) -> None:
    sid = step.id
    known = [ref for ref in step.premises if ref.id in claims]
    is_reason = isinstance(step, Reason)
    nodes.append((sid, {
        "kind": REASON if is_reason else ATTACK_STEP, "span": step.span, "target": step.target,
        "label": step.label, "dangling": len(step.premises) - len(known),
    }))
    edges.extend((ref.id, sid, {"role": PREMISE, "span": ref.span}) for ref in known)
    edges.append((sid, step.target, {"role": SUPPORT if is_reason else ATTACK, "span": step.span}))


def adjacency(graph: nx.DiGraph) -> tuple[dict, dict, dict]:
    """networkx's own dicts behind *graph*: predecessors, successors, node data.

    The audit's hot loops read these directly, as networkx's algorithms do: the
    public views cost more than the work on a large file. Everything else uses
    the public API; this is the one place that knows the internals.
    """
    return graph._pred, graph._succ, graph._node


def support_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """Claims and reasons joined by premise and support edges (a view: nothing is copied)."""
    import networkx as nx

    return nx.subgraph_view(graph, filter_node=lambda n: graph.nodes[n]["kind"] != ATTACK_STEP,
                            filter_edge=lambda u, v: graph.edges[u, v]["role"] in SUPPORT_ROLES)


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


def _reach(start: Iterable[str], neighbours: Callable[[str], Iterable[str]]) -> set[str]:
    seen = set(start)
    queue = deque(seen)
    while queue:
        for other in neighbours(queue.popleft()):
            if other not in seen:
                seen.add(other)
                queue.append(other)
    return seen
