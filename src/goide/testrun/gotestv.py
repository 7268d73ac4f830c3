"""Plain `go test -v` text read into the events of `go test -json` (what go-junit-report reads).

Each package's lines are turned into test2json events by a port of Go's own converter
(cmd/internal/test2json, `handleInputLine`): `=== RUN/PAUSE/CONT/NAME/ATTR` lines, `--- PASS/FAIL/
SKIP/BENCH:` reports (held on a stack and emitted by depth, so subtest results indented under their
parent come out in test2json's order), output attributed to the test named last or by indentation,
and the binary's final `PASS`/`FAIL`. Unlike `go test -json`, text of several packages says which
package a line belongs to only at the package's summary line (`ok  \tPKG\t0.01s`, `FAIL\tPKG`,
`?   \tPKG\t[no test files]`), so a package's lines are held until then, in a spooled temporary
file (memory stays bounded whatever a package prints). Build errors (`# PKG` blocks between
packages) go to the aggregate as text, as they do from a pre-Go-1.24 merged stderr.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from collections.abc import Callable, Iterator
from typing import IO, Any

from goide.core.lines import read_lines
from goide.testrun.testjson import DEFAULT_MAX_LINE, ReadStats

Event = dict[str, Any]

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
# The line `go test` prints when a package is done (cmd/go/internal/test), with -cover or not.
_SUMMARY = re.compile(
    r"^(?:(?P<status>ok  |FAIL)\t(?P<pkg>[^\t\s]+)(?:\t(?P<rest>.*)| (?P<bracket>\[.*\]))?"
    r"|\?   \t(?P<nopkg>[^\t]+)\t\[no test files\]"
    r"|\t(?P<covpkg>[^\t\s]+)\t\t.*)$"
)
# The first characters of every line `line` treats specially (markers, indentation, PASS/FAIL, ?).
_SPECIAL_STARTS = frozenset("=- PF?")
_ELAPSED = re.compile(r"^(\d+(?:\.\d+)?)s")
SPOOL_IN_MEMORY = 8 << 20


def summary_package(line: str) -> tuple[str, str, float | None] | None:
    """(package, result, elapsed) of a package summary line, or None."""
    match = _SUMMARY.match(line)
    if match is None:
        return None
    if match["nopkg"] is not None:
        return match["nopkg"], "skip", None
    if match["covpkg"] is not None:
        return match["covpkg"], "skip", None
    elapsed = None
    rest = match["rest"] or ""
    found = _ELAPSED.match(rest)
    if found:
        elapsed = float(found[1])
    return match["pkg"], "pass" if match["status"] == "ok  " else "fail", elapsed


def is_marker(line: str) -> bool:
    """A line `go test -v` itself writes (framing, results, the binary's PASS/FAIL, a summary)."""
    return (
        line.startswith(_UPDATES)
        or line.lstrip(" ").startswith(_REPORTS)
        or line in ("PASS", "FAIL")
        or line.startswith("FAIL\t")
        or _SUMMARY.match(line) is not None
    )


class PackageConverter:
    """test2json's Converter for the lines of one package: events out through `emit`."""

    def __init__(self, package: str, emit: Callable[[Event], None]) -> None:
        self.package = package
        self.emit = emit
        self.test_name = ""
        self.report: list[Event] = []
        self.result = ""
        self.saw_test = False
        emit({"Action": "start", "Package": package})

    def line(self, line: str) -> None:
        """One whole line, without its newline (port of `handleInputLine`)."""
        if line[:1] not in _SPECIAL_STARTS:
            # Most lines: plain output of the test named last (no marker, no indentation).
            self.emit(
                {"Action": "output", "Package": self.package, "Test": self.test_name, "Output": line + "\n"}
                if self.test_name
                else {"Action": "output", "Package": self.package, "Output": line + "\n"}
            )
            return
        trim = line[:-1] if line.endswith("\r") else line
        if trim == "=== NAME":
            line = trim = "=== NAME  "
        if trim in ("PASS", "FAIL") or trim.startswith("FAIL\t"):
            self._flush_report(0)
            self.test_name = ""
            self._output(line)
            self.result = "pass" if trim == "PASS" else "fail"
            return
        if trim.startswith("?   \t") and trim.endswith("\t[no test files]") and not self.report:
            self.result = "skip"
        original = line
        indent = 0
        special = line.startswith(_UPDATES)
        if not special:
            while line.startswith("    "):
                line = line[4:]
                indent += 1
            special = line.startswith(_REPORTS)
        if not special:
            if 0 < indent <= len(self.report):
                self.test_name = self.report[indent - 1]["Test"]
            self._output(original)
            return
        self.saw_test = True
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
            if len(self.report) < indent:
                self._output(original)  # nested deeper than any pending report: plain output
                return
            self._flush_report(indent)
            event["Test"] = name
            self.test_name = name
            self.report.append(event)
            self._output(original)
            return
        if action == "artifacts":
            name, _, event["Path"] = name.partition(" ")
        elif action == "attr":
            name, _, rest = name.partition(" ")
            event["Key"], _, event["Value"] = rest.partition(" ")
        self._flush_report(0)
        self.test_name = name
        if action == "name":
            return
        if action == "pause":
            self._output(original)
        self._event(event)
        if action != "pause":
            self._output(original)

    def close(self, result: str, elapsed: float | None) -> None:
        """The package is done: pending reports, then its pass/fail/skip (the summary's word wins)."""
        self._flush_report(0)
        final = result or self.result
        if final:
            event: Event = {"Action": final, "Package": self.package}
            if elapsed is not None:
                event["Elapsed"] = elapsed
            self.emit(event)

    def _flush_report(self, depth: int) -> None:
        self.test_name = ""
        while len(self.report) > depth:
            self._event(self.report.pop())

    def _output(self, line: str) -> None:
        self._event({"Action": "output", "Output": line + "\n"})

    def _event(self, event: Event) -> None:
        event["Package"] = self.package
        if "Test" not in event and self.test_name:
            event["Test"] = self.test_name
        self.emit(event)


def read_verbose(
    stream: IO[bytes], stats: ReadStats, max_line: int = DEFAULT_MAX_LINE
) -> Iterator[Event | str]:
    """Yield the events of `go test -v` text (and, as text, the lines that belong to no package)."""
    held = _Held()  # the lines of the package in progress
    building = False  # inside a `# PKG` block of compiler or vet output
    seen_package = False
    for raw in read_lines(stream, max_line=max_line, stats=stats):
        line = _decode(raw, stats)
        summary = summary_package(line) if line.startswith(_SUMMARY_STARTS) else None
        if not held:
            if line.startswith("# "):
                building = True
            if building and not is_marker(line):
                yield line
                continue
            building = False
            if line.startswith("go: "):
                yield line
                continue
        held.add(line)
        if summary is not None:
            package, result, elapsed = summary
            yield from _replay(held, package, result, elapsed)
            seen_package = True
            held.clear()
    if held:
        # No summary line: the output of a test binary run by hand, or a stream cut short. Lines
        # that carry no test are text (go test's closing `FAIL` after several packages).
        lines = list(held.lines()) if held.count < 1000 else []
        if (
            not lines
            or any(is_marker(line) and line not in ("PASS", "FAIL") for line in lines)
            or (not seen_package and any(line in ("PASS", "FAIL") for line in lines))
        ):
            yield from _replay(held, "", "", None)
        else:
            yield from lines
        held.clear()


_SUMMARY_STARTS = ("ok  \t", "FAIL\t", "?   \t", "\t")


class _Held:
    """Lines held until their package is known: in memory, then past `SPOOL_IN_MEMORY` characters
    in a temporary file, so that a package printing gigabytes costs no more memory than a small one."""

    def __init__(self) -> None:
        self.memory: list[str] = []
        self.size = 0
        self.count = 0
        self.spill: IO[bytes] | None = None

    def __bool__(self) -> bool:
        return self.count > 0

    def add(self, line: str) -> None:
        self.count += 1
        if self.spill is not None:
            self.spill.write(line.encode() + b"\n")
            return
        self.memory.append(line)
        self.size += len(line)
        if self.size > SPOOL_IN_MEMORY:
            self.spill = tempfile.TemporaryFile()  # noqa: SIM115 - closed by clear()
            self.spill.write("".join(held + "\n" for held in self.memory).encode())
            self.memory = []

    def lines(self) -> Iterator[str]:
        if self.spill is None:
            yield from self.memory
            return
        self.spill.seek(0)
        for raw in self.spill:
            yield raw.decode().removesuffix("\n")

    def clear(self) -> None:
        if self.spill is not None:
            self.spill.close()
        self.memory, self.size, self.count, self.spill = [], 0, 0, None


def _replay(held: _Held, package: str, result: str, elapsed: float | None) -> Iterator[Event]:
    """The package's events, handed on line by line (never all of a package's at once)."""
    pending: list[Event] = []
    converter = PackageConverter(package, pending.append)
    for line in held.lines():
        converter.line(line)
        if pending:
            yield from pending
            pending.clear()
    converter.close(result, elapsed)
    yield from pending


def _decode(raw: bytes | Any, stats: ReadStats) -> str:
    data = raw if isinstance(raw, bytes) else bytes(raw)
    try:
        return data.decode()
    except UnicodeDecodeError:
        stats.invalid_utf8_lines += 1
        return data.decode(errors="replace")
