"""`--format`: gotestsum's line formats, written as the run goes (gotestsum v1.13.0 names).

`pkgname` (one line per package), `pkgname-and-test-fails` (and each failed test with its
output), `testname` (one line per test), `dots` (a mark per test, one line per package),
`testdox` (test names as sentences), `standard-quiet` (what `go test` prints), `standard-verbose`
(what `go test -v` prints: every line of output passes through), `github-actions` (testname,
each package's failures folded in a `::group::`, and an `::error file=,line=::` annotation per
failed test so that it shows inline in the pull request). Icons: `default` (✓ ∅ ✖ ↷), `hivis`
(✅ ❌ ⏭️ and a dash for empty), `text` (PASS EMPTY FAIL SKIP). Each format is a small class of three hooks the
aggregate calls: a test ended, a package ended, a line of output (only `standard-verbose`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import IO

from goide.testrun.aggregate import Aggregate
from goide.testrun.failure import failure_message, own_lines
from goide.testrun.model import FAIL, PASS, SKIP, PackageResult, TestResult

ICONS = {
    "default": {PASS: "✓", SKIP: "↷", FAIL: "✖", "empty": "∅"},
    "hivis": {PASS: "✅", SKIP: "⏭️", FAIL: "❌", "empty": "➖"},
    "text": {PASS: "PASS", SKIP: "SKIP", FAIL: "FAIL", "empty": "EMPTY"},
}
_GO_LOCATION = re.compile(r"(?:^|\s)(?P<file>[\w.-]+\.go):(?P<line>\d+): ")
_FRAME_LOCATION = re.compile(r"^\t(?P<path>/\S+\.go):(?P<line>\d+)(?: \+0x[0-9a-f]+)?$")
_COLORS = {PASS: "\x1b[32m", FAIL: "\x1b[31m", SKIP: "\x1b[33m", "empty": "\x1b[2m"}


class LineFormat:
    """The base: hooks that print nothing; `total` is set by the package count, as in the live view."""

    verbose = False

    def __init__(self, out: IO[str], icons: str = "default", color: bool = False) -> None:
        self.out = out
        self.icons = ICONS.get(icons, ICONS["default"])
        self.color = color
        self.hide_empty = False  # --format-hide-empty-pkg: no line for a package with no tests
        self.total: int | None = None
        self.failed: dict[str, list[TestResult]] = {}

    def attach(self, agg: Aggregate) -> None:
        agg.on_test_done = self._test_done
        agg.on_package_done = self._package_done
        if self.verbose:
            agg.on_output = self.output

    def close(self) -> None:
        self.out.flush()

    def _test_done(self, package: PackageResult, test: TestResult) -> None:
        if test.status == FAIL:
            self.failed.setdefault(package.name, []).append(test)
        self.test_done(package, test)

    def _package_done(self, package: PackageResult) -> None:
        failed = self.failed.pop(package.name, [])
        if self.hide_empty and (self.package_status(package) == "empty" or package.no_test_files):
            return
        self.package_done(package, failed)
        self.out.flush()

    def test_done(self, package: PackageResult, test: TestResult) -> None:
        return None

    def package_done(self, package: PackageResult, failed: list[TestResult]) -> None:
        return None

    def output(self, package: str, test: str, text: str) -> None:
        return None

    def icon(self, status: str) -> str:
        icon = self.icons[status]
        return f"{_COLORS[status]}{icon}\x1b[0m" if self.color else icon

    def package_status(self, package: PackageResult) -> str:
        if package.status == PASS and not (package.passed + package.failed + package.skipped):
            return "empty"
        return package.status if package.status in (PASS, FAIL, SKIP) else FAIL


def _package_words(package: PackageResult) -> str:
    parts = [package.name]
    if package.cached:
        parts.append("(cached)")
    elif package.elapsed:
        parts.append(
            f"({package.elapsed * 1000:.0f}ms)" if package.elapsed < 1 else f"({package.elapsed:.2f}s)"
        )
    if package.coverage:
        parts.append(f"(coverage: {package.coverage})")
    if package.failed_build:
        parts.append("[build failed]")
    return " ".join(parts)


def _seconds(test: TestResult) -> str:
    return f"({test.elapsed:.2f}s)" if test.elapsed is not None else "(unknown time)"


class PackageName(LineFormat):
    def package_done(self, package: PackageResult, failed: list[TestResult]) -> None:
        self.out.write(f"{self.icon(self.package_status(package))}  {_package_words(package)}\n")


class PackageNameAndTestFails(PackageName):
    def package_done(self, package: PackageResult, failed: list[TestResult]) -> None:
        super().package_done(package, failed)
        for test in failed:
            self.out.write(f"=== FAIL: {package.name} {test.name} {_seconds(test)}\n")
            for line, _ in own_lines(test):
                self.out.write(line + "\n")


class TestName(LineFormat):
    def test_done(self, package: PackageResult, test: TestResult) -> None:
        word = ICONS["text"][test.status] if test.status in (PASS, FAIL, SKIP) else "FAIL"
        self.out.write(f"{self.colored(word, test.status)} {package.name}.{test.name} {_seconds(test)}\n")

    def package_done(self, package: PackageResult, failed: list[TestResult]) -> None:
        status = self.package_status(package)
        word = ICONS["text"][status]
        self.out.write(f"{self.colored(word, status)} {_package_words(package)}\n")

    def colored(self, word: str, status: str) -> str:
        return f"{_COLORS.get(status, '')}{word}\x1b[0m" if self.color else word


class Dots(LineFormat):
    def __init__(self, out: IO[str], icons: str = "default", color: bool = False) -> None:
        super().__init__(out, icons, color)
        self.marks: dict[str, list[str]] = {}

    def test_done(self, package: PackageResult, test: TestResult) -> None:
        mark = "·" if test.status == PASS else self.icon(test.status) if test.status in (FAIL, SKIP) else "?"
        self.marks.setdefault(package.name, []).append(mark)

    def package_done(self, package: PackageResult, failed: list[TestResult]) -> None:
        marks = "".join(self.marks.pop(package.name, []))
        self.out.write(
            f"[{package.name}] {marks}{' ' if marks else ''}{self.icon(self.package_status(package))}\n"
        )


def sentence(name: str) -> str:
    """`TestParseURL/empty_host` -> `Parse URL empty host` (testdox)."""
    words: list[str] = []
    for part in name.split("/"):
        bare = re.sub(r"^(Test|Example|Benchmark|Fuzz)_?", "", part) if not words else part
        spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", bare.replace("_", " "))
        if spaced.strip():
            words.append(spaced.strip())
    text = " ".join(words)
    return text[:1].upper() + text[1:].lower() if text else name


class TestDox(LineFormat):
    def __init__(self, out: IO[str], icons: str = "default", color: bool = False) -> None:
        super().__init__(out, icons, color)
        self.lines: dict[str, list[str]] = {}

    def test_done(self, package: PackageResult, test: TestResult) -> None:
        if test.status in (PASS, FAIL, SKIP):
            line = f" {self.icon(test.status)} {sentence(test.name)} {_seconds(test)}"
            self.lines.setdefault(package.name, []).append(line)

    def package_done(self, package: PackageResult, failed: list[TestResult]) -> None:
        lines = self.lines.pop(package.name, [])
        if lines:
            self.out.write(f"{package.name}:\n" + "\n".join(lines) + "\n\n")


class StandardQuiet(LineFormat):
    """What `go test` (without -v) prints: a failed test's output, then each package's lines."""

    def package_done(self, package: PackageResult, failed: list[TestResult]) -> None:
        for test in failed:
            self.out.write(f"--- FAIL: {test.name} {_seconds(test)}\n")
            for line, _ in own_lines(test):
                self.out.write(line + "\n")
        for line, _ in package.output.lines():
            self.out.write(line + "\n")


class StandardVerbose(LineFormat):
    """What `go test -v` prints: every line of output as it arrives."""

    verbose = True

    def output(self, package: str, test: str, text: str) -> None:
        self.out.write(text)


class GitHubActions(TestName):
    """testname, each package's failures folded in a group, and annotations on the failing lines."""

    def __init__(self, out: IO[str], icons: str = "default", color: bool = False) -> None:
        super().__init__(out, icons, color)
        self.dirs: dict[str, str] = {}
        self.workspace = os.path.realpath(os.environ.get("GITHUB_WORKSPACE") or os.getcwd())

    def package_done(self, package: PackageResult, failed: list[TestResult]) -> None:
        if failed:
            self.out.write(f"::group::{ICONS['text'][FAIL]} {_package_words(package)}\n")
            for test in failed:
                self.out.write(f"=== FAIL: {package.name} {test.name} {_seconds(test)}\n")
                for line, _ in own_lines(test):
                    self.out.write(line + "\n")
            self.out.write("::endgroup::\n")
            for test in failed:
                if any(sub.status == FAIL for sub in test.subtests) and not failure_message(test):
                    continue  # failed through its subtests, which have their own annotations
                self.out.write(self.annotation(package, test) + "\n")
        super().package_done(package, failed)

    def annotation(self, package: PackageResult, test: TestResult) -> str:
        message = "\n".join(line.strip() for line in failure_message(test)[:10]) or "failed"
        properties = [f"title={_escape_property(f'{package.name} {test.name}')}"]
        where = self.location(package, test)
        if where is not None:
            properties[:0] = [f"file={_escape_property(where[0])}", f"line={where[1]}"]
        return f"::error {','.join(properties)}::{_escape_data(message)}"

    def location(self, package: PackageResult, test: TestResult) -> tuple[str, int] | None:
        """The failing line as a path relative to the workspace, for GitHub to show it inline."""
        directory = self.package_dir(package.name)
        if not directory:
            return None
        lines = [line for line, _ in own_lines(test)]
        for line in lines:  # a panic: the innermost frame in the package's directory
            frame = _FRAME_LOCATION.match(line)
            if frame and os.path.realpath(frame.group("path")).startswith(directory + os.sep):
                return self.relative(frame.group("path")), int(frame.group("line"))
        for line in [*failure_message(test), *lines]:  # t.Error/t.Fatal: where the message says
            found = _GO_LOCATION.search(line)
            if found:
                return self.relative(os.path.join(directory, found.group("file"))), int(found.group("line"))
        return None

    def relative(self, path: str) -> str:
        real = os.path.realpath(path)
        try:
            return str(Path(real).relative_to(self.workspace))
        except ValueError:
            return real

    def package_dir(self, package: str) -> str:
        """The package's directory, from `go list` (under a deadline), once per package."""
        if package not in self.dirs:
            from goide.testrun.gotest import package_dir  # runs go list: loads subprocess only then

            self.dirs[package] = package_dir(package, timeout=20)
        return self.dirs[package]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def make(name: str, out: IO[str], icons: str, color: bool, *, hide_empty: bool = False) -> LineFormat:
    kind = {
        "pkgname": PackageName,
        "pkgname-and-test-fails": PackageNameAndTestFails,
        "testname": TestName,
        "dots": Dots,
        "testdox": TestDox,
        "standard-quiet": StandardQuiet,
        "standard-verbose": StandardVerbose,
        "github-actions": GitHubActions,
    }[name]
    view = kind(out, icons, color)
    view.hide_empty = hide_empty
    return view
