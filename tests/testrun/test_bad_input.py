"""Bad input for `goide test --input`: never a traceback, exit 0/1/2 as documented, all counted."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz.fuzz_testjson import check_encodings, check_fast_path, check_stream, edited_streams, mutated_streams
from goide.testrun.testjson import ReadStats, read_events
from tests.helpers import goide
from tests.testrun.gomodule import MODULE, Recording


def _read(data: bytes, max_line: int = 1 << 20) -> tuple[list[object], ReadStats]:
    import io

    stats = ReadStats()
    return list(read_events(io.BytesIO(data), stats, max_line)), stats


def test_truncated_last_line_is_passed_through() -> None:
    data = b'{"Action":"start","Package":"p"}\n{"Action":"run","Package":"p","Te'
    items, stats = _read(data)
    assert stats.truncated_last_line
    assert items[-1] == '{"Action":"run","Package":"p","Te'
    assert (stats.events, stats.non_json_lines) == (1, 1)


def test_long_lines_are_cut_and_counted_across_chunks() -> None:
    data = b"a" * 3_000_000 + b"\n" + b'{"Action":"start","Package":"p"}\n' + b"b" * 50
    items, stats = _read(data, max_line=1000)
    assert items[0] == "a" * 1000
    assert items[1] == {"Action": "start", "Package": "p"}
    assert items[2] == "b" * 50
    assert stats.long_lines == 1
    assert stats.dropped_bytes == 3_000_000 - 1000
    assert stats.truncated_last_line


def test_invalid_utf8_inside_an_event_and_outside() -> None:
    data = b'{"Action":"output","Package":"p","Test":"T","Output":"x\xff y\\n"}\n\xfe garbage\n'
    items, stats = _read(data)
    assert items[0] == {"Action": "output", "Package": "p", "Test": "T", "Output": "x\ufffd y\n"}
    assert items[1] == "\ufffd garbage"
    assert stats.invalid_utf8_lines == 2


def test_unknown_actions_fields_and_json_that_is_not_an_event() -> None:
    data = b'{"Action":"teleport","Package":"p","Colour":"red"}\n[1,2]\n{"NoAction":1}\n"text"\n'
    items, stats = _read(data)
    assert stats.unknown_actions == {"teleport": 1}
    assert stats.unknown_fields == {"Colour": 1}
    assert stats.events == 1
    assert stats.non_json_lines == 3
    assert items[1:] == ["[1,2]", '{"NoAction":1}', '"text"']


def test_garbage_unknown_events_and_unstarted_packages_via_cli(
    recordings: dict[str, Recording], tmp_path: Path
) -> None:
    lines = recordings["all"].stream.read_bytes().splitlines(keepends=True)
    garbage = [
        b"this is not json\n",
        b'{"Action":"teleport","Package":"x","Extra":true}\n',
        b'{"Time":"2026-01-01T00:00:00Z","Action":"fail","Package":"never/started","Test":"TestGhost"}\n',
        b"\xff\xfe\n",
    ]
    mixed = b"".join(line + garbage[i % len(garbage)] for i, line in enumerate(lines[:200]))
    stream = tmp_path / "mixed.json"
    stream.write_bytes(mixed + lines[200] + b'{"Action":"output","Package":"' + MODULE.encode())
    result = goide("test", "--input", str(stream), "--json", str(tmp_path / "r.json"))
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "Traceback" not in err
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["stream"]["non_json_lines"] == 100 + 1  # 50 text + 50 invalid UTF-8 + the cut last line
    assert report["stream"]["unknown_actions"] == {"teleport": 50}
    assert report["stream"]["unknown_fields"] == {"Extra": 50}
    assert report["stream"]["truncated_last_line"]
    ghost = next(p for p in report["packages"] if p["name"] == "never/started")
    assert ghost["tests"][0]["name"] == "TestGhost"
    text = result.stdout.decode()
    assert "unknown actions passed through: teleport (50)" in text
    assert "events for packages never started" in text
    assert "this is not json" in text  # passed through, not lost


def test_nothing_but_garbage_is_an_input_error(tmp_path: Path) -> None:
    stream = tmp_path / "garbage.txt"
    stream.write_bytes(b"hello\nworld\n")
    result = goide("test", "--input", str(stream))
    err = result.stderr.decode()
    assert result.returncode == 2
    assert err.startswith("error: no `go test -json` events")
    assert "hint: " in err
    assert "Traceback" not in err
    assert result.stdout == b""  # no "PASS: 0 tests" summary, no echo of the file


@pytest.mark.parametrize(
    "data",
    [random.Random(7).randbytes(100_000), b"x" * (3 << 20)],
    ids=["random-bytes", "one-3MB-line"],
)
def test_no_events_prints_nothing_on_stdout(data: bytes, tmp_path: Path) -> None:
    stream = tmp_path / "garbage"
    stream.write_bytes(data)
    result = goide("test", "--input", str(stream))
    assert result.returncode == 2
    assert result.stderr.decode().startswith("error: no `go test -json` events")
    assert result.stdout == b""


def test_passed_through_lines_are_escaped_and_capped(tmp_path: Path) -> None:
    stream = tmp_path / "mixed.json"
    stream.write_bytes(
        b'{"Action":"start","Package":"ex"}\n'
        b"\x1b[31mred\x1b[0m\x07 bell\tand tab\r\n" + b"y" * 100_000 + b"\n"
        b'{"Action":"pass","Package":"ex","Elapsed":0}\n'
    )
    result = goide("test", "--input", str(stream), "--plain")
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\\x1b[31mred\\x1b[0m\\x07 bell\tand tab" in out  # shown, not lost
    assert "y" * 4096 + f"… {100_000 - 4096} more bytes" in out
    assert "y" * 4097 not in out


def test_missing_file_and_usage_errors(tmp_path: Path) -> None:
    missing = goide("test", "--input", str(tmp_path / "nope.json"))
    assert missing.returncode == 2
    assert missing.stderr.decode().startswith("error: cannot read")
    both = goide("test", "--input", "-", "./...")
    assert both.returncode == 2
    assert "hint: " in both.stderr.decode()
    misplaced = goide("test", "./...", "--json", "x")
    assert misplaced.returncode == 2
    bad_rerun = goide("test", "--rerun-fails", "-1", "--input", "-", stdin=b"")
    assert bad_rerun.returncode == 2
    unclosed = goide("test", "--post-run-command", "echo 'x", "--input", "-", stdin=b"")
    assert unclosed.returncode == 2
    said = unclosed.stderr.decode().splitlines()
    assert said[0] == "error: --post-run-command: no closing quotation: echo 'x"

    device = goide("test", "--compare", "/dev/zero", "--input", "-", stdin=b"", timeout=60)
    assert device.returncode == 2
    assert device.stderr.decode().splitlines() == [
        "error: /dev/zero is a device, not a goide test --json report",
        "hint: pass a report written by goide test --json",
    ]


@pytest.mark.parametrize("tool", [["slowest"], ["matrix", "--buckets", "2"]])
def test_tools_refuse_a_device_instead_of_reading_it_forever(tool: list[str]) -> None:
    result = goide("test", tool[0], "--input", "/dev/zero", *tool[1:], timeout=60)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        "error: /dev/zero is a device, not a `go test -json` stream",
        "hint: pass a stream saved with `goide test --jsonfile FILE` or `go test -json > FILE`",
    ]


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "1e308", "soon"])
def test_go_timeout_must_be_a_sane_number_of_seconds(value: str) -> None:
    result = goide("test", f"--go-timeout={value}", "--input", "-", stdin=b"")
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert err.startswith("error: --go-timeout must be a number of seconds above 0")
    assert err.splitlines()[1].startswith("hint: ")


def test_stdin_input(recordings: dict[str, Recording]) -> None:
    result = goide("test", "--input", "-", stdin=recordings["cached"].stream.read_bytes())
    assert result.returncode == 0
    assert "(cached)" in result.stdout.decode()


def test_fuzz_reader_and_aggregate(recordings: dict[str, Recording], tmp_path: Path) -> None:
    seeds = [line for r in recordings.values() for line in r.stream.read_bytes().splitlines()[:400]]
    seeds.extend(recordings["buildtext"].stderr.read_bytes().splitlines())

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(mutated_streams(seeds))
    def run(data: bytes) -> None:
        check_stream(data, tmp_path / "fuzz.xml")
        check_encodings(data)
        check_fast_path(data)

    run()


def test_fast_path_is_the_plain_path(recordings: dict[str, Recording]) -> None:
    """`consume`'s inlined hot path ends where feeding each line through `feed` does, on every
    real recording whole, on two of them back to back (packages run again), and on the real
    streams with lines cut, dropped, repeated or spliced with junk."""
    streams = [r.stream.read_bytes() for r in recordings.values()]
    streams.append(recordings["all"].stream.read_bytes() + recordings["hang"].stream.read_bytes() * 2)
    for stream in streams:
        check_fast_path(stream)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(edited_streams(streams))
    def run(data: bytes) -> None:
        check_fast_path(data)

    run()


def test_names_that_are_not_strings_do_not_crash() -> None:
    """A corrupted event whose Package or Test is a list or an object (not hashable) is read, not
    a crash (it was an internal error: a list is no dictionary key)."""
    stream = (
        b'{"Action":"start","Package":"p"}\n'
        b'{"Action":"output","Package":["p"],"Test":"x","Output":"y\\n"}\n'
        b'{"Action":"output","Package":{"a":1},"Output":"y\\n"}\n'
        b'{"Action":"run","Package":"p","Test":["x"]}\n'
        b'{"Action":"output","Package":"p","Test":["x"],"Output":"z\\n"}\n'
        b'{"Action":"fail","Package":"p","Test":["x"]}\n'
        b'{"Action":"fail","Package":"p"}\n'
    )
    result = goide("test", "--input", "-", stdin=stream)
    assert result.returncode == 1, result.stderr
    out = result.stdout.decode()
    assert "FAIL: 1 test, 0 passed, 1 failed" in out
    assert "['x']" in out  # the failed test, named by its text
    check_fast_path(stream)


def test_rerun_needs_go_test(tmp_path: Path) -> None:
    result = goide("test", "--input", "-", "--rerun-fails", "2", stdin=b"")
    assert result.returncode == 2
    assert result.stderr.decode().startswith("error: --rerun-fails needs to run go test")


def test_a_live_pipe_is_read_line_by_line() -> None:
    """Events reach the reader while go test still writes (no waiting for a full 1 MiB chunk)."""
    import os
    import threading

    read_end, write_end = os.pipe()
    got_first = threading.Event()
    signalled: list[bool] = []

    def writer() -> None:
        os.write(write_end, b'{"Action":"start","Package":"p"}\n')
        # Keep the pipe open until the reader has the line; a reader waiting for more
        # input would only see it at close, after this wait gives up.
        signalled.append(got_first.wait(timeout=30))
        os.close(write_end)

    thread = threading.Thread(target=writer)
    thread.start()
    with os.fdopen(read_end, "rb") as stream:
        for item in read_events(stream, ReadStats()):
            assert item == {"Action": "start", "Package": "p"}
            got_first.set()
    thread.join()
    assert signalled == [True]
