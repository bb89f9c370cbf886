"""Readers: a file on disk to the model (`argmap.model`), with a position for every part.

One module per format (`choices.READERS`), each with its `SUFFIXES`, a
`recognises(text)` for a suffix that formats share (AIF and claim files are
both `.json`), a `YAML` flag (read by libyaml, whose positions need remapping),
and `load_text(text, path) -> LoadResult`. Adding a format is one module and one
line in `choices`.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from types import ModuleType

from argmap.findings import Problem
from argmap.model import ArgumentFile


@dataclass
class LoadResult:
    """The model (None when the file has no usable top level) and what was wrong."""

    model: ArgumentFile | None
    problems: list[Problem] = field(default_factory=list)


def load_path(path: Path) -> LoadResult:
    """Read and load one file; I/O errors, and a file over the size limit
    (found in a folder, or grown since it was listed), are left to the caller (exit 2)."""
    from argmap.files import MAX_CLAIM_FILE_BYTES

    with path.open("rb") as file:
        if os.fstat(file.fileno()).st_size > MAX_CLAIM_FILE_BYTES:
            raise OSError(errno.EFBIG, f"is larger than {MAX_CLAIM_FILE_BYTES // 2**20} MiB")
        data = file.read()
    return load_bytes(data, path)


def load_bytes(data: bytes, path: Path) -> LoadResult:
    """*data*, read as the file *path* by the reader of its format."""
    from argmap.read.positions import UNUSUAL_BREAKS, PositionMap, join_surrogates
    from argmap.read.yamltree import YamlSyntaxError, decode
    from argmap.rules.syntax_error import CODE as SYNTAX_ERROR

    try:
        written = decode(data)
    except YamlSyntaxError as error:
        return LoadResult(None, [Problem(SYNTAX_ERROR, error.message, error.span)])
    reader = reader_for(path, written)
    if not reader.YAML:
        result: LoadResult = reader.load_text(written, path)
        return result
    joined = path.suffix.lower() == ".json" and "\\u" in written
    text, shrunk = join_surrogates(written) if joined else (written, [])
    positions = PositionMap(text, written, shrunk) if shrunk or any(b in text for b in UNUSUAL_BREAKS) else None
    result = reader.load_text(text, path)
    if positions is not None:  # a rare file: every position moved to where an editor shows it
        if result.model is not None:
            positions.model(result.model)
        result.problems = positions.problems(result.problems)
    return result


def reader_for(path: Path, text: str) -> ModuleType:
    """The reader of the first format that takes *path*'s suffix and recognises *text*;
    a claim file otherwise (a file named on the command line is read whatever its suffix)."""
    from argmap.choices import READERS

    suffix = path.suffix.lower()
    for module, suffixes in READERS.values():
        if suffix in suffixes:
            reader = import_module(module)
            if reader.recognises(text):
                return reader
    return import_module(READERS["claims"][0])
