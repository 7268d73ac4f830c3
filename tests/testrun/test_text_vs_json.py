"""`goide test --input` of plain `go test -v` text gives the results of the `go test -json` stream
of the same packages, failure messages included: both recorded from real runs of the test module
(verbose_module.py, from branch test20)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import goide
from tests.testrun.verbose_module import VerboseRecording, record_verbose


@pytest.fixture(scope="module")
def verbose() -> dict[str, VerboseRecording]:
    return record_verbose()


def _report(source: Path, tmp: Path) -> dict[str, Any]:
    out = tmp / f"{source.name}.report.json"
    result = goide("test", "--input", str(source), "--json", str(out))
    assert result.returncode in (0, 1), result.stderr.decode()
    report: dict[str, Any] = json.loads(out.read_text())
    return report


def _outcomes(report: dict[str, Any]) -> dict[tuple[str, str], tuple[str, str]]:
    return {(p["name"], t["name"]): (t["status"], t["crash"]) for p in report["packages"] for t in p["tests"]}


def _messages(report: dict[str, Any]) -> dict[tuple[str, str], str]:
    """The failure message of each failed test: the output test2json gives it counts (an
    example's got/want and a panic come after its `--- FAIL:` line)."""
    return {
        (p["name"], t["name"]): t["message"]
        for p in report["packages"]
        for t in p["tests"]
        if t["status"] == "fail"
    }


@pytest.mark.parametrize("name", ["all", "hang"])
def test_text_gives_the_results_of_the_json_stream(
    verbose: dict[str, VerboseRecording], tmp_path: Path, name: str
) -> None:
    text = _report(verbose[name].text, tmp_path)
    stream = _report(verbose[name].stream, tmp_path)
    assert text["stream"]["format"] == "go test -v text"
    assert stream["stream"]["format"] == "go test -json"
    assert _outcomes(text) == _outcomes(stream)
    assert _messages(text) == _messages(stream)
    assert len(_outcomes(text)) > 10
    for key in ("passed", "failed", "skipped", "packages", "packages_failed"):
        assert text["totals"][key] == stream["totals"][key], key
    assert text["status"] == stream["status"]
    by_name = {p["name"]: p for p in stream["packages"]}
    for package in text["packages"]:
        theirs = by_name[package["name"]]
        for key in ("status", "coverage", "failed_build", "timed_out", "panicked", "no_test_files"):
            assert bool(package[key]) == bool(theirs[key]), (package["name"], key)


def test_tab_separated_test_output_is_not_a_package(tmp_path: Path) -> None:
    """The line go test prints for a package without test files under -cover (`\\tPKG\\t\\t...`,
    as in the real recording above) is taken as one only between packages: a test that prints
    tab-separated columns keeps its lines."""
    text = tmp_path / "v.txt"
    text.write_text(
        "=== RUN   TestTable\n\talpha\t\t1\n\tbeta\t\t2\n--- PASS: TestTable (0.00s)\nPASS\n"
        "ok  \texample.com/m/a\t0.01s\n"
        "\texample.com/m/notests\t\tcoverage: 0.0% of statements\n"
    )
    report = _report(text, tmp_path)
    assert [(p["name"], p["status"]) for p in report["packages"]] == [
        ("example.com/m/a", "pass"),
        ("example.com/m/notests", "pass"),
    ]
    assert report["totals"]["passed"] == 1
