"""`goide test --watch` driven through a real pty: real file edits, real go test, real keys."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from goide.testrun.watch import changed_packages
from tests.helpers import write_module

FILES = {
    "go.mod": "module example.com/w\n\ngo 1.25\n",
    "calc/calc.go": "package calc\n\nfunc Double(n int) int { return 2 * n }\n",
    "calc/calc_test.go": (
        'package calc\n\nimport "testing"\n\n'
        'func TestOK(t *testing.T) {\n\tif Double(2) != 4 {\n\t\tt.Fatal("bad")\n\t}\n}\n'
    ),
    "other/other_test.go": 'package other\n\nimport "testing"\n\nfunc TestOther(t *testing.T) {}\n',
}
BROKEN = '\nfunc TestBroken(t *testing.T) {\n\tt.Fatal("broken on purpose")\n}\n'


class Terminal:
    def __init__(self, argv: list[str], cwd: Path) -> None:
        self.leader, follower = pty.openpty()
        env = {**os.environ, "NO_COLOR": "1", "CI": "", "GITHUB_ACTIONS": "", "GOFLAGS": "-mod=mod"}
        self.proc = subprocess.Popen(
            argv, stdin=follower, stdout=follower, stderr=follower, cwd=cwd, env=env, start_new_session=True
        )
        os.close(follower)
        self.seen = ""

    def expect(self, text: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} not seen; output so far:\n{self.seen}")
            ready, _, _ = select.select([self.leader], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.leader, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"{text!r} not seen before the end; output:\n{self.seen}")
                self.seen += chunk.decode(errors="replace").replace("\r\n", "\n")
        found = self.seen.index(text) + len(text)
        before, self.seen = self.seen[:found], self.seen[found:]
        return before

    def send(self, keys: str) -> None:
        os.write(self.leader, keys.encode())

    def close(self) -> int:
        try:
            return self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, 9)
                self.proc.wait()
            os.close(self.leader)


def test_watch_reruns_the_saved_package_and_answers_keys(tmp_path: Path) -> None:
    module = write_module(tmp_path / "m", FILES)
    term = Terminal([sys.executable, "-m", "goide", "test", "--watch", "--plain", "--", "-count=1"], module)
    try:
        term.expect("for .go changes; keys:")
        time.sleep(0.5)  # the watcher is up once its thread has started watching
        test_file = module / "calc" / "calc_test.go"
        test_file.write_text(test_file.read_text() + BROKEN)
        run = term.expect("goide: exit status 1")
        assert "goide: go test ./calc -count=1" in run
        assert "--- FAIL: TestBroken" in run
        assert "example.com/w/other" not in run  # only the package of the saved file
        term.expect("for .go changes; keys:")

        term.send("f")  # rerun the failed tests only
        run = term.expect("goide: exit status 1")
        assert "goide: go test example.com/w/calc -count=1 -run ^TestBroken$" in run
        assert "1 failed" in run

        term.send("/TestOK\n")  # the last run with another -run
        run = term.expect("goide: exit status 0")
        assert "-run TestOK" in run
        assert "PASS: 1 test" in run

        term.send("a")  # every package
        run = term.expect("goide: exit status 1")
        assert "example.com/w/other" in run

        term.send("q")
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            os.killpg(term.proc.pid, 9)


def test_changed_packages(tmp_path: Path) -> None:
    module = write_module(tmp_path / "m", FILES)
    paths = [
        str(module / "calc" / "calc.go"),
        str(module / "calc" / "calc_test.go"),
        str(module / "other" / "other_test.go"),
        str(module / "gone" / "x.go"),  # deleted with its directory
        str(tmp_path / "elsewhere.go"),
    ]
    (module / "vendor" / "v").mkdir(parents=True)
    paths.append(str(module / "vendor" / "v" / "v.go"))
    assert changed_packages(module, paths) == ["./calc", "./other"]


def test_watch_refuses_input(tmp_path: Path) -> None:
    from tests.helpers import goide

    result = goide("test", "--watch", "--input", "x.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("error: --watch runs go test")


pytestmark = pytest.mark.timeout(300)
