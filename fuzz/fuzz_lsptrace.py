"""Fuzz target for the LSP trace parser and its analysis, seeded from real trace lines.

The seeds are lines of the three formats (a real gopls v0.23.0 -rpc.trace log and VS Code's format
strings, see tests/trace/test_lsptrace_vscode.py). Hypothesis mutates, splices and mixes them with random
bytes; the parser must never raise, must account for every line, and the analysis must finish.
Run more examples with: python -m pytest tests/trace/test_fuzz_lsptrace.py --hypothesis-seed=N, or
HYPOTHESIS_MAX_EXAMPLES=20000.
"""

from __future__ import annotations

import io
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goide.core.lines import read_lines
from goide.trace.latency import analyse_stream

SEED_LINES: list[bytes] = [
    b"[Trace - 12:30:31.705 PM] Sending request 'initialize - (1)'.",
    b'Params: {"processId":28229,"rootUri":"file:///tmp/m","capabilities":{}}\r',
    b"\r",
    b"[Trace - 12:30:31.707 PM] Received response 'initialize - (1)' in 1ms.",
    b'Result: {"capabilities":{"hoverProvider":true}}\r',
    b"[Trace - 12:30:31.708 PM] Received request 'workspace/configuration - (2)'.",
    b"[Trace - 12:30:31.709 PM] Sending response 'workspace/configuration - (2)' in 0ms.",
    b"[Trace - 12:30:44.369 PM] Sending notification '$/cancelRequest'.",
    b'Params: {"id":7}\r',
    b"[Error - Received] 12:30:44.371 PM #7 JSON RPC cancelled\r",
    b"[Trace - 10:21:03 AM] Sending request 'textDocument/completion - (12)'.",
    b"Params: {",
    b'    "textDocument": {',
    b'        "uri": "file:///home/u/main.go"',
    b"    },",
    b'    "position": {',
    b'        "line": 9,',
    b'        "character": 5',
    b"    }",
    b"}",
    b"",
    b"[Trace - 10:21:03 AM] Received response 'textDocument/completion - (12)' in 35ms."
    b" Request failed: x (-32800).",
    b"2026-08-21 10:21:03.117 [trace] Sending notification 'textDocument/didChange'.",
    b"2026-08-21 10:21:05.101 [error] Request textDocument/rename failed.",
    b"  Message: content modified",
    b"  Code: -32801 ",
    b'[LSP   - 10:21:03 AM] {"isLSPMessage":true,"type":"send-request","message":{"jsonrpc":"2.0","id":1,'
    b'"method":"textDocument/hover","params":{}},"timestamp":1755771663117}',
    b'{"isLSPMessage":true,"type":"receive-response","message":{"jsonrpc":"2.0","id":1,"result":null},'
    b'"timestamp":1755771663200}',
    b"Received response 99 without active response promise.",
]

MAX_EXAMPLES = int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "150"))

_line = st.one_of(
    st.sampled_from(SEED_LINES),
    st.binary(max_size=200),
    st.builds(
        lambda seed, cut, junk: seed[:cut] + junk + seed[cut:],
        st.sampled_from(SEED_LINES),
        st.integers(0, 120),
        st.binary(max_size=12),
    ),
)


@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line, max_size=60), st.sampled_from([b"\n", b"\r\n"]), st.integers(16, 4096))
def fuzz_trace(lines: list[bytes], newline: bytes, max_line: int) -> None:
    data = newline.join(lines)
    report = analyse_stream(io.BytesIO(data))
    stats = report.stats
    assert stats.lines == sum(1 for _ in read_lines(io.BytesIO(data)))
    assert stats.entries <= stats.lines
    assert stats.binary_lines + stats.other_lines <= stats.lines
    for method in report.methods:
        assert method.answered <= method.count
        if method.max_ms is not None:
            assert method.p50_ms is not None
            assert method.p50_ms <= method.max_ms
    # A cut limit as small as a few bytes must not break the reader either.
    assert sum(1 for _ in read_lines(io.BytesIO(data), max_line=max_line, tail=8)) == stats.lines
