"""The `--junit` report: JUnit XML that validates against the Jenkins xunit junit-10 schema.

One <testsuite> per package, one <testcase> per test (subtests by full name), classname = the
package. A failed test gets <failure message=first line of its failure message> with its own
output; a test the crash killed gets <error>; skips carry their reason. A package broken by a build
or vet failure gets a testcase "[build failed]" with an <error> holding the compiler's output; a
package that failed with no failed test gets "[package failure]" with the package output. t.Attr
values become suite <property> entries named "Test.key" (the schema has no testcase properties).
Written with xml.etree (standard library); characters XML 1.0 forbids become U+FFFD.
"""

from __future__ import annotations

import dataclasses
import io
import re
import socket
import xml.etree.ElementTree as ET
from pathlib import Path

from goide.core.safe_write import write_output
from goide.testrun.aggregate import Aggregate
from goide.testrun.failure import crash_description, failure_message, own_lines
from goide.testrun.junit_options import JUnitOptions

__all__ = ["JUnitOptions", "write_junit"]  # JUnitOptions lives in junit_options (kept light)
from goide.testrun.model import FAIL, PASS, SKIP, PackageResult, TestResult, walk_tests

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _ILLEGAL_XML.sub("\ufffd", text)


def _seconds(value: float | None) -> str:
    return f"{value or 0.0:.3f}"


def _timestamp(time: str) -> str:
    """`2026-01-02T03:04:05.123456789Z` -> `2026-01-02T03:04:05` (ISO 8601, as JUnit readers take it)."""
    return time[:19] if len(time) >= 19 and time[10:11] == "T" else ""


def _suite(
    agg: Aggregate, package: PackageResult, parent: ET.Element, options: JUnitOptions
) -> tuple[int, int, int]:
    suite = ET.SubElement(parent, "testsuite", name=_clean(options.name(package.name, options.suite_name)))
    suite.set("hostname", _clean(options.hostname or ""))
    if _timestamp(package.started_at):
        suite.set("timestamp", _timestamp(package.started_at))
    tests = walk_tests(package.tests)
    if options.subtests == "exclude-parents":
        tests = [t for t in tests if not t.subtests]
    classname = _clean(options.name(package.name, options.classname))
    properties = [*options.properties]
    properties += [(f"{t.name}.{k}", v) for t in tests for k, v in sorted(t.attrs.items())]
    properties.extend((f"{t.name}.flaky", t.flaky) for t in tests if t.flaky)
    if package.coverage:
        properties.append(("coverage", package.coverage))
    if package.cached:
        properties.append(("cached", "true"))
    if properties:
        props = ET.SubElement(suite, "properties")
        for name, value in properties:
            ET.SubElement(props, "property", name=_clean(name), value=_clean(value))
    failures = errors = skipped = 0
    count = 0
    if package.failed_build:
        count += 1
        errors += 1
        case = ET.SubElement(suite, "testcase", name="[build failed]", classname=classname, time="0.000")
        builds = [b for b in agg.builds.values() if package.name in b.broken_packages]
        text = "".join(f"{line}\n" for b in builds for line in b.output) or package.output.text()
        error = ET.SubElement(case, "error", message=f"build failed: {package.failed_build}", type="build")
        error.text = _clean(text)
    elif package.status == FAIL and not package.failed:
        count += 1
        errors += 1
        case = ET.SubElement(suite, "testcase", name="[package failure]", classname=classname, time="0.000")
        error = ET.SubElement(case, "error", message="the package failed with no failed test", type="package")
        error.text = _clean(package.output.text())
    order = {FAIL: 0, SKIP: 1, PASS: 2}
    ignore_parents = options.subtests == "ignore-parent-results"

    def shown(test: TestResult) -> str:
        return PASS if ignore_parents and test.subtests else test.status

    nested: dict[str, ET.Element] = {}
    for test in sorted(tests, key=lambda t: order.get(shown(t), 0)):
        status = shown(test)
        count += 1
        case = ET.SubElement(
            _home(suite, test, nested) if options.subtests == "nested" else suite,
            "testcase",
            name=_clean(test.name),
            classname=classname,
            time=_seconds(test.elapsed),
        )
        if status == FAIL:
            message = failure_message(test)
            output = "".join(line + "\n" for line, _ in own_lines(test))
            if test.crash:
                errors += 1
                element = ET.SubElement(
                    case, "error", message=_clean(crash_description(test)), type=test.crash
                )
            else:
                failures += 1
                element = ET.SubElement(
                    case, "failure", message=_clean(message[0].strip() if message else "Failed")
                )
            element.text = _clean(output)
        elif status == SKIP:
            skipped += 1
            ET.SubElement(case, "skipped", message=_clean(test.skip_reason))
        elif test.flaky:
            # Passed in the end: no <failure>; the first run's failure is kept as its output.
            out = ET.SubElement(case, "system-out")
            first = "".join(line + "\n" for line, _ in own_lines(test))
            out.text = _clean(f"flaky: failed, then {test.flaky}\n{first}")
    suite.set("tests", str(count))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    suite.set("time", _seconds(package.elapsed))
    for inner in nested.values():
        _count_nested(inner)
    return count, failures, errors


