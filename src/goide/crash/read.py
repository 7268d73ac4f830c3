"""Reads logs for crashes: any file or stream, a line at a time, in bounded memory.

This is the impure edge of `goide crash`: it opens files, reads lines through `core.lines`
(cut at `traceback.MAX_LINE` bytes), decodes them (invalid UTF-8 is replaced, never fatal) and
feeds the traceback parser. `crashes_in_file` and `recent_gopls_crashes` are what `goide doctor` calls.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from goide.core.lines import LineStats, read_line_chunks
from goide.core.logprefix import strip_vscode_lines
from goide.crash.classify import CrashSummary, summarize
from goide.crash.logfiles import gopls_log_paths
from goide.crash.traceback import MAX_LINE, Crash, TracebackParser, test2json_outputs

# Some line of a block has a VS Code log level: one search for what strip_vscode_lines looks
# for first (logprefix._VSCODE_LEVELS), where a log of Go's own text has none.
_VSCODE_LEVEL = re.compile(r" \[(?:error|info|trace|warning|debug)\]")


def read_crashes(
    stream: BinaryIO,
    stats: LineStats | None = None,
    *,
    grouping: str = "lines",
    grouped: int | None = None,
) -> Iterator[Crash]:
    """Every crash in `stream`, yielded as soon as it is complete.

    Lines longer than MAX_LINE bytes are cut (and counted in `stats`); the rest is skipped.
    Only the first `grouped` crashes (all: None) have their goroutines grouped (`buckets`).
    """
    parser = TracebackParser(grouping, grouped)
    for _, text in line_runs(stream, stats):
        for done in feed_text(parser, text):
            if done:
                yield from done
    yield from parser.finish()


def line_runs(
    stream: BinaryIO, stats: LineStats | None = None
) -> Iterator[tuple[bytes | memoryview | list[bytes], str]]:
    """Each run of whole lines of `stream` as read (a list of lines where one was cut, or the
    last has no newline) and as the parser reads it: decoded, `go test -json` events of one
    output line unwrapped, VS Code's log prefixes off. Both have the same lines."""
    for chunk in read_line_chunks(stream, max_line=MAX_LINE, stats=stats):
        # One decode per block rather than per line: the newline is ASCII, so invalid UTF-8 is
        # replaced exactly as it would be line by line.
        if isinstance(chunk, list):  # a line was cut, or the last one has no newline
            lines = cast(list[bytes], chunk)  # (no tail: no CutLine)
            text = str(b"\n".join(lines) + b"\n", "utf-8", "replace")
        else:
            text = str(chunk, "utf-8", "replace")
        # `go test -json` events as the output lines they hold, so that stacks read as blocks.
        text = test2json_outputs(text)
        if (text[:2] in ("19", "20") or "\n20" in text) and _VSCODE_LEVEL.search(text):
            # VS Code's log prefix off every line at once, so that stacks read as blocks.
            text = strip_vscode_lines(text)
        yield (lines if isinstance(chunk, list) else chunk), text


def feed_text(parser: TracebackParser, text: str) -> Iterator[list[Crash]]:
    """Feed `text` (whole lines, each ending in a newline) to `parser` a step at a time; after
    each step, the crashes it completed (mostly none), so that pass-through mode can write the
    lines known by then not to be part of a crash."""
    feed = parser.feed
    pos, end = 0, len(text)
    while pos < end:
        # In a crash, headers, stacks, blank lines and registers are read in runs, not line by
        # line; outside, lines that cannot start one are passed over.
        if parser.holding:
            pos = parser.feed_run(text, pos)
        else:
            pos = parser.skip_quiet(text, pos)
            yield _NONE
        if pos >= end:
            break
        newline = text.index("\n", pos)
        done = feed(text[pos:newline])
        pos = newline + 1
        yield done


_NONE: list[Crash] = []  # yielded, never changed, by a step that completes no crash


def crashes_in_file(path: str | os.PathLike[str], limit: int = 100) -> list[CrashSummary]:
    """The first `limit` crashes in the log at `path`, explained (for `goide doctor`)."""
    result: list[CrashSummary] = []
    with open(path, "rb") as stream:
        for crash in read_crashes(stream):
            result.append(summarize(crash))
            if len(result) >= limit:
                break
    return result


def recent_gopls_crashes(
    directory: str | os.PathLike[str] | None = None, max_age_days: float = 7
) -> list[tuple[Path, CrashSummary]]:
    """Crashes found in recent gopls logs of `directory`, newest log first."""
    result: list[tuple[Path, CrashSummary]] = []
    for path in gopls_log_paths(directory, max_age_days):
        try:
            summaries = crashes_in_file(path, limit=20)
        except OSError:
            continue
        result.extend((path, s) for s in summaries)
    return result


@dataclass
class CrashLog:
    """Everything `goide crash` reports about one input: the first crashes in full, all counted."""

    source: str
    stats: LineStats
    summaries: list[CrashSummary]
    total: int
    distinct: dict[tuple[str, str], tuple[CrashSummary, int]]
    go_version: str | None = None
    gopls_version: str | None = None


MAX_DISTINCT = 1000


def read_crash_log(
    stream: BinaryIO, source: str, max_crashes: int = 20, *, grouping: str = "lines"
) -> CrashLog:
    """Read `stream` to the end; keep the first `max_crashes` explained and count every crash.

    Memory stays bounded on a log of any size: crashes past `max_crashes` are only counted by
    kind and culprit (at most MAX_DISTINCT of those).
    """
    stats = LineStats()
    log = CrashLog(source=source, stats=stats, summaries=[], total=0, distinct={})
    # Past the first crashes only the kind and culprit are needed, for the counts: their
    # goroutines are not grouped.
    for crash in read_crashes(stream, stats, grouping=grouping, grouped=max_crashes):
        keep = len(log.summaries) < max_crashes
        summary = summarize(crash, with_groups=keep)
        log.total += 1
        if keep:
            log.summaries.append(summary)
        signature = summary.signature
        first, count = log.distinct.get(signature, (summary, 0))
        if count or len(log.distinct) < MAX_DISTINCT:
            log.distinct[signature] = (first, count + 1)
        log.go_version = crash.go_version or log.go_version
        log.gopls_version = crash.gopls_version or log.gopls_version
    return log
