"""`argmap lsp`: the language server's wiring to pygls, and when documents are audited.

Work per keystroke is bounded. A change only records the new text and
(re)starts a short timer (the debounce, longer for a file whose audit is
slow); when it fires, the audit runs in one worker thread, so the server
keeps reading messages meanwhile, and at most one audit per document runs,
with at most one more queued behind it. A request that needs positions of the
text as it is now (hover, definition, rename...) waits for that audit;
completion never waits.

Nothing a client sends ends the server: a message that is no JSON, a request
with parameters of the wrong shape, an unknown method and a bug in a feature
each get an error (or a line in the log), never a traceback, and the server
goes on.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from functools import wraps
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from argmap import __version__
from argmap.config import ConfigError, Settings, load_settings
from argmap.lsp import actions, completion, hover, navigation, rename
from argmap.lsp.documents import Document, Snapshot, analyse, path_of, stamp
from argmap.lsp.positions import Lines, Position, Range, edit

log = logging.getLogger("argmap.lsp")

#: seconds between the last keystroke and the audit; a file whose audit took longer waits that long
DEBOUNCE = 0.2
#: the most a slow file's debounce grows to
DEBOUNCE_MAX = 2.0
#: seconds between looks at the sources and settings files of open documents
POLL = 1.0
#: the longest a request waits for the audit of the text as it is now, before answering from the last one
WAIT = 10.0
#: seconds without an audit before the collector may sweep the whole heap, and the least between two sweeps
IDLE, SWEEP = 2.0, 30.0
#: LSP's "the request failed" (a rename refused): the message is shown to the user
REQUEST_FAILED = -32803


class _Dropped:
    """A message that could not be read: answered, if it was a request, and not handled."""

    jsonrpc = None


class _Protocol(LanguageServerProtocol):
    """pygls's protocol with the documents' text kept by the server, not by pygls.

    pygls splits lines as Python does (at NEL, U+2028 and form feeds too), so it
    would apply an edit to the wrong place in a file that holds one; the server
    keeps the text itself (`argmap.lsp.positions`). And a request whose
    parameters cannot be read gets an error answer instead of none.
    """

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> Any:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Any:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> Any:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if isinstance(data, dict) and "method" in data and isinstance(data.get("id"), int | str):
                self._send_response(data["id"], None, JsonRpcInvalidParams(
                    f"{JsonRpcInvalidParams.MESSAGE}: {data['method']}").to_response_error())
            log.warning("could not read a %r message: %s", data.get("method"), error.message)
            return _Dropped()

    def handle_message(self, message: Any) -> None:
        if isinstance(message, _Dropped):
            return
        if not hasattr(message, "jsonrpc"):
            log.warning("ignored a message that is not a JSON-RPC object")
            return
        super().handle_message(message)


F = TypeVar("F", bound=Callable[..., Coroutine[Any, Any, Any]])


def _safe(handler: F) -> F:
    """A feature's handler that answers nothing instead of failing on a bug, with one line in the log."""
    @wraps(handler)
    async def safe(*args: Any) -> Any:
        try:
            return await handler(*args)
        except JsonRpcException:
            raise
        except Exception as error:  # a bug: the editor goes on, the log says where
            log.error("%s failed: %s: %s", handler.__name__, type(error).__name__, error,
                      exc_info=bool(os.environ.get("ARGMAP_DEBUG")))
            return None
    return safe  # type: ignore[return-value]


class ArgmapServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("argmap", __version__, protocol_cls=_Protocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.documents: dict[str, Document] = {}
        self.auditor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="argmap-audit")
        self.debounce = DEBOUNCE
        self.encoding = "utf-16"
        self.settings: dict[Path, tuple[Settings, Path | None]] = {}
        self.durations: dict[str, float] = {}
        self.poller: asyncio.Task[None] | None = None
        self.last_audit = self.last_sweep = time.monotonic()
        self.unswept = 0  # audits since the last sweep

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Errors go to the log, never to a pop-up in the user's face; a message that is
        no JSON at all is answered as JSON-RPC says (a parse error, with no id)."""
        if isinstance(error, ValueError) and not isinstance(error, JsonRpcException):  # json.JSONDecodeError
            self.protocol._send_response(None, None, types.ResponseError(-32700, f"Parse error: {error}"))  # type: ignore[arg-type]
        if not _refusal(error):
            log.warning("%s", error)

    # -- settings ---------------------------------------------------------------

    def settings_for(self, document: Document) -> Settings:
        """The settings `argmap lint` would use in the document's folder."""
        folder = document.path.parent
        if folder not in self.settings:
            try:
                settings = load_settings(start=folder)
            except ConfigError as error:
                self.window_show_message(types.ShowMessageParams(
                    types.MessageType.Warning, f"argmap: {error}; the defaults are used"))
                settings = Settings()
            self.settings[folder] = (settings, settings.origin)
        settings, origin = self.settings[folder]
        document.settings_file = (origin, stamp(origin)) if origin is not None else None
        return settings

    # -- audits ------------------------------------------------------------------

    def schedule(self, document: Document, delay: float | None = None) -> None:
        """Audit *document* after *delay* (default: its debounce), replacing a timer already set."""
        if document.timer is not None:
            document.timer.cancel()
        if delay is None:
            taken = self.durations.get(document.uri, 0.0)
            delay = min(max(self.debounce, taken), DEBOUNCE_MAX) if self.debounce else 0.0
        document.timer = asyncio.get_running_loop().call_later(delay, self._start, document)

    def _start(self, document: Document) -> None:
        document.timer = None
        if document.running or self.documents.get(document.uri) is not document:
            return  # the audit under way starts the next one when it ends
        document.running = True
        settings = self.settings_for(document)
        generation, version, lines = document.generation, document.version, document.lines
        started = time.perf_counter()
        future = asyncio.get_running_loop().run_in_executor(
            self.auditor, analyse, lines, document.uri, document.path, settings, generation, version)
        future.add_done_callback(lambda done: self._finished(document, done, time.perf_counter() - started))

    def _finished(self, document: Document, done: asyncio.Future[Snapshot], seconds: float) -> None:
        document.running = False
        self.durations[document.uri] = seconds
        if self.documents.get(document.uri) is not document:
            return
        error = done.exception()
        if error is not None:  # a bug in the audit: say it in the log, keep the last diagnostics
            log.error("auditing %s failed: %s: %s", document.uri, type(error).__name__, error,
                      exc_info=error if os.environ.get("ARGMAP_DEBUG") else None)
        else:
            snapshot = done.result()
            self.settle()
            if snapshot.generation == document.generation:
                document.snapshot = snapshot
                if snapshot.index is not None:
                    document.good = snapshot
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                    document.uri, snapshot.diagnostics, snapshot.version))
                waiters, document.waiters = document.waiters, []
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_result(snapshot)
        if document.fresh is None and document.timer is None:
            self._start(document)  # changed while audited, and its timer has fired: go again now

    async def current(self, uri: str) -> Snapshot | None:
        """The audit of the document's text as it is now: made now if a timer is waiting for it."""
        document = self.documents.get(uri)
        if document is None:
            return None
        if (snapshot := document.fresh) is not None:
            return snapshot
        waiter: asyncio.Future[Snapshot] = asyncio.get_running_loop().create_future()
        document.waiters.append(waiter)
        if document.timer is not None:
            document.timer.cancel()
            document.timer = None
        if not document.running:
            self._start(document)
        try:
            return await asyncio.wait_for(asyncio.shield(waiter), WAIT)
        except TimeoutError:
            return document.snapshot

    # -- memory -------------------------------------------------------------------

    def settle(self) -> None:
        """Move what is alive now, a new audit above all, out of the collector's sight.

        An audit is hundreds of thousands of objects that live until the next
        one; the cyclic collector would rescan them all on the keystrokes that
        follow (it doubled the latency of a 1,000-claim file). Frozen, they are
        still freed by reference counting when replaced; the few cycles among
        them are swept when the editor is idle (`sweep`).
        """
        gc.freeze()
        self.last_audit = time.monotonic()
        self.unswept += 1

    def sweep(self) -> None:
        """A whole-heap collection, when no audit has run for a while and none ran for long."""
        now = time.monotonic()
        if self.unswept and now - self.last_audit > IDLE and now - self.last_sweep > SWEEP:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.last_sweep, self.unswept = now, 0

    # -- sources and settings saved on disk ----------------------------------------

    async def poll(self) -> None:
        """Audit again the documents whose source or settings file changed on disk.

        A look is two `stat` calls per open document, whatever the editor: a
        source saved here, in another editor or by a script is re-checked
        within a second, with no file watcher to register.
        """
        while True:
            await asyncio.sleep(POLL)
            self.sweep()
            for document in list(self.documents.values()):
                snapshot = document.snapshot
                watched = [snapshot.source] if snapshot is not None and snapshot.source else []
                if document.settings_file is not None:
                    watched.append(document.settings_file)
                if any(stamp(path) != seen for path, seen in watched):
                    self.touched([path for path, _ in watched])

    def touched(self, paths: list[Path]) -> None:
        """Files changed on disk: audit again the documents that read them."""
        changed = {path.resolve() for path in paths}
        if any(path.name in ("argmap.toml", "pyproject.toml") for path in changed):
            self.settings.clear()
        for document in self.documents.values():
            snapshot = document.snapshot
            read = [snapshot.source[0]] if snapshot is not None and snapshot.source else []
            if document.settings_file is not None:
                read.append(document.settings_file[0])
            if any(path.resolve() in changed for path in read):
                document.generation += 1  # the same text, another audit: the old one is stale
                self.schedule(document, 0.0)


