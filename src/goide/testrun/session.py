"""One `goide test` session: read or run `go test -json`, show progress, summarise, write reports.

The CLI passes a `TestOptions`; this module wires the reader, the aggregate, the progress view,
the reruns and the report writers together and returns the exit status.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shlex
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from goide.core.errors import GoideError, InputError
from goide.core.words import plural
from goide.testrun.aggregate import Aggregate
from goide.testrun.junit_options import JUnitOptions
from goide.testrun.model import FAIL, PASS
from goide.testrun.stopping import Interrupted, signals_as_interrupts, stop_children
from goide.testrun.testjson import ReadStats

if TYPE_CHECKING:
    import subprocess

    from goide.testrun.rawcapture import RawCapture

# What only some runs use is imported where it is used, so that `goide test --input FILE` loads
# no subprocess, shutil, XML, rerun or --jsonfile code (tests/testrun/test_lazy_imports.py).


@dataclass
class TestOptions:
    packages: list[str] = field(default_factory=list)
    go_flags: list[str] = field(default_factory=list)
    input: str | None = None
    json_path: Path | None = None
    junit_path: Path | None = None
    html_path: Path | None = None
    jsonfile: Path | None = None
    markdown_path: Path | None = None
    compare: Path | None = None  # an earlier --json report, for the coverage change
    post_run_command: list[str] = field(default_factory=list)
    max_fails: int = 0  # stop go test after this many failed tests (0: never)
    junit: JUnitOptions = field(default_factory=JUnitOptions)
    format: str = ""  # one of formats.FORMATS; "" = the live view on a terminal, lines otherwise
    icons: str = "default"
    hide_empty_packages: bool = False
    no_color: bool = False
    hide_summary: frozenset[str] = frozenset()  # skipped, failed, errors, output, all
    rerun_fails: int = 0
    rerun_max_failures: int = 10
    rerun_report: Path | None = None
    rerun_root_test: bool = False
    plain: bool = False
    go_timeout: float = 3600.0
    go: str = "go"


def _color(options: TestOptions, out: IO[str]) -> bool:
    """Colour on a terminal unless --no-color or NO_COLOR (no-color.org: set and not empty)."""
    return out.isatty() and not options.no_color and not os.environ.get("NO_COLOR")


def _progress(options: TestOptions, out: IO[str]) -> Any:
    from goide.testrun.progress import LiveProgress, PlainProgress

    github = os.environ.get("GITHUB_ACTIONS") == "true"
    if options.format or github:
        from goide.testrun import formats

        if options.format:
            return formats.make(
                options.format,
                out,
                options.icons,
                _color(options, out),
                hide_empty=options.hide_empty_packages,
            )
        return formats.make("github-actions", out, options.icons, color=False)
    if not options.plain and out.isatty() and not os.environ.get("CI"):
        from rich.console import Console

        return LiveProgress(Console(file=out, no_color=not _color(options, out)))
    return PlainProgress(out, github)


def _consume(
    stream: IO[bytes],
    agg: Aggregate,
    stats: ReadStats,
    capture: RawCapture | None,
    *,
    text_too: bool = False,
) -> None:
    """Read a stream into `agg`; with `text_too` (--input), plain `go test -v` text as well."""
    from goide.testrun.testjson import open_stream, with_head

    if capture is not None:
        stream = capture.tee(stream)  # --jsonfile: the bytes as read, before any decoding
    stream = open_stream(stream, stats)
    if text_too:
        from goide.testrun.gotesttext import looks_like_text

        head = _read_head(stream)
        stream = with_head(stream, head)
        if looks_like_text(head):
            _consume_text(stream, agg, stats)
            return
    agg.consume(stream, stats)


def _read_head(stream: IO[bytes], size: int = 64 * 1024) -> bytes:
    read = getattr(stream, "read1", stream.read)
    head = b""
    while len(head) < size:
        data = read(size - len(head))
        if not data:
            break
        head += data
    return head


def _consume_text(stream: IO[bytes], agg: Aggregate, stats: ReadStats) -> None:
    from goide.core.lines import read_lines
    from goide.testrun.gotesttext import TextConverter

    stats.text_input = True
    converter = TextConverter()
    for raw in read_lines(stream, max_line=1 << 20, stats=stats):
        line = raw.decode(errors="replace").rstrip("\r")
        for item in converter.feed(line):
            if isinstance(item, str):
                agg.feed_text(item)
            else:
                stats.events += 1
                agg.feed(item)
    for item in converter.finish():
        if isinstance(item, dict):
            stats.events += 1
            agg.feed(item)
    agg.other_text_dropped += converter.dropped


def _go(options: TestOptions) -> str:
    import shutil

    found = shutil.which(options.go)
    if not found:
        raise GoideError(
            f"cannot run go test: '{options.go}' is not on PATH", hint="install Go or put it on PATH"
        )
    return found


def _run_go(
    options: TestOptions, argv: list[str], agg: Aggregate, stats: ReadStats, capture: RawCapture | None
) -> tuple[int, bool]:
    from goide.testrun.gotest import run_go_test
    from goide.testrun.stopping import QuietWatch

    try:
        with run_go_test(argv, timeout=options.go_timeout) as proc, QuietWatch("`go test -json`", stats):
            _consume(proc.stdout, agg, stats, capture)
    except _EnoughFailures:
        agg.stopped = f"stopped after {plural(options.max_fails, 'failed test')} (--max-fails)"
    for line in proc.stderr_lines:
        agg.feed_text(line)
    if proc.stderr_dropped:
        agg.other_text_dropped += proc.stderr_dropped
    return (proc.returncode if proc.returncode is not None else 1), proc.timed_out


class _EnoughFailures(Exception):
    """--max-fails was reached: the reader stops, and go test's process group with it."""


