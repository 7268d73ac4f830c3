"""Benchmark: `goide inspect -r DIR` against `go version -m DIR` on the same directory of Go binaries.

Builds real Go programs (commands of the local Go toolchain: gofmt, nm, addr2line, buildid)
for several platforms, copies them under different names until the directory holds at least
--files executables (so most files are copies of a few dozen real builds; the point is the
per-file cost), then times both tools side by side, alternating, and prints medians and ratios.
Also prints the cold start of `goide --version` and `goide inspect ONE_FILE` in milliseconds.

Writes only into a temporary directory (or --dir). Run: `.venv/bin/python bench/inspect_dirs.py`.
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

PROGRAMS = ["cmd/gofmt", "cmd/nm", "cmd/addr2line", "cmd/buildid"]
PLATFORMS = [
    ("linux", "amd64"),
    ("linux", "arm64"),
    ("linux", "386"),
    ("linux", "ppc64le"),
    ("linux", "s390x"),
    ("darwin", "amd64"),
    ("darwin", "arm64"),
    ("windows", "amd64"),
    ("windows", "arm64"),
    ("freebsd", "amd64"),
]


def goide_command() -> list[str]:
    script = Path(sys.executable).with_name("goide")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "goide"]


def build(directory: Path, files: int) -> int:
    real = directory / "real"
    real.mkdir(parents=True, exist_ok=True)
    built = []
    for goos, goarch in PLATFORMS:
        for program in PROGRAMS:
            name = program.rsplit("/", 1)[1]
            out = real / f"{name}-{goos}-{goarch}{'.exe' if goos == 'windows' else ''}"
            if not out.is_file():
                env = {**os.environ, "GOOS": goos, "GOARCH": goarch, "CGO_ENABLED": "0"}
                subprocess.run(["go", "build", "-o", str(out), program], env=env, check=True, timeout=1800)
            built.append(out)
    copies = directory / "copies"
    copies.mkdir(exist_ok=True)
    count = len(built)
    index = 0
    while count < files:
        source = built[index % len(built)]
        target = copies / f"{index // len(built)}-{source.name}"
        if not target.exists():
            shutil.copy(source, target)
        count += 1
        index += 1
    return count


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=600)
    return time.perf_counter() - start


def median_times(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():
        timed(argv)  # warm the page cache and the Go build cache's view of the files
    for _ in range(runs):
        for name, argv in commands.items():
            samples[name].append(timed(argv))
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, help="keep the binaries here (default: a temporary directory)")
    parser.add_argument("--files", type=int, default=240)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="goide-bench-") as tmp:
        directory = args.dir or Path(tmp)
        count = build(directory, args.files)
        goide = goide_command()
        print(
            f"{count} Go executables ({len(PROGRAMS)} programs x {len(PLATFORMS)} platforms"
            f" + copies) in {directory}"
        )
        pairs = [
            ("goide inspect -r DIR --json", [*goide, "inspect", "-r", str(directory), "--json"]),
            ("go version -m DIR", ["go", "version", "-m", str(directory)]),
            ("goide inspect -r DIR", [*goide, "inspect", "-r", str(directory)]),
            ("go version DIR", ["go", "version", str(directory)]),
            ("go version -m -json DIR", ["go", "version", "-m", "-json", str(directory)]),
        ]
        times = median_times(dict(pairs), args.runs)
        for name, value in times.items():
            print(f"  {name:32s} {value * 1000:8.1f} ms (median of {args.runs})")
        print(f"  ratio goide --json / go version -m:      {times[pairs[0][0]] / times[pairs[1][0]]:.2f}")
        print(f"  ratio goide (text) / go version:          {times[pairs[2][0]] / times[pairs[3][0]]:.2f}")
        print(f"  ratio goide --json / go version -m -json: {times[pairs[0][0]] / times[pairs[4][0]]:.2f}")
        one = next((directory / "real").iterdir())
        start = median_times(
            {
                "goide --version": [*goide, "--version"],
                "goide inspect ONE_FILE": [*goide, "inspect", str(one)],
                "go version -m ONE_FILE": ["go", "version", "-m", str(one)],
            },
            max(args.runs * 3, 20),
        )
        print("cold start")
        for name, value in start.items():
            print(f"  {name:32s} {value * 1000:8.1f} ms (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
