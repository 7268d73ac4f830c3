"""Runs the fuzz targets of fuzz/fuzz_executable.py with a modest example count, seeded from real
cross-compiled binaries of each format (ELF 32/64 LE/BE, Mach-O thin and universal, PE32/PE32+,
the pre-1.18 pointer layout, a C program)."""

from __future__ import annotations

from pathlib import Path

from fuzz import fuzz_executable
from tests.inspect_builds import binaries

__all__ = ["binaries"]

SEEDS = [
    "hello-linux-amd64",
    "hello-linux-arm",
    "hello-linux-s390x",
    "hello-darwin-arm64",
    "universal-darwin",
    "universal64-darwin",
    "hello-windows-386",
    "hello-windows-arm64",
    "go117-linux-amd64",
    "notgo-c-program",
]


def test_fuzz_executable_readers(binaries: dict[str, Path], tmp_path: Path) -> None:
    fuzz_executable.run([binaries[name].read_bytes() for name in SEEDS], examples=300, directory=tmp_path)
