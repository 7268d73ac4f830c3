"""Runs the benchmark-format fuzz target (fuzz/fuzz_benchfmt.py) with a modest example count."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz.fuzz_benchfmt import check_document, documents
from fuzz.fuzz_benchquery import check_query, check_unquote, queries


@settings(max_examples=300, deadline=None)
@given(documents)
def test_reader_and_statistics_survive_any_input(data: bytes) -> None:
    check_document(data)


def test_json_streams_survive_any_output() -> None:
    # Output fragments split anywhere, as test2json may split them.
    import json

    text = b"goos: linux\nBenchmarkA-2 \t 100\t 5 ns/op\nBenchmarkA-2 \t 100\t 6 ns/op\n"
    for cut in range(len(text)):
        events = [
            {"Action": "output", "Package": "p", "Output": text[:cut].decode()},
            {"Action": "output", "Package": "p", "Output": text[cut:].decode()},
        ]
        assert check_document("\n".join(json.dumps(e) for e in events).encode()) == 2


@settings(max_examples=300, deadline=None)
@given(queries)
def test_filter_queries_fail_only_with_a_syntax_error(query: str) -> None:
    check_query(query)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
def test_go_unquote_fails_only_with_its_error(text: str) -> None:
    check_unquote(text)
