"""The end-of-run summary of `goide test` as plain text lines (the terminal colours them).

Order: packages with status and time, build and vet failures with the compiler's output and every
package they broke, failed tests (subtests nested, failure message first, then the test's own
output), crashes, package failures with no failed test, skips with reasons, slowest tests, totals.
"""

from __future__ import annotations

from goide.core.words import plural
from goide.testrun.aggregate import Aggregate
from goide.testrun.failure import crash_description, failure_message, own_lines
from goide.testrun.model import FAIL, PASS, SKIP, PackageResult, TestResult, walk_tests
from goide.testrun.testjson import ReadStats

MAX_OUTPUT_LINES = 200
MAX_SHOWN_LINE = 400
# Past this many failed tests the summary lists names only; the reports keep every output.
MAX_DETAILED_FAILURES = 100


def package_line(package: PackageResult) -> str:
    label = {PASS: "ok  ", FAIL: "FAIL", SKIP: "skip"}.get(package.status, package.status)
    parts = [f"{label}  {package.name}"]
    if package.cached:
        parts.append("(cached)")
    elif package.elapsed is not None:
        parts.append(f"{package.elapsed:.3f}s")
    if package.no_test_files:
        parts.append("[no test files]")
    if package.no_tests_to_run:
        parts.append("[no tests to run]")
    if package.failed_build.startswith("["):
        parts.append(package.failed_build)  # "[build failed]" read from the text: no cause named
    elif package.failed_build:
        parts.append(f"[build failed: {package.failed_build}]")
    if package.stream_ended:
        parts.append("[stream ended before the result]")
    if package.timed_out:
        parts.append("[timed out]")
    elif package.panicked:
        parts.append("[panic]")
    if package.coverage:
        parts.append(f"coverage: {package.coverage}")
    if package.status == PASS and package.passed + package.failed + package.skipped:
        parts.append(f"{package.passed} passed" + (f", {package.skipped} skipped" if package.skipped else ""))
    elif package.status == FAIL and package.failed:
        parts.append(f"{package.failed} failed")
    return "  ".join(parts)


def _elapsed(test: TestResult) -> str:
    return f"{test.elapsed:.2f}s" if test.elapsed is not None else "unknown time"


def _failed_test(test: TestResult, indent: str, out: list[str], *, with_output: bool = True) -> None:
    out.append(f"{indent}--- FAIL: {test.name} ({_elapsed(test)})")
    inner = indent + "    "
    if test.crash:
        out.append(f"{inner}{crash_description(test)}")
    message = failure_message(test)
    lines = [line for line, _ in own_lines(test)]
    if message:
        out.extend(f"{inner}| {_cut(line)}" for line in message)
    if lines and lines != message and with_output:
        out.append(f"{inner}output:")
        shown = lines[:MAX_OUTPUT_LINES]
        out.extend(f"{inner}  {_cut(line)}" for line in shown)
        if len(lines) > len(shown):
            out.append(f"{inner}  … {len(lines) - len(shown)} more lines (see --json/--html reports)")
    for sub in test.subtests:
        if sub.status == FAIL:
            _failed_test(sub, inner, out, with_output=with_output)


