"""What a file's analysis knows: its model, theses, quotes, graph, labels and circles.

Computed once, on first use, so that cheap rules never pay for expensive ones
and every command (lint, render, report) reads the same results. The order of
the pipeline is here: quotes are checked before the graph is built, because a
quote that is not found grounds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar, overload

from argmap.analysis.evaluate import Label, Labels, evaluate
from argmap.analysis.verdicts import Status, Verdict
from argmap.analysis.verdicts import status as status_of
from argmap.analysis.verdicts import verdict as verdict_of
from argmap.graph import Structure, grounds_unchecked, support_circles, supporting_ancestors
from argmap.model import ArgumentFile

if TYPE_CHECKING:
    import networkx as nx

    from argmap.analysis.quotes import Checked, Miss
    from argmap.analysis.source import SourceText


T = TypeVar("T")


class cached_property(Generic[T]):  # noqa: N801 - named as the functools one it stands for
    """functools.cached_property without its lock (which Python 3.11 takes on every
    first access: a tenth of the time of a small file); an analysis is one thread's."""

    def __init__(self, compute: Callable[[Analysis], T]) -> None:
        self.compute, self.name, self.__doc__ = compute, compute.__name__, compute.__doc__

    @overload
    def __get__(self, analysis: None, owner: type | None = None) -> cached_property[T]: ...
    @overload
    def __get__(self, analysis: Analysis, owner: type | None = None) -> T: ...

    def __get__(self, analysis: Analysis | None, owner: type | None = None) -> T | cached_property[T]:
        if analysis is None:
            return self
        value = analysis.__dict__[self.name] = self.compute(analysis)
        return value


class Analysis:
    def __init__(self, model: ArgumentFile) -> None:
        self.model = model
        self._verdicts: dict[str, Verdict] = {}

    @cached_property
    def theses(self) -> list[str]:
        return self.model.thesis_ids()

    @cached_property
    def source(self) -> SourceText | None:
        """None when the file declares no `source.path`."""
        from argmap.analysis.source import read_source

        return read_source(self.model)

    @cached_property
    def quotes_checked(self) -> Checked[tuple[str, int]]:
        """The quotes checked against the source, keyed by (claim id, quote index)."""
        from argmap.analysis.quotes import Checked

        index = self.source.index if self.source is not None else None
        if index is None:
            return Checked({}, [])
        return index.misses(((claim.id, number), quote.value)
                            for claim in self.model.claims.values() for number, quote in enumerate(claim.quotes))

    @property
    def quote_misses(self) -> dict[tuple[str, int], Miss]:
        """(claim id, quote index) -> why that quote is not in the source; only checked quotes."""
        return self.quotes_checked.missing

    def quotes_missing(self, cid: str) -> bool:
        """Whether every quote of the claim was checked and not found."""
        quotes = self.model.claims[cid].quotes
        return bool(quotes) and all((cid, n) in self.quote_misses for n in range(len(quotes)))

    @cached_property
    def grounds(self) -> dict[str, str | None]:
        """What grounds each claim: "evidence", "assumption", "quote" (found, or not
        checkable, on a claim with no reasons) or None."""
        grounds = {}
        for cid, claim in self.model.claims.items():
            ground = grounds_unchecked(claim)
            grounds[cid] = None if ground == "quote" and self.quotes_missing(cid) else ground
        return grounds

    @cached_property
    def structure(self) -> Structure:
        """The graph as the audit reads it (see `argmap.graph.Structure`)."""
        return Structure(self.model, self.grounds)

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The same graph as a networkx DiGraph, for drawing and for users of the API."""
        from argmap.graph import to_networkx

        return to_networkx(self.structure, self.model)

    @cached_property
    def labels(self) -> Labels:
        return evaluate(self.structure)

    @cached_property
    def unjudged(self) -> set[str]:
        """Undecided nodes that are so because part of the file could not be read (a
        claim with a schema error, an undefined premise), not because of the argument:
        the findings about the file speak for them."""
        labels, structure = self.labels, self.structure
        seeds = [*structure.incomplete, *structure.dangling]
        seen = set(seeds)
        while seeds:
            node = seeds.pop()
            for other in (*structure.supported(node), *structure.attacked(node)):
                if other not in seen and labels[other] is Label.UNDEC:
                    seen.add(other)
                    seeds.append(other)
        return seen

    def verdict(self, node: str) -> Verdict:
        """*node*'s label and why, kept: a why can follow a long chain of reasons down, and
        the report, the audit page and the rules ask for the same nodes."""
        if (known := self._verdicts.get(node)) is not None:
            return known
        missing = node in self.model.claims and self.quotes_missing(node)
        found = self._verdicts[node] = verdict_of(self.structure, self.labels, node, missing, self.circled)
        return found

    @cached_property
    def circled(self) -> frozenset[str]:
        """Every node of a circle of reasons."""
        return frozenset(node for circle in self.circles for node in circle)

    def status(self, node: str) -> Status:
        return status_of(self.structure, self.labels, node)

    @cached_property
    def at_stake(self) -> set[str]:
        """The theses and every claim or reason on a support path to one (AM302 and the report)."""
        return supporting_ancestors(self.structure, self.theses)

    @cached_property
    def circles(self) -> list[set[str]]:
        """Strongly connected components of the support graph (AM102 and the map share them)."""
        return support_circles(self.structure)
