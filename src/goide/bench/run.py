"""`goide bench run`: run `go test -bench` with live progress and keep the output in the standard format.

go test runs with `-json` so that progress can follow the benchmarks as they start; the text
written out is the benchmark format as go test prints it (configuration lines `goos:`,
`goarch:`, `pkg:`, `cpu:` and result lines), reassembled from the event stream, so that
benchstat and `goide bench compare` read it unchanged.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from goide.bench import benchfmt
from goide.core.errors import GoideError, InputError


@dataclass(slots=True)
class BenchRun:
    """What one `go test -bench` run produced."""

    text: str
    results: list[benchfmt.Result] = field(default_factory=list)
    packages: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _go() -> str:
    found = shutil.which("go")
    if not found:
        raise GoideError("`go` is not on PATH", hint="install Go from https://go.dev/dl/ and retry")
    return found


def go_test_argv(
    packages: Sequence[str],
    *,
    bench: str,
    count: int,
    benchtime: str | None = None,
    benchmem: bool = False,
    cpu: str | None = None,
) -> list[str]:
    argv = [_go(), "test", "-json", "-run", "^$", "-bench", bench, "-count", str(count)]
    if benchtime:
        argv += ["-benchtime", benchtime]
    if benchmem:
        argv.append("-benchmem")
    if cpu:
        argv += ["-cpu", cpu]
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
    """The JSON events of a running go test, as they come; stops it at the timeout."""
    process = subprocess.Popen(
        list(argv),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    deadline = time.monotonic() + timeout
    stderr_chunks: list[bytes] = []
    import threading

    def drain() -> None:
        assert process.stderr is not None
        for chunk in iter(lambda: process.stderr.read(65536), b""):  # type: ignore[union-attr]
            stderr_chunks.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    timer = threading.Timer(max(deadline - time.monotonic(), 0), _kill_group, args=(process,))
    timer.start()
    try:
        for raw in process.stdout:
            try:
                event = orjson.loads(raw)
            except orjson.JSONDecodeError:
                yield {"Action": "output", "Package": "", "Output": raw.decode("utf-8", "replace")}
                continue
            if isinstance(event, dict):
                yield event
        status = process.wait()
    finally:
        timer.cancel()
        if process.poll() is None:
            _kill_group(process)
            process.wait()
    reader.join(timeout=5)
    stderr = b"".join(stderr_chunks).decode("utf-8", "replace")
    if time.monotonic() >= deadline:
        raise GoideError(f"go test did not finish within {timeout:g} seconds", hint="raise --timeout")
    if status != 0:
        yield {"Action": "goide-exit", "Status": status, "Stderr": stderr}


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    import signal

    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def run_benchmarks(
    packages: Sequence[str],
    *,
    bench: str,
    count: int,
    benchtime: str | None = None,
    benchmem: bool = False,
    cpu: str | None = None,
    cwd: Path | None = None,
    timeout: float = 1800,
    on_event: Callable[[str, str | None], None] | None = None,
) -> BenchRun:
    """Run the benchmarks; `on_event("start", name)` / `("result", line)` follow the progress."""
    started = time.monotonic()
    argv = go_test_argv(packages, bench=bench, count=count, benchtime=benchtime, benchmem=benchmem, cpu=cpu)
    pending: dict[str, str] = {}
    out = io.StringIO()
    failures: list[str] = []
    seen_packages: list[str] = []
    exit_info: dict[str, object] | None = None
    for event in stream_events(argv, cwd, timeout):
        action = event.get("Action")
        if action == "goide-exit":
            exit_info = event
            continue
        package = str(event.get("Package", ""))
        if package and package not in seen_packages:
            seen_packages.append(package)
        test = event.get("Test")
        if action == "run" and isinstance(test, str) and "/" not in test and on_event:
            on_event("start", test)
        if action != "output":
            continue
        text = pending.pop(package, "") + str(event.get("Output", ""))
        *lines, rest = text.split("\n")
        if rest:
            pending[package] = rest
        for line in lines:
            if _keep(line):
                out.write(line + "\n")
                if line.startswith("Benchmark") and on_event:
                    on_event("result", line)
            elif line.startswith(("--- FAIL", "FAIL", "panic:")) or "[build failed]" in line:
                failures.append(line)
    if exit_info is not None:
        detail = "\n".join(failures[-5:]) or str(exit_info.get("Stderr", "")).strip()[-2000:]
        first_line = detail.splitlines()[0] if detail else ""
        raise GoideError(
            f"go test failed (exit status {exit_info.get('Status')}): {first_line}",
            hint="run the same `go test -bench` yourself to see the whole output",
            exit_status=1,
        )
    text = out.getvalue()
    units = benchfmt.UnitRegistry()
    results = [
        r
        for r in benchfmt.read_text(io.BytesIO(text.encode("utf-8", "surrogateescape")), "go test", "", units)
        if isinstance(r, benchfmt.Result)
    ]
    return BenchRun(text, results, seen_packages, time.monotonic() - started)


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
            bench=args.bench,
            count=args.count,
            benchtime=args.benchtime,
            benchmem=args.benchmem,
            cpu=args.cpu,
            timeout=args.timeout,
            on_event=on_event,
        )
        if state["started"]:
            progress.advance(task)
    if not result.results:
        raise GoideError(
            f"no benchmark matched {args.bench!r} in {' '.join(args.packages)}",
            hint="check --bench and the packages; benchmarks are BenchmarkXxx functions in _test.go files",
            exit_status=1,
        )
    if args.out:
        _atomic_write(Path(args.out), result.text)
        console.print(f"wrote {len(result.results)} results to {args.out} in {result.seconds:.1f}s")
    else:
        sys.stdout.write(result.text)
        sys.stdout.flush()
    if args.record:
        from goide.bench import history as benchhistory

        db = benchhistory.default_db() if args.db is None else Path(args.db)
        run_id = benchhistory.record(db, result.results, result.packages, args=sys.argv[1:])
        console.print(f"recorded run {run_id} in {db}")
    return 0


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8", errors="surrogateescape")
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise InputError(
            f"cannot write {path}: {err.strerror or err}", hint="choose a writable --out path"
        ) from None