def _stop_after_failures(agg: Aggregate, limit: int) -> None:
    """Wrap the views' test hook so that the run stops once `limit` tests failed (gotestsum's
    --max-fails)."""
    view = agg.on_test_done

    def test_done(package: Any, test: Any) -> None:
        if view is not None:
            view(package, test)
        if test.status == FAIL and agg.failed >= limit and not agg.stopped:
            raise _EnoughFailures

    agg.on_test_done = test_done


def run_session(options: TestOptions, out: IO[str] | None = None) -> int:
    out = out or sys.stdout
    keep_passed = _reports_wanted(options)
    agg = Aggregate(keep_passed=keep_passed)
    stats = ReadStats()
    started = time.monotonic()
    capture = None
    if options.jsonfile:
        from goide.testrun.rawcapture import RawCapture

        capture = RawCapture(options.jsonfile)
    try:
        with signals_as_interrupts():
            return _session(options, out, agg, stats, capture)
    except Interrupted as stop:
        return _interrupted(options, agg, stats, out, elapsed=time.monotonic() - started, signum=stop.signum)
    finally:
        if capture is not None:
            capture.commit()  # also what was read before an error or a signal


def _session(
    options: TestOptions, out: IO[str], agg: Aggregate, stats: ReadStats, capture: RawCapture | None
) -> int:
    started = time.monotonic()
    if options.compare:
        from goide.testrun.coverage import read_earlier

        read_earlier(options.compare)  # a bad file is said now, not after the tests ran
    progress = _progress(options, out)
    counting: list[subprocess.Popen[bytes]] = []
    try:
        progress.attach(agg)
        if options.max_fails and options.input is None:
            _stop_after_failures(agg, options.max_fails)
        go_status = _read_or_run(options, agg, stats, progress, counting, capture=capture)
    finally:
        progress.close()
        stop_children(counting)
    agg.finish()
    if stats.events == 0 and options.input is not None:
        # Nothing to summarise: the error alone, not "PASS: 0 tests" and the file's text echoed.
        raise InputError(
            f"no `go test -json` events in {'stdin' if options.input == '-' else options.input}",
            hint="record the stream with `go test -json ./... > FILE 2>&1`",
        )
    if options.input is None and agg.ran_nothing():
        _no_events(options, agg, stats, go_status)
    rerun_outcomes: dict[str, str] = {}
    flaky: list[dict[str, str]] = []
    if options.rerun_fails > 0:
        from goide.testrun.rerun import settle_flaky

        flaky, rerun_outcomes = _rerun(options, agg, out, capture)
        settle_flaky(agg, flaky)
    # From a recorded stream the run's own time, not the time goide took to read it.
    elapsed = agg.run_seconds() if options.input is not None else time.monotonic() - started
    coverage = _coverage(options, agg)  # once: --compare and -coverprofile are read here
    _print_summary(
        agg,
        stats,
        out,
        elapsed,
        flaky=flaky,
        coverage_rows=coverage,
        hide=options.hide_summary,
        color=_color(options, out),
    )
    _write_reports(options, agg, stats, rerun_outcomes, flaky, coverage=coverage)
    if options.post_run_command:
        _post_run(options, agg, elapsed)
    if agg.stopped:
        return 1  # not the negative status of a signal (a shell shows -9 as 247), and never 0
    if options.rerun_fails > 0 and flaky and not agg.any_failure():
        return 0
    if options.input is not None:
        return 1 if agg.any_failure() else 0
    if go_status == 0 and agg.any_failure():
        return 1
    return go_status


