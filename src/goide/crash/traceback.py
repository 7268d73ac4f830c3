"""Streaming parser of Go tracebacks found anywhere in a log.

Fed one line at a time (`TracebackParser.feed`), it finds every crash in plain stderr, `go test`
output (also `go test -json`, whose `Output` fields it reads), a gopls `-logfile`, the VS Code
output channel in either client format (prefixes removed by `logprefix`) or pasted text whose
tabs became spaces, and returns each `Crash` as soon as it is complete. Memory is bounded: per
crash at most `MAX_GOROUTINES` goroutines and `MAX_FRAMES` frames per goroutine are kept, the
rest only counted (goroutines are still bucketed by stack).

The formats follow the Go runtime (src/runtime/panic.go `printpanics`, error.go `printpanicval`,
traceback.go `goroutineheader`/`traceback2`/`printcreatedby1`, signal_unix.go `sigpanic`/
`fatalsignal`) and the race detector (compiler-rt tsan_report.cpp, Go branch). Every Go version
since 1.17 is accepted: `gp= m= mp=` headers (1.22+), `created by X in goroutine N` (1.21+),
`...N frames elided...` (1.21+) and `...additional frames elided...` (older).

Crash boundaries: a crash starts at `panic:`, `fatal error:`, a `runtime:` message, `unexpected
fault address`, a fatal signal (`SIGQUIT: quit` followed by `PC=`), a race report, or a bare
goroutine header (a `debug.Stack()` dump logged by a program). It ends at the end of input, at the
next crash, or at lines that cannot belong to a traceback; a few unknown lines inside a goroutine
(output of another process interleaved) are recorded in `Crash.unparsed` and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import starmap

from goide.core import logprefix

MAX_GOROUTINES = 500
MAX_FRAMES = 200
MAX_BUCKETS = 1000
MAX_UNPARSED = 50
MAX_TEXT = 16_384  # characters kept of one panic value or message
MAX_LINE = 4 << 20  # characters of one input line looked at; the rest of a longer line is dropped
# Consecutive lines that fit nowhere inside a goroutine before the crash is taken as ended.
_MAX_STRAY = 3

_HEADER = re.compile(
    r"goroutine (?P<id>\d+)(?: gp=(?P<gp>\S+) m=(?P<m>\S+)(?: mp=\S+)?)? \[(?P<state>.*)\]:$"
)
# A goroutine as `feed_run` reads it from a buffer: the header, the whole line, at its start,
# with its newline (a line with anything around it, a `\r` or spaces, goes through `feed` and
# _HEADER).
# Then its stack as a STACK_BLOCK (maybe none) and a blank line, if the stack ends with one.
_GOROUTINE_BLOCK = re.compile(
    r"goroutine (?P<id>\d+)(?: gp=(?P<gp>\S+) m=(?P<m>\S+)(?: mp=\S+)?)? \[(?P<state>.*)\]:\n"
    r"(?P<stack>(?:[^\s][^\n]*\n\t[^\n]*\n)*)(?P<blank>\n)?"
)
# The offset is ` +0x1d` as the runtime prints it, or `  0x1d` as vscode-go's automated crash
# reports rewrite it (`\t  check.go:1402  0x93a`: the file's base name, two spaces, no `+`).
# The file is the shortest text up to a `:` after which the rest matches, taken a colon at a
# time (a lazy `.*?` would try every character).
_FILE = re.compile(
    r"(?P<file>\S[^\n:]*(?::[^\n:]*)*?):(?P<line>\d+)(?:(?: \+| {2})0x(?P<offset>[0-9a-f]+))?"
    r"(?: fp=0x[0-9a-f]+ sp=0x[0-9a-f]+)?(?: ?pc=0x(?P<pc>[0-9a-f]+))?$"
)
_CGO_FILE = re.compile(r"(?:(?P<file>\S.*?):(?P<line>\d+) )?pc=0x(?P<pc>[0-9a-f]+)$")
_ELIDED = re.compile(r"\.\.\.(?:(?P<n>\d+)|additional) frames elided\.\.\.$")
_SIGNAL_LINE = re.compile(
    r"\[signal (?P<name>[^\]]*?)(?: code=(?P<code>\S+) addr=(?P<addr>\S+) pc=(?P<pc>\S+))?\]$"
)
_FATAL_SIGNAL = re.compile(r"(?P<name>SIG[A-Z0-9]+|Signal \d+|signal \d+): (?P<text>.*)$")
# `sigcode=` (and `addr=`) came with Go 1.5's signal_unix.go; older dumps, and panicparse's test
# data of them, have `PC=0x4579c1 m=0` or even `PC=0x43f349` alone.
_PC_LINE = re.compile(
    r"PC=0x(?P<pc>[0-9a-f]+)(?: m=(?P<m>\d+))?(?: sigcode=(?P<code>\S+))?(?: addr=0x(?P<addr>[0-9a-f]+))?$"
)
_REGISTER = re.compile(r"(?P<name>[a-z][a-z0-9]{0,7})\s+0x(?P<value>[0-9a-f]+)$")
# Register lines as `feed_run` reads them: whole lines with their newlines (else _REGISTER).
_REGISTER_RUN = re.compile(r"(?:[a-z][a-z0-9]{0,7}[ \t]+0x[0-9a-f]+\n)+")
_REGISTER_LINES = re.compile(r"([a-z][a-z0-9]{0,7})[ \t]+0x([0-9a-f]+)\n")
_RACE_ACCESS = re.compile(
    r"(?P<what>(?:Previous )?(?:[Aa]tomic )?(?:[Rr]ead|[Ww]rite)) at 0x(?P<addr>[0-9a-f]+) "
    r"by (?:(?P<main>main goroutine)|goroutine (?P<id>\d+)):$"
)
_RACE_CREATED = re.compile(r"Goroutine (?P<id>\d+) \((?P<state>running|finished)\) created at:$")
_RACE_RULE = "=================="
_GO_VERSION = re.compile(
    r"(?:go version |go: |GoVersion\\?\"\s*:\s*\\?\"|toolchain@v0\.0\.1-|/go)"
    r"(?P<v>go1\.\d+(?:\.\d+)?(?:rc\d+|beta\d+)?)"
)
_GOPLS_VERSION = re.compile(r"golang\.org/x/tools/gopls[@ ](?P<v>v\d+\.\d+\.\d+[^\s/\"\\]*)")
# The header of vscode-go's automated crash reports: `gopls version: v0.13.2/go1.22.5` (or
# `v0.15.1 (go1.20.13)`: gopls and the Go that built it, which printed the trace) and
# `go version: 1.21.6` (the user's toolchain, read when the gopls line names no Go).
_REPORT_GOPLS = re.compile(r"gopls version: (?P<v>v\d+\.\d+\.\d+[^\s/(]*)(?:/| \()?(?P<go>go1[.\w]*)?")
_REPORT_GO = re.compile(r"go version: (?:go)?(?P<v>1\.\d+(?:\.\d+)?(?:rc\d+|beta\d+)?)\s*$")
# Markup that pastes put before a `panic:` in an issue: `<pre>panic: ...`, a backtick or fence.
_PASTE_MARKUP = re.compile(r"(?:<pre>|<code>|<details>|<p>|`{1,3})+\s*")

# Lines that end a crash for sure: what `go run`/`go test` and the VS Code client print next.
_TERMINATORS = (
    "exit status ",
    "FAIL\t",
    "FAIL ",
    "ok  \t",
    "--- FAIL",
    "--- PASS",
    "=== RUN",
    "Connection to server got closed",
    "Found ",
)


@dataclass(slots=True)
class Frame:
    """One call in a stack: the function as printed and where it is.

    `args` is the raw argument text (`0xc0000a0000, {0x1?, 0x2}` or `...` for an inlined call);
    `line` is 0 and `file` empty when the file line is missing (a truncated trace).
    """

    function: str
    args: str = ""
    file: str = ""
    line: int = 0
    offset: str = ""

    @property
    def inlined(self) -> bool:
        return self.args == "..."

    @property
    def package(self) -> str:
        return package_of(self.function)

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.file else "?"

    def to_json(self) -> dict[str, object]:
        return {
            "function": self.function,
            "package": self.package,
            "args": self.args,
            "file": self.file,
            "line": self.line,
            "inlined": self.inlined,
        }


@dataclass(slots=True)
class Goroutine:
    """One goroutine of a dump: header fields, its frames (at most MAX_FRAMES) and its creator."""

    id: int
    state: str
    wait_minutes: int = 0
    locked_to_thread: bool = False
    m: str | None = None
    frames: list[Frame] = field(default_factory=list)
    frames_dropped: int = 0  # frames beyond MAX_FRAMES, not kept
    frames_elided: int = 0  # frames the runtime itself left out (-1: "additional", count unknown)
    created_by: Frame | None = None
    created_in: int | None = None
    stack_unavailable: bool = False
    key: tuple[str, ...] | None = None  # the bucket key, when already known (a cached stack)

    def signature(self, grouping: str = "lines") -> tuple[str, ...]:
        """The bucket key for a grouping (GROUPINGS): which goroutines count as the same.

        `lines` (the default): function and file:line of every frame and the creator; arguments,
        wait minutes and ids are left out, as panicparse's `-aggressive` does. `strict`: also
        the arguments and the state (panicparse's default keeps arguments apart too).
        `functions`: the functions only, whatever line each goroutine stopped at.
        """
        frames = ((f.function, f.args, f.file, f.line) for f in self.frames)
        creator = self.created_by.function if self.created_by is not None else None
        return stack_key(grouping, self.state, frames, creator)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "state": self.state,
            "wait_minutes": self.wait_minutes,
            "locked_to_thread": self.locked_to_thread,
            "frames": [f.to_json() for f in self.frames],
            "frames_dropped": self.frames_dropped,
            "frames_elided": self.frames_elided,
            "created_by": self.created_by.to_json() if self.created_by else None,
            "created_in_goroutine": self.created_in,
            "stack_unavailable": self.stack_unavailable,
        }


def stack_key(
    grouping: str,
    state: str,
    frames: Iterable[tuple[str, str, str, int] | tuple[str, str, str, int, str]],
    creator: str | None,
) -> tuple[str, ...]:
    """`Goroutine.signature` of a goroutine in `state` with `frames` (function, args, file,
    line, ...) created by the function `creator` (None: no creator line)."""
    if grouping == "functions":
        key = tuple(f[0] for f in frames)
    elif grouping == "strict":
        key = (state, *(f"{f[0]}({f[1]}) {f[2]}:{f[3]}" for f in frames))
    else:
        key = tuple(f"{f[0]} {f[2]}:{f[3]}" for f in frames)
    if creator is not None:
        key += (f"created by {creator}",)
    return key


@dataclass(slots=True)
class Bucket:
    """Goroutines with identical stacks: one example, how many, and their first ids."""

    example: Goroutine
    count: int = 0
    ids: list[int] = field(default_factory=list)
    states: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class RaceAccess:
    """One section of a race report: an access (`Write at 0x... by goroutine 8`), a creation site
    (`Goroutine 8 (running) created at`) or any other titled section (heap block, global)."""

    title: str
    goroutine: int | None = None  # None: the main goroutine, or no goroutine
    frames: list[Frame] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "goroutine": self.goroutine,
            "frames": [f.to_json() for f in self.frames],
        }


@dataclass(slots=True)
class Signal:
    """`[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x49f208]` or a fatal `SIGQUIT: quit`."""

    name: str
    code: str = ""
    addr: str = ""
    pc: str = ""
    m: str | None = None


@dataclass(slots=True)
class Panic:
    """One `panic:` value; `value` keeps its inner newlines (the runtime's `\\n\\t` undone)."""

    value: str
    recovered: bool = False
    repanicked: bool = False


@dataclass(slots=True)
class Crash:
    """Everything one crash printed. Line numbers are 1-based lines of the input."""

    start_line: int
    end_line: int = 0
    panics: list[Panic] = field(default_factory=list)
    fatal_error: str | None = None
    runtime_messages: list[str] = field(default_factory=list)
    signal: Signal | None = None
    signal_in_cgo: bool = False
    context: str | None = None  # the log line just before a dump that has no panic line
    runtime_stack: list[Frame] = field(default_factory=list)
    goroutines: list[Goroutine] = field(default_factory=list)
    goroutine_count: int = 0
    goroutines_dropped: int = 0
    buckets: dict[tuple[str, ...], Bucket] = field(default_factory=dict)
    goroutines_unbucketed: int = 0
    registers: dict[str, str] = field(default_factory=dict)
    race: list[RaceAccess] = field(default_factory=list)
    unparsed: list[tuple[int, str]] = field(default_factory=list)
    unparsed_count: int = 0
    truncated: bool = False  # input ended inside a frame, or no goroutine followed the panic line
    go_version: str | None = None
    gopls_version: str | None = None

    def goroutine(self, goid: int) -> Goroutine | None:
        for g in self.goroutines:
            if g.id == goid:
                return g
        return None


def package_of(function: str) -> str:
    """The import path of a function name as the runtime prints it.

    `golang.org/x/tools/gopls/internal/server.(*server).Hover.func1` -> `golang.org/x/tools/gopls/
    internal/server`; `main.main` -> `main`; `gopkg.in/yaml%2ev2.Unmarshal` -> `gopkg.in/yaml.v2`.
    """
    slash = function.rfind("/")
    dot = function.find(".", slash + 1)
    package = function if dot < 0 else function[:dot]
    return package.replace("%2e", ".") if "%" in package else package


def _test2json_output(line: str) -> str:
    """The `Output` of a `go test -json` event (test2json), or `line` itself if it is not one."""
    import orjson

    try:
        event = orjson.loads(line)
    except orjson.JSONDecodeError:
        return line
    output = event.get("Output") if isinstance(event, dict) else None
    return output.rstrip("\r\n") if isinstance(output, str) else line


def test2json_outputs(text: str) -> str:
    """`text` (whole lines, each ending in a newline) with each `go test -json` event line that
    holds one line of output replaced by that output, as `feed` reads such a line; other lines,
    and events whose output is several lines or another event, are left for `feed`.
    """
    if '"Output":"' not in text:
        return text
    pieces = []
    done = 0  # text before this is in pieces
    at = 0 if text.startswith('{"') else text.find('\n{"') + 1
    if not at and not text.startswith('{"'):
        return text
    while True:
        end = text.index("\n", at)
        line = text[at:end].rstrip("\r")
        if '"Output":"' in line:
            output = _test2json_output(line)
            if (
                output is not line
                and "\n" not in output
                and "\r" not in output
                and not (output.startswith('{"') and '"Output":"' in output)
            ):
                pieces.append(text[done:at])
                pieces.append(output)
                done = end
        following = text.find('\n{"', end)
        if following < 0:
            break
        at = following + 1
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _clip(text: str) -> str:
    if len(text) <= MAX_TEXT:
        return text
    return f"{text[:MAX_TEXT]}... ({len(text) - MAX_TEXT} more characters)"


def _parse_function_line(text: str) -> Frame | None:
    """`pkg.(*T).M[...](0x1, {0x2?, ...})` -> Frame, or None when `text` is not a function line."""
    if not text.endswith(")"):
        return None
    open_paren = text.rfind("(", 0, len(text) - 1)
    if open_paren <= 0:
        return None
    function = text[:open_paren]
    if " " in function or "\t" in function:
        return None
    args = text[open_paren + 1 : -1]
    if "(" in args:
        return None
    if "%3F" in args:  # vscode-go's reports URL-encode the `?` of inaccurate arguments
        args = args.replace("%3F", "?")
    return Frame(function, args)


def _parse_state(text: str) -> tuple[str, int, bool]:
    """The state, wait minutes and locked-to-thread of the text between the header's brackets."""
    labels = text.find(" labels:{")
    if labels >= 0:
        text = text[:labels]
    parts = text.split(", ")
    wait_minutes = 0
    locked = False
    for part in parts[1:]:
        if part.endswith(" minutes"):
            number = part[: -len(" minutes")]
            if number.isdigit():
                wait_minutes = int(number)
        elif part == "locked to thread":
            locked = True
    return parts[0], wait_minutes, locked


_STATE_CACHE_SIZE = 1024


# How goroutines are grouped into buckets (`goide crash --group`), loosest last.
GROUPINGS = ("strict", "lines", "functions")

# The frames of one goroutine as the runtime prints them, unindented and without log prefixes:
# pairs of a function line and a tab-indented file line, up to the blank line or anything else.
# `feed_stack` reads such a block at once; a block that is not exactly this goes line by line.
STACK_BLOCK = re.compile(r"(?:[^\s][^\n]*\n\t[^\n]*\n)+")
# One frame of such a block as `feed` reads it (_parse_function_line, then _FILE): a function
# line, `name(args)` (no space or tab in the name, no `(` in the arguments) or `created by X`
# (not ending in a space or tab, which `feed` strips), then its file line; no `\r` in either.
_FRAME_PAIR = re.compile(
    r"(?:created by (?P<creator>[^\r\n]*[^ \t\r\n])|(?P<function>[^ \t\r\n]+)\((?P<args>[^(\r\n]*)\))\n"
    r"\t(?P<file>\S[^\r\n:]*(?::[^\r\n:]*)*?):(?P<line>\d+)(?:(?: \+| {2})0x(?P<offset>[0-9a-f]+))?"
    r"(?: fp=0x[0-9a-f]+ sp=0x[0-9a-f]+)?(?: ?pc=0x[0-9a-f]+)?\n"
)
_STACK_CACHE_SIZE = 4096
# Outside a crash only lines holding one of these can matter (start a crash, name a version, or
# be a `go test -json` event); `skip_quiet` passes over the others without reading them.
# Searched with str.find, one word at a time, each from where it was last found (a regular
# expression with these alternatives reads text several times slower).
_MAY_MATTER = (
    "panic: ",
    "fatal error: ",
    "runtime: ",
    "unexpected fault",
    "SIG",
    "ignal ",
    "goroutine ",
    "WARNING: DATA RACE",
    "go1.",
    "x/tools/gopls",
    "version: ",
    '"Output"',
)
# Between crashes of a log that is mostly crashes, the next word is near: one search of the
# next _NEAR characters for all of them costs less than a search per word.
_MAY_MATTER_RE = re.compile("|".join(map(re.escape, _MAY_MATTER)))
_NEAR = 1024
# A parsed stack block: frames (function, args, file, line, offset), the creator (the same
# fields), the creator's goroutine, the bucket key, and how much of the block they fill.
_Frame = tuple[str, str, str, int, str]
# Then the number of lines they fill, the last of them, and those that name a version.
_Stack = tuple[tuple[_Frame, ...], _Frame | None, int | None, tuple[str, ...], int, int, str, tuple[str, ...]]

_NOTHING: list[Crash] = []  # returned, never changed, when a line completes no crash

# Parser phases.
_HEAD = 0  # after the first line of a crash, before any goroutine
_STACK = 1  # inside a goroutine (or `runtime stack:`)
_BETWEEN = 2  # after a blank line that closed a goroutine
_RACE = 3  # inside a race report


class TracebackParser:
    """A line-at-a-time state machine; `feed` returns the crashes that a line completes.

    Internal methods append finished crashes to `_done` rather than being generators: a
    generator per line costs more than the parsing itself on logs of hundreds of megabytes.
    """

    def __init__(self, grouping: str = "lines", grouped: int | None = None) -> None:
        """`grouped`: how many crashes, the first ones, get their goroutines grouped (`buckets`);
        None for all. Past them a crash only needs its kind and culprit (`read_crash_log`)."""
        self.grouping = grouping
        self._grouped = grouped
        self._opened = 0  # crashes opened so far
        self._bucketing = True  # the open crash's goroutines are grouped
        self._states: dict[str, tuple[str, int, bool]] = {}  # parsed header states, by their text
        self.line_number = 0
        self.go_version: str | None = None
        self.gopls_version: str | None = None
        self._crash: Crash | None = None
        self._phase = _HEAD
        self._indent = 0
        self._goroutine: Goroutine | None = None
        self._frames: list[Frame] | None = None  # where frames go: a goroutine, runtime stack, race
        self._awaiting_file: Frame | None = None
        self._stray: list[tuple[int, str]] = []
        self._last_good_line = 0
        self._pending_signal: tuple[int, re.Match[str]] | None = None
        self._preamble: list[str] = []  # `runtime:` lines that precede a `fatal error:`
        self._preamble_start = 0
        # The last non-blank line, or where skip_quiet passed over lines: (text, start, end,
        # the line before them), looked at only when a dump needs its context (_previous).
        self._previous_text: str | tuple[str, int, int, str] = ""
        self._go_from_report: str | None = None
        self._found_in: str | None = None  # the text that skip_quiet last searched
        self._found: dict[str, int] = {}  # where each _MAY_MATTER word is next found in it
        self._found_exact: dict[str, bool] = {}  # False: not found before _found[word]
        # Stacks already read, by their exact text: (frames, creator, creator's goroutine, key).
        self._stacks: dict[str, _Stack] = {}
        self._done: list[Crash] = []  # crashes completed by the current line

    # -- public -----------------------------------------------------------------------------

    def feed(self, raw: str) -> list[Crash]:
        """Consume one line of input (with or without its newline); return the crashes it completed."""
        self.line_number += 1
        if len(raw) > MAX_LINE:
            raw = raw[:MAX_LINE]
        text = raw.rstrip("\r\n")
        if text.startswith('{"') and '"Output":"' in text:
            text = _test2json_output(text)
        text = logprefix.strip(text)
        if "go1." in text or "x/tools/gopls" in text or "version: " in text:
            self._note_versions(text)
        stripped = text.strip(" \t")
        # The most common line of a traceback, a file line, goes straight to its handler.
        file_line = self._phase == _STACK and self._awaiting_file is not None and self._file_line(stripped)
        if file_line or (self._pending_signal is not None and self._confirm_fatal_signal(stripped)):
            pass
        elif self._crash is None:
            self._outside(text, stripped)
        elif self._phase == _RACE:
            self._race_line(text, stripped)
        elif self._phase == _HEAD:
            self._head_line(text, stripped)
        else:
            self._stack_line(text, stripped)
        if stripped:
            self._previous_text = text
        if self._done:
            done = self._done
            self._done = []
            return done
        return _NOTHING

    @property
    def wants_stack(self) -> bool:
        """True inside a goroutine between frames: the next lines may be frames (`feed_stack`)."""
        goroutine = self._goroutine
        return (
            goroutine is not None
            and goroutine.created_by is None
            and self._phase == _STACK
            and self._awaiting_file is None
            and self._pending_signal is None
            and not self._stray
            and self._indent == 0
        )

    def feed_run(self, text: str, pos: int) -> int:
        """Inside a crash, read from `pos` (the start of a line of `text`, whose lines each end in
        a newline) the lines that need no line-by-line look: blank lines, goroutine headers,
        register dumps and goroutine stacks (`feed_stack`); stop at the first other line and
        return where it starts. What `feed` would make of the same lines, without its per-line
        work; these lines never complete a crash, nor change what is checked first.
        """
        crash = self._crash
        if crash is None or self._pending_signal is not None or self._awaiting_file is not None:
            return pos
        if self._phase == _RACE:
            return pos
        end = len(text)
        goroutine_block = _GOROUTINE_BLOCK.match
        stack_block = STACK_BLOCK.match
        while pos < end:
            char = text[pos]
            if char == "\n":
                self.line_number += 1
                if self._phase != _HEAD:
                    if self._goroutine is not None:
                        self._end_goroutine()
                    self._phase = _BETWEEN
                self._last_good_line = self.line_number
                pos += 1
            elif char == "g" and (goroutine := goroutine_block(text, pos)) is not None:
                # A header, the goroutine's stack, and the blank line after it.
                start = goroutine.start("stack")
                line = text[pos:start]
                if "go1." in line or "x/tools/gopls" in line or "version: " in line:
                    break
                self.line_number += 1
                if self._goroutine is not None:
                    self._end_goroutine()
                self._start_goroutine(goroutine)
                self._previous_text = line[:-1]
                pos = start
                stack = goroutine.end("stack") - start
                # A goroutine just started wants its stack (wants_stack) unless indented.
                used = self.feed_stack(text[start : start + stack]) if stack and self._indent == 0 else 0
                pos += used
                if used == stack and goroutine.start("blank") >= 0:
                    self.line_number += 1
                    self._end_goroutine()
                    self._phase = _BETWEEN
                    self._last_good_line = self.line_number
                    pos += 1
            elif self._phase == _BETWEEN and "a" <= char <= "z":
                run = _REGISTER_RUN.match(text, pos)
                if run is None:
                    break
                lines = _REGISTER_LINES.findall(run.group())
                registers = crash.registers
                for name, value in lines:
                    if len(registers) >= 64:
                        break
                    registers[name] = f"0x{value}"
                self.line_number += len(lines)
                self._good()
                pos = run.end()
                self._previous_text = text[text.rfind("\n", 0, pos - 1) + 1 : pos - 1]
            elif self.wants_stack:
                block = stack_block(text, pos)
                used = self.feed_stack(block.group()) if block is not None else 0
                if not used:
                    break
                pos += used
            else:
                break
        return pos

    def feed_stack(self, block: str) -> int:
        """Read the frames of the goroutine just started from `block` (a STACK_BLOCK match:
        whole lines, each ending in a newline) at once, up to its first line that is not a plain
        frame line; return how many characters were read (0: none, feed the lines one at a time).

        The result is what `feed` makes of the same lines; a block seen before is not parsed
        again (long logs repeat the same stacks).
        """
        goroutine = self._goroutine
        assert goroutine is not None
        cached = self._stacks.get(block)
        if cached is None:
            cached = self._parse_stack(block)
            if len(self._stacks) >= _STACK_CACHE_SIZE:
                self._stacks.clear()
            self._stacks[block] = cached
        frames, creator, created_in, key, used, newlines, last_line, version_lines = cached
        if not used:
            return 0
        kept = goroutine.frames
        whole = not kept and not goroutine.frames_elided  # the key covers every frame
        room = MAX_FRAMES - len(kept)
        if len(frames) <= room:
            kept.extend(starmap(Frame, frames))
        else:
            kept.extend(starmap(Frame, frames[: max(room, 0)]))
            goroutine.frames_dropped += len(frames) - max(room, 0)
        if creator is not None:
            goroutine.created_by = Frame(*creator)
            goroutine.created_in = created_in
        goroutine.key = key if whole else None
        self.line_number += newlines
        self._last_good_line = self.line_number
        self._previous_text = last_line
        for line in version_lines:
            self._note_versions(line)
        return used

    def _parse_stack(self, block: str) -> _Stack:
        """The frames of `block` up to its first line that is not a plain frame line, and the
        length of text they fill (0 when there is none): one match (_FRAME_PAIR) per frame."""
        frames: list[_Frame] = []
        creator: _Frame | None = None
        created_in = None
        strip = logprefix.strip
        pair = _FRAME_PAIR.match
        used = count = 0
        last = None  # the match of the last frame read
        while creator is None:
            match = pair(block, used)
            if match is None:
                break
            name, function, args, file, line, offset = match.groups()
            if name is not None:
                name, sep, goid = name.partition(" in goroutine ")
                if sep and not goid.isdigit():
                    break
                creator = (name, "", file, int(line), offset or "")
                created_in = int(goid) if sep else None
            else:
                call = block[used : match.end(3) + 1]
                if strip(call) is not call:
                    break
                if "%3F" in args:  # vscode-go's reports URL-encode the `?` of inaccurate arguments
                    args = args.replace("%3F", "?")
                frames.append((function, args, file, int(line), offset or ""))
            last = match
            used = match.end()
            count += 2
        key = stack_key(self.grouping, "", frames[:MAX_FRAMES], creator[0] if creator else None)
        versions: tuple[str, ...] = ()
        if "go1." in block or "x/tools/gopls" in block:
            read = block[:used].split("\n")
            versions = tuple(line for line in read if "go1." in line or "x/tools/gopls" in line)
        last_line = block[last.start(4) - 1 : used - 1] if last is not None else ""
        return (tuple(frames), creator, created_in, key, used, count, last_line, versions)

    def skip_quiet(self, text: str, pos: int) -> int:
        """Outside any crash (not `holding`), pass over the lines of `text` from `pos` (whole
        lines, each ending in a newline) up to the first that may matter (_MAY_MATTER); return
        where that line starts. What `feed` would have kept of them is kept: the line count and
        the last non-blank line (the context of a goroutine dump that follows)."""
        near = _MAY_MATTER_RE.search(text, pos, pos + _NEAR)
        first = near.start() if near is not None else self._first_word(text, pos)
        stop = first if first == len(text) else text.rfind("\n", pos, first) + 1
        if stop <= pos:
            return pos
        self.line_number += text.count("\n", pos, stop)
        # The last non-blank line passed over is found only if a goroutine dump needs it.
        self._previous_text = (text, pos, stop, self._previous())
        return stop

    def _first_word(self, text: str, pos: int) -> int:
        """Where the first _MAY_MATTER word at or after `pos` starts (len(text): nowhere)."""
        if self._found_in is not text:
            self._found_in = text
            self._found = dict.fromkeys(_MAY_MATTER, -1)
            self._found_exact = dict.fromkeys(_MAY_MATTER, False)
        # Each word is searched only up to the first word found so far: a word found nowhere
        # before that keeps it as a bound (not in [pos, bound)), not a place, and the next call
        # goes on from the bound. So each word reads only the quiet text, not the whole buffer.
        found = self._found
        exact = self._found_exact
        first = len(text)
        for word in _MAY_MATTER:
            at = found[word]
            if at >= first:
                continue
            if at < pos or not exact[word]:
                hit = text.find(word, max(at, pos), first + len(word) - 1)
                if hit < 0:
                    found[word] = first
                    exact[word] = False
                    continue
                found[word] = at = hit
                exact[word] = True
            first = at
        return first

    def _previous(self) -> str:
        """The last non-blank line read (without its log prefixes): the context of a dump."""
        previous = self._previous_text
        if isinstance(previous, str):
            return previous
        text, pos, end, before = previous
        end -= 1  # the newline of the last line passed over
        while end > pos:
            newline = text.rfind("\n", pos, end)
            start = pos if newline < 0 else newline + 1
            line = logprefix.strip(text[start:end].rstrip("\r\n"))
            if line.strip(" \t"):
                self._previous_text = line
                return line
            end = start - 1
        self._previous_text = before
        return before

    @property
    def holding(self) -> bool:
        """True while the lines read may still turn out to be part of a crash (one is open, or
        `runtime:` lines or a `SIGQUIT: quit` wait for what follows them)."""
        return self._crash is not None or bool(self._preamble) or self._pending_signal is not None

    def finish(self) -> list[Crash]:
        """The end of input: the crash still open, marked truncated if it stopped mid-frame."""
        if self._crash is not None and self._awaiting_file is not None:
            self._crash.truncated = True
        self._close()
        done = self._done
        self._done = []
        return done

    # -- dispatch ---------------------------------------------------------------------------

    def _outside(self, text: str, stripped: str) -> None:
        """No crash open: look for the first line of one."""
        if not stripped:
            return
        first = stripped[0]
        if first in "<`" and ("panic: " in stripped or "fatal error: " in stripped):
            markup = _PASTE_MARKUP.match(stripped)
            if markup:
                stripped = stripped[markup.end() :]
                text = stripped
                first = stripped[:1]
        if first == "p" and stripped.startswith("panic: "):
            self._open(text)
            self._add_panic(stripped)
        elif first == "f" and stripped.startswith("fatal error: "):
            self._open(text, with_preamble=True)
            assert self._crash is not None
            self._crash.fatal_error = _clip(stripped[len("fatal error: ") :])
        elif first == "r" and stripped.startswith("runtime: "):
            if not self._preamble:
                self._preamble_start = self.line_number
            if len(self._preamble) < 8:
                self._preamble.append(_clip(stripped))
            return
        elif first == "u" and stripped.startswith("unexpected fault address"):
            self._preamble = [_clip(stripped)]
            self._preamble_start = self.line_number
            return
        elif first == "S" and _FATAL_SIGNAL.match(stripped):
            match = _FATAL_SIGNAL.match(stripped)
            assert match is not None
            self._pending_signal = (self.line_number, match)
        elif first == "g" and stripped.startswith("goroutine "):
            header = _HEADER.match(stripped)
            if header:
                context = self._previous().strip() or None
                self._open(text)
                assert self._crash is not None
                self._crash.context = _clip(context) if context else None
                self._start_goroutine(header)
                return
        elif stripped == "WARNING: DATA RACE":
            self._open(text)
            assert self._crash is not None
            self._phase = _RACE
        self._preamble = []

    def _confirm_fatal_signal(self, stripped: str) -> bool:
        """`SIGQUIT: quit` counts only when the runtime's `PC=0x... m=N sigcode=N` line follows."""
        assert self._pending_signal is not None
        start, signal = self._pending_signal
        self._pending_signal = None
        pc = _PC_LINE.match(stripped)
        if not pc:
            return False
        crash = self._crash
        if crash is None:
            crash = Crash(start_line=start)
            self._open_crash(crash, indent=0)
        # With GOTRACEBACK=crash every thread is dumped after the first: the same crash.
        if crash.signal is None:
            crash.signal = self._signal_from(signal, pc)
        self._good()
        return True

    @staticmethod
    def _signal_from(signal: re.Match[str], pc: re.Match[str]) -> Signal:
        return Signal(
            name=f"{signal['name']}: {signal['text']}",
            code=pc["code"] or "",
            addr=f"0x{pc['addr']}" if pc["addr"] else "",
            pc=f"0x{pc['pc']}",
            m=pc["m"],
        )

    def _head_line(self, text: str, stripped: str) -> None:
        """Between the first line of a crash and its first goroutine."""
        crash = self._crash
        assert crash is not None
        if not stripped:
            self._last_good_line = self.line_number
            return
        if stripped.startswith("goroutine "):
            header = _HEADER.match(stripped)
            if header and _indent(text) <= self._indent:
                self._start_goroutine(header)
                return
        indented = _indent(text) > self._indent
        if indented and crash.panics and not stripped.startswith("[signal "):
            # A nested panic (`\tpanic: second`) or a further line of a multi-line value.
            if stripped.startswith("panic: "):
                self._add_panic(stripped)
            else:
                last = crash.panics[-1]
                # Past MAX_TEXT the value is already cut: appending would only copy it again.
                if len(last.value) < MAX_TEXT:
                    last.value = _clip(f"{last.value}\n{stripped}")
            self._last_good_line = self.line_number
            return
        if stripped.startswith("[signal "):
            match = _SIGNAL_LINE.match(stripped)
            if match:
                crash.signal = Signal(
                    match["name"], match["code"] or "", match["addr"] or "", match["pc"] or ""
                )
                self._last_good_line = self.line_number
                return
        if stripped.startswith("fatal error: ") and crash.fatal_error is None:
            crash.fatal_error = _clip(stripped[len("fatal error: ") :])
        elif stripped.startswith("panic: ") and not crash.panics and crash.fatal_error is None:
            self._add_panic(stripped)
        elif stripped.startswith(("runtime: ", "unexpected fault address", "panic during panic")):
            if len(crash.runtime_messages) < 8:
                crash.runtime_messages.append(_clip(stripped))
        elif stripped == "signal arrived during cgo execution":
            crash.signal_in_cgo = True
        elif stripped == "running tests:" and crash.panics:
            # Go 1.20 printed the list of a test timeout unindented: part of the panic value.
            crash.panics[-1].value = _clip(f"{crash.panics[-1].value}\n{stripped}")
        elif stripped.startswith("instruction bytes:") or stripped.startswith("stack trace unavailable"):
            pass
        elif stripped == "runtime stack:":
            self._phase = _STACK
            self._goroutine = None
            self._frames = crash.runtime_stack
        elif stripped.startswith(("panic: ", "fatal error: ")) or stripped == "WARNING: DATA RACE":
            # A second crash before the first printed any goroutine (a panic line in a log).
            crash.truncated = True
            self._close()
            self._outside(text, stripped)
            return
        else:
            self._stray_line(text, stripped)
            return
        self._last_good_line = self.line_number

    def _stack_line(self, text: str, stripped: str) -> None:
        """Inside or between goroutines."""
        crash = self._crash
        assert crash is not None
        if not stripped:
            if self._awaiting_file is not None:
                self._awaiting_file = None
            self._end_goroutine()
            self._phase = _BETWEEN
            self._last_good_line = self.line_number
            return
        first = stripped[0]
        if first == "g" and stripped.startswith("goroutine "):
            header = _HEADER.match(stripped)
            if header:
                self._end_goroutine()
                self._start_goroutine(header)
                return
            if stripped == "goroutine running on other thread; stack unavailable" and self._goroutine:
                self._goroutine.stack_unavailable = True
                self._good()
                return
        if self._phase == _BETWEEN:
            self._between_line(text, stripped)
            return
        if self._awaiting_file is not None and self._file_line(stripped):
            return
        if first == "c" and stripped.startswith("created by ") and self._goroutine is not None:
            name, sep, goid = stripped[len("created by ") :].partition(" in goroutine ")
            creator = self._goroutine.created_by = Frame(name)
            self._goroutine.key = None
            if sep and goid.isdigit():
                self._goroutine.created_in = int(goid)
            self._awaiting_file = creator
            self._good()
            return
        if first == "." and stripped.endswith("frames elided..."):
            match = _ELIDED.match(stripped)
            if match and self._goroutine is not None:
                self._goroutine.frames_elided = int(match["n"]) if match["n"] else -1
                self._good()
                return
        frame = _parse_function_line(stripped)
        if frame is not None:
            self._add_frame(frame)
            self._awaiting_file = frame
            self._good()
            return
        if first == "n" and stripped.startswith("non-Go function"):
            self._add_frame(Frame(stripped))
            self._good()
            return
        if self._awaiting_file is None and first == "p" and _CGO_FILE.match(stripped):
            self._good()
            return
        if stripped.startswith("[originating from goroutine"):
            self._good()
            return
        if first in "pf" and stripped.startswith(("panic: ", "fatal error: ")):
            self._close()
            self._outside(text, stripped)
            return
        self._stray_line(text, stripped)

    def _file_line(self, stripped: str) -> bool:
        """`\t/path/file.go:12 +0x1d` for the frame just read; False when `stripped` is not one."""
        match = _FILE.match(stripped)
        if not match:
            return False
        awaiting = self._awaiting_file
        assert awaiting is not None
        awaiting.file = match["file"]
        awaiting.line = int(match["line"])
        awaiting.offset = match["offset"] or ""
        self._awaiting_file = None
        if self._stray:
            self._good()
        self._last_good_line = self.line_number
        return True

    def _between_line(self, text: str, stripped: str) -> None:
        """After a blank line: only another goroutine, registers or a thread separator belong here."""
        crash = self._crash
        assert crash is not None
        register = _REGISTER.match(stripped)
        if register:
            if len(crash.registers) < 64:
                crash.registers[register["name"]] = f"0x{register['value']}"
            self._good()
            return
        if stripped in {"-----", "runtime stack:"}:
            if stripped == "runtime stack:":
                self._phase = _STACK
                self._goroutine = None
                self._frames = crash.runtime_stack
            self._good()
            return
        match = _FATAL_SIGNAL.match(stripped)
        if match:
            # GOTRACEBACK=crash dumps every thread: `SIGQUIT: quit` / `PC=` again, same crash.
            self._pending_signal = (self.line_number, match)
            self._good()
            return
        if stripped.startswith("PC=0x") or stripped == "signal arrived during cgo execution":
            self._good()
            return
        self._close()
        self._outside(text, stripped)

    def _race_line(self, text: str, stripped: str) -> None:
        crash = self._crash
        assert crash is not None
        if stripped == _RACE_RULE:
            self._close(end=self.line_number)
            return
        if not stripped:
            self._awaiting_file = None
            self._good()
            return
        access = _RACE_ACCESS.match(stripped)
        created = None if access else _RACE_CREATED.match(stripped)
        if access or created or (_indent(text) == 0 and stripped.endswith(":")):
            goid: int | None = None
            if access and access["id"]:
                goid = int(access["id"])
            elif created:
                goid = int(created["id"])
            section = RaceAccess(stripped[:-1], goid)
            if len(crash.race) < 16:
                crash.race.append(section)
                self._frames = section.frames
            else:
                self._frames = None
            self._awaiting_file = None
            self._good()
            return
        if self._awaiting_file is not None:
            match = _FILE.match(stripped)
            if match:
                self._awaiting_file.file = match["file"]
                self._awaiting_file.line = int(match["line"])
                self._awaiting_file.offset = match["offset"] or ""
                self._awaiting_file = None
                self._good()
                return
        frame = _parse_function_line(stripped)
        if frame is not None:
            if self._frames is not None and len(self._frames) < MAX_FRAMES:
                self._frames.append(frame)
            self._awaiting_file = frame
            self._good()
            return
        if stripped == "[failed to restore the stack]":
            self._good()
            return
        self._stray_line(text, stripped)

    # -- helpers ----------------------------------------------------------------------------

    def _good(self) -> None:
        crash = self._crash
        assert crash is not None
        if self._stray:
            # Lines of another process interleaved inside the traceback: kept, then skipped.
            for item in self._stray:
                crash.unparsed_count += 1
                if len(crash.unparsed) < MAX_UNPARSED:
                    crash.unparsed.append(item)
            self._stray = []
        self._last_good_line = self.line_number

    def _stray_line(self, text: str, stripped: str) -> None:
        """A line that fits nowhere: interleaved output of another process, or the end of the crash."""
        crash = self._crash
        assert crash is not None
        if not stripped.startswith(_TERMINATORS):
            self._stray.append((self.line_number, stripped[:200]))
            if len(self._stray) < _MAX_STRAY:
                return
        # Several such lines in a row, or what `go` prints after a crash: the crash ended at its
        # last good line, and the stray lines were ordinary log lines.
        if self._awaiting_file is not None and self._phase != _RACE:
            crash.truncated = True
        self._close(end=self._last_good_line)

    def _open(self, text: str, *, with_preamble: bool = False) -> None:
        crash = Crash(start_line=self.line_number)
        if with_preamble and self._preamble:
            crash.runtime_messages = self._preamble
            crash.start_line = self._preamble_start
        self._open_crash(crash, indent=_indent(text))

    def _open_crash(self, crash: Crash, *, indent: int) -> None:
        self._opened += 1
        self._bucketing = self._grouped is None or self._opened <= self._grouped
        self._preamble = []
        self._crash = crash
        self._phase = _HEAD
        self._indent = indent
        self._goroutine = None
        self._frames = None
        self._awaiting_file = None
        self._stray = []
        self._last_good_line = self.line_number

    def _add_panic(self, stripped: str) -> None:
        crash = self._crash
        assert crash is not None
        value = stripped[len("panic: ") :]
        recovered = repanicked = False
        if value.endswith(" [recovered, repanicked]"):
            value = value[: -len(" [recovered, repanicked]")]
            recovered = repanicked = True
        elif value.endswith(" [recovered]"):
            value = value[: -len(" [recovered]")]
            recovered = True
        if len(crash.panics) < 16:
            crash.panics.append(Panic(_clip(value), recovered, repanicked))
        self._last_good_line = self.line_number

    def _start_goroutine(self, header: re.Match[str]) -> None:
        crash = self._crash
        assert crash is not None
        text = header["state"]
        state = self._states.get(text)
        if state is None:
            state = _parse_state(text)
            if len(self._states) < _STATE_CACHE_SIZE:
                self._states[text] = state
        goroutine = Goroutine(int(header["id"]), state[0], state[1], state[2], header["m"])
        self._goroutine = goroutine
        self._frames = goroutine.frames
        self._awaiting_file = None
        self._phase = _STACK
        crash.goroutine_count += 1
        self._good()

    def _add_frame(self, frame: Frame) -> None:
        if self._goroutine is not None:
            self._goroutine.key = None  # a frame read after a cached block: compute the key anew
        frames = self._frames
        if frames is None:
            return
        if len(frames) < MAX_FRAMES:
            frames.append(frame)
        elif self._goroutine is not None:
            self._goroutine.frames_dropped += 1

    def _end_goroutine(self) -> None:
        goroutine = self._goroutine
        crash = self._crash
        if goroutine is None or crash is None:
            return
        self._goroutine = None
        self._frames = None
        if len(crash.goroutines) < MAX_GOROUTINES:
            crash.goroutines.append(goroutine)
        else:
            crash.goroutines_dropped += 1
        if not self._bucketing:
            return
        key = goroutine.key if goroutine.key is not None else goroutine.signature(self.grouping)
        bucket = crash.buckets.get(key)
        if bucket is None:
            if len(crash.buckets) >= MAX_BUCKETS:
                crash.goroutines_unbucketed += 1
                return
            bucket = crash.buckets[key] = Bucket(goroutine)
        bucket.count += 1
        if len(bucket.ids) < 20:
            bucket.ids.append(goroutine.id)
        bucket.states[goroutine.state] = bucket.states.get(goroutine.state, 0) + 1

    def _close(self, end: int | None = None) -> None:
        crash = self._crash
        if crash is None:
            return
        self._end_goroutine()
        if self._stray:
            self._stray = []
        crash.end_line = end if end is not None else self._last_good_line
        if not crash.goroutine_count and not crash.race and not crash.runtime_stack:
            crash.truncated = True
        crash.go_version = self.go_version
        crash.gopls_version = self.gopls_version
        self._crash = None
        self._goroutine = None
        self._frames = None
        self._awaiting_file = None
        self._phase = _HEAD
        self._done.append(crash)

    def _note_versions(self, text: str) -> None:
        if text.startswith(("gopls version: ", "go version: ")):
            report = _REPORT_GOPLS.match(text)
            if report:
                self.gopls_version = report["v"]
                self._go_from_report = report["go"]
                if report["go"]:
                    self.go_version = report["go"]
                return
            toolchain = _REPORT_GO.match(text)
            if toolchain and not self._go_from_report:
                self.go_version = f"go{toolchain['v']}"
            return
        if "go1." in text:
            match = _GO_VERSION.search(text)
            if match:
                self.go_version = match["v"]
        if "x/tools/gopls" in text:
            match = _GOPLS_VERSION.search(text)
            if match:
                self.gopls_version = match["v"]


def parse_lines(lines: Iterable[str]) -> Iterator[Crash]:
    """Every crash in `lines`, in order, each yielded as soon as it is complete."""
    parser = TracebackParser()
    for line in lines:
        yield from parser.feed(line)
    yield from parser.finish()


def parse_text(text: str) -> list[Crash]:
    """Every crash in `text` (convenience for tests and small inputs)."""
    return list(parse_lines(text.splitlines()))
