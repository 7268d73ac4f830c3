"""Strips the prefixes that log writers put before each line, so that parsers see the message.

Three writers put Go tracebacks and LSP traces behind a prefix:

- VS Code's log output channel (vscode-languageclient >= 10.0.0-next.15, VS Code `fileLog.ts`):
  `2026-08-21 10:02:11.481 [error] message`, on every line; each stderr line of the server is
  logged separately at level `error`.
- Older vscode-languageclient (<= 10.0.0-next.14, plain output channels):
  `[Error - 10:02:11 AM] message`, the level padded to five characters (`[Info  - ...]`),
  `[Trace - ...]` for LSP traces and `[LSP   - ...]` for JSON traces. The time comes from
  `Date.toLocaleTimeString()`, so its shape depends on the user's locale (`10:02:11 AM`,
  `10:02:11`, `上午10:02:11`, `10:02:11 a.m.`): anything up to the closing bracket is the time.
  gopls's own `-rpc.trace` log uses the same bracket form (`[Trace - 21:42:07.123 PM]`).
- Go's `log` package and gopls's event printer (`-logfile`): `2026/08/21 10:02:11 message`,
  with optional fractional seconds (`log.Lmicroseconds`).

Log collectors put one more layer in front, taken off first by `strip` (`collector`):

- GitHub Actions' raw logs: `2024-01-02T03:04:05.1234567Z ` (RFC 3339 with 7 fraction digits),
  also as copied from its log viewer with the line number first (` 618283 2021-09-15T07:40:...Z `);
  govim's log: `2019-10-10T13:42:05.531265_#1: gopls stderr: `;
- CI consoles and task runners (Travis, gulp): `[00:11:11] `;
- journald (`journalctl` short format): `Feb 07 04:53:48 host prog[123]: `;
- govim's `gopls stderr: ` before each line gopls wrote to stderr.

A line can carry two layers (VS Code wraps a gopls log line: `[Info  - 9:58:40 AM] 2020/09/16
9:58:40 go/packages.Load`); `strip` removes both, `split` peels one and says what it was.

`split_vscode_log` is the bytes entry point for the VS Code log-file prefix, for `goide trace`,
which reads undecoded lines and needs the prefix's time as a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum


class PrefixStyle(StrEnum):
    """Which writer put the prefix there."""

    VSCODE_LOG = "vscode-log"  # 2026-08-21 10:02:11.481 [error]
    VSCODE_CLIENT = "vscode-client"  # [Error - 10:02:11 AM]
    GO_LOG = "go-log"  # 2026/08/21 10:02:11


# One source for the text and the bytes pattern; the numbered groups are the parts of the time.
_VSCODE_LOG_SOURCE = (
    r"(?P<time>(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?) "
    r"\[(?P<level>trace|debug|info|warning|error)\] ?"
)
_VSCODE_LOG = re.compile(_VSCODE_LOG_SOURCE)
_VSCODE_LOG_BYTES = re.compile(_VSCODE_LOG_SOURCE.encode())
# The locale-dependent time is bounded so that a stray '[Error - ' cannot swallow a 1 MB line.
_VSCODE_CLIENT = re.compile(
    r"\[(?P<level>Trace|Debug|Info|Warn|Warning|Error|LSP) *- (?P<time>[^\]\n]{1,48})\] ?"
)
_GO_LOG = re.compile(r"(?P<time>\d{4}/\d\d/\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})?) ")

_PATTERNS = (
    (PrefixStyle.VSCODE_LOG, _VSCODE_LOG),
    (PrefixStyle.VSCODE_CLIENT, _VSCODE_CLIENT),
    (PrefixStyle.GO_LOG, _GO_LOG),
)
# Every prefix starts with one of these; other lines skip the regexes entirely.
_FIRST_CHARS = frozenset("[0123456789")

_ISO_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?(?:_#\d+:)? ")
_CLOCK_BRACKET = re.compile(r"\[\d\d:\d\d:\d\d(?:\.\d{1,9})?\] ")
_JOURNALD = re.compile(
    r"[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d [^\s:]{1,255} [^\s:\[]{1,255}(?:\[\d{1,10}\])?: "
)
_MONTHS = frozenset(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
_GOVIM = "gopls stderr: "
_COLLECTOR_FIRST = frozenset("[0123456789JFMASONDg ")
_LINE_NUMBER = re.compile(r" *\d{1,9} (?=\d{4}-\d\d-\d\dT)")


def collector(line: str) -> str:
    """`line` without a log collector's prefix (GitHub Actions, govim, `[hh:mm:ss]`, journald)."""
    if not line or line[0] not in _COLLECTOR_FIRST:
        return line
    first = line[0]
    if first == " " or (first.isdigit() and line[4:5] != "-"):
        number = _LINE_NUMBER.match(line)
        if number is None:
            return line
        line = line[number.end() :]
        first = line[0]
    if first == "g":
        return line[len(_GOVIM) :] if line.startswith(_GOVIM) else line
    if first == "[":
        match = _CLOCK_BRACKET.match(line)
        return line[match.end() :] if match else line
    if first.isdigit():
        if line[4:5] != "-" or line[10:11] != "T":
            return line
        match = _ISO_STAMP.match(line)
        if not match:
            return line
        rest = line[match.end() :]
        return rest[len(_GOVIM) :] if rest.startswith(_GOVIM) else rest
    if line[:3] in _MONTHS and line[3:4] == " ":
        match = _JOURNALD.match(line)
        return line[match.end() :] if match else line
    return line


