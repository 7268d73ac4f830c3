"""`goide trace` reads gopls entries a block at once (`read_chunk`) or line by line: same report,
on the real gopls log of this run and on real trace lines mixed, cut and damaged."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.fuzz_lsptrace import SEED_LINES
from fuzz.trace_paths_fuzz import same_both_ways
from goide.trace.latency import analyse_stream
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


def test_verbose_blocks_read_a_run_at_a_time() -> None:
    """The inner lines of a pretty-printed Params block (the real verbose VS Code trace of
    golang/go#42157) are read a run at a time: the same report with every line end, with
    non-ASCII text, with a line ending in two \\r, a blank or NUL line inside, and a block
    whose file name lies beyond the 64 KiB kept of it; whole JSON, and broken JSON (the issue's
    "..." after the block joins it), whose report shows the start of the block's text."""
    real = (Path(__file__).parent.parent / "data" / "trace" / "go-42157-client.txt").read_bytes()
    whole = real.replace(b"}\n...\n", b"}\n")
    for entry in (whole, real):
        for variant in (
            entry,
            entry.replace(b"\n", b"\r\n"),
            entry.replace(b"hello/b.go", "héllo/b.go".encode()),
            entry.replace(b"hello/b.go", b"h\xffllo/b.go"),
            entry.replace(b'"textDocument": {\n', b'"textDocument": {\r\r\n'),
            entry.replace(b"    },\n", b"    },\n   \n"),
            entry.replace(b"    },\n", b"    },\n \x00\n"),
            entry.replace(b"Params: {\n", b'Params: {\n    "big": "' + b"x" * 70_000 + b'",\n'),
        ):
            same_both_ways(variant * 3)
    report = analyse_stream(io.BytesIO(whole))
    assert report.slowest[0].uri == "file:///Users/hakim/hello/b.go"
    assert analyse_stream(io.BytesIO(real)).stats.problems[0].kind == "bad-json"
