"""Pass-through mode of `goide crash` (`prog 2>&1 | goide crash`), as panicparse's `pp` does it.

Every line that is not part of a traceback is written out unchanged as soon as it is known not
to be one; each traceback is replaced by goide's compact explanation of it. Lines are held back
only while a crash may be open (`TracebackParser.holding`), so a program's ordinary output shows
up as it comes, block by block from the pipe.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from goide.core.lines import LineStats
from goide.crash.classify import CrashSummary, summarize
from goide.crash.read import feed_text, line_runs
from goide.crash.traceback import Crash, TracebackParser


def pass_through(
    stream: BinaryIO,
    out: BinaryIO,
    explain: Callable[[CrashSummary, int], str],
    *,
    grouping: str = "lines",
    stats: LineStats | None = None,
) -> int:
    """Copy `stream` to `out`, each crash replaced by `explain(summary, index)`; the crash count.

    The lines are read as `goide crash FILE` reads them (`read.feed_text`), a run at a time; the
    lines of a run not yet written wait in `held`, and are written as they were read once the
    parser is not holding them (or a crash that follows them is complete).
    """
    parser = TracebackParser(grouping)
    held: list[bytes] = []  # the lines after `written`, as read (those of the current run too)
    written = 0  # lines up to this one are written out or replaced by an explanation
    count = 0

    def write_to(number: int) -> None:
        nonlocal written
        if number > written:
            lines = held[: number - written]
            del held[: number - written]
            out.write(b"\n".join(lines) + b"\n")
            written = number

    def replace(crash: Crash) -> None:
        nonlocal count, written
        write_to(crash.start_line - 1)
        count += 1
        out.write(explain(summarize(crash), count).encode())
        if crash.end_line > written:
            del held[: crash.end_line - written]
            written = crash.end_line

    for run, text in line_runs(stream, stats):
        held.extend(run if isinstance(run, list) else bytes(run[:-1]).split(b"\n"))
        for done in feed_text(parser, text):
            for crash in done:
                replace(crash)
            if not parser.holding:
                write_to(parser.line_number)
        out.flush()
    for crash in parser.finish():
        replace(crash)
    write_to(written + len(held))
    out.flush()
    return count
