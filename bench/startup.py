"""Benchmark: start-up of `goide --version` and `goide inspect ONE_FILE` against `python -c pass`.

The peer is the interpreter itself: what a command costs beyond Python's own start-up is what
goide imports and does. Each command runs --runs times, interleaved (pass, version, inspect,
pass, ...) so machine drift hits all three alike; the figures are the median wall time and the
median CPU time (user + system of the child), and each command's ratio to `python -c pass`.
The first two goide rows run `python -m goide`; the "(script)" rows run the `goide` script pip
installed. Usage: .venv/bin/python bench/startup.py [--runs 30] [--file PATH]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# As installed by pip, goide's modules are byte-compiled; a PYTHONDONTWRITEBYTECODE in the
# caller's environment would make every run compile every module from source.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _once(argv: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--file", type=Path, default=None, help="the executable to inspect (default: gopls)")
    args = parser.parse_args()
    target = args.file or Path(os.environ.get("GOIDE_TOOLS_BIN", ROOT / ".tools" / "bin")) / "gopls"
    if not target.is_file():
        sys.exit(f"bench: {target} does not exist (run scripts/test first, or pass --file)")
    python = sys.executable
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "goide --version": [python, "-m", "goide", "--version"],
        "goide inspect ONE_FILE": [python, "-m", "goide", "inspect", str(target)],
    }
    # The `goide` script pip installs next to the interpreter (it imports re before goide, where
    # `python -m` imports runpy): what a user who types `goide` runs.
    script = Path(python).parent / "goide"
    if script.is_file():
        commands["goide --version (script)"] = [str(script), "--version"]
        commands["goide inspect ONE_FILE (script)"] = [str(script), "inspect", str(target)]
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm the page cache and .pyc files
        _once(argv)
    for _ in range(args.runs):
        for name, argv in commands.items():
            wall, cpu = _once(argv)
            walls[name].append(wall)
            cpus[name].append(cpu)
    base_wall = statistics.median(walls["python -c pass"])
    base_cpu = statistics.median(cpus["python -c pass"])
    print(f"start-up, median of {args.runs} interleaved runs (inspect target: {target.name})")
    print(f"{'command':<33} {'wall ms':>8} {'cpu ms':>8} {'wall ratio':>11} {'cpu ratio':>10}")
    for name in commands:
        wall = statistics.median(walls[name])
        cpu = statistics.median(cpus[name])
        ratios = f"{wall / base_wall:10.2f}x {cpu / base_cpu:9.2f}x"
        print(f"{name:<33} {wall * 1000:8.1f} {cpu * 1000:8.1f} {ratios}")


if __name__ == "__main__":
    main()
