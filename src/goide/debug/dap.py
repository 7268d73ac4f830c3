"""A small Debug Adapter Protocol client for `dlv dap`: framing, requests, events, and cleanup.

DAP messages are JSON objects, each preceded by a `Content-Length: N` header and a blank line
(the same framing as LSP). `FrameReader` turns bytes into messages and never holds more than one
bounded message; `DlvDap` starts `dlv dap --listen=127.0.0.1:0`, reads the
`DAP server listening at: HOST:PORT` line Delve prints on start-up, connects, and speaks DAP over
that socket. Every wait has a timeout, and `close()` always ends dlv and the program it launched.
"""

from __future__ import annotations

import collections
import contextlib
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any

import orjson

# Delve's own messages are small; a stackTrace of 50 frames or a page of variables is tens of KB.
# A larger frame means a broken or hostile peer, not a real answer.
MAX_MESSAGE_BYTES = 16 * 1024 * 1024
MAX_HEADER_BYTES = 8 * 1024
# How much of dlv's stdout/stderr and of the program's output to keep for explaining failures.
KEEP_OUTPUT_CHARS = 64 * 1024
_MAX_LINE = 64 * 1024

_LISTENING = re.compile(r"DAP server listening at: (?P<address>\S+)")


class DapError(Exception):
    """The session with dlv failed: it could not start, it closed, or it broke the protocol."""


class DapProtocolError(DapError):
    """The bytes from the adapter are not DAP: bad header, oversized or non-JSON message."""


class DapTimeout(DapError):
    """The adapter did not answer in time."""


def encode_message(message: Mapping[str, Any]) -> bytes:
    """One DAP frame: the header and the UTF-8 JSON body."""
    body = orjson.dumps(dict(message))
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


