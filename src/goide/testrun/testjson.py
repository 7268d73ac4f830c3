"""Streaming reader of `go test -json` (test2json) output: one line at a time, bounded memory.

`read_events(stream)` yields, for each input line, either the decoded event (a dict, exactly as
orjson decoded it, so that no per-event object is built) or the line as text when it is not a JSON
object (pre-Go-1.24 build errors on a merged stderr, garbage, a truncated last line). Nothing is
dropped silently: `ReadStats` counts every non-JSON line, every invalid UTF-8 line, every unknown
action and field, and the bytes cut from lines longer than `max_line`.

Lines are read by `core.lines.read_lines` (blocks read with `read1`, so a live pipe is not
held back), so one enormous line never sits in memory whole: only its first `max_line` bytes are
kept. Event shapes follow cmd/internal/test2json (TestEvent)
and `go help buildjson` (BuildEvent, Go 1.24+).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import orjson

from goide.core.lines import LineStats, read_lines

# Every field that test2json (TestEvent) or cmd/go (BuildEvent) writes, up to Go 1.27.
KNOWN_FIELDS = frozenset(
    {
        "Time",
        "Action",
        "Package",
        "Test",
        "Elapsed",
        "Output",
        "OutputType",  # go1.27
        "FailedBuild",  # go1.24
        "Key",  # go1.25 attr
        "Value",  # go1.25 attr
        "Path",  # go1.26 artifacts
        "ImportPath",  # go1.24 build events
    }
)
KNOWN_ACTIONS = frozenset(
    {
        "start",
        "run",
        "pause",
        "cont",
        "pass",
        "fail",
        "skip",
        "output",
        "bench",
        "attr",
        "artifacts",
        "build-output",
        "build-fail",
    }
)

# A test2json line is at most ~1 KB of Output plus its envelope; 1 MiB leaves room for any other
# producer while bounding what one line can cost.
DEFAULT_MAX_LINE = 1 << 20

Event = dict[str, Any]


@dataclass
class ReadStats(LineStats):
    """What the reader saw besides well-formed events; all of it is reported, nothing hidden.

    The line reader counts lines, bytes and cut lines (LineStats); the rest is counted here.
    """

    events: int = 0
    non_json_lines: int = 0
    invalid_utf8_lines: int = 0
    unknown_actions: dict[str, int] = field(default_factory=dict)
    unknown_fields: dict[str, int] = field(default_factory=dict)
    encoding: str = ""  # "utf-8-sig", "utf-16", ... when the stream was not plain UTF-8
    text_input: bool = False  # plain `go test -v` text, converted to events

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "events": self.events,
            "bytes": self.bytes,
            "non_json_lines": self.non_json_lines,
            "invalid_utf8_lines": self.invalid_utf8_lines,
            "long_lines": self.long_lines,
            "dropped_bytes": self.dropped_bytes,
            "truncated_last_line": self.truncated_last_line,
            "unknown_actions": dict(self.unknown_actions),
            "unknown_fields": dict(self.unknown_fields),
            "encoding": self.encoding or "utf-8",
            "format": "go test -v text" if self.text_input else "go test -json",
        }


class _Transcoded:
    """A byte stream in UTF-16 read as UTF-8, a block at a time (memory stays bounded)."""

    def __init__(self, raw: IO[bytes], encoding: str, head: bytes) -> None:
        import codecs

        self._raw = raw
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._head = head

    def read1(self, size: int = -1) -> bytes:
        while True:
            data, self._head = (self._head, b"") if self._head else (_read_some(self._raw, size), b"")
            text = self._decoder.decode(data, final=not data)
            if text or not data:
                return text.encode()

    read = read1


def _read_some(stream: IO[bytes], size: int) -> bytes:
    read = getattr(stream, "read1", stream.read)
    data: bytes = read(size if size > 0 else 1 << 16)
    return data


def open_stream(stream: IO[bytes], stats: ReadStats) -> IO[bytes]:
    """`stream` as UTF-8 lines: a UTF-8 byte order mark is skipped, and UTF-16 (what Windows
    PowerShell 5.1's `>` writes: little-endian with a byte order mark) is decoded, as is UTF-16
    without a mark (`{` then NUL). The encoding found is recorded in `stats.encoding`."""
    head = _read_some(stream, 4)
    while 0 < len(head) < 4:
        more = _read_some(stream, 4 - len(head))
        if not more:
            break
        head += more
    encoding = ""
    if head.startswith(b"\xef\xbb\xbf"):
        encoding, head = "utf-8-sig", head[3:]
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif len(head) >= 2 and head[1] == 0 and head[0] != 0:
        encoding = "utf-16-le"
    elif len(head) >= 2 and head[0] == 0 and head[1] != 0:
        encoding = "utf-16-be"
    stats.encoding = encoding
    if encoding.startswith("utf-16"):
        return _Transcoded(stream, encoding, head)  # type: ignore[return-value]
    return _Prefixed(stream, head)  # type: ignore[return-value]


def with_head(stream: IO[bytes], head: bytes) -> IO[bytes]:
    """`stream` with `head`, bytes already read from it, put back in front."""
    return _Prefixed(stream, head)  # type: ignore[return-value]


class _Prefixed:
    """`stream` with bytes already read put back in front."""

    def __init__(self, raw: IO[bytes], head: bytes) -> None:
        self._raw = raw
        self._head = head

    def read1(self, size: int = -1) -> bytes:
        if self._head:
            data, self._head = self._head, b""
            return data
        return _read_some(self._raw, size)

    read = read1


def read_events(
    stream: IO[bytes], stats: ReadStats, max_line: int = DEFAULT_MAX_LINE
) -> Iterator[Event | str]:
    """Yield each line of a `go test -json` stream as an event dict, or as text when it is not one."""
    for line in read_lines(stream, max_line=max_line, stats=stats):
        yield classify_line(line, stats)


def classify_line(line: bytes, stats: ReadStats) -> Event | str:
    """One line (without newline) as an event dict, or as text; counted in `stats`.

    `stats.lines` is the line reader's to count.
    """
    if line.startswith(b"{"):
        try:
            event = orjson.loads(line)
        except orjson.JSONDecodeError:
            event = _decode_lenient(line, stats)
        if type(event) is dict and type(event.get("Action")) is str:
            count_event(event, stats)
            return event
    stats.non_json_lines += 1
    text = line[:-1] if line.endswith(b"\r") else line
    try:
        return text.decode()
    except UnicodeDecodeError:
        stats.invalid_utf8_lines += 1
        return text.decode(errors="replace")


def count_event(event: Event, stats: ReadStats) -> None:
    """Count a decoded event, with its unknown fields and action."""
    stats.events += 1
    if not event.keys() <= KNOWN_FIELDS:
        count_unknown_fields(event, stats)
    action = event["Action"]
    if action not in KNOWN_ACTIONS:
        stats.unknown_actions[action] = stats.unknown_actions.get(action, 0) + 1


def _decode_lenient(line: bytes, stats: ReadStats) -> Any:
    """Second chance for a line orjson refused: invalid UTF-8 inside an otherwise valid event."""
    try:
        text = line.decode()
    except UnicodeDecodeError:
        text = line.decode(errors="replace")
    else:
        return None  # valid UTF-8, so the JSON itself is broken
    try:
        event = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    stats.invalid_utf8_lines += 1
    return event


def count_unknown_fields(event: Event, stats: ReadStats) -> None:
    """Count the fields of `event` that no Go version writes."""
    for key in event.keys() - KNOWN_FIELDS:
        stats.unknown_fields[key] = stats.unknown_fields.get(key, 0) + 1
