"""Benchmark: `goide test --input` vs gotestsum vs `cat` on one large real `go test -json` stream.

The stream is built under a temporary directory by repeating the real streams recorded from the
test module (tests/testrun/gomodule.py: passing, failing, panicking, timing-out, build-failing
packages, benchmarks, a cached run) until it reaches --size-mb. Each tool reads the same file:

    goide test --input FILE            (summary to /dev/null)
    gotestsum --raw-command -- cat FILE (its default output to /dev/null)
    cat FILE > /dev/null               (the floor: reading the bytes)

Each command runs --runs times; the table shows the best wall-clock and CPU-time (user+sys)
throughput and the peak RSS. goide also reads a stream one fifth the size, to show how its memory
behaves as the stream grows. Two streams are measured: the mixed one, and an all-passing one
(the cached run repeated), where memory must stay flat. Last, the fixed cost that dominates small
streams: the CPU time of each tool on one recorded run, next to `python -c pass`.

goide's modules are byte-compiled first, as an installed copy is (pip compiles them on install):
where PYTHONDONTWRITEBYTECODE is set, every run would otherwise compile them again (about 0.05 s
of CPU a run). `--no-compile` measures without that step.

Usage: GOIDE_TOOLS_BIN=/work/main/.tools/bin .venv/bin/python bench/testjson.py [--size-mb 500]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import compile_goide

ROOT = Path(__file__).resolve().parent.parent
TIME = "/usr/bin/time"  # GNU time (Debian package `time`)
sys.path.insert(0, str(ROOT))


def recorded_streams() -> tuple[list[bytes], list[bytes]]:
    """The mixed streams (failures, crashes, build errors) and the all-passing one."""
    from tests.testrun.gomodule import record

    recordings = record()
    mixed = [recordings[name].stream.read_bytes() for name in ("all", "cached", "hang", "bench")]
    return mixed, [recordings["cached"].stream.read_bytes()]


def build_stream(path: Path, parts: list[bytes], size: int) -> int:
    blob = b"".join(parts)
    written = 0
    with open(path, "wb") as out:
        while written < size:
            out.write(blob)
            written += len(blob)
    return written


def measure(argv: list[str], scratch: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user+sys, with waited-for children) and peak RSS in KiB.

    The peak RSS is GNU time's, around the command: rusage taken in this Python process would count
    the RSS of the fork before exec; the CPU time is GNU time's rusage as wait4 returns it. On a
    shared machine the wall time also holds the time other processes had the CPU, so the CPU time
    is the steadier figure; both are printed.
    """
    report = scratch / "time.txt"
    with open(os.devnull, "wb") as devnull:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [TIME, "-f", "%e %U %S %M", "-o", str(report), *argv],
            stdout=devnull,
            stderr=subprocess.DEVNULL,
        )
        # The CPU time from wait4: GNU time's %U and %S have 10 ms steps, too coarse for a 20 MB
        # stream (0.1-0.2 s). It counts GNU time itself too (about 1 ms) and, like %U %S, the
        # command's waited-for children (gotestsum's `cat`).
        _, _, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    rss = report.read_text().split()[-1]
    return wall, usage.ru_utime + usage.ru_stime, int(rss)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-compile", action="store_true", help="do not byte-compile goide first")
    args = parser.parse_args()
    if not args.no_compile:
        compile_goide()

    tools_bin = Path(os.environ.get("GOIDE_TOOLS_BIN", ROOT / ".tools" / "bin"))
    gotestsum = tools_bin / "gotestsum"
    if not gotestsum.is_file():
        sys.exit(f"error: gotestsum not found in {tools_bin}; set GOIDE_TOOLS_BIN")
    cat = shutil.which("cat") or "/bin/cat"

    mixed, passing = recorded_streams()
    size = args.size_mb * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="goide-bench-") as tmp:
        streams = (("mixed: failures, panics, timeouts, build errors", mixed), ("all passing", passing))
        for label, parts in streams:
            big, small = Path(tmp) / "big.json", Path(tmp) / "small.json"
            big_size = build_stream(big, parts, size)
            small_size = build_stream(small, parts, size // 5)
            print(f"\nstream ({label}): {big_size / 1e6:.0f} MB of {len(parts)} real streams repeated")
            goide = [sys.executable, "-m", "goide", "test", "--input"]
            commands = {
                "cat (floor)": ([cat, str(big)], big_size),
                "gotestsum": ([str(gotestsum), "--raw-command", "--", cat, str(big)], big_size),
                "goide": ([*goide, str(big)], big_size),
                "goide (1/5 stream)": ([*goide, str(small)], small_size),
            }
            rows = {}
            for name, (argv, nbytes) in commands.items():
                runs = [measure(argv, Path(tmp)) for _ in range(args.runs)]
                wall = min(r[0] for r in runs)
                cpu = min(r[1] for r in runs)
                rss = max(r[2] for r in runs)
                rows[name] = (nbytes / 1e6 / max(wall, 1e-9), nbytes / 1e6 / max(cpu, 1e-9), wall, cpu, rss)
            header = ("tool", "MB/s wall", "MB/s CPU", "wall s", "CPU s", "peak RSS")
            print("{:<20} {:>10} {:>10} {:>8} {:>8} {:>10}".format(*header))
            for name, (mbs_wall, mbs_cpu, wall, cpu, rss) in rows.items():
                cells = f"{mbs_wall:>10.1f} {mbs_cpu:>10.1f} {wall:>8.3f} {cpu:>8.3f}"
                print(f"{name:<20} {cells} {rss / 1024:>7.1f} MB")
            print(
                f"goide / gotestsum: {rows['goide'][0] / rows['gotestsum'][0]:.2f}x wall throughput, "
                f"{rows['goide'][1] / rows['gotestsum'][1]:.2f}x CPU throughput; goide peak RSS "
                f"{rows['goide (1/5 stream)'][4] / 1024:.1f} MB at {small_size / 1e6:.0f} MB, "
                f"{rows['goide'][4] / 1024:.1f} MB at {big_size / 1e6:.0f} MB"
            )
        # The fixed cost that dominates small streams: one recorded run (the cached one), once.
        one = Path(tmp) / "one.json"
        one.write_bytes(passing[0])
        fixed = {
            name: min(measure(argv, Path(tmp))[1] for _ in range(max(args.runs, 5)))
            for name, argv in (
                ("goide", [sys.executable, "-m", "goide", "test", "--input", str(one)]),
                ("gotestsum", [str(gotestsum), "--raw-command", "--", cat, str(one)]),
                ("python -c pass", [sys.executable, "-c", "pass"]),
            )
        }
        print(
            f"\nstart-up, one recorded run ({len(passing[0]) / 1e3:.0f} kB), CPU: "
            + ", ".join(f"{name} {cpu * 1000:.1f} ms" for name, cpu in fixed.items())
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
