"""Runs the JSONC fuzz target (fuzz/fuzz_jsonc.py) with a modest number of examples."""

from __future__ import annotations

from fuzz import fuzz_jsonc


def test_fuzz_jsonc() -> None:
    fuzz_jsonc.run(max_examples=150)
