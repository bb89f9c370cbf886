"""The claim file as a graph (SPEC section 2).

Nodes are claims and the steps between them: reasons (premises that support a
claim together) and attacks (premises that attack a claim, a reason or another
attack together). Edges point the way reasoning flows: premise -> step,
reason -> its claim (`support`), attack -> what it attacks (`attack`); and
claim -> the claim it restates (`restates`, which the evaluation ignores).

The audit works on a :class:`Structure`: the nodes numbered (claims first, in
file order, then the steps) and the edges as lists of numbers, built in one
pass and read by tight loops that stay fast at 100,000 claims, with no
networkx on the lint path. Users get a networkx DiGraph with every attribute
(`to_networkx`, `build_graph`), built when asked for. Every traversal here is
an explicit-stack loop: claim files can be 100,000 claims deep.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
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


class Structure:
    """The graph the audit reads.

    Node *i* is ``ids[i]``: claims are ``0 .. claims - 1``, steps follow. For each
    node, ``support_out`` lists what it supports (a premise its steps, a reason
    its claim) and ``support_in`` the reverse; ``attack_out`` says what an attack
    step attacks and ``attack_in`` lists the attacks on a node, both kept only
    for the nodes that have any. Ids are the public face: the methods below
    take and give ids.
    """

    __slots__ = (
        "attack_in",
        "attack_out",
        "claims",
        "dangling",
        "ground",
        "ids",
        "incomplete",
        "index",
        "restates",
        "steps",
        "support_in",
        "support_out",
    )

    def __init__(self, model: ArgumentFile, grounds: Mapping[str, str | None] | None = None) -> None:
        """Nodes for claims, reasons and attacks; references to undefined ids become no edge.

        *grounds* says what grounds each claim ("evidence", "assumption", "quote" or
        None); without it, quotes are taken as found. A step that names an undefined
        premise can never be accepted: ``dangling`` counts them.
        """
        claims = model.claims
        ids: list[str] = list(claims)
        index: dict[str, int] = {cid: i for i, cid in enumerate(ids)}
        count = len(ids)
        support_out: list[list[int]] = [[] for _ in range(count)]
        support_in: list[list[int]] = [[] for _ in range(count)]
        attack_out: dict[int, list[int]] = {}  # few nodes attack or are attacked: kept sparse
        attack_in: dict[int, list[int]] = {}
        dangling: dict[str, int] = {}
        steps: dict[str, Inference] = {}
        restating: list[Claim] = []
        incomplete: list[str] = []
        for claim in claims.values():  # one pass: a step's target (its claim, or a step of it) comes before it
            own: Iterable[Inference] = claim.reasons
            undercut = claim.objections
            if not undercut:
                for reason in own:
                    if reason.objections:
                        undercut = reason.objections
                        break
            if undercut:
                own = (*claim.reasons, *claim.attacks())
            for step in own:
                sid = step.id
                s = index[sid] = len(ids)
                ids.append(sid)
                steps[sid] = step
                inputs: list[int] = []
                support_in.append(inputs)
                support_out.append([])
                for ref in step.premises:
                    p = index.get(ref.id)
                    if p is not None and p < count:
                        inputs.append(p)
                    else:
                        dangling[sid] = dangling.get(sid, 0) + 1
                if len(inputs) > 1:  # [a, a] is one premise (a set, not a scan: a step may have 100,000)
                    unique = list(dict.fromkeys(inputs))
                    if len(unique) < len(inputs):
                        inputs[:] = unique
                for p in inputs:
                    support_out[p].append(s)
                t = index[step.target]
                if type(step) is Reason:
                    support_out[s].append(t)
                    support_in[t].append(s)
                else:
                    attack_out[s] = [t]
                    attack_in.setdefault(t, []).append(s)
            if claim.restates:
                restating.append(claim)
            if claim.incomplete:
                incomplete.append(claim.id)
        self.ids, self.index, self.claims, self.steps, self.dangling = ids, index, count, steps, dangling
        self.support_out, self.support_in, self.attack_out, self.attack_in = support_out, support_in, attack_out, attack_in
        self.restates: list[tuple[int, int]] = [
            (index[claim.id], index[ref.id]) for claim in restating for ref in claim.restates
            if ref.id in claims and ref.id != claim.id
        ]
        if grounds is None:
            grounds = {cid: grounds_unchecked(claim) for cid, claim in claims.items()}
        self.ground: dict[str, str | None] = dict(grounds)
        self.incomplete = frozenset(incomplete)

    # -- by id ------------------------------------------------------------

    def kind(self, node: str) -> str:
        i = self.index[node]
        if i < self.claims:
            return CLAIM
        return REASON if type(self.steps[node]) is Reason else ATTACK_STEP

    def supports(self, node: str) -> list[str]:
        """The reasons of a claim, or the premises of a step (defined ones)."""
        return [self.ids[i] for i in self.support_in[self.index[node]]]

    def attacks(self, node: str) -> list[str]:
        """The attack steps on a claim, a reason or an attack."""
        return [self.ids[i] for i in self.attack_in.get(self.index[node], ())]

    def supported(self, node: str) -> list[str]:
        """What a node supports: the steps a claim is a premise of, or the claim a reason is for."""
        return [self.ids[i] for i in self.support_out[self.index[node]]]

    def attacked(self, node: str) -> list[str]:
        """What an attack step attacks (nothing, for other nodes)."""
        return [self.ids[i] for i in self.attack_out.get(self.index[node], ())]

    def attack_steps(self) -> Iterator[Inference]:
        """Every attack (objection) of the file, in file order."""
        ids, steps = self.ids, self.steps
        return (steps[ids[i]] for i in sorted(self.attack_out))

    def predecessors(self, node: str) -> list[str]:
        """What supports or attacks *node*."""
        i = self.index[node]
        return [self.ids[j] for j in (*self.support_in[i], *self.attack_in.get(i, ()))]

    def successors(self, node: str) -> list[str]:
        """What *node* supports or attacks."""
        i = self.index[node]
        return [self.ids[j] for j in (*self.support_out[i], *self.attack_out.get(i, ()))]


def to_networkx(structure: Structure, model: ArgumentFile) -> nx.DiGraph:
    """The graph users get: every node and edge with its attributes and position."""
    import networkx as nx  # lazily: only drawing and the Python API pay for it

    graph = nx.DiGraph(path=str(model.path))
    claims = model.claims
    for cid, claim in claims.items():
        ground = structure.ground[cid]
        graph.add_node(cid, kind=CLAIM, span=claim.span, grounded=ground is not None, ground=ground,
                       incomplete=claim.incomplete)
    for sid, step in structure.steps.items():
        graph.add_node(sid, kind=structure.kind(sid), span=step.span, target=step.target, label=step.label,
                       dangling=structure.dangling.get(sid, 0))
    for sid, step in structure.steps.items():
        for ref in step.premises:
            if ref.id in claims and not graph.has_edge(ref.id, sid):
                graph.add_edge(ref.id, sid, role=PREMISE, span=ref.span)
        role = SUPPORT if type(step) is Reason else ATTACK
        graph.add_edge(sid, step.target, role=role, span=step.span)
    for claim in claims.values():
        for ref in claim.restates:
            if ref.id in claims and ref.id != claim.id:
                graph.add_edge(claim.id, ref.id, role=RESTATES, span=ref.span)
    return graph


def build_graph(model: ArgumentFile, grounds: Mapping[str, str | None] | None = None) -> nx.DiGraph:
    """The claim file as a networkx DiGraph (see :class:`Structure`)."""
    return to_networkx(Structure(model, grounds), model)


def support_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """Claims and reasons joined by premise and support edges (a view: nothing is copied)."""
    import networkx as nx

    return nx.subgraph_view(graph, filter_node=lambda n: graph.nodes[n]["kind"] != ATTACK_STEP,
                            filter_edge=lambda u, v: graph.edges[u, v]["role"] in SUPPORT_ROLES)


def support_circles(structure: Structure) -> list[set[str]]:
    """Strongly connected components of the support graph that hold a circle, as ids.

    Kahn's peeling first removes every node no circle passes through, in one
    linear pass; only what is left (circles and what they feed) goes to Tarjan.
    Acyclic files, the common case, stop early.
    """
    out = structure.support_out
    indegree = [len(inputs) for inputs in structure.support_in]
    queue = deque(i for i, degree in enumerate(indegree) if not degree)
    while queue:
        for j in out[queue.popleft()]:
            indegree[j] -= 1
            if not indegree[j]:
                queue.append(j)
    rest = {i: [j for j in out[i] if indegree[j]] for i, degree in enumerate(indegree) if degree}
    ids = structure.ids
    return [{ids[i] for i in component} for component in strongly_connected(rest) if len(component) > 1]


def strongly_connected(successors: dict[int, list[int]]) -> Iterator[set[int]]:
    """Tarjan's strongly connected components of *successors*, with explicit stacks."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
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


