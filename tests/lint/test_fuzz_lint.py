"""Runs the lint readers' fuzz target (fuzz/fuzz_lint.py) with a modest number of examples."""

from __future__ import annotations

from fuzz import fuzz_lint


def test_fuzz_lint() -> None:
    fuzz_lint.run(max_examples=150)
