"""Fuzz targets (hypothesis), run by small tests under tests/ with a modest example count."""
