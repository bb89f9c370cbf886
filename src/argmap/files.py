"""What argmap reads and writes on disk, safely.

Claim files and the sources they name arrive in pull requests: before a file
is read whole it must be a regular file of bounded size (not a device, a FIFO
or a secret outside the project), and what argmap writes is written whole or
not at all.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

MAX_CLAIM_FILE_BYTES = 256 * 2**20  # far beyond a million claims
MAX_SOURCE_BYTES = 64 * 2**20


def regular_file_problem(path: Path, limit: int) -> str | None:
    """Why *path* is no file to read whole, or None."""
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


def outside_project(path: Path, claim_file: Path) -> str | None:
    """Why *path* may not be read as a source, or None.

    Sources must live beside the claim file or under the folder argmap runs in:
    a claim file in a pull request could otherwise name a secret on the CI
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


def display_path(path: Path) -> str:
    """Relative to the current folder when inside it, as ruff prints paths; '/' always.

    Worked out from the text of the path (a walk of 10,000 files must not resolve
    each one through the file system), against the current folder as named and
    as resolved, so that a folder reached through a symbolic link still counts.
    """
    text = os.path.normpath(path)
    if os.path.isabs(text):
        for here in _current_folders():
            if text.startswith(here):
                text = text[len(here):]
                break
    return text if os.sep == "/" else text.replace(os.sep, "/")


def _current_folders() -> tuple[str, ...]:
    """The current folder, as named and as resolved, each ending in a separator."""
    here = os.getcwd()
    if here not in _FOLDERS:
        _FOLDERS[here] = tuple(dict.fromkeys(f.rstrip(os.sep) + os.sep for f in (here, os.path.realpath(here))))
    return _FOLDERS[here]


_FOLDERS: dict[str, tuple[str, ...]] = {}


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside *path*, then rename over it.

    A render that fails half-way leaves the previous map intact, and a reader
    never sees a half-written file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        with temp.open("xb") as out:  # "x": never follow or clobber; permissions from the umask
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
