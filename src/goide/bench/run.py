"""`goide bench run`: run `go test -bench` with live progress and keep the output in the standard format.

go test runs with `-json` so that progress can follow the benchmarks as they start; the text
written out is the benchmark format as go test prints it (configuration lines `goos:`,
`goarch:`, `pkg:`, `cpu:` and result lines), reassembled from the event stream, so that
benchstat and `goide bench compare` read it unchanged.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from goide.bench import benchfmt
from goide.core.errors import GoideError, InputError
from goide.core.words import plural


@dataclass(slots=True)
class BenchFailure:
    """Why a package's benchmarks did not all finish: a build error, a panic, or a failed benchmark.

    `benchmark` is the one that was running (empty for a build error); `output` the lines that
    say why (the compiler's errors, the panic and its stack, the benchmark's own failure output);
    `explanation` goide crash's one-line reading of a panic.
    """

    package: str
    kind: str  # "build", "panic", "fail"
    benchmark: str
    output: list[str]
    explanation: str = ""

    @property
    def title(self) -> str:
        where = f"{self.benchmark} in {self.package}" if self.benchmark else self.package
        first = next((line.strip() for line in self.output if line.strip() and not line.startswith("#")), "")
        if self.kind == "build":
            return f"{where} did not build: {first}"
        if self.kind == "panic":
            return f"{where} panicked: {first.removeprefix('panic: ')}"
        last = next((line.strip() for line in reversed(self.output) if line.strip()), "")
        return f"{where} failed" + (f": {last}" if last else "")  # b.Fatal's message is the last


@dataclass(slots=True)
class BenchRun:
    """What one `go test -bench` run produced: the finished results even when go test failed."""

    text: str
    results: list[benchfmt.Result] = field(default_factory=list)
    packages: list[str] = field(default_factory=list)
    seconds: float = 0.0
    failures: list[BenchFailure] = field(default_factory=list)
    exit_status: int = 0  # go test's
    timed_out: bool = False
    stderr: str = ""


def _go() -> str:
    found = shutil.which("go")
    if not found:
        raise GoideError("`go` is not on PATH", hint="install Go from https://go.dev/dl/ and retry")
    return found


@dataclass(frozen=True, slots=True)
class BenchFlags:
    """The go test flags of a benchmark run, as `goide bench run` takes them."""

    bench: str
    count: int
    benchtime: str | None = None
    benchmem: bool = False
    cpu: str | None = None

    def go_test_argv(self, packages: Sequence[str]) -> list[str]:
        argv = [_go(), "test", "-json", "-run", "^$", "-bench", self.bench, "-count", str(self.count)]
        if self.benchtime:
            argv += ["-benchtime", self.benchtime]
        if self.benchmem:
            argv.append("-benchmem")
        if self.cpu:
            argv += ["-cpu", self.cpu]
        return [*argv, *packages]


def list_benchmarks(packages: Sequence[str], bench: str, cwd: Path | None, timeout: float) -> int:
    """How many top-level benchmarks match (`go test -list`), for the progress bar's total."""
    from goide.core.process import run

    result = run(
        [_go(), "test", "-json", "-list", bench, *packages],
        timeout=timeout,
        cwd=None if cwd is None else str(cwd),
    )
    total = 0
    for line in result.stdout.splitlines():
        try:
            event = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if isinstance(event, dict) and event.get("Action") == "output":
            text = str(event.get("Output", "")).strip()
            if text.startswith("Benchmark") and " " not in text:
                total += 1
    return total


def _keep(line: str) -> bool:
    """The lines of the benchmark format: configuration, Unit metadata and results."""
    if line.startswith("Benchmark"):
        return len(line.split()) > 1
    if line.startswith("Unit "):
        return True
    head, sep, rest = line.partition(":")
    return bool(sep) and head[:1].islower() and " " not in head and (rest == "" or rest[:1] in " \t")


def stream_events(argv: Sequence[str], cwd: Path | None, timeout: float) -> Iterator[dict[str, object]]:
    """The JSON events of a running go test, as they come; stops it at the timeout.

    The process is goide test's (testrun/gotest.py): its own process group, killed whole at the
    timeout or when the caller stops early, stderr kept on the side in bounded memory.
    """
    from goide.testrun.gotest import run_go_test

    with run_go_test(argv, timeout=timeout, cwd=None if cwd is None else str(cwd)) as process:
        for raw in process.stdout:
            try:
                event = orjson.loads(raw)
            except orjson.JSONDecodeError:
                yield {"Action": "output", "Package": "", "Output": raw.decode("utf-8", "replace")}
                continue
            if isinstance(event, dict):
                yield event
    stderr = "".join(line + "\n" for line in process.stderr_lines)
    if process.timed_out:
        yield {"Action": "goide-timeout", "Status": process.returncode, "Stderr": stderr}
    elif process.returncode != 0:
        yield {"Action": "goide-exit", "Status": process.returncode, "Stderr": stderr}


