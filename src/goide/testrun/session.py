"""One `goide test` session: read or run `go test -json`, show progress, summarise, write reports.

The CLI passes a `TestOptions`; this module wires the reader, the aggregate, the progress view,
the reruns and the report writers together and returns the exit status.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from goide.core.errors import GoideError, InputError
from goide.testrun.aggregate import Aggregate
from goide.testrun.model import FAIL, PASS
from goide.testrun.rerun import RerunTarget, rerun_targets
from goide.testrun.testjson import ReadStats


@dataclass
class TestOptions:
    packages: list[str] = field(default_factory=list)
    go_flags: list[str] = field(default_factory=list)
    input: str | None = None
    json_path: Path | None = None
    junit_path: Path | None = None
    html_path: Path | None = None
    rerun_fails: int = 0
    plain: bool = False
    go_timeout: float = 3600.0
    go: str = "go"
    # Issue 20 (testrun/addons.py): raw stream copy, Markdown summary, output formats.
    jsonfile: Path | None = None
    markdown_path: Path | None = None
    format: str = ""
    format_icons: str = "default"
    hide_summary: frozenset[str] = frozenset()
    post_run_command: str = ""
    compare_path: Path | None = None
    coverage: bool = False
    junit_options: Any = None  # testrun.junit_options.JUnitOptions, when any is set


def _progress(options: TestOptions, out: IO[str]) -> Any:
    from goide.testrun.progress import LiveProgress, PlainProgress

    if options.format:
        from goide.testrun.formats import format_view

        return format_view(options.format, out, color=_color(options, out), icons=options.format_icons)

    github = os.environ.get("GITHUB_ACTIONS") == "true"
    if not options.plain and not github and out.isatty() and not os.environ.get("CI"):
        from rich.console import Console

        return LiveProgress(Console(file=out))
    return PlainProgress(out, github)


def _consume(stream: IO[bytes], agg: Aggregate, stats: ReadStats) -> None:
    from goide.testrun.addons import consume

    consume(stream, agg, stats)  # `go test -json` or `go test -v` text; --jsonfile copies it


def _go(options: TestOptions) -> str:
    found = shutil.which(options.go)
    if not found:
        raise GoideError(
            f"cannot run go test: '{options.go}' is not on PATH", hint="install Go or put it on PATH"
        )
    return found


def _run_go(options: TestOptions, argv: list[str], agg: Aggregate, stats: ReadStats) -> tuple[int, bool]:
    from goide.testrun.gotest import run_go_test

    with run_go_test(argv, timeout=options.go_timeout) as proc:
        _consume(proc.stdout, agg, stats)
    for line in proc.stderr_lines:
        agg.feed_text(line)
    if proc.stderr_dropped:
        agg.other_text_dropped += proc.stderr_dropped
    return (proc.returncode if proc.returncode is not None else 1), proc.timed_out


def run_session(options: TestOptions, out: IO[str] | None = None) -> int:
    from goide.testrun.addons import raw_capture

    with raw_capture(options.jsonfile, hide_summary=options.hide_summary):
        return _run_session(options, out or sys.stdout)


def _run_session(options: TestOptions, out: IO[str]) -> int:
    keep_passed = bool(options.json_path or options.junit_path or options.html_path)
    agg = Aggregate(keep_passed=keep_passed)
    stats = ReadStats()
    started = time.monotonic()
    progress = _progress(options, out)
    progress.attach(agg)
    go_status = 0
    try:
        if options.input is not None:
            if options.input == "-":
                _consume(sys.stdin.buffer, agg, stats)
            else:
                try:
                    with open(options.input, "rb") as stream:
                        _consume(stream, agg, stats)
                except OSError as err:
                    raise InputError(
                        f"cannot read {options.input}: {err.strerror or err}",
                        hint="pass a file recorded with `go test -json ... > FILE`, or - for stdin",
                    ) from err
        else:
            from goide.testrun.gotest import go_test_argv

            argv = go_test_argv(_go(options), options.packages, options.go_flags)
            _count_packages_in_background(_go(options), options.packages, progress)
            go_status, timed_out = _run_go(options, argv, agg, stats)
            if timed_out:
                agg.stopped = f"go test ran past --go-timeout ({options.go_timeout:g} s) and was killed"
            elif go_status < 0:
                agg.stopped = f"go test was killed by signal {-go_status}"
        agg.finish()
    finally:
        progress.close()
    if stats.events == 0 and options.input is not None:
        # Nothing to summarise: the error alone, not "PASS: 0 tests" and the file's text echoed.
        raise InputError(
            f"no `go test -json` events in {'stdin' if options.input == '-' else options.input}",
            hint="record the stream with `go test -json ./... > FILE 2>&1`",
        )
    rerun_outcomes: dict[str, str] = {}
    flaky: list[dict[str, str]] = []
    still_failing: list[RerunTarget] = []
    if options.rerun_fails > 0:
        still_failing, flaky, rerun_outcomes = _rerun(options, agg, out)
    _print_summary(agg, stats, out, time.monotonic() - started, flaky=flaky)
    _write_reports(options, agg, stats, rerun_outcomes, flaky)
    _write_addon_reports(options, agg, flaky, out)
    if agg.stopped:
        return 1  # not the negative status of a signal (a shell shows -9 as 247), and never 0
    if options.rerun_fails > 0 and flaky and not still_failing and _only_test_failures(agg):
        return 0
    if options.input is not None:
        return 1 if agg.any_failure() else 0
    if go_status == 0 and agg.any_failure():
        return 1
    return go_status


def _count_packages_in_background(go: str, packages: list[str], progress: Any) -> None:
    """Ask `go list` how many packages the patterns hold, for the live view's done/total."""
    import threading

    from goide.core.process import run

    def count() -> None:
        result = run([go, "list", "-e", *(packages or ["./..."])], timeout=60)
        if result.ok:
            progress.total = len(result.stdout.split())

    threading.Thread(target=count, daemon=True).start()


