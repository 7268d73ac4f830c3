"""Runs the gopls fuzz targets (fuzz/fuzz_gopls.py) with a modest example count."""

from __future__ import annotations

from fuzz import fuzz_gopls


def test_parsers_survive_any_input() -> None:
    fuzz_gopls.run(max_examples=300)
