"""What a rule is, and what it may look at.

Each rule lives in its own module with `CODE`, `SLUG`, `SEVERITY`, `MARK` (the
finding in a few words, for maps, where a code would mean nothing), a
docstring (the user documentation: first line a summary, then a failing and a
passing example) and, unless the reader reports it, a `check(analysis)` that
yields problems about the file's :class:`~argmap.analysis.context.Analysis`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from argmap.findings import Problem, Severity

if TYPE_CHECKING:
    from argmap.analysis.context import Analysis


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    slug: str
    severity: Severity
    mark: str
    doc: str
    check: Callable[[Analysis], Iterable[Problem]] | None
    aliases: tuple[str, ...] = ()  # former slugs, still accepted

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0].rstrip(".")

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(
            code=module.CODE,
            slug=module.SLUG,
            severity=Severity(module.SEVERITY),
            mark=module.MARK,
            doc=inspect.cleandoc(module.__doc__ or ""),
            check=getattr(module, "check", None),
            aliases=getattr(module, "ALIASES", ()),
        )