def _only_test_failures(agg: Aggregate) -> bool:
    """No failure that a rerun of single tests cannot fix (build errors, crashes outside tests)."""
    return not any(b.failed for b in agg.builds.values()) and not any(
        p.status == FAIL and (p.failed_build or not p.failed) for p in agg.packages.values()
    )


def _rerun(
    options: TestOptions, agg: Aggregate, out: IO[str]
) -> tuple[list[RerunTarget], list[dict[str, str]], dict[str, str]]:
    from goide.testrun.gotest import go_test_argv

    pending = rerun_targets(agg)
    outcomes: dict[str, str] = {}
    flaky: list[dict[str, str]] = []
    flags = _without_run_flag(options.go_flags)
    for attempt in range(1, options.rerun_fails + 1):
        if not pending:
            break
        out.write(f"rerun {attempt}: {len(pending)} failed tests\n")
        next_pending: list[RerunTarget] = []
        for target in pending:
            rerun_agg = Aggregate()
            argv = go_test_argv(_go(options), [target.package], [*flags, "-run", target.run_pattern])
            _run_go(options, argv, rerun_agg, ReadStats())
            rerun_agg.finish()
            package = rerun_agg.packages.get(target.package)
            passed = package is not None and package.status == PASS and rerun_agg.passed > 0
            key = f"{target.package}\x00{target.name}"
            if passed:
                outcomes[key] = f"passed on rerun {attempt}"
                flaky.append({"package": target.package, "name": target.name, "rerun": str(attempt)})
                out.write(f"  flaky: {target.package} {target.name} passed on rerun {attempt}\n")
            else:
                outcomes[key] = f"failed {attempt} reruns"
                next_pending.append(target)
        pending = next_pending
    return pending, flaky, outcomes


def _without_run_flag(flags: list[str]) -> list[str]:
    """go test flags minus -run (both `-run=X` and `-run X`), which a rerun replaces."""
    result: list[str] = []
    skip_next = False
    for flag in flags:
        if skip_next:
            skip_next = False
            continue
        bare = flag.lstrip("-")
        if bare in ("run", "test.run"):
            skip_next = True
            continue
        if bare.startswith(("run=", "test.run=")):
            continue
        result.append(flag)
    return result


def _print_summary(
    agg: Aggregate,
    stats: ReadStats,
    out: IO[str],
    elapsed: float | None,
    *,
    flaky: list[dict[str, str]] | None = None,
) -> None:
    from goide.testrun.summary import render_summary

    lines = render_summary(agg, stats, elapsed)
    lines = _hidden_parts(lines)  # --hide-summary (issue 20)
    if flaky:
        lines.insert(-1, "")
        lines.insert(-1, "Flaky (failed, then passed on a rerun)")
        for item in flaky:
            lines.insert(-1, f"  {item['package']} {item['name']} (rerun {item['rerun']})")
    if agg.stopped:
        lines.append(f"note: {agg.stopped}")
    if out.isatty():
        from rich.console import Console
        from rich.text import Text

        console = Console(file=out, highlight=False)
        for line in lines:
            style = ""
            stripped = line.lstrip()
            if stripped.startswith(("FAIL", "--- FAIL")):
                style = "red"
            elif stripped.startswith(("ok ", "PASS")):
                style = "green"
            elif stripped.startswith("skip"):
                style = "yellow"
            console.print(Text(line, style=style))
    else:
        out.write("\n".join(lines) + "\n")
    out.flush()


def _write_reports(
    options: TestOptions,
    agg: Aggregate,
    stats: ReadStats,
    outcomes: dict[str, str],
    flaky: list[dict[str, str]],
) -> None:
    if not (options.json_path or options.html_path or options.junit_path):
        return
    from goide.testrun.jsonreport import build_report

    report = build_report(agg, stats, outcomes, flaky)
    try:
        if options.json_path:
            from goide.core.jsonout import write_file

            write_file(report, options.json_path, what="JSON report")
        if options.junit_path:
            from goide.testrun.junit import write_junit

            write_junit(agg, options.junit_path)
        if options.html_path:
            from goide.testrun.html import write_html

            write_html(report, options.html_path)
    except OSError as err:
        raise GoideError(
            f"cannot write a report: {err.filename}: {err.strerror}",
            hint="check the directory exists and is writable",
        ) from err


def _color(options: TestOptions, out: IO[str]) -> bool:
    """Colour on a terminal, unless NO_COLOR (no-color.org: any non-empty value; --no-color sets it)."""
    return not os.environ.get("NO_COLOR") and out.isatty()


def _write_addon_reports(
    options: TestOptions, agg: Aggregate, flaky: list[dict[str, str]], out: IO[str]
) -> None:
    """--coverage's or --compare's block after the summary, the Markdown summary (--markdown,
    $GITHUB_STEP_SUMMARY), then --post-run-command."""
    from goide.testrun.addons import compare, post_run, write_markdown

    if options.compare_path is not None or options.coverage:
        compare(options.compare_path, agg, options.go_flags, out, color=_color(options, out))
    write_markdown(options.markdown_path, agg, flaky, options.go_flags)
    if options.junit_path is not None and options.junit_options is not None:
        from goide.testrun.addons import junit_options

        junit_options(options.junit_path, options.junit_options, agg)
    if options.post_run_command:
        post_run(options.post_run_command, agg, options.jsonfile, options.junit_path, options.format)


def _hidden_parts(lines: list[str]) -> list[str]:
    from goide.testrun.addons import hide_summary

    return hide_summary(lines)
