"""Local data goide keeps between runs (the benchmark history database)."""
