"""`goide bench`: benchmark results read, compared with benchstat's statistics, run, recorded and plotted.

The flow: `benchfmt.py` reads, `query.py` groups, `table.py` and `summary.py` compute (median,
`utest.py`, geomean), `view.py` prints; `compare.py` joins them for `bench compare`."""
