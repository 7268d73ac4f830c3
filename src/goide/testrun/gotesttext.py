"""Plain `go test -v` text (what go-junit-report reads) turned into test2json events.

`go test -v ./...` prints each package's output in one piece and names the package only at its
end (`ok  \tpkg\t0.01s`, `FAIL\tpkg\t0.01s`, `?   \tpkg\t[no test files]`, `FAIL\tpkg [build
failed]`), so the events of a package are kept until that line and then handed to the aggregate
with the package's name, as test2json would have made them: `run` at `=== RUN`, `pause`/`cont`,
the test named by `=== NAME`/`=== CONT` owns the lines that follow, and a `--- PASS/FAIL/SKIP:`
report ends its test once the lines indented under it (its log, in Go before 1.14) have passed.
Build errors (`# pkg` blocks merged from stderr) go to the aggregate as text, as they do for a
pre-1.24 `go test -json` stream. A package's events are bounded (`MAX_PENDING`); past it the
oldest output lines are counted and dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

MAX_PENDING = 200_000

_FRAME = re.compile(r"^=== (RUN|PAUSE|CONT|NAME)\s+(\S+)")
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
        self.current = ""
        self.running: set[str] = set()
        self.report: tuple[str, str, float | None, int] | None = None  # name, action, elapsed, indent
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
        cover = _COVER_ONLY.match(line)
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
        if self.report is not None:
            name, action, elapsed, indent = self.report
            if line.startswith(" " * (indent + 4)) and not _REPORT.match(line) and not _FRAME.match(line):
                self._output(line, name)
                return
            self.report = None
            self._result(name, action, elapsed)
        frame = _FRAME.match(line)
        if frame:
            verb, name = frame.groups()
            if verb == "RUN":
                self.running.add(name)
                self._add({"Action": "run", "Test": name})
            elif verb in ("PAUSE", "CONT"):
                self._add({"Action": verb.lower(), "Test": name})
            self.current = name
            self._output(line, name)
            return
        report = _REPORT.match(line)
        if report:
            name = report.group("name")
            action = {"PASS": "pass", "FAIL": "fail", "SKIP": "skip", "BENCH": "bench"}[report.group("word")]
            secs = report.group("secs")
            self._output(line, name)
            self.report = (name, action, float(secs) if secs else None, len(report.group("indent")))
            return
        owner = self.current if self.current in self.running else ""
        self._output(line, owner)

    def finish(self) -> Iterator[Event | str]:
        """The end of the input: a package cut short keeps its events under an unknown name."""
        if self.report is not None:
            name, action, elapsed, _ = self.report
            self.report = None
            self._result(name, action, elapsed)
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
        if self.report is not None:
            name, action, elapsed, _ = self.report
            self.report = None
            self._result(name, action, elapsed)
        yield {"Action": "start", "Package": package}
        for event in self.pending:
            event["Package"] = package
            yield event
        self.pending = []
        self.running.clear()
        self.current = ""
        yield {"Action": "output", "Package": package, "Output": line + "\n"}
        yield {"Action": result, "Package": package, "Elapsed": seconds}

    def _result(self, name: str, action: str, elapsed: float | None) -> None:
        self.running.discard(name)
        event: Event = {"Action": action, "Test": name}
        if elapsed is not None:
            event["Elapsed"] = elapsed
        self._add(event)

    def _output(self, line: str, test: str) -> None:
        event: Event = {"Action": "output", "Output": line + "\n"}
        if test:
            event["Test"] = test
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
