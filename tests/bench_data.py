"""Real `go test -bench` outputs for the benchmark tests, recorded once per test session.

A small Go module with benchmarks of every shape benchstat meets (plain, `b.ReportAllocs` with
`-benchmem`, `b.SetBytes` for MB/s, `b.ReportMetric` custom units, `b.Run` sub-benchmarks named
`size=N`, GOMAXPROCS suffixes from `-cpu 1,2`) is compiled once with `go test -c`, and its test
binary is run with -count 10 (twice), 5, 3 and 1, each for a tiny fixed `-benchtime=100x`. One
run goes through `go test -json` for the event-stream reader. The files are shared by every
xdist worker of the session (keyed by the run's uid, guarded by a lock).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import tool, write_module

GO_MODULE = {
    "go.mod": "module example.com/benchdata\n\ngo 1.22\n",
    "bench_test.go": """package benchdata

import (
	"fmt"
	"sort"
	"testing"
)

var sink int

func BenchmarkSum(b *testing.B) {
	for i := 0; i < b.N; i++ {
		s := 0
		for j := 0; j < 200; j++ {
			s += j ^ i
		}
		sink = s
	}
}

func BenchmarkAlloc(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(256)
	for i := 0; i < b.N; i++ {
		buf := make([]byte, 256+i%5)
		sink += len(buf)
	}
}

func BenchmarkSort(b *testing.B) {
	for _, n := range []int{16, 128} {
		b.Run(fmt.Sprintf("size=%d", n), func(b *testing.B) {
			xs := make([]int, n)
			for i := 0; i < b.N; i++ {
				for j := range xs {
					xs[j] = (j * 7919) % n
				}
				sort.Ints(xs)
			}
			b.ReportMetric(float64(n)*1.25, "items/op")
			b.ReportMetric(float64(b.N%3), "odd/op")
		})
	}
}
""",
}

# (file name, -count); two runs of 10 give a full comparison, 5, 3 and 1 hit the small-sample paths.
RUNS = (("count10a.txt", 10), ("count10b.txt", 10), ("count5.txt", 5), ("count3.txt", 3), ("count1.txt", 1))


@dataclass(frozen=True)
class BenchData:
    directory: Path

    def path(self, name: str) -> str:
        return str(self.directory / name)

    @property
    def json_stream(self) -> Path:
        return self.directory / "count3.json"

    @property
    def json_as_text(self) -> Path:
        """The text go test printed in the JSON run: its Output fields, concatenated (test2json's input)."""
        return self.directory / "count3-from-json.txt"


def record(base: Path, testrun_uid: str) -> BenchData:
    """Record (once per run, whichever worker comes first) under `base`, shared by the workers."""
    directory = base / f"goide-bench-{testrun_uid}"
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (directory / "done").exists():
            _record(directory)
            (directory / "done").write_text("ok")
    return BenchData(directory)


def _record(directory: Path) -> None:
    module = write_module(directory / "module", GO_MODULE)
    go = str(tool("go"))
    env = {**os.environ, "GOFLAGS": "-mod=mod", "CGO_ENABLED": "0"}
    binary = directory / "benchdata.test"
    subprocess.run([go, "test", "-c", "-o", str(binary), "."], cwd=module, env=env, check=True, timeout=600)
    for name, count in RUNS:
        out = subprocess.run(
            [
                str(binary),
                "-test.run",
                "^$",
                "-test.bench",
                ".",
                "-test.benchtime",
                "100x",
                "-test.count",
                str(count),
                "-test.cpu",
                "1,2",
                "-test.benchmem",
            ],
            cwd=module,
            capture_output=True,
            check=True,
            timeout=300,
        ).stdout
        (directory / name).write_bytes(out)
    stream = subprocess.run(
        [
            go,
            "test",
            "-json",
            "-run",
            "^$",
            "-bench",
            ".",
            "-benchtime",
            "100x",
            "-count",
            "3",
            "-cpu",
            "1,2",
            "-benchmem",
            ".",
        ],
        cwd=module,
        env=env,
        capture_output=True,
        check=True,
        timeout=600,
    ).stdout
    (directory / "count3.json").write_bytes(stream)
    text = "".join(
        event.get("Output", "")
        for event in map(json.loads, stream.decode().splitlines())
        if event.get("Action") == "output"
    )
    (directory / "count3-from-json.txt").write_text(text)


_P_VALUE = re.compile(rb"p=[0-9]\.[0-9]{3} ?")
_COMPARISON = re.compile(rb"n=[0-9]+(?:\+[0-9]+)?")
_DELTA = re.compile(rb"(?<![^ ,])(~|\?|[+-]?[0-9]+\.[0-9]{2}%)(?=[ ,]|$)")


def mask_p_values(output: bytes) -> bytes:
    """benchstat's output with what the exact p-value with ties changes hidden: goide's p is the
    correct one where benchstat's differs (docs/bench.md). benchstat omits a p of 0 altogether,
    and a p on the other side of alpha changes that cell's delta and so the column widths: every
    line is compared without padding, its p-values removed and, on lines with a comparison, its
    deltas masked. Compare the outputs unmasked first; mask only where they differ."""
    lines = []
    for line in output.split(b"\n"):
        masked = b" ".join(line.replace("│".encode(), b" ").split())
        masked = _P_VALUE.sub(b"", masked)
        if _COMPARISON.search(masked):
            masked = _DELTA.sub(b"D", masked)
        lines.append(masked)
    return b"\n".join(lines)
