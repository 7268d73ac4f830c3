"""The `--json` report of `goide test` (schema in docs/test.md) as a plain dict, ready for orjson.

`packages[].tests[]` is flat, parents before their subtests, with full names (`TestA/sub`).
Passing tests carry an empty `output`: it is dropped when they pass so that memory does not grow
with passing tests.
"""

from __future__ import annotations

from typing import Any

from goide.testrun.aggregate import Aggregate
from goide.testrun.failure import failure_message, own_lines
from goide.testrun.model import PackageResult, TestResult
from goide.testrun.testjson import ReadStats

SCHEMA_VERSION = 1


def _test(test: TestResult) -> dict[str, Any]:
    return {
        "name": test.name,
        "status": test.status,
        "elapsed": test.elapsed,
        "output": "".join(line + "\n" for line, _ in own_lines(test)),
        "message": "\n".join(failure_message(test)) if test.status == "fail" or test.flaky else "",
        "skip_reason": test.skip_reason,
        "crash": test.crash,
        "flaky": bool(test.flaky),
        "panicked": test.panicked,
        "attrs": dict(test.attrs),
    }


def _flat(tests: list[TestResult]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    for test in tests:
        result.append(_test(test))
        result.extend(_flat(test.subtests))
    return result


def _package(package: PackageResult, rerun: dict[str, str]) -> dict[str, Any]:
    tests = _flat(package.tests)
    for test in tests:
        outcome = rerun.get(f"{package.name}\x00{test['name']}")
        if outcome:
            test["rerun"] = outcome
    return {
        "name": package.name,
        "status": package.status,
        "elapsed": package.elapsed,
        "cached": package.cached,
        "coverage": package.coverage,
        "no_test_files": package.no_test_files,
        "failed_build": package.failed_build,
        "panicked": package.panicked,
        "timed_out": package.timed_out,
        "output": package.output.text() if package.status == "fail" else "",
        "tests": tests,
    }


def build_report(
    agg: Aggregate,
    stats: ReadStats,
    rerun: dict[str, str] | None = None,
    flaky: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    totals = agg.totals()
    return {
        "schema_version": SCHEMA_VERSION,
        "status": "fail" if agg.any_failure() else "pass",
        "packages": [_package(p, rerun or {}) for p in sorted(agg.packages.values(), key=lambda p: p.name)],
        "build_failures": [
            {
                "import_path": b.import_path,
                "output": "".join(line + "\n" for line in b.output),
                "broken_packages": list(b.broken_packages),
                "from_text": b.from_text,
            }
            for b in agg.builds.values()
            if b.failed or b.broken_packages
        ],
        "flaky": flaky or [],
        "slowest": [{"package": s.package, "name": s.name, "elapsed": s.elapsed} for s in agg.slowest()],
        "totals": {
            "passed": totals.passed,
            "failed": totals.failed,
            "skipped": totals.skipped,
            "build_errors": totals.build_errors,
            "packages": totals.packages,
            "packages_failed": totals.packages_failed,
        },
        "stream": {**stats.to_dict(), "other_text": list(agg.other_text)},
    }
