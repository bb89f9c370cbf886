"""Layout and drawing behind one small interface: DOT text in, file bytes out.

`bundled` runs the Graphviz inside the pygraphviz wheel in-process (no system
install needed; `libgraphviz`); `system` pipes to a `dot` on PATH through the
graphviz package. Both give the same bytes for the same DOT on the same
Graphviz. The DOT may come in pieces: the bundled one reads each as it comes.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import BinaryIO

from argmap.choices import GRAPHVIZ_FORMATS, RENDERERS, one_of

# cairo stamps PDFs with the time; the stamp has a fixed width, so replacing it
# keeps the cross-reference offsets valid and the output byte-identical.
_PDF_DATE = re.compile(rb"/CreationDate \(D:\d{14}Z?\)")


class RenderError(Exception):
    """A backend is missing or failed: one line for the user."""


def backend(name: str) -> Callable[[Iterable[str], str], bytes]:
    """The drawing function for *name*; `auto` prefers the bundled Graphviz."""
    if one_of("renderer", name, RENDERERS) in ("auto", "bundled"):
        from argmap.render import libgraphviz

        try:
            libgraphviz.library()
        except libgraphviz.LibraryMissing as error:
            if name == "bundled":
                raise RenderError(str(error)) from None
        else:
            return _bundled
    return _system


def draw(dot: str | Iterable[str], fmt: str, renderer: str = "auto") -> bytes:
    """*dot* is DOT text, whole or in pieces as `render.dot.dot_pieces` writes them: then the
    bundled Graphviz reads each piece while the next is written."""
    pieces = (dot,) if isinstance(dot, str) else dot
    if one_of("format", fmt, GRAPHVIZ_FORMATS) == "dot":
        return "".join(pieces).encode("utf-8")
    data = backend(renderer)(pieces, fmt)
    return _reproducible(data, fmt)


def _reproducible(data: bytes, fmt: str) -> bytes:
    if fmt == "pdf":
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch)).encode()
        return _PDF_DATE.sub(b"/CreationDate (D:" + stamp + b"Z)", data, count=1)
    return data


def _bundled(dot: Iterable[str], fmt: str) -> bytes:
    """Lay out and draw with the Graphviz in the pygraphviz wheel, as `AGraph.draw` does, but
    leave the graph and its layout to be freed when the next map is drawn (`_last`): a
    command usually ends first, and Graphviz freeing what the system is about to take back
    costs a large map a twentieth of its time (clang leaves its trees unfreed at exit for
    the same reason). So at most one map's Graphviz memory is ever left standing."""
    from argmap.render import libgraphviz

    libgraphviz.free(_last)
    with _quiet_stderr() as noise:
        try:
            return libgraphviz.draw(dot, fmt, _last)
        except libgraphviz.GraphvizFailed:
            raise RenderError(f"Graphviz failed: {_first_line(noise())}") from None


#: the Graphviz context and graph of the last map drawn, still standing (see `_bundled`)
_last: list[tuple[int, int]] = []


def _system(dot: Iterable[str], fmt: str) -> bytes:
    import graphviz

    try:
        drawn: bytes = graphviz.pipe("dot", fmt, "".join(dot).encode("utf-8"), quiet=True)
        return drawn
    except graphviz.ExecutableNotFound:
        raise RenderError("no 'dot' on PATH for --renderer system (install Graphviz, or use --renderer bundled)") from None
    except graphviz.CalledProcessError as error:
        raise RenderError(f"dot failed: {_first_line(error.stderr.decode('utf-8', 'replace') if error.stderr else '')}") from None


@contextmanager
def _quiet_stderr() -> Iterator[Callable[[], str]]:
    """Catch what the C library writes to fd 2 (fontconfig warnings nobody can act on).

    The text is kept so a real failure can still be explained. Python's own stderr (a
    warning while the DOT is written, which happens meanwhile) still reaches the terminal.
    """
    with _scratch_file() as sink:
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        python = sys.stderr
        try:
            if python.fileno() == 2:
                sys.stderr = open(saved, "w", encoding=python.encoding, errors="backslashreplace", closefd=False)  # noqa: SIM115 - closed below
        except (AttributeError, OSError, ValueError):  # not a file: it never wrote to fd 2
            pass

        def text() -> str:
            sink.seek(0)
            return sink.read().decode("utf-8", "replace")

        try:
            yield text
        finally:
            if sys.stderr is not python:
                sys.stderr.close()
                sys.stderr = python
            os.dup2(saved, 2)
            os.close(saved)


def _scratch_file() -> BinaryIO:
    """A nameless file; in memory where Linux can (tempfile costs a small map's start-up a
    few milliseconds to import)."""
    if hasattr(os, "memfd_create"):
        return open(os.memfd_create("argmap-stderr"), "w+b")
    import tempfile

    return tempfile.TemporaryFile()


def _first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("Fontconfig")]
    return lines[0].strip() if lines else "unknown error"
