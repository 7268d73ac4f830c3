"""Issue 20 item 5: `--input` reads plain `go test -v` text (what go-junit-report reads), found
without a flag, with the same counts as go-junit-report v2.1.0 on the same bytes."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.fuzz_testjson import check_text
from tests.helpers import tool
from tests.testrun.compare import run_goide
from tests.testrun.gomodule import MODULE, Recording, module_dir

PACKAGES = (
    "good", "bad", "panics", "exit1", "exit0", "builderr", "usesbroken", "notests",
    "slashsub", "framey", "subpanic", "expanic",
)  # fmt: skip


def _suites(path: Path) -> dict[str, tuple[int, int, int]]:
    """Per suite: test cases, failed or errored cases, skipped cases."""
    counts = {}
    for suite in ET.parse(path).getroot().iter("testsuite"):
        cases = list(suite.iter("testcase"))
        bad = sum(1 for c in cases if c.find("failure") is not None or c.find("error") is not None)
        skipped = sum(1 for c in cases if c.find("skipped") is not None)
        counts[suite.get("name", "")] = (len(cases), bad, skipped)
    return counts


def test_go_test_v_text_gives_go_junit_reports_counts(
    recordings: dict[str, Recording], tmp_path: Path
) -> None:
    text = tmp_path / "go-test-v.txt"
    with open(text, "wb") as out:  # `go test -v ./... 2>&1 > FILE`, as go-junit-report's users do
        subprocess.run(
            [str(tool("go")), "test", "-v", "-count=1", *(f"./{p}" for p in PACKAGES)],
            cwd=module_dir(),
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=600,
            check=False,
        )
    theirs = tmp_path / "go-junit-report.xml"
    subprocess.run(
        [str(tool("go-junit-report")), "-in", str(text), "-out", str(theirs)], check=True, timeout=60
    )
    run = run_goide(text, tmp_path / "goide")
    assert run.report["stream"]["format"] == "go test -v text"
    ours, reference = _suites(run.junit), _suites(theirs)
    # The one difference (docs/test.md): go-junit-report makes a suite of a `# pkg` build block
    # of an untested package; goide gives that failure to the package it broke (usesbroken).
    assert reference.pop(f"{MODULE}/broken") == (1, 1, 0)
    assert ours == reference
    broken = {b["import_path"]: b["broken_packages"] for b in run.report["build_failures"]}
    assert broken[f"{MODULE}/broken"] == [f"{MODULE}/usesbroken"]
    assert run.exit_status == 1
    totals = run.report["totals"]
    assert totals["failed"] > 0
    assert totals["skipped"] == 2

    real_lines = text.read_text(errors="replace").splitlines()

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.sampled_from(real_lines) | st.text(max_size=40), max_size=60))
    def fuzz(lines: list[str]) -> None:
        check_text(lines)

    fuzz()