def render_summary(
    agg: Aggregate, stats: ReadStats, elapsed: float | None = None, *, hide: frozenset[str] = frozenset()
) -> list[str]:
    """The summary; `hide` leaves out parts as gotestsum's --hide-summary does: `skipped`,
    `failed` (the failed tests), `errors` (build errors and other output), `output` (the output
    of failed tests, their message kept), `all`."""
    if "all" in hide:
        return [totals_line(agg, elapsed)]
    out: list[str] = []
    packages = sorted(agg.packages.values(), key=lambda p: p.name)
    if packages:
        out.append("Packages")
        out.extend("  " + package_line(p) for p in packages)
    builds = [b for b in agg.builds.values() if b.failed or b.broken_packages]
    if builds and "errors" not in hide:
        out.append("")
        out.append("Build and vet failures")
        for build in builds:
            broke = ", ".join(build.broken_packages) or "no package reported it"
            out.append(f"  {build.import_path}  (broke: {broke})")
            out.extend(f"    {line}" for line in build.output if not line.startswith("# "))
    failed_packages = [p for p in packages if any(t.status == FAIL for t in p.tests)]
    if failed_packages and "failed" not in hide:
        out.append("")
        out.append("Failed tests")
        detailed = 0
        for package in failed_packages:
            out.append(f"  {package.name}")
            for test in package.tests:
                if test.status != FAIL:
                    continue
                if detailed < MAX_DETAILED_FAILURES:
                    _failed_test(test, "    ", out, with_output="output" not in hide)
                    detailed += 1
                else:
                    out.append(f"    --- FAIL: {test.name} ({_elapsed(test)}) [output in the reports]")
    crashes = [(p, t) for p in packages for t in walk_tests(p.tests) if t.crash or t.panicked]
    if crashes:
        out.append("")
        out.append("Panics and timeouts")
        for package, test in crashes:
            first = next(iter(failure_message(test)), "") if test.panicked or test.crash == "timeout" else ""
            what = crash_description(test) if test.crash else "panicked"
            out.append(f"  {package.name} {test.name}: {what}" + (f": {first}" if first else ""))
    package_failures = [p for p in packages if p.status == FAIL and not p.failed and not p.failed_build]
    if package_failures:
        out.append("")
        out.append("Package failures with no failed test (TestMain, init, os.Exit, a crash outside tests)")
        for package in package_failures:
            out.append(f"  {package.name}")
            out.extend(f"    {line}" for line, _ in package.output.lines()[-MAX_OUTPUT_LINES:])
    skipped = [(p, t) for p in packages for t in walk_tests(p.tests) if t.status == SKIP]
    if skipped and "skipped" not in hide:
        out.append("")
        out.append("Skipped")
        for package, test in skipped:
            reason = test.skip_reason.replace("\n", " / ") or "(no reason given)"
            out.append(f"  {package.name} {test.name}: {reason}")
    slowest = agg.slowest()
    if any(s.elapsed > 0 for s in slowest):
        out.append("")
        out.append("Slowest tests")
        out.extend(f"  {s.elapsed:8.2f}s  {s.package} {s.name}" for s in slowest if s.elapsed > 0)
    if agg.other_text and "errors" not in hide:
        out.append("")
        out.append("Other output (not go test -json events)")
        out.extend(f"  {line}" for line in agg.other_text[:MAX_OUTPUT_LINES])
    out.append("")
    out.append(totals_line(agg, elapsed))
    notes = stream_notes(agg, stats)
    if notes:
        out.append("note: " + "; ".join(notes))
    return out


def totals_line(agg: Aggregate, elapsed: float | None) -> str:
    t = agg.totals()
    total = t.passed + t.failed + t.skipped
    words = "FAIL" if agg.any_failure() else "PASS"
    text = (
        f"{words}: {plural(total, 'test')}, {t.passed} passed, {t.failed} failed, {t.skipped} skipped, "
        f"{plural(t.build_errors, 'build error')}, in {plural(t.packages, 'package')} "
        f"({t.packages_failed} failed)"
    )
    flaky = sum(1 for p in agg.packages.values() for t in walk_tests(p.tests) if t.flaky)
    if flaky:
        text += f", {flaky} flaky (passed on a rerun)"
    if elapsed is not None:
        text += f" in {elapsed:.1f}s"
    return text


def stream_notes(agg: Aggregate, stats: ReadStats) -> list[str]:
    notes = []
    if stats.encoding.startswith("utf-16"):
        notes.append("read as UTF-16 (what Windows PowerShell's `>` writes)")
    if stats.non_json_lines:
        notes.append(f"{plural(stats.non_json_lines, 'non-JSON line')} passed through")
    if stats.invalid_utf8_lines:
        notes.append(f"{plural(stats.invalid_utf8_lines, 'line')} with invalid UTF-8 (replaced by U+FFFD)")
    if stats.long_lines:
        notes.append(
            f"{plural(stats.long_lines, 'over-long line')} cut ({stats.dropped_bytes} bytes dropped)"
        )
    if stats.truncated_last_line:
        notes.append("the last line was truncated (no newline)")
    if stats.unknown_actions:
        notes.append("unknown actions passed through: " + _counts(stats.unknown_actions))
    if stats.unknown_fields:
        notes.append("unknown fields passed through: " + _counts(stats.unknown_fields))
    if agg.counters.events_for_unstarted_packages and agg.start_events:
        # Go before 1.20 sends no `start` events at all: only a mix is worth a note.
        notes.append(
            f"{plural(agg.counters.events_for_unstarted_packages, 'event')} for packages never started"
        )
    if agg.counters.stray_output_events:
        notes.append(f"{plural(agg.counters.stray_output_events, 'output event')} for tests not running")
    if agg.counters.repeated_results:
        notes.append(f"{plural(agg.counters.repeated_results, 'repeated result event')} ignored")
    if agg.other_text_dropped:
        notes.append(f"{plural(agg.other_text_dropped, 'other line')} not kept")
    return notes


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} ({v})" for k, v in sorted(counts.items()))


def _cut(line: str) -> str:
    """Keep a terminal readable: the full line is in the JSON and HTML reports."""
    if len(line) <= MAX_SHOWN_LINE:
        return line
    return f"{line[:MAX_SHOWN_LINE]} … [{len(line) - MAX_SHOWN_LINE} characters not shown]"
