"""Benchmark: `goide lint check` on a module with a v2 config against its peer, the real
`golangci-lint config verify` on the same module (one of the commands lint check runs).

goide reads the config, go.mod, VS Code settings and the binary's build info, runs
`golangci-lint run --help` and `config verify`, and judges; the ratio says what all that costs
beyond the one golangci-lint command a user would otherwise run. Median of --runs, whole commands
as a user runs them (Python start-up included).
Usage: .venv/bin/python bench/lint.py [--runs 9] [--tools-bin DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = 'version: "2"\nlinters:\n  default: standard\nformatters:\n  enable: [gofumpt]\n'


def _median_seconds(argv: list[str], env: dict[str, str], cwd: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, env=env, cwd=cwd, capture_output=True, check=False, timeout=300)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--tools-bin", type=Path, default=Path(os.environ.get("GOIDE_TOOLS_BIN", ROOT / ".tools/bin"))
    )
    args = parser.parse_args()
    binary = args.tools_bin / "golangci-lint"
    if not binary.is_file():
        sys.exit(f"bench: {binary} is missing; run scripts/tools.sh")
    go = shutil.which("go")
    if not go:
        sys.exit("bench: go is not on PATH")
    with tempfile.TemporaryDirectory(prefix="goide-bench-lint-") as tmp:
        scratch = Path(tmp)
        module = scratch / "m"
        module.mkdir()
        (module / "go.mod").write_text("module example.com/m\n\ngo 1.25\n")
        (module / "main.go").write_text("package main\n\nfunc main() {}\n")
        (module / ".golangci.yml").write_text(CONFIG)
        (scratch / "home").mkdir()
        env = {
            "PATH": os.pathsep.join([str(binary.parent), str(Path(go).parent), "/usr/bin", "/bin"]),
            "HOME": str(scratch / "home"),
            "GOPATH": str(scratch / "gopath"),
        }
        peer = _median_seconds([str(binary), "config", "verify"], env, module, args.runs)
        ours = _median_seconds(
            [sys.executable, "-m", "goide", "lint", "check", "--json"], env, module, args.runs
        )
    print(f"golangci-lint config verify: {peer * 1000:.0f} ms (median of {args.runs})")
    print(f"goide lint check:            {ours * 1000:.0f} ms (median of {args.runs})")
    print(f"ratio goide/peer: {ours / peer:.2f}")


if __name__ == "__main__":
    main()
