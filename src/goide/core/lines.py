"""Reads a byte stream a line at a time with bounded memory, whatever the stream holds.

The one line reader of goide: `goide trace`, `goide crash` and `goide test` read their input
through `read_lines`. Logs users paste or point goide at can hold lines of many megabytes (a
didOpen of a generated file, a test printing a blob) or no newline at all (binary garbage), and
`go test -json` may be a live pipe that must be read as it is written.

- Blocks are read with `read1` where the stream has it, so a pipe hands over what it holds now
  instead of waiting for a full block; each block is split on newlines in one call, about twice
  as fast as `readline` per line. `read_line_blocks` hands over each block's lines as a list,
  for hot loops; `read_lines` one line at a time; `read_line_chunks` each block's whole lines
  unsplit, as one `bytes` to search with one regular expression.
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

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import IO, Any, overload

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
    """What the reader saw, updated as it reads (a block's lines are counted when it is split)."""

    lines: int = 0
    bytes: int = 0  # read from the stream, newlines included
    long_lines: int = 0  # lines longer than max_line, cut
    dropped_bytes: int = 0  # cut off those lines (beyond their first max_line bytes)
    truncated_last_line: bool = False  # the stream ended without a newline after its last line
    looks_binary: bool = False  # a NUL byte in the first BINARY_SNIFF bytes of the first block


if TYPE_CHECKING:  # the variants are for the type checker only

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
    for lines in read_line_blocks(stream, max_line=max_line, tail=tail, stats=stats, block=block):
        yield from lines


if TYPE_CHECKING:  # the variants are for the type checker only

    @overload
    def read_line_blocks(
        stream: IO[bytes],
        *,
        max_line: int = ...,
        tail: None = None,
        stats: LineStats | None = None,
        block: int = ...,
    ) -> Iterator[list[bytes]]: ...
    @overload
    def read_line_blocks(
        stream: IO[bytes],
        *,
        max_line: int = ...,
        tail: int,
        stats: LineStats | None = None,
        block: int = ...,
    ) -> Iterator[list[bytes | CutLine]]: ...


def read_line_blocks(
    stream: IO[bytes],
    *,
    max_line: int = DEFAULT_MAX_LINE,
    tail: int | None = None,
    stats: LineStats | None = None,
    block: int = BLOCK,
) -> Iterator[list[bytes] | list[bytes | CutLine]]:
    """`read_lines` a read at a time: the lines each read completed, as one non-empty list.

    For hot loops: iterating a list costs less per line than resuming a generator, and a caller
    that decodes can join, decode and split a whole list in three calls.
    """
    if max_line < 1 or block < 1 or (tail is not None and tail < 0):
        raise ValueError("max_line and block must be positive, tail not negative")
    return _blocks(stream, max_line, tail, stats if stats is not None else LineStats(), block, split=True)


def _blocks(
    stream: IO[bytes], max_line: int, tail: int | None, stats: LineStats, block: int, *, split: bool
) -> Iterator[Any]:
    """The one read loop of `read_line_blocks` (`split`: each read's lines as a list) and
    `read_line_chunks` (each read's whole lines as runs of bytes). Both share the reads, the
    binary sniff, the skipping of an over-long line and the end of the stream; only what is done
    with the whole lines of a read differs, chosen once per read. It yields what the two public
    functions declare: lists of lines with `split`, else runs or lists."""
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
            stats.lines += 1
            yield [long.finish(stats)]
            long = None
            chunk = chunk[newline + 1 :]
        if split:
            # The block is split as it is, not copied: only the first line joins what came before.
            lines = chunk.split(b"\n")
            del chunk  # only the lines are held while the caller reads them
            if pending:
                lines[0] = pending + lines[0]
            pending = lines.pop()
            if lines:
                stats.lines += len(lines)
                # Every line but the first lies within this block, so only the first can be over
                # max_line unless the block itself is longer than that.
                if (len(lines[0]) > max_line or block > max_line) and max(map(len, lines)) > max_line:
                    yield [_cut(line, max_line, tail, stats) for line in lines]
                else:
                    yield lines
                del lines
        else:
            end = chunk.rfind(b"\n") + 1
            if end == 0:
                pending += chunk
            else:
                start = 0
                if pending:  # the line begun by earlier reads ends here: a run of its own
                    start = chunk.find(b"\n") + 1
                    head = pending + chunk[:start]
                    pending = b""
                    stats.lines += 1
                    yield _whole_lines(head, max_line, tail, stats)
                    del head
                if start < end:
                    # The rest is handed over as a view of the block read: no copy.
                    stats.lines += chunk.count(b"\n", start, end)
                    run = memoryview(chunk)[start:end]
                    yield _whole_lines(run, max_line, tail, stats)
                    del run
                pending = chunk[end:]
                del chunk
        if len(pending) > max_line:
            long = _LongLine(pending, max_line, tail)
            pending = b""
    if long is not None:
        stats.lines += 1
        stats.truncated_last_line = True
        yield [long.finish(stats)]
    elif pending:
        stats.lines += 1
        stats.truncated_last_line = True
        yield [pending]


def read_line_chunks(
    stream: IO[bytes],
    *,
    max_line: int = DEFAULT_MAX_LINE,
    tail: int | None = None,
    stats: LineStats | None = None,
    block: int = BLOCK,
) -> Iterator[bytes | memoryview | list[bytes | CutLine]]:
    """`read_line_blocks` without splitting: the lines each read completed, as runs of bytes.

    Each item is either a run of whole lines, every one ending with its newline and none over
    `max_line` (so `bytes(run[:-1]).split(b"\n")` gives the lines `read_line_blocks` gives), or,
    where a line was cut or the stream ended without a newline, a list exactly as
    `read_line_blocks` gives it. A run is `bytes` (the line that joins what earlier reads began)
    or a `memoryview` of the block read (the lines within it, not copied). For parsers that find
    what they need with one regular expression over the whole run (`re.finditer` reads a
    memoryview and gives bytes) instead of a Python step per line. Same bounds and `stats`.
    """
    if max_line < 1 or block < 1 or (tail is not None and tail < 0):
        raise ValueError("max_line and block must be positive, tail not negative")
    return _blocks(stream, max_line, tail, stats if stats is not None else LineStats(), block, split=False)


def _whole_lines(
    run: bytes | memoryview, max_line: int, tail: int | None, stats: LineStats
) -> bytes | memoryview | list[bytes | CutLine]:
    """`run` (whole lines, each ending with its newline), or its lines as a list where one is
    over `max_line`: only a run longer than `max_line` plus a newline can hold such a line."""
    if len(run) > max_line + 1:
        lines = bytes(run[:-1]).split(b"\n")
        if max(map(len, lines)) > max_line:
            return [_cut(line, max_line, tail, stats) for line in lines]
    return run


def _cut(line: bytes, max_line: int, tail: int | None, stats: LineStats) -> bytes | CutLine:
    """`line` itself, or its kept part when it is longer than `max_line`."""
    if len(line) <= max_line:
        return line
    stats.long_lines += 1
    stats.dropped_bytes += len(line) - max_line
    if tail is None:
        return line[:max_line]
    return CutLine(line[:max_line], _last(line[max_line:], tail), len(line))


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
