"""Issue 16, `goide trace` items 1-5, on the real gopls v0.23.0 `-rpc.trace` log of this run
(tests/gopls_session.py drives gopls over LSP and keeps what it wrote)."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest

from goide.trace.latency import ORPHAN_METHOD, UNKNOWN_METHOD, TraceReport, analyse_stream
from tests.gopls_session import GoplsTrace, gopls_trace
from tests.helpers import goide

pytestmark = pytest.mark.integration

LSP_METHOD = re.compile(r"[A-Za-z0-9$/_.-]+")


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> GoplsTrace:
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    return gopls_trace(shared / "goide-gopls-trace")


def _analyse(data: bytes) -> TraceReport:
    return analyse_stream(io.BytesIO(data))


def _methods(report: TraceReport) -> dict[tuple[str, bool], tuple[int, int]]:
    return {(m.method, m.from_client): (m.count, m.answered) for m in report.methods}


def test_json_escaped_one_line_trace(real: GoplsTrace) -> None:
    text = real.log.read_text()
    for wrap in (json.dumps(text), json.dumps({"log": text}), "log: " + json.dumps(text) + ","):
        report = _analyse(wrap.encode() + b"\n")
        assert all(LSP_METHOD.fullmatch(m.method) for m in report.methods), [m.method for m in report.methods]
        assert _methods(report) == _methods(_analyse(real.log.read_bytes()))


def test_orphan_responses_are_counted_apart(real: GoplsTrace) -> None:
    # The log from just after the failing request was sent: its error answer (gopls writes
    # `[Error - Received] <time> #<id> <message>`, no method) and later answers have no request.
    data = real.log.read_bytes()
    unknown = next(s for s in real.sent if s["method"] == "goide/noSuchMethod")
    start = data.index(f"Sending request 'goide/noSuchMethod - ({unknown['id']})'".encode())
    start = data.index(b"\n", data.index(b"Params:", start)) + 1
    assert data[start:].lstrip().startswith(b"[Error - Received]")
    report = _analyse(data[start:])
    assert UNKNOWN_METHOD not in {m.method for m in report.methods}
    assert report.orphans.total >= 1
    assert report.orphans.errors >= 1
    assert report.orphans.unknown_method >= 1
    assert any(e.method == ORPHAN_METHOD and e.code == unknown["code"] for e in report.errors)


def test_output_to_a_pipe_is_not_wrapped_or_padded(real: GoplsTrace, tmp_path: Path) -> None:
    log = tmp_path / ("a-trace-file-with-a-long-name-" + "x" * 80 + ".log")
    log.write_bytes(real.log.read_bytes())
    result = goide("trace", str(log))  # stdout is a pipe
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert any(str(log) in line for line in lines), lines[:3]
    assert all(line == line.rstrip() for line in lines)


def test_a_burst_has_no_rate_per_minute(real: GoplsTrace) -> None:
    # Five didChange notifications within 2 ms: the real entry repeated with the real clock form.
    data = real.log.read_bytes()
    start = data.index(b"[Trace - ", data.index(b"Sending notification 'textDocument/didChange'") - 40)
    end = data.index(b"[Trace - ", start + 10)
    entry = data[start:end]
    clock = re.search(rb"\[Trace - (\d\d:\d\d:\d\d)\.(\d{3}) ([AP]M)\]", entry)
    assert clock
    burst = b"".join(
        entry.replace(
            clock.group(0), b"[Trace - %s.%03d %s]" % (clock.group(1), 100 + i // 2, clock.group(3))
        )
        for i in range(5)
    )
    report = _analyse(data[:start] + burst + data[end:])
    rate = next(r for r in report.rates if r.method == "textDocument/didChange")
    assert rate.count == 5
    assert rate.per_minute is None
    assert rate.window_seconds is not None
    assert rate.window_seconds <= 0.0021
    assert rate.active_seconds == 1
    from goide.trace.view import _rate_text

    assert "too short a window for a rate" in _rate_text(rate)
    assert "/min" not in _rate_text(rate)


def test_last_request_before_a_restart_has_its_latency(real: GoplsTrace) -> None:
    report = _analyse(real.log.read_bytes() * 2)
    assert report.restarts_total == 1
    last = report.restarts[0].last_request
    assert last is not None
    assert last.method == "shutdown"
    assert last.latency_ms is not None
    assert last.latency_ms >= 0
    document = goide("trace", "-", "--json", stdin=real.log.read_bytes() * 2)
    restart = json.loads(document.stdout)["restarts"]["restarts"][0]
    assert restart["last_request"]["latency_ms"] == last.latency_ms
