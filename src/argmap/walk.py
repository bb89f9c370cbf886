"""Which files a command reads: claim files named, found under folders, or found
through the source text they quote.

A source text is named when it changes on its own (a pre-commit hook passes the
files of a commit): what must be checked then is every claim file that quotes
it, since a quote that was right may be wrong now. A named file that no claim
file quotes is read as a claim file, whatever its suffix: it was asked for.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from argmap.choices import CONVERT_SUFFIXES, MAP_FORMATS, READ_SUFFIXES
from argmap.files import (
    MAX_CLAIM_FILE_BYTES,
    claim_file_problem,
    display_path,
    regular_file_problem,
)

#: what a folder walk picks up: claim files, AIF (.json) and Argdown files
CLAIM_SUFFIXES = READ_SUFFIXES
#: what argmap writes and cannot read back, by suffix: named, such a file is refused, not read as YAML
WRITTEN_ONLY = {suffix: fmt for suffix, fmt in {**{f".{f}": f for f in MAP_FORMATS},
                                                **CONVERT_SUFFIXES}.items() if suffix not in READ_SUFFIXES}
#: folders a walk never enters, beside hidden ones: other tools' downloads, never maps
SKIPPED = frozenset({"node_modules"})


def is_claim_file(path: Path) -> bool:
    return path.suffix.lower() in CLAIM_SUFFIXES


def collect_files(paths: Iterable[Path], root: Path | None = None) -> list[Path]:
    """Files as given, claim files under folders, and the claim files (under *root*,
    default the current folder) that quote a named source; each once. OSError if missing."""
    found: list[Path] = []
    sources: list[Path] = []
    named = list(paths)
    for path in named:
        problem = regular_file_problem(path, MAX_CLAIM_FILE_BYTES)
        if problem and problem != "is a directory":
            raise FileNotFoundError(f"{path}: {problem}")
        if problem is None and (link := claim_file_problem(path)):
            raise PermissionError(f"{path}: {link}")
        if path.is_dir():
            found.extend(claim_files_under(path))
        elif is_claim_file(path):
            found.append(path)
        else:
            sources.append(path)
    if sources:
        quoting = quoters(sources, root or Path.cwd())
        for source in sources:
            if not quoting[source.resolve()] and (written := WRITTEN_ONLY.get(source.suffix.lower())):
                raise OSError(f"{source}: argmap writes {written} files but does not read them "
                              "(it reads claim files, AIF and Argdown)")
            found.extend(quoting[source.resolve()] or [source])
    if len(named) > 1 or sources:  # one folder's walk names each file once
        here = os.getcwd()  # once: abspath would ask for it again for each of 10,000 files
        unique = {os.path.normpath(os.path.join(here, path)): path for path in reversed(found)}  # the first spelling wins
        found = list(unique.values())
    return sorted(found, key=display_path)


def claim_files_under(folder: Path) -> Iterator[Path]:
    """Claim files below *folder* in sorted order, hidden files and folders (.git, .venv,
    .github), node_modules and JSON that is no map (package.json) left out. A folder
    that cannot be read is an OSError, not a silent gap."""
    pending = [str(folder)]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as scan:
                entries = sorted((entry for entry in scan if not entry.name.startswith(".")), key=lambda e: e.name)
        except OSError as error:
            raise OSError(f"{current}: cannot be read ({error.strerror or error})") from None
        pending.extend(reversed([entry.path for entry in entries if entry.is_dir() and entry.name not in SKIPPED]))
        for entry in entries:
            name = entry.name.lower()
            if name.endswith(CLAIM_SUFFIXES) and entry.is_file():
                if entry.is_symlink() and (link := claim_file_problem(Path(entry.path))):
                    raise PermissionError(f"{entry.path}: {link}")
                if name.endswith(".json") and not _json_map(entry.path):
                    continue
                yield Path(entry.path)


def _json_map(path: str) -> bool:
    """Whether a .json file found in a folder is a map (see `read.is_map_json`); one too
    large to look at, or that cannot be read, is left for the reader to refuse aloud."""
    from argmap.read import is_map_json

    try:
        with open(path, "rb") as file:
            if os.fstat(file.fileno()).st_size > MAX_CLAIM_FILE_BYTES:
                return True
            return is_map_json(file.read().decode("utf-8", "replace"))
    except OSError:
        return True


def quoters(sources: list[Path], root: Path) -> dict[Path, list[Path]]:
    """Resolved source -> the claim files under *root* whose `source.path` is it.

    Only files that mention the source's name are read as claim files at all.
    """
    from argmap.read import load_bytes

    wanted = {source.resolve(): source.name.encode() for source in sources}
    quoting: dict[Path, list[Path]] = {resolved: [] for resolved in wanted}
    for path in claim_files_under(root):
        if regular_file_problem(path, MAX_CLAIM_FILE_BYTES):
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if not any(name in data for name in wanted.values()):
            continue
        model = load_bytes(data, path).model
        declared = model.source.path if model and model.source else None
        if declared is None:
            continue
        try:
            target = (path.parent / declared.value).resolve()
        except (OSError, ValueError, RuntimeError):
            continue
        if target in quoting:
            quoting[target].append(path)
    return quoting
