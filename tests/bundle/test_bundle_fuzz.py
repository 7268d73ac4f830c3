"""Runs fuzz/fuzz_bundle.py seeded from the real bundle's bundle.json and SHA256SUMS."""

from __future__ import annotations

from pathlib import Path

from fuzz import fuzz_bundle


def test_fuzz_bundle_manifest(real_bundle: Path, tmp_path: Path) -> None:
    fuzz_bundle.run((real_bundle / "bundle.json").read_bytes(), examples=150, directory=tmp_path)
    fuzz_bundle.run((real_bundle / "SHA256SUMS").read_bytes(), examples=50, directory=tmp_path)
