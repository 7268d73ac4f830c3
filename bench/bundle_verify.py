"""Benchmark: `goide bundle verify DIR` against `go version -m` over the same files, on a bundle
of 4 targets x 6 tools (gopls, dlv, staticcheck, gofumpt, goimports, gomodifytags for
darwin/arm64, windows/arm64, linux/arm64, linux/amd64; the Go extension's gotests, impl and
goplay are not on this machine's module proxy, so three other editor tools stand in).

The bundle is built once with `goide bundle build` (real cross-compilation; kept in --dir,
default .cache/fixtures/bench-bundle, so later runs only time). Then the commands run side by
side, alternating, and the medians and ratios are printed. goide does more per file than
`go version -m`: it also hashes every binary (SHA-256, checked against bundle.json and
SHA256SUMS) and judges it, so the fair peer is `go version -m` followed by `sha256sum -c`
(also timed). The last goide line is a bundle without manifest (hashes still computed).
Run: `.venv/bin/python bench/bundle_verify.py`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from inspect_dirs import median_times  # bench/ is first on sys.path: the same alternating timer

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ["darwin/arm64", "windows/arm64", "linux/arm64", "linux/amd64"]
TOOLS = [
    "gopls@v0.23.0",
    "dlv@v1.27.2",
    "staticcheck@v0.8.2",
    "gofumpt@v0.12.0",
    "goimports@v0.52.0",
    "github.com/fatih/gomodifytags@v1.17.0",
]


def goide_command() -> list[str]:
    script = Path(sys.executable).with_name("goide")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "goide"]


def ensure_bundle(directory: Path) -> Path:
    if (directory / "bundle.json").is_file():
        return directory
    args = [*goide_command(), "bundle", "build", *TOOLS, "--out", str(directory)]
    for target in TARGETS:
        args += ["--target", target]
    print(f"building the bundle into {directory} (once) ...", file=sys.stderr)
    subprocess.run(args, check=True, timeout=7200)
    return directory


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=ROOT / ".cache" / "fixtures" / "bench-bundle")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bundle = ensure_bundle(args.dir)
    files = sorted(str(p) for p in bundle.glob("*_*/bin/*"))
    with tempfile.TemporaryDirectory() as scratch:
        bare = Path(scratch) / "bare"
        shutil.copytree(bundle, bare, copy_function=lambda s, d: Path(d).symlink_to(s))
        (bare / "bundle.json").unlink()
        (bare / "SHA256SUMS").unlink()
        commands = {
            "go version -m": ["go", "version", "-m", *files],
            # What a person runs by hand for the same checks: build info, then the checksums.
            "go version -m + sha256sum -c": [
                "sh",
                "-c",
                f"go version -m {bundle}/*_*/bin/* && cd {bundle} && sha256sum -c --quiet SHA256SUMS",
            ],
            "goide bundle verify": [*goide_command(), "bundle", "verify", str(bundle)],
            "goide bundle verify (no manifest)": [*goide_command(), "bundle", "verify", str(bare)],
        }
        result = median_times(commands, args.runs)
    size = sum(Path(f).stat().st_size for f in files)
    print(f"bundle: {len(files)} binaries, {size / (1 << 20):.0f} MiB, {args.runs} runs each, medians")
    base = result["go version -m"]
    peer = result["go version -m + sha256sum -c"]
    for name, seconds in result.items():
        print(
            f"  {name:<36} {seconds * 1000:8.0f} ms   {seconds / base:5.2f}x go version -m"
            f"   {seconds / peer:5.2f}x go version -m + sha256sum -c"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
