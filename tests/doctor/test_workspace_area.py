"""The "Workspace" area of `goide doctor`: this machine's real inotify limits (read back from
/proc/sys/fs/inotify), and a workspace tree whose directories to watch exceed a limit."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from goide.core.model import Severity
from goide.doctor.collect.binary import default_reader
from goide.doctor.collect.workspace_area import collect_workspace
from goide.doctor.context import Context
from tests.doctor.conftest import doctor_env
from tests.helpers import goide

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="inotify limits are Linux's")


def _findings(doc: dict[str, object]) -> list[dict[str, object]]:
    return [f for f in doc["findings"] if f["area"] == "Workspace"]  # type: ignore[index,union-attr]


def test_doctor_reports_this_machines_inotify_limits(tmp_path: Path) -> None:
    watches = int(Path("/proc/sys/fs/inotify/max_user_watches").read_text())
    instances = int(Path("/proc/sys/fs/inotify/max_user_instances").read_text())
    workspace = tmp_path / "ws"
    (workspace / "a" / "b").mkdir(parents=True)
    (workspace / "a" / "b" / "x.go").write_text("package b\n")
    env = doctor_env(tmp_path / "home", [Path(sys.executable).parent])
    result = goide("doctor", "--json", "--workspace", str(workspace), env=env)
    assert b"Traceback" not in result.stderr
    (finding,) = [f for f in _findings(json.loads(result.stdout)) if f["id"] == "workspace.inotify-watches"]
    assert finding["severity"] == "ok"
    evidence = " ".join(finding["evidence"])  # type: ignore[arg-type]
    assert f"fs.inotify.max_user_watches = {watches:,}" in evidence
    assert f"fs.inotify.max_user_instances = {instances:,}" in evidence
    assert "3 directories VS Code would watch" in evidence


def test_a_workspace_beyond_the_limit(tmp_path: Path) -> None:
    from goide.doctor.facts import FACTS_SCHEMA, Facts, HostFacts, ToolchainFacts
    from goide.doctor.rules.workspace_area import judge_workspace_area

    proc = tmp_path / "proc"
    (proc / "sys" / "fs" / "inotify").mkdir(parents=True)
    (proc / "sys" / "fs" / "inotify" / "max_user_watches").write_text("50\n")
    (proc / "sys" / "fs" / "inotify" / "max_user_instances").write_text("128\n")
    workspace = tmp_path / "ws"
    for i in range(60):
        (workspace / f"d{i}").mkdir(parents=True)
    from goide.gopls.workspace import scan

    data = scan(workspace, environ={}, proc=proc).to_json()
    host = HostFacts(os="linux", os_version="6", hardware_arch="amd64", process_arch="amd64")
    facts = Facts(FACTS_SCHEMA, "t", host, ToolchainFacts(path_dirs=()), extra={"workspace": data})
    (finding,) = [f for f in judge_workspace_area(facts) if f.id == "workspace.inotify-watches"]
    assert finding.severity is Severity.ERROR
    assert "needs 61 inotify watches, 50 are left" in finding.title
    mac = Facts(
        FACTS_SCHEMA,
        "t",
        HostFacts("darwin", "14", "arm64", "arm64"),
        ToolchainFacts(path_dirs=()),
        extra={"workspace": data},
    )
    assert not [f for f in judge_workspace_area(mac) if "inotify" in f.id]


def test_the_probe_without_a_workspace_reads_only_the_limits() -> None:
    ctx = Context(environ={}, home="/nonexistent", reader=default_reader(), timeout=5)
    data = collect_workspace(ctx)
    assert data is not None
    assert data["root"] is None
    assert data["inotify"]["max_user_watches"] == int(
        Path("/proc/sys/fs/inotify/max_user_watches").read_text()
    )


def test_a_relative_workspace_is_named_by_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from goide.doctor.facts import FACTS_SCHEMA, Facts, HostFacts, ToolchainFacts
    from goide.doctor.rules.workspace_area import judge_workspace_area

    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    monkeypatch.chdir(tmp_path)  # `goide doctor --workspace .`
    ctx = Context(environ={}, home=str(tmp_path), reader=default_reader(), timeout=5, workspace=".")
    data = collect_workspace(ctx)
    assert data is not None
    assert data["root"] == str(tmp_path.resolve())
    facts = Facts(
        FACTS_SCHEMA,
        "t",
        HostFacts("linux", "6", "amd64", "amd64"),
        ToolchainFacts(path_dirs=()),
        extra={"workspace": data},
    )
    evidence = [e for f in judge_workspace_area(facts) for e in f.evidence]
    assert f"1 directory VS Code would watch in {tmp_path.resolve()}" in evidence
