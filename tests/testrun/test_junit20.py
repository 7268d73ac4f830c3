"""The JUnit options (--junit-suite-name, --junit-classname, --junit-property, --junit-subtests,
--junit-timestamp) on real recordings; the subtest modes against go-junit-report v2.1.0's."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from tests.helpers import goide, tool
from tests.testrun.gomodule import Recording, module_dir
from tests.testrun.test_verbose_input import _junit_counts
from tests.testrun.verbose_module import VerboseRecording, record_verbose

DATA = Path(__file__).resolve().parent.parent / "data"


def test_names_properties_host_and_time(recordings: dict[str, Recording], tmp_path: Path) -> None:
    junit = tmp_path / "j.xml"
    stream = recordings["all"].stream
    result = goide(
        "test",
        "--input",
        str(stream),
        "--junit",
        str(junit),
        "--junit-suite-name",
        "relative",
        "--junitfile-testcase-classname",
        "short",
        "--junit-property",
        "go.version=go1.26",
        "--junit-property",
        "ci=a=b",
        "--junit-timestamp",
        cwd=module_dir(),
    )
    assert result.returncode == 1, result.stderr.decode()
    xmlschema.XMLSchema(DATA / "junit-jenkins.xsd").validate(str(junit))
    suites = list(ET.parse(junit).getroot().iter("testsuite"))
    assert {s.get("name") for s in suites} >= {"good", "bad", "notests"}
    first = json.loads(stream.read_bytes().splitlines()[0])["Time"]
    for suite in suites:
        props = {p.get("name"): p.get("value") for p in suite.iter("property")}
        assert props["go.version"] == "go1.26"
        assert props["ci"] == "a=b"
        assert suite.get("hostname")
        assert suite.get("timestamp") == first[:19] + "Z"
        assert {c.get("classname") for c in suite.iter("testcase")} <= {suite.get("name")}


@pytest.mark.parametrize("mode", ["exclude-parents", "ignore-parent-results"])
def test_subtest_modes_count_as_go_junit_report(tmp_path: Path, mode: str) -> None:
    verbose: dict[str, VerboseRecording] = record_verbose()
    text = verbose["all"].text
    theirs = tmp_path / "gjr.xml"
    subprocess.run(
        [str(tool("go-junit-report")), "-in", str(text), "-out", str(theirs), "-subtest-mode", mode],
        check=True,
        timeout=60,
    )
    ours = tmp_path / "goide.xml"
    goide("test", "--input", str(text), "--junit", str(ours), "--junit-subtests", mode)
    xmlschema.XMLSchema(DATA / "junit-jenkins.xsd").validate(str(ours))
    mine, their = _junit_counts(ours), _junit_counts(theirs)
    common = set(mine) & set(their)
    assert "example.com/gt/bad" in common
    assert {k: mine[k] for k in common} == {k: their[k] for k in common}
    cases = {c.get("name") for c in ET.parse(ours).getroot().iter("testcase")}
    assert ("TestSubFails" in cases) == (mode == "ignore-parent-results")
    assert "TestSubFails/group/broken" in cases


@pytest.mark.parametrize(
    "args",
    [
        ("--junit-suite-name", "short"),  # no --junit
        ("--junit", "x.xml", "--junit-property", "novalue"),
        ("--junit", "x.xml", "--junit-subtests", "nested-deep"),
    ],
)
def test_junit_option_errors(recordings: dict[str, Recording], tmp_path: Path, args: tuple[str, ...]) -> None:
    result = goide("test", "--input", str(recordings["all"].stream), *args, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith("error: ")
    assert lines[1].startswith("hint: ")