def _read_or_run(
    options: TestOptions,
    agg: Aggregate,
    stats: ReadStats,
    progress: Any,
    counting: list[subprocess.Popen[bytes]],
    *,
    capture: RawCapture | None,
) -> int:
    if options.input is not None:
        if options.input == "-":
            _consume(sys.stdin.buffer, agg, stats, capture, text_too=True)
            return 0
        try:
            stream = open(options.input, "rb")  # noqa: SIM115 - closed below
        except OSError as err:
            raise InputError(
                f"cannot read {options.input}: {err.strerror or err}",
                hint="pass a file recorded with `go test -json ... > FILE`, or - for stdin",
            ) from err
        # Only the open is the input's error: a failed write to stdout (`| head`) is not.
        with stream:
            try:
                _consume(stream, agg, stats, capture, text_too=True)
            except BrokenPipeError:
                raise
            except OSError as err:
                raise InputError(
                    f"cannot read {options.input}: {err.strerror or err}",
                    hint="pass a file recorded with `go test -json ... > FILE`, or - for stdin",
                ) from err
        return 0
    from goide.testrun.gotest import go_test_argv

    argv = go_test_argv(_go(options), options.packages, options.go_flags)
    counting.append(_count_packages_in_background(_go(options), options.packages, progress, options))
    go_status, timed_out = _run_go(options, argv, agg, stats, capture)
    if timed_out:
        agg.stopped = f"go test ran past --go-timeout ({options.go_timeout:g} s) and was killed"
    elif go_status < 0 and not agg.stopped:
        agg.stopped = f"go test was killed by signal {-go_status}"
    return go_status


def _interrupted(
    options: TestOptions, agg: Aggregate, stats: ReadStats, out: IO[str], *, elapsed: float, signum: int
) -> int:
    """What was read so far: summarised, written to every report marked interrupted (so that a
    report of an earlier run at that path is not taken for this one), exit 128 + the signal."""
    name = signal.Signals(signum).name
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_IGN)  # a second signal must not cut the reports short
    agg.stopped = f"interrupted by {name}"
    agg.finish()
    with contextlib.suppress(OSError):  # the terminal is gone (SIGHUP): the reports still get written
        _print_summary(agg, stats, out, elapsed)
    _write_reports(options, agg, stats, {}, [], interrupted=name)
    with contextlib.suppress(OSError):
        sys.stderr.write(f"error: interrupted by {name}\n")
        sys.stderr.flush()
    return 128 + signum


def _no_events(options: TestOptions, agg: Aggregate, stats: ReadStats, go_status: int) -> None:
    """go test was asked to run packages and sent no event: never a PASS of 0 tests."""
    said = next((line for line in agg.other_text if line.strip()), "")
    _write_reports(options, agg, stats, {}, [], interrupted="")
    hint = "run the same go test command without goide to see what it does"
    if any(flag.lstrip("-").split("=", 1)[0] in ("c", "n", "list") for flag in options.go_flags):
        hint = "-c, -n and -list do not run tests: run go test directly for them"
    raise GoideError(
        f"go test ran no tests: no test events and no package results (exit status {go_status})"
        + (f"; it said: {said}" if said else ""),
        hint=hint,
    )


def _count_packages_in_background(
    go: str, packages: list[str], progress: Any, options: TestOptions
) -> subprocess.Popen[bytes]:
    """Ask `go list` how many packages the patterns hold, for the live view's done/total.

    It runs in its own process group under a deadline, and the session kills it on exit.
    """
    import subprocess
    import threading

    from goide.testrun.stopping import COUNT_TIMEOUT

    proc = subprocess.Popen(
        [go, "list", "-e", *(packages or ["./..."])],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )

    def count() -> None:
        try:
            stdout, _ = proc.communicate(timeout=min(COUNT_TIMEOUT, options.go_timeout))
        except subprocess.TimeoutExpired:
            stop_children([proc])
            return
        except (OSError, ValueError):
            return
        if proc.returncode == 0:
            progress.total = len(stdout.split())

    threading.Thread(target=count, daemon=True).start()
    return proc


