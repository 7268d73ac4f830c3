"""The JUnit options of gotestsum and go-junit-report, applied to the file `junit.py` wrote.

- suite name and testcase classname: `full` (the import path), `relative` (to the module path of
  the `go.mod` above the working directory; `.` for the module's root package), `short` (its last
  element), as gotestsum's `--junitfile-testsuite-name` / `--junitfile-testcase-classname`;
- properties `KEY=VALUE` added to every suite, as go-junit-report's `-p`;
- subtests: `all` (every test and subtest a case, the default), `exclude-parents` (a test that
  has subtests is left out) or `ignore-parent-results` (such a test always passes), as
  go-junit-report's `-subtest-mode`;
- hostname and timestamp (the run's first event, else now) on every suite, as go-junit-report.

The counts of every suite and of the root are recomputed after the changes.
"""

from __future__ import annotations

import io
import socket
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from goide.core.errors import InputError
from goide.core.safe_write import write_output
from goide.testrun.junit_names import NAME_FORMATS, SUBTEST_MODES

__all__ = ["NAME_FORMATS", "SUBTEST_MODES", "JUnitOptions", "apply", "name_as", "parse_property"]


@dataclass
class JUnitOptions:
    suite_name: str = "full"
    classname: str = "full"
    properties: list[tuple[str, str]] = field(default_factory=list)
    subtests: str = "all"
    host_and_time: bool = False

    def changes_anything(self) -> bool:
        return (
            self.suite_name != "full"
            or self.classname != "full"
            or bool(self.properties)
            or self.subtests != "all"
            or self.host_and_time
        )


def parse_property(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise InputError(
            f"--junit-property {text!r} is not KEY=VALUE", hint="for example --junit-property go.version=1.26"
        )
    return key, value


def apply(path: Path, options: JUnitOptions, *, module_path: str, first_time: str) -> None:
    root = ET.parse(path).getroot()
    timestamp = _timestamp(first_time)
    hostname = socket.gethostname()
    for suite in root.iter("testsuite"):
        package = suite.get("name", "")
        suite.set("name", name_as(package, options.suite_name, module_path))
        if options.host_and_time:
            suite.set("hostname", hostname)
            suite.set("timestamp", timestamp)
        if options.properties:
            props = suite.find("properties")
            if props is None:
                props = ET.Element("properties")
                suite.insert(0, props)
            for key, value in options.properties:
                ET.SubElement(props, "property", name=key, value=value)
        _subtests(suite, options.subtests)
        for case in suite.iter("testcase"):
            case.set("classname", name_as(case.get("classname", ""), options.classname, module_path))
        _count(suite)
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in root.iter("testsuite"))))
    ET.indent(root, "  ")
    data = io.BytesIO()
    ET.ElementTree(root).write(data, encoding="UTF-8", xml_declaration=True)
    write_output(path, data.getvalue(), what="JUnit report")


def name_as(package: str, form: str, module_path: str) -> str:
    if form == "short":
        return package.rsplit("/", 1)[-1]
    if form == "relative" and module_path:
        if package == module_path:
            return "."
        if package.startswith(module_path + "/"):
            return package[len(module_path) + 1 :]
    return package


def _subtests(suite: ET.Element, mode: str) -> None:
    if mode == "all":
        return
    cases = suite.findall("testcase")
    names = {c.get("name", "") for c in cases}
    parents = {n.rsplit("/", 1)[0] for n in names if "/" in n}
    for case in cases:
        if case.get("name", "") not in parents:
            continue
        if mode == "exclude-parents":
            suite.remove(case)
        else:
            for verdict in case.findall("failure") + case.findall("error"):
                case.remove(verdict)


def _count(suite: ET.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("errors", str(sum(1 for c in cases if c.find("error") is not None)))
    suite.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))


def _timestamp(first_time: str) -> str:
    if first_time:
        try:
            parsed = datetime.fromisoformat(first_time.replace("Z", "+00:00"))
            return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            pass
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
