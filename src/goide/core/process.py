"""Runs a command with a timeout and never raises for the ordinary ways a command fails.

A missing executable, a hang, a crash or garbage on stdout all come back as a
`ProcessResult` that the caller turns into a finding.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ProcessResult:
    argv: tuple[str, ...]
    returncode: int | None  # None when the command did not finish or could not start
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False
    start_error: str | None = None  # why it could not start (not found, permission denied)

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run(
    argv: Sequence[str],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
    stdin: str | None = None,
    on_start: Callable[[subprocess.Popen[bytes]], None] | None = None,
) -> ProcessResult:
    """Run `argv`; on timeout kill its whole process group. Output is decoded leniently.

    `on_start` is told the process as soon as it runs, so a caller running many at once can
    kill them all (kill_group) when the user interrupts.
    """
    started = time.monotonic()
    args = tuple(argv)
    try:
        proc = subprocess.Popen(
            args,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            start_new_session=True,
        )
    except OSError as err:
        return ProcessResult(
            args, None, "", "", time.monotonic() - started, start_error=err.strerror or str(err)
        )
    if on_start is not None:
        on_start(proc)
    try:
        out, err_out = proc.communicate(stdin.encode() if stdin is not None else None, timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        out, err_out = proc.communicate()
        return ProcessResult(
            args, None, _decode(out), _decode(err_out), time.monotonic() - started, timed_out=True
        )
    except BaseException:
        # Ctrl-C, or a signal handler's exception (goide test's TERM/HUP): the child goes too.
        kill_group(proc)
        proc.wait()
        raise
    return ProcessResult(args, proc.returncode, _decode(out), _decode(err_out), time.monotonic() - started)


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill `proc` and everything it started (it leads its own process group). Windows has no
    process groups to kill (no os.killpg): there only `proc` itself is killed."""
    killpg = getattr(os, "killpg", None)
    if killpg is None:
        proc.kill()
        return
    try:
        killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def _decode(data: bytes | None) -> str:
    return (data or b"").decode("utf-8", errors="replace")