def run_benchmarks(
    packages: Sequence[str],
    flags: BenchFlags,
    *,
    cwd: Path | None = None,
    timeout: float = 1800,
    on_event: Callable[[str, str | None], None] | None = None,
) -> BenchRun:
    """Run the benchmarks; `on_event("start", name)` / `("result", line)` follow the progress.

    A failing go test does not lose what finished: the results read so far are kept, and each
    package's failure (build error, panic, failed benchmark) is returned with the lines that say why.
    """
    started = time.monotonic()
    argv = flags.go_test_argv(packages)
    pending: dict[str, str] = {}
    out = io.StringIO()
    seen_packages: list[str] = []
    run = BenchRun("")
    build_output: dict[str, list[str]] = {}  # ImportPath -> the compiler's lines
    running: dict[str, str] = {}  # package -> the benchmark that started last
    bench_output: dict[tuple[str, str], list[str]] = {}  # (package, benchmark) -> its own lines
    failed_benchmarks: dict[str, list[str]] = {}  # package -> "--- FAIL:" benchmarks
    panics: dict[str, tuple[str, list[str]]] = {}  # package -> (benchmark, lines from "panic:")
    for event in stream_events(argv, cwd, timeout):
        action = event.get("Action")
        if action in ("goide-exit", "goide-timeout"):
            run.exit_status = int(str(event.get("Status", 1)))
            run.timed_out = action == "goide-timeout"
            run.stderr = str(event.get("Stderr", ""))
            continue
        if action == "build-output":
            build_output.setdefault(str(event.get("ImportPath", "")), []).append(
                str(event.get("Output", "")).rstrip("\n")
            )
            continue
        package = str(event.get("Package", ""))
        if package and package not in seen_packages:
            seen_packages.append(package)
        test = event.get("Test")
        if action == "run" and isinstance(test, str) and "/" not in test:
            running[package] = test
            if on_event:
                on_event("start", test)
        if action == "fail" and not test:
            seen = _Seen(build_output, failed_benchmarks, panics, bench_output)
            run.failures.append(_package_failure(package, event, seen))
            continue
        if action != "output":
            continue
        text = pending.pop(package, "") + str(event.get("Output", ""))
        *lines, rest = text.split("\n")
        if rest:
            pending[package] = rest
        for line in lines:
            if package in panics:
                panics[package][1].append(line)
            elif line.startswith(("panic: ", "fatal error: ")):
                # Before _keep: "panic: ..." has the shape of a configuration line.
                panics[package] = (running.get(package, ""), [line])
                if running.get(package):
                    out.write(f"--- FAIL: {running[package]}\n")  # marks it; benchstat skips the line
            elif _keep(line):
                out.write(line + "\n")
                if line.startswith("Benchmark") and on_event:
                    on_event("result", line)
            elif line.startswith("--- FAIL: "):
                name = line.removeprefix("--- FAIL: ").split()[0] if line.split()[2:] else ""
                failed_benchmarks.setdefault(package, []).append(name)
                out.write(f"--- FAIL: {name}\n")  # marks it in the file; benchstat skips the line
            elif isinstance(test, str) and test:
                bench_output.setdefault((package, test.split("/")[0]), []).append(line)
    if run.exit_status and not run.failures and not run.timed_out:
        # go test failed before any package ran (a bad flag, a package pattern that matches nothing).
        lines = [line for line in run.stderr.splitlines() if line.strip()] or [
            line for lines in build_output.values() for line in lines
        ]
        run.failures.append(BenchFailure("", "build", "", lines[-20:]))
    run.text = out.getvalue()
    units = benchfmt.UnitRegistry()
    run.results = [
        r
        for r in benchfmt.read_text(
            io.BytesIO(run.text.encode("utf-8", "surrogateescape")), "go test", "", units
        )
        if isinstance(r, benchfmt.Result)
    ]
    run.packages = seen_packages
    run.seconds = time.monotonic() - started
    return run


@dataclass(frozen=True, slots=True)
class _Seen:
    """What the events said so far that can explain a package failure."""

    build_output: dict[str, list[str]]
    failed_benchmarks: dict[str, list[str]]
    panics: dict[str, tuple[str, list[str]]]
    bench_output: dict[tuple[str, str], list[str]]


