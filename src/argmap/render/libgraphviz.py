"""The Graphviz library inside the pygraphviz wheel, called through ctypes.

pygraphviz's own bindings hold the interpreter for the whole of a call. ctypes
lets go of it, so Graphviz can parse the start of a large map's DOT on the
other core while Python is still writing the rest (`draw`); pygraphviz's
Python modules, which argmap does not use, are not imported at all. The calls
are those `AGraph.draw` makes, in its order, so the bytes are the same.
"""

from __future__ import annotations

import ctypes
import functools
import importlib.machinery
import importlib.util
import os
import signal
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

#: whether the DOT can be handed over through a pipe as C's stdio reads it (not on Windows,
#: whose C runtimes differ): else Graphviz reads it whole from memory
STREAM = os.name == "posix"
#: bytes a pipe may hold before the writer waits: the parser rarely keeps it waiting
_PIPE_SIZE = 1 << 20


class LibraryMissing(Exception):
    """pygraphviz, or the Graphviz library in it, is not installed."""


class GraphvizFailed(Exception):
    """Graphviz refused the DOT or could not draw it (what it said went to stderr)."""


class Graphviz:
    """The C functions argmap calls, typed for ctypes."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        pointer, text = ctypes.c_void_p, ctypes.c_char_p

        def bind(name: str, result: Any, *arguments: Any) -> Callable[..., Any]:
            function = getattr(lib, name)
            function.restype, function.argtypes = result, list(arguments)
            return cast(Callable[..., Any], function)

        self.agread = bind("agread", pointer, pointer, pointer)
        self.agmemread = bind("agmemread", pointer, text)
        self.agclose = bind("agclose", ctypes.c_int, pointer)
        try:  # pygraphviz 2's wheels build the plugins in; pygraphviz 1 uses a system Graphviz's, configured
            self.new_context = bind("gvContextWithBuiltins", pointer)
        except AttributeError:
            self.new_context = bind("gvContext", pointer)
        self.gvcVersion = bind("gvcVersion", text, pointer)
        self.gvLayout = bind("gvLayout", ctypes.c_int, pointer, pointer, text)
        # the length's type changed (`unsigned int *` before Graphviz 14, `size_t *` since): see `length`
        self.gvRenderData = bind("gvRenderData", ctypes.c_int, pointer, pointer, text, ctypes.POINTER(pointer), pointer)
        self.gvFreeRenderData = bind("gvFreeRenderData", None, pointer)
        self.gvFreeLayout = bind("gvFreeLayout", ctypes.c_int, pointer, pointer)
        self.gvFreeContext = bind("gvFreeContext", ctypes.c_int, pointer)
        self._length: type[ctypes.c_uint] | type[ctypes.c_size_t] | None = None

    def length(self, context: int) -> ctypes.c_uint | ctypes.c_size_t:
        """A place for `gvRenderData` to write the drawing's length into, of the type this
        Graphviz writes: a wider one would be read wrong, a narrower one overrun."""
        if self._length is None:
            major = (self.gvcVersion(context) or b"").split(b".")[0]
            self._length = ctypes.c_uint if major.isdigit() and int(major) < 14 else ctypes.c_size_t
        return self._length()


@functools.cache
def library() -> Graphviz:
    """pygraphviz's extension, loaded as a plain library: with it come Graphviz's own
    libraries (and, in pygraphviz 2's wheels, the context function that registers the
    plugins built into them)."""
    spec = importlib.util.find_spec("pygraphviz")
    folders = spec.submodule_search_locations if spec else None
    found = [path for folder in folders or () for suffix in importlib.machinery.EXTENSION_SUFFIXES
             if (path := Path(folder) / f"_graphviz{suffix}").is_file()]
    if not found:
        raise LibraryMissing("the bundled renderer needs pygraphviz: pip install pygraphviz")
    if os.name == "nt":  # pragma: no cover - its package adds the folder of the wheel's DLLs to the search path
        import pygraphviz  # noqa: F401
    try:
        return Graphviz(ctypes.CDLL(str(found[0])))
    except (OSError, AttributeError) as error:  # a wheel for another system, a library of it missing, an old Graphviz
        raise LibraryMissing(f"the bundled renderer cannot load pygraphviz's Graphviz: {error}") from None


@functools.cache
def _libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(None)
    libc.fdopen.restype, libc.fdopen.argtypes = ctypes.c_void_p, [ctypes.c_int, ctypes.c_char_p]
    libc.fclose.restype, libc.fclose.argtypes = ctypes.c_int, [ctypes.c_void_p]
    return libc


def draw(dot: Iterable[str], fmt: str, standing: list[tuple[int, int]]) -> bytes:
    """Parse *dot* (DOT text in pieces), lay it out with dot and draw it as *fmt*.

    The context and graph are appended to *standing* for the caller to free with `free`
    when it likes. Raises GraphvizFailed; an exception from *dot* itself comes through
    as it is, the graph read so far freed.
    """
    lib = library()
    graph = _read(lib, dot)
    if not graph:
        raise GraphvizFailed
    context = lib.new_context()  # after the read, as pygraphviz does: it sets the graphs' defaults
    standing.append((context, graph))
    if lib.gvLayout(context, graph, b"dot"):
        raise GraphvizFailed
    data, size = ctypes.c_void_p(), lib.length(context)
    if lib.gvRenderData(context, graph, fmt.encode(), ctypes.byref(data), ctypes.byref(size)):
        raise GraphvizFailed
    try:
        return ctypes.string_at(data, size.value)
    finally:
        lib.gvFreeRenderData(data)


def free(standing: list[tuple[int, int]]) -> None:
    lib = library()
    while standing:
        context, graph = standing.pop()
        lib.gvFreeLayout(context, graph)
        lib.gvFreeContext(context)
        lib.agclose(graph)


def _read(lib: Graphviz, dot: Iterable[str]) -> int | None:
    """The graph of *dot*, or None. Streamed, Graphviz reads from a pipe in a thread of its
    own while this one writes the pieces as they come; else it reads the whole text."""
    pieces = iter(dot)
    # a reader that stops early must make a broken pipe an error here, not a signal that ends the process
    if not STREAM or signal.getsignal(signal.SIGPIPE) != signal.SIG_IGN:
        return _whole(lib, pieces)
    libc = _libc()
    read_end, write_end = os.pipe()
    try:
        import fcntl

        fcntl.fcntl(write_end, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_SIZE)
    except OSError:  # a smaller pipe only means more turns
        pass
    result: list[int | None] = []
    failure: list[BaseException] = []  # raised again in this thread

    def parse() -> None:
        stream = None
        try:
            stream = libc.fdopen(read_end, b"r")
            if stream:
                result.append(lib.agread(stream, None))
        except BaseException as error:  # noqa: BLE001 - a bug, or memory gone: the caller's to report
            failure.append(error)
        finally:  # closed whatever happens, so that a writer waiting on a full pipe gets EPIPE
            if stream:
                libc.fclose(stream)
            else:
                os.close(read_end)

    parser = threading.Thread(target=parse, name="argmap-graphviz-parse", daemon=True)
    try:
        parser.start()
    except RuntimeError:  # no thread to be had (a limit on processes): Graphviz reads it whole
        os.close(read_end)
        os.close(write_end)
        return _whole(lib, pieces)
    written = False
    try:
        try:
            for piece in pieces:
                data = memoryview(piece.encode("utf-8"))
                while data:
                    data = data[os.write(write_end, data):]
        except BrokenPipeError:  # Graphviz stopped at an error: it said why on stderr
            pass
        written = True
    finally:
        os.close(write_end)
        interrupted = _wait(parser)
        graph = result[0] if result else None
        if graph and (interrupted or not written):
            lib.agclose(graph)
    if interrupted:
        raise KeyboardInterrupt
    if failure:
        raise failure[0]
    return graph


def _whole(lib: Graphviz, pieces: Iterable[str]) -> int | None:
    graph: int | None = lib.agmemread("".join(pieces).encode("utf-8"))
    return graph


def _wait(thread: threading.Thread) -> bool:
    """Join *thread* however often Ctrl-C comes (its graph must not be left half read);
    whether it came."""
    interrupted = False
    while True:
        try:
            thread.join()
            return interrupted
        except KeyboardInterrupt:
            interrupted = True
