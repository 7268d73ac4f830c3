"""Fuzz target: the benchmark-format reader and the comparison built on it.

Inputs are mutations of real `go test -bench` lines (seeds below are verbatim go test output:
configuration, results with -benchmem, SetBytes and ReportMetric units, sub-benchmarks, GOMAXPROCS
suffixes, Unit metadata) mixed with arbitrary bytes. The property: reading never raises anything
but goide's InputError (a line over 64 KiB), every record has a position inside the input, and
the statistics over whatever was read never fail.
"""

from __future__ import annotations

import io

from hypothesis import strategies as st

from goide.bench import benchfmt
from goide.bench.table import Builder, Options
from goide.core.errors import InputError

SEED_LINES = [
    b"goos: linux",
    b"goarch: amd64",
    b"pkg: example.com/gb",
    b"cpu: Intel(R) Xeon(R) Processor",
    b"BenchmarkSum       \t     100\t        77.47 ns/op\t       0 B/op\t       0 allocs/op",
    b"BenchmarkAlloc-2   \t     100\t        42.45 ns/op\t1507.66 MB/s\t      74 B/op\t       1 allocs/op",
    b"BenchmarkSizes/size=10-2         \t     100\t        16.04 ns/op\t        15.00 widgets/op",
    b"BenchmarkSizes/size=100          \t     100\t        67.95 ns/op\t       150.0 widgets/op",
    b"Unit ns/op assume=exact better=lower",
    b"Unit widgets/op better=higher",
    b"PASS",
    b"ok  \texample.com/gb\t0.013s",
    b"=== RUN   BenchmarkSum",
    b"BenchmarkSum",
    b"key:",
]

TOKENS = [
    b"Benchmark",
    b"Unit",
    b" ",
    b"\t",
    b"ns/op",
    b"B/op",
    b"NaN",
    b"+Inf",
    b"1e309",
    b"-",
    b"/",
    b"=",
    b":",
    b"\r",
    b"\xff",
    b"0x1p-2",
    b"1_0",
    b"100",
]

line = st.one_of(
    st.sampled_from(SEED_LINES),
    st.lists(st.sampled_from(TOKENS + SEED_LINES), max_size=8).map(b"".join),
    st.binary(max_size=64),
)
documents = st.lists(line, max_size=30).map(b"\n".join)


def check_document(data: bytes) -> int:
    """The property every input must satisfy; returns how many results were read."""
    units = benchfmt.UnitRegistry()
    builder = Builder(Options())
    line_count = data.count(b"\n") + 1
    results = 0
    try:
        for record in benchfmt.read_any(io.BufferedReader(io.BytesIO(data)), "fuzz.txt", "fuzz", units):
            assert 1 <= record.line <= line_count
            if isinstance(record, benchfmt.Result):
                builder.add(record)
                results += 1
    except InputError:
        return results
    builder.tables(units)
    return results
