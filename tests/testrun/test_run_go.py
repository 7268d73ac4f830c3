"""`goide test` running the real `go test -json`: exit status, CI output, --rerun-fails."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import goide, write_module
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
    result = goide("test", "./bad", "--", "-count=1", cwd=module_dir(), env=env)
    text = result.stdout.decode()
    assert result.returncode == 1
    assert f"::group::FAIL  {MODULE}/bad" in text
    assert "::endgroup::" in text
    # file= and line= put the annotation on the line of the pull request's diff (issue 20 item 2).
    assert f"::error file=bad/bad_test.go,line=18,title={MODULE}/bad TestFatal::" in text


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
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(controller)
    assert proc.stderr is not None
    assert b"Traceback" not in proc.stderr.read()
    screen = b"".join(chunks).decode(errors="replace")
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
    assert "\nFAIL: 1 tests, 0 passed, 1 failed" in text
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
