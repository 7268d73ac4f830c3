"""Fuzz target: `analyse_stream`'s whole-entry reading of gopls logs changes nothing.

`analyse_stream` reads a gopls `-rpc.trace` entry (header, data line, line end) at once with
`TraceParser.feed_gopls_entry`; `by_line(data)` feeds every line to `TraceParser.feed` instead.
`same_both_ways(data)` asserts the two reports are equal, field by field.
"""

from __future__ import annotations

import dataclasses
import io
from typing import Any

from goide.core.lines import DEFAULT_TAIL, read_lines
from goide.trace.latency import TraceAnalysis, TraceReport, analyse_stream
from goide.trace.lsptrace import TraceParser


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


def same_both_ways(data: bytes) -> None:
    assert _plain(analyse_stream(io.BytesIO(data))) == _plain(by_line(data))
