"""The claim file as a graph (SPEC section 2).

Nodes are claims and the steps between them: reasons (premises that support a
claim together) and attacks (premises that attack a claim, a reason or another
attack together). Edges point the way reasoning flows: premise -> step,
reason -> its claim (`support`), attack -> what it attacks (`attack`); and
claim -> the claim it restates (`restates`, which the evaluation ignores).

The audit works on a :class:`Structure`: plain dicts in networkx's own layout,
cheap to build and read, with no networkx import on the lint path. Users get a
networkx DiGraph over the same dicts (`to_networkx`, `build_graph`). Every
traversal here is an explicit-stack loop: claim files can be 100,000 claims deep.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import networkx as nx

from argmap.model import ArgumentFile, Claim, Reason

PREMISE, SUPPORT, ATTACK, RESTATES = "premise", "support", "attack", "restates"
SUPPORT_ROLES = frozenset({PREMISE, SUPPORT})
CLAIM, REASON, ATTACK_STEP = "claim", "reason", "attack"


class Structure(NamedTuple):
    """Predecessors, successors and node data, as networkx keeps them: each edge's
    data is one dict, shared by both sides."""

    pred: dict[str, dict[str, dict]]
    succ: dict[str, dict[str, dict]]
    nodes: dict[str, dict]


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


def build_structure(model: ArgumentFile, grounds: Mapping[str, str | None] | None = None) -> Structure:
    """Nodes for claims, reasons and attacks; references to undefined ids become no edge.

    *grounds* says what grounds each claim ("evidence", "assumption", "quote" or
    None); without it, quotes are taken as found. A step that names an undefined
    premise records how many in ``dangling``: it can never be accepted.
    """
    claims = model.claims
    nodes: dict[str, dict] = {}
    pred: dict[str, dict[str, dict]] = {}
    succ: dict[str, dict[str, dict]] = {}
    for cid, claim in claims.items():
        ground = grounds[cid] if grounds is not None else grounds_unchecked(claim)
        nodes[cid] = {"kind": CLAIM, "span": claim.span, "grounded": ground is not None, "ground": ground,
                      "incomplete": claim.incomplete}
        pred[cid] = {}
        succ[cid] = {}
    for claim in claims.values():
        for step in (*claim.reasons, *claim.attacks()) if claim.objections or claim.reasons else ():
            sid = step.id
            is_reason = type(step) is Reason
            inputs: dict[str, dict] = {}
            dangling = 0
            for ref in step.premises:
                if ref.id in claims:
                    data = {"role": PREMISE, "span": ref.span}
                    inputs[ref.id] = data
                    succ[ref.id][sid] = data
                else:
                    dangling += 1
            nodes[sid] = {"kind": REASON if is_reason else ATTACK_STEP, "span": step.span, "target": step.target,
                          "label": step.label, "dangling": dangling}
            pred[sid] = inputs
            data = {"role": SUPPORT if is_reason else ATTACK, "span": step.span}
            succ[sid] = {step.target: data}
            pred[step.target][sid] = data
        for ref in claim.restates:
            if ref.id in claims and ref.id != claim.id:
                data = {"role": RESTATES, "span": ref.span}
                succ[claim.id][ref.id] = data
                pred[ref.id][claim.id] = data
    return Structure(pred, succ, nodes)


def to_networkx(structure: Structure, path: str = "") -> nx.DiGraph:
    """The structure as the networkx DiGraph users get, sharing its dicts (nothing is copied)."""
    import networkx as nx  # lazily: only drawing and the Python API pay for it

    graph = nx.DiGraph(path=path)
    graph._node = structure.nodes
    graph._adj = structure.succ  # networkx sets _succ with it
    graph._pred = structure.pred
    return graph


def build_graph(model: ArgumentFile, grounds: Mapping[str, str | None] | None = None) -> nx.DiGraph:
    """The claim file as a networkx DiGraph (see `build_structure`)."""
    return to_networkx(build_structure(model, grounds), str(model.path))


def adjacency(graph: Structure | nx.DiGraph) -> tuple[dict, dict, dict]:
    """Predecessors, successors and node data of a structure, or of a networkx graph
    (whose own dicts have the same layout; this is the one place that knows it)."""
    if isinstance(graph, Structure):
        return graph
    return graph._pred, graph._succ, graph._node


def support_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """Claims and reasons joined by premise and support edges (a view: nothing is copied)."""
    import networkx as nx

    return nx.subgraph_view(graph, filter_node=lambda n: graph.nodes[n]["kind"] != ATTACK_STEP,
                            filter_edge=lambda u, v: graph.edges[u, v]["role"] in SUPPORT_ROLES)


def support_circles(graph: Structure | nx.DiGraph) -> list[set[str]]:
    """Strongly connected components of the support graph that hold a circle.

    Kahn's peeling first removes every node no circle passes through, in one
    linear pass; only what is left (circles and what they feed) goes to Tarjan.
    Acyclic files, the common case, stop early.
    """
    succ = adjacency(graph)[1]
    successors = {node: [v for v, data in targets.items() if data["role"] in SUPPORT_ROLES]
                  for node, targets in succ.items()}
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
    rest = {node: [v for v in successors[node] if indegree[v]] for node, degree in indegree.items() if degree}
    return [component for component in strongly_connected(rest) if len(component) > 1]


def strongly_connected(successors: dict[str, list[str]]) -> Iterator[set[str]]:
    """Tarjan's strongly connected components of *successors*, with explicit stacks."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in successors:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(successors[root]))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = set()
                    while (member := stack.pop()) != node:
                        on_stack.discard(member)
                        component.add(member)
                    on_stack.discard(node)
                    component.add(node)
                    yield component


def supporting_ancestors(graph: Structure | nx.DiGraph, targets: Iterable[str]) -> set[str]:
    """*targets* and every claim or reason with a support path into one of them."""
    pred = adjacency(graph)[0]
    seen = set(targets)
    queue = list(seen)
    while queue:
        for other, data in pred[queue.pop()].items():
            if other not in seen and data["role"] in SUPPORT_ROLES:
                seen.add(other)
                queue.append(other)
    return seen


def connected_to(graph: Structure | nx.DiGraph, targets: Iterable[str]) -> set[str]:
    """Nodes joined to *targets* by edges of any role, in either direction."""
    pred, succ, _ = adjacency(graph)
    seen = set(targets)
    queue = list(seen)
    while queue:
        node = queue.pop()
        for neighbours in (pred[node], succ[node]):
            for other in neighbours:
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
    return seen
