"""Runs the `goide mod` fuzz targets (fuzz/fuzz_mod.py): .netrc, GOPROXY, GOAUTH, patterns, decode."""

from __future__ import annotations

from fuzz import fuzz_mod


def test_fuzz_mod_parsers() -> None:
    fuzz_mod.run(max_examples=200)
