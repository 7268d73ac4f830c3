"""Issue 17, the `goide test` items: real signals to a real `goide test` running real `go test`,
every child under a deadline, no false green, no stale reports, hints that can be typed."""

from __future__ import annotations

import json
import os
import pty
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import goide, read_terminal, write_module
from tests.testrun.gomodule import Recording, module_dir

STALE = {"schema_version": 1, "status": "pass", "packages": []}


def _processes_in(directory: Path, word: str, also: str = "") -> list[str]:
    """Command lines of live processes whose command line holds `word` (starts with it, when
    `word` starts with ^) and that run in `directory` (read from /proc; nothing is signalled)."""
    found = []
    directory = directory.resolve()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        matches = cmdline.startswith(word[1:]) if word.startswith("^") else word in cmdline
        # `also` tells this test's processes from another test's under pytest-xdist.
        if matches and also in cmdline and cwd.startswith(str(directory)):
            found.append(f"{entry.name}: {cmdline}")
    return found


def _wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def _stale_reports(tmp_path: Path) -> list[str]:
    (tmp_path / "r.json").write_text(json.dumps(STALE))
    (tmp_path / "r.xml").write_text('<testsuites tests="1" failures="0"/>')
    (tmp_path / "r.html").write_text("<html>yesterday: all green</html>")
    return [
        "--json",
        str(tmp_path / "r.json"),
        "--junit",
        str(tmp_path / "r.xml"),
        "--html",
        str(tmp_path / "r.html"),
    ]


def _check_interrupted_reports(tmp_path: Path, name: str) -> None:
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["status"] == "interrupted"
    assert report["interrupted"] == name
    tests = {t["name"]: t["status"] for p in report["packages"] for t in p["tests"]}
    assert tests["TestP/sub"] == "pass"  # what was read before the signal is kept
    junit = (tmp_path / "r.xml").read_text()
    assert 'name="[interrupted]"' in junit
    assert f"interrupted by {name}" in junit
    html = (tmp_path / "r.html").read_text()
    assert "yesterday" not in html
    assert f"The run was interrupted by {name}" in html


def _end(proc: subprocess.Popen[bytes]) -> None:
    """When a check failed before the signal was sent: TERM first (goide stops go test), then KILL."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _goide_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "goide", "test", *args]


def test_sigterm_stops_go_test_restores_the_terminal_and_writes_interrupted_reports(
    recordings: dict[str, Recording], tmp_path: Path
) -> None:
    """Item 3 (and 6): `kill -TERM goide` as a cancelled CI job does, on a terminal (live view)."""
    module = module_dir()
    reports = _stale_reports(tmp_path)
    main, child = pty.openpty()
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("CI", None)
    env.pop("GITHUB_ACTIONS", None)
    proc = subprocess.Popen(
        _goide_argv(*reports, "./killed", "--", "-count=1"),
        cwd=module,
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        start_new_session=True,
    )
    os.close(child)
    screen = b""
    try:
        assert _wait_for(lambda: _processes_in(module, "killed.test", "-test.count=1"), 120), (
            "the test binary never started"
        )
        time.sleep(1.0)  # TestP/sub has passed; TestP sleeps
        os.kill(proc.pid, signal.SIGTERM)
        screen = read_terminal(main, proc, timeout=30)
        status = proc.wait(timeout=30)
    finally:
        _end(proc)
        os.close(main)
    assert status == 128 + signal.SIGTERM, screen.decode(errors="replace")
    assert b"\x1b[?25l" in screen  # the live view hid the cursor ...
    assert screen.rfind(b"\x1b[?25h") > screen.rfind(b"\x1b[?25l")  # ... and showed it again
    assert b"interrupted by SIGTERM" in screen
    assert _wait_for(lambda: not _processes_in(module, "killed.test", "-test.count=1"), 10), _processes_in(
        module, "killed.test"
    )
    _check_interrupted_reports(tmp_path, "SIGTERM")


def test_sighup_on_a_pipe_is_handled_as_an_interrupt(
    recordings: dict[str, Recording], tmp_path: Path
) -> None:
    """Item 3: a closed terminal (SIGHUP), output to a pipe."""
    module = module_dir()
    reports = _stale_reports(tmp_path)
    proc = subprocess.Popen(
        _goide_argv("--plain", *reports, "./killed", "--", "-count=2"),
        cwd=module,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert _wait_for(lambda: _processes_in(module, "killed.test", "-test.count=2"), 120), (
            "the test binary never started"
        )
        time.sleep(1.0)
        os.kill(proc.pid, signal.SIGHUP)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        _end(proc)
    assert proc.returncode == 128 + signal.SIGHUP, stderr.decode()
    assert b"error: interrupted by SIGHUP" in stderr
    assert b"FAIL:" in stdout
    assert _wait_for(lambda: not _processes_in(module, "killed.test", "-test.count=2"), 10)
    _check_interrupted_reports(tmp_path, "SIGHUP")


@contextmanager
def _hung_module_proxy() -> Iterator[str]:
    """A module proxy on 127.0.0.1 that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()


