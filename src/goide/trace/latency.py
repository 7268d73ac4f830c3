"""Latency analysis of an LSP trace: pure aggregation of `TraceEntry` values into a `TraceReport`.

Requests are paired with their responses by id (the editor's and the server's requests have
separate id spaces), latencies are kept as exact millisecond counts per method (traces state whole
milliseconds), and the report says which requests were never answered, what came before each server
restart, what was cancelled, how fast the editor sent changes, and which errors came back. Memory
is bounded by the number of distinct methods and latencies, not by the length of the trace.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import BinaryIO

from goide.core.lines import BLOCK, DEFAULT_TAIL, read_line_chunks
from goide.trace.lsptrace import (
    CLIENT_ERROR,
    NOTIFICATION,
    REQUEST,
    RESPONSE,
    ParseStats,
    TraceEntry,
    TraceParser,
)

REQUEST_CANCELLED = -32800
# Requests waiting for an answer that are remembered; beyond this the oldest are given up on.
MAX_PENDING = 100_000
# Points kept for the latency plot; beyond this every other point is dropped (the slowest
# requests are plotted from their own list, so no outlier is lost).
MAX_PLOT_POINTS = 200_000
MAX_LISTED = 50  # unanswered requests and restarts listed one by one
RECENTLY_ANSWERED = 1024
# A response whose request is not in the trace and whose header does not name the method.
UNKNOWN_METHOD = "(unknown method)"
# In the errors table: an error answer whose request (and so its method) is not in the trace.
ORPHAN_METHOD = "(request not in the trace)"
RATE_METHODS = ("textDocument/didChange", "workspace/didChangeWatchedFiles")
# A rate per minute is given only over a window at least this long: five changes within 2 ms
# are not "150000/min". Shorter bursts are reported as counts per second of activity.
MIN_RATE_WINDOW = 10.0


@dataclass(frozen=True)
class RequestInfo:
    method: str
    id: str
    line: int
    time: float | None
    uri: str | None
    position: tuple[int, int] | None
    latency_ms: float | None = None
    cancelled: bool = False
    error_code: int | None = None
    reason: str | None = None  # why it is listed as unanswered


@dataclass(frozen=True)
class MethodStats:
    method: str
    from_client: bool
    count: int  # requests seen (or responses, when the request came before the trace began)
    answered: int
    errors: int
    cancelled: int
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    latencies: dict[int, int]  # whole milliseconds -> how many (for plots and merging)


@dataclass(frozen=True)
class Restart:
    line: int
    time: float | None
    after_shutdown: bool  # the editor asked the server to shut down first: not a crash
    last_request: RequestInfo | None
    unanswered: int


@dataclass(frozen=True)
class Rate:
    method: str
    count: int
    per_minute: float | None  # None when the window is shorter than MIN_RATE_WINDOW
    max_per_second: int
    changes: int | None  # file events, for didChangeWatchedFiles
    window_seconds: float | None = None  # from the first to the last timed notification
    active_seconds: int = 0  # seconds of the clock in which at least one was sent


@dataclass(frozen=True)
class Orphans:
    """Responses whose request is not in the trace (it began later, or was cut)."""

    total: int = 0
    errors: int = 0
    unknown_method: int = 0  # neither the request nor the response header names the method


@dataclass(frozen=True)
class ErrorCount:
    method: str
    code: int | None
    message: str
    count: int
    source: str  # "response" (in the trace) or "client-log" (`Request ... failed.`)


@dataclass(frozen=True)
class TraceReport:
    stats: ParseStats
    span_seconds: float | None
    methods: list[MethodStats]
    slowest: list[RequestInfo]
    unanswered: list[RequestInfo]
    unanswered_total: int
    restarts: list[Restart]
    restarts_total: int
    cancellations: dict[str, int]
    rates: list[Rate]
    notifications: dict[tuple[str, bool], int]  # (method, from the editor) -> how many
    errors: list[ErrorCount]
    orphans: Orphans
    plot_times: list[float]  # seconds since the first timestamp (or request number)
    plot_latencies: list[float]
    plot_methods: list[str]
    plot_has_time: bool


@dataclass(slots=True)
class _MethodAcc:
    count: int = 0
    answered: int = 0
    errors: int = 0
    cancelled: int = 0
    latencies: Counter[int] = field(default_factory=Counter)


@dataclass
class _RateAcc:
    count: int = 0
    changes: int = 0
    second: int | None = None
    in_second: int = 0
    max_per_second: int = 0
    first: float | None = None
    last: float | None = None
    active_seconds: int = 0


def percentile(latencies: Counter[int], fraction: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least `fraction` of samples <= it."""
    total = sum(latencies.values())
    if total == 0:
        return None
    rank = max(1, math.ceil(fraction * total))
    seen = 0
    for value in sorted(latencies):
        seen += latencies[value]
        if seen >= rank:
            return float(value)
    return float(max(latencies))


