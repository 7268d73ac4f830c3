"""Runs `go test -json` and hands its stdout over as a stream, its stderr kept on the side.

stdout is read as it comes (the caller streams it through the reader); stderr is read by a
thread into a bounded list, because before Go 1.24 build errors arrive there as plain text. The
whole process group is killed when the run exceeds its timeout or the caller stops early.
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO

from goide.core.process import kill_group, run

MAX_STDERR_LINES = 5000


@dataclass
class GoTestProcess:
    argv: list[str]
    stdout: IO[bytes]
    stderr_lines: list[str] = field(default_factory=list)
    stderr_dropped: int = 0
    returncode: int | None = None
    timed_out: bool = False
    start_error: str = ""


# `-v` adds `-test.v=true` after go test's own `-test.v=test2json`: the test binary then writes
# plain framing, and test2json takes a test's output that looks like framing for framing and
# holds a subtest's `--- PASS` until the next line. -json is verbose already.
_VERBOSE = frozenset({"-v", "--v", "-v=true", "--v=true", "-test.v", "-test.v=true"})


def go_test_argv(go: str, packages: Sequence[str], go_flags: Sequence[str]) -> list[str]:
    flags = [flag for flag in go_flags if flag not in _VERBOSE]
    return [go, "test", "-json", *flags, *(packages or ["./..."])]


@contextmanager
def run_go_test(
    argv: Sequence[str], *, timeout: float, cwd: str | None = None, env: dict[str, str] | None = None
) -> Iterator[GoTestProcess]:
    """Start `go test -json`; yield the process with its stdout; wait (or kill) on exit."""
    proc = subprocess.Popen(
        list(argv),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
        start_new_session=True,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    result = GoTestProcess(argv=list(argv), stdout=proc.stdout)
    stderr = proc.stderr

    def read_stderr() -> None:
        for raw in stderr:
            if len(result.stderr_lines) < MAX_STDERR_LINES:
                result.stderr_lines.append(raw.decode(errors="replace").rstrip("\r\n"))
            else:
                result.stderr_dropped += 1

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    timer = threading.Timer(timeout, lambda: _expire(proc, result))
    timer.daemon = True
    timer.start()
    finished = False
    try:
        yield result
        finished = True
    finally:
        timer.cancel()
        if not finished:
            # The caller stopped reading before the end (an error, Ctrl-C): do not leave go test running.
            kill_group(proc)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc)
        proc.wait()
        reader.join(timeout=5)
        proc.stdout.close()
        stderr.close()
        result.returncode = proc.returncode


def _expire(proc: subprocess.Popen[bytes], result: GoTestProcess) -> None:
    result.timed_out = True
    kill_group(proc)


def package_dir(package: str, *, timeout: float) -> str:
    """The package's directory from `go list -e` (under a deadline), real path; "" when unknown."""
    listed = run(["go", "list", "-e", "-f", "{{.Dir}}", package], timeout=timeout)
    lines = listed.stdout.strip().splitlines() if listed.ok else []
    return os.path.realpath(lines[0]) if lines and lines[0] else ""
