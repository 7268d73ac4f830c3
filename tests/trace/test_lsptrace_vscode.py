"""VS Code's LSP trace formats, which cannot be produced here (no VS Code on the test machine).

The traces are built from the exact format strings of microsoft/vscode-languageserver-node:
- jsonrpc/src/common/connection.ts (`Sending request '${method} - (${id})'.`, `Received response
  '${method} - (${id})' in ${ms}ms.${error}` with error ` Request failed: ${message} (${code}).`,
  `Sending response '...'. Processing request took ${ms}ms`, `Params: ` + JSON.stringify(params, null, 4)
  in verbose mode, `No parameters provided.`, `Received response ${id} without active response promise.`,
  and the JSON trace object {isLSPMessage, type, message, timestamp: Date.now()});
- client/src/common/client.ts before c4e28649 (`[Trace - ${toLocaleTimeString()}] `,
  `[LSP   - ${time}] ` + JSON, `[${name.padEnd(5)} - ${time}] ` for Error/Info, `  Message: ...\n  Code: ...`
  for a ResponseError) with vscode-jsonrpc <= 8.2 appending "\n\n" to each data block;
- the client after c4e28649 (LogOutputChannel: `YYYY-MM-DD hh:mm:ss.mmm [trace] message\ndata`);
and the captures in shared/reference/crashes-and-traces.md sections 3.3 and 4.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from goide.trace.latency import TraceReport, analyse_stream
from goide.trace.lsptrace import VSCODE_JSON, VSCODE_TEXT, TraceParser

URI = "file:///home/gopher/app/main.go"


def verbose(value: Any) -> str:
    """JSON.stringify(value, null, 4)."""
    return json.dumps(value, indent=4, ensure_ascii=False)


def old_client(time: str, message: str, data: str | None = None) -> str:
    """logTrace of client <= 10.0.0-next.14 with vscode-jsonrpc <= 8.2 (data ends in \\n\\n)."""
    text = f"[Trace - {time}] {message}\n"
    if data is not None:
        text += data + "\n\n" + "\n"
    return text


def new_client(stamp: str, message: str, data: str | None = None) -> str:
    """traceOutputChannel.trace(message + '\\n' + data) in a LogOutputChannel."""
    return f"{stamp} [trace] {message}" + (f"\n{data}" if data is not None else "") + "\n"


def params(value: Any) -> str:
    return "Params: " + verbose(value)


def result(value: Any) -> str:
    return "Result: " + verbose(value)


def at(line: int, character: int) -> dict[str, Any]:
    return {"textDocument": {"uri": URI}, "position": {"line": line, "character": character}}


def session(entry: Any, times: list[str]) -> str:
    """A verbose session written through `entry` (old_client or new_client) at the given times."""
    t = iter(times)
    change = {"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "package main\n"}]}
    return "".join(
        [
            entry(next(t), "Sending request 'initialize - (0)'.", params({"processId": 1, "rootUri": None})),
            entry(next(t), "Received response 'initialize - (0)' in 120ms.", result({"capabilities": {}})),
            entry(next(t), "Sending notification 'initialized'.", params({})),
            entry(
                next(t),
                "Received request 'workspace/configuration - (1)'.",
                params({"items": [{"section": "gopls"}]}),
            ),
            entry(
                next(t),
                "Sending response 'workspace/configuration - (1)'. Processing request took 2ms",
                result([{}]),
            ),
            entry(next(t), "Sending notification 'textDocument/didChange'.", params(change)),
            entry(next(t), "Sending notification 'textDocument/didChange'.", params(change)),
            entry(next(t), "Sending request 'textDocument/completion - (12)'.", params(at(9, 5))),
            entry(
                next(t), "Received response 'textDocument/completion - (12)' in 35ms.", result({"items": []})
            ),
            entry(next(t), "Sending request 'textDocument/hover - (13)'.", params(at(3, 7))),
            entry(next(t), "Sending notification '$/cancelRequest'.", params({"id": 13})),
            entry(
                next(t),
                "Received response 'textDocument/hover - (13)' in 4ms."
                " Request failed: Request cancelled (-32800).",
            ),
            entry(
                next(t),
                "Received notification 'textDocument/publishDiagnostics'.",
                params({"uri": URI, "diagnostics": []}),
            ),
            entry(next(t), "Sending request 'textDocument/definition - (14)'.", params(at(20, 1))),
            entry(
                next(t),
                "Received response 'textDocument/definition - (14)' in 1250ms.",
                "No result returned.",
            ),
            entry(next(t), "Received response 99 without active response promise.", "No result returned."),
            entry(
                next(t),
                "Sending request 'textDocument/codeLens - (15)'.",
                params({"textDocument": {"uri": URI}}),
            ),
            # gopls crashed here: the client starts a new server, which begins with initialize.
            entry(next(t), "Sending request 'initialize - (0)'.", params({"processId": 1, "rootUri": None})),
            entry(next(t), "Received response 'initialize - (0)' in 90ms.", result({"capabilities": {}})),
        ]
    )


OLD_TIMES = [f"11:59:{s:02d} AM" for s in range(50, 60)] + [f"12:00:{s:02d} PM" for s in range(9)]
NEW_TIMES = [f"2026-08-21 11:59:{s:02d}.{s * 7:03d}" for s in range(40, 59)]


def analyse(text: str) -> TraceReport:
    return analyse_stream(io.BytesIO(text.encode()))


def method(report: TraceReport, name: str, from_client: bool = True):  # type: ignore[no-untyped-def]
    return next(m for m in report.methods if m.method == name and m.from_client == from_client)


@pytest.mark.parametrize(("entry", "times"), [(old_client, OLD_TIMES), (new_client, NEW_TIMES)])
def test_verbose_text_session(entry: Any, times: list[str]) -> None:
    report = analyse(session(entry, times))
    assert report.stats.formats == {VSCODE_TEXT: 19}
    assert report.stats.other_lines == report.stats.bad_entries == 0
    completion = method(report, "textDocument/completion")
    assert (completion.count, completion.p50_ms, completion.max_ms) == (1, 35.0, 35.0)
    assert method(report, "initialize").count == 2
    assert method(report, "textDocument/definition").p99_ms == 1250.0
    configuration = method(report, "workspace/configuration", from_client=False)
    assert (configuration.count, configuration.max_ms) == (1, 2.0)
    slowest = report.slowest[0]
    assert (slowest.method, slowest.id, slowest.uri, slowest.position) == (
        "textDocument/definition",
        "14",
        URI,
        (20, 1),
    )
    assert report.cancellations == {"textDocument/hover": 1}
    assert [(e.method, e.code, e.message) for e in report.errors] == [
        ("textDocument/hover", -32800, "Request cancelled")
    ]
    assert report.restarts_total == 1
    restart = report.restarts[0]
    assert not restart.after_shutdown
    assert restart.last_request is not None
    assert (restart.last_request.method, restart.last_request.id) == ("textDocument/codeLens", "15")
    assert [(u.method, u.uri) for u in report.unanswered] == [("textDocument/codeLens", URI)]
    did_change = next(r for r in report.rates if r.method == "textDocument/didChange")
    assert did_change.count == 2
    assert did_change.max_per_second == 1
    # The clock passes noon (old client) or runs on (new client): the span is 18 seconds either way.
    assert report.span_seconds == pytest.approx(18.0, abs=0.2)


def test_client_error_lines_of_the_output_channel() -> None:
    # client.ts: this.error(`Request ${type.method} failed.`, error) with data2String(ResponseError).
    old = (
        "[Error - 10:21:05 AM] Request textDocument/hover failed.\n"
        "  Message: no package metadata for file\n  Code: 0 \n"
    )
    new = (
        "2026-08-21 10:21:05.101 [error] Request textDocument/rename failed.\n"
        "  Message: content modified\n  Code: -32801 \n"
    )
    parser = TraceParser()
    entries = [e for line in (old + new).encode().split(b"\n") for e in parser.feed(line)] + parser.finish()
    new_time = datetime(2026, 8, 21, 10, 21, 5, tzinfo=UTC).timestamp() + 0.101
    assert [e.time for e in entries] == [10 * 3600 + 21 * 60 + 5, pytest.approx(new_time)]
    report = analyse(old + new)
    assert [(e.method, e.code, e.message, e.source) for e in report.errors] == [
        ("textDocument/hover", 0, "no package metadata for file", "client-log"),
        ("textDocument/rename", -32801, "content modified", "client-log"),
    ]


@pytest.mark.parametrize(
    ("clock", "seconds"),
    [
        ("10:21:03 AM", 10 * 3600 + 21 * 60 + 3),  # en-US
        ("10:21:03 PM", 22 * 3600 + 21 * 60 + 3),
        ("12:05:00 AM", 5 * 60),  # just after midnight, 12-hour clock
        ("12:05:00 PM", 12 * 3600 + 5 * 60),
        ("22:21:03", 22 * 3600 + 21 * 60 + 3),  # de-DE, fr-FR
        ("오후 10:21:03", 22 * 3600 + 21 * 60 + 3),  # ko-KR
        ("下午10:21:03", 22 * 3600 + 21 * 60 + 3),  # zh-CN
        ("10:21:03 p.m.", 22 * 3600 + 21 * 60 + 3),  # es-MX style
        ("21:42:07.123 PM", 21 * 3600 + 42 * 60 + 7.123),  # gopls: 24-hour clock + AM/PM marker
        ("00:00:01.000 AM", 1.0),
    ],
)
def test_locale_dependent_clocks(clock: str, seconds: float) -> None:
    parser = TraceParser()
    entries = parser.feed(f"[Trace - {clock}] Sending notification 'initialized'.".encode())
    entries += parser.finish()
    assert entries[0].time == pytest.approx(seconds)


def test_clock_wraps_past_midnight() -> None:
    text = old_client("11:59:59 PM", "Sending request 'textDocument/hover - (1)'.", params(at(0, 0)))
    text += old_client(
        "12:00:02 AM", "Received response 'textDocument/hover - (1)' in 3000ms.", "No result returned."
    )
    report = analyse(text)
    assert report.span_seconds == pytest.approx(3.0)


def json_line(kind: str, message: dict[str, Any], stamp: int) -> str:
    return json.dumps(
        {"isLSPMessage": True, "type": kind, "message": message, "timestamp": stamp}, separators=(",", ":")
    )


@pytest.mark.parametrize(
    "wrap",
    [
        lambda line: f"[LSP   - 10:21:03 AM] {line}\n",  # client <= 10.0.0-next.14
        lambda line: f"2026-08-21 10:21:03.117 [trace] {line}\n",  # LogOutputChannel
        lambda line: f"{line}\n",  # the bare objects, as some users paste them
    ],
)
def test_json_trace(wrap: Any) -> None:
    start = 1755771663117
    lines = [
        json_line("send-request", {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {}}, start),
        json_line(
            "receive-response", {"jsonrpc": "2.0", "id": 0, "result": {"capabilities": {}}}, start + 80
        ),
        json_line(
            "send-request",
            {"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": at(4, 2)},
            start + 100,
        ),
        json_line(
            "send-request",
            {"jsonrpc": "2.0", "id": 2, "method": "textDocument/rename", "params": at(5, 1)},
            start + 110,
        ),
        json_line(
            "receive-request",
            {"jsonrpc": "2.0", "id": 7, "method": "window/workDoneProgress/create", "params": {"token": "x"}},
            start + 120,
        ),
        json_line("send-response", {"jsonrpc": "2.0", "id": 7, "result": None}, start + 121),
        json_line(
            "send-notification",
            {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 2}},
            start + 130,
        ),
        json_line("receive-response", {"jsonrpc": "2.0", "id": 1, "result": None}, start + 612),
        json_line(
            "receive-response",
            {"jsonrpc": "2.0", "id": 2, "error": {"code": -32801, "message": "content modified"}},
            start + 140,
        ),
        json_line(
            "send-notification",
            {
                "jsonrpc": "2.0",
                "method": "workspace/didChangeWatchedFiles",
                "params": {"changes": [{"uri": URI, "type": 2}, {"uri": URI + "x", "type": 1}]},
            },
            start + 150,
        ),
    ]
    report = analyse("".join(wrap(line) for line in lines))
    assert report.stats.formats == {VSCODE_JSON: 10}
    hover = method(report, "textDocument/hover")
    assert hover.max_ms == 512.0  # from the timestamps: the JSON format states no latency
    assert report.slowest[0].position == (4, 2)
    assert method(report, "window/workDoneProgress/create", from_client=False).max_ms == 1.0
    assert report.cancellations == {"textDocument/rename": 1}
    assert [(e.method, e.code) for e in report.errors] == [("textDocument/rename", -32801)]
    watched = next(r for r in report.rates if r.method == "workspace/didChangeWatchedFiles")
    assert (watched.count, watched.changes) == (1, 2)
    assert report.unanswered_total == 0


def test_gopls_stderr_in_the_new_clients_server_channel() -> None:
    # gopls -rpc.trace without -logfile writes to stderr; client >= 10.0.0-next.15 logs every
    # stderr line at error level (client/src/node/main.ts), the blank \r lines included.
    raw = (
        "[Trace - 21:42:07.123 PM] Sending request 'textDocument/hover - (3)'.\n"
        'Params: {"textDocument":{"uri":"file:///a.go"},"position":{"line":1,"character":2}}\r\n\r\n\r\n'
        "[Trace - 21:42:07.127 PM] Received response 'textDocument/hover - (3)' in 4ms.\n"
        "Result: null\r\n\r\n\r\n"
    )
    channel = "".join(f"2026-08-21 21:42:07.130 [error] {line}\n" for line in raw.split("\n")[:-1])
    report = analyse(channel)
    hover = method(report, "textDocument/hover")
    assert hover.max_ms == 4.0
    assert report.slowest[0].uri == "file:///a.go"
    assert report.slowest[0].position == (1, 2)