server = ArgmapServer()


def _document(uri: str) -> Document | None:
    return server.documents.get(uri)


def _lines(text: str) -> Lines:
    return Lines(text, server.encoding)


@server.feature(types.INITIALIZE)
def initialize(params: types.InitializeParams) -> None:
    chosen = server.workspace.position_encoding  # negotiated by pygls from what the client offers
    server.encoding = str(getattr(chosen, "value", chosen) or "utf-16")
    options = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("debounce"), int | float):
        server.debounce = max(0.0, float(options["debounce"]) / 1000)  # milliseconds, as editors write them


@server.feature(types.INITIALIZED)
async def initialized(params: types.InitializedParams) -> None:
    if server.poller is None:
        server.poller = asyncio.ensure_future(server.poll())


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    document = Document(item.uri, path_of(item.uri, item.language_id), item.version, _lines(item.text))
    server.documents[item.uri] = document
    server.schedule(document, 0.0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(params: types.DidChangeTextDocumentParams) -> None:
    document = _document(params.text_document.uri)
    if document is None:
        return
    lines = document.lines
    for change in params.content_changes:
        if isinstance(change, types.TextDocumentContentChangePartial):
            start, end = change.range.start, change.range.end
            lines = edit(lines, Range(Position(start.line, start.character), Position(end.line, end.character)),
                         change.text)
        else:
            lines = edit(lines, None, change.text)
    document.lines, document.version = lines, params.text_document.version
    document.generation += 1
    server.schedule(document)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
async def did_close(params: types.DidCloseTextDocumentParams) -> None:
    document = server.documents.pop(params.text_document.uri, None)
    if document is not None and document.timer is not None:
        document.timer.cancel()
    server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(params.text_document.uri, []))


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(params: types.DidSaveTextDocumentParams) -> None:
    """A saved source (or settings file) open in the same editor: re-check what quotes it."""
    server.touched([path_of(params.text_document.uri)])


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
    server.touched([path_of(change.uri) for change in params.changes])


