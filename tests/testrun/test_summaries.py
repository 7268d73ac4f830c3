"""Issue 20 items 4 and 9: the Markdown summary (file and $GITHUB_STEP_SUMMARY) and coverage with
its total and the change against an earlier run, from real `go test` runs."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import goide
from tests.testrun.gomodule import MODULE, Recording, module_dir

M = MODULE


def test_markdown_summary_for_a_pull_request(recordings: dict[str, Recording], tmp_path: Path) -> None:
    step = tmp_path / "step-summary.md"
    step.write_text("earlier step\n")
    markdown = tmp_path / "summary.md"
    result = goide(
        "test", "--input", str(recordings["all"].stream), "--markdown", str(markdown),
        env={"GITHUB_STEP_SUMMARY": str(step)},
    )  # fmt: skip
    assert result.returncode == 1, result.stderr.decode()
    text = markdown.read_text()
    assert text.startswith("## ❌ go test: FAIL\n")
    assert f"| `{M}/good` | ✅ pass | 15 | 0 | 2 |" in text
    assert "100.0% |" in text
    assert "<code>TestFatal</code> in example.com/gt/bad" in text
    assert "bad_test.go:18: Half(3) = 1, want 1.5" in text
    assert "<code>TestSubFails</code>" not in text  # failed only through its subtest
    assert "### Build errors" in text
    assert "undefined: undefinedName" in text
    assert "### Coverage" in text
    assert len(text) < 65_536  # a pull request comment
    assert step.read_text() == "earlier step\n" + text + "\n"  # appended, as GitHub expects


def test_coverage_total_from_the_profile_and_change_against_an_earlier_run(
    recordings: dict[str, Recording], tmp_path: Path
) -> None:
    earlier = tmp_path / "earlier.json"
    earlier.write_text(json.dumps({"packages": [{"name": f"{M}/good", "coverage": "50.0% of statements"}]}))
    profile = tmp_path / "cover.out"
    report = tmp_path / "r.json"
    result = goide(
        "test", "--json", str(report), "--compare", str(earlier), "./good", "./notests",
        "--", "-count=1", f"-coverprofile={profile}", cwd=module_dir(),
    )  # fmt: skip
    text = result.stdout.decode()
    assert result.returncode == 0, text + result.stderr.decode()
    coverage = json.loads(report.read_text())["coverage"]
    good = next(row for row in coverage["packages"] if row["package"] == f"{M}/good")
    assert good == {"package": f"{M}/good", "percent": 100.0, "band": "good", "change": 50.0}
    assert coverage["total_exact"] is True
    assert coverage["total"] == 100.0  # notests has no statements in a test binary's profile
    assert f"100.0%  good  {M}/good  (+50.0)" in text
    assert "total" in text


def test_compare_with_a_file_that_is_not_a_report_is_refused_before_running(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    result = goide("test", "--compare", str(bad), "./nothing")
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"error: {bad} is not a goide test report",
        "hint: pass a report written by goide test --json",
    ]
