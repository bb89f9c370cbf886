"""The open documents and their analyses: what the server knows of each file, and when.

An editor sends a change on every keystroke, and nearly every keystroke leaves
a malformed file. So a document keeps its text as typed, and a `Snapshot`: the
newest audit of it, made by the same function as `argmap lint`
(`lint_bytes`), with the index of its ids and its diagnostics ready to send.
A snapshot made from a text that has since changed is not shown: positions in
it would point at the wrong places. The last snapshot whose text could be read
at all (`good`) is kept for completion, which must answer while the text is
half-typed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from argmap.analysis.lint import FileReport, gc_paused, lint_bytes
from argmap.config import Settings
from argmap.lsp.diagnostics import diagnostics
from argmap.lsp.index import Index
from argmap.lsp.positions import Lines

if TYPE_CHECKING:
    import asyncio

    from lsprotocol import types

#: the suffix a document with no file (an unsaved buffer) is read as, by the editor's language id
_SUFFIXES = {"json": ".json", "argdown": ".argdown", "yaml": ".yaml"}


def path_of(uri: str, language: str = "yaml") -> Path:
    """The file a document stands for. A buffer with no file is read as an unsaved file
    in the current folder, by its language: its sources are found from there."""
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    return Path.cwd() / f"untitled{_SUFFIXES.get(language, '.yaml')}"


@dataclass
class Snapshot:
    """One audit of one text of a document."""

    generation: int  #: the document's count of changes when its text was taken
    version: int | None
    lines: Lines
    report: FileReport
    index: Index | None
    diagnostics: list[types.Diagnostic]
    #: the source file the quotes were checked against, and its (size, mtime) then
    source: tuple[Path, tuple[int, int] | None] | None = None


@dataclass
class Document:
    uri: str
    path: Path
    version: int | None
    lines: Lines
    generation: int = 0
    snapshot: Snapshot | None = None
    good: Snapshot | None = None  #: the newest snapshot with a model
    timer: asyncio.TimerHandle | None = None
    running: bool = False
    waiters: list[asyncio.Future[Snapshot]] = field(default_factory=list)
    #: the settings file in force and its (size, mtime) when last read
    settings_file: tuple[Path, tuple[int, int] | None] | None = None

    @property
    def fresh(self) -> Snapshot | None:
        """The snapshot of the text as it is now, if it has been made."""
        snapshot = self.snapshot
        return snapshot if snapshot is not None and snapshot.generation == self.generation else None


def stamp(path: Path) -> tuple[int, int] | None:
    """(size, modification time) of *path*: a save changes it. None if it is gone."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def analyse(text: Lines, uri: str, path: Path, settings: Settings, generation: int, version: int | None) -> Snapshot:
    """Audit *text* as the file *path* through `argmap lint`'s own path (runs in the worker thread).

    The cyclic collector is paused throughout, as `argmap lint` pauses it: the
    audit and its index are hundreds of thousands of objects, which it would
    rescan again and again (it took a 10,000-claim file from 0.5 s to 1 to 3 s)."""
    with gc_paused():
        return _analyse(text, uri, path, settings, generation, version)


def _analyse(text: Lines, uri: str, path: Path, settings: Settings, generation: int, version: int | None) -> Snapshot:
    report = lint_bytes(text.text.encode("utf-8", "surrogatepass"), path, settings, keep=True)
    analysis = report.analysis
    index = Index(analysis.model, len(text)) if analysis is not None else None
    found = diagnostics(report.findings, text, uri, analysis)
    source = None
    if analysis is not None and analysis.model.source is not None and analysis.model.source.path is not None:
        read = analysis.source  # read already by the quote rules, unless they are off
        if read is not None:  # a file on disk, not a text the claim file holds
            source = (read.path, stamp(read.path))
    return Snapshot(generation, version, text, report, index, found, source)
