"""A small Language Server Protocol client over stdio, for driving the real gopls.

It speaks JSON-RPC 2.0 with Content-Length framing, matches responses to request ids, answers the
requests a server sends to its client (workspace/configuration, client/registerCapability,
window/workDoneProgress/create, ...) the way an editor would, and keeps the server's notifications
for the caller to wait on. Every wait has a timeout, and the server's process group is always killed
on close, so a hung or crashed server never hangs goide. `goide trace`'s tests and the planned
`goide gopls` benchmark both drive gopls through `LspClient`.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

# A header larger than this, or a body larger than MAX_BODY, means the stream is not LSP.
MAX_HEADER = 8 * 1024
MAX_BODY = 256 * 1024 * 1024
# How many server notifications and stderr lines are kept (oldest dropped first).
KEPT_NOTIFICATIONS = 10_000
KEPT_STDERR_LINES = 2_000

METHOD_NOT_FOUND = -32601


class LspError(Exception):
    """The server answered a request with an error, or the connection failed."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class LspTimeout(LspError):
    """The server did not answer in time."""


@dataclass(frozen=True)
class Notification:
    method: str
    params: Any
    received_at: float  # time.monotonic()


@dataclass
class _Pending:
    method: str
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: LspError | None = None


ServerRequestHandler = Callable[[Any], Any]


def path_uri(path: Path) -> str:
    """The file:// URI of a local path, as editors send it."""
    return path.resolve().as_uri()


