"""Fuzz target for `goide crash`: real tracebacks, damaged the ways logs damage them.

`damaged(seeds)` draws a real crash log and applies line-level damage: lines dropped, repeated,
swapped, cut short, prefixed the way VS Code prefixes them, tabs turned to spaces, garbage
bytes and other text inserted. `check(text)` runs the parser, the rules and every renderer and
asserts what must hold for any input: no exception, bounded results, line numbers in range.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from goide.core.lines import LineStats
from goide.crash import traceback
from goide.crash import view as report
from goide.crash.classify import summarize
from goide.crash.read import CrashLog

_PREFIXES = [
    "",
    "2026-08-21 10:02:11.481 [error] ",
    "[Error - 10:02:11 AM] ",
    "[Info  - 14:02:11] ",
    "\t",
    "    ",
]
_JUNK = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "goroutine 1 [running]:",
            "panic: ",
            "fatal error: ",
            "created by ",
            "SIGQUIT: quit",
            "PC=0x1 m=0 sigcode=0",
            "WARNING: DATA RACE",
            "==================",
            "runtime stack:",
            "...1 frames elided...",
            "[signal SIGSEGV",
            "\x00\xff\ufffd",
            "main.f(",
            "\t/x.go:",
        ]
    ),
)


def _damage(lines: list[str], data: st.DataObject) -> list[str]:
    for _ in range(data.draw(st.integers(0, 6))):
        if not lines:
            break
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.integers(0, 6))
        if action == 0:
            del lines[index]
        elif action == 1:
            lines.insert(index, lines[index])
        elif action == 2:
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == 3:
            lines[index] = lines[index][: data.draw(st.integers(0, len(lines[index])))]
        elif action == 4:
            lines[index] = data.draw(st.sampled_from(_PREFIXES)) + lines[index]
        elif action == 5:
            lines[index] = lines[index].replace("\t", " " * data.draw(st.integers(1, 8)))
        else:
            lines.insert(index, data.draw(_JUNK))
    return lines


def damaged(seeds: Sequence[str]) -> st.SearchStrategy[str]:
    """Real crash logs from `seeds`, damaged."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        seed = draw(st.sampled_from(list(seeds)))
        data = draw(st.data())
        return "\n".join(_damage(seed.splitlines(), data))

    return build()


def check(text: str) -> None:
    """What holds for any input: parse, explain and render without error, within bounds."""
    line_count = len(text.splitlines())
    crashes = traceback.parse_text(text)
    summaries = []
    for crash in crashes:
        assert 1 <= crash.start_line <= max(line_count, 1)
        assert crash.end_line == 0 or crash.start_line <= crash.end_line <= line_count
        assert len(crash.goroutines) <= traceback.MAX_GOROUTINES
        assert all(len(g.frames) <= traceback.MAX_FRAMES for g in crash.goroutines)
        assert len(crash.unparsed) <= traceback.MAX_UNPARSED
        summaries.append(summarize(crash))
    log = CrashLog("fuzz", LineStats(lines=line_count), summaries, len(summaries), {})
    for summary in summaries:
        first, count = log.distinct.get(summary.signature, (summary, 0))
        log.distinct[summary.signature] = (first, count + 1)
    report.render_text(log)
    report.render_markdown(log, redact_home=True)
    report.to_json(log)