@server.feature(types.TEXT_DOCUMENT_HOVER)
@_safe
async def on_hover(params: types.HoverParams) -> types.Hover | None:
    snapshot = await server.current(params.text_document.uri)
    return hover.hover(snapshot, params.position) if snapshot is not None else None


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@_safe
async def on_definition(params: types.DefinitionParams) -> list[types.Location] | None:
    snapshot = await server.current(params.text_document.uri)
    return navigation.definition(snapshot, params.text_document.uri, params.position) if snapshot else None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
@_safe
async def on_references(params: types.ReferenceParams) -> list[types.Location] | None:
    snapshot = await server.current(params.text_document.uri)
    if snapshot is None:
        return None
    return navigation.references(snapshot, params.text_document.uri, params.position, params.context.include_declaration)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@_safe
async def on_symbols(params: types.DocumentSymbolParams) -> list[types.DocumentSymbol] | None:
    snapshot = await server.current(params.text_document.uri)
    return navigation.symbols(snapshot) if snapshot is not None else None


@server.feature(types.TEXT_DOCUMENT_COMPLETION,
                types.CompletionOptions(trigger_characters=["[", ",", " ", "-", '"']))
@_safe
async def on_completion(params: types.CompletionParams) -> types.CompletionList | None:
    document = _document(params.text_document.uri)
    if document is None:
        return None
    return completion.complete(document.lines, document.good or document.snapshot, document.path, params.position)


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
@_safe
async def on_prepare_rename(params: types.PrepareRenameParams) -> types.PrepareRenamePlaceholder | None:
    snapshot = await server.current(params.text_document.uri)
    return rename.prepare(snapshot, params.position) if snapshot is not None else None


@server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
@_safe
async def on_rename(params: types.RenameParams) -> types.WorkspaceEdit | None:
    snapshot = await server.current(params.text_document.uri)
    if snapshot is None:
        return None
    try:
        return rename.rename(snapshot, params.text_document.uri, params.position, params.new_name)
    except rename.Refused as refusal:
        raise JsonRpcException(str(refusal), REQUEST_FAILED) from None


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
@_safe
async def on_code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
    snapshot = await server.current(params.text_document.uri)
    if snapshot is None:
        return None
    return actions.code_actions(snapshot, params.text_document.uri, params.range)


@server.feature(types.SHUTDOWN)
def on_shutdown(params: Any) -> None:
    for document in server.documents.values():
        if document.timer is not None:
            document.timer.cancel()
    if server.poller is not None:
        server.poller.cancel()
    server.auditor.shutdown(wait=False, cancel_futures=True)


def _refusal(error: BaseException | None) -> bool:
    """A request refused on purpose (a rename that would break the file): an answer, not an error."""
    return isinstance(error, JsonRpcException) and error.code == REQUEST_FAILED


class _Quiet(logging.Filter):
    """Leaves out pygls's error lines about refusals, which are answers the user sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and _refusal(record.exc_info[1]))


class _OneLine(logging.Formatter):
    """Log records without tracebacks (ARGMAP_DEBUG=1 keeps them): the editor's log is read by people."""

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        return super().formatException(ei) if os.environ.get("ARGMAP_DEBUG") else ""

    def format(self, record: logging.LogRecord) -> str:
        if os.environ.get("ARGMAP_DEBUG"):
            return super().format(record)
        record.exc_info = record.exc_text = None
        lines = super().format(record).splitlines()  # pygls writes tracebacks into some messages
        return lines[0] if lines else ""


def serve(stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
    """Serve on standard input and output until the client says exit.

    The protocol gets its own copy of standard output, and the process's
    standard output is pointed at standard error: anything else printed by
    accident goes to the log, and never corrupts a message.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine("argmap lsp: %(levelname)s: %(message)s"))
    handler.addFilter(_Quiet())
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
    if stdout is None:
        stdout = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    server.start_io(stdin or sys.stdin.buffer, stdout)
