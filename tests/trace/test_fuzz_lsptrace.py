"""Runs the LSP trace fuzz target (fuzz/fuzz_lsptrace.py) with a modest number of examples."""

from __future__ import annotations

from fuzz.fuzz_lsptrace import fuzz_trace


def test_fuzz_lsptrace() -> None:
    fuzz_trace()
