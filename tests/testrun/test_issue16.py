"""Issue 16, `goide test` items 1-11: real `go test -json` streams (tests/testrun/gomodule.py) read
with `goide test --input`, one test per item; each failed before its fix."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from tests.helpers import goide, tool
from tests.testrun.compare import GoideRun, run_goide
from tests.testrun.gomodule import MODULE, Recording, module_dir

M = MODULE
Recordings = dict[str, Recording]


def _read(recordings: Recordings, name: str, tmp_path: Path) -> GoideRun:
    return run_goide(recordings[name].stream, tmp_path / name)


def _junit_case(run: GoideRun, package: str, name: str) -> ET.Element:
    root = ET.parse(run.junit).getroot()
    for case in root.iter("testcase"):
        if case.get("classname") == package and case.get("name") == name:
            return case
    raise AssertionError(f"no testcase {package} {name}")


def _junit_text(case: ET.Element) -> str:
    element = case.find("failure")
    if element is None:
        element = case.find("error")
    assert element is not None, ET.tostring(case)
    return element.text or ""


def test_timeout_panic_filed_under_a_passed_subtest_goes_to_the_test_that_timed_out(
    recordings: Recordings, tmp_path: Path
) -> None:
    """Item 1: test2json files `panic: test timed out` under TestParent/fast, whose `--- PASS`
    arrives after it; the panic was dropped with the passing output."""
    run = _read(recordings, "timeoutpar", tmp_path)
    package = f"{M}/timeoutpar"
    fast = run.test(package, "TestParent/fast")
    slow = run.test(package, "TestParent/slow")
    assert fast["status"] == "pass"
    assert slow["status"] == "fail"
    assert slow["crash"] == "timeout"
    assert slow["message"].startswith("panic: test timed out after 1s")
    assert "TestParent/slow" in slow["message"]
    assert run.package(package)["timed_out"]
    assert "panic: test timed out after 1s" in run.stdout
    assert "panic: test timed out after 1s" in _junit_text(_junit_case(run, package, "TestParent/slow"))


def test_goroutine_panic_is_blamed_on_the_test_that_started_it(
    recordings: Recordings, tmp_path: Path
) -> None:
    """Items 1 and 11: a goroutine of TestWorker panics while TestLater runs; test2json files the
    panic under TestLater. `created by ...TestWorker` names the culprit."""
    run = _read(recordings, "crashes", tmp_path)
    package = f"{M}/late"
    worker = run.test(package, "TestWorker")
    later = run.test(package, "TestLater")
    assert worker["status"] == "fail"
    assert worker["panicked"]
    assert worker["crash"] == "panic"
    assert worker["message"] == "panic: worker goroutine failed"
    assert "created by example.com/gt/late.TestWorker" in worker["output"]
    assert later["status"] == "fail"
    assert later["crash"] == "other-crashed"
    assert not later["panicked"]
    assert "panic:" not in later["output"]
    assert run.package(package)["panicked"]
    assert "late TestWorker: a goroutine it started panicked" in run.stdout
    assert "TestLater: was running when a goroutine of TestWorker crashed" in run.stdout
    case = _junit_case(run, package, "TestWorker")
    assert "panic: worker goroutine failed" in _junit_text(case)


def test_example_panic_in_package_output_reaches_the_example(recordings: Recordings, tmp_path: Path) -> None:
    """Item 2: an Example's panic is package output (after the example's fail event)."""
    run = _read(recordings, "crashes", tmp_path)
    package = f"{M}/expanic"
    example = run.test(package, "Example_panics")
    assert example["status"] == "fail"
    assert example["panicked"]
    assert example["message"] == "panic: example blew up [recovered, repanicked]"
    assert "exit status" not in example["output"]
    assert "Example_panics: panicked: panic: example blew up" in run.stdout
    assert "panic: example blew up" in _junit_text(_junit_case(run, package, "Example_panics"))


def test_finished_benchmarks_pass_when_another_benchmark_fails(
    recordings: Recordings, tmp_path: Path
) -> None:
    """Item 3 (and item 2's b.Log before b.Fatal): Go sends no pass event for benchmarks."""
    run = _read(recordings, "benchfail", tmp_path)
    package = f"{M}/benchfail"
    assert run.package(package)["status"] == "fail"
    assert run.test(package, "BenchmarkFine")["status"] == "pass"
    assert run.test(package, "BenchmarkAfter")["status"] == "pass"
    failed = run.test(package, "BenchmarkLogThenFail")
    assert failed["status"] == "fail"
    assert "setting up the fixture" in failed["output"]
    assert "fixture missing" in _junit_text(_junit_case(run, package, "BenchmarkLogThenFail"))
    assert "1 failed" in run.stdout.splitlines()[-1]


def test_pre_124_text_build_error_of_a_tested_dependency_is_linked(
    recordings: Recordings, tmp_path: Path
) -> None:
    """Item 4: `lib` (tested, broken) breaks `app`; Go 1.24's FailedBuild says so for the same
    tree, the pre-1.24 text (GODEBUG=gotestjsonbuildtext=1, stderr merged) must say the same."""
    text_stream = tmp_path / "merged.json"
    text_stream.write_bytes(
        recordings["deptext"].stderr.read_bytes() + recordings["deptext"].stream.read_bytes()
    )
    from_text = run_goide(text_stream, tmp_path / "text")
    from_events = run_goide(recordings["depjson"].stream, tmp_path / "events")

    def links(run: GoideRun) -> dict[str, set[str]]:
        return {b["import_path"]: set(b["broken_packages"]) for b in run.report["build_failures"]}

    assert links(from_events) == {f"{M}/lib": {f"{M}/lib", f"{M}/app"}}
    assert links(from_text) == links(from_events)


def test_output_without_final_newline_is_not_glued_to_the_fail_line(
    recordings: Recordings, tmp_path: Path
) -> None:
    """Item 5."""
    run = _read(recordings, "crashes", tmp_path)
    package = f"{M}/framey"
    no_newline = run.test(package, "TestNoNewline")
    assert no_newline["output"] == "progress: 50%\n"
    assert no_newline["message"] == "progress: 50%"
    then_error = run.test(package, "TestNoNewlineThenError")
    assert then_error["message"] == "    framey_test.go:22: went wrong"
    assert "--- FAIL" not in _junit_text(_junit_case(run, package, "TestNoNewline"))


def test_test_output_that_looks_like_framing_is_kept(recordings: Recordings, tmp_path: Path) -> None:
    """Item 6: current Go makes no events for these lines; they are the test's own output."""
    run = _read(recordings, "crashes", tmp_path)
    test = run.test(f"{M}/framey", "TestPrintsFraming")
    assert test["output"] == (
        "=== RUN   TestImaginary\n"
        "--- FAIL: TestImaginary (0.00s)\n"
        "    --- PASS: TestOther (0.00s)\n"
        "    framey_test.go:12: real failure\n"
    )
    assert test["message"] == "    framey_test.go:12: real failure"


def test_subtests_with_slashes_in_their_names_nest_under_their_parent(
    recordings: Recordings, tmp_path: Path
) -> None:
    """Item 7: t.Run("GET /users/{id}") is a child of TestRoutes, not a root test."""
    run = _read(recordings, "crashes", tmp_path)
    names = [t["name"] for t in run.package(f"{M}/slashsub")["tests"]]
    assert names == [
        "TestRoutes",
        "TestRoutes/GET_/users/{id}",
        "TestRoutes/GET_/users/{id}/not_found",
        "TestRoutes/plain",
    ]
    lines = run.stdout.splitlines()
    lines = lines[lines.index("Failed tests") :]
    parent = next(i for i, line in enumerate(lines) if line.startswith("    --- FAIL: TestRoutes ("))
    assert lines[parent + 1].startswith("        --- FAIL: TestRoutes/GET_/users/{id} (")
    assert lines[parent + 2].startswith("            --- FAIL: TestRoutes/GET_/users/{id}/not_found (")


def test_panic_in_a_subtest_is_the_subtests_and_marks_the_package(
    recordings: Recordings, tmp_path: Path
) -> None:
    """Item 7: the subtest's panic is printed after the parent's `--- FAIL` and filed under it."""
    run = _read(recordings, "crashes", tmp_path)
    package = f"{M}/subpanic"
    boom = run.test(package, "TestOuter/boom")
    outer = run.test(package, "TestOuter")
    assert boom["panicked"]
    assert boom["message"].startswith("panic: runtime error: invalid memory address")
    assert not outer["panicked"]
    assert "panic:" not in outer["output"]
    assert run.package(package)["panicked"]
    assert "[panic]" in next(
        line for line in run.stdout.splitlines() if "FAIL  example.com/gt/subpanic" in line
    )


def test_a_repeated_result_event_is_not_another_test(recordings: Recordings, tmp_path: Path) -> None:
    """Item 7: a second result for the same test without a new `run` (a stream cat'ed twice in
    part, a converter bug): the real `pass` line of TestRoutes/plain appears twice."""
    lines = recordings["crashes"].stream.read_bytes().splitlines(keepends=True)
    repeated = next(i for i, line in enumerate(lines) if b'"pass"' in line and b"TestRoutes/plain" in line)
    stream = tmp_path / "repeated.json"
    stream.write_bytes(b"".join([*lines[: repeated + 1], lines[repeated], *lines[repeated + 1 :]]))
    run = run_goide(stream, tmp_path / "out")
    plain = [t for t in run.package(f"{M}/slashsub")["tests"] if t["name"] == "TestRoutes/plain"]
    assert len(plain) == 1
    assert run.report["totals"]["passed"] == _read(recordings, "crashes", tmp_path).report["totals"]["passed"]
    assert "1 repeated result event ignored" in run.stdout


def test_stream_cut_by_killing_go_test_says_the_stream_ended(tmp_path: Path) -> None:
    """Item 8: go test is killed while TestP sleeps after TestP/sub printed `--- PASS` (whose
    event test2json sends only when the next line arrives)."""
    proc = subprocess.Popen(
        [str(tool("go")), "test", "-json", "-count=3", "./killed"],  # 1 and 2 are test_issue17's
        cwd=module_dir(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert proc.stdout is not None
    captured = b""
    deadline = time.monotonic() + 120
    try:
        for line in proc.stdout:
            captured += line
            if b"--- PASS: TestP/sub" in line or time.monotonic() > deadline:
                break
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert b"--- PASS: TestP/sub" in captured
    stream = tmp_path / "killed.json"
    stream.write_bytes(captured)
    run = run_goide(stream, tmp_path / "out")
    package = f"{M}/killed"
    assert run.test(package, "TestP/sub")["status"] == "pass"
    parent = run.test(package, "TestP")
    assert parent["status"] == "fail"
    assert parent["crash"] == "stream-ended"
    assert "os.Exit" not in run.stdout
    assert "the stream ended before its result" in run.stdout
    assert "[stream ended before the result]" in run.stdout


def test_input_reports_the_runs_time_not_the_read_time(recordings: Recordings, tmp_path: Path) -> None:
    """Item 9: TestLater's package takes over 0.3 s (the panic comes after 300 ms)."""
    run = _read(recordings, "crashes", tmp_path)
    events = [json.loads(line) for line in recordings["crashes"].stream.read_bytes().splitlines()]
    times = [e["Time"] for e in events if "Time" in e]
    from datetime import datetime

    span = (datetime.fromisoformat(times[-1][:26]) - datetime.fromisoformat(times[0][:26])).total_seconds()
    assert span > 0.3
    assert run.stdout.splitlines()[-1].endswith(f" in {span:.1f}s") or f" in {span:.1f}s" in run.stdout


def test_pre_120_stream_without_start_events_has_no_never_started_note(
    recordings: Recordings, tmp_path: Path
) -> None:
    """Item 9: Go before 1.20 sent no `start` events (go1.20 release notes). The stream is the real
    recording with its start events taken out, which is the shape Go 1.19 writes."""
    lines = recordings["all"].stream.read_bytes().splitlines(keepends=True)
    stream = tmp_path / "go119.json"
    stream.write_bytes(b"".join(line for line in lines if b'"Action":"start"' not in line))
    old = run_goide(stream, tmp_path / "old")
    new = run_goide(recordings["all"].stream, tmp_path / "new")
    assert "never started" not in old.stdout
    assert old.outcomes() == new.outcomes()


def _encoded(data: bytes, encoding: str) -> bytes:
    if encoding == "utf-8-bom":
        return b"\xef\xbb\xbf" + data
    # Windows PowerShell 5.1: `go test -json > file` writes UTF-16 LE with a BOM and CRLF.
    return b"\xff\xfe" + data.decode().replace("\n", "\r\n").encode("utf-16-le")


def test_bom_and_utf16_streams_are_decoded(recordings: Recordings, tmp_path: Path) -> None:
    """Item 10: the first event after a UTF-8 BOM was lost; UTF-16 was read as no events."""
    plain = run_goide(recordings["crashes"].stream, tmp_path / "plain")
    for encoding in ("utf-8-bom", "utf-16"):
        stream = tmp_path / f"{encoding}.json"
        stream.write_bytes(_encoded(recordings["crashes"].stream.read_bytes(), encoding))
        run = run_goide(stream, tmp_path / encoding)
        assert run.exit_status == 1, run.stderr
        assert run.outcomes() == plain.outcomes()
        assert run.report["stream"]["events"] == plain.report["stream"]["events"]
        assert run.report["stream"]["non_json_lines"] == 0
    piped = goide("test", "--input", "-", stdin=_encoded(recordings["crashes"].stream.read_bytes(), "utf-16"))
    assert piped.returncode == 1
    assert b"read as UTF-16" in piped.stdout


def test_text_build_error_no_package_reported_is_in_junit(recordings: Recordings, tmp_path: Path) -> None:
    """Item 10: the stderr of the pre-1.24 run alone (no package events name the failure)."""
    stream = tmp_path / "stderr-and-one-package.json"
    good = [
        line for line in recordings["all"].stream.read_bytes().splitlines(keepends=True) if b"/good" in line
    ]
    stream.write_bytes(recordings["buildtext"].stderr.read_bytes() + b"".join(good))
    run = run_goide(stream, tmp_path / "out")
    root = ET.parse(run.junit).getroot()
    cases: dict[str, Any] = {
        (c.get("classname") or ""): c for c in root.iter("testcase") if c.get("name") == "[build failed]"
    }
    assert any("broken" in name for name in cases), list(cases)
    assert any("undefined" in _junit_text(case) for case in cases.values())


def test_junit_failure_has_no_empty_type_and_counts_are_singular(
    recordings: Recordings, tmp_path: Path
) -> None:
    """issue 17 "Also": `type=""` on <failure>, and "1 tests", "1 build errors", "in 1 packages"."""
    run = _read(recordings, "timeoutpar", tmp_path)
    assert 'type=""' not in run.junit.read_text()
    assert "in 1 package (1 failed)" in run.stdout
    assert " 1 packages" not in run.stdout
