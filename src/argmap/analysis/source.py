"""The source a claim file quotes: found, checked for safety, read, and indexed once.

Several claim files often quote one article; its normalised words are kept
for the next file (a small cache, keyed by path, size and modification time).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from argmap.analysis.quotes import SourceIndex
from argmap.files import MAX_SOURCE_BYTES, regular_file_problem, source_problem
from argmap.model import ArgumentFile

_CACHED = 2  # sources kept indexed between files
_cache: OrderedDict[tuple[str, int, int], SourceIndex] = OrderedDict()


@dataclass(frozen=True, slots=True)
class SourceText:
    """The declared source, read; `error` says why it could not be."""

    path: Path
    index: SourceIndex | None
    error: str | None = None

    @property
    def text(self) -> str | None:
        return self.index.text if self.index is not None else None


def read_source(model: ArgumentFile) -> SourceText | None:
    """None when the file declares no `source.path` and holds no `source.text`."""
    if model.source is not None and model.source.text is not None:
        if len(model.source.text) > MAX_SOURCE_BYTES:
            return SourceText(model.path, None, f"is longer than {MAX_SOURCE_BYTES // 2**20} MiB")
        return SourceText(model.path, SourceIndex(model.source.text))
    declared = model.source.path if model.source else None
    if declared is None:
        return None
    path = model.path.parent / declared.value
    error = source_problem(path, model.path) or regular_file_problem(path, MAX_SOURCE_BYTES)
    if error:
        return SourceText(path, None, error)
    try:
        info = path.stat()
        key = (str(path.resolve()), info.st_size, info.st_mtime_ns)
        if key in _cache:
            _cache.move_to_end(key)
            return SourceText(path, _cache[key])
        index = SourceIndex(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return SourceText(path, None, "is not UTF-8 text")
    except OSError as failure:
        return SourceText(path, None, f"cannot be read ({failure.strerror or failure})")
    _cache[key] = index
    while len(_cache) > _CACHED:
        _cache.popitem(last=False)
    return SourceText(path, index)
