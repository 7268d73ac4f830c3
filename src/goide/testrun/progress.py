"""Progress while the stream is read: a rich Live view on a terminal, plain lines otherwise.

The live view shows packages done/started, the tests running now, pass/fail/skip counters and the
elapsed time; rich refreshes it from its own thread a few times a second, reading the aggregate's
counters (the reader never waits on the screen). On a pipe or in CI each finished package is one
line and each failed test one more; with GITHUB_ACTIONS=true a package's failures are folded into a
`::group::` and each failed test becomes an `::error::` annotation.
"""

from __future__ import annotations

import time
from typing import IO, Any

from goide.testrun.aggregate import Aggregate
from goide.testrun.model import FAIL, PackageResult, TestResult

MAX_RUNNING_SHOWN = 8


class PlainProgress:
    """Line-oriented progress for pipes and CI logs."""

    def __init__(self, out: IO[str], github: bool) -> None:
        self.total: int | None = None
        self.out = out
        self.github = github
        self.failed: dict[str, list[TestResult]] = {}

    def attach(self, agg: Aggregate) -> None:
        agg.on_test_done = self.test_done
        agg.on_package_done = self.package_done

    def test_done(self, package: PackageResult, test: TestResult) -> None:
        if test.status == FAIL:
            self.failed.setdefault(package.name, []).append(test)

    def package_done(self, package: PackageResult) -> None:
        from goide.testrun.summary import package_line

        line = package_line(package)
        failed = self.failed.pop(package.name, [])
        if self.github and failed:
            self.out.write(f"::group::{line}\n")
            for test in failed:
                self.out.write(f"--- FAIL: {test.name} ({_seconds(test)})\n")
                self.out.write(_annotation(package.name, test) + "\n")
            self.out.write("::endgroup::\n")
        else:
            self.out.write(line + "\n")
            for test in failed:
                self.out.write(f"    --- FAIL: {test.name} ({_seconds(test)})\n")
        self.out.flush()

    def close(self) -> None:
        return None


class LiveProgress:
    """A rich Live panel refreshed from rich's own thread."""

    def __init__(self, console: Any) -> None:
        self.console = console
        self.agg: Aggregate | None = None
        self.started = time.monotonic()
        self.live: Any = None
        self.total: int | None = None  # packages `go list` expands the patterns to, when known

    def attach(self, agg: Aggregate) -> None:
        from rich.live import Live

        self.agg = agg
        self.live = Live(self, console=self.console, refresh_per_second=4, transient=True)
        self.live.start()

    def __rich__(self) -> Any:
        from rich.text import Text

        agg = self.agg
        if agg is None:
            return Text("")
        try:
            running = agg.running_tests()
            started = len(agg.packages)
        except RuntimeError:  # the reader changed a dict while this thread read it; next frame
            running, started = [], len(agg.packages)
        text = Text()
        total = max(self.total or 0, started)
        text.append(f"packages {agg.packages_done}/{total}  ")
        text.append(f"✓ {agg.passed} ", style="green")
        text.append(f"✖ {agg.failed} ", style="red")
        text.append(f"↷ {agg.skipped} ", style="yellow")
        text.append(f" {time.monotonic() - self.started:.1f}s\n")
        for package, name in running[:MAX_RUNNING_SHOWN]:
            text.append(f"  running {package} {name}\n", style="dim")
        if len(running) > MAX_RUNNING_SHOWN:
            text.append(f"  … and {len(running) - MAX_RUNNING_SHOWN} more\n", style="dim")
        return text

    def close(self) -> None:
        if self.live is not None:
            self.live.stop()


def _seconds(test: TestResult) -> str:
    return f"{test.elapsed:.2f}s" if test.elapsed is not None else "unknown time"


def _annotation(package: str, test: TestResult) -> str:
    """`::error file=F,line=N,title=...::message` (testrun/annotations.py, issue 20)."""
    from goide.testrun.annotations import annotation, roots_here

    return annotation(package, test, roots_here())