def supporting_ancestors(structure: Structure, targets: Iterable[str]) -> set[str]:
    """*targets* and every claim or reason with a support path into one of them."""
    support_in = structure.support_in
    seen = [False] * len(structure.ids)
    queue = [structure.index[t] for t in targets]
    for i in queue:
        seen[i] = True
    while queue:
        for j in support_in[queue.pop()]:
            if not seen[j]:
                seen[j] = True
                queue.append(j)
    ids = structure.ids
    return {ids[i] for i, flag in enumerate(seen) if flag}


def unconnected_claims(structure: Structure, targets: Iterable[str]) -> list[str]:
    """The claims that no edge of any role, either way, joins to *targets*."""
    s = structure
    support_in, support_out, attack_in, attack_out = s.support_in, s.support_out, s.attack_in, s.attack_out
    restated: dict[int, list[int]] = {}
    for a, b in s.restates:
        restated.setdefault(a, []).append(b)
        restated.setdefault(b, []).append(a)
    seen = bytearray(len(s.ids))
    queue = [s.index[t] for t in targets]
    while queue:
        i = queue.pop()
        if not seen[i]:
            seen[i] = 1
            queue += support_in[i]
            queue += support_out[i]
            if i in attack_in:
                queue += attack_in[i]
            if i in attack_out:
                queue += attack_out[i]
            if i in restated:
                queue += restated[i]
    return [cid for cid, joined in zip(s.ids[: s.claims], seen, strict=False) if not joined]
