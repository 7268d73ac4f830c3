"""gotestsum's output formats (`--format`) as views of the aggregate, printed while the run goes on.

Each format is a small set of callbacks on finished tests and packages (the aggregate's
`on_test_done` / `on_package_done`), in the spirit of gotestsum's formatters (testjson/format.go):

- `dots`: one character per test (`·` pass, `✖` fail, `↷` skip), a line per package;
- `pkgname`: one line per package (`✓`, `✖`, `∅` no tests, `↷` skipped);
- `pkgname-and-test-fails`: the same, and each failed test with its output;
- `testname`: one line per test (`PASS pkg.TestX (0.00s)`), failed tests with their output;
- `testdox`: each package, then its tests as sentences (`✔ Adds two numbers`), as gotestdox writes;
- `standard-quiet`: what `go test` prints: failed tests with their output, `ok`/`FAIL` per package;
- `standard-verbose`: what `go test -v` prints: every line of output, as it comes;
- `github-actions`: `testname`, a package's failures folded in a `::group::`, and an
  `::error file=F,line=N,title=...::message` annotation per failed test, so that GitHub shows the
  failure on the line of the pull request's diff (`annotations.py` finds file and line).

Colours only where `color` is true (a terminal, and no NO_COLOR / --no-color). The package icons
follow `--format-icons` as gotestsum's: `default`, `hivis` (coloured emoji), `text` (PASS EMPTY FAIL).
"""

from __future__ import annotations

import re
from typing import IO

from goide.testrun.aggregate import Aggregate
from goide.testrun.annotations import SourceRoots, annotation
from goide.testrun.failure import failure_message, own_lines
from goide.testrun.format_names import FORMATS
from goide.testrun.model import FAIL, PASS, SKIP, PackageResult, TestResult

__all__ = ["FORMATS", "FormatView", "format_view", "gotestdox_sentence"]

MAX_OUTPUT_LINES = 200
_COLORS = {PASS: "32", FAIL: "31", SKIP: "33"}


ICONS = {
    "default": {PASS: "✓", SKIP: "∅", FAIL: "✖"},
    "hivis": {PASS: "✅", SKIP: "➖", FAIL: "❌"},
    "text": {PASS: "PASS", SKIP: "EMPTY", FAIL: "FAIL"},
}


class FormatView:
    """Progress in one of gotestsum's formats."""

    def __init__(
        self,
        name: str,
        out: IO[str],
        *,
        color: bool,
        annotate: SourceRoots | None = None,
        icons: str = "default",
    ) -> None:
        self.name = name
        self.icons = ICONS.get(icons, ICONS["default"])
        self.out = out
        self.color = color
        self.total: int | None = None
        self.failed: dict[str, list[TestResult]] = {}
        self.dots_open = False
        self.tests_seen: dict[str, list[TestResult]] = {}
        self.annotate = annotate

    # ---- the session's progress interface ----------------------------------------------------

    def attach(self, agg: Aggregate) -> None:
        agg.on_test_done = self.test_done
        agg.on_package_done = self.package_done

    def close(self) -> None:
        if self.dots_open:
            self._write("\n")
        self.out.flush()

    def echo(self, line: str) -> None:
        """A line of the raw output (standard-verbose)."""
        self._write(line)

    # ---- callbacks -----------------------------------------------------------------------------

    def test_done(self, package: PackageResult, test: TestResult) -> None:
        if test.status == FAIL:
            self.failed.setdefault(package.name, []).append(test)
        name = self.name
        if name == "dots":
            self._write(self._paint(test.status, {PASS: "·", FAIL: "✖", SKIP: "↷"}.get(test.status, "?")))
            self.dots_open = True
        elif name in ("testname", "github-actions"):
            self._write(f"{self._word(test.status)} {package.name}.{test.name} ({_seconds(test)})\n")
            if test.status == FAIL and name == "testname":
                self._write_output(test, "")
        elif name == "testdox":
            self.tests_seen.setdefault(package.name, []).append(test)
        self.out.flush()

    def package_done(self, package: PackageResult) -> None:
        failed = self.failed.pop(package.name, [])
        name = self.name
        if name == "dots":
            self._write(("\n" if self.dots_open else "") + f"{_symbol(package, self)}  {package.name}\n")
            self.dots_open = False
        elif name in ("pkgname", "pkgname-and-test-fails"):
            self._write(f"{_symbol(package, self)}  {package.name}{_package_note(package)}\n")
            if name == "pkgname-and-test-fails":
                for test in failed:
                    self._write(f"=== Failed\n--- FAIL: {test.name} ({_seconds(test)})\n")
                    self._write_output(test, "    ")
        elif name == "testname":
            self._write(f"{self._word(package.status)} {package.name}{_package_note(package)}\n")
        elif name == "testdox":
            self._testdox(package)
        elif name == "standard-quiet":
            for test in failed:
                self._write(f"--- FAIL: {test.name} ({_seconds(test)})\n")
                self._write_output(test, "    ")
            self._write(_go_test_line(package) + "\n")
        elif name == "github-actions":
            self._github(package, failed)
        self.out.flush()

    # ---- formats -------------------------------------------------------------------------------

    def _testdox(self, package: PackageResult) -> None:
        tests = self.tests_seen.pop(package.name, [])
        self._write(f"{package.name}:\n")
        for test in tests:
            mark = {PASS: "✔", FAIL: "✖", SKIP: "↷"}.get(test.status, "?")
            self._write(
                f" {self._paint(test.status, mark)} {gotestdox_sentence(test.name)} ({_seconds(test)})\n"
            )
        if not tests:
            self._write(f" {_package_note(package).strip() or '(no tests)'}\n")
        self._write("\n")

    def _github(self, package: PackageResult, failed: list[TestResult]) -> None:
        line = f"{self._word(package.status)} {package.name}{_package_note(package)}"
        if not failed:
            self._write(line + "\n")
            return
        self._write(f"::group::{line}\n")
        for test in failed:
            self._write(f"--- FAIL: {test.name} ({_seconds(test)})\n")
            self._write_output(test, "    ")
        self._write("::endgroup::\n")
        for test in failed:
            if not any(sub.status == FAIL for sub in test.subtests):  # the subtest is annotated
                self._write(annotation(package.name, test, self.annotate) + "\n")

    # ---- helpers -------------------------------------------------------------------------------

    def _write_output(self, test: TestResult, indent: str) -> None:
        lines = [line for line, _ in own_lines(test)] or failure_message(test)
        for line in lines[:MAX_OUTPUT_LINES]:
            self._write(f"{indent}{line}\n")
        if len(lines) > MAX_OUTPUT_LINES:
            self._write(f"{indent}… {len(lines) - MAX_OUTPUT_LINES} more lines (see the reports)\n")

    def _word(self, status: str) -> str:
        return self._paint(status, {PASS: "PASS", FAIL: "FAIL", SKIP: "SKIP"}.get(status, status.upper()))

    def _paint(self, status: str, text: str) -> str:
        code = _COLORS.get(status)
        return f"\x1b[{code}m{text}\x1b[0m" if self.color and code else text

    def _write(self, text: str) -> None:
        self.out.write(text)


