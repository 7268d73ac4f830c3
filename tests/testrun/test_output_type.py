"""Go 1.27 `OutputType`, Go 1.25 `attr` events, and the Output budget.

Go on this machine (1.26) is older than 1.27, so the OutputType stream is written here in the exact
shape of Go's own test2json golden file src/cmd/internal/test2json/testdata/framefail.json at tip
(go.dev/issue/62728): framing lines carry OutputType "frame", the first line of a t.Error "error",
its continuation lines "error-continue". `attr` events (t.Attr, Go 1.25) come from the real
`go test -json` run of the session's recordings.
"""

from __future__ import annotations

import io
import json

from goide.testrun.aggregate import Aggregate
from goide.testrun.failure import failure_message, own_lines
from goide.testrun.output import HEAD, MAX_LINE, TAIL, Output
from goide.testrun.testjson import ReadStats
from tests.testrun.gomodule import MODULE, Recording

GO127_STREAM = b"""\
{"Action":"start"}
{"Action":"run","Test":"TestAscii"}
{"Action":"output","Test":"TestAscii","Output":"=== RUN   TestAscii\\n","OutputType":"frame"}
{"Action":"output","Test":"TestAscii","Output":"    i_am_a_log_line\\n"}
{"Action":"output","Test":"TestAscii","Output":"    one\\n","OutputType":"error"}
{"Action":"output","Test":"TestAscii","Output":"    two\\n","OutputType":"error"}
{"Action":"output","Test":"TestAscii","Output":"    lines\\n","OutputType":"error-continue"}
{"Action":"output","Test":"TestAscii","Output":"--- FAIL: TestAscii (0.00s)\\n","OutputType":"frame"}
{"Action":"fail","Test":"TestAscii"}
{"Action":"output","Output":"FAIL\\n","OutputType":"frame"}
{"Action":"fail"}
"""


def test_output_type_marks_the_failure_message_and_the_framing() -> None:
    agg = Aggregate()
    stats = ReadStats()
    agg.consume(io.BytesIO(GO127_STREAM), stats)
    agg.finish()
    test = agg.packages[""].tests[0]
    assert failure_message(test) == ["    one", "    two", "    lines"]
    assert [line for line, _ in own_lines(test)] == ["    i_am_a_log_line", "    one", "    two", "    lines"]
    assert stats.unknown_fields == {}
    assert stats.events == 11


def test_attr_events_of_the_real_go(recordings: dict[str, Recording]) -> None:
    """`attr` events as this Go writes them for TestAttr's two t.Attr calls (Key and Value)."""
    stream = recordings["all"].stream.read_bytes()
    attrs = [json.loads(line) for line in stream.splitlines() if b'"Action":"attr"' in line]
    assert [(a["Test"], a["Key"], a["Value"]) for a in attrs] == [
        ("TestAttr", "owner", "team-x"),
        ("TestAttr", "issue", "GT-42"),
    ]
    agg = Aggregate(keep_passed=True)  # TestAttr passes: kept only when a report asks for it
    stats = ReadStats()
    agg.consume(io.BytesIO(stream), stats)
    agg.finish()
    test = next(t for t in agg.packages[f"{MODULE}/good"].tests if t.name == "TestAttr")
    assert test.attrs == {"owner": "team-x", "issue": "GT-42"}
    assert stats.unknown_fields == {}  # Key and Value are known fields, not passed over


def test_output_keeps_head_and_tail_and_counts_the_middle() -> None:
    output = Output()
    line = "z" * 999 + "\n"
    count = (HEAD + TAIL) // len(line) + 500
    for _ in range(count):
        output.add(line)
    lines = output.lines()
    kept = sum(len(text) + 1 for text, _ in lines if text.startswith("z"))
    dropped = next(text for text, _ in lines if "dropped" in text)
    assert kept + int(dropped.split()[1]) == count * len(line)
    assert kept <= HEAD + TAIL + len(line)


def test_a_line_split_in_fragments_is_joined_and_cut() -> None:
    output = Output()
    for _ in range(40):
        output.add("a" * 1024)
    output.add("b\n")
    [(text, _)] = output.lines()
    assert text == "a" * MAX_LINE + f" … [{40 * 1024 + 1 - MAX_LINE} characters cut]"


def test_credentials_in_test_output_are_redacted() -> None:
    stream = (
        b'{"Action":"start","Package":"p"}\n'
        b'{"Action":"run","Package":"p","Test":"TestFetch"}\n'
        b'{"Action":"output","Package":"p","Test":"TestFetch",'
        b'"Output":"    fetch_test.go:9: GET https://bob:hunter2@proxy.example.com/mod failed\\n"}\n'
        b'{"Action":"fail","Package":"p","Test":"TestFetch","Elapsed":0.1}\n'
        b'{"Action":"fail","Package":"p","Elapsed":0.2}\n'
    )
    agg = Aggregate()
    agg.consume(io.BytesIO(stream), ReadStats())
    [line] = failure_message(agg.packages["p"].tests[0])
    assert "hunter2" not in line
    assert "https://bob:REDACTED@proxy.example.com/mod" in line
