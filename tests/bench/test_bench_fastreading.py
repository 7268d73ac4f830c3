"""The fast paths of `goide bench compare`'s reading and grouping give what the general code gives.

blockread reads runs of ordinary result lines a batch at a time and hands every other line to
benchfmt's line parser; these properties check that the records (runs expanded to their lines)
are the same on generated go test output with every variation the batch checks must catch, on
the fuzz target's arbitrary documents, and with blocks cut anywhere. Projections sort by a key
where they can; it must give the order of their comparison function.
"""

from __future__ import annotations

import functools

from hypothesis import example, given, settings
from hypothesis import strategies as st

from fuzz.fuzz_benchfmt import check_same_records, documents, result_runs
from goide.bench.query import Field, Projection, _Part


@settings(max_examples=600, deadline=None)
@given(result_runs(), st.sampled_from([1 << 20, 64, 7]))
@example(b"BenchmarkA\t100\t5 ns/op\nBenchmarkA\t100\t0 ns/op\n", 1 << 20)
@example(b"BenchmarkA\t100\t5 ns/op\nBenchmarkA\t100\t5 ns/op\t6\n", 1 << 20)
@example(b"BenchmarkA\t100\t5 ns/op 6 BenchmarkA\nBenchmarkA\t100\n", 1 << 20)
@example(b"BenchmarkA\t100\t5 ns/op\t6 B/op\nBenchmarkA\t100\t5 ns/op 6\tB/op\t7 x 8 y\n", 1 << 20)
@example(b"BenchmarkA\t100\t1e309 ns/op\nBenchmarkA\t100\t5 ns/op\n", 1 << 20)
@example(b"BenchmarkA\t100\t+5 ns/op\nBenchmarkA\t100\t1. MB/s\n", 1 << 20)
@example(b"BenchmarkA\x1cB\t100\t5 ns/op\nBenchmarkA\x1cB\t100\t5 ns/op\n", 1 << 20)
@example(b"BenchmarkA\t100\t5e-324 ns*MB*MB/op\nBenchmarkA\t100\t5e-324 ns*MB*MB/op\n", 1 << 20)
def test_runs_read_as_the_line_parser_reads_them(data: bytes, block: int) -> None:
    check_same_records(data, block)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_any_document_reads_as_the_line_parser_reads_it(data: bytes) -> None:
    check_same_records(data)


_values = st.sampled_from(["", "a", "b", "B", "10", "9", "x y"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_values, _values, _values), max_size=12),
    st.lists(st.sampled_from(["first", "alpha", "fixed"]), min_size=3, max_size=3),
    st.lists(_values, max_size=4),
)
def test_projection_sort_key_orders_as_its_comparison(
    rows: list[tuple[str, str, str]], orders: list[str], seen: list[str]
) -> None:
    # Projection.sort orders by a key where it can; the key must give the comparison's order.
    projection = Projection()
    for index, order in enumerate(orders):
        first_seen = (
            {value: rank for rank, value in enumerate(dict.fromkeys(seen))} if order == "first" else None
        )
        projection.fields.append(Field(f"/k{index}", index, order, tuple(seen), first_seen))
        projection.parts.append(_Part("key", projection.fields[-1]))
    keys = [tuple(row) for row in rows]
    flat = projection.flattened()
    assert projection.sort(keys) == sorted(keys, key=functools.cmp_to_key(projection.compare(flat)))
