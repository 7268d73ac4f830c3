"""Streaming parser for Language Server Protocol traces, in each format a Go developer meets.

Three formats, told apart line by line (so a file that mixes them, or mixes them with other log
output, still parses):

- VS Code's text trace (vscode-jsonrpc `connection.ts`), wrapped by the old client as
  `[Trace - <locale time>] Sending request 'textDocument/completion - (12)'.` and by the new client
  (LogOutputChannel) as `2026-08-21 10:21:03.117 [trace] Sending request ...`, each followed by a
  `Params:`/`Result:` block, pretty-printed JSON in verbose mode;
- VS Code's JSON trace (`"trace.server": {"format": "json"}`): one
  `{"isLSPMessage":true,"type":"send-request","message":{...},"timestamp":...}` object a line,
  after `[LSP   - <time>] ` or the new client's prefix;
- gopls's own `-rpc.trace` log (gopls/internal/protocol/log.go): the same sentences with a
  `15:04:05.000 PM` clock and compact JSON, and `[Error - Received] <time> #<id> <message>` for
  failed replies. gopls words directions from the client's side (a request it reads is "Sending"),
  so in every format "Sending request"/"Received response" is the editor's request and the server's
  answer.

`TraceParser` is fed one line at a time (`feed`), or a block of whole lines at a time
(`read_chunk`: gopls entries found by one regular expression, the rest line by line, the same
result), and keeps only the entry being read, so memory is bounded whatever the size of the
trace. What it cannot read (binary garbage, cut lines, broken JSON) is counted and sampled in
`ParseStats`, never raised.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from goide.core.lines import CutLine
from goide.core.logprefix import split_vscode_log
from goide.core.safe_text import printable_line

VSCODE_TEXT = "vscode-text"
VSCODE_JSON = "vscode-json"
GOPLS = "gopls"

REQUEST = "request"
RESPONSE = "response"
NOTIFICATION = "notification"
# `[Error - t] Request textDocument/hover failed.` from the client's output channel.
CLIENT_ERROR = "client-error"

# How much of a Params block is kept to find the file and position; the rest is skipped.
BLOCK_CAP = 64 * 1024
# How many unreadable lines are kept as examples.
PROBLEM_SAMPLES = 20
EXCERPT_LIMIT = 120  # characters of a problem line shown

# The error values gopls (golang.org/x/tools internal/jsonrpc2 wire.go, gopls protocol.go) sends;
# gopls v0.23's `[Error - ...]` lines carry only the message, so the code is recovered from it.
KNOWN_ERROR_CODES: tuple[tuple[str, int], ...] = (
    ("JSON RPC cancelled", -32800),
    ("JSON RPC parse error", -32700),
    ("JSON RPC invalid request", -32600),
    ("JSON RPC method not found", -32601),
    ("JSON RPC invalid params", -32602),
    ("JSON RPC internal error", -32603),
    ("JSON RPC overloaded", -32000),
    ("JSON RPC unknown error", -32001),
)

_JSON_TYPES = {
    "send-request": (REQUEST, True),
    "receive-request": (REQUEST, False),
    "send-response": (RESPONSE, True),
    "receive-response": (RESPONSE, False),
    "send-notification": (NOTIFICATION, True),
    "receive-notification": (NOTIFICATION, False),
}

# A method is an LSP method name (`textDocument/semanticTokens/full/delta`, `$/cancelRequest`),
# nothing else: in a trace pasted as one JSON-escaped line a greedy `'(.*)'` swallowed the rest.
_HEADER = re.compile(
    r"(?:\[Trace - (?P<time>[^\]]{1,40})\] )?(?P<dir>Sending|Received) "
    r"(?P<what>request|notification|response) '(?P<method>[A-Za-z0-9$/_.-]{1,200})"
    r"(?: - \((?P<id>[^()']{0,64})\))?'(?P<tail>.*)"
)
# One whole gopls `-rpc.trace` entry exactly as log.go writes it, for `read_chunk`: its header,
# its `Params:`/`Result:` line, and the blank lines after it (the first ends the entry, the others
# are only counted). Anything else (another tail, an unusual id) goes through `feed`.
_GOPLS_ENTRY = re.compile(
    rb"\[Trace - (\d\d:\d\d:\d\d)\.(\d{3}) [AP]M\] "
    rb"((?:Sending|Received) (?:request|notification|response)) '([A-Za-z0-9$/_.-]{1,200})"
    rb"(?: - \(([0-9A-Za-z_.:-]{0,64})\))?'(?:\.| in (\d{1,12})ms\.)\r?\n"
    rb"(?:Params|Result): (.*)\n\r\n((?:\r\n)*)"
)
# The header's sentence: kind, from the editor, and whether the data line is read (`_wants_block`).
_SENTENCES = {
    b"Sending request": (REQUEST, True, True),
    b"Received request": (REQUEST, False, False),
    b"Sending notification": (NOTIFICATION, True, False),
    b"Received notification": (NOTIFICATION, False, False),
    b"Sending response": (RESPONSE, True, False),
    b"Received response": (RESPONSE, False, False),
}
# The milliseconds of a gopls clock ("123"), in seconds as `_clock` computes them.
_MILLIS = {b"%03d" % ms: ms / 1000.0 for ms in range(1000)}
# A run of inner lines of a data block: lines `feed` adds to the open block at once (no message,
# prefix or header starts with a space, } or ]; see `_JSON_INNER_FIRST`).
_INNER_LINES = re.compile(rb"(?:[ \t}\]][^\n]*\n)+")
# Longest data line read at once (after its label): a longer one is cut by `_add_block_line`.
_REST_CAP = BLOCK_CAP - len("Params: ")
# A whole trace pasted as one JSON string: `"[Trace - ...] Sending request ...\nParams: ..."`.
_ESCAPED_TRACE = re.compile(
    rb"\\n(?:\\r\\n)*(?:\[Trace - |\[Error - |Sending |Received |\d{4}-\d\d-\d\d \d\d:)"
)
_ESCAPE = re.compile(rb'\\(["\\/bfnrt]|u[0-9a-fA-F]{4})')
_ESCAPES = {
    b'"': b'"',
    b"\\": b"\\",
    b"/": b"/",
    b"b": b"\b",
    b"f": b"\f",
    b"n": b"\n",
    b"r": b"\r",
    b"t": b"\t",
}
_ENTRY_START = re.compile(rb"\[Trace - |\[Error - |\[LSP|Sending |Received |\d{4}-\d\d-\d\d \d\d:")
_LATENCY = re.compile(r"(?: in |Processing request took )(?P<ms>\d+)ms")
_FAILED = re.compile(r" Request failed: (?P<message>.*) \((?P<code>-?\d+)\)\.$")
_NO_PROMISE = re.compile(
    r"(?:\[Trace - (?P<time>[^\]]{1,40})\] )?Received response (?P<id>\S+) without active"
)
_GOPLS_ERROR = re.compile(
    r"\[Error - (?P<dir>Received|Sent)\] (?P<time>\S+ [AP]M) #(?P<id>\S+) (?P<message>.*)"
)
_CLIENT_FAILED = re.compile(r"(?:\[Error\s*- (?P<time>[^\]]{1,40})\] )?Request (?P<method>\S+) failed\.")
_LSP_JSON_PREFIX = re.compile(rb"\[(?:LSP|Trace)\s*- [^\]]{1,40}\] (?=\{)")
_CLOCK = re.compile(r"(\d{1,2})[:.](\d\d)[:.](\d\d)(?:[.,](\d{1,3}))?")
_GOPLS_CLOCK = re.compile(r"\d\d:\d\d:\d\d\.\d{3} [AP]M$")
_PM = re.compile(r"(?i)\bp\.?\s?m\b|午後|下午|오후")
_AM = re.compile(r"(?i)\ba\.?\s?m\b|午前|上午|오전")
# Fallbacks for Params blocks that are cut or broken: the first of each field.
_URI = re.compile(r'"uri"\s*:\s*"([^"]{0,4096})"')
_POSITION = re.compile(r'"position"\s*:\s*\{\s*"line"\s*:\s*(\d+)\s*,\s*"character"\s*:\s*(\d+)')
_CANCEL_ID = re.compile(r'"id"\s*:\s*("?)([^",}\s]{1,64})\1')
_JSON_FIELD = {
    "type": re.compile(rb'"type"\s*:\s*"([a-z-]{1,32})"'),
    "method": re.compile(rb'"method"\s*:\s*"([^"]{1,200})"'),
    "id": re.compile(rb'"id"\s*:\s*("?)([^",}\s]{1,64})\1'),
    "timestamp": re.compile(rb'"timestamp"\s*:\s*(\d{1,16})'),
}


@dataclass(slots=True)
class TraceEntry:
    """One message of the trace, as the editor (client) sees it."""

    line: int  # 1-based line of its header
    format: str  # VSCODE_TEXT, VSCODE_JSON or GOPLS
    kind: str  # REQUEST, RESPONSE, NOTIFICATION or CLIENT_ERROR
    from_client: bool  # True: editor -> server; False: server -> editor
    method: str | None = None  # None for a response whose header does not name it
    id: str | None = None
    time: float | None = None  # seconds: epoch, or time of day (+ days) when the trace has no date
    latency_ms: float | None = None  # as the trace states it
    error_code: int | None = None
    error_message: str | None = None
    uri: str | None = None
    position: tuple[int, int] | None = None  # (line, character), 0-based as in LSP
    cancel_id: str | None = None  # the id a $/cancelRequest names
    changes: int | None = None  # file events in a didChangeWatchedFiles


@dataclass
class Problem:
    line: int
    kind: str  # "binary", "cut", "bad-json"
    excerpt: str


@dataclass
class ParseStats:
    lines: int = 0
    entries: int = 0
    other_lines: int = 0  # text that is not part of a trace (other log output)
    binary_lines: int = 0
    cut_lines: int = 0
    bad_entries: int = 0  # an entry whose JSON could not be read
    formats: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, kind: str, text: str) -> None:
        if len(self.problems) < PROBLEM_SAMPLES:
            self.problems.append(Problem(line, kind, printable_line(text, EXCERPT_LIMIT)))


# Lines that start a message of their own, so they end the data block being read.
_STARTS_MESSAGE = (
    b"[Trace",
    b"[LSP",
    b"[Error",
    b"[Info",
    b"[Warn",
    b"[Debug",
    b'{"isLSPMessage"',
    b'{"type":',
    b"Sending ",
    b"Received ",
)

_JSON_INNER_FIRST = (b" ", b"}", b"]", b"\t")

# Which entries need their data block read: the file and position of requests, the id a
# cancellation names, the number of file events.
_WANTS_BLOCK = frozenset({"$/cancelRequest", "workspace/didChangeWatchedFiles"})


class TraceParser:
    """A state machine fed one line at a time; emits entries once their data block has ended."""

    def __init__(self) -> None:
        self.stats = ParseStats()
        self._entry: TraceEntry | None = None  # waiting for its data block
        self._in_block = False  # reading the lines after a header
        self._wants_block = False  # and keeping them, to read the file and position
        self._block: list[str] = []
        self._block_size = 0
        self._block_cut = False
        self._client_error: TraceEntry | None = None  # reading `  Message:` / `  Code:` lines
        self._last_clock: float | None = None
        self._last_clock_text: str | None = None
        self._days = 0.0
        self._names: dict[bytes, str] = {}  # method names already decoded (read_chunk)
        self._gopls_second = b""  # the last "15:04:05" read by read_chunk, and its value
        self._gopls_seconds = 0

    def read_chunk(self, chunk: bytes | memoryview, add: Callable[[TraceEntry], object]) -> None:
        """Read a run of whole lines, each ending with its newline (as `read_line_chunks` hands
        them over), passing each entry to `add` in trace order.

        gopls `-rpc.trace` entries (header, `Params:`/`Result:` line, `\r\n\r\n\r\n`) are found
        by one regular expression over the whole run and read at once; the lines between them,
        and an entry met while another is open, go through `feed`. The entries and counts are
        what feeding every line to `feed` gives (tests/trace/test_fuzz_paths.py checks it).
        """
        stats = self.stats
        names = self._names
        second, seconds = self._gopls_second, self._gopls_seconds
        pos = 0
        idle = self.idle
        read = 0  # entries read here since the stats were last brought up to date
        lines = stats.lines
        for match in _GOPLS_ENTRY.finditer(chunk):
            start = match.start()
            clock, millis, sentence, method, ident, ms, rest, blanks = match.groups()
            if start != pos or not idle or len(rest) > _REST_CAP or b"\x00" in rest:
                if start != pos and chunk[start - 1] != 10:
                    continue  # not at the start of a line: left to `feed` with the lines around
                stats.lines = lines
                self._count(read)
                read = 0
                if start != pos:
                    self._feed_lines(chunk, pos, start, add)
                    idle = self.idle
                pos = match.end()
                if not idle or len(rest) > _REST_CAP or b"\x00" in rest:
                    self._feed_lines(chunk, start, pos, add)
                    idle = self.idle
                    lines = stats.lines
                    continue
                lines = stats.lines
            else:
                pos = match.end()
            kind, from_client, wants_block = _SENTENCES[sentence]
            name = names.get(method)
            if name is None:
                name = method.decode()
                if len(names) < 4096:
                    names[method] = name
            # The clock as `_clock` reads it ("15:04:05.000 PM", 24-hour), the seconds part
            # computed once per second of the log.
            if clock != second:
                second = clock
                seconds = int(clock[0:2]) * 3600 + int(clock[3:5]) * 60 + int(clock[6:8])
            value = seconds + _MILLIS[millis]
            last = self._last_clock
            if last is not None and value + 12 * 3600 < last:  # as _after_midnight
                self._days += 86400.0
            self._last_clock = value
            entry = TraceEntry(
                lines + 1,
                GOPLS,
                kind,
                from_client,
                name,
                ident.decode() if ident is not None and kind != NOTIFICATION else None,
                value + self._days,
                float(ms) if ms is not None and kind == RESPONSE else None,
            )
            lines += 3 + (len(blanks) >> 1)
            if wants_block or name in _WANTS_BLOCK:  # as _wants_block
                # What `_read_block` makes of the line, without decoding it first when its JSON
                # is an object (valid JSON is valid UTF-8 with only ASCII blanks around it);
                # anything else goes through `_read_block`.
                data = rest.strip()
                if data:
                    try:
                        params = orjson.loads(data)
                    except orjson.JSONDecodeError:
                        params = None
                    if type(params) is dict:
                        _take_params(entry, params)
                    else:
                        label = bytes(chunk[match.start(7) - 8 : match.start(7) - 2])
                        block = rest[:-1] if rest[-1:] == b"\r" else rest
                        text = (label + b": " + block).decode("utf-8", errors="replace")
                        self._read_block(entry, text, False)
            read += 1
            add(entry)
        stats.lines = lines
        self._count(read)
        self._gopls_second, self._gopls_seconds = second, seconds
        if pos < len(chunk):
            self._feed_lines(chunk, pos, len(chunk), add)

    def _count(self, read: int) -> None:
        """Counts `read` gopls entries read by `read_chunk` in the stats."""
        if read:
            stats = self.stats
            stats.entries += read
            stats.formats[GOPLS] = stats.formats.get(GOPLS, 0) + read
            self._last_clock_text = None

    def _feed_lines(
        self, chunk: bytes | memoryview, start: int, end: int, add: Callable[[TraceEntry], object]
    ) -> None:
        """`feed` each line of chunk[start:end] (whole lines, the last ending with a newline).

        Inner lines of a data block (pretty-printed JSON: VS Code's verbose traces are mostly
        these) are taken a run at a time, with what `feed` does with each: counted, and kept
        when the entry reads its block."""
        stats = self.stats
        feed = self.feed
        lines = bytes(chunk[start:end])
        pos = 0
        size = len(lines)
        while pos < size:
            if self._in_block:
                run = _INNER_LINES.match(lines, pos)
                if run is not None:
                    pos += self._inner_lines(run.group(), add)
                    continue
            newline = lines.index(b"\n", pos)
            line = lines[pos:newline]
            pos = newline + 1
            # gopls ends every entry with three line ends: with no entry open, a blank line is
            # only counted (what `feed` would do with it).
            if line == b"\r" and self._entry is None and self._client_error is None:
                stats.lines += 1
                self._in_block = False
                continue
            for entry in feed(line):
                add(entry)

    def _inner_lines(self, run: bytes, add: Callable[[TraceEntry], object]) -> int:
        """What `feed` does with each line of `run` (inner lines of the open data block, each
        ending with its newline); returns how many bytes were read."""
        count = run.count(b"\n")
        if self._wants_block and self._entry is not None:
            # The lines without their line ends (`_add_block_line` strips every \r before the
            # newline) as one piece: the same text when it is ASCII and within BLOCK_CAP.
            text = run.replace(b"\r\n", b"\n") if b"\r" in run else run
            if b"\r\n" not in text:  # (else a line ends with more than one \r)
                text = text.replace(b"\n", b"")
            if b"\n" in text or not text.isascii() or self._block_size + len(text) > BLOCK_CAP:
                for line in run[:-1].split(b"\n"):
                    for entry in self.feed(line):
                        add(entry)
                return len(run)
            self._block.append(text.decode("ascii"))
            self._block_size += len(text)
        self.stats.lines += count
        return len(run)

    @property
    def idle(self) -> bool:
        """True when no entry, client error or data block is open: a blank line changes nothing."""
        return self._entry is None and self._client_error is None and not self._in_block

    def feed(self, raw: bytes | CutLine) -> Sequence[TraceEntry]:
        """Read one line (without its newline); returns the entries it completed.

        A line that holds a whole trace as one JSON-escaped string (`\\n` between entries, as
        when a log is pasted from a JSON field) is unescaped and read as the lines it holds.
        """
        stats = self.stats
        stats.lines += 1
        if type(raw) is bytes:
            # The two commonest lines, handled first: inner lines of pretty-printed JSON (VS Code
            # verbose traces are mostly these) and blank lines (gopls ends every entry with
            # "\r\n\r\n\r\n"). No message, prefix or header starts with a space, } or ].
            if self._in_block and raw[:1] in _JSON_INNER_FIRST:
                if self._wants_block:
                    self._add_block_line(raw.rstrip(b"\r"), False)
                return ()
            if raw == b"\r" or not raw:
                if self._entry is None and self._client_error is None:
                    self._in_block = False
                    return ()
                return self._end_block() + self._end_client_error()
        number = stats.lines
        cut = isinstance(raw, CutLine)
        if isinstance(raw, CutLine):
            stats.cut_lines += 1
            data = raw.head
            stats.problem(number, "cut", f"{raw.length} bytes; read the first {len(raw.head)}")
        else:
            data = raw
        if data[-1:] == b"\r":
            data = data[:-1]
        if b"\x00" in data:
            stats.binary_lines += 1
            stats.problem(number, "binary", data[:80].decode("latin-1"))
            return self._end_block() + self._end_client_error()

        prefix_time: float | None = None
        level: bytes | None = None
        # VS Code's LogOutputChannel prefix (fileLog.ts): date, time with ms, level.
        if data[:2] in (b"19", b"20"):  # the year: other lines skip the call
            prefix = split_vscode_log(data)
            if prefix is not None:
                prefix_time, level, data = prefix

        if not data or data.isspace():  # (isspace stops at the first other byte: no copy)
            return self._end_block() + self._end_client_error()

        # Data lines of the entry being read: by far the most common lines of a trace. A line
        # the client prefixed with a level other than error (stderr) is its own message.
        if self._in_block and level in (None, b"error") and not data.startswith(_STARTS_MESSAGE):
            self._add_block_line(data, cut)
            return []

        if self._client_error is None:
            return self._classify(data, raw, prefix_time, level)
        if data.startswith(b"  "):
            self._read_client_error_detail(data)
            return []
        done = self._end_client_error()
        return done + self._classify(data, raw, prefix_time, level)

    def _classify(
        self, data: bytes, raw: bytes | CutLine, prefix_time: float | None, level: bytes | None
    ) -> list[TraceEntry]:
        """A line that is not a data line of the entry being read: a header, or other text."""
        stats = self.stats
        number = stats.lines
        cut = isinstance(raw, CutLine)
        first = data[:1]
        if not cut and b"\\n" in data and _ESCAPED_TRACE.search(data):
            # Only lines that start no data line get here, so data blocks are never scanned.
            done: list[TraceEntry] = self._end_block()
            stats.lines -= 1  # counted again as the lines it holds
            for piece in _unescape_trace(data):
                done.extend(self.feed(piece))
            return done

        json_start = 0
        if first == b"[" and data[1:4] in (b"LSP", b"Tra") and b"] {" in data:
            json_match = _LSP_JSON_PREFIX.match(data)
            if json_match:
                json_start = json_match.end()
        if data[json_start : json_start + 1] == b"{":
            entry = self._json_entry(data[json_start:], number, cut, raw)
            if entry is not None:
                done = self._end_block()
                if entry.time is None:
                    entry.time = prefix_time
                return [*done, self._emit(entry)]

        text = data.decode("utf-8", errors="replace")
        header = _HEADER.match(text) if first in (b"[", b"S", b"R") else None
        if header:
            done = self._end_block()
            self._start(self._text_entry(header, number, prefix_time))
            return done
        if first == b"[" and text.startswith("[Error - "):
            gopls_error = _GOPLS_ERROR.match(text)
            if gopls_error:
                done = self._end_block()
                self._start(self._gopls_error_entry(gopls_error, number))
                return done
        no_promise = _NO_PROMISE.match(text)
        if no_promise:
            done = self._end_block()
            entry = TraceEntry(number, VSCODE_TEXT, RESPONSE, False, id=no_promise.group("id"))
            entry.time = prefix_time if prefix_time is not None else self._clock(no_promise.group("time"))
            self._start(entry)
            return done
        if text.startswith("[Error") or level == b"error":
            failed = _CLIENT_FAILED.match(text)
            if failed:
                done = self._end_block()
                entry = TraceEntry(number, VSCODE_TEXT, CLIENT_ERROR, True, method=failed.group("method"))
                entry.time = prefix_time if prefix_time is not None else self._clock(failed.group("time"))
                self._client_error = entry
                return done

        done = self._end_block()
        stats.other_lines += 1
        if "\ufffd" in text and text.count("\ufffd") * 4 > len(text):
            stats.binary_lines += 1
            stats.other_lines -= 1
            stats.problem(number, "binary", text)
        return done

    def finish(self) -> list[TraceEntry]:
        """The entry still open at the end of the input (a trace may stop mid-entry)."""
        return self._end_block() + self._end_client_error()

    def _end_client_error(self) -> list[TraceEntry]:
        entry = self._client_error
        if entry is None:
            return []
        self._client_error = None
        return [self._emit(entry)]

    # -- entries ------------------------------------------------------------------------------

    def _emit(self, entry: TraceEntry) -> TraceEntry:
        self.stats.entries += 1
        self.stats.formats[entry.format] = self.stats.formats.get(entry.format, 0) + 1
        return entry

    def _start(self, entry: TraceEntry) -> None:
        self._entry = entry
        self._wants_block = _wants_block(entry)
        self._in_block = True
        self._block = []
        self._block_size = 0
        self._block_cut = False

    def _end_block(self) -> list[TraceEntry]:
        entry = self._entry
        self._in_block = False
        if entry is None:
            return []
        self._entry = None
        if self._block:
            self._read_block(entry, "".join(self._block), self._block_cut)
            self._block = []
        return [self._emit(entry)]

    def _add_block_line(self, data: bytes, cut: bool) -> None:
        if self._entry is None or not self._wants_block:
            return
        if cut:
            self._block_cut = True
        room = BLOCK_CAP - self._block_size
        if room <= 0:
            self._block_cut = True
            return
        piece = data[:room].decode("utf-8", errors="replace")
        if len(data) > room:
            self._block_cut = True
        self._block.append(piece)
        self._block_size += len(piece)

    def _read_block(self, entry: TraceEntry, block: str, cut: bool) -> None:
        label, sep, rest = block.partition(":")
        rest = rest.strip()
        # gopls writes `Params: ` with nothing after it for a request without parameters.
        if not sep or not rest or label not in ("Params", "Result", "Error data"):
            return
        params: Any = None
        if not cut:
            try:
                params = orjson.loads(rest)
            except orjson.JSONDecodeError:
                self.stats.bad_entries += 1
                self.stats.problem(entry.line, "bad-json", rest)
        if isinstance(params, dict):
            _take_params(entry, params)
        else:
            _scan_params(entry, rest)

    def _text_entry(self, header: re.Match[str], number: int, prefix_time: float | None) -> TraceEntry:
        clock, direction, what, method, ident, tail = header.group(
            "time", "dir", "what", "method", "id", "tail"
        )
        fmt = GOPLS if clock is not None and len(clock) == 15 and _GOPLS_CLOCK.match(clock) else VSCODE_TEXT
        entry = TraceEntry(
            number, fmt, what, direction == "Sending", method, ident if what != NOTIFICATION else None
        )
        if what == RESPONSE:
            latency = _LATENCY.search(tail)
            if latency:
                entry.latency_ms = float(latency.group("ms"))
            failed = _FAILED.search(tail) if " Request failed: " in tail else None
            if failed:
                entry.error_message = failed.group("message")
                entry.error_code = int(failed.group("code"))
        entry.time = prefix_time if prefix_time is not None else self._clock(clock)
        return entry

    def _gopls_error_entry(self, match: re.Match[str], number: int) -> TraceEntry:
        # "Received" is gopls answering the editor's request with an error; "Sent" the editor
        # answering one of gopls's requests with an error.
        message = match.group("message")
        entry = TraceEntry(number, GOPLS, RESPONSE, match.group("dir") == "Sent", id=match.group("id"))
        entry.error_message = message
        entry.error_code = _code_of(message)
        entry.time = self._clock(match.group("time"))
        return entry

    def _json_entry(self, data: bytes, number: int, cut: bool, raw: bytes | CutLine) -> TraceEntry | None:
        obj: Any = None
        if not cut:
            try:
                obj = orjson.loads(data)
            except orjson.JSONDecodeError:
                obj = None
        if isinstance(obj, dict):
            kind = _JSON_TYPES.get(obj.get("type"))  # type: ignore[arg-type]
            message = obj.get("message")
            if kind is None or not isinstance(message, dict):
                return None
            entry = TraceEntry(number, VSCODE_JSON, kind[0], kind[1])
            method = message.get("method")
            entry.method = method if isinstance(method, str) else None
            if "id" in message and message["id"] is not None:
                entry.id = str(message["id"])
            stamp = obj.get("timestamp")
            if isinstance(stamp, int | float) and not isinstance(stamp, bool):
                entry.time = stamp / 1000.0
            error = message.get("error")
            if isinstance(error, dict):
                code = error.get("code")
                entry.error_code = code if isinstance(code, int) and not isinstance(code, bool) else None
                text = error.get("message")
                entry.error_message = text if isinstance(text, str) else "error"
            params = message.get("params")
            if isinstance(params, dict) and entry.method is not None and _wants_block(entry):
                _take_params(entry, params)
            return entry
        # A cut or broken JSON line: read the fields it starts (and, when cut, ends) with.
        found = {name: pattern.search(data) for name, pattern in _JSON_FIELD.items()}
        if found["type"] is None or found["type"].group(1).decode() not in _JSON_TYPES:
            return None
        self.stats.bad_entries += 1
        if not cut:
            self.stats.problem(number, "bad-json", data[:200].decode("utf-8", errors="replace"))
        kind_name, from_client = _JSON_TYPES[found["type"].group(1).decode()]
        entry = TraceEntry(number, VSCODE_JSON, kind_name, from_client)
        method = found["method"]
        entry.method = method.group(1).decode("utf-8", errors="replace") if method else None
        ident = found["id"]
        entry.id = ident.group(2).decode("utf-8", errors="replace") if ident else None
        stamp_match = _JSON_FIELD["timestamp"].search(raw.tail if isinstance(raw, CutLine) else data)
        if stamp_match:
            entry.time = int(stamp_match.group(1)) / 1000.0
        if entry.method is not None and _wants_block(entry):
            _scan_params(entry, data[:BLOCK_CAP].decode("utf-8", errors="replace"))
        return entry

    def _read_client_error_detail(self, data: bytes) -> None:
        entry = self._client_error
        assert entry is not None
        text = data.decode("utf-8", errors="replace").strip()
        if text.startswith("Message: "):
            entry.error_message = text[len("Message: ") :]
        elif text.startswith("Code: "):
            with contextlib.suppress(ValueError, IndexError):
                entry.error_code = int(text[len("Code: ") :].split()[0])

    def _clock(self, text: str | None) -> float | None:
        """Seconds from a time of day, counting days when the clock wraps past midnight."""
        if text is None:
            return None
        if len(text) == 15 and text[2] == ":" and text[8] == "." and text[14] == "M":
            # gopls's "15:04:05.000 PM": a 24-hour clock, read without a regular expression.
            try:
                clock = (
                    int(text[0:2]) * 3600 + int(text[3:5]) * 60 + int(text[6:8]) + int(text[9:12]) / 1000.0
                )
            except ValueError:
                clock = None
            if clock is not None:
                self._last_clock_text = None
                return self._after_midnight(clock)
        if text == self._last_clock_text and self._last_clock is not None:
            return self._last_clock + self._days  # locale clocks tick in seconds: many lines share one
        match = _CLOCK.search(text)
        if not match:
            return None
        self._last_clock_text = text
        hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3))
        millis = int((match.group(4) or "0").ljust(3, "0"))
        rest = text[: match.start()] + text[match.end() :]
        # gopls prints a 24-hour clock followed by AM/PM, so PM with hour >= 12 is left alone.
        if hour < 12 and _PM.search(rest):
            hour += 12
        elif hour == 12 and _AM.search(rest):
            hour = 0
        return self._after_midnight(hour * 3600 + minute * 60 + second + millis / 1000.0)

    def _after_midnight(self, clock: float) -> float:
        if self._last_clock is not None and clock + 12 * 3600 < self._last_clock:
            self._days += 86400.0
        self._last_clock = clock
        return clock + self._days


def _unescape_trace(line: bytes) -> list[bytes]:
    """The lines of a trace held in one JSON-escaped string, without the text around the string."""
    start = _ENTRY_START.search(line)
    body = line[start.start() :] if start else line
    stripped = body.rstrip()
    if stripped.endswith((b'",', b'"}', b'"')):
        body = stripped[: stripped.rfind(b'"')]
    text = _ESCAPE.sub(
        lambda m: _ESCAPES.get(m.group(1)) or chr(int(m.group(1)[1:], 16)).encode("utf-8", "replace"), body
    )
    return text.replace(b"\r\n", b"\n").split(b"\n")


def _wants_block(entry: TraceEntry) -> bool:
    return (entry.kind == REQUEST and entry.from_client) or entry.method in _WANTS_BLOCK


def _take_params(entry: TraceEntry, params: dict[str, Any]) -> None:
    if entry.method == "$/cancelRequest":
        ident = params.get("id")
        entry.cancel_id = None if ident is None else str(ident)
        return
    if entry.method == "workspace/didChangeWatchedFiles":
        changes = params.get("changes")
        entry.changes = len(changes) if isinstance(changes, list) else None
        return
    document = params.get("textDocument")
    if isinstance(document, dict) and isinstance(document.get("uri"), str):
        entry.uri = document["uri"]
    position = params.get("position")
    if isinstance(position, dict):
        line, character = position.get("line"), position.get("character")
        if isinstance(line, int) and isinstance(character, int):
            entry.position = (line, character)


def _scan_params(entry: TraceEntry, text: str) -> None:
    if entry.method == "$/cancelRequest":
        ident = _CANCEL_ID.search(text)
        entry.cancel_id = ident.group(2) if ident else None
        return
    if entry.method == "workspace/didChangeWatchedFiles":
        return
    uri = _URI.search(text)
    if uri:
        entry.uri = uri.group(1)
    position = _POSITION.search(text)
    if position:
        entry.position = (int(position.group(1)), int(position.group(2)))


def _code_of(message: str) -> int | None:
    for text, code in KNOWN_ERROR_CODES:
        if message.startswith(text):
            return code
    return None
