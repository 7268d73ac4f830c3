"""Runs the Go version parser's fuzz targets (fuzz/fuzz_goversion.py) with a modest number of examples."""

from __future__ import annotations

from fuzz.fuzz_goversion import fuzz_any_text, fuzz_go_syntax


def test_fuzz_any_text() -> None:
    fuzz_any_text()


def test_fuzz_go_syntax() -> None:
    fuzz_go_syntax()
