"""Reads logs for crashes: any file or stream, a line at a time, in bounded memory.

This is the impure edge of `goide crash`: it opens files, decodes bytes (invalid UTF-8 is
replaced, never fatal), cuts lines longer than `traceback.MAX_LINE` and feeds the traceback
parser. `crashes_in_file` and `recent_gopls_crashes` are what `goide doctor` calls.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from goide.errors import InputError
from goide.formats.traceback import MAX_LINE, Crash, TracebackParser
from goide.rules.crash import CrashSummary, summarize

_CHUNK = 1 << 20
_HINT = "give a log file, or '-' to read standard input"


@dataclass
class ReadStats:
    """What was read: for the report's "N lines, M bytes" and the binary-input check."""

    lines: int = 0
    bytes: int = 0
    long_lines: int = 0
    looks_binary: bool = False


def iter_lines(stream: BinaryIO, stats: ReadStats) -> Iterator[str]:
    """Decoded lines of `stream`; a line longer than MAX_LINE is cut and the rest skipped.

    Reads blocks and splits them, which is several times faster than `readline` per line; at
    most one block plus MAX_LINE bytes are held at a time.
    """
    read = getattr(stream, "read1", stream.read)
    pending = b""  # the start of a line whose end is not read yet
    skipping = False  # inside a line already cut at MAX_LINE
    first = True
    while True:
        chunk = read(_CHUNK)
        if not chunk:
            break
        stats.bytes += len(chunk)
        if first:
            stats.looks_binary = b"\x00" in chunk[:8192]
            first = False
        if skipping:
            newline = chunk.find(b"\n")
            if newline < 0:
                continue
            chunk = chunk[newline + 1 :]
            skipping = False
        data = pending + chunk if pending else chunk
        last = data.rfind(b"\n")
        if last < 0:
            pending = data
            if len(pending) > MAX_LINE:
                stats.long_lines += 1
                stats.lines += 1
                yield pending[:MAX_LINE].decode("utf-8", "replace")
                pending = b""
                skipping = True
            continue
        pending = data[last + 1 :]
        lines = data[:last].decode("utf-8", "replace").split("\n")
        stats.lines += len(lines)
        if last > MAX_LINE:
            stats.long_lines += sum(1 for line in lines if len(line) > MAX_LINE)
        yield from lines
    if pending:
        stats.lines += 1
        if len(pending) > MAX_LINE:
            stats.long_lines += 1
        yield pending[:MAX_LINE].decode("utf-8", "replace")


def read_crashes(stream: BinaryIO, stats: ReadStats | None = None) -> Iterator[Crash]:
    """Every crash in `stream`, yielded as soon as it is complete."""
    stats = stats if stats is not None else ReadStats()
    parser = TracebackParser()
    for line in iter_lines(stream, stats):
        yield from parser.feed(line)
    yield from parser.finish()


def open_input(name: str) -> BinaryIO:
    """`-` for standard input, else a file; InputError (exit 2) when it cannot be read."""
    if name == "-":
        import sys

        return sys.stdin.buffer
    path = Path(name)
    if path.is_dir():
        raise InputError(f"{name} is a directory", hint=_HINT)
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(f"{name}: no such file", hint=_HINT) from None
    except OSError as err:
        raise InputError(f"cannot read {name}: {err.strerror}") from None


def crashes_in_file(path: str | os.PathLike[str], limit: int = 100) -> list[CrashSummary]:
    """The first `limit` crashes in the log at `path`, explained (for `goide doctor`)."""
    result: list[CrashSummary] = []
    with open(path, "rb") as stream:
        for crash in read_crashes(stream):
            result.append(summarize(crash))
            if len(result) >= limit:
                break
    return result


def gopls_log_paths(directory: str | os.PathLike[str] | None = None, max_age_days: float = 7) -> list[Path]:
    """gopls `-logfile=auto` logs (`gopls-<pid>.log`, `gopls-daemon-<pid>.log`) newer than `max_age_days`.

    `directory` defaults to the temporary directory, where `-logfile=auto` writes them.
    """
    base = Path(directory) if directory is not None else Path(tempfile.gettempdir())
    cutoff = time.time() - max_age_days * 86400
    found = []
    try:
        candidates = list(base.glob("gopls-*.log"))
    except OSError:
        return []
    for path in candidates:
        try:
            if path.is_file() and path.stat().st_mtime >= cutoff:
                found.append(path)
        except OSError:
            continue
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


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
    stats: ReadStats
    summaries: list[CrashSummary]
    total: int
    distinct: dict[tuple[str, str], tuple[CrashSummary, int]]
    go_version: str | None = None
    gopls_version: str | None = None


MAX_DISTINCT = 1000


def read_crash_log(stream: BinaryIO, source: str, max_crashes: int = 20) -> CrashLog:
    """Read `stream` to the end; keep the first `max_crashes` explained and count every crash.

    Memory stays bounded on a log of any size: crashes past `max_crashes` are only counted by
    kind and culprit (at most MAX_DISTINCT of those).
    """
    stats = ReadStats()
    log = CrashLog(source=source, stats=stats, summaries=[], total=0, distinct={})
    for crash in read_crashes(stream, stats):
        keep = len(log.summaries) < max_crashes
        # Past the first crashes only the kind and culprit are needed, for the counts.
        summary = summarize(crash, with_groups=keep)
        log.total += 1
        if keep:
            log.summaries.append(summary)
        first, count = log.distinct.get(summary.signature, (summary, 0))
        if count or len(log.distinct) < MAX_DISTINCT:
            log.distinct[summary.signature] = (first, count + 1)
        log.go_version = crash.go_version or log.go_version
        log.gopls_version = crash.gopls_version or log.gopls_version
    return log