def format_view(name: str, out: IO[str], *, color: bool, icons: str = "default") -> FormatView:
    roots = SourceRoots.here() if name == "github-actions" else None
    view = FormatView(name, out, color=color, annotate=roots, icons=icons)
    if name == "standard-verbose":
        from goide.testrun.addons import echo_output

        echo_output(view.echo)
    return view


def _symbol(package: PackageResult, view: FormatView) -> str:
    if package.status == FAIL:
        return view._paint(FAIL, view.icons[FAIL])
    if package.no_test_files or package.passed + package.failed + package.skipped == 0:
        return view._paint(SKIP, view.icons[SKIP])
    return view._paint(PASS, view.icons[PASS])


def _package_note(package: PackageResult) -> str:
    parts = []
    if package.cached:
        parts.append("cached")
    elif package.elapsed is not None:
        parts.append(f"{package.elapsed:.3f}s")
    if package.coverage:
        parts.append(f"coverage: {package.coverage}")
    if package.failed_build:
        parts.append("build failed")
    if package.no_test_files:
        parts.append("no test files")
    return f" ({', '.join(parts)})" if parts else ""


def _go_test_line(package: PackageResult) -> str:
    """The line `go test` prints for a package."""
    if package.no_test_files:
        return f"?   \t{package.name}\t[no test files]"
    if package.failed_build:
        return f"FAIL\t{package.name} [build failed]"
    word = "ok  " if package.status == PASS else "FAIL"
    time = (
        "(cached)" if package.cached else (f"{package.elapsed:.3f}s" if package.elapsed is not None else "")
    )
    coverage = f"\tcoverage: {package.coverage}" if package.coverage else ""
    return f"{word}\t{package.name}\t{time}{coverage}"


def _seconds(test: TestResult) -> str:
    return f"{test.elapsed:.2f}s" if test.elapsed is not None else "unknown time"


_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|\b|_)|[A-Z]?[a-z]+|\d+|[A-Z]+")


def gotestdox_sentence(name: str) -> str:
    """`TestAddsTwoNumbers/with_negative_ones` -> `Adds two numbers with negative ones` (gotestdox)."""
    for prefix in ("Test", "Benchmark", "Fuzz", "Example"):
        if name.startswith(prefix) and name != prefix:
            name = name[len(prefix) :].lstrip("_")
            break
    words: list[str] = []
    for part in re.split(r"[/_ ]+", name):
        for word in _WORD.findall(part) or [part]:
            words.append(word if word.isupper() and len(word) > 1 else word.lower())
    sentence = " ".join(w for w in words if w)
    return sentence[:1].upper() + sentence[1:] if sentence else name
