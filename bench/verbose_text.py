"""Benchmark: `goide test --input` of `go test -v` text vs go-junit-report v2.1.0 vs `cat`.

The text is built under a temporary directory by repeating the real `go test -v` output recorded
by the tests (tests/testrun/verbose_module.py: passing, failing, panicking, timing-out and
build-failing packages) until it reaches --size-mb. Each tool reads the same file:

    goide test --input FILE --junit /dev/null     (summary to /dev/null)
    go-junit-report -in FILE -out /dev/null
    cat FILE > /dev/null                          (the floor)

Both write JUnit, so both do the whole job. Best of --runs; wall and CPU throughput, peak RSS.

Usage: GOIDE_TOOLS_BIN=/work/main/.tools/bin .venv/bin/python bench/verbose_text.py [--size-mb 200]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.testjson import build_stream, measure  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tools_bin = Path(os.environ.get("GOIDE_TOOLS_BIN", ROOT / ".tools" / "bin"))
    junit_report = tools_bin / "go-junit-report"
    if not junit_report.is_file():
        sys.exit(f"error: go-junit-report not found in {tools_bin}; run scripts/tools.sh")
    from tests.testrun.verbose_module import record_verbose

    parts = [r.text.read_bytes() for r in record_verbose().values()]
    # The recordings hold two 200 KB lines; most real logs are short lines, so measure both.
    short = [b"\n".join(line for line in p.split(b"\n") if len(line) < 1000) for p in parts]
    with tempfile.TemporaryDirectory(prefix="goide-bench-") as tmp:
        for label, chosen in (("as recorded", parts), ("lines over 1 KB removed", short)):
            _compare(label, chosen, args, junit_report, Path(tmp))
    return 0


def _compare(label: str, parts: list[bytes], args: argparse.Namespace, junit_report: Path, tmp: Path) -> None:
    cat = shutil.which("cat") or "/bin/cat"
    text = tmp / "test.txt"
    size = build_stream(text, parts, args.size_mb * 1024 * 1024)
    print(f"\ngo test -v text ({label}): {size / 1e6:.0f} MB of {len(parts)} real outputs repeated")
    commands = {
        "cat (floor)": [cat, str(text)],
        "go-junit-report": [str(junit_report), "-in", str(text), "-out", os.devnull],
        "goide": [sys.executable, "-m", "goide", "test", "--input", str(text), "--junit", os.devnull],
    }
    rows = {}
    for name, argv in commands.items():
        runs = [measure(argv, tmp) for _ in range(args.runs)]
        wall, cpu, rss = min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)
        rows[name] = (size / 1e6 / max(wall, 1e-9), size / 1e6 / max(cpu, 1e-9), wall, cpu, rss)
    header = ("tool", "MB/s wall", "MB/s CPU", "wall s", "CPU s", "peak RSS")
    print("{:<16} {:>10} {:>10} {:>8} {:>8} {:>10}".format(*header))
    for name, (mbs_wall, mbs_cpu, wall, cpu, rss) in rows.items():
        cells = f"{mbs_wall:>10.1f} {mbs_cpu:>10.1f} {wall:>8.2f} {cpu:>8.2f}"
        print(f"{name:<16} {cells} {rss / 1024:>7.1f} MB")
    ours, theirs = rows["goide"], rows["go-junit-report"]
    ratio = f"{ours[0] / theirs[0]:.2f}x wall, {ours[1] / theirs[1]:.2f}x CPU throughput"
    print(f"goide / go-junit-report: {ratio}")


if __name__ == "__main__":
    raise SystemExit(main())
