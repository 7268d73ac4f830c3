"""Real streams published by gotestsum (tests/data/testrun/README.md) read with `goide test --input`."""

from __future__ import annotations

from pathlib import Path

from tests.testrun.compare import run_goide

DATA = Path(__file__).resolve().parent.parent / "data" / "testrun"


def test_timeout_printed_after_the_running_tests_pass(tmp_path: Path) -> None:
    """Issue 16 item 1 as Go 1.20rc1 wrote it: TestHello's `--- PASS` came before the timeout panic
    that lists it as running, its pass event after; the panic text was dropped with its output."""
    run = run_goide(DATA / "gotestsum-go-test-json-panic-race.out", tmp_path)
    hello = run.test("github.com/mafredri/test", "TestHello")
    assert hello["status"] == "fail"
    assert hello["crash"] == "timeout"
    assert hello["message"].splitlines()[:3] == [
        "panic: test timed out after 1s",
        "running tests:",
        "\tTestHello (1s)",
    ]
    assert run.package("github.com/mafredri/test")["timed_out"]
    assert (
        "TestHello: was running when the test binary timed out (-timeout): panic: test timed out"
        in run.stdout
    )
    assert "panic: test timed out after 1s" in run.junit.read_text()


def test_stream_without_package_start_or_elapsed(tmp_path: Path) -> None:
    """Go before 1.14: no Package, no start events (no "never started" note), no Elapsed."""
    run = run_goide(DATA / "gotestsum-go-test-json-misattributed.out", tmp_path)
    assert run.exit_status == 1
    outcomes = {name: status for (_, name), status in run.outcomes().items()}
    assert outcomes == {
        "TestOutputWithSubtest": "fail",
        "TestOutputWithSubtest/sub_test": "pass",
        "TestOutputWithSubtest/sub_test/sub2": "pass",
        "TestOutputWithSubtest/sub_test2": "pass",
        "TestOutputWithSubtest/sub_test2/sub2": "pass",
    }
    assert "never started" not in run.stdout