class LspClient:
    """One language server process and the JSON-RPC connection to it.

    Use as a context manager; `close()` shuts the server down politely when it can and kills its
    process group in every case.
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
        settings: Mapping[str, Any] | None = None,
        workspace_folders: Sequence[Path] = (),
    ) -> None:
        self.argv = tuple(argv)
        # Answers to workspace/configuration, by section ("gopls" -> {...}).
        self.settings: dict[str, Any] = dict(settings or {})
        self.workspace_folders = tuple(workspace_folders)
        self.notifications: collections.deque[Notification] = collections.deque(maxlen=KEPT_NOTIFICATIONS)
        self.stderr_lines: collections.deque[str] = collections.deque(maxlen=KEPT_STDERR_LINES)
        # Server-to-client requests seen, by method (how often gopls asked).
        self.server_requests: collections.Counter[str] = collections.Counter()
        self._handlers: dict[str, ServerRequestHandler] = {
            "workspace/configuration": self._configuration,
            "workspace/workspaceFolders": self._folders,
            "client/registerCapability": lambda _params: None,
            "client/unregisterCapability": lambda _params: None,
            "window/workDoneProgress/create": lambda _params: None,
            "window/showMessageRequest": lambda _params: None,
            "window/showDocument": lambda _params: {"success": False},
            "workspace/applyEdit": lambda _params: {"applied": False, "failureReason": "read-only client"},
            "workspace/codeLens/refresh": lambda _params: None,
            "workspace/semanticTokens/refresh": lambda _params: None,
            "workspace/inlayHint/refresh": lambda _params: None,
            "workspace/diagnostic/refresh": lambda _params: None,
        }
        self._next_id = 1
        self._pending: dict[int, _Pending] = {}
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._closed_reason: str | None = None
        self._proc = subprocess.Popen(
            self.argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read_loop, name="lsp-reader", daemon=True)
        self._stderr_reader = threading.Thread(target=self._drain_stderr, name="lsp-stderr", daemon=True)
        self._reader.start()
        self._stderr_reader.start()

    # -- public API -----------------------------------------------------------------------------

    @property
    def pid(self) -> int:
        return self._proc.pid

    @property
    def last_request_id(self) -> int:
        """The id of the request sent last (0 before any)."""
        return self._next_id - 1

    def on_request(self, method: str, handler: ServerRequestHandler) -> None:
        """Answer server-to-client requests of `method` with `handler(params)`."""
        self._handlers[method] = handler

    def request(self, method: str, params: Any, *, timeout: float) -> Any:
        """Send a request and wait for its result; raises LspError or LspTimeout."""
        return self.wait(self.send_request(method, params), timeout=timeout)

    def send_request(self, method: str, params: Any) -> int:
        """Send a request without waiting; returns its id for `wait` or `cancel`."""
        with self._lock:
            self._raise_if_closed()
            request_id = self._next_id
            self._next_id += 1
            self._pending[request_id] = _Pending(method)
        self._write({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        return request_id

    def wait(self, request_id: int, *, timeout: float) -> Any:
        with self._lock:
            pending = self._pending.get(request_id)
        if pending is None:
            raise LspError(f"no request with id {request_id} is waiting")
        if not pending.done.wait(timeout):
            raise LspTimeout(f"{pending.method} (id {request_id}) got no answer in {timeout:g}s")
        with self._lock:
            self._pending.pop(request_id, None)
        if pending.error is not None:
            raise pending.error
        return pending.result

    def cancel(self, request_id: int) -> None:
        self.notify("$/cancelRequest", {"id": request_id})

    def notify(self, method: str, params: Any) -> None:
        with self._lock:
            self._raise_if_closed()
        self._write({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for_notification(
        self, predicate: Callable[[Notification], bool], *, timeout: float, since: int = 0
    ) -> Notification:
        """The first notification (from index `since` of all received) that satisfies `predicate`."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for index, note in enumerate(self.notifications):
                    if index >= since and predicate(note):
                        return note
                self._raise_if_closed()
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LspTimeout(f"the expected notification did not arrive in {timeout:g}s")
                self._arrived.wait(left)

    def initialize(self, root: Path, *, timeout: float, client_name: str = "goide") -> Any:
        """The LSP handshake (initialize, then initialized) for a workspace rooted at `root`."""
        folders = self.workspace_folders or (root,)
        self.workspace_folders = folders
        result = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "clientInfo": {"name": client_name},
                "rootUri": path_uri(root),
                "workspaceFolders": [{"uri": path_uri(f), "name": f.name} for f in folders],
                "capabilities": _CLIENT_CAPABILITIES,
                "initializationOptions": self.settings.get("gopls", {}),
            },
            timeout=timeout,
        )
        self.notify("initialized", {})
        return result

    def did_open(self, path: Path, *, language_id: str = "go", version: int = 1) -> str:
        uri = path_uri(path)
        text = path.read_text(encoding="utf-8")
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": language_id, "version": version, "text": text}},
        )
        return uri

    def shutdown(self, *, timeout: float) -> None:
        """The polite end: shutdown, then exit, then wait for the process to go."""
        self.request("shutdown", None, timeout=timeout)
        self.notify("exit", None)
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired as err:
            raise LspTimeout(f"the server did not exit {timeout:g}s after 'exit'") from err

    def close(self) -> int | None:
        """Kill the server's process group (whatever state it is in); returns its exit status."""
        if self._proc.poll() is None:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self._proc.kill()
        else:
            # It exited; what it left in its group (gopls's telemetry sidecar, for one) goes too.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._proc.pid, signal.SIGKILL)
        try:
            status = self._proc.wait(10)
        except subprocess.TimeoutExpired:
            status = None
        # The group is dead, so the pipes reach their end: let the readers take what the server
        # wrote before it died (its last notifications), then close.
        self._reader.join(5)
        self._stderr_reader.join(5)
        for stream in (self._proc.stdin, self._proc.stdout, self._proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._fail_all("the connection was closed")
        return status

    def __enter__(self) -> LspClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ------------------------------------------------------------------------------

    def _raise_if_closed(self) -> None:
        if self._closed_reason is not None:
            raise LspError(f"the server connection is gone: {self._closed_reason}")

    def _write(self, message: Mapping[str, Any]) -> None:
        body = json.dumps(message, separators=(",", ":")).encode("utf-8")
        header = f"Content-Length: {len(body)}\r\n\r\n".encode("ascii")
        stdin = self._proc.stdin
        assert stdin is not None
        with self._write_lock:
            try:
                stdin.write(header + body)
                stdin.flush()
            except (BrokenPipeError, OSError, ValueError) as err:
                self._fail_all(f"writing to the server failed: {err}")
                raise LspError(f"writing to the server failed: {err}") from err

    def _read_loop(self) -> None:
        stdout = self._proc.stdout
        assert stdout is not None
        reason = "the server closed its output"
        try:
            while True:
                body = read_frame(stdout)
                if body is None:
                    break
                try:
                    message = json.loads(body)
                except ValueError:
                    reason = "the server wrote a frame that is not JSON"
                    break
                if isinstance(message, dict):
                    self._dispatch(message)
        except (LspError, OSError, ValueError) as err:
            reason = str(err)
        self._fail_all(reason)

    def _dispatch(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if isinstance(method, str) and "id" in message:
            self._answer_server_request(message["id"], method, message.get("params"))
        elif isinstance(method, str):
            with self._arrived:
                self.notifications.append(Notification(method, message.get("params"), time.monotonic()))
                self._arrived.notify_all()
        elif "id" in message:
            with self._lock:
                pending = self._pending.get(message["id"])
            if pending is None:
                return
            error = message.get("error")
            if isinstance(error, dict):
                code = error.get("code")
                pending.error = LspError(
                    f"{pending.method}: {error.get('message', 'error')}",
                    code if isinstance(code, int) else None,
                )
            else:
                pending.result = message.get("result")
            pending.done.set()

    def _answer_server_request(self, request_id: Any, method: str, params: Any) -> None:
        self.server_requests[method] += 1
        handler = self._handlers.get(method)
        reply: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id}
        if handler is None:
            reply["error"] = {"code": METHOD_NOT_FOUND, "message": f"method not found: {method}"}
        else:
            reply["result"] = handler(params)
        # If this write fails, _write has already failed every waiter; the reader loop ends on its own.
        with contextlib.suppress(LspError):
            self._write(reply)

    def _configuration(self, params: Any) -> list[Any]:
        items = params.get("items", []) if isinstance(params, dict) else []
        return [
            self.settings.get(item.get("section", ""), None) if isinstance(item, dict) else None
            for item in items
        ]

    def _folders(self, _params: Any) -> list[dict[str, str]]:
        return [{"uri": path_uri(f), "name": f.name} for f in self.workspace_folders]

    def _fail_all(self, reason: str) -> None:
        with self._arrived:
            if self._closed_reason is None:
                self._closed_reason = reason
            for pending in self._pending.values():
                if not pending.done.is_set():
                    pending.error = LspError(f"{pending.method}: {reason}")
                    pending.done.set()
            self._arrived.notify_all()

    def _drain_stderr(self) -> None:
        stderr = self._proc.stderr
        assert stderr is not None
        try:
            for raw in stderr:
                self.stderr_lines.append(raw[:4096].decode("utf-8", errors="replace").rstrip("\r\n"))
        except (OSError, ValueError):
            pass


def read_frame(stream: IO[bytes]) -> bytes | None:
    """One Content-Length framed body from `stream`; None at a clean end of stream."""
    length: int | None = None
    header_bytes = 0
    while True:
        line = stream.readline(MAX_HEADER + 1)
        if not line:
            if header_bytes == 0:
                return None
            raise LspError("the stream ended inside a message header")
        header_bytes += len(line)
        if header_bytes > MAX_HEADER:
            raise LspError("a message header is too long; the stream is not LSP")
        text = line.decode("ascii", errors="replace").strip()
        if not text:
            if length is None:
                if header_bytes <= 2:
                    continue  # stray blank line between frames
                raise LspError("a message header has no Content-Length")
            break
        name, sep, value = text.partition(":")
        if not sep:
            raise LspError(f"not an LSP header line: {text[:80]!r}")
        if name.strip().lower() == "content-length":
            try:
                length = int(value.strip())
            except ValueError as err:
                raise LspError(f"bad Content-Length: {value.strip()[:40]!r}") from err
            if not 0 <= length <= MAX_BODY:
                raise LspError(f"Content-Length {length} is out of range")
    body = stream.read(length)
    if len(body) != length:
        raise LspError("the stream ended inside a message body")
    return body


# What goide's client says it can do: enough for gopls to offer hover, completion, definition,
# progress and dynamic file-watch registration, as VS Code does.
_CLIENT_CAPABILITIES: dict[str, Any] = {
    "workspace": {
        "configuration": True,
        "workspaceFolders": True,
        "didChangeWatchedFiles": {"dynamicRegistration": True, "relativePatternSupport": True},
        "didChangeConfiguration": {"dynamicRegistration": True},
    },
    "textDocument": {
        "synchronization": {"dynamicRegistration": True, "didSave": True},
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "completion": {"completionItem": {"snippetSupport": False, "documentationFormat": ["plaintext"]}},
        "definition": {"linkSupport": True},
        "publishDiagnostics": {"relatedInformation": True},
    },
    "window": {"workDoneProgress": True, "showMessage": {}},
    "general": {"positionEncodings": ["utf-16"]},
}
