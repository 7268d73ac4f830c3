"""The LSP driver when the server misbehaves: no answer, garbage, early exit. Every wait times out.

The well-behaved case (real gopls) is covered by tests/trace/test_trace_gopls.py; here the "servers" are
real processes that do the wrong thing: `sleep` (reads nothing, says nothing), `head` (prints what
it is fed back at us, which is not a valid reply), a Python one-liner that writes a garbage header.
"""

from __future__ import annotations

import io
import os
import sys

import pytest

from goide.core.lsp import LspClient, LspError, LspTimeout, read_frame


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie still answers kill(0); it is gone once its state is Z.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(")")[-1].split()[0] == "Z"


def test_a_silent_server_times_out_and_is_killed() -> None:
    client = LspClient(["sleep", "300"])
    try:
        with pytest.raises(LspTimeout, match="initialize"):
            client.request("initialize", {}, timeout=0.5)
    finally:
        status = client.close()
    assert status is not None
    assert _gone(client.pid)


def test_a_server_that_exits_fails_every_waiter_at_once() -> None:
    with LspClient([sys.executable, "-c", "import sys; sys.stdin.readline()"]) as client:
        # The message names the closed pipe, not the 60 s timeout: every waiter fails at once.
        with pytest.raises(LspError, match=r"gone|closed|writing") as failure:
            client.request("initialize", {}, timeout=60)
        assert not isinstance(failure.value, LspTimeout)
        with pytest.raises(LspError):
            client.notify("initialized", {})


def test_a_server_writing_garbage_fails_cleanly() -> None:
    script = (
        "import sys; sys.stdout.write('hello, not LSP\\r\\n\\r\\n'); sys.stdout.flush(); sys.stdin.read()"
    )
    with (
        LspClient([sys.executable, "-c", script]) as client,
        pytest.raises(LspError, match=r"Content-Length|header|gone"),
    ):
        client.request("initialize", {}, timeout=30)


def test_server_requests_are_answered_like_an_editor() -> None:
    # A tiny server in Python that asks the client two things, then answers the client's request
    # with what the client told it.
    script = r"""
import json, sys
def send(m):
    b = json.dumps(m).encode()
    sys.stdout.buffer.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
    sys.stdout.flush()
def read():
    n = None
    while True:
        line = sys.stdin.buffer.readline().strip()
        if not line: break
        n = int(line.split(b":")[1])
    return json.loads(sys.stdin.buffer.read(n))
req = read()
items = [{"section": "gopls"}, {"section": "x"}]
send({"jsonrpc": "2.0", "id": "a", "method": "workspace/configuration", "params": {"items": items}})
send({"jsonrpc": "2.0", "id": "b", "method": "made/up", "params": {}})
answers = [read(), read()]
send({"jsonrpc": "2.0", "method": "window/logMessage", "params": {"type": 3, "message": "hi"}})
send({"jsonrpc": "2.0", "id": req["id"], "result": answers})
"""
    with LspClient([sys.executable, "-c", script], settings={"gopls": {"staticcheck": True}}) as client:
        answers = client.request("initialize", {}, timeout=30)
        note = client.wait_for_notification(lambda n: n.method == "window/logMessage", timeout=30)
    assert note.params["message"] == "hi"
    by_id = {a["id"]: a for a in answers}
    assert by_id["a"]["result"] == [{"staticcheck": True}, None]
    assert by_id["b"]["error"]["code"] == -32601
    assert client.server_requests == {"workspace/configuration": 1, "made/up": 1}


@pytest.mark.parametrize(
    ("stream", "message"),
    [
        (b"Content-Length: 5\r\n\r\nab", "ended inside a message body"),
        (b"Content-Length: x\r\n\r\n", "bad Content-Length"),
        (b"Content-Length: 999999999999\r\n\r\n", "out of range"),
        (b"Content-Type: json\r\n\r\n", "no Content-Length"),
        (b"Content-Length: 2\r\n", "ended inside a message header"),
        (b"Content-Le", "not an LSP header line"),
        (b"X" * 20000, "too long"),
    ],
)
def test_bad_frames(stream: bytes, message: str) -> None:
    with pytest.raises(LspError, match=message):
        read_frame(io.BytesIO(stream))


def test_good_frame_and_end_of_stream() -> None:
    stream = io.BytesIO(b"Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc\r\n\r\n{}")
    assert read_frame(stream) == b"{}"
    assert read_frame(stream) is None
