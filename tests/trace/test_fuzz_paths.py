"""`goide trace` reads gopls entries a block at once (`read_chunk`) or line by line: same report,
on the real gopls log of this run and on real trace lines mixed, cut and damaged."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.fuzz_lsptrace import SEED_LINES
from fuzz.trace_paths_fuzz import same_both_ways
from tests.gopls_session import GoplsTrace, gopls_trace


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> GoplsTrace:
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    return gopls_trace(shared / "goide-gopls-trace")


@pytest.mark.integration
def test_real_gopls_log(real: GoplsTrace) -> None:
    data = real.log.read_bytes()
    same_both_ways(data)
    same_both_ways(data * 2)
    same_both_ways(data.replace(b"\r\n", b"\n"))
    lines = data.split(b"\n")
    for cut in range(0, len(lines), max(1, len(lines) // 12)):
        same_both_ways(b"\n".join(lines[:cut] + lines[cut + 1 :]))


_GOPLS = [line for line in SEED_LINES if line.startswith(b"[Trace - 12:")] + [
    b'Params: {"textDocument":{"uri":"file:///m.go"},"position":{"line":1,"character":2}}\r',
    b"Result: null\r",
    b"Params: \r",
    b"\r",
]


_HEADERS = [line for line in _GOPLS if line.startswith(b"[Trace")]
_DATA = [line for line in _GOPLS if line.startswith((b"Params", b"Result"))]
# Whole gopls entries (header, data, line end), so that the whole-entry path is taken often.
_ENTRY = st.tuples(st.sampled_from(_HEADERS), st.sampled_from(_DATA), st.just(b"\r"))
_LINE = st.one_of(st.sampled_from(SEED_LINES), st.binary(max_size=40)).map(lambda line: (line,))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_ENTRY, _ENTRY, _LINE), max_size=30), st.sampled_from([b"\n", b"\r\n"]))
def test_mixed_lines(pieces: list[tuple[bytes, ...]], newline: bytes) -> None:
    same_both_ways(newline.join(line for piece in pieces for line in piece))
