"""Runs fuzz/fuzz_vsix.py with a modest example count, seeded from the real vsce packages."""

from __future__ import annotations

from pathlib import Path

from fuzz import fuzz_vsix


def test_fuzz_vsix(vsix_files: dict[str, Path], tmp_path: Path) -> None:
    seeds = [vsix_files[name].read_bytes() for name in ("linux-x64", "darwin-arm64", "golang.go")]
    fuzz_vsix.run(seeds, examples=150, directory=tmp_path)
