"""Benchmark: `goide bench compare` against `benchstat` on the same large inputs, side by side.

Inputs are made from real `go test -bench` output: a small Go module's benchmarks are run once
(-count 10, -benchmem, two GOMAXPROCS values), and their result lines are repeated, with the
timings perturbed, until each of the two files (old, new) has the given number of result lines,
in two shapes (issue 18): "many" renames every copy (many benchmarks, about 10 samples each);
"few" reuses 9 copy names (about 77 benchmarks, about 1,300 samples each at 100,000 lines). Both
tools write CSV of the same inputs; the outputs are compared (byte for byte, or equal but for the
exact p-values with ties that goide computes correctly, docs/bench.md), and the wall time, CPU
time and peak memory of each (best of a few runs) are printed with their ratios.

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
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ is first on sys.path, and its inspect.py would shadow the standard library.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench.common import compile_goide  # noqa: E402 - bench/ is off sys.path here, the root is on it
from tests.bench_data import GO_MODULE, mask_p_values  # noqa: E402 - the benchmarks the tests record


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


def make_input(lines: list[str], size: int, shift: float, seed: int, names: int | None = None) -> str:
    """`size` result lines: the real ones, renamed per copy (or with `names` names in turn), ns/op
    perturbed by up to ±10%."""
    rng = random.Random(seed)
    header = [line for line in lines if not line.startswith("Benchmark") and ":" in line]
    results = [line for line in lines if line.startswith("Benchmark") and len(line.split()) > 2]
    out = [*header]
    copy = 0
    while len(out) - len(header) < size:
        for line in results:
            fields = line.split()
            name = copy if names is None else copy % names
            fields[0] = fields[0].replace("Benchmark", f"BenchmarkCopy{name}", 1)
            for i in range(2, len(fields) - 1, 2):
                if fields[i + 1] == "ns/op":
                    fields[i] = f"{float(fields[i]) * shift * rng.uniform(0.9, 1.1):.2f}"
            out.append("\t".join(fields))
            if len(out) - len(header) == size:
                break
        copy += 1
    return "\n".join(out) + "\n"


_MEASURE = """
import resource, subprocess, sys, time
with open(sys.argv[1], "wb") as out:
    start = time.perf_counter()
    subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


def best_time(argv: list[str], repeat: int, out: Path) -> tuple[float, float, int, bytes]:
    """Best wall time, best CPU time (user + system) and the smallest peak RSS (KiB) of the
    command over `repeat` runs (the caller interleaves the two tools' runs). Each run goes through
    a small wrapper that measures its own child, so nothing of the wrapper's start is counted.

    On a shared machine the wall time includes waiting for a core; the CPU time does not.
    """
    best_wall = best_cpu = float("inf")
    best_rss = 1 << 62
    for _ in range(repeat):
        result = subprocess.run(
            [sys.executable, "-c", _MEASURE, str(out), *argv], capture_output=True, check=True, timeout=3600
        )
        wall, cpu, rss = result.stdout.split()
        best_wall = min(best_wall, float(wall))
        best_cpu = min(best_cpu, float(cpu))
        best_rss = min(best_rss, int(rss))
    return best_wall, best_cpu, best_rss, out.read_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--benchstat", default=str(ROOT / ".tools" / "bin" / "benchstat"))
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--shapes", default="many,few")
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
        f"{'shape':>5} {'lines/file':>10} {'benchstat wall':>15} {'goide wall':>11} {'ratio':>6}"
        f" {'benchstat cpu':>14} {'goide cpu':>10} {'ratio':>6} {'benchstat rss':>14} {'goide rss':>10}"
        f" {'ratio':>6}  output"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        lines = record_real_output(work)
        for shape in args.shapes.split(","):
            names = None if shape == "many" else 9
            for size in (int(s) for s in args.sizes.split(",")):
                old, new = work / f"old-{shape}-{size}.txt", work / f"new-{shape}-{size}.txt"
                old.write_text(make_input(lines, size, 1.0, 1, names))
                new.write_text(make_input(lines, size, 1.03, 2, names))
                theirs_argv = [benchstat, "-format", "csv", str(old), str(new)]
                their_wall, their_cpu, their_rss, theirs = best_time(theirs_argv, 1, work / "theirs.csv")
                our_wall, our_cpu, our_rss, ours = best_time(
                    [*goide, str(old), str(new)], 1, work / "ours.csv"
                )
                for _ in range(args.repeat - 1):  # interleaved, so that a busy moment hits both
                    wall, cpu, rss, _out = best_time(theirs_argv, 1, work / "theirs.csv")
                    their_wall, their_cpu, their_rss = (
                        min(their_wall, wall),
                        min(their_cpu, cpu),
                        min(their_rss, rss),
                    )
                    wall, cpu, rss, _out = best_time([*goide, str(old), str(new)], 1, work / "ours.csv")
                    our_wall, our_cpu, our_rss = min(our_wall, wall), min(our_cpu, cpu), min(our_rss, rss)
                if ours == theirs:
                    same = "identical"
                elif mask_p_values(ours) == mask_p_values(theirs):
                    same = "identical but tie p-values"
                else:
                    same = "DIFFERENT"
                print(
                    f"{shape:>5} {size:>10,} {their_wall:>14.3f}s {our_wall:>10.3f}s"
                    f" {our_wall / their_wall:>5.2f}x {their_cpu:>13.3f}s {our_cpu:>9.3f}s"
                    f" {our_cpu / their_cpu:>5.2f}x {their_rss / 1024:>11.1f}MiB {our_rss / 1024:>7.1f}MiB"
                    f" {our_rss / their_rss:>5.2f}x  {same}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
