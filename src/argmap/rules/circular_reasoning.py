"""A claim depends on itself through reasons.

One finding per circle (strongly connected component of the support graph),
at the circle's first claim in file order, naming the claims in order:
`a -> b -> a` reads "a rests on b, which rests on a". A claim among its own
premises is a circle of one.

Fails::

    claims:
      a: {text: The plan is sound., reasons: [b]}
      b: {text: Sound plans get approved., reasons: [a]}

Passes::

    claims:
      a: {text: The plan is sound., reasons: [b]}
      b: {text: Experts approved it., evidence: minutes of 3 May}
"""

from collections import deque
from collections.abc import Iterator

import networkx as nx

from argmap.findings import Problem
from argmap.graph import support_graph
from argmap.rules.base import Context

CODE = "AM102"
SLUG = "circular-reasoning"
SEVERITY = "error"


def check(context: Context) -> Iterator[Problem]:
    support = support_graph(context.graph)
    order = {cid: i for i, cid in enumerate(context.model.claims)}
    for component in nx.strongly_connected_components(support):
        if len(component) < 2:  # a lone claim cannot rest on itself without a reason node
            continue
        members = sorted((n for n in component if n in order), key=order.__getitem__)
        cycle = _cycle_from(support, members[0], component)
        path = " -> ".join(cycle)
        extra = [m for m in members if m not in cycle]
        more = f" (the circle also takes in {', '.join(repr(m) for m in extra)})" if extra else ""
        claim = context.model.claims[members[0]]
        yield Problem(CODE, f"circular reasoning: {path}{more}", claim.span, claim.id)


def _cycle_from(support: nx.DiGraph, start: str, component: set[str]) -> list[str]:
    """The shortest dependency circle from *start* back to it, as claim ids.

    Breadth-first over premises (against the edges), so "a -> b" means a rests on b.
    """
    parent: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for premise in support.predecessors(node):
            if premise not in component:
                continue
            if premise == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                claims = [n for n in reversed(path) if support.nodes[n]["kind"] == "claim"]
                return [*claims, start] if claims[0] == start else [start, *claims, start]
            if premise not in parent:
                parent[premise] = node
                queue.append(premise)
    raise AssertionError("a strongly connected component always has a cycle")  # pragma: no cover
