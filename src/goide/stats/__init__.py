"""Benchmark statistics (median, confidence interval, Mann-Whitney U)."""
