"""Issue 20 item 1: `goide test --watch` driven through a real pty with real file edits and the
real `go test`: a save runs the package, keys rerun failed tests, toggle -race, quit; the
terminal's mode is restored."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

from goide.testrun.watch import directory_of
from tests.helpers import write_module

CALC = "package calc\n\nfunc Add(a, b int) int { return a + b }\n"
FILES = {
    "go.mod": "module example.com/watched\n\ngo 1.22\n",
    "calc/calc.go": CALC,
    "calc/calc_test.go": 'package calc\n\nimport "testing"\n\n'
    'func TestAdd(t *testing.T) {\n\tif Add(2, 2) != 4 {\n\t\tt.Fatal("2+2 is not 4")\n\t}\n}\n\n'
    "func TestOther(t *testing.T) {}\n",
    "other/other.go": "package other\n\nfunc Nothing() {}\n",
}


class Screen:
    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.text = ""

    def wait_for(self, what: str, seconds: float = 120) -> str:
        start = len(self.text)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if what in self.text[start:]:
                return self.text[start:]
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    self.text += os.read(self.fd, 65536).decode(errors="replace")
                except OSError:
                    break
        raise AssertionError(f"{what!r} not shown; the screen since:\n{self.text[start:]}")


def test_watch_runs_on_save_and_obeys_keys(tmp_path: Path) -> None:
    module = write_module(tmp_path / "m", FILES)
    main, child = pty.openpty()
    before = termios.tcgetattr(child)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "goide", "test", "--watch", "--plain", "--", "-count=1"],
        cwd=module,
        stdin=child,
        stdout=child,
        stderr=child,
        env={**env, "WATCHFILES_FORCE_POLLING": ""},
        start_new_session=True,
    )
    screen = Screen(main)
    try:
        screen.wait_for("q quit")
        time.sleep(0.5)
        (module / "calc" / "calc.go").write_text(CALC.replace("a + b", "a - b"))
        ran = screen.wait_for("q quit")
        assert "go test -count=1 ./calc" in ran
        assert "--- FAIL: TestAdd" in ran
        assert "./other" not in ran

        os.write(main, b"f")
        rerun = screen.wait_for("q quit")
        assert "-run ^TestAdd$ ./calc" in rerun
        assert "TestOther" not in rerun.split("Packages")[0]

        os.write(main, b"R")
        assert "-race on" in screen.wait_for("q quit")
        os.write(main, b"R")
        assert "-race off" in screen.wait_for("q quit")

        (module / "calc" / "calc.go").write_text(CALC)
        assert "PASS: 2 tests, 2 passed" in screen.wait_for("q quit")

        os.write(main, b"t")
        screen.wait_for("-run pattern (empty: none): ")
        os.write(main, b"TestOther\r")
        assert "(-run TestOther)" in screen.wait_for("q quit")
        os.write(main, b"a")
        everything = screen.wait_for("q quit")
        assert "go test -count=1 -run TestOther ./..." in everything
        assert "PASS: 1 test, 1 passed" in everything

        os.write(main, b"q")
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)
        after = termios.tcgetattr(child)
        os.close(child)
        os.close(main)
    assert after[3] & termios.ECHO == before[3] & termios.ECHO  # echo is back
    assert after[3] & termios.ICANON == before[3] & termios.ICANON


def test_a_failed_test_is_rerun_in_its_own_directory() -> None:
    """`f` reruns each failed test in the directory that holds its package (a path element, not
    a suffix of a name)."""
    patterns = ["./a", "./ba", "."]
    assert directory_of("example.com/m/ba", patterns) == "./ba"
    assert directory_of("example.com/m/a", patterns) == "./a"
    assert directory_of("example.com/m", patterns) == "."
    assert directory_of("example.com/m/x/y", ["./x/y", "./..."]) == "./x/y"
    assert directory_of("example.com/m/z", ["./x", "./..."]) == "./..."
