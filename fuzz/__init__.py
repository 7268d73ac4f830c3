"""Fuzz targets (hypothesis), run by small tests in tests/ and seeded from real data."""