class TraceAnalysis:
    """Fed entries in trace order; `report()` gives the aggregate."""

    def __init__(self, *, slowest: int = 10, plot: bool = True) -> None:
        """`slowest`: how many of the slowest requests to list; `plot`: keep the points of the
        latency plot (`plot_*` in the report; empty without it)."""
        self._slowest_n = slowest
        self._plotting = plot
        # Requests waiting for their answer, by (from the editor, id), oldest first; those a
        # $/cancelRequest named are also in _cancelled (every removal from one removes from both).
        self._pending: dict[tuple[bool, str], TraceEntry] = {}
        self._cancelled: set[tuple[bool, str]] = set()
        self._methods: dict[tuple[str, bool], _MethodAcc] = {}
        self._slowest: list[tuple[float, int, RequestInfo]] = []  # a min-heap on (latency, -order)
        self._unanswered: list[RequestInfo] = []
        self._unanswered_total = 0
        self._restarts: list[Restart] = []
        self._restarts_total = 0
        self._cancellations: Counter[str] = Counter()
        # Methods of the editor's requests answered lately, by id: a $/cancelRequest often
        # arrives just after the answer it tried to stop.
        self._answered_recently: dict[str, str] = {}
        self._notifications: Counter[tuple[str, bool]] = Counter()
        self._rates = {method: _RateAcc() for method in RATE_METHODS}
        self._errors: Counter[tuple[str, int | None, str, str]] = Counter()
        self._last_request: TraceEntry | None = None
        self._last_request_answer: tuple[float | None, int | None] | None = None  # latency, error
        self._orphans = 0
        self._orphan_errors = 0
        self._orphans_unknown = 0
        self._seen_initialize = False
        self._shutdown_asked = False
        self._first_time: float | None = None
        self._last_time: float | None = None
        self._plot_time = array("d")
        self._plot_latency = array("d")
        self._plot_method = array("H")
        self._plot_names: dict[str, int] = {}
        self._plot_stride = 1
        self._plot_seen = 0
        self._plot_has_time = True
        self._sequence = 0

    def add(self, entry: TraceEntry) -> None:
        self._sequence += 1
        time = entry.time
        if time is not None:
            if self._first_time is None:
                self._first_time = time
            self._last_time = time
        kind = entry.kind
        if kind == RESPONSE:
            self._response(entry)
        elif kind == REQUEST:
            self._request(entry)
        elif kind == NOTIFICATION:
            self._notification(entry)
        elif kind == CLIENT_ERROR:
            self._errors[
                (entry.method or "?", entry.error_code, entry.error_message or "", "client-log")
            ] += 1
            self._failed_in_client_log(entry)

    def _request(self, entry: TraceEntry) -> None:
        method = entry.method or "?"
        from_client = entry.from_client
        if from_client:
            if method == "initialize":
                if self._seen_initialize or self._last_request is not None:
                    self._restart(entry)
                self._seen_initialize = True
            self._last_request = entry
            self._last_request_answer = None
            if method == "shutdown":
                self._shutdown_asked = True
        acc = self._methods.get((method, from_client))
        if acc is None:
            acc = self._methods[(method, from_client)] = _MethodAcc()
        acc.count += 1
        if entry.id is None:
            return
        key = (from_client, entry.id)
        pending = self._pending
        if key in pending:
            # The same id again without an answer: two servers' traces interleaved, or a lost reply.
            self._give_up(self._take(key), "its id was used again before any answer")
        if len(pending) >= MAX_PENDING:
            self._give_up(self._take(next(iter(pending))), "too many requests were waiting")
        pending[key] = entry

    def _take(self, key: tuple[bool, str]) -> tuple[TraceEntry, bool]:
        """The waiting request with `key`, no longer waiting, and whether it was cancelled."""
        entry = self._pending.pop(key)
        cancelled = key in self._cancelled
        if cancelled:
            self._cancelled.discard(key)
        return entry, cancelled

    def _response(self, entry: TraceEntry) -> None:
        # A response from the server answers the editor's request, and the other way round.
        from_client = not entry.from_client  # the request's direction
        ident = entry.id
        method = entry.method
        request = None
        was_cancelled = False
        if ident is not None:
            key = (from_client, ident)
            request = self._pending.get(key)
            if request is not None and method is not None and request.method != method:
                request = None  # the same id for another method: another process's reply (interleaved logs)
            if request is not None:
                del self._pending[key]
                if self._cancelled and key in self._cancelled:
                    self._cancelled.discard(key)
                    was_cancelled = True
                if from_client:
                    recent = self._answered_recently
                    if len(recent) >= RECENTLY_ANSWERED:
                        del recent[next(iter(recent))]
                    recent[ident] = request.method or UNKNOWN_METHOD
        error_code = entry.error_code
        failed = error_code is not None or entry.error_message is not None
        if request is None:
            # An orphan: its request came before the trace began (or was not traced). Counted
            # apart; only a response whose header names the method adds to that method's row.
            self._orphans += 1
            self._orphan_errors += failed
            if method is None:
                self._orphans_unknown += 1
                if failed:
                    self._errors[(ORPHAN_METHOD, error_code, entry.error_message or "", "response")] += 1
                return
        # The request's own name, as `_request` counted it ("?" when its line did not say).
        elif method is None:
            method = request.method or "?"
        acc = self._methods.get((method, from_client))
        if acc is None:
            acc = self._methods[(method, from_client)] = _MethodAcc()
        if request is None:
            acc.count += 1
        acc.answered += 1
        latency = entry.latency_ms
        if latency is None and request is not None and request.time is not None and entry.time is not None:
            latency = round((entry.time - request.time) * 1000.0)
        if request is not None and request is self._last_request:
            self._last_request_answer = (latency, error_code)
        cancelled = error_code == REQUEST_CANCELLED or was_cancelled
        if failed:
            acc.errors += 1
            self._errors[(method, error_code, entry.error_message or "", "response")] += 1
        if cancelled:
            acc.cancelled += 1
        if latency is None or latency < 0:
            return
        acc.latencies[int(latency)] += 1
        when = request.time if request is not None else entry.time
        latency = float(latency)
        if self._plotting:
            self._plot_seen += 1
            if not self._plot_seen % self._plot_stride:
                self._plot(method, when, latency)
        if not from_client or cancelled:
            return
        slowest = self._slowest
        full = len(slowest) >= self._slowest_n
        # Not among the slowest (an equal latency seen later ranks lower): no need for its details.
        if full and (self._slowest_n == 0 or latency <= slowest[0][0]):
            return
        info = RequestInfo(
            method,
            ident or "?",
            request.line if request is not None else entry.line,
            when,
            request.uri if request is not None else None,
            request.position if request is not None else None,
            latency_ms=latency,
            cancelled=cancelled,
            error_code=error_code,
        )
        if full:
            heapq.heapreplace(slowest, (latency, -self._sequence, info))
        else:
            heapq.heappush(slowest, (latency, -self._sequence, info))

    def _notification(self, entry: TraceEntry) -> None:
        method = entry.method or "?"
        self._notifications[(method, entry.from_client)] += 1
        if entry.from_client and method == "$/cancelRequest" and entry.cancel_id is not None:
            key = (True, entry.cancel_id)
            pending = self._pending.get(key)
            if pending is not None:
                self._cancelled.add(key)
                cancelled = pending.method or UNKNOWN_METHOD
            else:
                cancelled = self._answered_recently.get(entry.cancel_id, "(unknown request)")
            self._cancellations[cancelled] += 1
        elif entry.from_client and method == "exit":
            self._shutdown_asked = True
        rate = self._rates.get(method)
        if rate is None or not entry.from_client:
            return
        rate.count += 1
        if entry.changes is not None:
            rate.changes += entry.changes
        if entry.time is not None:
            if rate.first is None:
                rate.first = entry.time
            rate.last = entry.time
            second = int(entry.time)
            if second == rate.second:
                rate.in_second += 1
            else:
                rate.second, rate.in_second = second, 1
                rate.active_seconds += 1
            rate.max_per_second = max(rate.max_per_second, rate.in_second)

    def _failed_in_client_log(self, entry: TraceEntry) -> None:
        """`Request M failed.` in the client's log answers the oldest waiting request for M: a
        gopls `-rpc.trace` does not always trace the error reply (golang/go#42157)."""
        for key, pending in self._pending.items():
            if key[0] and pending.method == entry.method:
                self._take(key)
                acc = self._method(entry.method or "?", True)
                acc.answered += 1
                acc.errors += 1
                if pending is self._last_request:
                    self._last_request_answer = (None, entry.error_code)
                return

    def _restart(self, entry: TraceEntry) -> None:
        waiting = [(p, key in self._cancelled) for key, p in self._pending.items() if key[0]]
        for pending in waiting:
            self._give_up(pending, "the server restarted before answering")
        self._pending.clear()
        self._cancelled.clear()
        self._restarts_total += 1
        if len(self._restarts) < MAX_LISTED:
            last = self._last_request
            self._restarts.append(
                Restart(
                    entry.line,
                    entry.time,
                    self._shutdown_asked,
                    _info(last, None, answer=self._last_request_answer) if last is not None else None,
                    len(waiting),
                )
            )
        self._shutdown_asked = False

    def _give_up(self, pending: tuple[TraceEntry, bool], reason: str) -> None:
        """Lists a request of the editor (and whether it was cancelled) as unanswered."""
        entry, cancelled = pending
        if not entry.from_client:
            return
        self._unanswered_total += 1
        if len(self._unanswered) < MAX_LISTED:
            self._unanswered.append(_info(entry, reason, cancelled=cancelled))

    def _method(self, method: str, from_client: bool) -> _MethodAcc:
        key = (method, from_client)
        acc = self._methods.get(key)
        if acc is None:
            acc = self._methods[key] = _MethodAcc()
        return acc

    def _plot(self, method: str, when: float | None, latency: float) -> None:
        """Keeps a point of the plot (`_response` counts them and passes one in `_plot_stride`)."""
        if len(self._plot_latency) >= MAX_PLOT_POINTS:
            # Keep every other point and halve the rate from now on: bounded, and still even.
            self._plot_time = self._plot_time[::2]
            self._plot_latency = self._plot_latency[::2]
            self._plot_method = self._plot_method[::2]
            self._plot_stride *= 2
        name = self._plot_names.setdefault(method, len(self._plot_names))
        if when is None:
            self._plot_has_time = False
        self._plot_time.append(when if when is not None else float(self._plot_seen))
        self._plot_latency.append(latency)
        self._plot_method.append(min(name, 65535))

    def report(self, stats: ParseStats) -> TraceReport:
        """The aggregate; requests still waiting at the end of the trace count as unanswered."""
        for key, pending in list(self._pending.items()):
            if key[0] and pending.method not in ("exit", "shutdown"):
                self._give_up((pending, key in self._cancelled), "no answer before the trace ended")
        methods = [
            MethodStats(
                method,
                from_client,
                acc.count,
                acc.answered,
                acc.errors,
                acc.cancelled,
                percentile(acc.latencies, 0.50),
                percentile(acc.latencies, 0.95),
                percentile(acc.latencies, 0.99),
                float(max(acc.latencies)) if acc.latencies else None,
                dict(sorted(acc.latencies.items())),
            )
            for (method, from_client), acc in self._methods.items()
        ]
        methods.sort(key=lambda m: (not m.from_client, -(m.p95_ms or -1.0), -m.count, m.method))
        span = None
        if self._first_time is not None and self._last_time is not None:
            span = max(0.0, self._last_time - self._first_time)
        names = {index: name for name, index in self._plot_names.items()}
        origin = self._first_time if self._plot_has_time and self._first_time is not None else 0.0
        return TraceReport(
            stats=stats,
            span_seconds=span,
            methods=methods,
            slowest=[info for _lat, _seq, info in sorted(self._slowest, key=lambda t: (-t[0], -t[1]))],
            unanswered=list(self._unanswered),
            unanswered_total=self._unanswered_total,
            restarts=list(self._restarts),
            restarts_total=self._restarts_total,
            cancellations=dict(self._cancellations.most_common()),
            rates=[self._rate(method, acc) for method, acc in self._rates.items()],
            notifications=dict(self._notifications.most_common()),
            errors=[
                ErrorCount(method, code, message, count, source)
                for (method, code, message, source), count in self._errors.most_common()
            ],
            orphans=Orphans(self._orphans, self._orphan_errors, self._orphans_unknown),
            plot_times=[t - origin for t in self._plot_time]
            if self._plot_has_time
            else list(self._plot_time),
            plot_latencies=list(self._plot_latency),
            plot_methods=[names[i] for i in self._plot_method],
            plot_has_time=self._plot_has_time,
        )

    @staticmethod
    def _rate(method: str, acc: _RateAcc) -> Rate:
        per_minute = window = None
        if acc.first is not None and acc.last is not None:
            window = acc.last - acc.first
            if window >= MIN_RATE_WINDOW:
                per_minute = acc.count / (window / 60.0)
        changes = acc.changes if method == "workspace/didChangeWatchedFiles" else None
        return Rate(method, acc.count, per_minute, acc.max_per_second, changes, window, acc.active_seconds)


