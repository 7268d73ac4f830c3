"""Reads a byte stream a line at a time with bounded memory, whatever the stream holds.

The one line reader of goide: `goide trace`, `goide crash` and `goide test` read their input
through `read_lines`. Logs users paste or point goide at can hold lines of many megabytes (a
didOpen of a generated file, a test printing a blob) or no newline at all (binary garbage), and
`go test -json` may be a live pipe that must be read as it is written.

- Blocks are read with `read1` where the stream has it, so a pipe hands over what it holds now
  instead of waiting for a full block; each block is split on newlines in one call, about twice
  as fast as `readline` per line. `read_line_blocks` hands over each block's lines as a list,
  for hot loops; `read_lines` one line at a time.
- A line longer than `max_line` bytes is cut: its first `max_line` bytes are kept and the rest is
  skipped without being held. With `tail` set, the cut line comes as a `CutLine` that also keeps
  the last `tail` bytes after the head and the real length, so a parser can still read a header
  at the start and a timestamp at the end; without it, the cut line is just its head.
- Lines are bytes without their newline (a `\\r` before it is kept): callers decode.
- `LineStats` counts lines, bytes, cut lines and the bytes cut off, and says whether the last
  line had no newline and whether the stream starts like binary data.

At most `max_line` bytes of an unfinished line plus one block are held at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, overload

DEFAULT_MAX_LINE = 4 * 1024 * 1024
DEFAULT_TAIL = 4096
BLOCK = 1 << 20
# A NUL byte this close to the start is how `file`, git and grep tell binary data from text.
BINARY_SNIFF = 8192


@dataclass(frozen=True, slots=True)
class CutLine:
    """A line longer than the limit: the bytes kept, and how long it really was."""

    head: bytes  # the first max_line bytes
    tail: bytes  # the last `tail` bytes after the head (fewer when the line is shorter)
    length: int  # of the whole line, without its newline


@dataclass
class LineStats:
    """What the reader saw, updated as it reads (lines as they are split from their block)."""

    lines: int = 0
    bytes: int = 0  # read from the stream, newlines included
    long_lines: int = 0  # lines longer than max_line, cut
    dropped_bytes: int = 0  # cut off those lines (beyond their first max_line bytes)
    truncated_last_line: bool = False  # the stream ended without a newline after its last line
    looks_binary: bool = False  # a NUL byte in the first BINARY_SNIFF bytes of the first block


@overload
def read_lines(
    stream: IO[bytes],
    *,
    max_line: int = ...,
    tail: None = None,
    stats: LineStats | None = None,
    block: int = ...,
) -> Iterator[bytes]: ...
@overload
def read_lines(
    stream: IO[bytes],
    *,
    max_line: int = ...,
    tail: int,
    stats: LineStats | None = None,
    block: int = ...,
) -> Iterator[bytes | CutLine]: ...
def read_lines(
    stream: IO[bytes],
    *,
    max_line: int = DEFAULT_MAX_LINE,
    tail: int | None = None,
    stats: LineStats | None = None,
    block: int = BLOCK,
) -> Iterator[bytes | CutLine]:
    """Each line of `stream` without its newline; a line over `max_line` bytes is cut.

    A cut line is its first `max_line` bytes, or a CutLine when `tail` is given. `stats`, when
    given, is kept up to date.
    """
    if stats is None:
        stats = LineStats()
    for lines in read_line_blocks(stream, max_line=max_line, tail=tail, stats=stats, block=block):
        if type(lines) is bytes:
            parts = lines.split(b"\n")
            stats.lines += len(parts)
            yield from parts
        else:
            stats.lines += 1
            yield lines


@overload
def read_line_blocks(
    stream: IO[bytes],
    *,
    max_line: int = ...,
    tail: None = None,
    stats: LineStats | None = None,
    block: int = ...,
) -> Iterator[bytes]: ...
@overload
def read_line_blocks(
    stream: IO[bytes],
    *,
    max_line: int = ...,
    tail: int,
    stats: LineStats | None = None,
    block: int = ...,
) -> Iterator[bytes | CutLine]: ...
def read_line_blocks(
    stream: IO[bytes],
    *,
    max_line: int = DEFAULT_MAX_LINE,
    tail: int | None = None,
    stats: LineStats | None = None,
    block: int = BLOCK,
) -> Iterator[bytes | CutLine]:
    """`read_lines` a read at a time: the whole lines each read completed, joined by newlines.

    Each bytes yielded holds one or more lines (already cut) separated by b"\\n", with no final
    newline: `split(b"\\n")` gives them back, and b"" is one empty line. A CutLine (when `tail`
    is given) comes on its own. For hot loops: a caller can split, or decode and split, a whole
    block in one call, and the reader does not split the common block at all.

    `stats.lines` is the caller's to count (the length of each split, 1 for a CutLine): counting
    newlines here would cost one more pass over every byte. The rest of `stats` is kept here.
    """
    if max_line < 1 or block < 1 or (tail is not None and tail < 0):
        raise ValueError("max_line and block must be positive, tail not negative")
    return _blocks(stream, max_line, tail, stats if stats is not None else LineStats(), block)


def _blocks(
    stream: IO[bytes], max_line: int, tail: int | None, stats: LineStats, block: int
) -> Iterator[bytes | CutLine]:
    read = getattr(stream, "read1", stream.read)
    pending = b""  # the start of a line whose newline is not read yet, at most max_line bytes
    long: _LongLine | None = None  # a line already over max_line whose rest is being skipped
    first = True
    while True:
        chunk = read(block)
        if not chunk:
            break
        stats.bytes += len(chunk)
        if first:
            stats.looks_binary = b"\x00" in chunk[:BINARY_SNIFF]
            first = False
        if long is not None:
            newline = chunk.find(b"\n")
            if newline < 0:
                long.skip(chunk)
                continue
            long.skip(chunk[:newline])
            yield long.finish(stats)
            long = None
            chunk = chunk[newline + 1 :]
        last = chunk.rfind(b"\n")
        if last < 0:
            pending += chunk
        else:
            # The first line may have begun in an earlier block; any other one lies between the
            # first and last newline of this block, so only a block longer than max_line can
            # hold another long line.
            first_newline = chunk.find(b"\n")
            lines = b"".join((pending, memoryview(chunk)[:last])) if pending else chunk[:last]
            if len(pending) + first_newline > max_line or last - first_newline > max_line + 1:
                yield from _cut_block(lines, max_line, tail, stats)
            else:
                yield lines
            del lines  # only what the caller holds stays in memory
            pending = chunk[last + 1 :]
        if len(pending) > max_line:
            long = _LongLine(pending, max_line, tail)
            pending = b""
    if long is not None:
        stats.truncated_last_line = True
        yield long.finish(stats)
    elif pending:
        stats.truncated_last_line = True
        yield pending


def _cut_block(lines: bytes, max_line: int, tail: int | None, stats: LineStats) -> Iterator[bytes | CutLine]:
    """A block that may hold lines over max_line, with those lines cut; a CutLine on its own."""
    run: list[bytes] = []
    for line in lines.split(b"\n"):
        if len(line) <= max_line:
            run.append(line)
            continue
        stats.long_lines += 1
        stats.dropped_bytes += len(line) - max_line
        if tail is None:
            run.append(line[:max_line])
            continue
        if run:
            yield b"\n".join(run)
            run = []
        yield CutLine(line[:max_line], _last(line[max_line:], tail), len(line))
    if run:
        yield b"\n".join(run)


def _last(data: bytes, count: int) -> bytes:
    """The last `count` bytes of `data` (all of it when shorter; none for 0, unlike data[-0:])."""
    return data[len(data) - count :] if count < len(data) else data


class _LongLine:
    """A line over the limit that goes on past the blocks read so far: its head, length and tail."""

    __slots__ = ("head", "length", "max_line", "tail", "tail_size")

    def __init__(self, start: bytes, max_line: int, tail: int | None) -> None:
        self.head = start[:max_line]
        self.length = len(start)
        self.max_line = max_line
        self.tail_size = tail
        self.tail = _last(start[max_line:], tail) if tail else b""

    def skip(self, data: bytes) -> None:
        self.length += len(data)
        if self.tail_size:
            self.tail = _last(self.tail + _last(data, self.tail_size), self.tail_size)

    def finish(self, stats: LineStats) -> bytes | CutLine:
        stats.long_lines += 1
        stats.dropped_bytes += self.length - self.max_line
        if self.tail_size is None:
            return self.head
        return CutLine(self.head, self.tail, self.length)