def _home(suite: ET.Element, test: TestResult, nested: dict[str, ET.Element]) -> ET.Element:
    """For the nested subtest mode: the <testsuite> of the test's root test (a root test with
    subtests gets one, holding it and all its subtests)."""
    root = test
    while root.parent is not None:
        root = root.parent
    if not root.subtests:
        return suite
    inner = nested.get(root.name)
    if inner is None:
        inner = nested[root.name] = ET.SubElement(suite, "testsuite", name=_clean(root.name))
    return inner


def _count_nested(inner: ET.Element) -> None:
    cases = inner.findall("testcase")
    inner.set("tests", str(len(cases)))
    inner.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    inner.set("errors", str(sum(1 for c in cases if c.find("error") is not None)))
    inner.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
    inner.set("time", _seconds(sum(float(c.get("time", "0")) for c in cases if "/" not in c.get("name", ""))))


def write_junit(
    agg: Aggregate,
    path: Path,
    name: str = "go test",
    *,
    interrupted: str = "",
    options: JUnitOptions | None = None,
) -> None:
    options = options or JUnitOptions()
    if options.hostname is None:
        options = dataclasses.replace(options, hostname=socket.gethostname())
    root = ET.Element("testsuites", name=name)
    total = failures = errors = 0
    elapsed = 0.0
    if interrupted:
        # A run stopped by a signal: CI must not read what was written so far as a full result.
        suite = ET.SubElement(root, "testsuite", name="goide", tests="1", failures="0", errors="1")
        suite.set("skipped", "0")
        suite.set("time", "0.000")
        case = ET.SubElement(suite, "testcase", name="[interrupted]", classname="goide", time="0.000")
        error = ET.SubElement(
            case, "error", message=f"the run was interrupted by {interrupted}", type="interrupted"
        )
        error.text = "The results below are what go test reported before the run was stopped.\n"
        total, errors = 1, 1
    for package in sorted(agg.packages.values(), key=lambda p: p.name):
        count, failed, errored = _suite(agg, package, root, options)
        total, failures, errors = total + count, failures + failed, errors + errored
        elapsed += package.elapsed or 0.0
    for build in agg.builds.values():
        if build.failed and not build.broken_packages:
            # A build error no package reported (pre-1.24 text on stderr, a vet or setup error).
            suite = ET.SubElement(
                root, "testsuite", name=_clean(build.import_path), tests="1", failures="0", errors="1"
            )
            suite.set("skipped", "0")
            suite.set("time", "0.000")
            case = ET.SubElement(
                suite, "testcase", name="[build failed]", classname=_clean(build.import_path), time="0.000"
            )
            error = ET.SubElement(case, "error", message=f"build failed: {build.import_path}", type="build")
            error.text = _clean("".join(f"{line}\n" for line in build.output))
            total, errors = total + 1, errors + 1
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    root.set("time", _seconds(elapsed))
    ET.indent(root, "  ")
    data = io.BytesIO()
    ET.ElementTree(root).write(data, encoding="UTF-8", xml_declaration=True)
    write_output(path, data.getvalue(), what="JUnit report")
