"""Pass-through mode of `goide crash` (`prog 2>&1 | goide crash`), as panicparse's `pp` does it.

Every line that is not part of a traceback is written out unchanged as soon as it is known not
to be one; each traceback is replaced by goide's compact explanation of it. Lines are held back
only while a crash may be open (`TracebackParser.holding`), so a program's ordinary output shows
up as it comes, block by block from the pipe.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import BinaryIO

from goide.core.lines import LineStats, read_line_blocks
from goide.crash.classify import CrashSummary, summarize
from goide.crash.traceback import MAX_LINE, Crash, TracebackParser


def pass_through(
    stream: BinaryIO,
    out: BinaryIO,
    explain: Callable[[CrashSummary, int], str],
    *,
    grouping: str = "lines",
    stats: LineStats | None = None,
) -> int:
    """Copy `stream` to `out`, each crash replaced by `explain(summary, index)`; the crash count."""
    parser = TracebackParser(grouping)
    held: deque[tuple[int, bytes]] = deque()
    count = 0

    def replace(crash: Crash) -> None:
        nonlocal count
        while held and held[0][0] < crash.start_line:
            out.write(held.popleft()[1] + b"\n")
        count += 1
        out.write(explain(summarize(crash), count).encode())
        while held and held[0][0] <= crash.end_line:
            held.popleft()

    number = 0
    for lines in read_line_blocks(stream, max_line=MAX_LINE, stats=stats):
        for raw in lines:
            number += 1
            held.append((number, raw))
            for crash in parser.feed(raw.decode("utf-8", "replace")):
                replace(crash)
            if not parser.holding:
                while held:
                    out.write(held.popleft()[1] + b"\n")
        out.flush()
    for crash in parser.finish():
        replace(crash)
    while held:
        out.write(held.popleft()[1] + b"\n")
    out.flush()
    return count
