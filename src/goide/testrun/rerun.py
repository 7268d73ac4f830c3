"""Which failed tests to run again, and the `-run` pattern that selects exactly one of them.

Only the deepest failures are rerun (a parent fails because its subtest did, and running the
subtest runs the parent), never a package whose build failed. Each test name part becomes an
anchored, escaped regular expression (`^TestA$/^sub_case$`) as `go test -run` splits on `/`.
Reruns are refused past a number of failures (broken, not flaky) and for a data race (a pass
would hide it); a test that passed on a rerun is settled as passed and flaky, with the parents
and the package that failed only through it (`settle_flaky`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from goide.testrun.aggregate import Aggregate
from goide.testrun.model import FAIL, PASS, TestResult

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


def rerun_refused(agg: Aggregate, pending: list[RerunTarget], max_failures: int) -> str:
    """Why failed tests must not be rerun: too many failed (a broken build of the code, not
    flakiness, as gotestsum judges at 10), or a data race (a rerun that passes hides it)."""
    if len(pending) > max_failures:
        return (
            f"{len(pending)} tests failed, more than --rerun-fails-max-failures "
            f"{max_failures}: this looks broken, not flaky"
        )
    from goide.testrun.failure import own_lines
    from goide.testrun.model import walk_tests

    for package in agg.packages.values():
        for test in walk_tests(package.tests):
            if test.status == FAIL and any("WARNING: DATA RACE" in line for line, _ in own_lines(test)):
                return f"{package.name} {test.name} has a data race; a rerun that passes would hide it"
    return ""


def write_rerun_report(path: Path, failures: dict[tuple[str, str], int], outcomes: dict[str, str]) -> None:
    """gotestsum's --rerun-fails-report: one line per rerun test, `PKG TEST: N runs, M failures`."""
    from goide.core.safe_write import write_output

    lines = []
    for (package, name), failed in sorted(failures.items()):
        outcome = outcomes.get(f"{package}\x00{name}", "")
        runs = failed + (1 if outcome.startswith("passed") else 0)
        lines.append(f"{package} {name}: {runs} runs, {failed} failure{'' if failed == 1 else 's'}\n")
    write_output(path, "".join(lines).encode(), what="rerun report")


def settle_flaky(agg: Aggregate, flaky: list[dict[str, str]]) -> None:
    """A test that failed and then passed on a rerun passes, marked flaky, and so do the parents
    and the package that failed only through it: exit status, summary, JSON and JUnit agree."""
    from goide.testrun.model import walk_tests

    for item in flaky:
        package = agg.packages.get(item["package"])
        if package is None:
            continue
        tests = {t.name: t for t in walk_tests(package.tests)}
        names = [item["name"]]
        name = item["name"]
        while "/" in name:
            name = name.rsplit("/", 1)[0]
            names.append(name)
        for name in names:
            test = tests.get(name)
            if test is None or test.status != FAIL or test.crash:
                continue
            if any(sub.status == FAIL and not sub.flaky for sub in test.subtests):
                break
            test.status = PASS
            test.flaky = f"passed on rerun {item['rerun']}"
            package.failed -= 1
            package.passed += 1
            agg.failed -= 1
            agg.passed += 1
        if (
            package.status == FAIL
            and package.failed == 0
            and not package.failed_build
            and not package.panicked
            and not package.timed_out
            and any(t.flaky for t in walk_tests(package.tests))
        ):
            package.status = PASS
