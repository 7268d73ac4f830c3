"""The aggregate of a `go test -json` stream: explicit per-package and per-test state, like test2json.

`Aggregate.feed(event)` takes the dicts of `formats.testjson.read_events`, `feed_text(line)` the
lines that were not events (pre-Go-1.24 build errors on a merged stderr, garbage), and `finish()`
settles what the stream left open: tests that never ended are failed by the crash that killed the
binary (panic, timeout, os.Exit), text build errors are linked to the packages they broke.

Memory does not grow with passing tests: a test's output is dropped the moment it passes, and the
test itself is kept only when a report asks for every test (`keep_passed`). The output kept for
failures is bounded per test (`output.Output`) and in total (`OUTPUT_BUDGET`).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

import orjson

from goide.core.lines import read_line_blocks
from goide.core.safe_text import printable_line
from goide.testrun import crashes
from goide.testrun.model import (
    CRASH_EXIT,
    CRASH_OTHER,
    CRASH_PANIC,
    CRASH_STREAM_END,
    CRASH_SUBTEST,
    CRASH_TIMEOUT,
    FAIL,
    PASS,
    RUNNING,
    SKIP,
    BuildFailure,
    PackageResult,
    SlowTest,
    TestResult,
    Totals,
    walk_tests,
)
from goide.testrun.output import HEAD, Output, is_framing
from goide.testrun.testjson import (
    DEFAULT_MAX_LINE,
    KNOWN_ACTIONS,
    KNOWN_FIELDS,
    ReadStats,
    classify_line,
    count_unknown_fields,
)

# Characters of failure output kept over the whole run; past it, each new failure keeps its tail.
OUTPUT_BUDGET = 32 * 1024 * 1024
TAIL_LINES_PAST_BUDGET = 40
MAX_BUILD_LINES = 2000
MAX_OTHER_LINES = 2000
SLOWEST = 10
# `BenchmarkX-8   \t 1000\t  400.0 ns/op ...`: name, iterations, then value and unit pairs.
_BENCHMARK_RESULT = re.compile(r"Benchmark\S*\s+\d+\s+\d[\d.]*(?:e[+-]?\d+)? \S+")
RECENTLY_ENDED = 64  # ended tests remembered per package, to spot a repeated result event
# An output event with only these fields takes the inlined path of `Aggregate.consume`.
_NO_TEST = object()  # equal to no test name (consume's memory of the last test written to)
_USUAL_OUTPUT_FIELDS = frozenset({"Time", "Action", "Package", "Test", "Output"})
_FAST_OUTPUT_FIELDS = frozenset({"Time", "Action", "Package", "Test", "Output", "OutputType"})


@dataclass
class Counters:
    """What the stream held besides ordinary events, for the summary and the JSON report."""

    events_for_unstarted_packages: int = 0
    stray_output_events: int = 0  # output for a test that had already ended or never ran
    implicit_tests: int = 0  # a test result without a `run` event
    repeated_results: int = 0  # a second result for a test that ended, without a new `run`
    unknown_actions: int = 0


@dataclass
class Aggregate:
    keep_passed: bool = False
    on_test_done: Callable[[PackageResult, TestResult], None] | None = None
    on_package_done: Callable[[PackageResult], None] | None = None
    on_output: Callable[[str, str, str], None] | None = None  # package, test, text (verbose views)
    packages: dict[str, PackageResult] = field(default_factory=dict)
    builds: dict[str, BuildFailure] = field(default_factory=dict)
    other_text: list[str] = field(default_factory=list)  # non-JSON lines that are not build errors
    other_text_dropped: int = 0
    # Why go test ended before its results did (killed at --go-timeout, or by a signal). The run
    # then failed even when every result seen passed: the rest was never run.
    stopped: str = ""
    counters: Counters = field(default_factory=Counters)
    slowest_heap: list[SlowTest] = field(default_factory=list)
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    packages_done: int = 0
    first_time: str = ""
    last_time: str = ""
    kept_output: int = 0
    package_outputs: int = 0  # `ok`, `FAIL`, `?` lines...: none when go test ran nothing (-n)
    start_events: int = 0  # none in streams of Go before 1.20, which had no `start` action
    _text_build: BuildFailure | None = None

    # ---- events ---------------------------------------------------------------------------------

    def feed(self, event: dict[str, Any]) -> None:
        action = event["Action"]
        name = event.get("Test")
        if name is not None and type(name) is not str:
            # Not what test2json writes (a list would not even be a key): named by its text.
            event = {**event, "Test": str(name)}
        if action == "output":
            # The hot path: most events are output of tests that will pass.
            text = event.get("Output")
            if type(text) is not str:
                return
            package = self._package(event)
            name = event.get("Test")
            if self.on_output is not None:
                self.on_output(package.name, name if type(name) is str else "", text)
            if name:
                test = package.running.get(name)
                if test is not None and test.output is not None:
                    test.output.add(text, event.get("OutputType"))
                    return
                self.counters.stray_output_events += 1
            self._package_output(package, text, event.get("OutputType"))
            return
        if action == "run":
            self._run(self._package(event), event)
        elif action in ("pass", "fail", "skip"):
            package = self._package(event)
            name = event.get("Test")
            elapsed = event.get("Elapsed")
            elapsed = float(elapsed) if isinstance(elapsed, int | float) else None
            if name:
                test = package.running.get(name)
                if test is None:
                    if name in package.recently_ended:
                        self.counters.repeated_results += 1
                        return
                    self.counters.implicit_tests += 1
                    test = self._run(package, event)
                self._end_test(package, test, action, elapsed)
            else:
                failed_build = event.get("FailedBuild")
                self._end_package(package, action, elapsed, failed_build if type(failed_build) is str else "")
        elif action == "start":
            self._start(event)
        elif action == "attr":
            name = event.get("Test")
            test = self._package(event).running.get(name) if name else None
            key, value = event.get("Key"), event.get("Value")
            if test is not None and type(key) is str:
                test.attrs[key] = str(value if value is not None else "")
        elif action == "bench":
            # A benchmark that logged (--- BENCH:) and did not fail; newer Go sends no pass after it.
            package = self._package(event)
            name = event.get("Test")
            if name:
                test = package.running.get(name) or self._run(package, event)
                self._end_test(package, test, PASS, None)
        elif action == "build-output":
            build = self._build(event)
            text = event.get("Output")
            if type(text) is str and len(build.output) < MAX_BUILD_LINES:
                from goide.core.redact import redact_text  # loaded when first needed (start-up)

                build.output.append(redact_text(text.rstrip("\n")))
        elif action == "build-fail":
            self._build(event).failed = True
        elif action not in ("pause", "cont", "artifacts"):
            self.counters.unknown_actions += 1
        time = event.get("Time")
        if type(time) is str:
            if not self.first_time:
                self.first_time = time
            self.last_time = time

    def feed_text(self, line: str) -> None:
        """A line that was not an event: a pre-1.24 build error block, or anything else.

        It is kept to be shown, so it is capped and its control characters escaped here.
        """
        from goide.core.redact import redact_text

        line = redact_text(printable_line(line))
        if line.startswith("# "):
            key = line[2:].strip()
            build = self.builds.get(key)
            if build is None:
                build = self.builds[key] = BuildFailure(import_path=key, from_text=True, failed=True)
            self._text_build = build
            build.output.append(line)
            return
        if self._text_build is not None and line and not line.startswith(("go: ", "FAIL", "ok ")):
            if len(self._text_build.output) < MAX_BUILD_LINES:
                self._text_build.output.append(line)
            return
        self._text_build = None
        if len(self.other_text) < MAX_OTHER_LINES:
            self.other_text.append(line)
        else:
            self.other_text_dropped += 1

    def consume(self, stream: IO[bytes], stats: ReadStats, max_line: int = DEFAULT_MAX_LINE) -> None:
        """Read a whole stream: `feed_all(read_events(...))` with the hot path inlined.

        Output events of running tests (most of any stream) are decoded and appended to their
        test's output right here; every other line goes through `classify_line` and `feed`, so
        the result and the counts are the same as `feed_all(read_events(stream, stats))`.
        """
        # The events are counted at the end: every line read is an event or a non-JSON line.
        lines_before, text_before, events_before = stats.lines, stats.non_json_lines, stats.events
        try:
            self._consume_lines(stream, stats, max_line)
        finally:
            read = stats.lines - lines_before
            stats.events = events_before + read - (stats.non_json_lines - text_before)

    def _consume_lines(self, stream: IO[bytes], stats: ReadStats, max_line: int) -> None:
        loads = orjson.loads
        decode_error = orjson.JSONDecodeError
        packages = self.packages
        # A view that shows every line (standard-verbose) takes every output event through feed.
        fast_fields = _FAST_OUTPUT_FIELDS if self.on_output is None else frozenset()
        usual_fields = _USUAL_OUTPUT_FIELDS if self.on_output is None else frozenset({""})
        feed, feed_text = self.feed, self.feed_text
        # The test the last output line went to, while nothing but output lines came: a test
        # prints lines in a row, so most lines need no look-up. Any other line may end the test
        # (or its package), so it forgets it (`_NO_TEST` equals no name).
        last_package: object = _NO_TEST
        last_name: object = _NO_TEST
        last_output = Output()
        for lines in read_line_blocks(stream, max_line=max_line, stats=stats):
            for line in lines:
                try:
                    event = loads(line)
                except decode_error:
                    event = None
                # A line is an event only when it starts with `{` (not after spaces: classify_line).
                if type(event) is dict and line[0] == 123:
                    # The usual shape (Time, Action, Package, Test, Output) needs no .get.
                    if (
                        event.keys() == usual_fields
                        and event["Action"] == "output"
                        and event["Test"] == last_name
                        and event["Package"] == last_package
                    ):
                        text = event["Output"]
                        if type(text) is str:
                            if last_output.size < HEAD:
                                last_output.fragments.append(text)
                                last_output.size += len(text)
                            else:
                                last_output.add(text)
                            continue
                    if event.get("Action") == "output" and event.keys() <= fast_fields:
                        name = event.get("Test")
                        package_name = event.get("Package")
                        output = None
                        if name == last_name and package_name == last_package:
                            output = last_output
                        elif name and type(name) is str and type(package_name) is str:
                            package = packages.get(package_name)
                            if package is not None and package.started:
                                test = package.running.get(name)
                                if test is not None and test.output is not None:
                                    output = last_output = test.output
                                    last_name, last_package = name, package_name
                        text = event.get("Output")
                        if output is not None and type(text) is str:
                            output_type = event.get("OutputType")
                            if output_type is None and output.size < HEAD:
                                output.fragments.append(text)
                                output.size += len(text)
                            else:
                                output.add(text, output_type)
                            continue
                    action = event.get("Action")
                    if type(action) is str:
                        last_name = _NO_TEST
                        # testjson.count_event, but for `events`, counted at the end.
                        if not event.keys() <= KNOWN_FIELDS:
                            count_unknown_fields(event, stats)
                        if action not in KNOWN_ACTIONS:
                            stats.unknown_actions[action] = stats.unknown_actions.get(action, 0) + 1
                        feed(event)
                        continue
                item = classify_line(line, stats)
                if type(item) is str:
                    feed_text(item)
                else:
                    last_name = _NO_TEST
                    feed(item)  # type: ignore[arg-type]

    def feed_all(self, items: Iterable[dict[str, Any] | str]) -> None:
        feed, feed_text = self.feed, self.feed_text
        for item in items:
            if type(item) is str:
                feed_text(item)
            else:
                feed(item)  # type: ignore[arg-type]

    # ---- state changes --------------------------------------------------------------------------

    def _package(self, event: dict[str, Any]) -> PackageResult:
        name = event.get("Package")
        if type(name) is not str:
            name = ""
        package = self.packages.get(name)
        if package is None:
            package = self.packages[name] = PackageResult(name=name)
        if not package.started:
            self.counters.events_for_unstarted_packages += 1
        return package

    def _start(self, event: dict[str, Any]) -> None:
        name = event.get("Package")
        name = name if type(name) is str else ""
        package = self.packages.get(name)
        if package is None:
            package = self.packages[name] = PackageResult(name=name)
        elif package.status != RUNNING:
            self.packages_done -= 1  # started again: the stream repeats or a rerun follows
        self.start_events += 1
        time = event.get("Time")
        if type(time) is str:
            package.started_at = time
        package.started = True
        package.status = RUNNING
        package.runs += 1

    def _run(self, package: PackageResult, event: dict[str, Any]) -> TestResult:
        name = str(event.get("Test"))
        test = TestResult(name=name)
        running = package.running
        # A subtest's own name may hold `/` (t.Run("GET /users")): its parent is the longest
        # running prefix, not the name up to the last `/`.
        slash = name.rfind("/")
        while slash > 0:
            parent = running.get(name[:slash])
            if parent is not None:
                test.parent = parent
                break
            slash = name.rfind("/", 0, slash)
        package.recently_ended.pop(name, None)
        running[name] = test
        return test

    def _end_test(self, package: PackageResult, test: TestResult, status: str, elapsed: float | None) -> None:
        package.running.pop(test.name, None)
        test.status = status
        test.elapsed = elapsed
        if elapsed is not None and (
            len(self.slowest_heap) < SLOWEST or elapsed > self.slowest_heap[0].elapsed
        ):
            slow = SlowTest(elapsed, package.name, test.name)
            if len(self.slowest_heap) < SLOWEST:
                heapq.heappush(self.slowest_heap, slow)
            else:
                heapq.heapreplace(self.slowest_heap, slow)
        recent = package.recently_ended
        recent[test.name] = test
        if len(recent) > RECENTLY_ENDED:
            del recent[next(iter(recent))]
        if status == PASS:
            package.passed += 1
            self.passed += 1
            if crashes.output_has_crash(test.output) and len(package.held) < crashes.MAX_HELD:
                package.held.append(test)  # its crash may be another test's (see crashes.py)
            else:
                test.output = None
            if self.keep_passed:
                self._attach(package, test)
        elif status == SKIP:
            package.skipped += 1
            self.skipped += 1
            test.skip_reason = _skip_reason(test.output, test.name)
            test.output = None
            self._attach(package, test)
        else:
            package.failed += 1
            self.failed += 1
            self._keep_failure_output(test)
            self._attach(package, test)
            if crashes.output_has_crash(test.output) and len(package.held) < crashes.MAX_HELD:
                package.held.append(test)
        if self.on_test_done is not None:
            self.on_test_done(package, test)

    def _attach(self, package: PackageResult, test: TestResult) -> None:
        if test.attached:
            return
        test.attached = True
        parent = test.parent
        if parent is None:
            package.tests.append(test)
        else:
            parent.subtests.append(test)

    def _keep_failure_output(self, test: TestResult) -> None:
        output = test.output
        if output is None:
            return
        # test2json starts every line in a new fragment, so a panic line starts a fragment.
        test.panicked = any(f.startswith("panic: ") for f in output.fragments) or any(
            f.startswith("panic: ") for f, _ in output.tail or ()
        )
        if self.kept_output > OUTPUT_BUDGET:
            # Past the budget a failure keeps only its last lines, so memory stays bounded.
            count, last = output.last_lines(TAIL_LINES_PAST_BUDGET)
            short = Output()
            if count > TAIL_LINES_PAST_BUDGET:
                short.add(f"… {count - TAIL_LINES_PAST_BUDGET} lines dropped (output budget) …\n")
            for line, output_type in last:
                short.add(line[:1024] + "\n", output_type)
            test.output = short
            output = short
        self.kept_output += output.size + output.tail_size

    def _package_output(self, package: PackageResult, text: str, output_type: str | None) -> None:
        self.package_outputs += 1
        package.output.add(text, output_type)
        if "coverage: " in text and "% of statements" in text:
            package.coverage = text[text.index("coverage: ") + 10 :].strip()
        if "\t(cached)" in text:
            package.cached = True
        if text.startswith("?   \t") and "[no test files]" in text:
            package.no_test_files = True
        elif "[no tests to run]" in text:
            package.no_tests_to_run = True
        elif text.startswith("FAIL\t") and ("[build failed]" in text or "[setup failed]" in text):
            if not package.failed_build:
                package.failed_build = text[text.index("[") :].strip()
        elif text.startswith("panic: "):
            package.panicked = True
            if text.startswith("panic: test timed out"):
                package.timed_out = True
        elif text.startswith("-test.shuffle "):
            package.shuffle_seed = text[len("-test.shuffle ") :].strip()

    def _end_package(
        self, package: PackageResult, status: str, elapsed: float | None, failed_build: str
    ) -> None:
        if failed_build:
            package.failed_build = failed_build
            build = self.builds.get(failed_build)
            if build is None:
                build = self.builds[failed_build] = BuildFailure(import_path=failed_build, failed=True)
            if package.name not in build.broken_packages:
                build.broken_packages.append(package.name)
        package.elapsed = elapsed
        if status != PASS:
            self._give_crashes_to_owners(package)
        if package.running:
            self._settle_unfinished(package, passed=status == PASS)
        self._close_package(package, status)

    def _close_package(self, package: PackageResult, status: str) -> None:
        for test in package.held:
            if test.status == PASS:
                test.output = None  # kept only until the package's result was known
        package.held.clear()
        package.recently_ended.clear()
        package.status = status
        self.packages_done += 1
        if self.on_package_done is not None:
            self.on_package_done(package)

    def _give_crashes_to_owners(self, package: PackageResult) -> None:
        """Move each crash from the test (or package output) test2json filed it under to the test
        whose crash it is (see crashes.py); a test that passed and crashed the binary fails."""
        from goide.testrun.failure import own_lines

        # Held: the tests of this run of the package that ended with a crash in their output.
        holders: list[TestResult | None] = [
            *(t for t in package.running.values() if crashes.output_has_crash(t.output)),
            *package.held,
        ]
        if crashes.output_has_crash(package.output):
            holders.append(None)
        seen: set[int] = set()
        for holder in holders:
            if id(holder) in seen:
                continue
            seen.add(id(holder))
            output = package.output if holder is None else holder.output
            if not crashes.output_has_crash(output):
                continue
            lines = [line for line, _ in output.lines()] if output is not None else []
            before, crash = crashes.split_crash(lines)
            if not crash:
                continue
            package.panicked = True
            if crash[0].startswith(crashes.TIMEOUT_START):
                package.timed_out = True
                owners = [t for t in map(self._test_named(package), crashes.timed_out_tests(crash)) if t]
                if not owners and holder is not None and holder.status == RUNNING:
                    owners = [holder]  # Go before 1.20 does not list the running tests
                reason = CRASH_TIMEOUT
            else:
                root = crashes.culprit_function(crash, package.name)
                found = self._owner(package, root, own_lines) if root else None
                if found is None and holder is not None and holder.status != PASS:
                    found = holder
                owners = [found] if found is not None else []
                reason = CRASH_PANIC
            if owners == [holder] and holder is not None and holder.status == PASS:
                # Listed as running by the timeout (or named by the stack) after its `--- PASS`
                # was printed: the crash is its own, and so is the failure.
                holder.output = _output_of(before)
                self._crashed(package, holder, crash, reason)
                continue
            if owners == [holder]:
                if holder is not None and holder.status != PASS:
                    holder.panicked = reason == CRASH_PANIC
                    holder.crash = holder.crash or (reason if holder.status == RUNNING else "")
                continue
            # Taken out of where test2json filed it; package output stays as it was printed.
            if holder is not None:
                holder.output = _output_of(before)
                holder.panicked = False
            if not owners:
                package.crash_text = crash
                continue
            for test in owners:
                self._crashed(package, test, crash, reason)
            if reason == CRASH_PANIC:
                for other in package.running.values():
                    if other not in owners and not other.crash:
                        other.crash = CRASH_OTHER
                        other.crashed_by = owners[0].name

    def _test_named(self, package: PackageResult) -> Callable[[str], TestResult | None]:
        def find(name: str) -> TestResult | None:
            return next((t for t in _reachable(package) if t.name == name), None)

        return find

    def _owner(self, package: PackageResult, root: str, own_lines: Callable[..., Any]) -> TestResult:
        """The test of `root` that crashed: its deepest subtest that failed without a message of
        its own or never ended; else `root` itself (a test that returned and left a goroutine)."""
        family = [t for t in _reachable(package) if t.name == root or t.name.startswith(root + "/")]

        def said_nothing(test: TestResult) -> bool:
            before, _ = crashes.split_crash([line for line, _ in own_lines(test)])
            return not any(line.strip() and not line.startswith("exit status ") for line in before)

        candidates = [t for t in family if t.status == RUNNING or (t.status == FAIL and said_nothing(t))]
        if candidates:
            return max(candidates, key=lambda t: t.depth)
        found = next((t for t in family if t.name == root), None)
        if found is None:
            # It ended long enough ago to be forgotten, and was counted: it passed (failures and
            # skips are all kept).
            found = TestResult(name=root, status=PASS, output=None)
        return found

    def _crashed(self, package: PackageResult, test: TestResult, crash: list[str], reason: str) -> None:
        test.crash_text = crash
        test.panicked = reason == CRASH_PANIC
        if test.status == RUNNING:
            test.crash = reason
            return
        if test.status == PASS:
            if package.passed > 0:
                package.passed -= 1
                self.passed -= 1
            package.failed += 1
            self.failed += 1
            test.status = FAIL
            test.crash = reason
            self._attach(package, test)
            if self.on_test_done is not None:
                self.on_test_done(package, test)  # the views learn that it failed after all
        if test.status == FAIL:
            self._attach(package, test)

    def _settle_unfinished(self, package: PackageResult, *, passed: bool, stream_ended: bool = False) -> None:
        """Tests the binary never reported on: passed with the package, a benchmark whose result
        line is there, a test whose `--- PASS` arrived without its event; else failed by the crash."""
        unfinished = list(package.running.values())
        if passed:
            # Benchmarks get no pass event (go.dev/issue/61767), nor did subtests before go1.16
            # (go.dev/issue/40771): the package passed, so they did too.
            for test in unfinished:
                self._end_test(package, test, PASS, test.elapsed)
            return
        settled: list[TestResult] = []
        for test in unfinished:
            reported = _reported_result(test)
            if reported is not None:
                self._end_test(package, test, reported[0], reported[1])
            else:
                settled.append(test)
        for test in settled:
            if test.crash:
                continue
            if package.timed_out:
                test.crash = CRASH_TIMEOUT
            elif any(other.crash and other.name.startswith(test.name + "/") for other in settled):
                test.crash = CRASH_SUBTEST
            elif stream_ended:
                test.crash = CRASH_STREAM_END
            else:
                test.crash = CRASH_EXIT
        # Deepest first, so that a subtest is attached to its parent before the parent ends.
        for test in sorted(settled, key=lambda t: -t.depth):
            self._end_test(package, test, FAIL, None)
            test.panicked = test.crash == CRASH_PANIC

    def _build(self, event: dict[str, Any]) -> BuildFailure:
        key = event.get("ImportPath")
        key = key if type(key) is str else ""
        build = self.builds.get(key)
        if build is None:
            build = self.builds[key] = BuildFailure(import_path=key)
        return build

    # ---- end of input ---------------------------------------------------------------------------

    def finish(self) -> None:
        """Settle packages the stream left running and link text build errors to packages."""
        for package in self.packages.values():
            if package.status == RUNNING:
                # The stream ended (go test killed, truncated file) before this package's result.
                package.stream_ended = True
                self._give_crashes_to_owners(package)
                if package.running:
                    self._settle_unfinished(package, passed=False, stream_ended=True)
                self._close_package(package, FAIL)
        self._link_text_builds()

    def _link_text_builds(self) -> None:
        """Link pre-1.24 text build errors (`# m/p` blocks on stderr) to the packages they broke.

        A package with a block of its own (`# m/p`, or `# m/p [m/p.test]` for its test files) is
        linked to it. Any other package that failed to build imports a broken package: it is
        linked to the blocks of plain packages (no `[x.test]`), tested or not, as the Go 1.24
        `FailedBuild` names the dependency (`app` broken by `lib`, itself tested and broken).
        The text does not say which of several broken packages a package imports: then it is
        linked to each of them.
        """
        text_builds = [b for b in self.builds.values() if b.from_text]
        if not text_builds:
            return
        own: dict[str, list[BuildFailure]] = {}
        for build in text_builds:
            own.setdefault(build.import_path.split(" ", 1)[0], []).append(build)
        plain = [b for b in text_builds if " " not in b.import_path]
        for package in self.packages.values():
            if not package.failed_build.startswith("["):
                continue
            for target in own.get(package.name) or plain:
                if package.name not in target.broken_packages:
                    target.broken_packages.append(package.name)

    # ---- views ----------------------------------------------------------------------------------

    def ran_nothing(self) -> bool:
        """No package printed a result line and no test ran (`go test -n`, a wrapper that exits)."""
        return (
            self.package_outputs == 0
            and self.passed + self.failed + self.skipped == 0
            and not any(b.failed for b in self.builds.values())
            and not self.stopped
        )

    def run_seconds(self) -> float | None:
        """How long the recorded run took: from the first event's Time to the last one's, or the
        longest package Elapsed when the events carry no Time."""
        first, last = _parse_time(self.first_time), _parse_time(self.last_time)
        if first is not None and last is not None and last >= first:
            return last - first
        elapsed = [p.elapsed for p in self.packages.values() if p.elapsed is not None]
        return max(elapsed) if elapsed else None

    def running_tests(self) -> list[tuple[str, str]]:
        return [(p.name, name) for p in self.packages.values() for name in p.running]

    def slowest(self) -> list[SlowTest]:
        return sorted(self.slowest_heap, reverse=True)

    def totals(self) -> Totals:
        failed_builds = [b for b in self.builds.values() if b.failed or b.broken_packages]
        build_errors = len(failed_builds) + sum(
            1
            for p in self.packages.values()
            if p.failed_build and not any(p.name in b.broken_packages for b in failed_builds)
        )
        return Totals(
            passed=self.passed,
            failed=self.failed,
            skipped=self.skipped,
            build_errors=build_errors,
            packages=len(self.packages),
            packages_failed=sum(1 for p in self.packages.values() if p.status == FAIL),
        )

    def any_failure(self) -> bool:
        return (
            self.failed > 0
            or bool(self.stopped)
            or any(p.status == FAIL for p in self.packages.values())
            or any(b.failed for b in self.builds.values())
        )


def _parse_time(text: str) -> float | None:
    """Seconds since the epoch of an RFC 3339 time with up to 9 fractional digits (test2json)."""
    import datetime

    match = _RFC3339.match(text)
    if match is None:
        return None
    fraction = (match.group("fraction") or "")[:6].ljust(6, "0")
    zone = match.group("zone")
    zone = "+00:00" if zone in ("Z", "z") else zone
    try:
        moment = datetime.datetime.fromisoformat(f"{match.group('base')}.{fraction}{zone}")
    except ValueError:
        return None
    nanos = (match.group("fraction") or "")[6:9].ljust(3, "0")
    return moment.timestamp() + int(nanos) / 1e9


_RFC3339 = re.compile(
    r"(?P<base>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(?P<fraction>\d+))?(?P<zone>[Zz]|[+-]\d\d:\d\d)$"
)


def _reachable(package: PackageResult) -> list[TestResult]:
    """The tests of the package's current run a crash can belong to: running, held, recently
    ended, and their subtests (never the whole package, which a repeated package makes long)."""
    seen: set[int] = set()
    result: list[TestResult] = []
    for test in walk_tests([*package.running.values(), *package.held, *package.recently_ended.values()]):
        if id(test) not in seen:
            seen.add(id(test))
            result.append(test)
    return result


def _output_of(lines: list[str]) -> Output:
    output = Output()
    for line in lines:
        output.add(line + "\n")
    return output


def _reported_result(test: TestResult) -> tuple[str, float | None] | None:
    """The `--- PASS: name (0.01s)` (or SKIP, FAIL) already in a test's output whose event the
    stream never delivered (test2json sends it when the next line arrives)."""
    if test.output is None:
        return None
    lines = test.output.lines()
    if test.name.startswith("Benchmark") and any(_BENCHMARK_RESULT.match(line) for line, _ in lines):
        # A benchmark that printed its result finished: Go sends no pass event for benchmarks
        # (go.dev/issue/61767), also when another benchmark of the package fails.
        return PASS, None
    for line, kind in reversed(lines):
        stripped = line.strip()
        for word, status in (("--- PASS: ", PASS), ("--- SKIP: ", SKIP), ("--- FAIL: ", FAIL)):
            if stripped.startswith(word) and is_framing(line, kind, test.name):
                _, _, tail = stripped.partition(" (")
                try:
                    elapsed: float | None = float(tail.rstrip(")").rstrip("s"))
                except ValueError:
                    elapsed = None
                return status, elapsed
    return None


def _skip_reason(output: Output | None, name: str) -> str:
    if output is None:
        return ""
    lines = [line.strip() for line, kind in output.lines() if not is_framing(line, kind, name)]
    return "\n".join(line for line in lines if line)
