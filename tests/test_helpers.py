"""tests/helpers.py's read_terminal: the pty reader that six tests used to copy. Real pseudo-terminals
and real processes; what the copies disagreed on: whether reading ends when the program exits though a
child it left behind still holds the terminal (test_issue17's copy: yes; the others read until EOF and
would wait as long as the child lives), and whether there is a bound at all (only test_issue17's)."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys

from tests.helpers import read_terminal


def _on_a_terminal(code: str) -> tuple[int, subprocess.Popen[bytes]]:
    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=child, stdout=child, stderr=child)
    os.close(child)
    return main, proc


def test_everything_written_is_read_until_the_terminal_closes() -> None:
    # 1 MiB: far more than a pty buffers, so the program blocks unless it is read as it writes.
    main, proc = _on_a_terminal("import sys; sys.stdout.write('x' * (1 << 20) + 'END')")
    try:
        screen = read_terminal(main, proc)
        assert proc.wait(timeout=60) == 0
    finally:
        os.close(main)
    assert screen.replace(b"\r\n", b"\n") == b"x" * (1 << 20) + b"END"


def test_reading_ends_when_the_program_exits_though_its_child_holds_the_terminal() -> None:
    code = (
        "import subprocess, sys\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        "print(child.pid, flush=True)\n"
    )
    main, proc = _on_a_terminal(code)
    try:
        screen = read_terminal(main, proc)
        assert proc.wait(timeout=60) == 0
        left_behind = int(screen.split()[0])
        os.kill(left_behind, 0)  # still alive, still holding the terminal: reading did not wait for it
        os.kill(left_behind, signal.SIGKILL)
    finally:
        os.close(main)


def test_reading_ends_at_the_timeout_while_the_program_runs() -> None:
    main, proc = _on_a_terminal("import time; time.sleep(120)")
    try:
        read_terminal(main, proc, timeout=2)
        assert proc.poll() is None  # returned while the program still runs and holds the terminal
    finally:
        proc.kill()
        proc.wait(timeout=60)
        os.close(main)
