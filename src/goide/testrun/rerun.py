"""Which failed tests to run again, and the `-run` pattern that selects exactly one of them.

Only the deepest failures are rerun (a parent fails because its subtest did, and running the
subtest runs the parent), never a package whose build failed. Each test name part becomes an
anchored, escaped regular expression (`^TestA$/^sub_case$`) as `go test -run` splits on `/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from goide.testrun.aggregate import Aggregate
from goide.testrun.model import FAIL, TestResult

_GO_REGEXP_SPECIAL = re.compile(r"([\\.+*?()|\[\]{}^$])")


@dataclass(frozen=True)
class RerunTarget:
    package: str
    name: str

    @property
    def run_pattern(self) -> str:
        return "/".join("^" + _GO_REGEXP_SPECIAL.sub(r"\\\1", part) + "$" for part in self.name.split("/"))


def rerun_targets(agg: Aggregate, *, root_tests: bool = False) -> list[RerunTarget]:
    """The failed tests to run again; with `root_tests`, their top-level tests instead (for
    subtests that cannot run alone: names made at run time, state shared with siblings)."""
    targets: list[RerunTarget] = []

    def visit(package: str, test: TestResult) -> None:
        failed_subtests = [s for s in test.subtests if s.status == FAIL]
        if failed_subtests and not root_tests:
            for sub in failed_subtests:
                visit(package, sub)
        elif test.status == FAIL:
            targets.append(RerunTarget(package, test.name))

    for package in sorted(agg.packages.values(), key=lambda p: p.name):
        if package.failed_build:
            continue
        for test in package.tests:
            visit(package.name, test)
    return targets
