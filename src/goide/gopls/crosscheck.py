"""The driver checked against gopls's own clock: the latency gopls logs for each request under
`-rpc.trace` (read with goide's trace reader) beside the latency the driver measured for the same
request id. gopls states whole milliseconds, truncated (`time.Duration.Milliseconds`), so for a
driver that adds nothing the difference is in [0, 1) ms; what is above is the driver's cost
(JSON encoding, the pipe, the reader thread waking the waiter).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goide.core.lines import DEFAULT_TAIL, read_lines
from goide.gopls.results import Sample
from goide.trace.lsptrace import RESPONSE, TraceEntry, TraceParser


def logged_latencies(log: Path) -> dict[str, float]:
    """Request id -> the latency gopls logged for its answer (ms), from an `-rpc.trace` log."""
    parser = TraceParser()
    found: dict[str, float] = {}

    def take(entries: Iterable[TraceEntry]) -> None:
        for entry in entries:
            # gopls's answers to the editor's requests (the editor's answers to gopls have their
            # own id space and are left out).
            if entry.kind == RESPONSE and not entry.from_client and entry.id and entry.latency_ms is not None:
                found[entry.id] = entry.latency_ms

    with log.open("rb") as stream:
        for line in read_lines(stream, tail=DEFAULT_TAIL):
            take(parser.feed(line))
    take(parser.finish())
    return found


@dataclass
class CrossCheck:
    pairs: list[tuple[str, float, float]] = field(default_factory=list)  # (kind, measured ms, logged ms)
    unmatched: int = 0  # measured requests gopls logged no latency for (errors log none)

    def overheads(self) -> list[float]:
        return [measured - logged for _kind, measured, logged in self.pairs]

    def to_json(self) -> dict[str, Any]:
        over = self.overheads()
        return {
            "requests": len(self.pairs),
            "unmatched": self.unmatched,
            "median_overhead_ms": statistics.median(over) if over else None,
            "max_overhead_ms": max(over) if over else None,
            "min_overhead_ms": min(over) if over else None,
        }


def cross_check(
    samples: Iterable[Sample], logged: dict[str, float], into: CrossCheck | None = None
) -> CrossCheck:
    """Pair each measured request with gopls's logged latency for the same id."""
    check = into or CrossCheck()
    for sample in samples:
        if sample.request_id is None or sample.unit != "ns/op" or sample.kind == "UnknownMethod":
            continue  # gopls logs no latency for an error reply
        found = logged.get(str(sample.request_id))
        if found is None:
            check.unmatched += 1
            continue
        check.pairs.append((sample.kind, sample.value / 1e6, found))
    return check
