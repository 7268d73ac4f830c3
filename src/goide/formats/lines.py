"""Reads a byte stream a line at a time with bounded memory, whatever the stream holds.

Logs users paste or point goide at can hold lines of many megabytes (a didOpen of a generated
file) or no newline at all (binary garbage). A line longer than `max_line` is cut: its first
`max_line` bytes and its last `tail` bytes are kept and the line is marked as cut, so a parser can
still read a header at the start and a timestamp at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

DEFAULT_MAX_LINE = 4 * 1024 * 1024
DEFAULT_TAIL = 4096


@dataclass(frozen=True, slots=True)
class CutLine:
    """A line longer than the limit: the bytes kept, and how long it really was."""

    head: bytes
    tail: bytes
    length: int


def read_lines(
    stream: BinaryIO, *, max_line: int = DEFAULT_MAX_LINE, tail: int = DEFAULT_TAIL
) -> Iterator[bytes | CutLine]:
    """Each line of `stream` without its newline; a line over `max_line` bytes comes as a CutLine."""
    readline = stream.readline
    while True:
        line = readline(max_line + 1)
        if not line:
            return
        if line[-1:] == b"\n":
            yield line[:-1]
            continue
        if len(line) <= max_line:
            yield line  # the last line, without a newline
            return
        # Longer than the limit: skip to the end of the line, keeping only its last bytes.
        length = len(line)
        head = line[:max_line]
        last = line[max_line:]
        while True:
            more = readline(max_line + 1)
            if not more:
                break
            length += len(more)
            if more[-1:] == b"\n":
                length -= 1
                last = (last + more[:-1])[-tail:]
                break
            last = (last + more)[-tail:]
        yield CutLine(head, last[-tail:], length)