@dataclass(frozen=True, slots=True)
class Split:
    """One line with its outermost prefix taken off.

    `level` is lower-cased (`error`, `info`, `warn`, `trace`, `lsp`, ...) and None for Go log
    lines; `time` is the timestamp exactly as written.
    """

    message: str
    style: PrefixStyle | None = None
    level: str | None = None
    time: str | None = None


def split(line: str) -> Split:
    """Take the outermost known prefix off `line` (a line without its newline)."""
    if not line or line[0] not in _FIRST_CHARS:
        return Split(line)
    for style, pattern in _PATTERNS:
        match = pattern.match(line)
        if match:
            groups = match.groupdict()
            level = groups.get("level")
            return Split(line[match.end() :], style, level.lower() if level else None, groups["time"])
    return Split(line)


def strip(line: str) -> str:
    """`line` without any known prefix: a log collector's, the VS Code layer, then a Go log timestamp."""
    if not line or line[0] not in _COLLECTOR_FIRST:
        return line
    line = collector(line)
    if not line or line[0] not in _FIRST_CHARS:
        return line
    outer = split(line)
    if outer.style is None or outer.style is PrefixStyle.GO_LOG:
        return outer.message
    inner = outer.message
    if inner and inner[0] in _FIRST_CHARS:
        match = _GO_LOG.match(inner)
        if match:
            return inner[match.end() :]
    return inner


# The VS Code log-file prefix at the start of every line of a text, where taking it off alone
# is all `strip` does to the line: not before another prefix, a digit or `[`, or a JSON object.
# Each prefix is matched with the newline before it (strip_vscode_lines puts one before the
# text): a pattern that starts with a character is searched for it first, five times faster
# than a multi-line `^`, which is tried at every position.
_VSCODE_LOG_LINES = re.compile(
    r"\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})? \[(?:trace|debug|info|warning|error)\] "
    r"(?![\[\d{]| +\d|gopls stderr: |[A-Z][a-z]{2} [ \d]\d )"
)


_VSCODE_LEVELS = (" [error]", " [info]", " [trace]", " [warning]", " [debug]")


def strip_vscode_lines(text: str) -> str:
    """`text` (many lines) with the VS Code log-file prefix taken off each line where `strip`
    would take off that prefix and nothing more; other lines are left for `strip`."""
    if not any(level in text for level in _VSCODE_LEVELS):
        return text
    return _VSCODE_LOG_LINES.sub("\n", "\n" + text)[1:]


def split_vscode_log(line: bytes) -> tuple[float | None, bytes, bytes] | None:
    """The time, level and message of a VS Code log-file line (`2026-08-21 10:21:03.117 [trace] m`).

    None when `line` has no such prefix. The time is in seconds, the written local time read as
    UTC (only differences between times are meaningful), and None for an impossible date.
    """
    if line[:2] not in (b"19", b"20"):  # the year; every other line skips the regex
        return None
    match = _VSCODE_LOG_BYTES.match(line)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction = match.group(2, 3, 4, 5, 6, 7, 8)
    try:
        stamp: float | None = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=UTC
        ).timestamp()
    except ValueError:
        stamp = None
    if stamp is not None and fraction:
        stamp += int(fraction) / 10 ** len(fraction)
    return stamp, match.group("level"), line[match.end() :]
