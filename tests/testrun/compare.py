"""Run goide and gotestsum over the same recorded stream and read both tools' per-test outcomes."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.helpers import goide, tool


@dataclass
class GoideRun:
    exit_status: int
    stdout: str
    stderr: str
    report: dict[str, Any]
    junit: Path
    html: Path

    def outcomes(self) -> dict[tuple[str, str], str]:
        return {(p["name"], t["name"]): t["status"] for p in self.report["packages"] for t in p["tests"]}

    def package(self, name: str) -> dict[str, Any]:
        return next(p for p in self.report["packages"] if p["name"] == name)

    def test(self, package: str, name: str) -> dict[str, Any]:
        return next(t for t in self.package(package)["tests"] if t["name"] == name)


@dataclass
class GotestsumRun:
    jsonfile: bytes
    junit_outcomes: dict[tuple[str, str], str]
    testmain_packages: set[str]  # suites with gotestsum's synthetic "TestMain" failure
    junit_properties: dict[tuple[str, str], dict[str, str]]


def run_goide(stream: Path, out: Path) -> GoideRun:
    out.mkdir(parents=True, exist_ok=True)
    result = goide(
        "test",
        "--input",
        str(stream),
        "--json",
        str(out / "r.json"),
        "--junit",
        str(out / "r.xml"),
        "--html",
        str(out / "r.html"),
    )
    assert "Traceback" not in result.stderr.decode(), result.stderr.decode()
    return GoideRun(
        result.returncode,
        result.stdout.decode(),
        result.stderr.decode(),
        json.loads((out / "r.json").read_text()),
        out / "r.xml",
        out / "r.html",
    )


def run_gotestsum(stream: Path, out: Path, stderr_file: Path | None = None) -> GotestsumRun:
    """gotestsum reads the very same bytes through --raw-command (stderr too, when given)."""
    out.mkdir(parents=True, exist_ok=True)
    command = ["cat", str(stream)]
    if stderr_file is not None:
        command = ["sh", "-c", f"cat '{stream}'; cat '{stderr_file}' >&2"]
    subprocess.run(
        [
            str(tool("gotestsum")),
            "--jsonfile",
            str(out / "gs.json"),
            "--junitfile",
            str(out / "gs.xml"),
            "--raw-command",
            "--",
            *command,
        ],
        capture_output=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "GOVERSION": "go-recorded", "HOME": str(out)},
    )
    root = ET.parse(out / "gs.xml").getroot()
    outcomes: dict[tuple[str, str], str] = {}
    testmain: set[str] = set()
    properties: dict[tuple[str, str], dict[str, str]] = {}
    for suite in root.iter("testsuite"):
        for case in suite.iter("testcase"):
            name = case.get("name", "")
            if name == "TestMain" and not case.get("classname"):
                testmain.add(suite.get("name", ""))
                continue
            key = (case.get("classname", ""), name)
            if case.find("failure") is not None or case.find("error") is not None:
                outcomes[key] = "fail"
            elif case.find("skipped") is not None:
                outcomes[key] = "skip"
            else:
                outcomes[key] = "pass"
            props = case.find("properties")
            if props is not None:
                properties[key] = {p.get("name", ""): p.get("value", "") for p in props.iter("property")}
    return GotestsumRun((out / "gs.json").read_bytes(), outcomes, testmain, properties)


def end_events(stream: bytes) -> dict[tuple[str, str], str]:
    """The pass/fail/skip events the stream itself carries for tests (what go test said)."""
    result: dict[tuple[str, str], str] = {}
    for line in stream.splitlines():
        if not line.startswith(b"{"):
            continue
        event = json.loads(line)
        if event.get("Test") and event.get("Action") in ("pass", "fail", "skip"):
            result[(event["Package"], event["Test"])] = event["Action"]
    return result
