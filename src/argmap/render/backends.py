"""Layout and drawing behind one small interface: DOT text in, file bytes out.

`bundled` runs the Graphviz inside the pygraphviz wheel in-process (no system
install needed); `system` pipes to a `dot` on PATH through the graphviz
package. Both give the same bytes for the same DOT on the same Graphviz.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from argmap.choices import GRAPHVIZ_FORMATS, RENDERERS, one_of

# cairo stamps PDFs with the time; the stamp has a fixed width, so replacing it
# keeps the cross-reference offsets valid and the output byte-identical.
_PDF_DATE = re.compile(rb"/CreationDate \(D:\d{14}Z?\)")


class RenderError(Exception):
    """A backend is missing or failed: one line for the user."""


def backend(name: str) -> Callable[[str, str], bytes]:
    """The drawing function for *name*; `auto` prefers the bundled Graphviz."""
    if one_of("renderer", name, RENDERERS) in ("auto", "bundled"):
        try:
            import pygraphviz  # noqa: F401
        except ImportError:
            if name == "bundled":
                raise RenderError("the bundled renderer needs pygraphviz: pip install pygraphviz") from None
        else:
            return _bundled
    return _system


def draw(dot: str, fmt: str, renderer: str = "auto") -> bytes:
    if one_of("format", fmt, GRAPHVIZ_FORMATS) == "dot":
        return dot.encode("utf-8")
    data = backend(renderer)(dot, fmt)
    return _reproducible(data, fmt)


def _reproducible(data: bytes, fmt: str) -> bytes:
    if fmt == "pdf":
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch)).encode()
        return _PDF_DATE.sub(b"/CreationDate (D:" + stamp + b"Z)", data, count=1)
    return data


def _bundled(dot: str, fmt: str) -> bytes:
    """Lay out and draw with the Graphviz in the pygraphviz wheel, as `AGraph.draw` does, but
    leave the graph and its layout to be freed when the next map is drawn (`_free_last`):
    a command usually ends first, and Graphviz freeing what the system is about to take
    back costs a large map a twentieth of its time (clang leaves its trees unfreed at exit
    for the same reason). So at most one map's Graphviz memory is ever left standing."""
    import pygraphviz
    from pygraphviz import graphviz as gv

    _free_last()
    with _quiet_stderr() as noise:
        try:
            graph = pygraphviz.AGraph(string=dot)
        except Exception as error:  # noqa: BLE001 - pygraphviz raises bare Exceptions, OSError and ValueError
            raise RenderError(f"Graphviz failed: {_first_line(str(error)) or _first_line(noise())}") from None
        handle, graph.handle = graph.handle, None  # freed here, not when the AGraph goes
        context = gv.gvContextWithBuiltins()
        _last.append((context, handle))
        if gv.gvLayout(context, handle, b"dot"):
            raise RenderError(f"Graphviz failed: {_first_line(noise())}")
        failed, drawn = gv.gvRenderData(context, handle, fmt.encode())
        if failed:
            raise RenderError(f"Graphviz failed: {_first_line(noise())}")
        return bytes(drawn)


#: the Graphviz context and graph of the last map drawn, still standing (see `_bundled`)
_last: list[tuple[object, object]] = []


def _free_last() -> None:
    from pygraphviz import graphviz as gv

    while _last:
        context, handle = _last.pop()
        gv.gvFreeLayout(context, handle)
        gv.gvFreeContext(context)
        gv.agclose(handle)


def _system(dot: str, fmt: str) -> bytes:
    import graphviz

    try:
        drawn: bytes = graphviz.pipe("dot", fmt, dot.encode("utf-8"), quiet=True)
        return drawn
    except graphviz.ExecutableNotFound:
        raise RenderError("no 'dot' on PATH for --renderer system (install Graphviz, or use --renderer bundled)") from None
    except graphviz.CalledProcessError as error:
        raise RenderError(f"dot failed: {_first_line(error.stderr.decode('utf-8', 'replace') if error.stderr else '')}") from None


@contextmanager
def _quiet_stderr() -> Iterator[Callable[[], str]]:
    """Catch what the C library writes to fd 2 (fontconfig warnings nobody can act on).

    The text is kept so a real failure can still be explained.
    """
    import tempfile

    with tempfile.TemporaryFile() as sink:
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)

        def text() -> str:
            sink.seek(0)
            return sink.read().decode("utf-8", "replace")

        try:
            yield text
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("Fontconfig")]
    return lines[0].strip() if lines else "unknown error"
