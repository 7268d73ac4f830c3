"""Plain `go test -v` text (what go-junit-report reads) turned into test2json events.

`go test -v ./...` prints each package's output in one piece and names the package only at its
end (`ok  \tpkg\t0.01s`, `FAIL\tpkg\t0.01s`, `?   \tpkg\t[no test files]`, `FAIL\tpkg [build
failed]`), so the events of a package are kept until that line and then handed to the aggregate
with the package's name, as test2json would have made them (its `handleInputLine`, ported in
branch test20's gotestv.py): `run` at `=== RUN`, `pause`/`cont`, the test named last owns the
lines that follow, also after its `--- FAIL:` (an example's got/want, a panic), and the
`--- PASS/FAIL/SKIP:` reports are held by depth (indentation) and sent when a line at their depth
or above ends them, so that subtests end before their parents as they do in test2json's events.
Build errors (`# pkg` blocks merged from stderr) go to the aggregate as text, as they do for a
pre-1.24 `go test -json` stream. A package's events are bounded (`MAX_PENDING`); past it the
oldest output lines are counted and dropped.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

MAX_PENDING = 200_000

_FRAME = re.compile(r"^=== (RUN|PAUSE|CONT|NAME)\s+(\S+)")
_UPDATES = (
    "=== RUN   ",
    "=== PAUSE ",
    "=== CONT  ",
    "=== NAME  ",
    "=== PASS  ",
    "=== FAIL  ",
    "=== SKIP  ",
    "=== ATTR  ",
    "=== ARTIFACTS ",
)
_REPORTS = ("--- PASS: ", "--- FAIL: ", "--- SKIP: ", "--- BENCH: ")
# The first characters of every line test2json treats specially (markers, indentation, PASS/FAIL).
_SPECIAL_STARTS = frozenset("=- PF")
_REPORT = re.compile(
    r"^(?P<indent> *)--- (?P<word>PASS|FAIL|SKIP|BENCH): (?P<name>\S+)(?: \((?P<secs>[\d.]+)s\))?"
)
_PACKAGE_END = re.compile(r"^(?:(?P<ok>ok)  |(?P<fail>FAIL)|(?P<none>\?)   )\t(?P<name>\S+)(?P<rest>.*)$")
_SECONDS = re.compile(r"^\t(?P<secs>[\d.]+)s")
# With -cover, a package without test files: `\tPKG\t\tcoverage: 0.0% of statements`, or only
# `\tPKG\t\t` with no newline (Go 1.22+, nothing to cover), so that the next line go test
# prints (its final `FAIL`, the next package's first line) goes on after it.
_COVER_ONLY = re.compile(r"^\t(?P<name>[^\t\s]+)\t\t(?P<rest>.*)$")
_TEXT_MARKERS = (
    b"=== RUN",
    b"--- PASS:",
    b"--- FAIL:",
    b"--- SKIP:",
    b"ok  \t",
    b"FAIL\t",
    b"?   \t",
    b"PASS\n",
)

Event = dict[str, Any]


def looks_like_text(head: bytes) -> bool:
    """True when the start of a stream is `go test -v` text, not `go test -json` events."""
    lines = [line.lstrip() for line in head.split(b"\n") if line.strip()]
    if any(line.startswith(b'{"') and b'"Action"' in line for line in lines):
        return False
    return any(line.startswith(_TEXT_MARKERS) or line + b"\n" in _TEXT_MARKERS for line in lines)


class TextConverter:
    """Feed lines of `go test -v` output; take back events (dicts) and non-test text."""

    def __init__(self) -> None:
        self.pending: list[Event] = []
        self.dropped = 0
        # test2json's Converter state (cmd/internal/test2json, handleInputLine; the port is
        # branch test20's gotestv.py): the test output goes to, and the `--- ` reports held
        # by depth until a line at their depth or above ends them.
        self.test_name = ""
        self.reports: list[Event] = []
        self.in_build = False

    def feed(self, line: str) -> Iterator[Event | str]:
        """Events (and text lines) that `line` completes."""
        if line.startswith("# ") or (self.in_build and line and not self._is_structure(line)):
            self.in_build = True
            yield line
            return
        self.in_build = False
        end = _PACKAGE_END.match(line)
        if end and (end.group("ok") or end.group("none") or end.group("rest").startswith(("\t", " ["))):
            seconds = _SECONDS.match(end.group("rest"))
            result = "pass" if end.group("ok") else "skip" if end.group("none") else "fail"
            yield from self._end_package(
                line, end.group("name"), result, float(seconds.group("secs")) if seconds else 0.0
            )
            return
        # Only between packages: a test may print tab-separated text of that shape.
        cover = _COVER_ONLY.match(line) if not self.pending and not self.test_name else None
        if cover:
            # `go test -json` reports such a package as passed, its output the line itself.
            rest = cover.group("rest")
            own = rest if rest.startswith("coverage: ") else ""
            yield from self._end_package(
                f"\t{cover.group('name')}\t\t{own}", cover.group("name"), "pass", 0.0
            )
            if rest and not own:
                yield from self.feed(rest)  # the next line, printed on the same one
            return
        self._line(line)

    def _line(self, line: str) -> None:
        """One line of a package's output (port of test2json's `handleInputLine`)."""
        if line[:1] not in _SPECIAL_STARTS:
            self._output(line)  # plain output of the test named last
            return
        trim = line[:-1] if line.endswith("\r") else line
        if trim == "=== NAME":
            line = trim = "=== NAME  "
        if trim in ("PASS", "FAIL") or trim.startswith("FAIL\t"):
            self._flush_reports(0)
            self._output(line)
            return
        original = line
        indent = 0
        special = line.startswith(_UPDATES)
        if not special:
            while line.startswith("    "):
                line = line[4:]
                indent += 1
            special = line.startswith(_REPORTS)
        if not special:
            if 0 < indent <= len(self.reports):
                self.test_name = self.reports[indent - 1]["Test"]
            self._output(original)
            return
        action, _, name = line[4:].partition(" ")
        action = action.removesuffix(":").lower()
        name = name.strip()
        event: Event = {"Action": action}
        if line.startswith("-"):
            cut = name.find(" (")
            if cut >= 0:
                if name.endswith("s)"):
                    with contextlib.suppress(ValueError):
                        event["Elapsed"] = float(name[cut + 2 : -2])
                name = name[:cut]
            if len(self.reports) < indent:
                self._output(original)  # nested deeper than any pending report: plain output
                return
            self._flush_reports(indent)
            event["Test"] = name
            self.test_name = name
            self.reports.append(event)
            self._output(original)
            return
        if action == "artifacts":
            name, _, event["Path"] = name.partition(" ")
        elif action == "attr":
            name, _, rest = name.partition(" ")
            event["Key"], _, event["Value"] = rest.partition(" ")
        self._flush_reports(0)
        self.test_name = name
        if action == "name":
            return
        if action == "pause":
            self._output(original)
        event["Test"] = name
        self._add(event)
        if action != "pause":
            self._output(original)

    def _flush_reports(self, depth: int) -> None:
        self.test_name = ""
        while len(self.reports) > depth:
            self._add(self.reports.pop())

    def finish(self) -> Iterator[Event | str]:
        """The end of the input: a package cut short keeps its events under an unknown name."""
        self._flush_reports(0)
        if any("Test" in event for event in self.pending):
            yield {"Action": "start", "Package": ""}
            for event in self.pending:
                yield {**event, "Package": ""}
        else:
            # Lines after the last package: go test's own final `FAIL` (or `PASS`), or text.
            for event in self.pending:
                text = str(event.get("Output", "")).rstrip("\n")
                if text not in ("FAIL", "PASS", ""):
                    yield text
        self.pending = []

    def _is_structure(self, line: str) -> bool:
        structure = (
            _FRAME.match(line) or _REPORT.match(line) or _PACKAGE_END.match(line) or _COVER_ONLY.match(line)
        )
        return bool(structure) or line in (
            "PASS",
            "FAIL",
        )

    def _end_package(self, line: str, package: str, result: str, seconds: float) -> Iterator[Event]:
        self._flush_reports(0)
        yield {"Action": "start", "Package": package}
        for event in self.pending:
            event["Package"] = package
            yield event
        self.pending = []
        yield {"Action": "output", "Package": package, "Output": line + "\n"}
        yield {"Action": result, "Package": package, "Elapsed": seconds}

    def _output(self, line: str) -> None:
        event: Event = {"Action": "output", "Output": line + "\n"}
        if self.test_name:
            event["Test"] = self.test_name
        self._add(event)

    def _add(self, event: Event) -> None:
        if len(self.pending) >= MAX_PENDING and event["Action"] == "output":
            self.dropped += 1
            return
        self.pending.append(event)


def convert(lines: Iterable[str]) -> Iterator[Event | str]:
    converter = TextConverter()
    for line in lines:
        yield from converter.feed(line)
    yield from converter.finish()
