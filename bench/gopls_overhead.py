"""Benchmark: the cost of `goide gopls bench`'s measurement itself, on a real module.

The module is golang.org/x/mod at a pinned version, fetched through the Go module proxy with
`go mod download -json` and copied to a temporary directory. Two figures:

1. Driver overhead per request against gopls's own clock: rounds run with `-rpc.trace`, and each
   request's latency as the driver measured it is set beside the latency gopls logged for the same
   id (whole milliseconds, truncated). The peer here is gopls itself; the ratio is the summed
   driver latency over the summed gopls latency. Also the driver's floor (an unknown method).
2. Wall time of `goide gopls bench --count 5` (plus its one warm-up round) on the module, beside
   the peer `gopls stats` (one workspace load and memstats), as a ratio.

    .venv/bin/python bench/gopls_overhead.py [--rounds 3] [--count 5] [--version v0.22.0]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from goide.gopls.ab import variants
from goide.gopls.bench import plan_for
from goide.gopls.crosscheck import CrossCheck, cross_check, logged_latencies
from goide.gopls.session import run_round

MODULE = "golang.org/x/mod"


def gopls_path() -> str:
    tools = os.environ.get("GOIDE_TOOLS_BIN")
    default = Path(__file__).resolve().parent.parent / ".tools" / "bin"
    candidate = (Path(tools) if tools else default) / "gopls"
    if candidate.is_file():
        return str(candidate)
    found = shutil.which("gopls")
    if not found:
        sys.exit("gopls not found: run scripts/tools.sh or set GOIDE_TOOLS_BIN")
    return found


def fetch(version: str, into: Path) -> Path:
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}
    done = subprocess.run(
        ["go", "mod", "download", "-json", f"{MODULE}@{version}"],
        capture_output=True,
        env=env,
        cwd=into,
        check=True,
        timeout=600,
    )
    target = into / "mod"
    shutil.copytree(json.loads(done.stdout)["Dir"], target)
    for directory, _dirs, files in os.walk(target):
        os.chmod(directory, 0o755)
        for name in files:
            os.chmod(os.path.join(directory, name), 0o644)
    return target


def overhead(root: Path, gopls: str, rounds: int) -> None:
    plan = plan_for(root, seed=1, positions=3)
    (variant,) = variants([gopls], [], [], gopls)
    check = CrossCheck()
    floors: list[float] = []
    with tempfile.TemporaryDirectory() as logs:
        for number in range(rounds):
            log = Path(logs) / f"round{number}.log"
            result = run_round(variant, root, plan, timeout=300, progress=lambda _s: None, trace_log=log)
            cross_check(result.samples, logged_latencies(log), check)
            floors += [s.value / 1e6 for s in result.samples if s.kind == "UnknownMethod"]
    over = sorted(check.overheads())
    measured = sum(m for _k, m, _l in check.pairs)
    logged = sum(g for _k, _m, g in check.pairs)
    p95 = over[min(len(over) - 1, int(0.95 * len(over)))]
    print(f"requests paired with gopls's -rpc.trace: {len(over)} over {rounds} rounds")
    print(
        f"driver overhead per request (measured - gopls logged): median {statistics.median(over):.3f} ms, "
        f"p95 {p95:.3f} ms, max {over[-1]:.3f} ms"
    )
    print(f"summed latency: driver {measured:.1f} ms, gopls {logged:.1f} ms, ratio {measured / logged:.3f}")
    print(f"driver floor (unknown method, answered at once): median {statistics.median(floors):.3f} ms")


def wall_time(root: Path, gopls: str, count: int) -> None:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "goide", "gopls", "bench", str(root), "--gopls", gopls, "--count", str(count)],
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=3600,
    )
    ours = time.monotonic() - started
    started = time.monotonic()
    subprocess.run([gopls, "stats"], cwd=root, check=True, capture_output=True, timeout=600)
    peer = time.monotonic() - started
    print(f"goide gopls bench --count {count} (+1 warm-up round): {ours:.1f} s wall")
    print(f"gopls stats (one load + memstats): {peer:.1f} s wall; ratio {ours / peer:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds for the trace cross-check")
    parser.add_argument("--count", type=int, default=5, help="--count of the wall-time run")
    parser.add_argument("--version", default="v0.22.0", help=f"{MODULE} version")
    args = parser.parse_args()
    gopls = gopls_path()
    with tempfile.TemporaryDirectory(prefix="goide-bench-gopls-") as tmp:
        root = fetch(args.version, Path(tmp))
        files = sum(1 for _ in root.rglob("*.go"))
        print(f"{MODULE}@{args.version}: {files} Go files; gopls {gopls}")
        overhead(root, gopls, args.rounds)
        wall_time(root, gopls, args.count)


if __name__ == "__main__":
    main()
