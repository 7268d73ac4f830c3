"""Real gopls traces for the trace tests: drives gopls v0.23.0 over LSP and keeps the log it wrote.

gopls runs with `-rpc.trace -logfile FILE` (flags checked with `gopls help serve`) on a small
module written here; the session sends initialize, initialized, didOpen (and waits for gopls's
diagnostics), didChange, hover, completion, definition, an unknown method, a completion it
cancels, shutdown and exit. What was sent and received is saved beside the log so the tests
compare the parsed trace with what really happened. The log is made
once per test run and shared by the xdist workers (file lock in the run's common temp directory).
"""

from __future__ import annotations

import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goide.core.lsp import LspClient, LspError
from tests.helpers import tool, write_module

MAIN_GO = """package main

import "fmt"

// Greeting returns a friendly greeting.
func Greeting(name string) string {
	return "hello, " + name
}

func main() {
	fmt.Println(Greeting("gopher"))
}
"""
TIMEOUT = 120.0


@dataclass(frozen=True)
class GoplsTrace:
    log: Path
    module: Path
    sent: list[dict[str, Any]]  # {"method", "id", "outcome": "result" | "error", "code"}
    server_requests: dict[str, int]
    server_notifications: dict[str, int]  # what the driver received, by method


def _drive(module: Path, log: Path) -> tuple[list[dict[str, Any]], dict[str, int], dict[str, int]]:
    sent: list[dict[str, Any]] = []
    argv = [str(tool("gopls")), "-rpc.trace", "-logfile", str(log), "serve"]
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}
    with LspClient(
        argv, cwd=module, env=env, settings={"gopls": {"analysisProgressReporting": False}}
    ) as client:
        client.initialize(module, timeout=TIMEOUT)
        sent.append({"method": "initialize", "id": "1", "outcome": "result", "code": None})
        main = module / "main.go"
        uri = client.did_open(main)
        # gopls publishes diagnostics for an opened file once its package is loaded.
        client.wait_for_notification(
            lambda n: n.method == "textDocument/publishDiagnostics" and n.params.get("uri") == uri,
            timeout=TIMEOUT,
        )
        client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": main.read_text()}]},
        )
        at_call = {"textDocument": {"uri": uri}, "position": {"line": 10, "character": 15}}
        at_fmt = {"textDocument": {"uri": uri}, "position": {"line": 10, "character": 6}}
        for method, params in (
            ("textDocument/hover", at_call),
            ("textDocument/completion", at_fmt),
            ("textDocument/definition", at_call),
        ):
            request_id = client.send_request(method, params)
            client.wait(request_id, timeout=TIMEOUT)
            sent.append({"method": method, "id": str(request_id), "outcome": "result", "code": None})
        request_id = client.send_request("goide/noSuchMethod", {})
        try:
            client.wait(request_id, timeout=TIMEOUT)
        except LspError as err:
            sent.append(
                {"method": "goide/noSuchMethod", "id": str(request_id), "outcome": "error", "code": err.code}
            )
        request_id = client.send_request("textDocument/completion", at_fmt)
        client.cancel(request_id)
        try:
            client.wait(request_id, timeout=TIMEOUT)
            sent.append(
                {
                    "method": "textDocument/completion",
                    "id": str(request_id),
                    "outcome": "result",
                    "code": None,
                }
            )
        except LspError as err:
            sent.append(
                {
                    "method": "textDocument/completion",
                    "id": str(request_id),
                    "outcome": "error",
                    "code": err.code,
                }
            )
        client.shutdown(timeout=TIMEOUT)  # shutdown, exit, and wait for gopls to end
        sent.append(
            {"method": "shutdown", "id": str(client.last_request_id), "outcome": "result", "code": None}
        )
    notifications: dict[str, int] = {}
    for note in client.notifications:
        notifications[note.method] = notifications.get(note.method, 0) + 1
    return sent, dict(client.server_requests), notifications


def gopls_trace(shared_dir: Path) -> GoplsTrace:
    """The real gopls trace of this run, made by the first worker that asks for it."""
    shared_dir.mkdir(parents=True, exist_ok=True)
    module = shared_dir / "module"
    log = shared_dir / "gopls-rpc.log"
    record = shared_dir / "sent.json"
    with open(shared_dir / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.is_file():
            write_module(module, {"go.mod": "module example.com/hello\n\ngo 1.22\n", "main.go": MAIN_GO})
            sent, server_requests, notifications = _drive(module, log)
            tmp = record.with_suffix(".tmp")
            tmp.write_text(
                json.dumps({"sent": sent, "server_requests": server_requests, "notifications": notifications})
            )
            os.replace(tmp, record)
    saved = json.loads(record.read_text())
    return GoplsTrace(log, module, saved["sent"], saved["server_requests"], saved["notifications"])
