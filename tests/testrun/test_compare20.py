"""--compare (coverage with a total, times, new and fixed failures) and --post-run-command, on
real `go test` runs of tests/testrun/gomodule.py."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.helpers import goide, tool
from tests.testrun.gomodule import MODULE, Recording, module_dir

M = MODULE


def test_compare_with_an_earlier_stream_and_the_profile_total(
    recordings: dict[str, Recording], tmp_path: Path
) -> None:
    profile = tmp_path / "cover.out"
    result = goide(
        "test",
        "--compare",
        str(recordings["all"].stream),
        "./good",
        "./bad",
        "./notests",
        "--",
        "-count=1",
        "-coverpkg=./good,./bad,./notests",
        f"-coverprofile={profile}",
        cwd=module_dir(),
    )
    assert result.returncode == 1, result.stderr.decode()
    text = result.stdout.decode()
    block = text[text.index(f"Compared with {recordings['all'].stream}") :]
    # With -coverpkg a package's tests cover only part of the statements; the earlier run had 100 %.
    assert re.search(rf"    {M}/good  50\.0% \[fair\] \(-50\.0\)\n", block), block
    # The total is `go tool cover -func`'s, from the same profile.
    func = subprocess.run(
        [str(tool("go")), "tool", "cover", f"-func={profile}"],
        cwd=module_dir(),
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout.decode()
    theirs = func.strip().splitlines()[-1].split()[-1]
    assert f"total (cover profile)  {theirs} [" in block
    # Only packages both runs tested count: the earlier run's panics are not "fixed".
    assert "  failing now, not before: 0\n  failing before, not now: 0\n" in block


def test_compare_with_a_json_report(recordings: dict[str, Recording], tmp_path: Path) -> None:
    report = tmp_path / "earlier.json"
    goide("test", "--input", str(recordings["cached"].stream), "--json", str(report))
    result = goide("test", "--input", str(recordings["all"].stream), "--compare", str(report))
    text = result.stdout.decode()
    assert f"Compared with {report}" in text
    assert f"    {M}/good  100.0% [good] (+0.0)" in text
    assert f"    {M}/bad  100.0% [good] (new)" in text


@pytest.mark.parametrize("content", [b"", b"not a stream\n", b'{"schema_version": 1, "packages": 3}'])
def test_compare_with_a_bad_file(recordings: dict[str, Recording], tmp_path: Path, content: bytes) -> None:
    earlier = tmp_path / "earlier"
    earlier.write_bytes(content)
    result = goide("test", "--input", str(recordings["cached"].stream), "--compare", str(earlier))
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith(f"error: --compare {earlier}")
    assert lines[1].startswith("hint: ")


def test_post_run_command_gets_the_results(recordings: dict[str, Recording], tmp_path: Path) -> None:
    seen = tmp_path / "env.txt"
    command = f"sh -c 'env > {seen}; exit 4'"
    junit = tmp_path / "j.xml"
    result = goide(
        "test", "--input", str(recordings["all"].stream), "--junit", str(junit), "--post-run-command", command
    )
    assert result.returncode == 1  # the tests' status, not the command's
    assert "goide: --post-run-command exited with status 4" in result.stderr.decode()
    env = dict(line.split("=", 1) for line in seen.read_text().splitlines() if "=" in line)
    report = tmp_path / "r.json"
    goide("test", "--input", str(recordings["all"].stream), "--json", str(report))
    totals = json.loads(report.read_text())["totals"]
    assert env["TESTS_FAILED"] == str(totals["failed"])
    assert env["TESTS_SKIPPED"] == str(totals["skipped"])
    assert env["TESTS_TOTAL"] == str(totals["passed"] + totals["failed"] + totals["skipped"])
    assert env["GOTESTSUM_JUNITFILE"] == str(junit)


def test_coverage_block_with_bands_and_total(recordings: dict[str, Recording], tmp_path: Path) -> None:
    profile = tmp_path / "cover.out"
    markdown = tmp_path / "summary.md"
    result = goide(
        "test",
        "--coverage",
        "--markdown",
        str(markdown),
        "./good",
        "./bad",
        "--",
        "-count=1",
        "-coverpkg=./good,./bad",
        f"-coverprofile={profile}",
        cwd=module_dir(),
    )
    text = result.stdout.decode()
    block = text[text.index("\nCoverage\n") :]
    assert f"  {M}/good  50.0% [fair]\n" in block
    func = subprocess.run(
        [str(tool("go")), "tool", "cover", f"-func={profile}"],
        cwd=module_dir(),
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout.decode()
    total = func.strip().splitlines()[-1].split()[-1]
    assert f"  total (cover profile)  {total} [" in block
    assert f"Total coverage (cover profile): **{total}**" in markdown.read_text()
    # From a recorded stream there is no profile: no total is made up.
    recorded = goide("test", "--input", str(recordings["all"].stream), "--coverage").stdout.decode()
    assert f"  {M}/good  100.0% [good]\n" in recorded
    assert "no total: add -coverprofile=FILE" in recorded
