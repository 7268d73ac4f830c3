"""Fuzz target: `analyse_stream`'s whole-entry reading of gopls logs changes nothing.

`analyse_stream` reads each block of whole lines with `TraceParser.read_chunk`, which finds
gopls `-rpc.trace` entries (header, data line, line ends) with one regular expression and reads
them at once; `by_line(data)` feeds every line to `TraceParser.feed` instead. `same_both_ways(data)`
asserts the two reports are equal, field by field, with blocks of 1 MiB and with small blocks that
cut entries apart at every boundary.
"""

from __future__ import annotations

import dataclasses
import io
from typing import Any

from goide.core.lines import DEFAULT_TAIL, read_lines
from goide.trace.latency import TraceAnalysis, TraceReport, analyse_stream
from goide.trace.lsptrace import TraceParser

# Block sizes `same_both_ways` reads with: the real one, and small ones so that blocks end inside
# entries (a block holds whole lines only, so the cut falls between the lines of an entry).
BLOCKS = (1 << 20, 1, 7, 100, 333)


def by_line(data: bytes) -> TraceReport:
    parser = TraceParser()
    analysis = TraceAnalysis()
    for line in read_lines(io.BytesIO(data), tail=DEFAULT_TAIL):
        for entry in parser.feed(line):
            analysis.add(entry)
    for entry in parser.finish():
        analysis.add(entry)
    return analysis.report(parser.stats)


def _plain(report: TraceReport) -> Any:
    return dataclasses.asdict(report)


def same_both_ways(data: bytes, blocks: tuple[int, ...] = BLOCKS) -> None:
    expected = _plain(by_line(data))
    for block in blocks:
        assert _plain(analyse_stream(io.BytesIO(data), block=block)) == expected, f"block {block}"
