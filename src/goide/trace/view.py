"""Views of a `TraceReport`: the terminal report (rich tables) and the JSON document.

Both read the one aggregate and never re-parse. File URIs and error messages pass through
`goide.core.redact` since traces can carry tokens in URLs.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, TextIO

from goide.core.redact import redact_text
from goide.core.words import plural
from goide.trace.latency import Rate, RequestInfo, TraceReport

if TYPE_CHECKING:
    from rich.console import Console

SCHEMA = "goide.trace/1"


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value / 1000:.2f}s" if value >= 10_000 else f"{value:.0f}ms"


def _where(info: RequestInfo) -> str:
    if info.uri is None:
        return ""
    uri = redact_text(info.uri)
    if info.position is None:
        return uri
    # Editors show 1-based lines and columns; LSP positions are 0-based.
    return f"{uri}:{info.position[0] + 1}:{info.position[1] + 1}"


def _request_json(info: RequestInfo) -> dict[str, Any]:
    return {
        "method": info.method,
        "id": info.id,
        "line": info.line,
        "time": info.time,
        "latency_ms": info.latency_ms,
        "uri": redact_text(info.uri) if info.uri is not None else None,
        "position": {"line": info.position[0], "character": info.position[1]} if info.position else None,
        "cancelled": info.cancelled,
        "error_code": info.error_code,
        "reason": info.reason,
    }


def to_json(report: TraceReport, source: str) -> dict[str, Any]:
    """The document `goide trace --json` prints (schema in docs/trace.md)."""
    stats = report.stats
    return {
        "schema": SCHEMA,
        "source": source,
        "formats": dict(stats.formats),
        "lines": {
            "total": stats.lines,
            "entries": stats.entries,
            "other": stats.other_lines,
            "binary": stats.binary_lines,
            "cut": stats.cut_lines,
            "bad_entries": stats.bad_entries,
        },
        "problems": [
            {"line": p.line, "kind": p.kind, "excerpt": redact_text(p.excerpt)} for p in stats.problems
        ],
        "span_seconds": report.span_seconds,
        "methods": [
            {
                "method": m.method,
                "direction": "client-to-server" if m.from_client else "server-to-client",
                "count": m.count,
                "answered": m.answered,
                "errors": m.errors,
                "cancelled": m.cancelled,
                "p50_ms": m.p50_ms,
                "p95_ms": m.p95_ms,
                "p99_ms": m.p99_ms,
                "max_ms": m.max_ms,
            }
            for m in report.methods
        ],
        "slowest": [_request_json(i) for i in report.slowest],
        "unanswered": {
            "total": report.unanswered_total,
            "requests": [_request_json(i) for i in report.unanswered],
        },
        "restarts": {
            "total": report.restarts_total,
            "restarts": [
                {
                    "line": r.line,
                    "time": r.time,
                    "after_shutdown": r.after_shutdown,
                    "unanswered": r.unanswered,
                    "last_request": _request_json(r.last_request) if r.last_request else None,
                }
                for r in report.restarts
            ],
        },
        "cancellations": {"total": sum(report.cancellations.values()), "by_method": report.cancellations},
        "rates": [
            {
                "method": r.method,
                "count": r.count,
                "per_minute": r.per_minute,
                "max_per_second": r.max_per_second,
                "changes": r.changes,
                "window_seconds": r.window_seconds,
                "active_seconds": r.active_seconds,
            }
            for r in report.rates
        ],
        "notifications": [
            {
                "method": method,
                "direction": "client-to-server" if from_client else "server-to-client",
                "count": count,
            }
            for (method, from_client), count in report.notifications.items()
        ],
        "orphan_responses": {
            "total": report.orphans.total,
            "errors": report.orphans.errors,
            "unknown_method": report.orphans.unknown_method,
        },
        "errors": [
            {
                "method": e.method,
                "code": e.code,
                "message": redact_text(e.message),
                "count": e.count,
                "source": e.source,
            }
            for e in report.errors
        ],
    }


def _rate_text(rate: Rate) -> str:
    """`120, 4.0/min over 30.0 s, at most 9 in one second`, or, over a window too short for a
    rate (MIN_RATE_WINDOW), the count with the window and the seconds of activity."""
    changes = f", {rate.changes} file events" if rate.changes else ""
    if rate.per_minute is not None:
        return (
            f"{rate.count}, {rate.per_minute:.1f}/min over {rate.window_seconds:.1f} s, "
            f"at most {rate.max_per_second} in one second{changes}"
        )
    if rate.window_seconds is None:
        return f"{rate.count} (no times in the trace){changes}"
    active = rate.active_seconds or 1
    return (
        f"{rate.count} within {rate.window_seconds:.3f} s (too short a window for a rate); "
        f"{rate.count / active:.1f} per second of activity over {active} s{changes}"
    )


def print_report(report: TraceReport, source: str, stream: TextIO, *, terminal: bool) -> None:
    """The terminal report on a terminal; elsewhere (a pipe, a file) the same text never wrapped
    at a width and without the padding at the end of table lines."""
    from rich.console import Console

    if terminal:
        render_text(report, source, Console(file=stream))
        return
    buffer = io.StringIO()
    render_text(report, source, Console(file=buffer, width=100_000, no_color=True, highlight=False))
    stream.write("\n".join(line.rstrip() for line in buffer.getvalue().split("\n")))


def render_text(report: TraceReport, source: str, console: Console) -> None:
    """The terminal report: what the trace holds, per-method latency, then what needs a look."""
    from rich import box
    from rich.table import Table

    stats = report.stats
    formats = ", ".join(
        f"{name} ({plural(count, 'entry', 'entries')})" for name, count in stats.formats.items()
    )
    span = f" over {report.span_seconds:.1f}s" if report.span_seconds else ""
    console.print(f"[bold]{source}[/]: {stats.entries} trace entries{span}; format {formats}")
    unread = stats.binary_lines + stats.cut_lines + stats.bad_entries
    if unread:
        console.print(
            f"[yellow]could not read everything:[/] {stats.binary_lines} binary lines, "
            f"{stats.cut_lines} cut lines (too long), {stats.bad_entries} entries with broken JSON"
        )
        for problem in stats.problems[:5]:
            console.print(
                f"  line {problem.line}: {problem.kind}: {redact_text(problem.excerpt)}", markup=False
            )

    any_from_server = any(not m.from_client for m in report.methods)
    table = Table(
        title="Latency per method",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        caption="n = count, err = errors, cxl = cancelled"
        + ("; <- marks requests from the server, answered by the editor" if any_from_server else ""),
        caption_justify="left",
    )
    # Numbers are never cut; a long method name folds onto a second line on a narrow terminal.
    table.add_column("method", overflow="fold", min_width=20)
    for name, width in (
        ("n", 1),
        ("p50", 4),
        ("p95", 4),
        ("p99", 4),
        ("max", 4),
        ("err", 3),
        ("cxl", 3),
    ):
        table.add_column(name, justify="right", no_wrap=True, min_width=width)
    for m in report.methods:
        table.add_row(
            m.method if m.from_client else f"<- {m.method}",
            str(m.count),
            _ms(m.p50_ms),
            _ms(m.p95_ms),
            _ms(m.p99_ms),
            _ms(m.max_ms),
            str(m.errors or ""),
            str(m.cancelled or ""),
        )
    console.print(table)

    if report.slowest:
        slow = Table(title="Slowest requests", title_justify="left", box=box.SIMPLE_HEAD)
        for name in ("latency", "method", "id", "line", "where"):
            slow.add_column(
                name,
                justify="right" if name in ("latency", "line") else "left",
                no_wrap=name != "where",
                overflow="fold",
            )
        for info in report.slowest:
            slow.add_row(_ms(info.latency_ms), info.method, info.id, str(info.line), _where(info))
        console.print(slow)

    if report.unanswered_total:
        count = report.unanswered_total
        noun = "request was" if count == 1 else "requests were"
        console.print(f"[red]{count} {noun} never answered[/] (a crash or hang suspect):")
        for info in report.unanswered:
            cancelled = ", cancelled" if info.cancelled else ""
            console.print(
                f"  line {info.line}: {info.method} (id {info.id}{cancelled}) {_where(info)} - {info.reason}",
                markup=False,
            )
    for restart in report.restarts:
        kind = "after shutdown" if restart.after_shutdown else "without shutdown: a crash suspect"
        last = restart.last_request
        before = (
            f"; last request {last.method} (id {last.id}) at line {last.line} {_where(last)}" if last else ""
        )
        console.print(f"server restarted at line {restart.line} ({kind}){before}", markup=False)
    if report.cancellations:
        listed = ", ".join(f"{method} {count}" for method, count in report.cancellations.items())
        console.print(f"cancellations: {sum(report.cancellations.values())} ({listed})", markup=False)
    if report.orphans.total:
        orphans = report.orphans
        of_them = f", {orphans.errors} of them errors" if orphans.errors else ""
        console.print(
            f"{plural(orphans.total, 'response')} to requests not in the trace"
            f"{of_them} (the trace began after they were sent)",
            markup=False,
        )
    for rate in report.rates:
        if rate.count:
            console.print(f"{rate.method}: {_rate_text(rate)}", markup=False)
    if report.errors:
        errors = Table(title="Errors", title_justify="left", box=box.SIMPLE_HEAD)
        for name in ("count", "method", "code", "message", "seen in"):
            errors.add_column(name, justify="right" if name == "count" else "left", no_wrap=name != "message")
        for e in report.errors:
            errors.add_row(
                str(e.count),
                e.method,
                "" if e.code is None else str(e.code),
                redact_text(e.message),
                "trace" if e.source == "response" else "client log",
            )
        console.print(errors)
