"""The `--junit-*` options (JUnitOptions), apart from the writer in junit.py.

Kept apart so that building the options for every `goide test` imports neither xml.etree nor
socket: those load only when a JUnit report is written (see tests/testrun/test_lazy_imports.py).
"""

from __future__ import annotations

from dataclasses import dataclass

NAME_FORMATS = ("full", "relative", "short")
SUBTEST_MODES = ("flat", "nested", "exclude-parents", "ignore-parent-results")


@dataclass(frozen=True)
class JUnitOptions:
    """gotestsum's --junitfile-testsuite-name / -testcase-classname (full, relative, short),
    go-junit-report's -p key=value properties and subtest modes, hostname and timestamp."""

    suite_name: str = "full"
    classname: str = "full"
    properties: tuple[tuple[str, str], ...] = ()
    subtests: str = "flat"  # flat: every test a case; nested: a parent's subtests in a nested
    # <testsuite>; exclude-parents: only tests without subtests; ignore-parent-results: a test
    # with subtests passes (go-junit-report's -subtest-mode, for parents that only set up)
    hostname: str | None = None  # None: this host's name, asked when the report is written
    module: str = ""  # the module path, for "relative" names

    def name(self, package: str, how: str) -> str:
        if how == "short":
            return package.rsplit("/", 1)[-1]
        if how == "relative" and self.module and package.startswith(self.module + "/"):
            return package[len(self.module) + 1 :]
        if how == "relative" and package == self.module:
            return "."
        return package
