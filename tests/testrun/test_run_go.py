"""`goide test` running the real `go test -json`: exit status, CI output, --rerun-fails."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import goide, read_terminal, write_module
from tests.testrun.gomodule import ALL_PACKAGES, MODULE, Recording, module_dir


def test_runs_go_test_and_passes_its_exit_status(recordings: dict[str, Recording], tmp_path: Path) -> None:
    module = module_dir()
    passing = goide("test", "--plain", "./good", "--", "-count=1", "-run", "TestAdd|TestAttr", cwd=module)
    assert passing.returncode == 0, passing.stderr.decode()
    assert f"ok    {MODULE}/good" in passing.stdout.decode()

    failing = goide(
        "test", "--json", str(tmp_path / "r.json"), "./bad", "./builderr", "--", "-count=1", cwd=module
    )
    assert failing.returncode == 1, failing.stderr.decode()
    report = json.loads((tmp_path / "r.json").read_text())
    statuses = {t["name"]: t["status"] for p in report["packages"] for t in p["tests"]}
    assert statuses["TestFatal"] == "fail"
    assert statuses["TestHalfPasses"] == "pass"
    assert report["packages"][1]["failed_build"] == f"{MODULE}/builderr [{MODULE}/builderr.test]"


def test_github_actions_groups_and_annotations(recordings: dict[str, Recording]) -> None:
    env = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(module_dir())}
    result = goide("test", "./bad", "./panics", "--", "-count=1", cwd=module_dir(), env=env)
    text = result.stdout.decode()
    assert result.returncode == 1
    assert f"::group::FAIL {MODULE}/bad" in text
    assert "::endgroup::" in text
    # issue 20 item 2: file= and line= (relative to the workspace) so that GitHub shows it inline
    assert (
        f"::error file=bad/bad_test.go,line=18,title={MODULE}/bad TestFatal::bad_test.go:18: Half(3)" in text
    )
    assert f"::error file=panics/panics_test.go,line=9,title={MODULE}/panics TestPanic::panic: " in text
    assert f"title={MODULE}/bad TestSubFails::" not in text  # it failed through its subtest


def test_rerun_fails_reports_flaky_tests_separately(recordings: dict[str, Recording], tmp_path: Path) -> None:
    env = {"GT_FLAKY_DIR": str(tmp_path)}
    args = ["test", "--rerun-fails", "2", "--json", str(tmp_path / "r.json"), "./flaky", "--", "-count=1"]
    result = goide(*args, cwd=module_dir(), env=env)
    assert result.returncode == 1, result.stderr.decode()
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["flaky"] == [{"package": f"{MODULE}/flaky", "name": "TestFlaky", "rerun": "1"}]
    tests = {t["name"]: t for t in report["packages"][0]["tests"]}
    assert tests["TestFlaky"]["rerun"] == "passed on rerun 1"
    assert tests["TestAlwaysFails/inner_case"]["rerun"] == "failed 2 reruns"
    assert "TestAlwaysFails" not in {f["name"] for f in report["flaky"]}
    assert "Flaky (failed, then passed on a rerun)" in result.stdout.decode()


def test_rerun_fails_exit_zero_when_only_flaky_tests_failed(
    recordings: dict[str, Recording], tmp_path: Path
) -> None:
    env = {"GT_FLAKY_DIR": str(tmp_path)}
    result = goide(
        "test",
        "--rerun-fails",
        "1",
        "./flaky",
        "--",
        "-count=1",
        "-run",
        "TestFlaky|TestStable",
        cwd=module_dir(),
        env=env,
    )
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    assert f"flaky: {MODULE}/flaky TestFlaky passed on rerun 1" in result.stdout.decode()


def test_flaky_only_run_says_pass_everywhere(recordings: dict[str, Recording], tmp_path: Path) -> None:
    """Issue 20 item 6: exit 0, the summary's last line, the JSON status and JUnit agree."""
    reports = ["--json", str(tmp_path / "r.json"), "--junit", str(tmp_path / "r.xml")]
    args = ["test", "--rerun-fails", "1", "--rerun-fails-report", str(tmp_path / "reruns.txt"), *reports]
    env = {"GT_FLAKY_DIR": str(tmp_path)}
    result = goide(
        *args, "./flaky", "--", "-count=1", "-run", "TestFlaky|TestStable", cwd=module_dir(), env=env
    )
    text = result.stdout.decode()
    assert result.returncode == 0, text + result.stderr.decode()
    last = text.strip().splitlines()[-1]
    assert last.startswith("PASS: 2 tests, 2 passed, 0 failed"), last
    assert "1 flaky (passed on a rerun)" in last
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["status"] == "pass"
    assert report["packages"][0]["status"] == "pass"
    flaky = next(t for t in report["packages"][0]["tests"] if t["name"] == "TestFlaky")
    assert flaky["status"] == "pass"
    assert flaky["flaky"] is True
    assert "first run fails" in flaky["message"]
    junit = (tmp_path / "r.xml").read_text()
    assert "<failure" not in junit
    assert 'name="TestFlaky.flaky" value="passed on rerun 1"' in junit
    assert (tmp_path / "reruns.txt").read_text() == f"{MODULE}/flaky TestFlaky: 2 runs, 1 failure\n"


