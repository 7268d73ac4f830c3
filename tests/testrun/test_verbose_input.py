"""`goide test --input` of plain `go test -v` text: the same results as the `-json` stream of the
same packages, and the same per-package counts as go-junit-report v2.1.0 on the very same text."""

from __future__ import annotations

import io
import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.fuzz_gotestv import check_text, mutated_texts
from goide.testrun.aggregate import Aggregate
from goide.testrun.streamin import JSON, VERBOSE, consume_stream, stream_kind
from goide.testrun.testjson import ReadStats
from tests.helpers import goide, tool
from tests.testrun.verbose_module import VerboseRecording, record_verbose

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def verbose() -> dict[str, VerboseRecording]:
    return record_verbose()


def _report(source: Path, tmp: Path, *extra: str) -> dict[str, Any]:
    out = tmp / f"{source.name}.report.json"
    result = goide("test", "--input", str(source), "--json", str(out), *extra)
    assert result.returncode in (0, 1), result.stderr.decode()
    report: dict[str, Any] = json.loads(out.read_text())
    return report


def _outcomes(report: dict[str, Any]) -> dict[tuple[str, str], tuple[str, str]]:
    return {(p["name"], t["name"]): (t["status"], t["crash"]) for p in report["packages"] for t in p["tests"]}


@pytest.mark.parametrize("name", ["all", "hang"])
def test_text_gives_the_results_of_the_json_stream(
    verbose: dict[str, VerboseRecording], tmp_path: Path, name: str
) -> None:
    text = _report(verbose[name].text, tmp_path)
    stream = _report(verbose[name].stream, tmp_path)
    assert _outcomes(text) == _outcomes(stream)
    assert len(_outcomes(text)) > 10
    for key in ("passed", "failed", "skipped", "packages", "packages_failed"):
        assert text["totals"][key] == stream["totals"][key], key
    assert text["status"] == stream["status"]
    by_name = {p["name"]: p for p in stream["packages"]}
    for package in text["packages"]:
        theirs = by_name[package["name"]]
        for key in ("status", "coverage", "failed_build", "timed_out", "panicked", "no_test_files"):
            assert bool(package[key]) == bool(theirs[key]), (package["name"], key)


def _junit_counts(path: Path) -> dict[str, tuple[int, int, int]]:
    """Per test suite: tests, failed (failures + errors), skipped."""
    counts = {}
    for suite in ET.parse(path).getroot().iter("testsuite"):
        counts[suite.get("name", "")] = (
            int(suite.get("tests", "0")),
            int(suite.get("failures", "0")) + int(suite.get("errors", "0")),
            int(suite.get("skipped", "0")),
        )
    return counts


@pytest.mark.parametrize("name", ["all", "hang"])
def test_counts_match_go_junit_report(
    verbose: dict[str, VerboseRecording], tmp_path: Path, name: str
) -> None:
    text = verbose[name].text
    theirs_path = tmp_path / "gjr.xml"
    subprocess.run(
        [str(tool("go-junit-report")), "-in", str(text), "-out", str(theirs_path)], check=True, timeout=60
    )
    ours_path = tmp_path / "goide.xml"
    result = goide(
        "test", "--input", str(text), "--junit", str(ours_path), "--json", str(tmp_path / "r.json")
    )
    assert result.returncode == 1, result.stderr.decode()
    report = json.loads((tmp_path / "r.json").read_text())
    ours, theirs = _junit_counts(ours_path), _junit_counts(theirs_path)
    common = set(ours) & set(theirs)
    assert {p["name"] for p in report["packages"] if p["tests"]} <= common
    assert {k: ours[k] for k in common} == {k: theirs[k] for k in common}
    # docs/test.md, "coming from go-junit-report": it makes a suite of every `# PKG` header of
    # compiler or vet output (a broken dependency, vet's `# [PKG]`), goide a build failure that
    # names the packages it broke; goide lists a package with no tests as an empty suite.
    builds = {b["import_path"].split(" ")[0] for b in report["build_failures"]}
    assert set(theirs) - common <= builds
    assert all(ours[k] == (0, 0, 0) for k in set(ours) - common)


def test_text_junit_validates(verbose: dict[str, VerboseRecording], tmp_path: Path) -> None:
    out = tmp_path / "j.xml"
    goide("test", "--input", str(verbose["all"].text), "--junit", str(out))
    xmlschema.XMLSchema(DATA / "junit-jenkins.xsd").validate(str(out))


