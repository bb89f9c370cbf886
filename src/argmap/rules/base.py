"""What a rule is, and what it may look at.

Each rule lives in its own module with `CODE`, `SLUG`, `SEVERITY`, a
docstring (the user documentation: first line a summary, then a failing and a
passing example) and, unless the loader reports it, a `check(context)` that
yields problems. The :class:`Context` computes the graph, the labels and the
source text once, on first use, so cheap rules never pay for expensive ones.
"""

from __future__ import annotations

import inspect
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from argmap.findings import Problem, Severity
from argmap.model import ArgumentFile

if TYPE_CHECKING:
    import networkx as nx

    from argmap.evaluate import Label


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    slug: str
    severity: Severity
    doc: str
    check: Callable[[Context], Iterable[Problem]] | None

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0].rstrip(".")

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(
            code=module.CODE,
            slug=module.SLUG,
            severity=Severity(module.SEVERITY),
            doc=inspect.cleandoc(module.__doc__ or ""),
            check=getattr(module, "check", None),
        )


@dataclass(frozen=True, slots=True)
class SourceText:
    """The declared source, read; `error` says why it could not be."""

    path: Path
    text: str | None
    error: str | None = None


class Context:
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
        from argmap.evaluate import evaluate

        return evaluate(self.graph)

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
        error = _outside_project(path, self.model.path) or regular_file_problem(path, MAX_SOURCE_BYTES)
        if error:
            return SourceText(path, None, error)
        try:
            return SourceText(path, path.read_bytes().decode("utf-8-sig"))
        except UnicodeDecodeError:
            return SourceText(path, None, "is not UTF-8 text")
        except OSError as error:
            return SourceText(path, None, f"cannot be read ({error.strerror or error})")


MAX_SOURCE_BYTES = 64 * 2**20


def _outside_project(path: Path, claim_file: Path) -> str | None:
    """Sources must live beside the claim file or under the folder argmap runs in.

    A claim file in a pull request could otherwise name a secret on the CI
    machine, and AM201's closest passage would print it into the job log.
    """
    try:
        resolved = path.resolve()
    except (OSError, ValueError, RuntimeError):
        return None  # regular_file_problem says what is wrong with it
    roots = (claim_file.resolve().parent, Path.cwd().resolve())
    if any(resolved.is_relative_to(root) for root in roots):
        return None
    return "is outside the project (sources must be under the claim file's folder or the current folder)"


def regular_file_problem(path: Path, limit: int) -> str | None:
    """Why *path* is no file to read whole, or None.

    Checked before reading: a source path may name a device, a FIFO or a huge
    file, and a claim file in a pull request must not hang or exhaust CI.
    """
    try:
        info = path.stat()
    except ValueError:  # a NUL in the path
        return "is not a valid path"
    except FileNotFoundError:
        return "does not exist"
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    if stat.S_ISDIR(info.st_mode):
        return "is a directory"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if info.st_size > limit:
        return f"is larger than {limit // 2**20} MiB"
    return None
