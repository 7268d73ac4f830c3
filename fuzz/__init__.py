"""Fuzz targets (hypothesis), seeded from real files; run by tests/test_*_fuzz.py and standalone."""
