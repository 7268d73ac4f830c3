"""`goide trace` on real traces pasted in public issues (tests/data/trace/, sources in its README)."""

from __future__ import annotations

from pathlib import Path

from goide.trace.latency import TraceReport, analyse_stream

DATA = Path(__file__).parent.parent / "data" / "trace"


def _report(name: str) -> TraceReport:
    with (DATA / name).open("rb") as stream:
        return analyse_stream(stream)


def test_vscode_go_299_slow_code_actions_and_cancellations() -> None:
    report = _report("vscode-go-299.txt")
    assert report.methods[0].method == "textDocument/codeAction"
    assert report.methods[0].max_ms == 61119.0
    assert [(e.method, e.code) for e in report.errors] == [
        ("textDocument/completion", -32800),
        ("textDocument/documentHighlight", -32800),
    ]
    assert [(u.method, u.id) for u in report.unanswered] == [
        ("textDocument/documentLink", "849"),
        ("textDocument/documentSymbol", "850"),
    ]


def test_go_42157_client_trace() -> None:
    report = _report("go-42157-client.txt")
    (method,) = report.methods
    assert (method.method, method.count, method.errors, method.max_ms) == (
        "textDocument/codeAction",
        1,
        1,
        39.0,
    )
    assert report.errors[0].code == 0


def test_go_42157_gopls_trace_error_only_in_the_client_log() -> None:
    report = _report("go-42157-gopls.txt")
    assert report.unanswered_total == 0
    (method,) = report.methods
    assert (method.method, method.answered, method.errors) == ("textDocument/codeAction", 1, 1)
    assert report.errors[0].source == "client-log"