class FrameReader:
    """Splits a byte stream into DAP messages; bytes may arrive in any chunks.

    After a protocol error the stream cannot be resynchronised (the next header's position is
    unknown), so the reader stays failed and raises the same error again.
    """

    def __init__(self, max_message_bytes: int = MAX_MESSAGE_BYTES) -> None:
        self._max = max_message_bytes
        self._buffer = bytearray()
        self._body_length: int | None = None
        self._failed: DapProtocolError | None = None

    @property
    def buffered(self) -> int:
        """Bytes received but not yet returned as a message."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        """Add `data`; return every message it completes, in order."""
        if self._failed:
            raise self._failed
        self._buffer += data
        messages: list[dict[str, Any]] = []
        try:
            while True:
                if self._body_length is None:
                    end = self._buffer.find(b"\r\n\r\n")
                    if end < 0:
                        if len(self._buffer) > MAX_HEADER_BYTES:
                            raise DapProtocolError(f"no end of DAP header within {MAX_HEADER_BYTES} bytes")
                        return messages
                    self._body_length = self._content_length(bytes(self._buffer[:end]))
                    del self._buffer[: end + 4]
                if len(self._buffer) < self._body_length:
                    return messages
                body = bytes(self._buffer[: self._body_length])
                del self._buffer[: self._body_length]
                self._body_length = None
                messages.append(_decode_body(body))
        except DapProtocolError as err:
            self._failed = err
            self._buffer.clear()
            raise

    def _content_length(self, header: bytes) -> int:
        length: int | None = None
        for raw_line in header.split(b"\r\n"):
            name, colon, value = raw_line.partition(b":")
            if not colon:
                raise DapProtocolError(f"malformed DAP header line {_show(raw_line)}")
            if name.strip().lower() == b"content-length":
                text = value.strip()
                if not text.isdigit() or len(text) > 18:
                    raise DapProtocolError(f"invalid Content-Length {_show(text)}")
                length = int(text)
        if length is None:
            raise DapProtocolError(f"DAP header without Content-Length: {_show(header)}")
        if length > self._max:
            raise DapProtocolError(f"DAP message of {length} bytes exceeds the limit of {self._max} bytes")
        return length


def _decode_body(body: bytes) -> dict[str, Any]:
    try:
        message = orjson.loads(body)
    except orjson.JSONDecodeError as err:
        raise DapProtocolError(f"DAP message is not valid JSON: {err}") from None
    if not isinstance(message, dict):
        raise DapProtocolError(f"DAP message is a JSON {type(message).__name__}, not an object")
    return message


def _show(data: bytes, limit: int = 60) -> str:
    text = data[:limit].decode("ascii", errors="backslashreplace")
    return repr(text + ("..." if len(data) > limit else ""))


class _Tail:
    """The last `limit` characters written to it, for error messages; thread-safe."""

    def __init__(self, limit: int = KEEP_OUTPUT_CHARS) -> None:
        self._limit = limit
        self._parts: collections.deque[str] = collections.deque()
        self._size = 0
        self._lock = threading.Lock()

    def write(self, text: str) -> None:
        with self._lock:
            self._parts.append(text)
            self._size += len(text)
            while self._size > self._limit and len(self._parts) > 1:
                self._size -= len(self._parts.popleft())

    def text(self) -> str:
        with self._lock:
            return "".join(self._parts)[-self._limit :]


class DlvDap:
    """One `dlv dap` process and the DAP session with it. Use as a context manager."""

    def __init__(
        self,
        proc: subprocess.Popen[bytes],
        sock: socket.socket,
        stdout: _Tail,
        stderr: _Tail,
        drains: Sequence[threading.Thread] = (),
    ):
        self._proc = proc
        self._drains = tuple(drains)
        self._sock = sock
        self.dlv_stdout = stdout
        self.dlv_stderr = stderr
        self.program_output = _Tail()
        self._reader = FrameReader()
        self._seq = 0
        self._responses: dict[int, dict[str, Any]] = {}
        self._events: collections.deque[dict[str, Any]] = collections.deque()
        self.event_names: list[str] = []
        self.debuggee_pid: int | None = None
        # Set to a bytearray to keep every byte received (scripts/regen-dap-seed records real
        # sessions with it to seed the fuzz target).
        self.received: bytearray | None = None
        self._disconnected = False
        self._closed = False

    # -- start-up ---------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        dlv: str,
        *,
        cwd: str | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = 20.0,
        extra_args: Sequence[str] = (),
    ) -> DlvDap:
        """Start `dlv dap`, wait for its listening line, connect. Raises OSError if dlv cannot run."""
        proc = subprocess.Popen(
            [dlv, "dap", "--listen=127.0.0.1:0", *extra_args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            start_new_session=True,  # one process group, killed as a whole in close()
        )
        stdout, stderr = _Tail(), _Tail()
        listening = threading.Event()
        address: list[str] = []

        def on_stdout_line(line: str) -> None:
            found = _LISTENING.search(line)
            if found and not address:
                address.append(found.group("address"))
                listening.set()

        assert proc.stdout is not None
        assert proc.stderr is not None
        drains = [_drain(proc.stdout, stdout, on_stdout_line), _drain(proc.stderr, stderr, None)]
        deadline = time.monotonic() + timeout
        while not listening.wait(0.05):
            if proc.poll() is not None or time.monotonic() > deadline:
                exited = proc.poll()
                _end_process(proc, None, grace=0)  # exited already, or hung: no reason to wait
                for thread in drains:  # the last lines tell why
                    thread.join(timeout=1.0)
                detail = (stderr.text() or stdout.text()).strip()
                if exited is None:
                    raise DapTimeout(f"dlv dap did not report a listening address within {timeout:g}s")
                raise DapError(f"dlv dap exited with status {exited} before listening: {detail}")
        host, _, port = address[0].rpartition(":")
        try:
            sock = socket.create_connection((host.strip("[]"), int(port)), timeout=max(1.0, timeout))
        except (OSError, ValueError) as err:
            _end_process(proc, None, grace=0)
            raise DapError(f"could not connect to dlv dap at {address[0]}: {err}") from None
        return cls(proc, sock, stdout, stderr, drains)

    def __enter__(self) -> DlvDap:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- requests and events ----------------------------------------------------------------

    def send_request(self, command: str, arguments: Mapping[str, Any] | None = None) -> int:
        """Send a request without waiting; returns its seq for `wait_response`."""
        self._seq += 1
        message: dict[str, Any] = {"seq": self._seq, "type": "request", "command": command}
        if arguments is not None:
            message["arguments"] = dict(arguments)
        self._send(message)
        return self._seq

    def request(
        self, command: str, arguments: Mapping[str, Any] | None = None, *, timeout: float
    ) -> dict[str, Any]:
        """Send a request and return its response (which may say success: false)."""
        return self.wait_response(self.send_request(command, arguments), timeout=timeout)

    def wait_response(self, seq: int, *, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while seq not in self._responses:
            self._pump(deadline, f"the response to request {seq}")
        return self._responses.pop(seq)

    def wait_event(self, names: set[str] | frozenset[str], *, timeout: float) -> dict[str, Any]:
        """The first not yet taken event whose name is in `names`; earlier other events are kept."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self._events:
                if event.get("event") in names:
                    self._events.remove(event)
                    return event
            self._pump(deadline, "event " + "/".join(sorted(names)))

    def _send(self, message: Mapping[str, Any]) -> None:
        try:
            self._sock.sendall(encode_message(message))
        except OSError as err:
            raise DapError(f"could not send to dlv dap: {err}{self._stderr_note()}") from None

    def _pump(self, deadline: float, waiting_for: str) -> None:
        """Read once from the socket (until `deadline`) and file away what arrives."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise DapTimeout(f"dlv dap did not send {waiting_for} in time")
        self._sock.settimeout(remaining)
        try:
            data = self._sock.recv(65536)
        except TimeoutError:
            raise DapTimeout(f"dlv dap did not send {waiting_for} in time") from None
        except OSError as err:
            raise DapError(f"connection to dlv dap failed: {err}{self._stderr_note()}") from None
        if not data:
            raise DapError(f"dlv dap closed the connection{self._stderr_note()}")
        if self.received is not None:
            self.received += data
        for message in self._reader.feed(data):
            self._dispatch(message)

    def _dispatch(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "response" and isinstance(message.get("request_seq"), int):
            self._responses[message["request_seq"]] = message
        elif kind == "event":
            name = str(message.get("event"))
            self.event_names.append(name)
            raw_body = message.get("body")
            body: dict[str, Any] = raw_body if isinstance(raw_body, dict) else {}
            if name == "output":
                self.program_output.write(str(body.get("output", "")))
                return  # kept as text only, so a chatty program cannot fill memory
            if name == "process" and isinstance(body.get("systemProcessId"), int):
                self.debuggee_pid = body["systemProcessId"]
            self._events.append(message)
            if len(self._events) > 1000:
                self._events.popleft()
        elif kind == "request":
            # Reverse requests (runInTerminal) are not offered in initialize; refuse any that come.
            self._send(
                {
                    "seq": 0,
                    "type": "response",
                    "request_seq": message.get("seq", 0),
                    "command": message.get("command", ""),
                    "success": False,
                    "message": "not supported by goide",
                }
            )

    def _stderr_note(self) -> str:
        text = self.dlv_stderr.text().strip()
        return f" (dlv stderr: {text[-500:]})" if text else ""

    # -- shutdown ---------------------------------------------------------------------------

    @property
    def pid(self) -> int:
        return self._proc.pid

    @property
    def returncode(self) -> int | None:
        return self._proc.poll()

    def disconnect(self, *, timeout: float) -> dict[str, Any]:
        """End the session and the launched program; Delve exits after answering."""
        self._disconnected = True
        return self.request("disconnect", {"terminateDebuggee": True}, timeout=timeout)

    def close(self, *, grace: float = 3.0) -> None:
        """Disconnect (terminating the program), then end dlv's process group, whatever state it is in."""
        if self._closed:
            return
        self._closed = True
        try:
            if not self._disconnected and self._proc.poll() is None:
                self.disconnect(timeout=grace)
        except DapError:
            pass  # the kill below ends it either way
        finally:
            self._sock.close()
            _end_process(self._proc, self.debuggee_pid, grace=grace)
            for thread in self._drains:  # dlv's last words (why it failed) are read before returning
                thread.join(timeout=1.0)


