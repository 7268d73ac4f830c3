"""Fuzz target for the `go test -json` reader and aggregate (hypothesis), seeded from real streams.

`check_stream(data)` must never raise, must account for every line, and must keep what it holds
bounded. The strategies mutate real recorded lines: cut them, splice garbage, flip bytes, drop
newlines, rename actions and fields.
"""

from __future__ import annotations

import io

from hypothesis import strategies as st

from goide.testrun.aggregate import Aggregate
from goide.testrun.jsonreport import build_report
from goide.testrun.junit import write_junit
from goide.testrun.summary import render_summary
from goide.testrun.testjson import ReadStats, open_stream, read_events

MAX_LINE = 4096


def check_stream(data: bytes, tmp_junit: object = None) -> None:
    stats = ReadStats()
    agg = Aggregate(keep_passed=True)
    items = list(read_events(io.BytesIO(data), stats, max_line=MAX_LINE))
    agg.feed_all(items)
    agg.finish()
    assert stats.lines == len(items)
    assert stats.events + stats.non_json_lines == stats.lines
    expected_lines = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    assert stats.lines == expected_lines
    for item in items:
        if isinstance(item, str):
            assert len(item) <= MAX_LINE
    render_summary(agg, stats)
    report = build_report(agg, stats)
    assert report["totals"]["passed"] == agg.passed
    from goide.testrun.markdown import MAX_CHARS, render_markdown

    assert len(render_markdown(report)) <= MAX_CHARS + 100
    if tmp_junit is not None:
        write_junit(agg, tmp_junit)  # type: ignore[arg-type]


def check_fast_path(data: bytes) -> None:
    """`Aggregate.consume` (the inlined hot path `goide test` uses) ends in exactly the state
    `feed_all(read_events(...))` (every line through `classify_line` and `feed`) does: the same
    summary, the same JSON report (counts and notes included), with and without `keep_passed`."""
    for keep_passed in (False, True):
        results = []
        for fast in (True, False):
            stats = ReadStats()
            agg = Aggregate(keep_passed=keep_passed)
            if fast:
                agg.consume(io.BytesIO(data), stats, max_line=MAX_LINE)
            else:
                agg.feed_all(read_events(io.BytesIO(data), stats, max_line=MAX_LINE))
            agg.finish()
            results.append((render_summary(agg, stats, 1.0), build_report(agg, stats)))
        assert results[0] == results[1]


def check_encodings(data: bytes) -> None:
    """The stream with a UTF-8 byte order mark, and in UTF-16 (what Windows PowerShell 5.1's `>`
    writes), reads as the same events as the plain bytes, through the reader `goide test` uses."""
    text = data.decode(errors="replace")
    plain = text.encode()
    results = []
    for encoded in (plain, b"\xef\xbb\xbf" + plain, b"\xff\xfe" + text.encode("utf-16-le")):
        stats = ReadStats()
        agg = Aggregate()
        agg.consume(open_stream(io.BytesIO(encoded), stats), stats, max_line=MAX_LINE)
        agg.finish()
        results.append((stats.events, stats.non_json_lines, agg.passed, agg.failed, agg.skipped))
    assert results[0] == results[1] == results[2], results


def check_text(lines: list[str]) -> None:
    """`go test -v` text of any shape converts without error into events the aggregate takes."""
    from goide.testrun.gotesttext import convert

    agg = Aggregate(keep_passed=True)
    passes = 0
    for item in convert(lines):
        if isinstance(item, str):
            agg.feed_text(item)
        else:
            assert isinstance(item.get("Action"), str)
            passes += item["Action"] == "pass" and bool(item.get("Test"))
            agg.feed(item)
    agg.finish()
    render_summary(agg, ReadStats())
    assert agg.passed <= passes  # no pass the text did not report


def mutated_streams(seed_lines: list[bytes]) -> st.SearchStrategy[bytes]:
    line = st.sampled_from(seed_lines)

    def mutate(draw_line: bytes, how: int, where: int, junk: bytes) -> bytes:
        cut = where % (len(draw_line) + 1)
        if how == 0:
            return draw_line[:cut]
        if how == 1:
            return draw_line[:cut] + junk + draw_line[cut:]
        if how == 2:
            return draw_line.replace(b'"Action":"', b'"Action":"x' + junk[:3].replace(b'"', b""))
        if how == 3:
            return draw_line.replace(b'"Package"', b'"Unknown' + junk[:2].replace(b'"', b"") + b'"')
        if how == 4:
            return draw_line + junk * 50
        return draw_line

    mutated = st.builds(mutate, line, st.integers(0, 6), st.integers(0, 10_000), st.binary(max_size=20))
    return st.builds(
        lambda lines, end: b"\n".join(lines) + end,
        st.lists(mutated, max_size=40),
        st.sampled_from([b"\n", b"", b"\r\n", b"\xff"]),
    )


def edited_streams(streams: list[bytes]) -> st.SearchStrategy[bytes]:
    """Whole real streams with a few lines cut, dropped, repeated or spliced with junk: the tests
    in them still start, print and end, so the hot path of `consume` is taken."""

    def edit(stream: bytes, edits: list[tuple[int, int, int, bytes]]) -> bytes:
        lines = stream.split(b"\n")
        for how, where, cut, junk in edits:
            i = where % len(lines)
            line = lines[i]
            if how == 0:
                lines[i] = line[: cut % (len(line) + 1)]
            elif how == 1:
                del lines[i]
            elif how == 2:
                lines.insert(i, line)
            elif how == 3:
                at = cut % (len(line) + 1)
                lines[i] = line[:at] + junk + line[at:]
            if not lines:
                lines = [b""]
        return b"\n".join(lines)

    one_edit = st.tuples(
        st.integers(0, 3), st.integers(0, 100_000), st.integers(0, 10_000), st.binary(max_size=8)
    )
    return st.builds(edit, st.sampled_from(streams), st.lists(one_edit, max_size=6))