def test_hung_go_is_reported_while_waiting_and_every_child_is_stopped(tmp_path: Path) -> None:
    """Item 4: `go list` (which counts packages) and `go test` both hang downloading a module from
    a proxy that never answers; goide says what it waits for, stops at --go-timeout, and leaves no
    `go` process behind."""
    module = write_module(
        tmp_path / "m",
        {
            "go.mod": "module example.com/hung\n\ngo 1.22\n\nrequire example.com/never v1.0.0\n",
            "a_test.go": 'package a\n\nimport (\n\t"testing"\n\n\t"example.com/never"\n)\n\n'
            "func TestA(t *testing.T) { never.X() }\n",
        },
    )
    with _hung_module_proxy() as proxy:
        env = {
            "GOPROXY": proxy,
            "GOSUMDB": "off",
            "GOFLAGS": "-mod=mod",
            "GOMODCACHE": str(tmp_path / "modcache"),
            "GONOPROXY": "",
            "GOPRIVATE": "",
        }
        result = goide("test", "--plain", "--go-timeout", "9", "./...", cwd=module, env=env, timeout=120)
        leftover = _processes_in(module, "go")
    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert "goide: waiting for `go test -json` (no output yet" in stderr
    assert "go test ran past --go-timeout (9 s) and was killed" in result.stdout.decode()
    assert leftover == []


def test_go_test_with_no_events_is_an_error_not_a_pass(
    recordings: dict[str, Recording], tmp_path: Path
) -> None:
    """Item 5: the real `go test -json -n` exits 0 and sends only `start` and `pass` for the
    package: no test event and no `ok` line."""
    (tmp_path / "r.json").write_text(json.dumps(STALE))
    result = goide("test", "--json", str(tmp_path / "r.json"), "./good", "--", "-n", cwd=module_dir())
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert stderr.startswith(
        "error: go test ran no tests: no test events and no package results (exit status 0)"
    )
    assert "hint: -c, -n and -list do not run tests" in stderr
    assert "PASS" not in result.stdout.decode()
    assert json.loads((tmp_path / "r.json").read_text())["status"] == "error"


def test_go_test_flag_before_the_packages_gets_a_hint_that_works() -> None:
    """Item 12: the hint is the command to type (and typing it works: see test_run_go)."""
    result = goide("test", "-race", "./a")
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        "error: -race is not a goide test option; go test flags go after --",
        "hint: run: goide test ./a -- -race",
    ]
    valued = goide("test", "--json", "r.json", "-run", "TestX", "./a")
    assert valued.stderr.decode().splitlines()[1] == "hint: run: goide test --json r.json ./a -- -run TestX"
    typo = goide("test", "--jsn", "r.json", "./a")
    assert typo.stderr.decode().splitlines() == ["error: unknown option --jsn", "hint: did you mean --json?"]
    # Every goide option stays in front, with its value, also one argparse takes abbreviated.
    junit = goide("test", "--junit-subtests", "nested", "--watch", "--max-fail", "3", "-count", "2", "./a")
    assert junit.stderr.decode().splitlines()[1] == (
        "hint: run: goide test --junit-subtests nested --watch --max-fail 3 ./a -- -count 2"
    )
    hostname = goide("test", "--junit-hostnme", "ci", "./a")
    assert hostname.stderr.decode().splitlines()[1] == "hint: did you mean --junit-hostname?"


def test_sigterm_during_post_run_command_stops_it_too(
    recordings: dict[str, Recording], tmp_path: Path
) -> None:
    """Item 4: every child goes with goide, also the --post-run-command (core/process.run)."""
    module = module_dir()
    proc = subprocess.Popen(
        _goide_argv("--plain", "--post-run-command", "sleep 311", "./notests"),
        cwd=module,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert _wait_for(lambda: _processes_in(module, "^sleep 311"), 120), "the command never started"
        os.kill(proc.pid, signal.SIGTERM)
        _, stderr = proc.communicate(timeout=30)
    finally:
        _end(proc)
    assert proc.returncode == 128 + signal.SIGTERM, stderr.decode()
    assert _wait_for(lambda: not _processes_in(module, "^sleep 311"), 10), _processes_in(module, "^sleep 311")
