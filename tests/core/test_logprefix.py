"""Log-line prefixes of VS Code and Go, from the real format strings.

VS Code cannot run here, so the VS Code lines follow the format strings exactly:
- new client (vscode-languageclient >= 10.0.0-next.15, VS Code fileLog.ts):
  `${YYYY}-${MM}-${DD} ${hh}:${mm}:${ss}.${mmm} [${level}] ${message}`;
- old client (<= 10.0.0-next.14): `[${name.padEnd(5)} - ${new Date().toLocaleTimeString()}] ${message}`,
  captured in vscode-go extension/test/gopls/report.test.ts (see
  /work/shared/reference/crashes-and-traces.md, section 3.3).
The Go log lines are real: gopls's event printer writes `2006/01/02 15:04:05 ` and Go's log
package `LstdFlags|Lmicroseconds`.
"""

from __future__ import annotations

import pytest

from goide.core import logprefix
from goide.core.logprefix import PrefixStyle

CASES = [
    # (line, style, level, time, message)
    (
        "2026-08-21 10:02:11.481 [error] panic: runtime error: index out of range [3] with length 3",
        PrefixStyle.VSCODE_LOG,
        "error",
        "2026-08-21 10:02:11.481",
        "panic: runtime error: index out of range [3] with length 3",
    ),
    (
        "2026-08-21 10:02:11.481 [error] \t/home/u/x/main.go:12 +0x1d",
        PrefixStyle.VSCODE_LOG,
        "error",
        "2026-08-21 10:02:11.481",
        "\t/home/u/x/main.go:12 +0x1d",
    ),
    (
        "2026-08-21 10:21:03.117 [trace] Sending request 'textDocument/completion - (12)'.",
        PrefixStyle.VSCODE_LOG,
        "trace",
        "2026-08-21 10:21:03.117",
        "Sending request 'textDocument/completion - (12)'.",
    ),
    (
        "[Info  - 9:58:40 AM] Connection to server got closed. Server will restart.",
        PrefixStyle.VSCODE_CLIENT,
        "info",
        "9:58:40 AM",
        "Connection to server got closed. Server will restart.",
    ),
    (
        "[Error - 12:50:26 PM] Request textDocument/codeLens failed.",
        PrefixStyle.VSCODE_CLIENT,
        "error",
        "12:50:26 PM",
        "Request textDocument/codeLens failed.",
    ),
    # Older capture: the level was not padded.
    ("[Info - 12:50:26 PM] x", PrefixStyle.VSCODE_CLIENT, "info", "12:50:26 PM", "x"),
    # Locales: 24-hour, Chinese, Spanish.
    ("[Error - 14:02:11] boom", PrefixStyle.VSCODE_CLIENT, "error", "14:02:11", "boom"),
    ("[Error - 下午2:02:11] boom", PrefixStyle.VSCODE_CLIENT, "error", "下午2:02:11", "boom"),
    ("[Warn  - 2:02:11 p. m.] w", PrefixStyle.VSCODE_CLIENT, "warn", "2:02:11 p. m.", "w"),
    (
        '[LSP   - 10:21:03 AM] {"isLSPMessage":true}',
        PrefixStyle.VSCODE_CLIENT,
        "lsp",
        "10:21:03 AM",
        '{"isLSPMessage":true}',
    ),
    # gopls -rpc.trace: 24-hour clock plus AM/PM marker.
    (
        "[Trace - 21:42:07.123 PM] Sending request 'textDocument/hover - (3)'.",
        PrefixStyle.VSCODE_CLIENT,
        "trace",
        "21:42:07.123 PM",
        "Sending request 'textDocument/hover - (3)'.",
    ),
    (
        "2026/08/21 10:02:11 go/packages.Load",
        PrefixStyle.GO_LOG,
        None,
        "2026/08/21 10:02:11",
        "go/packages.Load",
    ),
    (
        "2026/08/21 10:02:11.123456 http: panic serving 1.2.3.4:5: boom",
        PrefixStyle.GO_LOG,
        None,
        "2026/08/21 10:02:11.123456",
        "http: panic serving 1.2.3.4:5: boom",
    ),
]


@pytest.mark.parametrize(("line", "style", "level", "time", "message"), CASES)
def test_split(line: str, style: PrefixStyle, level: str | None, time: str, message: str) -> None:
    got = logprefix.split(line)
    assert (got.style, got.level, got.time, got.message) == (style, level, time, message)
    assert logprefix.strip(line) == message


@pytest.mark.parametrize(
    "line",
    [
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4613c4]",
        "goroutine 1 [running]:",
        "\t/usr/local/go/src/runtime/panic.go:884 +0x212",
        "2 @ 0x43a1b6 0x4079fd",
        "[Errorless - x] not a client line",
        "",
        "2026-08-21 10:02:11.481 [fatal] unknown level",
    ],
)
def test_lines_without_prefix_are_unchanged(line: str) -> None:
    assert logprefix.split(line).style is None
    assert logprefix.strip(line) == line


def test_two_layers() -> None:
    # VS Code old client wrapping a gopls window/logMessage (report.test.ts capture).
    line = "[Info - 12:50:26 PM] 2020/09/16 12:50:26 go/packages.Load"
    assert logprefix.split(line).message == "2020/09/16 12:50:26 go/packages.Load"
    assert logprefix.strip(line) == "go/packages.Load"
    line = "2026-08-21 10:02:11.481 [info] 2026/08/21 10:02:11 panic: boom"
    assert logprefix.strip(line) == "panic: boom"


def test_long_line_without_closing_bracket() -> None:
    line = "[Error - " + "x" * 1_000_000
    assert logprefix.strip(line) == line


@pytest.mark.parametrize(("line", "style", "level", "time", "message"), CASES)
def test_split_vscode_log_bytes_agrees_with_split(
    line: str, style: PrefixStyle, level: str | None, time: str, message: str
) -> None:
    found = logprefix.split_vscode_log(line.encode())
    if style is not PrefixStyle.VSCODE_LOG:
        assert found is None
        return
    assert found is not None
    assert (found[1], found[2]) == (level.encode() if level else None, message.encode())


def test_split_vscode_log_time() -> None:
    found = logprefix.split_vscode_log(b"2026-08-21 10:21:03.117 [trace] Sending request")
    assert found == (1787307663.117, b"trace", b"Sending request")
    assert logprefix.split_vscode_log(b"2026-08-21 10:21:03 [info] x") == (1787307663.0, b"info", b"x")
    # An impossible date keeps the prefix off the message but has no time.
    assert logprefix.split_vscode_log(b"2026-02-30 10:21:03.117 [error] x") == (None, b"error", b"x")
    assert logprefix.split_vscode_log(b"2026/08/21 10:21:03 go/packages.Load") is None