def test_rerun_safeguards(recordings: dict[str, Recording], tmp_path: Path) -> None:
    """Issue 20 item 6: no rerun past --rerun-fails-max-failures, nor of a data race; the root
    test is rerun when asked."""
    env = {"GT_FLAKY_DIR": str(tmp_path)}
    many = goide(
        "test",
        "--rerun-fails",
        "2",
        "--rerun-fails-max-failures",
        "1",
        "./flaky",
        "--",
        "-count=1",
        cwd=module_dir(),
        env=env,
    )
    assert many.returncode == 1
    assert "not rerunning: 2 tests failed, more than --rerun-fails-max-failures 1" in many.stdout.decode()
    assert "rerun 1:" not in many.stdout.decode()

    race = goide("test", "--rerun-fails", "2", "./racy", "--", "-count=1", "-race", cwd=module_dir())
    assert race.returncode == 1, race.stderr.decode()
    assert f"not rerunning: {MODULE}/racy TestRace has a data race" in race.stdout.decode()

    (tmp_path / "flaky-ran-once").write_text("x")
    root = goide(
        "test",
        "--rerun-fails",
        "1",
        "--rerun-fails-run-root-test",
        "--json",
        str(tmp_path / "r.json"),
        "./flaky",
        "--",
        "-count=1",
        "-run",
        "TestAlwaysFails",
        cwd=module_dir(),
        env=env,
    )
    assert root.returncode == 1
    tests = {t["name"]: t for t in json.loads((tmp_path / "r.json").read_text())["packages"][0]["tests"]}
    assert tests["TestAlwaysFails"]["rerun"] == "failed 1 rerun"
    assert "rerun" not in tests["TestAlwaysFails/inner_case"]


def test_live_view_on_a_terminal(recordings: dict[str, Recording]) -> None:
    """On a terminal (a real pty) the rich live view draws its counters, then the summary."""
    import os
    import pty
    import subprocess
    import sys

    controller, terminal = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    env.pop("CI", None)
    env.pop("GITHUB_ACTIONS", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "goide", "test", "--input", str(recordings["all"].stream)],
        stdout=terminal,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(terminal)
    screen = read_terminal(controller, proc, timeout=60).decode(errors="replace")
    proc.wait(timeout=60)
    os.close(controller)
    assert proc.stderr is not None
    assert b"Traceback" not in proc.stderr.read()
    assert proc.returncode == 1
    # The last frame (rich draws one when the view stops) counts every package of the run, done.
    total = len(ALL_PACKAGES)
    assert f"packages {total}/{total}" in screen.split("Packages")[0]
    assert "\x1b[" in screen  # coloured on a terminal
    assert "Failed tests" in screen


SLOW_MODULE = {
    "go.mod": "module example.com/slow\n\ngo 1.22\n",
    "slow_test.go": 'package slow\n\nimport (\n\t"testing"\n\t"time"\n)\n\n'
    "func TestSlow(t *testing.T) { time.Sleep(60 * time.Second) }\n",
    # A compiler wrapper that never lets the build finish: go test is killed before any event.
    "slowtool.sh": '#!/bin/sh\nsleep 60\nexec "$@"\n',
}


