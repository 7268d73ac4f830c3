"""Plugged-in check areas (goide.doctor.run.AREAS): their probe runs beside the others, its data rides
in the facts file, its rule judges it; a probe that crashes or hangs becomes a finding."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from goide.core.model import Finding, Severity
from goide.doctor.collect.binary import default_reader
from goide.doctor.context import Area, Context
from goide.doctor.facts import Facts, from_json, load, save, to_json
from goide.doctor.run import collect, diagnose
from tests.helpers import tool


def _ctx(tmp_path: Path, timeout: float = 10) -> Context:
    env = {"PATH": str(tool("go").parent), "HOME": str(tmp_path)}
    return Context(
        environ=env, home=str(tmp_path), reader=default_reader(), timeout=timeout, workspace=str(tmp_path)
    )


def _count_go_files(ctx: Context) -> dict[str, Any]:
    return {"workspace": ctx.workspace, "go_files": len(list(Path(ctx.workspace or ".").glob("*.go")))}


def _judge_go_files(facts: Facts) -> list[Finding]:
    data = facts.extra.get("workspace-files", {})
    if not data.get("go_files"):
        return [
            Finding("workspace.no-go-files", Severity.WARNING, "No Go files in the workspace", "Workspace")
        ]
    return []


def test_area_data_is_collected_saved_and_judged(tmp_path: Path) -> None:
    area = Area("workspace-files", _count_go_files, _judge_go_files)
    facts = collect(_ctx(tmp_path), areas=[area])
    assert facts.extra == {"workspace-files": {"workspace": str(tmp_path), "go_files": 0}}
    path = tmp_path / "facts.json"
    save(facts, path)
    assert load(path).extra == facts.extra
    ids = {f.id for f in diagnose(load(path), [area])}
    assert "workspace.no-go-files" in ids
    assert "toolchain.go" in ids


def test_area_probe_that_crashes_or_hangs(tmp_path: Path) -> None:
    release = threading.Event()

    def crashes(_: Context) -> object:
        raise OSError(13, "Permission denied")

    def hangs(_: Context) -> object:
        release.wait(60)
        return {}

    areas = [Area("crashy", crashes, lambda _: []), Area("stuck", hangs, lambda _: [])]
    try:
        facts = collect(_ctx(tmp_path, timeout=0.5), areas=areas)
    finally:
        release.set()
    findings = {f.id: f for f in diagnose(facts)}
    assert findings["doctor.probe-crashed.crashy"].severity is Severity.WARNING
    assert "Permission denied" in findings["doctor.probe-crashed.crashy"].detail
    assert findings["doctor.probe-timed-out.stuck"].severity is Severity.ERROR
    assert "toolchain.go" in findings  # the core probes still answered
    assert from_json(to_json(facts)) == facts


def test_secrets_in_settings_and_environment_are_not_saved(tmp_path: Path) -> None:
    import dataclasses
    import json

    from goide.doctor.facts import SettingsFile, VSCodeFacts

    facts = collect(_ctx(tmp_path))
    settings = SettingsFile(
        "stable",
        str(tmp_path / "settings.json"),
        True,
        go_settings={
            "go.toolsEnvVars": {
                "GITHUB_TOKEN": "plain-secret-value",
                "GOPRIVATE": "github.com/acme/*",
                "GOPROXY": "https://bob:hunter2@goproxy.acme.internal",
            },
        },
    )
    secret = dataclasses.replace(
        facts,
        vscode=VSCodeFacts(settings=(settings,)),
        toolchain=dataclasses.replace(
            facts.toolchain, environ={"GOAUTH": "netrc", "GOPROXY": "https://t0k3n@p.example"}
        ),
    )
    save(secret, tmp_path / "facts.json")
    text = (tmp_path / "facts.json").read_text()
    for leaked in ("plain-secret-value", "hunter2", "t0k3n"):
        assert leaked not in text
    saved = json.loads(text)
    assert (
        saved["vscode"]["settings"][0]["go_settings"]["go.toolsEnvVars"]["GOPRIVATE"] == "github.com/acme/*"
    )
    assert load(tmp_path / "facts.json").toolchain.environ["GOAUTH"] == "netrc"
