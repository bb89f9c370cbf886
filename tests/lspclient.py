"""A small JSON-RPC client for a language server run as a subprocess over stdio.

The tests and the latency benchmark drive `argmap lsp` through it as an editor
does: framed messages on the server's standard input, replies and
notifications read from its standard output by a thread. Nothing of the
server is imported: what is tested is the protocol.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


class ServerError(Exception):
    """The server answered a request with an error."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(f"{error.get('code')}: {error.get('message')}")
        self.code = error.get("code")
        self.message = error.get("message", "")


class Client:
    def __init__(self, argv: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, cwd=cwd, env=env)
        self.next_id = 0
        self.responses: dict[int | str | None, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.arrived = threading.Condition()
        self.stderr: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain, daemon=True).start()

    # -- the wire --------------------------------------------------------------

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    with self.arrived:
                        self.arrived.notify_all()
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            body = stream.read(length or 0)
            message = json.loads(body)
            with self.arrived:
                if "method" in message and "id" in message:  # a request from the server: answer it
                    self._answer(message)
                elif "method" in message:
                    self.notifications.append(message)
                else:
                    self.responses[message.get("id")] = message
                self.arrived.notify_all()

    def _answer(self, request: dict[str, Any]) -> None:
        self.send({"jsonrpc": "2.0", "id": request["id"], "result": None})

    def _drain(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr.append(line)

    def send_raw(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    # -- requests and notifications ------------------------------------------------

    def request_id(self, method: str, params: Any = None) -> int:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def response(self, request: int | str | None, timeout: float = 20.0) -> dict[str, Any]:
        with self.arrived:
            if not self.arrived.wait_for(lambda: request in self.responses or self.process.poll() is not None, timeout):
                raise TimeoutError(f"no answer to request {request} in {timeout} s")
            if request not in self.responses:
                raise ConnectionError(f"the server ended (exit {self.process.returncode}): {self.log()}")
            return self.responses.pop(request)

    def request(self, method: str, params: Any = None, timeout: float = 20.0) -> Any:
        answer = self.response(self.request_id(method, params), timeout)
        if "error" in answer:
            raise ServerError(answer["error"])
        return answer.get("result")

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for(self, method: str, where: Callable[[dict[str, Any]], bool] = lambda p: True,
                 timeout: float = 20.0, after: int = 0) -> dict[str, Any]:
        """The params of the first notification *method* (from number *after* on) that *where* accepts."""
        def found() -> dict[str, Any] | None:
            return next((n["params"] for n in self.notifications[after:]
                         if n["method"] == method and where(n["params"])), None)
        with self.arrived:
            if not self.arrived.wait_for(lambda: found() is not None or self.process.poll() is not None, timeout):
                raise TimeoutError(f"no {method} in {timeout} s")
            result = found()
            if result is None:
                raise ConnectionError(f"the server ended (exit {self.process.returncode}): {self.log()}")
            return result

    def diagnostics(self, uri: str, version: int | None = None, timeout: float = 20.0, after: int = 0) -> list[dict[str, Any]]:
        """The diagnostics published for *uri* (for *version*, if given)."""
        params = self.wait_for("textDocument/publishDiagnostics",
                               lambda p: p["uri"] == uri and (version is None or p.get("version") == version),
                               timeout, after)
        return list(params["diagnostics"])

    # -- a session ---------------------------------------------------------------

    def initialize(self, root: Path, options: dict[str, Any] | None = None) -> dict[str, Any]:
        result = self.request("initialize", {
            "processId": None, "rootUri": root.as_uri(), "initializationOptions": options or {},
            "capabilities": {"textDocument": {"publishDiagnostics": {"relatedInformation": True},
                                              "rename": {"prepareSupport": True}}},
        })
        self.notify("initialized", {})
        return dict(result)

    def open(self, path: Path, text: str | None = None, language: str = "yaml") -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": language, "version": 1,
            "text": path.read_text(encoding="utf-8") if text is None else text}})
        return uri

    def change(self, uri: str, version: int, text: str, start: tuple[int, int] | None = None,
               end: tuple[int, int] | None = None) -> None:
        change: dict[str, Any] = {"text": text}
        if start is not None:
            end = end or start
            change["range"] = {"start": {"line": start[0], "character": start[1]},
                               "end": {"line": end[0], "character": end[1]}}
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [change]})

    def stop(self, timeout: float = 10.0) -> int:
        """shutdown, then exit: the server's exit code."""
        try:
            self.request("shutdown", None, timeout)
            self.notify("exit")
        except (OSError, TimeoutError, ConnectionError):
            pass
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        finally:
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()

    def log(self) -> str:
        return b"".join(self.stderr).decode("utf-8", "replace")


def wait_until(check: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return False
