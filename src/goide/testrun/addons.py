"""The session's hooks for issue 20: what is read (JSON or `go test -v` text, copied raw to
--jsonfile) and the reports written after the summary (--markdown, $GITHUB_STEP_SUMMARY).

`session.py` calls these from one place each, so the session's own flow stays readable.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import IO, Any

import orjson

from goide.core.errors import GoideError
from goide.testrun.aggregate import Aggregate
from goide.testrun.testjson import ReadStats

_RAW_COPY: ContextVar[IO[bytes] | None] = ContextVar("raw_copy", default=None)
_ECHO: ContextVar[Callable[[str], None] | None] = ContextVar("echo", default=None)
_HIDE: ContextVar[frozenset[str]] = ContextVar("hide_summary", default=frozenset())


def hide_summary(lines: list[str]) -> list[str]:
    """The summary's lines without the parts --hide-summary names."""
    parts = _HIDE.get()
    if not parts:
        return lines
    from goide.testrun.summary_parts import hide

    return hide(lines, parts)


def echo_output(echo: Callable[[str], None]) -> None:
    """--format standard-verbose: every line of output is handed to `echo` as it is read."""
    _ECHO.set(echo)


@contextlib.contextmanager
def raw_capture(path: Path | None, *, hide_summary: frozenset[str] = frozenset()) -> Iterator[None]:
    """While the session runs, every byte read from go test (or --input) is also written to `path`.

    The file is written as the stream arrives, like `go test -json > FILE`, so that a run killed
    half-way still leaves what it produced.
    """
    echo_token = _ECHO.set(None)
    hide_token = _HIDE.set(hide_summary)
    try:
        if path is None:
            yield
            return
        with _open_copy(path) as copy:
            token = _RAW_COPY.set(copy)
            try:
                yield
            finally:
                _RAW_COPY.reset(token)
    finally:
        _ECHO.reset(echo_token)
        _HIDE.reset(hide_token)


@contextlib.contextmanager
def _open_copy(path: Path) -> Iterator[IO[bytes]]:
    try:
        copy = open(path, "wb")  # noqa: SIM115 - held for the whole session
    except OSError as err:
        raise GoideError(
            f"cannot write --jsonfile {path}: {err.strerror or err}",
            hint="check that the directory exists and is writable",
        ) from err
    with copy:
        yield copy


def consume(stream: IO[bytes], agg: Aggregate, stats: ReadStats) -> None:
    from goide.testrun.streamin import consume_stream

    copy = _RAW_COPY.get()
    echo = _ECHO.get()
    copies = [c for c in (copy, _Echo(echo) if echo is not None else None) if c is not None]
    consume_stream(stream, agg, stats, raw_copies=copies)
    for each in copies:
        each.flush()