def _rerun(
    options: TestOptions, agg: Aggregate, out: IO[str], capture: RawCapture | None
) -> tuple[list[dict[str, str]], dict[str, str]]:
    from goide.testrun.gotest import go_test_argv
    from goide.testrun.rerun import RerunTarget, rerun_refused, rerun_targets, write_rerun_report

    pending = rerun_targets(agg, root_tests=options.rerun_root_test)
    outcomes: dict[str, str] = {}
    flaky: list[dict[str, str]] = []
    refused = rerun_refused(agg, pending, options.rerun_max_failures)
    if refused:
        out.write(f"not rerunning: {refused}\n")
        return flaky, outcomes
    flags = _without_run_flag(options.go_flags)
    failures = dict.fromkeys([(t.package, t.name) for t in pending], 1)
    for attempt in range(1, options.rerun_fails + 1):
        if not pending:
            break
        out.write(f"rerun {attempt}: {plural(len(pending), 'failed test')}\n")
        next_pending: list[RerunTarget] = []
        for target in pending:
            rerun_agg = Aggregate()
            argv = go_test_argv(_go(options), [target.package], [*flags, "-run", target.run_pattern])
            _run_go(options, argv, rerun_agg, ReadStats(), capture)
            rerun_agg.finish()
            package = rerun_agg.packages.get(target.package)
            passed = package is not None and package.status == PASS and rerun_agg.passed > 0
            key = f"{target.package}\x00{target.name}"
            if passed:
                outcomes[key] = f"passed on rerun {attempt}"
                flaky.append({"package": target.package, "name": target.name, "rerun": str(attempt)})
                out.write(f"  flaky: {target.package} {target.name} passed on rerun {attempt}\n")
            else:
                failures[(target.package, target.name)] += 1
                outcomes[key] = f"failed {plural(attempt, 'rerun')}"
                next_pending.append(target)
        pending = next_pending
    if options.rerun_report:
        write_rerun_report(options.rerun_report, failures, outcomes)
    return flaky, outcomes


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
    coverage_rows: dict[str, Any] | None = None,
    hide: frozenset[str] = frozenset(),
    color: bool | None = None,
) -> None:
    from goide.testrun.summary import render_summary

    lines = render_summary(agg, stats, elapsed, hide=hide)
    if flaky:
        lines.insert(-1, "")
        lines.insert(-1, "Flaky (failed, then passed on a rerun)")
        for item in flaky:
            lines.insert(-1, f"  {item['package']} {item['name']} (rerun {item['rerun']})")
    if coverage_rows:
        at = max(i for i, line in enumerate(lines) if line.startswith(("PASS: ", "FAIL: "))) - 1
        from goide.testrun.coverage import summary_lines

        lines[at:at] = summary_lines(coverage_rows)
    if agg.stopped:
        lines.append(f"note: {agg.stopped}")
    if out.isatty() if color is None else color:
        from rich.console import Console
        from rich.text import Text

        from goide.testrun.coverage import COVERAGE_LINE

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
            elif band := COVERAGE_LINE.match(stripped):
                style = {"good": "green", "fair": "yellow", "poor": "red"}[band.group(1)]
            console.print(Text(line, style=style))
    else:
        out.write("\n".join(lines) + "\n")
    out.flush()


def _step_summary() -> Path | None:
    """GitHub Actions' job summary file, when goide runs in a step."""
    path = os.environ.get("GITHUB_STEP_SUMMARY", "")
    return Path(path) if path else None


def _reports_wanted(options: TestOptions) -> bool:
    return bool(
        options.json_path
        or options.junit_path
        or options.html_path
        or options.markdown_path
        or _step_summary()
    )


def _coverage(options: TestOptions, agg: Aggregate) -> dict[str, Any]:
    from goide.testrun import coverage

    packages = [
        {"name": p.name, "coverage": p.coverage} for p in sorted(agg.packages.values(), key=lambda p: p.name)
    ]
    earlier = coverage.read_earlier(options.compare) if options.compare else None
    profile = coverage.profile_flag(options.go_flags) if options.input is None else None
    total = coverage.total(packages, profile)
    return {
        "packages": coverage.table(packages, earlier),
        "total": None if total is None else round(total.percent, 1),
        "total_exact": bool(total and total.exact),
        "compared_with": str(options.compare) if options.compare else None,
    }