def _drain(stream: IO[bytes], tail: _Tail, on_line: Callable[[str], None] | None) -> threading.Thread:
    """Read a pipe of dlv to its end on a daemon thread, so dlv never blocks on a full pipe."""

    def pump() -> None:
        # Lines are read in bounded pieces: a line without end cannot grow without limit.
        for raw in iter(lambda: stream.readline(_MAX_LINE), b""):
            line = raw.decode("utf-8", errors="replace")
            tail.write(line)
            if on_line is not None:
                on_line(line)
        stream.close()

    thread = threading.Thread(target=pump, name="dlv-output", daemon=True)
    thread.start()
    return thread


def _end_process(proc: subprocess.Popen[bytes], debuggee_pid: int | None, *, grace: float = 3.0) -> None:
    """End dlv: wait a moment for a clean exit, then kill its group and the program it launched.

    Delve starts the program in a process group of its own (Setpgid), so killing dlv's group
    alone could leave it running; while dlv has not been reaped, the program's pid cannot have
    been reused, so killing it by pid is safe.
    """
    killpg = getattr(os, "killpg", None)  # POSIX; on Windows only dlv itself can be killed

    def kill_group() -> None:
        if killpg is not None:
            _kill(lambda: killpg(proc.pid, signal.SIGKILL))
        else:
            _kill(proc.kill)

    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        if debuggee_pid is not None:
            _kill(lambda: os.kill(debuggee_pid, signal.SIGKILL))
        kill_group()
        proc.wait(timeout=10)
    else:
        # dlv is gone; its group may still hold stragglers (a `go build` it started). The group
        # id cannot be reused while any member is alive.
        kill_group()


def _kill(action: Callable[[], None]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        action()
