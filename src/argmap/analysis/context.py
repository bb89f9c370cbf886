"""What a file's analysis knows: its model, theses, graph, labels, circles and source.

Computed once, on first use, so that cheap rules never pay for expensive ones
and every command (lint, render, report) reads the same results.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from argmap.files import MAX_SOURCE_BYTES, outside_project, regular_file_problem
from argmap.model import ArgumentFile

if TYPE_CHECKING:
    import networkx as nx

    from argmap.analysis.evaluate import Label


@dataclass(frozen=True, slots=True)
class SourceText:
    """The declared source, read; `error` says why it could not be."""

    path: Path
    text: str | None
    error: str | None = None


class Analysis:
    def __init__(self, model: ArgumentFile) -> None:
        self.model = model

    @cached_property
    def theses(self) -> list[str]:
        return self.model.thesis_ids()

    @cached_property
    def graph(self) -> nx.DiGraph:
        from argmap.graph import build_graph

        return build_graph(self.model)

    @cached_property
    def labels(self) -> dict[str, Label]:
        from argmap.analysis.evaluate import evaluate

        return evaluate(self.graph)

    @cached_property
    def at_stake(self) -> set[str]:
        """The theses and every claim or reason on a support path to one (AM302 and the report)."""
        from argmap.graph import supporting_ancestors

        return supporting_ancestors(self.graph, self.theses)

    @cached_property
    def circles(self) -> list[set[str]]:
        """Strongly connected components of the support graph (AM102 and the map share them)."""
        from argmap.graph import support_circles

        return support_circles(self.graph)

    @cached_property
    def source(self) -> SourceText | None:
        """None when the file declares no `source.path`."""
        declared = self.model.source.path if self.model.source else None
        if declared is None:
            return None
        path = self.model.path.parent / declared.value
        error = outside_project(path, self.model.path) or regular_file_problem(path, MAX_SOURCE_BYTES)
        if error:
            return SourceText(path, None, error)
        try:
            return SourceText(path, path.read_bytes().decode("utf-8-sig"))
        except UnicodeDecodeError:
            return SourceText(path, None, "is not UTF-8 text")
        except OSError as error:
            return SourceText(path, None, f"cannot be read ({error.strerror or error})")