def _post_run(options: TestOptions, agg: Aggregate, elapsed: float | None) -> None:
    """--post-run-command: run it (no shell) with the results in its environment, under the
    go timeout, in its own process group; its failure is said, not hidden, and changes nothing."""
    from goide.core.process import run

    totals = agg.totals()
    counts = {
        "TESTS_TOTAL": totals.passed + totals.failed + totals.skipped,
        "TESTS_FAILED": totals.failed,
        "TESTS_SKIPPED": totals.skipped,
        "TESTS_ERRORS": totals.build_errors,
    }
    env = dict(os.environ)
    for name, value in counts.items():
        env[name] = env[f"GOIDE_{name}"] = str(value)  # gotestsum's names, and goide's own
    env["GOIDE_STATUS"] = "fail" if agg.any_failure() else "pass"
    env["GOIDE_ELAPSED"] = f"{elapsed or 0.0:.3f}s"
    for name, path in (
        ("JSONFILE", options.jsonfile),
        ("JUNITFILE", options.junit_path),
        ("JSON", options.json_path),
    ):
        if path is not None:
            env[f"GOIDE_{name}"] = str(path)
    result = run(options.post_run_command, env=env, timeout=options.go_timeout)
    if result.stdout:
        sys.stdout.write(result.stdout)
    if result.stderr:
        sys.stderr.write(result.stderr)
    if not result.ok:
        why = result.start_error or ("timed out" if result.timed_out else f"exit status {result.returncode}")
        sys.stderr.write(f"goide: --post-run-command {shlex.join(options.post_run_command)}: {why}\n")


def _module_path(options: TestOptions, agg: Aggregate) -> str:
    """The main module's path for "relative" JUnit names: `go list -m` when go runs here, else
    the longest common path of the packages."""
    from goide.core.process import run

    if options.input is None:
        listed = run([_go(options), "list", "-m"], timeout=min(30.0, options.go_timeout))
        if listed.ok and listed.stdout.strip():
            return listed.stdout.strip().splitlines()[0]
    names = [p.name.split("/") for p in agg.packages.values() if p.name]
    if not names:
        return ""
    common = names[0]
    for parts in names[1:]:
        while parts[: len(common)] != common:
            common = common[:-1]
    if len(names) == 1 or common == names[0]:
        common = common[:-1]
    return "/".join(common)


def _write_reports(
    options: TestOptions,
    agg: Aggregate,
    stats: ReadStats,
    outcomes: dict[str, str],
    flaky: list[dict[str, str]],
    *,
    interrupted: str = "",
    coverage: dict[str, Any] | None = None,
) -> None:
    if not _reports_wanted(options):
        return
    from goide.testrun.jsonreport import build_report

    report = build_report(agg, stats, outcomes, flaky)
    report["coverage"] = coverage if coverage is not None else _coverage(options, agg)
    if interrupted:
        report["status"] = "interrupted"
        report["interrupted"] = interrupted
    elif options.input is None and agg.ran_nothing():
        report["status"] = "error"
    try:
        if options.json_path:
            from goide.core.jsonout import write_file

            write_file(report, options.json_path, what="JSON report")
        if options.junit_path:
            from goide.testrun.junit import write_junit

            junit = options.junit
            if "relative" in (junit.suite_name, junit.classname) and not junit.module:
                junit = dataclasses.replace(junit, module=_module_path(options, agg))
            write_junit(agg, options.junit_path, interrupted=interrupted, options=junit)
        if options.html_path:
            from goide.testrun.html import write_html

            write_html(report, options.html_path)
        summary = _step_summary()
        if options.markdown_path or summary:
            from goide.core.safe_write import write_output
            from goide.testrun.markdown import render_markdown

            text = render_markdown(report)
            if options.markdown_path:
                write_output(options.markdown_path, text.encode(), what="Markdown summary")
            if summary:
                with open(summary, "a", encoding="utf-8") as step:  # GitHub appends every step's part
                    step.write(text + "\n")
    except OSError as err:
        raise GoideError(
            f"cannot write a report: {err.filename}: {err.strerror}",
            hint="check the directory exists and is writable",
        ) from err
