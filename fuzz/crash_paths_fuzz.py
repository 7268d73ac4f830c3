"""Fuzz target: every way `goide crash` reads a log gives the same crashes.

`goide crash FILE` reads goroutine stacks as blocks (`TracebackParser.feed_stack`, with a cache of
stacks already seen) and takes VS Code log prefixes off a whole buffer at once
(`logprefix.strip_vscode_lines`); `parse_text` and pass-through mode feed one line at a time.
`same_everywhere(text)` asserts that the three agree on every crash, field by field, and that
pass-through mode writes every other line unchanged, on any input
(real crash logs damaged as in crash_fuzz, with collector prefixes and paste markup added).
"""

from __future__ import annotations

import dataclasses
import io
from typing import Any

from hypothesis import strategies as st

from goide.crash.passthrough import pass_through
from goide.crash.read import read_crashes
from goide.crash.traceback import Crash, parse_lines

PREFIXES = [
    "2026-08-21 10:02:11.481 [error] ",
    "2026-08-21 10:02:11.481 [info] 2026/08/21 10:02:11 ",
    "2024-01-02T03:04:05.1234567Z ",
    "[00:11:11] ",
    "Feb 07 04:53:48 host prog[123]: ",
    "gopls stderr: ",
    "<pre>",
    "```",
    "\t",
]


def _plain(value: Any) -> Any:
    """`value` from dataclasses.asdict without the cached bucket keys (`key`), which only the
    block reader fills in, and with dict keys made comparable."""
    if isinstance(value, dict):
        return {repr(k): _plain(v) for k, v in value.items() if k != "key"}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _facts(crashes: list[Crash]) -> list[Any]:
    return [_plain(dataclasses.asdict(c)) for c in crashes]


def prefixed(seeds: list[str]) -> st.SearchStrategy[str]:
    """Seeds, each line maybe behind one of PREFIXES (the same one for a run of lines)."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        lines = draw(st.sampled_from(seeds)).splitlines()
        out = []
        prefix = ""
        for line in lines:
            if draw(st.integers(0, 9)) == 0:
                prefix = draw(st.sampled_from(["", *PREFIXES]))
            out.append(prefix + line)
        if draw(st.booleans()):
            out = out * draw(st.integers(2, 3))  # repeated stacks: the cache must not change a thing
        return "\n".join(out) + draw(st.sampled_from(["", "\n", "\r\n"]))

    return build()


class _Trickle(io.BytesIO):
    """A stream that hands over a few bytes per read, as a slow pipe does: read blocks then end
    anywhere, inside a stack, between a function line and its file line."""

    def __init__(self, data: bytes, step: int) -> None:
        super().__init__(data)
        self._step = step

    def read1(self, size: int = -1) -> bytes:
        return super().read1(self._step)


def same_everywhere(text: str) -> None:
    """The line parser, the block reader and pass-through mode find the same crashes."""
    data = text.encode("utf-8", "replace")
    # Lines as a file has them: split at "\n" only (str.splitlines also splits at a lone "\r").
    lines = data.decode("utf-8", "replace").split("\n")
    if data.endswith(b"\n"):
        lines.pop()
    by_line = list(parse_lines(lines))
    by_block = list(read_crashes(io.BytesIO(data)))
    assert _facts(by_block) == _facts(by_line)
    for step in (1, 17, 300):
        assert _facts(list(read_crashes(_Trickle(data, step)))) == _facts(by_line)
    raw_lines = data.split(b"\n")
    if data.endswith(b"\n"):
        raw_lines.pop()
    expected = _passed_through(raw_lines, by_line)
    for step in (None, 1, 17, 300):
        out = io.BytesIO()
        stream = io.BytesIO(data) if step is None else _Trickle(data, step)
        count = pass_through(stream, out, lambda summary, index: f"<crash {index}>\n")
        assert count == len(by_line)
        assert out.getvalue() == expected


def _passed_through(lines: list[bytes], crashes: list[Crash]) -> bytes:
    """What pass-through mode writes for `lines` holding `crashes` (found by the line parser):
    every line outside the crashes as it was read, each crash replaced by `<crash N>`."""
    out = []
    written = 0  # lines up to this one are written or replaced
    for index, crash in enumerate(crashes, 1):
        out.extend(line + b"\n" for line in lines[written : crash.start_line - 1])
        out.append(f"<crash {index}>\n".encode())
        written = max(written, crash.start_line - 1, crash.end_line)
    out.extend(line + b"\n" for line in lines[written:])
    return b"".join(out)
