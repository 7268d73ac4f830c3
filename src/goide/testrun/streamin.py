"""What `goide test` reads: a `go test -json` stream or plain `go test -v` text, told apart by its
first lines, with an optional exact copy of the bytes read (`--jsonfile`).

The kind is decided by the first line that only one of them has: a JSON object with an `Action`
(test2json), or a line `go test -v` writes (`=== RUN`, `--- FAIL:`, `ok  \tPKG`, `FAIL\tPKG`, the
binary's `PASS`). Lines before it (a merged stderr's `go: downloading`, `# PKG` build errors) decide
nothing. Up to `PEEK_LIMIT` bytes are looked at; the bytes peeked are read again, so nothing is lost.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import IO, Protocol

from goide.testrun.aggregate import Aggregate
from goide.testrun.gotestv import is_marker, read_verbose
from goide.testrun.testjson import ReadStats


class Writable(Protocol):
    def write(self, data: bytes, /) -> int: ...

    def flush(self) -> None: ...


JSON = "json"
VERBOSE = "verbose"
PEEK_LIMIT = 1 << 20


def consume_stream(
    stream: IO[bytes], agg: Aggregate, stats: ReadStats, raw_copies: Sequence[Writable] = ()
) -> str:
    """Feed the whole stream to `agg`, each byte also written to `raw_copies`; returns the kind read."""
    source: IO[bytes] = stream
    if raw_copies:
        source = io.BufferedReader(_Tee(stream, raw_copies))
    head, kind = _peek(source)
    replay = io.BufferedReader(_Replay(head, source))
    if kind == VERBOSE:
        feed, feed_text = agg.feed, agg.feed_text
        for item in read_verbose(replay, stats):
            if type(item) is str:
                feed_text(item)
            else:
                stats.events += 1
                feed(item)  # type: ignore[arg-type]
    else:
        agg.consume(replay, stats)
    return kind


def stream_kind(head: bytes) -> str | None:
    """JSON or VERBOSE from the first whole lines of a stream, or None while nothing decides."""
    for raw in head.split(b"\n")[:-1]:
        line = raw.removeprefix(b"\xef\xbb\xbf").rstrip(b"\r")
        if line.startswith(b"{") and b'"Action"' in line:
            return JSON
        try:
            text = line.decode()
        except UnicodeDecodeError:
            continue
        if is_marker(text):
            return VERBOSE
    return None


def _peek(source: IO[bytes]) -> tuple[bytes, str]:
    read = getattr(source, "read1", source.read)
    head = b""
    while len(head) < PEEK_LIMIT:
        block = read(64 * 1024)
        if not block:
            return head, stream_kind(head + b"\n") or JSON
        head += block
        kind = stream_kind(head)
        if kind is not None:
            return head, kind
    return head, JSON


class _Replay(io.RawIOBase):
    """The peeked bytes, then the rest of the stream."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head = memoryview(head)
        self.rest = rest
        self.read_rest = getattr(rest, "read1", rest.read)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.head:
            size = min(len(buffer), len(self.head))
            buffer[:size] = self.head[:size]
            self.head = self.head[size:]
            return size
        data = self.read_rest(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _Tee(io.RawIOBase):
    """Reads from `source` and writes every byte read to each copy, unchanged."""

    def __init__(self, source: IO[bytes], copies: Sequence[Writable]) -> None:
        self.source = source
        self.copies = copies
        self.read_source = getattr(source, "read1", source.read)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read_source(len(buffer))
        for copy in self.copies if data else ():
            copy.write(data)
        buffer[: len(data)] = data
        return len(data)
