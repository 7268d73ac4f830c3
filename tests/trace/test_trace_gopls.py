"""`goide trace` on real gopls v0.23.0 `-rpc.trace` logs, made by driving gopls over LSP."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest

from goide.core.lsp import path_uri
from goide.trace.latency import TraceReport, analyse_stream
from goide.trace.lsptrace import GOPLS
from tests.gopls_session import GoplsTrace, gopls_trace
from tests.helpers import goide

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> GoplsTrace:
    # Under xdist the parent of the per-worker base temp is shared by all workers of this run;
    # without xdist the base temp itself is this run's.
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    return gopls_trace(shared / "goide-gopls-trace")


def _analyse(path: Path) -> TraceReport:
    with path.open("rb") as stream:
        return analyse_stream(stream)


def _method(report: TraceReport, name: str, from_client: bool = True):  # type: ignore[no-untyped-def]
    return next(m for m in report.methods if m.method == name and m.from_client == from_client)


def test_every_request_sent_is_in_the_report_with_its_id(real: GoplsTrace) -> None:
    report = _analyse(real.log)
    assert report.stats.formats == {GOPLS: report.stats.entries}
    assert report.stats.binary_lines == report.stats.cut_lines == report.stats.bad_entries == 0
    for sent in real.sent:
        counted = sum(1 for s in real.sent if s["method"] == sent["method"])
        stats = _method(report, sent["method"])
        assert stats.count == counted
        assert stats.answered == counted
        assert stats.max_ms is not None
        assert 0 <= stats.p50_ms <= stats.p95_ms <= stats.p99_ms <= stats.max_ms <= 120_000  # type: ignore[operator]
    assert report.unanswered_total == 0
    assert report.restarts_total == 0
    # The slowest list holds every answered request of such a short session, except the one the
    # driver cancelled if the cancellation reached gopls before its answer (a race: read the log).
    cancelled = real.sent[-2]
    assert cancelled["method"] == "textDocument/completion"
    log = real.log.read_text()
    cancel_at = log.index("Sending notification '$/cancelRequest'")
    answer = re.search(
        rf"(Received response 'textDocument/completion - \({cancelled['id']}\)'|#{cancelled['id']} )", log
    )
    assert answer is not None
    answered_first = answer.start() < cancel_at
    listed = {(info.method, info.id) for info in report.slowest}
    expected = {(s["method"], s["id"]) for s in real.sent if answered_first or s is not cancelled}
    assert listed == expected


def test_slowest_requests_carry_file_and_position(real: GoplsTrace) -> None:
    report = _analyse(real.log)
    uri = path_uri(real.module / "main.go")
    by_method = {info.method: info for info in report.slowest}
    assert by_method["textDocument/hover"].uri == uri
    assert by_method["textDocument/hover"].position == (10, 15)
    assert by_method["textDocument/completion"].position == (10, 6)
    assert by_method["textDocument/definition"].position == (10, 15)
    assert by_method["initialize"].uri is None


def test_errors_and_cancellation_have_their_codes(real: GoplsTrace) -> None:
    report = _analyse(real.log)
    unknown = next(s for s in real.sent if s["method"] == "goide/noSuchMethod")
    assert unknown["code"] == -32601  # what gopls told the driver
    codes = {(e.method, e.code) for e in report.errors}
    assert ("goide/noSuchMethod", -32601) in codes
    assert report.cancellations == {"textDocument/completion": 1}
    cancelled = [s for s in real.sent if s["method"] == "textDocument/completion"][-1]
    if cancelled["outcome"] == "error":  # gopls usually stops the work in time
        assert ("textDocument/completion", -32800) in codes
        assert _method(report, "textDocument/completion").cancelled == 1


def test_requests_from_gopls_and_notifications_are_counted(real: GoplsTrace) -> None:
    report = _analyse(real.log)
    for method, count in real.server_requests.items():
        stats = _method(report, method, from_client=False)
        assert stats.count == count
        assert stats.answered == count
    did_change = next(r for r in report.rates if r.method == "textDocument/didChange")
    assert did_change.count == 1
    # Every notification gopls sent before the editor's `exit` reached the driver; the ones it logs
    # while exiting may or may not be written before the process ends. So, per method:
    # logged before exit <= received by the driver <= logged in all.
    from_server = {method: n for (method, from_client), n in report.notifications.items() if not from_client}
    data = real.log.read_bytes()
    before_exit = analyse_stream(io.BytesIO(data[: data.index(b"Sending notification 'exit'")]))
    early = {method: n for (method, from_client), n in before_exit.notifications.items() if not from_client}
    assert set(real.server_notifications) <= set(from_server)
    for method, logged in from_server.items():
        assert early.get(method, 0) <= real.server_notifications.get(method, 0) <= logged, method
    assert from_server["textDocument/publishDiagnostics"] >= 1
    assert report.notifications[("textDocument/didOpen", True)] == 1
    assert report.notifications[("$/cancelRequest", True)] == 1


def test_cli_json_report_of_the_real_log(real: GoplsTrace) -> None:
    result = goide("trace", str(real.log), "--json")
    assert result.returncode == 0, result.stderr.decode()
    doc = json.loads(result.stdout)
    assert doc["schema"] == "goide.trace/1"
    assert doc["formats"] == {"gopls": doc["lines"]["entries"]}
    methods = {(m["method"], m["direction"]) for m in doc["methods"]}
    assert ("textDocument/hover", "client-to-server") in methods
    assert ("workspace/configuration", "server-to-client") in methods
    hover = next(s for s in doc["slowest"] if s["method"] == "textDocument/hover")
    assert hover["position"] == {"line": 10, "character": 15}


def test_cli_terminal_report_and_stdin(real: GoplsTrace) -> None:
    result = goide("trace", "-", stdin=real.log.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode()
    assert "textDocument/completion" in text
    assert "Latency per method" in text
    assert "goide/noSuchMethod" in text


@pytest.mark.parametrize(("name", "magic"), [("latency.png", b"\x89PNG"), ("latency.svg", b"<?xml")])
def test_cli_plot(real: GoplsTrace, tmp_path: Path, name: str, magic: bytes) -> None:
    out = tmp_path / name
    result = goide("trace", str(real.log), "--plot", str(out))
    assert result.returncode == 0, result.stderr.decode()
    assert out.read_bytes().startswith(magic)


def test_two_sessions_in_one_log_are_a_clean_restart(real: GoplsTrace, tmp_path: Path) -> None:
    both = tmp_path / "two.log"
    both.write_bytes(real.log.read_bytes() * 2)
    report = _analyse(both)
    assert report.restarts_total == 1
    restart = report.restarts[0]
    assert restart.after_shutdown
    assert restart.last_request is not None
    assert restart.last_request.method == "shutdown"
    assert _method(report, "textDocument/hover").count == 2


def test_crash_mid_request_then_restart(real: GoplsTrace, tmp_path: Path) -> None:
    # A session cut off right after the hover request was sent (gopls died), then a new session.
    lines = real.log.read_bytes().split(b"\n")
    hover = next(i for i, line in enumerate(lines) if b"Sending request 'textDocument/hover" in line)
    crashed = b"\n".join(lines[: hover + 4]) + b"\n"
    log = tmp_path / "crash.log"
    log.write_bytes(crashed + real.log.read_bytes())
    report = _analyse(log)
    assert report.restarts_total == 1
    restart = report.restarts[0]
    assert not restart.after_shutdown
    assert restart.last_request is not None
    assert restart.last_request.method == "textDocument/hover"
    assert restart.last_request.position == (10, 15)
    assert [(u.method, u.reason) for u in report.unanswered] == [
        ("textDocument/hover", "the server restarted before answering")
    ]


def test_truncated_log_lists_the_unanswered_request(real: GoplsTrace, tmp_path: Path) -> None:
    data = real.log.read_bytes()
    cut = data.index(b"Received response 'textDocument/definition")
    log = tmp_path / "cut.log"
    log.write_bytes(data[: cut + 20])  # the response header itself is cut in the middle
    report = _analyse(log)
    assert [u.method for u in report.unanswered] == ["textDocument/definition"]
    assert report.unanswered[0].reason == "no answer before the trace ended"
