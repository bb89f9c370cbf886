"""Readers: a file on disk to the model (`argmap.model`), with a position for every part.

One module per format (`choices.READERS`), each with its `SUFFIXES`, a
`recognises(text)` for a suffix that formats share (AIF and claim files are
both `.json`), a `YAML` flag (read by libyaml, whose positions need remapping),
and `load_text(text, path) -> LoadResult`. A format that tells itself by its
text alone says `BY_CONTENT = True` (then any suffix will do); one read from
`.json` gives the `JSON_KEY` that marks its files among other JSON. Adding a
format is one module and one line in `choices`.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from types import ModuleType

from argmap import files
from argmap.findings import Problem
from argmap.model import ArgumentFile
from argmap.read.positions import UNUSUAL_BREAKS, PositionMap, Undecodable, decode, join_surrogates
from argmap.rules.syntax_error import CODE as SYNTAX_ERROR


@dataclass
class LoadResult:
    """The model (None when the file has no usable top level) and what was wrong."""

    model: ArgumentFile | None
    problems: list[Problem] = field(default_factory=list)


def load_path(path: Path) -> LoadResult:
    """Read and load one file; I/O errors, and a file over the size limit
    (found in a folder, or grown since it was listed), are left to the caller (exit 2)."""
    with open(path, "rb") as file:
        if os.fstat(file.fileno()).st_size > files.MAX_CLAIM_FILE_BYTES:
            raise OSError(errno.EFBIG, f"is larger than {files.MAX_CLAIM_FILE_BYTES // 2**20} MiB")
        data = file.read()
    return load_bytes(data, path)


def load_bytes(data: bytes, path: Path) -> LoadResult:
    """*data*, read as the file *path* by the reader of its format."""
    try:
        written = decode(data)
    except Undecodable as error:
        return LoadResult(None, [Problem(SYNTAX_ERROR, error.message, error.span)])
    reader = reader_for(path, written)
    if not reader.YAML:
        result: LoadResult = reader.load_text(written, path)
        return result
    is_json = path.suffix.lower() == ".json"
    if is_json and (problem := _not_json(written)):
        return LoadResult(None, [problem])
    joined = is_json and "\\u" in written
    text, shrunk = join_surrogates(written) if joined else (written, [])
    positions = PositionMap(text, written, shrunk) if shrunk or any(b in text for b in UNUSUAL_BREAKS) else None
    result = reader.load_text(text, path)
    if positions is not None:  # a rare file: every position moved to where an editor shows it
        if result.model is not None:
            positions.model(result.model)
        result.problems = positions.problems(result.problems)
    return result


#: JSON larger than this is not checked against JSON's own grammar before it is read:
#: Python's parser would hold the whole document as objects beside the reader's
JSON_CHECK_LIMIT = 16 * 2**20


def _not_json(text: str) -> Problem | None:
    """AM001 for a `.json` file that is not JSON. libyaml reads JSON as the YAML it is a
    subset of, so `{'claims': ...}` or a trailing comma would pass unseen."""
    import json

    from argmap.model import Span

    if len(text) > JSON_CHECK_LIMIT:
        return None
    try:
        json.loads(text, strict=False)  # control characters in strings: real AIF corpora hold them
    except json.JSONDecodeError as error:
        return Problem(SYNTAX_ERROR, f"not valid JSON: {error.msg}", Span(error.lineno, error.colno))
    except RecursionError:  # nested past Python's limit: libyaml's own limit reports it
        return None
    return None


def reader_for(path: Path, text: str) -> ModuleType:
    """The reader of the first format that takes *path*'s suffix and recognises *text*, or,
    for a suffix no format takes, of the first that tells itself by its text alone
    (`BY_CONTENT`); a claim file otherwise (a file named on the command line is read
    whatever its suffix)."""
    from argmap.choices import READ_SUFFIXES, READERS

    suffix = path.suffix.lower()
    known = suffix in READ_SUFFIXES
    for module, suffixes in READERS.values():
        if suffix in suffixes or not known:
            reader = import_module(module)
            if (known or getattr(reader, "BY_CONTENT", False)) and reader.recognises(text):
                return reader
    return import_module(READERS["claims"][0])


#: a JSON Schema (argmap's own, saved beside the claim files for an editor) is no map
_JSON_SCHEMA = re.compile(r'"\$schema"\s*:\s*"https?://json-schema\.org/')


def is_map_json(text: str) -> bool:
    """Whether a JSON file found in a folder is worth reading as a map: it has the `JSON_KEY`
    of a format read from `.json`, and is no JSON Schema. JSON is everyone's settings format
    (package.json, tsconfig.json, a schema): a folder walk that read them all would fail CI on
    files that were never maps. A file named is read whatever it holds."""
    from argmap.choices import READERS

    if _JSON_SCHEMA.search(text):
        return False
    return any(import_module(module).JSON_KEY.search(text) for module, suffixes in READERS.values()
               if ".json" in suffixes)
