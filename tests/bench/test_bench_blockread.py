"""The block reader of `goide bench compare` gives the records benchfmt's line parser gives.

blockread reads runs of ordinary result lines a batch at a time and hands every other line to
benchfmt's line parser; these properties check that the records (runs expanded to their lines)
are the same on generated go test output with every variation the batch checks must catch, on
the fuzz target's arbitrary documents, and with blocks cut anywhere.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from fuzz.fuzz_benchfmt import check_same_records, documents, result_runs


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