def test_go_test_killed_at_go_timeout_fails(tmp_path: Path) -> None:
    """A go test killed at --go-timeout is a failure: exit 1 (not the signal's 247) and a FAIL
    summary, even when it was killed before reporting anything (the summary said PASS: 0 tests)."""
    module = write_module(tmp_path, SLOW_MODULE)
    (module / "slowtool.sh").chmod(0o755)

    running = goide("test", "--plain", "--go-timeout", "3", "./...", "--", "-count=1", cwd=module)
    text = running.stdout.decode()
    assert running.returncode == 1, text + running.stderr.decode()
    assert "--- FAIL: TestSlow" in text
    assert "\nFAIL: 1 test, 0 passed, 1 failed" in text
    assert "note: go test ran past --go-timeout (3 s) and was killed" in text

    building = goide(
        "test",
        "--plain",
        "--json",
        str(tmp_path / "r.json"),
        "--go-timeout",
        "3",
        "./...",
        "--",
        f"-toolexec={module / 'slowtool.sh'}",
        cwd=module,
    )
    text = building.stdout.decode()
    assert building.returncode == 1, text + building.stderr.decode()
    assert "\nFAIL: 0 tests, 0 passed, 0 failed, 0 skipped, 0 build errors, in 0 packages" in text
    assert "PASS" not in text
    assert "note: go test ran past --go-timeout (3 s) and was killed" in text
    assert json.loads((tmp_path / "r.json").read_text())["status"] == "fail"


def test_jsonfile_is_the_exact_stream(recordings: dict[str, Recording], tmp_path: Path) -> None:
    """Issue 20 item 3: --jsonfile holds go test's bytes; --input of it gives the same report."""
    raw, live = tmp_path / "raw.json", tmp_path / "live.json"
    result = goide(
        "test",
        "--jsonfile",
        str(raw),
        "--json",
        str(live),
        "./good",
        "./bad",
        "--",
        "-count=1",
        cwd=module_dir(),
    )
    assert result.returncode == 1, result.stderr.decode()
    lines = raw.read_bytes().splitlines()
    assert all(json.loads(line)["Action"] for line in lines)
    assert any(b'"Test":"TestFatal"' in line for line in lines)
    again = goide("test", "--input", str(raw), "--json", str(tmp_path / "again.json"))
    assert again.returncode == 1

    def outcomes(path: Path) -> dict[tuple[str, str], str]:
        report = json.loads(path.read_text())
        return {(p["name"], t["name"]): t["status"] for p in report["packages"] for t in p["tests"]}

    assert outcomes(tmp_path / "again.json") == outcomes(live)
    assert not list(tmp_path.glob(".*.goide-tmp"))  # no temporary file left beside it


def test_v_flag_does_not_lower_test2json_fidelity(recordings: dict[str, Recording], tmp_path: Path) -> None:
    """`goide test -- -v` (habit): go test would pass -test.v=true after -test.v=test2json and
    the binary's own `=== RUN TestImaginary` output would become a test. goide drops -v."""
    report = tmp_path / "r.json"
    result = goide("test", "--json", str(report), "./framey", "--", "-v", "-count=1", cwd=module_dir())
    assert result.returncode == 1, result.stderr.decode()
    names = [t["name"] for p in json.loads(report.read_text())["packages"] for t in p["tests"]]
    assert "TestImaginary" not in names
    assert "TestPrintsFraming" in names


def test_max_fails_stops_go_test(recordings: dict[str, Recording]) -> None:
    """gotestsum's --max-fails: the run stops once N tests failed, and says so."""
    result = goide(
        "test",
        "--plain",
        "--max-fails",
        "1",
        "./bad",
        "./good",
        "--",
        "-count=1",
        "-p",
        "1",
        cwd=module_dir(),
    )
    text = result.stdout.decode()
    assert result.returncode == 1, result.stderr.decode()
    assert "note: stopped after 1 failed test (--max-fails)" in text
    assert "passed, 0 failed" not in text
