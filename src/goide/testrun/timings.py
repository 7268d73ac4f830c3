"""Durations read from saved streams, for `goide test slowest` and `goide test matrix`.

A stream is read exactly as `goide test --input` reads it (`go test -json`, or `go test -v` text),
so that a file written by `--jsonfile`, by `go test -json > FILE` or kept from a CI log serves.
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import IO

from goide.core.errors import InputError
from goide.testrun.aggregate import Aggregate
from goide.testrun.model import PackageResult, TestResult
from goide.testrun.streamin import consume_stream
from goide.testrun.testjson import ReadStats


@dataclass
class Timings:
    """Every elapsed time seen, by test and by package (a test run more than once has several)."""

    tests: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    packages: dict[str, list[float]] = field(default_factory=dict)
    events: int = 0

    def test_median(self) -> dict[tuple[str, str], float]:
        return {key: statistics.median(values) for key, values in self.tests.items()}

    def package_mean(self) -> dict[str, float]:
        return {key: statistics.fmean(values) for key, values in self.packages.items()}


def read_timings(paths: Iterable[str]) -> Timings:
    """The timings of each stream named (`-` is stdin)."""
    timings = Timings()
    for path in paths:
        agg = Aggregate()
        stats = ReadStats()

        def test_done(package: PackageResult, test: TestResult) -> None:
            # In the order tests end (a subtest before its parent), which gotestsum keeps for ties.
            if test.elapsed is not None:
                timings.tests.setdefault((package.name, test.name), []).append(test.elapsed)

        agg.on_test_done = test_done
        with ExitStack() as stack:
            stream: IO[bytes]
            if path == "-":
                stream = sys.stdin.buffer
            else:
                try:
                    stream = stack.enter_context(open(path, "rb"))
                except OSError as err:
                    raise InputError(
                        f"cannot read {path}: {err.strerror or err}",
                        hint="pass a stream saved by `goide test --jsonfile FILE` or `go test -json > FILE`",
                    ) from err
            consume_stream(stream, agg, stats)
        agg.finish()
        timings.events += stats.events
        for package in agg.packages.values():
            if package.elapsed is not None and not package.cached:
                timings.packages.setdefault(package.name, []).append(package.elapsed)
    return timings


def go_duration(seconds: float) -> str:
    """A duration as Go's time.Duration.String prints it, to the millisecond (`10ms`, `1m2.5s`)."""
    ms = round(seconds * 1000)
    if ms == 0:
        return "0s"
    if ms < 1000:
        return f"{ms}ms"
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, fraction = divmod(rest, 1000)
    text = f"{whole}.{fraction:03d}".rstrip("0").rstrip(".") + "s"
    if hours:
        return f"{hours}h{minutes}m{text}"
    if minutes:
        return f"{minutes}m{text}"
    return text