class _Echo:
    """A write-only file that hands each line's output to `echo`: an event's Output, a text line whole."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        self.echo = echo
        self.partial = b""

    def write(self, data: bytes) -> int:
        lines = (self.partial + data).split(b"\n")
        self.partial = lines.pop()[-(1 << 20) :]
        for line in lines:
            self._line(line)
        return len(data)

    def flush(self) -> None:
        if self.partial:
            self._line(self.partial)
            self.partial = b""

    def _line(self, line: bytes) -> None:
        if line.startswith(b"{"):
            try:
                event = orjson.loads(line)
            except orjson.JSONDecodeError:
                event = None
            if isinstance(event, dict) and isinstance(event.get("Action"), str):
                output = event.get("Output")
                if event["Action"] == "output" and isinstance(output, str):
                    self.echo(output)
                return
        self.echo(line.decode(errors="replace").rstrip("\r") + "\n")


def write_markdown(
    path: Path | None, agg: Aggregate, flaky: list[dict[str, str]], go_flags: list[str] | None = None
) -> None:
    """--markdown FILE, and the job summary of GitHub Actions when $GITHUB_STEP_SUMMARY is set."""
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if path is None and not step_summary:
        return
    from goide.testrun.coverage import profile_total
    from goide.testrun.markdown import render_markdown

    profile = cover_profile(go_flags or [])
    total = profile_total(profile) if profile is not None else None
    text = render_markdown(agg, flaky, total).encode()
    if path is not None:
        from goide.core.safe_write import write_output

        write_output(path, text, what="Markdown summary")
    if step_summary:
        try:
            # GitHub's file collects every step's summary: append, never replace.
            with open(step_summary, "ab") as summary:
                summary.write(text)
        except OSError as err:
            raise GoideError(
                f"cannot append to $GITHUB_STEP_SUMMARY {step_summary}: {err.strerror or err}",
                hint="unset GITHUB_STEP_SUMMARY outside GitHub Actions",
            ) from err


POST_RUN_TIMEOUT = 600.0


def post_run(
    command: str, agg: Aggregate, jsonfile: Path | None, junit: Path | None, format_name: str
) -> None:
    """--post-run-command: run it with the results in its environment, as gotestsum does
    (GOTESTSUM_JSONFILE, GOTESTSUM_JUNITFILE, GOTESTSUM_FORMAT, TESTS_TOTAL, TESTS_FAILED,
    TESTS_SKIPPED, TESTS_ERRORS). Its output goes to goide's; it is killed, with its process group,
    after POST_RUN_TIMEOUT seconds. Its failure is reported on stderr and does not change goide's
    exit status, which is the tests'."""
    import shlex
    import signal
    import subprocess
    import sys

    try:
        argv = shlex.split(command)
    except ValueError as err:
        raise GoideError(f"--post-run-command: {err}", hint="quote it as a shell would") from err
    if not argv:
        return
    totals = agg.totals()
    env = {
        **os.environ,
        "GOTESTSUM_JSONFILE": str(jsonfile or ""),
        "GOTESTSUM_JUNITFILE": str(junit or ""),
        "GOTESTSUM_FORMAT": format_name,
        "TESTS_TOTAL": str(totals.passed + totals.failed + totals.skipped),
        "TESTS_FAILED": str(totals.failed),
        "TESTS_SKIPPED": str(totals.skipped),
        "TESTS_ERRORS": str(totals.build_errors),
    }
    sys.stdout.flush()
    try:
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, start_new_session=True)
    except OSError as err:
        sys.stderr.write(f"goide: --post-run-command did not start: {argv[0]}: {err.strerror or err}\n")
        return
    try:
        status = proc.wait(timeout=POST_RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        sys.stderr.write(f"goide: --post-run-command killed after {POST_RUN_TIMEOUT:g} s\n")
        return
    if status != 0:
        sys.stderr.write(f"goide: --post-run-command exited with status {status}\n")


def compare(earlier: Path | None, agg: Aggregate, go_flags: list[str], out: IO[str], *, color: bool) -> None:
    """--coverage (earlier None): coverage with bands and the cover profile's total; --compare FILE:
    coverage, times and failures against an earlier run."""
    from goide.testrun.coverage import comparison_lines, coverage_lines, figures, profile_total, read_earlier

    profile = cover_profile(go_flags)
    total = profile_total(profile) if profile is not None else None
    if earlier is None:
        lines = coverage_lines(figures(agg), total)
    else:
        lines = comparison_lines(figures(agg), read_earlier(earlier), str(earlier), total)
    _print_banded(lines, out, color=color)


def _print_banded(lines: list[str], out: IO[str], *, color: bool) -> None:
    if not color:
        out.write("".join(line + "\n" for line in lines))
        out.flush()
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False)
    styles = {"[good]": "green", "[fair]": "yellow", "[poor]": "red"}
    for line in lines:
        style = next((s for mark, s in styles.items() if mark in line), "")
        console.print(Text(line, style=style))


def cover_profile(go_flags: list[str]) -> Path | None:
    """The file of `-coverprofile F` / `-coverprofile=F` among the go test flags."""
    for i, flag in enumerate(go_flags):
        name, _, value = flag.lstrip("-").partition("=")
        if name in ("coverprofile", "test.coverprofile"):
            if value:
                return Path(value)
            if i + 1 < len(go_flags):
                return Path(go_flags[i + 1])
    return None


def junit_options(path: Path, options: Any, agg: Aggregate) -> None:
    """Rename, add properties, hostname and timestamp, and apply the subtest mode to --junit's file."""
    from goide.testrun.annotations import roots_here
    from goide.testrun.junit_options import apply

    apply(path, options, module_path=roots_here().module_path, first_time=agg.first_time)
