"""The process runner: a hang, a missing program or garbage become results, never exceptions."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from goide.core.process import run


def test_runs_and_captures() -> None:
    result = run(
        [sys.executable, "-c", "import sys; print('out'); print('err', file=sys.stderr)"], timeout=30
    )
    assert result.ok
    assert result.stdout == "out\n"
    assert result.stderr == "err\n"


def test_missing_program() -> None:
    result = run(["/nonexistent/goide-test-program"], timeout=5)
    assert result.returncode is None
    assert not result.ok
    assert result.start_error


def test_timeout_kills_the_process_group(tmp_path: Path) -> None:
    # The child starts a grandchild that would outlive a plain kill of the child; both must go.
    pid_file = tmp_path / "grandchild.pid"
    code = (
        "import subprocess, sys, time;"
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']);"
        f"open({str(pid_file)!r}, 'w').write(str(p.pid)); time.sleep(60)"
    )
    result = run([sys.executable, "-c", code], timeout=2)
    assert result.timed_out
    assert result.returncode is None
    grandchild = int(pid_file.read_text())
    for _ in range(50):
        if not _alive(grandchild):
            break
        time.sleep(0.1)
    assert not _alive(grandchild)


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_invalid_utf8_output_is_decoded_leniently() -> None:
    result = run([sys.executable, "-c", "import sys; sys.stdout.buffer.write(b'ok\\xff\\xfe')"], timeout=30)
    assert result.ok
    assert result.stdout.startswith("ok")
    assert "\ufffd" in result.stdout


def test_stdin_is_passed() -> None:
    result = run(
        [sys.executable, "-c", "import sys; print(sys.stdin.read().upper())"], timeout=30, stdin="go"
    )
    assert result.stdout.strip() == "GO"
