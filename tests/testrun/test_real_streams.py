"""`goide test --input` on real `go test -json` recordings, case by case and against gotestsum.

Every recording is read by goide and by gotestsum (--jsonfile and --junitfile of the same bytes);
per-test outcomes must agree except where docs/test.md explains why they differ.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import xmlschema

from tests.testrun.compare import GoideRun, end_events, run_goide, run_gotestsum
from tests.testrun.gomodule import MODULE, Recording

DATA = Path(__file__).resolve().parent.parent / "data"
M = MODULE


def _input_for(recording: Recording, tmp_path: Path) -> Path:
    """The stream as a user would pipe it; for the pre-1.24 run, stderr merged in (2>&1)."""
    if recording.name != "buildtext":
        return recording.stream
    merged = tmp_path / "merged.json"
    merged.write_bytes(recording.stderr.read_bytes() + recording.stream.read_bytes())
    return merged


def _documented_differences(run: GoideRun) -> dict[tuple[str, str], tuple[str, str]]:
    """docs/test.md, "Differences with gotestsum": benchmarks get no pass event
    (go.dev/issue/61767); gotestsum fails them as unfinished, goide passes those that finished
    (their package passed, or their result line is there). A test that passed and whose goroutine
    later crashed the binary (`created by` names it) fails in goide, passes in gotestsum."""
    differences = {
        (p["name"], t["name"]): ("pass", "fail")
        for p in run.report["packages"]
        for t in p["tests"]
        if t["status"] == "pass" and t["name"].startswith("Benchmark")
    }
    differences.update(
        {
            (p["name"], t["name"]): ("fail", "pass")
            for p in run.report["packages"]
            for t in p["tests"]
            if t["crash"] == "panic" and t["elapsed"] is not None
        }
    )
    return differences


STREAMS = ["all", "cached", "hang", "bench", "buildtext", "crashes", "timeoutpar", "benchfail"]


@pytest.mark.parametrize("name", STREAMS)
def test_outcomes_match_gotestsum(recordings: dict[str, Recording], tmp_path: Path, name: str) -> None:
    recording = recordings[name]
    goide_run = run_goide(_input_for(recording, tmp_path), tmp_path / "goide")
    stderr_file = recording.stderr if name == "buildtext" else None
    gotestsum = run_gotestsum(recording.stream, tmp_path / "gotestsum", stderr_file)

    ours = goide_run.outcomes()
    theirs = gotestsum.junit_outcomes
    assert set(ours) == set(theirs)
    differences = {k: (ours[k], theirs[k]) for k in ours if ours[k] != theirs[k]}
    assert differences == _documented_differences(goide_run)

    # gotestsum's synthetic "TestMain" failure is goide's package-level failure: a build failure,
    # a package that failed with no failed test, or a timeout.
    package_failures = {
        p["name"]
        for p in goide_run.report["packages"]
        if p["status"] == "fail"
        and (p["failed_build"] or p["timed_out"] or not any(t["status"] == "fail" for t in p["tests"]))
    }
    assert package_failures == gotestsum.testmain_packages

    # --jsonfile is the same run: gotestsum copied the very bytes goide read, and goide never
    # contradicts a result event the stream carries but for a test whose goroutine crashed the
    # binary after its pass event (documented above).
    assert gotestsum.jsonfile == recording.stream.read_bytes()
    for key, action in end_events(gotestsum.jsonfile).items():
        assert ours[key] == action or differences.get(key) == ("fail", "pass"), key


@pytest.mark.parametrize("name", STREAMS)
def test_junit_validates_against_the_jenkins_schema(
    recordings: dict[str, Recording], tmp_path: Path, name: str
) -> None:
    run = run_goide(_input_for(recordings[name], tmp_path), tmp_path)
    schema = xmlschema.XMLSchema(DATA / "junit-jenkins.xsd")
    schema.validate(str(run.junit))


@pytest.fixture(scope="module")
def all_run(recordings: dict[str, Recording], tmp_path_factory: pytest.TempPathFactory) -> GoideRun:
    return run_goide(recordings["all"].stream, tmp_path_factory.mktemp("all"))


def test_exit_status_is_one_when_anything_failed(all_run: GoideRun, recordings: dict[str, Recording]) -> None:
    assert recordings["all"].exit_status == 1
    assert all_run.exit_status == 1


def test_failed_test_has_its_own_output_and_message_first(all_run: GoideRun) -> None:
    fatal = all_run.test(f"{M}/bad", "TestFatal")
    assert fatal["status"] == "fail"
    assert fatal["message"].strip() == "bad_test.go:18: Half(3) = 1, want 1.5"
    assert "before the failure" in fatal["output"]
    assert "=== RUN" not in fatal["output"]
    assert "--- FAIL" not in fatal["output"]
    text = all_run.stdout
    block = text[text.index("--- FAIL: TestFatal") :]
    assert block.index("| ") < block.index("output:") < block.index("before the failure")


def test_nested_subtests(all_run: GoideRun) -> None:
    broken = all_run.test(f"{M}/bad", "TestSubFails/group/broken")
    assert broken["status"] == "fail"
    assert broken["message"].splitlines() == [
        "    bad_test.go:25: first line of the error",
        "        second line",
    ]
    assert all_run.test(f"{M}/bad", "TestSubFails/ok")["status"] == "pass"
    assert all_run.test(f"{M}/bad", "TestSubFails")["output"] == ""
    # In the summary the failing subtest is nested under its parents.
    lines = all_run.stdout.splitlines()
    summary = lines.index("Failed tests")
    parent = next(
        i
        for i, line in enumerate(lines)
        if i > summary and line.strip().startswith("--- FAIL: TestSubFails (")
    )
    assert lines[parent + 1].strip().startswith("--- FAIL: TestSubFails/group ")
    assert lines[parent + 2].strip().startswith("--- FAIL: TestSubFails/group/broken ")


def test_long_line_is_cut_and_invalid_utf8_replaced(all_run: GoideRun) -> None:
    noisy = all_run.test(f"{M}/bad", "TestNoisyFailure")
    long_line = next(line for line in noisy["output"].splitlines() if line.startswith("yyy"))
    assert long_line.startswith("y" * 16384)
    assert long_line.endswith(f"[{200 * 1024 - 16384} characters cut]")
    assert "invalid \ufffd( utf-8" in noisy["output"]
    assert noisy["message"].strip() == "bad_test.go:33: noisy failure"


def test_example_and_fuzz_seeds(all_run: GoideRun) -> None:
    example = all_run.test(f"{M}/bad", "ExampleHalf")
    assert example["status"] == "fail"
    assert example["message"].splitlines() == ["got:", "2", "want:", "3"]
    assert all_run.test(f"{M}/good", "ExampleAdd")["status"] == "pass"
    assert all_run.test(f"{M}/good", "FuzzAdd/seed#0")["status"] == "pass"
    assert all_run.test(f"{M}/good", "FuzzAdd/seed#1")["status"] == "pass"


def test_panics_exits_and_crashes(all_run: GoideRun) -> None:
    panic = all_run.test(f"{M}/panics", "TestPanic")
    assert panic["status"] == "fail"
    assert panic["panicked"]
    assert panic["message"].startswith("panic: assignment to entry in nil map")
    assert all_run.test(f"{M}/panics", "TestBeforePanic")["status"] == "pass"

    inner = all_run.test(f"{M}/gopanic", "TestGoroutinePanic/inner")
    assert (inner["status"], inner["crash"], inner["elapsed"]) == ("fail", "panic", None)
    assert inner["message"].startswith("panic: panic in a goroutine")
    assert all_run.test(f"{M}/gopanic", "TestGoroutinePanic")["crash"] == "subtest-crashed"

    exit1 = all_run.test(f"{M}/exit1", "TestExit1")
    assert (exit1["status"], exit1["crash"]) == ("fail", "exit")
    assert all_run.test(f"{M}/exit1", "TestFine")["status"] == "pass"

    exit0 = all_run.test(f"{M}/exit0", "TestExit0")
    assert exit0["status"] == "fail"
    assert "unexpected call to os.Exit(0)" in exit0["message"]
    assert "Panics and timeouts" in all_run.stdout


def test_build_and_vet_failures_link_to_every_broken_package(all_run: GoideRun) -> None:
    builds = {b["import_path"]: b for b in all_run.report["build_failures"]}
    broken = builds[f"{M}/broken"]
    # In the order the packages ended, which varies with parallel packages.
    assert sorted(broken["broken_packages"]) == [f"{M}/broken", f"{M}/usesbroken"]
    assert "undefined: undefinedName" in broken["output"]
    builderr = builds[f"{M}/builderr [{M}/builderr.test]"]
    assert builderr["broken_packages"] == [f"{M}/builderr"]
    vet = builds[f"{M}/veterr [{M}/veterr.test]"]
    assert "fmt.Printf format %s reads arg #1" in vet["output"]
    assert all_run.package(f"{M}/usesbroken")["failed_build"] == f"{M}/broken"
    assert all_run.report["totals"]["build_errors"] == 3
    assert (
        f"{M}/broken  (broke: {M}/broken, {M}/usesbroken)" in all_run.stdout
        or f"{M}/broken  (broke: {M}/usesbroken, {M}/broken)" in all_run.stdout
    )


def test_skips_attrs_coverage_and_parallel(all_run: GoideRun) -> None:
    assert all_run.test(f"{M}/good", "TestSkipped")["skip_reason"] == "good_test.go:21: needs a database"
    assert all_run.test(f"{M}/good", "TestNested/level_one/skipped_inside")["skip_reason"].endswith(
        "skip reason 7"
    )
    assert all_run.test(f"{M}/good", "TestAttr")["attrs"] == {"owner": "team-x", "issue": "GT-42"}
    for name in ("a", "b", "c"):
        assert all_run.test(f"{M}/good", f"TestParallel/{name}")["status"] == "pass"
    assert all_run.package(f"{M}/good")["coverage"] == "100.0% of statements"
    assert "good_test.go:21: needs a database" in all_run.stdout
    totals = all_run.report["totals"]
    outcomes = list(all_run.outcomes().values())
    assert (totals["passed"], totals["failed"], totals["skipped"]) == (
        outcomes.count("pass"),
        outcomes.count("fail"),
        outcomes.count("skip"),
    )


def test_cached_package(recordings: dict[str, Recording], tmp_path: Path) -> None:
    run = run_goide(recordings["cached"].stream, tmp_path)
    assert run.exit_status == 0 == recordings["cached"].exit_status
    assert run.package(f"{M}/good")["cached"]
    assert f"{M}/good  (cached)" in run.stdout


def test_timeout_is_attributed_to_the_running_test(recordings: dict[str, Recording], tmp_path: Path) -> None:
    run = run_goide(recordings["hang"].stream, tmp_path)
    hangs = run.test(f"{M}/hang", "TestHangs")
    assert (hangs["status"], hangs["crash"]) == ("fail", "timeout")
    assert hangs["message"].startswith("panic: test timed out after 2s")
    assert run.package(f"{M}/hang")["timed_out"]
    assert run.test(f"{M}/hang", "TestQuick")["status"] == "pass"
    notests = run.package(f"{M}/notests")
    assert notests["no_test_files"]
    assert notests["status"] == "skip"


def test_benchmarks_pass_with_their_package(recordings: dict[str, Recording], tmp_path: Path) -> None:
    run = run_goide(recordings["bench"].stream, tmp_path)
    assert run.exit_status == 0
    assert run.test(f"{M}/good", "BenchmarkAdd")["status"] == "pass"
    assert run.test(f"{M}/good", "BenchmarkAddLogged")["status"] == "pass"


def test_pre_go124_text_build_errors_are_linked(recordings: dict[str, Recording], tmp_path: Path) -> None:
    recording = recordings["buildtext"]
    assert b"build-output" not in recording.stream.read_bytes()  # really the old text form
    run = run_goide(_input_for(recording, tmp_path), tmp_path)
    builds = {b["import_path"]: b for b in run.report["build_failures"]}
    assert builds[f"{M}/builderr [{M}/builderr.test]"]["broken_packages"] == [f"{M}/builderr"]
    assert builds[f"{M}/broken"]["broken_packages"] == [f"{M}/usesbroken"]
    assert all(b["from_text"] for b in builds.values())
    assert "cannot use Value()" in run.stdout
    assert run.report["stream"]["non_json_lines"] == len(recording.stderr.read_bytes().splitlines())
