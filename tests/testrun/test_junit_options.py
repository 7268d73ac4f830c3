"""Issue 20 item 7: JUnit name formats, properties, subtest modes, hostname and timestamp; every
variant validates against the Jenkins xunit junit-10 schema (tests/data/junit-jenkins.xsd)."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from tests.helpers import goide, tool
from tests.testrun.gomodule import MODULE, Recording
from tests.testrun.verbose_module import record_verbose

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "junit-jenkins.xsd"
M = MODULE


def _junit(recordings: dict[str, Recording], tmp_path: Path, *flags: str) -> ET.Element:
    out = tmp_path / f"junit{len(list(tmp_path.iterdir()))}.xml"
    result = goide("test", "--input", str(recordings["all"].stream), "--junit", str(out), *flags)
    assert result.returncode == 1, result.stderr.decode()
    xmlschema.XMLSchema(SCHEMA).validate(out)
    return ET.parse(out).getroot()


def _suite(root: ET.Element, name: str) -> ET.Element:
    return next(s for s in root.findall("testsuite") if s.get("name") == name)


def test_names_properties_hostname_timestamp(recordings: dict[str, Recording], tmp_path: Path) -> None:
    root = _junit(
        recordings, tmp_path,
        "--junit-testsuite-name", "relative", "--junit-testcase-classname", "short",
        "--junit-property", "ci=github", "--junit-property", "commit=abc=1", "--junit-hostname", "runner-7",
    )  # fmt: skip
    good = _suite(root, "good")
    assert good.get("hostname") == "runner-7"
    assert good.get("timestamp", "").startswith("20")
    assert len(good.get("timestamp", "")) == 19
    assert {c.get("classname") for c in good.iter("testcase")} == {"good"}
    properties = {p.get("name"): p.get("value") for p in good.iter("property")}
    assert properties["ci"] == "github"
    assert properties["commit"] == "abc=1"
    full = _junit(recordings, tmp_path)
    assert {s.get("name") for s in full.findall("testsuite")} >= {f"{M}/good", f"{M}/bad"}


def test_subtest_modes(recordings: dict[str, Recording], tmp_path: Path) -> None:
    flat = _suite(_junit(recordings, tmp_path), f"{M}/bad")
    names = [c.get("name") for c in flat.findall("testcase")]
    assert "TestSubFails" in names
    assert "TestSubFails/group/broken" in names
    leaves = _suite(_junit(recordings, tmp_path, "--junit-subtests", "exclude-parents"), f"{M}/bad")
    names = [c.get("name") for c in leaves.findall("testcase")]
    assert "TestSubFails" not in names
    assert "TestSubFails/group" not in names
    assert "TestSubFails/group/broken" in names
    nested = _suite(_junit(recordings, tmp_path, "--junit-subtests", "nested"), f"{M}/bad")
    inner = next(s for s in nested.findall("testsuite") if s.get("name") == "TestSubFails")
    assert {c.get("name") for c in inner.findall("testcase")} == {
        "TestSubFails", "TestSubFails/ok", "TestSubFails/group", "TestSubFails/group/broken",
    }  # fmt: skip
    assert inner.get("failures") == "3"
    assert "TestFatal" in [c.get("name") for c in nested.findall("testcase")]


def test_bad_property_is_refused() -> None:
    result = goide("test", "--input", "-", "--junit-property", "novalue", stdin=b"")
    assert result.returncode == 2
    assert "--junit-property needs KEY=VALUE" in result.stderr.decode()


def _counts(path: Path) -> dict[str, tuple[int, int, int]]:
    """Per test suite: tests, failed (failures + errors), skipped."""
    counts = {}
    for suite in ET.parse(path).getroot().iter("testsuite"):

        def number(key: str, suite: ET.Element = suite) -> int:
            return int(suite.get(key) or 0)

        counts[suite.get("name", "")] = (
            number("tests"),
            number("failures") + number("errors"),
            number("skipped"),
        )
    return counts


@pytest.mark.parametrize("mode", ["exclude-parents", "ignore-parent-results"])
def test_subtest_modes_count_as_go_junit_report(tmp_path: Path, mode: str) -> None:
    """From branch test20: the real `go test -v` text of the test module, through go-junit-report
    v2.1.0's `-subtest-mode MODE` and `goide test --junit-subtests MODE`: the same counts per suite."""
    text = record_verbose()["all"].text
    theirs = tmp_path / "gjr.xml"
    subprocess.run(
        [str(tool("go-junit-report")), "-in", str(text), "-out", str(theirs), "-subtest-mode", mode],
        check=True,
        timeout=60,
    )
    ours = tmp_path / "goide.xml"
    result = goide("test", "--input", str(text), "--junit", str(ours), "--junit-subtests", mode)
    assert result.returncode == 1, result.stderr.decode()
    xmlschema.XMLSchema(SCHEMA).validate(ours)
    mine, their = _counts(ours), _counts(theirs)
    common = set(mine) & set(their)
    assert f"{M}/bad" in common
    assert {k: mine[k] for k in common} == {k: their[k] for k in common}
    # The known differences (docs/test.md): go-junit-report makes a suite of vet's `# [PKG]`
    # header; goide lists a package without tests as an empty suite.
    assert set(their) - common == {f"[{M}/veterr]"}
    assert all(mine[k] == (0, 0, 0) for k in set(mine) - common)
    cases = {c.get("name") for c in ET.parse(ours).getroot().iter("testcase")}
    assert ("TestSubFails" in cases) == (mode == "ignore-parent-results")
    assert "TestSubFails/group/broken" in cases