def _info(
    entry: TraceEntry,
    reason: str | None,
    *,
    cancelled: bool = False,
    answer: tuple[float | None, int | None] | None = None,
) -> RequestInfo:
    """What is listed of a request; `answer` (latency, error code) when its response was read."""
    latency, code = answer if answer is not None else (None, None)
    return RequestInfo(
        entry.method or "?",
        entry.id or "?",
        entry.line,
        entry.time,
        entry.uri,
        entry.position,
        latency_ms=float(latency) if latency is not None else None,
        cancelled=cancelled,
        error_code=code,
        reason=reason,
    )


def analyse_stream(
    stream: BinaryIO, *, slowest: int = 10, plot: bool = True, block: int = BLOCK
) -> TraceReport:
    """Parse a whole trace from `stream`, a block of lines at a time, and aggregate it (the
    arguments as `TraceAnalysis`'s; `block`: bytes read at a time)."""
    parser = TraceParser()
    analysis = TraceAnalysis(slowest=slowest, plot=plot)
    add = analysis.add
    feed = parser.feed
    read_chunk = parser.read_chunk
    for chunk in read_line_chunks(stream, tail=DEFAULT_TAIL, block=block):
        if not isinstance(chunk, list):
            read_chunk(chunk, add)
        else:  # a line was cut, or the last one has no newline
            for line in chunk:
                for entry in feed(line):
                    add(entry)
    for entry in parser.finish():
        add(entry)
    return analysis.report(parser.stats)
