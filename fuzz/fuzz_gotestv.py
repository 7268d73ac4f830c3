"""Fuzz target for the `go test -v` text reader (testrun/gotestv.py) and the input detection
(testrun/streamin.py), seeded from real `go test -v` output (tests/testrun/verbose_module.py).

`check_text(data)` must never raise, must read every line, must give only well-formed events,
and the aggregate, summary, JSON report and JUnit must accept what it gives.
"""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import strategies as st

from goide.testrun.aggregate import Aggregate
from goide.testrun.gotestv import read_verbose
from goide.testrun.jsonreport import build_report
from goide.testrun.junit import write_junit
from goide.testrun.streamin import consume_stream
from goide.testrun.summary import render_summary
from goide.testrun.testjson import KNOWN_ACTIONS, ReadStats

MAX_LINE = 4096


def check_text(data: bytes, junit: Path | None = None) -> None:
    stats = ReadStats()
    items = list(read_verbose(io.BytesIO(data), stats, max_line=MAX_LINE))
    expected_lines = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    assert stats.lines == expected_lines
    agg = Aggregate(keep_passed=True)
    for item in items:
        if isinstance(item, str):
            assert len(item) <= MAX_LINE
            agg.feed_text(item)
        else:
            assert item["Action"] in KNOWN_ACTIONS, item
            assert isinstance(item["Package"], str)
            agg.feed(item)
    agg.finish()
    render_summary(agg, stats)
    report = build_report(agg, stats)
    assert report["totals"]["passed"] == agg.passed
    if junit is not None:
        write_junit(agg, junit)
    # Detection and the same reading through the session's entry point never raise either.
    consume_stream(io.BytesIO(data), Aggregate(), ReadStats())


def mutated_texts(seed_lines: list[bytes]) -> st.SearchStrategy[bytes]:
    line = st.sampled_from(seed_lines)

    def mutate(text: bytes, how: int, where: int, junk: bytes) -> bytes:
        cut = where % (len(text) + 1)
        if how == 0:
            return text[:cut]
        if how == 1:
            return text[:cut] + junk + text[cut:]
        if how == 2:
            return b"    " * (where % 5) + text.lstrip()
        if how == 3:
            return text.replace(b"(0.00s)", b"(" + junk[:4] + b"s)")
        if how == 4:
            return text + junk * 50
        return text

    mutated = st.builds(mutate, line, st.integers(0, 6), st.integers(0, 10_000), st.binary(max_size=20))
    return st.builds(
        lambda lines, end: b"\n".join(lines) + end,
        st.lists(mutated, max_size=60),
        st.sampled_from([b"\n", b"", b"\r\n", b"\xff"]),
    )
