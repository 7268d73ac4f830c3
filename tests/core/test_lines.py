"""The bounded line reader shared by `goide trace`, `goide crash` and `goide test` (core/lines.py).

The property test compares the reader, fed in random chunk sizes the way a pipe hands data over,
with a reference: `bytes.split` on the whole input and the documented cut of each long line.
"""

from __future__ import annotations

import io
import tracemalloc
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goide.core.lines import (
    BINARY_SNIFF,
    CutLine,
    LineStats,
    read_line_blocks,
    read_line_chunks,
    read_lines,
)


class Pipe(io.RawIOBase):
    """A stream whose reads return the given chunks one at a time, as a pipe's `read1` does."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = list(reversed(chunks))
        self.largest_read = 0

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1) -> bytes:
        if not self.chunks:
            return b""
        chunk = self.chunks.pop()
        if size >= 0 and len(chunk) > size:
            self.chunks.append(chunk[size:])
            chunk = chunk[:size]
        self.largest_read = max(self.largest_read, len(chunk))
        return chunk


class Endless(io.RawIOBase):
    """`total` bytes of `byte` in blocks, never held whole (for the memory test)."""

    def __init__(self, total: int, byte: bytes = b"x", end: bytes = b"") -> None:
        self.left = total
        self.byte = byte
        self.end = end

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1) -> bytes:
        if self.left <= 0:
            end, self.end = self.end, b""
            return end
        count = min(size, self.left)
        self.left -= count
        return self.byte * count


def reference(data: bytes, max_line: int, tail: int | None) -> list[bytes | CutLine]:
    """The documented result: every line without its newline, a long one cut to its head (+ tail)."""
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()  # a newline ends a line; it does not start an empty one
    result: list[bytes | CutLine] = []
    for line in lines:
        if len(line) <= max_line:
            result.append(line)
        elif tail is None:
            result.append(line[:max_line])
        else:
            after = line[max_line:]
            result.append(CutLine(line[:max_line], after[max(0, len(after) - tail) :], len(line)))
    return result


def test_lines_without_newlines_and_last_line_without_one() -> None:
    stats = LineStats()
    assert list(read_lines(io.BytesIO(b"a\r\n\nb"), stats=stats)) == [b"a\r", b"", b"b"]
    assert (stats.lines, stats.bytes, stats.truncated_last_line) == (3, 5, True)
    stats = LineStats()
    assert list(read_lines(io.BytesIO(b""), stats=stats)) == []
    assert stats == LineStats()
    stats = LineStats()
    assert list(read_lines(io.BytesIO(b"\n"), stats=stats)) == [b""]
    assert (stats.lines, stats.truncated_last_line) == (1, False)


def test_long_line_cut_to_head_with_rest_skipped_and_counted() -> None:
    stats = LineStats()
    data = b"x" * 100 + b"\nshort\n" + b"y" * 50
    lines = list(read_lines(Pipe([data[:30], data[30:]]), max_line=10, stats=stats, block=16))
    assert lines == [b"x" * 10, b"short", b"y" * 10]
    assert (stats.long_lines, stats.dropped_bytes) == (2, 90 + 40)
    assert stats.truncated_last_line


def test_cut_line_keeps_tail_across_blocks() -> None:
    line = b"H" * 64 + b"m" * 1000 + b"tail-end"
    lines = list(read_lines(io.BytesIO(line + b"\nnext\n"), max_line=64, tail=8, block=7))
    assert lines == [CutLine(b"H" * 64, b"tail-end", len(line)), b"next"]
    # The tail never reaches into the head: a line just over the limit keeps only what follows it.
    assert list(read_lines(io.BytesIO(b"a" * 66), max_line=64, tail=8)) == [CutLine(b"a" * 64, b"aa", 66)]
    assert list(read_lines(io.BytesIO(b"a" * 70 + b"\n"), max_line=64, tail=0)) == [
        CutLine(b"a" * 64, b"", 70)
    ]


def test_line_of_exactly_max_line_is_not_cut() -> None:
    stats = LineStats()
    assert list(read_lines(io.BytesIO(b"a" * 8 + b"\n" + b"b" * 9), max_line=8, stats=stats)) == [
        b"a" * 8,
        b"b" * 8,
    ]
    assert (stats.long_lines, stats.dropped_bytes) == (1, 1)


def test_binary_input_is_detected_from_the_first_block_only() -> None:
    stats = LineStats()
    list(read_lines(io.BytesIO(b"ELF\x00\x01\n"), stats=stats))
    assert stats.looks_binary
    stats = LineStats()
    list(read_lines(io.BytesIO(b"a" * BINARY_SNIFF + b"\x00"), stats=stats))
    assert not stats.looks_binary


def test_a_live_pipe_is_read_as_it_is_written() -> None:
    """Each line is handed over once the read that completes it returns, not after a full block."""
    pipe = Pipe([b"one\ntw", b"o\n", b"three\n"])
    lines = read_lines(pipe)
    assert next(lines) == b"one"
    assert len(pipe.chunks) == 2  # only the first read was made
    assert next(lines) == b"two"
    assert len(pipe.chunks) == 1


def test_line_blocks_come_as_each_read_completes_them() -> None:
    pipe = Pipe([b"a\nb\nc", b"d\n", b"\n", b"e"])
    blocks = read_line_blocks(pipe)
    assert next(blocks) == [b"a", b"b"]
    assert len(pipe.chunks) == 3
    assert list(blocks) == [[b"cd"], [b""], [b"e"]]


def test_long_line_inside_a_block_longer_than_max_line() -> None:
    data = b"a\n" + b"L" * 20 + b"\nb\n"
    assert list(read_line_blocks(io.BytesIO(data), max_line=4, tail=2)) == [
        [b"a", CutLine(b"LLLL", b"LL", 20), b"b"]
    ]
    assert list(read_line_blocks(io.BytesIO(data), max_line=4)) == [[b"a", b"LLLL", b"b"]]


def test_stream_without_read1_is_read_with_read() -> None:
    class Plain:
        def __init__(self, data: bytes) -> None:
            self.inner = io.BytesIO(data)

        def read(self, size: int = -1) -> bytes:
            return self.inner.read(size)

    plain: Any = Plain(b"a\nb\n")
    assert list(read_lines(plain, block=1)) == [b"a", b"b"]


def test_bad_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="must be positive"):
        list(read_lines(io.BytesIO(b"a"), max_line=0))


def test_memory_is_bounded_by_max_line_and_a_block() -> None:
    """A 64 MiB line with no newline, and then many ordinary lines, cost about max_line + a block."""
    max_line, block = 1 << 20, 1 << 16
    tracemalloc.start()
    try:
        stats = LineStats()
        got = list(
            read_lines(Endless(64 << 20, end=b"\n"), max_line=max_line, tail=4096, stats=stats, block=block)
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert got == [CutLine(b"x" * max_line, b"x" * 4096, 64 << 20)]
    assert stats.dropped_bytes == (64 << 20) - max_line
    # The head kept, the unfinished line it was cut from and a block or two in flight.
    assert peak < 3 * max_line + 4 * block


chunk_sizes = st.lists(st.integers(1, 40), min_size=1, max_size=30)
line_strategy = st.one_of(
    st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"")),
    st.integers(13, 200).map(lambda n: b"L" * n),  # longer than any max_line drawn
    st.sampled_from([b"", b"\r", b"\x00\x01", "é".encode()]),
)


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(line_strategy, max_size=20),
    final_newline=st.booleans(),
    sizes=chunk_sizes,
    max_line=st.integers(1, 12),
    tail=st.one_of(st.none(), st.integers(0, 20)),
    block=st.integers(1, 64),
)
def test_property_same_as_reference_split(
    *, lines: list[bytes], final_newline: bool, sizes: list[int], max_line: int, tail: int | None, block: int
) -> None:
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    chunks, at = [], 0
    while at < len(data):
        size = sizes[len(chunks) % len(sizes)]
        chunks.append(data[at : at + size])
        at += size
    stats = LineStats()
    pipe = Pipe(chunks)
    got = list(read_lines(pipe, max_line=max_line, tail=tail, stats=stats, block=block))

    expected = reference(data, max_line, tail)
    assert got == expected
    whole = [len(line) for line in (data.split(b"\n")[: len(expected)])]
    assert stats.lines == len(expected)
    assert stats.bytes == len(data)
    assert stats.long_lines == sum(1 for n in whole if n > max_line)
    assert stats.dropped_bytes == sum(n - max_line for n in whole if n > max_line)
    assert stats.truncated_last_line == (bool(data) and not data.endswith(b"\n"))
    first = chunks[0][: min(block, BINARY_SNIFF)] if chunks else b""
    assert stats.looks_binary == (b"\x00" in first)
    # Bounded: no read larger than a block, nothing yielded larger than the limit.
    assert pipe.largest_read <= block
    for line in got:
        kept = line.head + line.tail if isinstance(line, CutLine) else line
        assert len(kept) <= max_line + (tail or 0)
    # The block form hands over the same lines and counts, each read's lines in one list.
    block_stats = LineStats()
    blocks = list(
        read_line_blocks(Pipe(chunks), max_line=max_line, tail=tail, stats=block_stats, block=block)
    )
    assert all(blocks)
    assert [line for lines in blocks for line in lines] == expected
    assert block_stats == stats
    # The chunk form too: a run of whole lines as one bytes, or a list where a line was cut.
    chunk_stats = LineStats()
    runs = list(read_line_chunks(Pipe(chunks), max_line=max_line, tail=tail, stats=chunk_stats, block=block))
    assert all(runs)
    runs = [bytes(run) if isinstance(run, memoryview) else run for run in runs]
    assert all(run.endswith(b"\n") for run in runs if isinstance(run, bytes))
    split = [run[:-1].split(b"\n") if isinstance(run, bytes) else run for run in runs]
    assert [line for lines in split for line in lines] == expected
    assert chunk_stats == stats
