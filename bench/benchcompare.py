"""Benchmark: `goide bench compare` against `benchstat` on the same large inputs, side by side.

Inputs are made from real `go test -bench` output: a small Go module's benchmarks are run once
(-count 10, -benchmem, two GOMAXPROCS values), and their result lines are repeated under new
benchmark names, with the timings perturbed, until each of the two files (old, new) has 10,000
and then 100,000 result lines. Both tools write CSV of the same inputs; the outputs are checked
to be identical and the wall times of each (best of a few runs) are printed with their ratio.

goide's modules are byte-compiled first, as an installed copy is (pip compiles them on
install): where PYTHONDONTWRITEBYTECODE is set, every run would otherwise compile them again.
`--no-compile` measures without that step. The goide measured is the one `python -m goide`
imports (set PYTHONPATH to measure another source tree).

    .venv/bin/python bench/benchcompare.py [--benchstat PATH] [--sizes 10000,100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ is first on sys.path, and its inspect.py would shadow the standard library.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from tests.bench_data import GO_MODULE  # noqa: E402 - the same real benchmarks the tests record


def record_real_output(workdir: Path) -> list[str]:
    module = workdir / "module"
    module.mkdir()
    for name, text in GO_MODULE.items():
        (module / name).write_text(text)
    out = subprocess.run(
        [
            "go",
            "test",
            "-run",
            "^$",
            "-bench",
            ".",
            "-benchtime",
            "100x",
            "-count",
            "10",
            "-cpu",
            "1,2",
            "-benchmem",
            ".",
        ],
        cwd=module,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        env={**os.environ, "GOFLAGS": "-mod=mod"},
    ).stdout
    return out.splitlines()


def make_input(lines: list[str], size: int, shift: float, seed: int) -> str:
    """`size` result lines: the real ones, renamed per copy, ns/op perturbed by up to ±10%."""
    rng = random.Random(seed)
    header = [line for line in lines if not line.startswith("Benchmark") and ":" in line]
    results = [line for line in lines if line.startswith("Benchmark") and len(line.split()) > 2]
    out = [*header]
    copy = 0
    while len(out) - len(header) < size:
        for line in results:
            fields = line.split()
            fields[0] = fields[0].replace("Benchmark", f"BenchmarkCopy{copy}", 1)
            for i in range(2, len(fields) - 1, 2):
                if fields[i + 1] == "ns/op":
                    fields[i] = f"{float(fields[i]) * shift * rng.uniform(0.9, 1.1):.2f}"
            out.append("\t".join(fields))
            if len(out) - len(header) == size:
                break
        copy += 1
    return "\n".join(out) + "\n"


def compile_goide() -> None:
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import compileall, os, goide; compileall.compile_dir(os.path.dirname(goide.__file__), quiet=1)",
        ],
        check=True,
        timeout=600,
    )


def best_time(argv: list[str], repeat: int) -> tuple[float, float, bytes]:
    """Best wall time and best CPU time (user + system of the child) over `repeat` runs.

    On a shared machine the wall time includes waiting for a core; the CPU time does not.
    """
    best_wall = best_cpu = float("inf")
    output = b""
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(argv, capture_output=True, check=True, timeout=3600)
        best_wall = min(best_wall, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best_cpu = min(best_cpu, cpu)
        output = result.stdout
    return best_wall, best_cpu, output


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--benchstat", default=str(ROOT / ".tools" / "bin" / "benchstat"))
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-compile", action="store_true", help="do not byte-compile goide first")
    args = parser.parse_args()
    if not args.no_compile:
        compile_goide()
    benchstat = args.benchstat if Path(args.benchstat).exists() else shutil.which("benchstat")
    if not benchstat:
        sys.exit("benchstat not found: run scripts/tools.sh or pass --benchstat")
    goide = [sys.executable, "-m", "goide", "bench", "compare", "--format", "csv"]
    print(
        f"{'result lines per file':>22} {'benchstat wall':>15} {'goide wall':>11} {'ratio':>7}"
        f" {'benchstat cpu':>14} {'goide cpu':>10} {'ratio':>7}  output"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        lines = record_real_output(work)
        for size in (int(s) for s in args.sizes.split(",")):
            old, new = work / f"old-{size}.txt", work / f"new-{size}.txt"
            old.write_text(make_input(lines, size, 1.0, 1))
            new.write_text(make_input(lines, size, 1.03, 2))
            their_wall, their_cpu, theirs = best_time(
                [benchstat, "-format", "csv", str(old), str(new)], args.repeat
            )
            our_wall, our_cpu, ours = best_time([*goide, str(old), str(new)], args.repeat)
            same = "identical" if ours == theirs else "DIFFERENT"
            print(
                f"{size:>22,} {their_wall:>14.3f}s {our_wall:>10.3f}s {our_wall / their_wall:>6.2f}x"
                f" {their_cpu:>13.3f}s {our_cpu:>9.3f}s {our_cpu / their_cpu:>6.2f}x  {same}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