def _package_failure(package: str, event: dict[str, object], seen: _Seen) -> BenchFailure:
    """Why a package failed, from what its events said."""
    build_output, panics = seen.build_output, seen.panics
    failed_build = event.get("FailedBuild")
    if failed_build or any(path.split(" ")[0] == package for path in build_output):
        lines = build_output.get(str(failed_build), []) if failed_build else []
        if not lines:
            lines = [
                line for path, out in build_output.items() if path.split(" ")[0] == package for line in out
            ]
        return BenchFailure(package, "build", "", lines)
    if package in panics:
        benchmark, lines = panics[package]
        lines = [line for line in lines if not line.startswith(("exit status ", "FAIL\t"))]
        return BenchFailure(package, "panic", benchmark, lines, _explain_panic(lines))
    names = seen.failed_benchmarks.get(package, [])
    if names:
        output = [
            line
            for line in seen.bench_output.get((package, names[0].split("/")[0]), [])
            if not line.startswith("=== ") and line.strip() != names[0]  # framing, not the cause
        ]
        return BenchFailure(package, "fail", names[0], output)
    return BenchFailure(package, "fail", "", [])


def _explain_panic(lines: list[str]) -> str:
    """goide crash's reading of a panic: its kind and the function where it happened."""
    from goide.crash.classify import summarize
    from goide.crash.read import read_crashes

    text = "\n".join(lines).encode("utf-8", "surrogateescape")
    for crash in read_crashes(io.BytesIO(text)):
        summary = summarize(crash, with_groups=False)
        if summary.culprit is not None:
            return f"{summary.title} at {summary.culprit.location()}"
        return summary.title
    return ""


def run_command(args: argparse.Namespace) -> int:
    """`goide bench run`: progress on stderr, the benchmark format to --out or stdout."""
    if args.count < 1:
        raise InputError("--count must be at least 1", hint="benchstat needs 6 or more runs for intervals")
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    total = list_benchmarks(args.packages, args.bench, None, timeout=args.timeout)
    progress = Progress(
        TextColumn("[bold]bench[/]"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} benchmarks"),
        TextColumn("{task.fields[results]} results"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        console=console,
        transient=not console.is_terminal,
        disable=not console.is_terminal,
    )
    state = {"results": 0, "started": 0}
    with progress:
        task = progress.add_task("bench", total=total or None, results=0, current="")

        def on_event(kind: str, value: str | None) -> None:
            if kind == "start":
                if state["started"]:
                    progress.advance(task)
                state["started"] += 1
                progress.update(task, current=value or "")
            else:
                state["results"] += 1
                progress.update(task, results=state["results"])

        result = run_benchmarks(
            args.packages,
            BenchFlags(args.bench, args.count, args.benchtime, args.benchmem, args.cpu),
            timeout=args.timeout,
            on_event=on_event,
        )
        if state["started"]:
            progress.advance(task)
    for failure in result.failures:
        _report_failure(failure)
    if result.timed_out:
        sys.stderr.write(f"error: go test did not finish within {args.timeout:g} seconds\n")
        sys.stderr.write("hint: raise --timeout (or run fewer benchmarks with --bench)\n")
    if not result.results:
        if result.failures or result.timed_out:
            return 1
        raise GoideError(
            f"no benchmark matched {args.bench!r} in {' '.join(args.packages)}",
            hint="check --bench and the packages; benchmarks are BenchmarkXxx functions in _test.go files",
            exit_status=1,
        )
    if args.out:
        _atomic_write(Path(args.out), result.text)
        console.print(f"wrote {plural(len(result.results), 'result')} to {args.out} in {result.seconds:.1f}s")
    else:
        sys.stdout.write(result.text)
        sys.stdout.flush()
    if args.record:
        from goide.bench import history as benchhistory

        db = benchhistory.default_db() if args.db is None else Path(args.db)
        run_id = benchhistory.record(db, result.results, result.packages, args=sys.argv[1:])
        console.print(f"recorded run {run_id} in {db}")
    if result.failures or result.timed_out:
        kept = "written" if args.out else "printed"
        recorded = " and recorded" if args.record else ""
        sys.stderr.write(f"note: {_finished(len(result.results))} {kept}{recorded}\n")
        return 1
    return 0


def _finished(n: int) -> str:
    return "the 1 result that finished was" if n == 1 else f"the {n} results that finished were"


def _report_failure(failure: BenchFailure) -> None:
    """The cause on stderr: one error line, then the lines go test printed about it."""
    sys.stderr.write(f"error: {failure.title}\n")
    if failure.explanation:
        sys.stderr.write(f"  goide crash: {failure.explanation}\n")
    shown = [line for line in failure.output if line.strip()]
    limit = 12 if failure.kind == "panic" else 20
    for line in shown[:limit]:
        sys.stderr.write(f"  {line}\n")
    if len(shown) > limit:
        sys.stderr.write(
            f"  ... {plural(len(shown) - limit, 'more line')} (run the same go test to see them all)\n"
        )


def _atomic_write(path: Path, text: str) -> None:
    """The results file, written by goide's one output writer (core/safe_write.py)."""
    from goide.core.safe_write import write_output

    try:
        write_output(path, text.encode("utf-8", "surrogateescape"), what="results file")
    except GoideError as err:
        raise InputError(err.message, hint="choose a writable --out path") from None
