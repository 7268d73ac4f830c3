"""Benchmark: goide's module pattern matcher against golang.org/x/mod's MatchPrefixPatterns, and
`goide mod decode` against `grep -E` on the same large CI log.

- Patterns: the same N (GOPRIVATE value, module path) pairs answered by goide.mod.patterns in
  one Python process and by a Go program built against golang.org/x/mod (the function `go`
  itself uses), fed the pairs on stdin. Prints pairs per second and the ratio; the answers must
  be identical.
- Decode: a log of at least --size-mb megabytes (build noise with the module errors of
  tests/data/mod/issues.json between) read by `goide mod decode --json` and by `grep -cE` with
  the decoder's main shapes (a lower bound on the time any line scanner needs). Prints MB/s and
  the ratio.

Usage: .venv/bin/python bench/mod.py [--pairs 200000] [--size-mb 100]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from goide.mod.patterns import match_prefix_patterns  # noqa: E402
from tests.mod.xmod import build_matcher, go_answers  # noqa: E402

GREP_SHAPES = (
    r"terminal prompts disabled|reading \S+/@v/\S*: (404|410)|verifying .*reading \S+/lookup/"
    r"|checksum mismatch|unrecognized import path|no secure protocol|unknown revision|GOPROXY=off"
    r"|x509: certificate"
)


def _pairs(n: int) -> list[tuple[str, str]]:
    rng = random.Random(7)
    hosts = ["github.com", "gitlab.corp.example", "corp.example", "go.internal.example", "golang.org"]
    pairs = []
    for _ in range(n):
        globs = ",".join(
            rng.choice(["*.corp.example", "github.com/org", "corp.example/*", "go.internal.example", "*/x/*"])
            for _ in range(rng.randint(1, 4))
        )
        target = "/".join(
            [rng.choice(hosts), *(rng.choice(["org", "x", "lib", "tool"]) for _ in range(rng.randint(1, 3)))]
        )
        pairs.append((globs, target))
    return pairs


def bench_patterns(n: int, work: Path) -> None:
    binary = build_matcher(work / "xmod")
    pairs = _pairs(n)
    started = time.perf_counter()
    ours = [match_prefix_patterns(g, t) for g, t in pairs]
    python_s = time.perf_counter() - started
    started = time.perf_counter()
    theirs = go_answers(binary, pairs)
    go_s = time.perf_counter() - started
    assert ours == theirs, "goide and x/mod disagree"
    print(f"patterns: {n} pairs, identical answers")
    print(f"  goide.mod.patterns        {n / python_s:12,.0f} pairs/s")
    print(f"  x/mod MatchPrefixPatterns {n / go_s:12,.0f} pairs/s (process start and JSON included)")
    print(f"  ratio goide/x/mod: {go_s / python_s:.2f}")


def bench_decode(size_mb: int, work: Path, *, every: int) -> None:
    """A log with one module error after every `every` lines of build noise."""
    errors = [e["text"] for e in json.loads((ROOT / "tests/data/mod/issues.json").read_text())]
    log = work / "ci.log"
    noise = "".join(
        f"#12 {i:04d}.3 building step {i} of the image, nothing wrong here\n" for i in range(every)
    )
    with log.open("w") as f:
        i = 0
        while f.tell() < size_mb * 1_000_000:
            f.write(noise)
            f.write(errors[i % len(errors)] + "\n")
            i += 1
    mb = log.stat().st_size / 1e6
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "goide", "mod", "decode", "--json", str(log)], capture_output=True, check=False
    )
    goide_s = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run(["grep", "-cE", GREP_SHAPES, str(log)], capture_output=True, check=False)
    grep_s = time.perf_counter() - started
    print(f"decode: {mb:.0f} MB log, a module error every {every} lines")
    print(f"  goide mod decode --json  {mb / goide_s:8.1f} MB/s")
    print(f"  grep -cE (shapes only)   {mb / grep_s:8.1f} MB/s")
    print(f"  ratio goide/grep: {grep_s / goide_s:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=200_000)
    parser.add_argument("--size-mb", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_patterns(args.pairs, Path(tmp))
        bench_decode(args.size_mb, Path(tmp), every=200)
        bench_decode(args.size_mb, Path(tmp), every=100_000)


if __name__ == "__main__":
    main()
