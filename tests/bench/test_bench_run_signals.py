"""`goide bench run` stopped by SIGTERM (a cancelled CI job) or SIGHUP (a closed terminal) stops its
`go test` and the benchmark binary, and exits 128 + the signal's number, as `goide test` does.

A real benchmark that sleeps runs under the real `go test`; the signal goes to the real goide.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import write_module

SLOW = """package slow

import (
\t"testing"
\t"time"
)

func BenchmarkSlow(b *testing.B) {
\tfor i := 0; i < b.N; i++ {
\t\ttime.Sleep(time.Second)
\t}
}
"""


RUNNING = "-test.bench=Slow"
ARGS = ["bench", "run", "--bench", "Slow", "--count", "1", "--benchtime", "100x", "./..."]


def _processes_mentioning(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in cmdline and state != "Z":  # a zombie is already gone
            found.append(int(entry.name))
    return found


@pytest.mark.integration
@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_signal_stops_go_test_and_exits_128_plus_signal(
    tmp_path: Path, signum: signal.Signals, status: int
) -> None:
    module = tmp_path / f"slowbench{signum.value}"
    write_module(module, {"go.mod": "module example.com/slow\n\ngo 1.21\n", "slow_test.go": SLOW})
    env = {k: v for k, v in os.environ.items() if k != "GOIDE_DEBUG"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "goide", *ARGS],
        cwd=module,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        # wait until the benchmark binary runs (not only its link step: -test.bench is its flag)
        while time.monotonic() < deadline and not _processes_mentioning(RUNNING):
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""
            time.sleep(0.2)
        assert _processes_mentioning(RUNNING), "the benchmark never started"
        proc.send_signal(signum)
        _out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == status, err.decode(errors="replace")
    assert b"Traceback" not in err
    time.sleep(0.5)
    assert _processes_mentioning(RUNNING) == []