def test_text_on_stdin_is_detected(verbose: dict[str, VerboseRecording], tmp_path: Path) -> None:
    data = verbose["all"].text.read_bytes()
    piped = goide("test", "--input", "-", stdin=data)
    named = goide("test", "--input", str(verbose["all"].text))
    assert piped.returncode == named.returncode == 1
    assert piped.stdout == named.stdout
    assert b"--- FAIL: TestFatal" in piped.stdout


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'{"Action":"start","Package":"m"}\n', JSON),
        (b"go: downloading x v1.0.0\n# m/p\np.go:1: bad\n=== RUN   TestA\n", VERBOSE),
        (b"# m/p\np.go:3: undefined: x\nFAIL\tm/p [build failed]\n", VERBOSE),
        (b"ok  \tm/p\t0.01s\n", VERBOSE),
        (b"# m/p\n" + b'{"Action":"output"}\n', JSON),
        (b"go: downloading x\n", None),
    ],
)
def test_stream_kind(head: bytes, kind: str | None) -> None:
    assert stream_kind(head) == kind


def test_raw_copy_is_every_byte_read() -> None:
    # Not only events: garbage, invalid UTF-8, CRLF and a last line with no newline are copied too.
    data = (
        b"garbage\r\n\xff\xfe\n"
        b'{"Action":"start","Package":"m"}\n'
        + b'{"Action":"output","Package":"m","Output":"'
        + b"x" * 300_000
        + b'\\n"}\n'
        + b'{"Action":"pass","Package":"m","Elapsed":0.1}'
    )
    copy = io.BytesIO()
    agg = Aggregate()
    consume_stream(io.BufferedReader(io.BytesIO(data)), agg, ReadStats(), raw_copies=[copy])  # type: ignore[arg-type]
    assert copy.getvalue() == data
    assert agg.packages["m"].status == "pass"


def test_jsonfile_of_a_real_run_reads_back_the_same(
    verbose: dict[str, VerboseRecording], tmp_path: Path
) -> None:
    from tests.testrun.gomodule import module_dir

    raw, first, second = tmp_path / "raw.json", tmp_path / "first.json", tmp_path / "second.json"
    run = goide(
        "test",
        "--plain",
        "--jsonfile",
        str(raw),
        "--json",
        str(first),
        "./bad",
        "./good",
        cwd=module_dir(),
    )
    assert run.returncode == 1, run.stderr.decode()
    lines = raw.read_bytes().splitlines()
    assert lines
    assert all(json.loads(line)["Action"] for line in lines)
    again = goide("test", "--input", str(raw), "--json", str(second))
    assert again.returncode == 1
    assert _outcomes(json.loads(first.read_text())) == _outcomes(json.loads(second.read_text()))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzz_text_reader(verbose: dict[str, VerboseRecording], tmp_path: Path, data: st.DataObject) -> None:
    seed_lines = [
        line[:300] for name in ("all", "hang") for line in verbose[name].text.read_bytes().splitlines()
    ]
    check_text(data.draw(mutated_texts(seed_lines)), tmp_path / "j.xml")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff\xfe garbage\n" * 10,
        b"=== RUN   \n--- FAIL: \n",
        b"        --- PASS: TestDeep (0.00s)\nok  \tm/p\t0.1s\n",
        b"--- FAIL: TestX (nans)\nFAIL\n",
        b"=== ATTR  TestA\n=== ARTIFACTS \nPASS\n",
        b"=== RUN   TestA\n" + b"y" * 3_000_000 + b"\n--- PASS: TestA (0.00s)\nok  \tm/p\t0.01s\n",
        b"ok  \tm/p\t(cached)\nok  \tm/p\t(cached)\n",
    ],
)
def test_hostile_text(data: bytes) -> None:
    check_text(data)


def test_text_without_events_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "log.txt"
    path.write_bytes(b"go: downloading example.com/x v1.0.0\nsomething else\n")
    result = goide("test", "--input", str(path))
    assert result.returncode == 2
    assert result.stderr.decode().startswith("error: no `go test -json` events in")
    assert b"Traceback" not in result.stderr


def test_test_binary_output_run_by_hand() -> None:
    # `./pkg.test -test.v` prints no package summary line; its final PASS/FAIL settles it.
    data = (
        b"=== RUN   TestA\n--- PASS: TestA (0.01s)\n"
        b"=== RUN   TestB\n    b_test.go:3: no\n--- FAIL: TestB (0.00s)\nFAIL\n"
    )
    agg = Aggregate()
    consume_stream(io.BytesIO(data), agg, ReadStats())
    agg.finish()
    package = agg.packages[""]
    assert (package.status, package.passed, package.failed) == ("fail", 1, 1)
