"""Fuzz target: the benchmark-format reader and the comparison built on it.

Inputs are mutations of real `go test -bench` lines (seeds below are verbatim go test output:
configuration, results with -benchmem, SetBytes and ReportMetric units, sub-benchmarks, GOMAXPROCS
suffixes, Unit metadata) mixed with arbitrary bytes. The property: reading never raises anything
but goide's InputError (a line over 64 KiB), every record has a position inside the input, and
the statistics over whatever was read never fail.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from hypothesis import strategies as st

from goide.bench import benchfmt, blockread
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


# Result lines as go test prints them, repeated as -count does, with the variations the block
# reader must hand to the line parser (or read exactly as it would): other separators, signs and
# spellings of numbers, zeros, overflow, non-ASCII, a unit changing inside a run.
_NAMES = [
    b"BenchmarkSum",
    b"BenchmarkSum-2",
    b"BenchmarkSort/size=16-2",
    b"Benchmark",
    b"BenchmarkX\xc2\xa0Y",
]
_NUMBERS = [
    b"77.47",
    b"0",
    b"-0",
    b"+5",
    b"1.",
    b".5",
    b"1e3",
    b"1e309",
    b"-1e309",
    b"5e-324",
    b"NaN",
    b"0x1p-2",
]
_UNITS = [b"ns/op", b"B/op", b"allocs/op", b"MB/s", b"widgets/op", b"ns*MB*MB/op", b"\xc2\xb5s/op", b"1/op"]
_SEPARATORS = [b"\t", b" ", b"   \t  ", b"\x0b", b"\x1c", b"\xc2\xa0"]


@st.composite
def result_line(draw: st.DrawFn) -> bytes:
    parts = [
        draw(st.sampled_from(_NAMES)),
        draw(st.sampled_from([b"100", b"7", b"0012", b"12345678901234567890", b"x"])),
    ]
    for _ in range(draw(st.integers(0, 4))):
        parts += [draw(st.sampled_from(_NUMBERS)), draw(st.sampled_from(_UNITS))]
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(_NUMBERS)))
    separator = draw(st.sampled_from(_SEPARATORS)) if draw(st.integers(0, 9)) == 0 else b"\t"
    end = draw(st.sampled_from([b"", b"", b"\r", b" \t", b"\r\r"]))
    return separator.join(parts) + end


@st.composite
def result_runs(draw: st.DrawFn) -> bytes:
    """Runs of equal lines (-count N), some with one line changed; config lines between them."""
    out: list[bytes] = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(SEED_LINES)))
        base = draw(result_line())
        run = [base] * draw(st.integers(1, 12))
        if draw(st.booleans()):
            run[draw(st.integers(0, len(run) - 1))] = draw(result_line())
        out += run
    return b"\n".join(out) + draw(st.sampled_from([b"", b"\n"]))


def _events(records: Iterable[object]) -> list[tuple[object, ...]]:
    """Records as comparable tuples, a blockread Run as the results of its lines."""
    out: list[tuple[object, ...]] = []
    for record in records:
        if isinstance(record, blockread.Run):
            for i in range(record.line_count):
                values = [(unit, orig, repr(column[i])) for unit, orig, column in record.values()]
                out.append(("result", record.name, record.config.entries, record.line + i, values))
        elif isinstance(record, benchfmt.Result):
            values = [(v.unit, v.orig_unit, repr(v.value)) for v in record.values]
            out.append(("result", record.name, record.config.entries, record.line, values))
        else:
            out.append((repr(record),))
    return out


def check_same_records(data: bytes, block_size: int = 1 << 20) -> None:
    """The block reader gives benchfmt's records (runs grouped), the same error, on any input."""

    def read(reader: Callable[..., Iterable[object]], *block: int) -> list[tuple[object, ...]] | str:
        stream = io.BufferedReader(io.BytesIO(data))
        try:
            return _events(reader(stream, "fuzz.txt", "fuzz", benchfmt.UnitRegistry(), *block))
        except InputError as err:
            return str(err)

    assert read(blockread.read_text, block_size) == read(benchfmt.read_text)
