"""Fuzz targets (hypothesis), run by tests/test_fuzz_*.py with a modest example count."""
