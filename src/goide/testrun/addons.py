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
from typing import IO

import orjson

from goide.core.errors import GoideError
from goide.testrun.aggregate import Aggregate
from goide.testrun.testjson import ReadStats

_RAW_COPY: ContextVar[IO[bytes] | None] = ContextVar("raw_copy", default=None)
_ECHO: ContextVar[Callable[[str], None] | None] = ContextVar("echo", default=None)


def echo_output(echo: Callable[[str], None]) -> None:
    """--format standard-verbose: every line of output is handed to `echo` as it is read."""
    _ECHO.set(echo)


@contextlib.contextmanager
def raw_capture(path: Path | None) -> Iterator[None]:
    """While the session runs, every byte read from go test (or --input) is also written to `path`.

    The file is written as the stream arrives, like `go test -json > FILE`, so that a run killed
    half-way still leaves what it produced.
    """
    echo_token = _ECHO.set(None)
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


def write_markdown(path: Path | None, agg: Aggregate, flaky: list[dict[str, str]]) -> None:
    """--markdown FILE, and the job summary of GitHub Actions when $GITHUB_STEP_SUMMARY is set."""
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if path is None and not step_summary:
        return
    from goide.testrun.markdown import render_markdown

    text = render_markdown(agg, flaky).encode()
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
