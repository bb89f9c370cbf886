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

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from argmap.analysis.context import Analysis
from argmap.findings import Problem
from argmap.graph import CLAIM, Structure

CODE = "AM102"
SLUG = "circular-reasoning"
SEVERITY = "error"
#: the finding in a few words, as a map shows it on the claim
MARK = "circular reasoning"


def check(analysis: Analysis) -> Iterator[Problem]:
    graph = analysis.structure
    order = graph.index  # claims are numbered in file order
    for component in analysis.circles:
        members = sorted((n for n in component if order[n] < graph.claims), key=order.__getitem__)
        cycle = _cycle_from(graph, members[0], component)
        on_cycle = set(cycle)
        extra = [m for m in members if m not in on_cycle]
        more = f" (the circle also takes in {_names(extra)})" if extra else ""
        claim = analysis.model.claims[members[0]]
        yield Problem(CODE, f"circular reasoning: {_path(cycle)}{more}", claim.span, claim.id)


_SHOWN = 12  # claims shown at each end of a long circle


def _path(cycle: list[str]) -> str:
    """`a -> b -> a`; a circle of thousands is shown by its ends and its length."""
    if len(cycle) <= 2 * _SHOWN + 1:
        return " -> ".join(cycle)
    return f"{' -> '.join(cycle[:_SHOWN])} -> ... -> {' -> '.join(cycle[-_SHOWN:])} ({len(cycle) - 1:,} claims)"


def _names(ids: list[str]) -> str:
    shown = ", ".join(f"'{i}'" for i in ids[:_SHOWN])
    return shown + (f" and {len(ids) - _SHOWN:,} more" if len(ids) > _SHOWN else "")


def _cycle_from(graph: Structure, start: str, component: set[str]) -> list[str]:
    """The shortest dependency circle from *start* back to it, as claim ids.

    Breadth-first over premises (against the edges), so "a -> b" means a rests on b.
    """
    parent: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for premise in graph.supports(node):
            if premise not in component:
                continue
            if premise == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                claims = [n for n in reversed(path) if graph.kind(n) == CLAIM]
                return [*claims, start] if claims[0] == start else [start, *claims, start]
            if premise not in parent:
                parent[premise] = node
                queue.append(premise)
    raise AssertionError("a strongly connected component always has a cycle")  # pragma: no cover
