"""What argmap reads and writes on disk, safely.

Claim files and the sources they name arrive in pull requests: before a file
is read whole it must be a regular file of bounded size (not a device, a FIFO
or a secret outside the project), and what argmap writes is written whole or
not at all.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from argmap.findings import printable

#: bytes of a claim file (beyond the claims argmap reads in one file: see read.claimfile.MAX_CLAIMS)
MAX_CLAIM_FILE_BYTES = 64 * 2**20
#: bytes of a source text: a long book is a few MB; checking quotes costs some 20 bytes a character
MAX_SOURCE_BYTES = 16 * 2**20


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


#: file systems that are the machine's, never a project's: /proc/self/environ holds secrets
_SYSTEM = tuple(Path(root) for root in ("/proc", "/sys", "/dev"))


def repository_root(path: Path) -> Path | None:
    """The nearest folder at or above *path* that holds `.git` or `.hg`, resolved."""
    for folder in (path, *path.parents):
        if (folder / ".git").exists() or (folder / ".hg").exists():
            return folder
    return None


def project_roots(claim_file: Path) -> list[Path]:
    """The folders a claim file may read sources from: its own, its repository's, and the
    current folder when the claim file is inside it; never the file system's root."""
    folder = claim_file.resolve().parent
    roots = [folder, repository_root(folder)]
    here = Path.cwd().resolve()
    if folder.is_relative_to(here):
        roots.append(here)
    return [root for root in dict.fromkeys(roots) if root is not None and root != Path(root.anchor)]


def source_problem(path: Path, claim_file: Path) -> str | None:
    """Why *path* may not be read as a source, or None.

    A claim file in a pull request could name a secret on the CI machine, and
    AM201's near miss would print it into the job log. So a source must lie
    under the claim file's folder, its repository, or the current folder (the
    file system's root never counts, so running from `/` opens nothing), outside
    any hidden folder (`.git/config` holds tokens), and off /proc, /sys and /dev.
    """
    try:
        resolved = path.resolve()
    except (OSError, ValueError, RuntimeError):
        return None  # regular_file_problem says what is wrong with it
    if any(resolved.is_relative_to(root) for root in _SYSTEM):
        return "is a system file, not a source"
    for root in project_roots(claim_file):
        if resolved.is_relative_to(root):
            inside = resolved.relative_to(root).parts
            if any(part.startswith(".") for part in inside):
                return "is in a hidden folder (such as .git), where no source may be"
            return None
    return "is outside the project (sources must be under the claim file's folder, its repository or the current folder)"


def claim_file_problem(path: Path) -> str | None:
    """Why a claim file may not be read, or None: a symbolic link that leads out of
    the project would let a pull request make argmap quote any file of the machine."""
    if not path.is_symlink():
        return None
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return "is a symbolic link that cannot be followed"
    roots = [root for root in (repository_root(path.parent.resolve()), Path.cwd().resolve())
             if root is not None and root != Path(root.anchor)]
    if any(resolved.is_relative_to(root) for root in roots) and not any(resolved.is_relative_to(s) for s in _SYSTEM):
        return None
    return "is a symbolic link to a file outside the project; not read"


def display_path(path: Path) -> str:
    """Relative to the current folder when inside it, as ruff prints paths; '/' always.

    Worked out from the text of the path (a walk of 10,000 files must not resolve
    each one through the file system), against the current folder as named and
    as resolved, so that a folder reached through a symbolic link still counts.
    Control characters and bytes that are no UTF-8 are shown as escapes.
    """
    text = os.path.normpath(path)
    if os.path.isabs(text):
        for here in _current_folders():
            if text.startswith(here):
                text = text[len(here):]
                break
    return printable(text if os.sep == "/" else text.replace(os.sep, "/"))


def _current_folders() -> tuple[str, ...]:
    """The current folder, as named and as resolved, each ending in a separator."""
    here = os.getcwd()
    if here not in _FOLDERS:
        _FOLDERS[here] = tuple(dict.fromkeys(f.rstrip(os.sep) + os.sep for f in (here, os.path.realpath(here))))
    return _FOLDERS[here]


_FOLDERS: dict[str, tuple[str, ...]] = {}


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside *path*, then rename over it.

    A write that fails half-way (a full disk, SIGTERM, Ctrl-C) leaves the previous
    file intact and no temporary file behind, and a reader never sees a
    half-written file. Only a regular file (or a link) is replaced: a FIFO or a
    device in its place is refused, not turned into a file. OSError otherwise.
    """
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise OSError(errno.EINVAL, "is not a regular file; argmap replaces only regular files", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".argmap-{os.urandom(6).hex()}.tmp")  # short: the target's name may be near the limit
    try:
        with temp.open("xb") as out:  # "x": never follow or clobber; permissions from the umask
            out.write(data)
        os.replace(temp, path)
    except OSError as error:  # named by the file asked for, not the temporary one
        temp.unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror or str(error), str(path)) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
