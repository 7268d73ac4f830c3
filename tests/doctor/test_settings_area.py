"""The "VS Code settings" area of `goide doctor` end to end: the real go and the pinned gopls (whose
`gopls api-json` gives the schema), a golang.go extension manifest in the real format
(tests/vscode_package.py says where it comes from), VS Code's Linux layout (tests/doctor/conftest.py)
and settings files in the styles people write."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from goide.settings.jsonc import parse
from tests.doctor.conftest import (
    doctor_env,
    install_go_extension,
    linux_binary,
    make_vscode_linux,
    place,
    write_user_settings,
)
from tests.helpers import goide, tool
from tests.settings.test_settings_rules import GUIDE
from tests.vscode_package import install, manifest

pytestmark = pytest.mark.integration

AREA = "VS Code settings"

LAUNCH = """{
    // from the same guide
    "version": "0.2.0",
    "configurations": [
        {
            "name": "Launch Package",
            "type": "go",
            "request": "launch",
            "mode": "auto",
            "program": "${workspaceFolder}",
            "dlvLoadConfig": {"maxStringLen": 400},
            "env": {"GITHUB_TOKEN": "ghp_0123456789abcdefghij0123456789abcdef"},
        },
    ],
}
"""


@pytest.fixture
def machine(tmp_path: Path, hello_module: Path) -> tuple[dict[str, str], Path]:
    """A machine on which doctor is all green without a workspace (as in test_doctor_cli), with the
    extension's package.json in place so the schema comes from it and from the real gopls."""
    home = tmp_path / "home"
    gobin = tmp_path / "gobin"
    for name in ("gopls", "dlv", "golangci-lint"):
        place(tool(name), gobin, name)
    vscode = make_vscode_linux(tmp_path / "opt", linux_binary(hello_module))
    place(vscode / "code", tmp_path / "cli", "code")
    install_go_extension(home, "0.56.0")
    install(home, manifest("0.56.0"))
    write_user_settings(home, '{\n  // Go\n  "go.lintTool": "golangci-lint",\n}\n')
    env = doctor_env(
        home,
        [tool("go").parent, gobin, tmp_path / "cli"],
        GOBIN=str(gobin),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    return env, vscode


def _doctor(env: dict[str, str], *args: str) -> tuple[int, list[dict[str, object]]]:
    result = goide("doctor", "--json", *args, env=env)
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    return result.returncode, json.loads(result.stdout)["findings"]


def _workspace(tmp_path: Path, settings: str, launch: str | None = None) -> Path:
    folder = tmp_path / "project"
    (folder / ".vscode").mkdir(parents=True)
    (folder / ".vscode" / "settings.json").write_text(settings)
    if launch is not None:
        (folder / ".vscode" / "launch.json").write_text(launch)
    return folder


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_guide_settings_in_the_workspace_are_reported_and_fail_doctor(
    tmp_path: Path, machine: tuple[dict[str, str], Path]
) -> None:
    env, vscode = machine
    status, findings = _doctor(env, "--vscode", str(vscode))
    assert status == 0, [f for f in findings if f["severity"] == "error"]
    assert {f["id"] for f in findings if f["area"] == AREA} == {"settings.checked"}

    # A misspelled gopls key is an error: gopls rejects it ("unexpected setting").
    settings = GUIDE.replace('"gopls": {', '"gopls": {\n        "ui.completion.usePlacehoders": true,')
    workspace = _workspace(tmp_path, settings, LAUNCH)
    settings_path = workspace / ".vscode" / "settings.json"
    status, findings = _doctor(env, "--vscode", str(vscode), "--workspace", str(workspace))

    assert status == 1
    ours = [f for f in findings if f["area"] == AREA]
    by_id = {str(f["id"]): f for f in ours}
    unknown = by_id["gopls.unknown-option"]
    assert unknown["severity"] == "error"
    assert "usePlaceholders" in str(unknown["title"])  # "did you mean", from the real gopls api-json
    removed = [f for f in ours if f["id"] == "gopls.removed-option"]
    assert removed, ours
    # The line is the one in the user's file, although the facts hold a redacted copy.
    line = _line_of(settings, '"build.experimentalWorkspaceModule"')
    (inside,) = [f for f in removed if f"{settings_path}:{line}:" in str(f["evidence"])]
    assert inside["fix"] == {
        "description": "remove build.experimentalWorkspaceModule",
        "command": f"goide settings fix {settings_path}",
        "action": None,
    }
    assert "settings.format-tool-bypasses-gopls" in by_id
    (ignored,) = [f for f in findings if f["id"] == "launch.ignored-by-adapter"]
    assert "dlvLoadConfig" in str(ignored["title"])
    assert ignored["fix"]["command"] == f"goide settings fix {workspace / '.vscode' / 'launch.json'}"  # type: ignore[index]
    checked = by_id["settings.checked"]
    assert "golang.go 0.56.0" in str(checked["detail"])
    assert "api-json" in str(checked["detail"])
    assert str(settings_path) + " (workspace)" in checked["evidence"]  # type: ignore[operator]


def test_facts_round_trip_keeps_the_findings_and_not_the_secrets(
    tmp_path: Path, machine: tuple[dict[str, str], Path]
) -> None:
    env, vscode = machine
    settings = GUIDE.replace(
        "}\n",
        '    "http.proxy": "http://me:hunter2@proxy.corp:8080",\n'
        '    "editor.fontFamily": "Fira Code",\n'
        '    "go.toolsEnvVars": {"GOPROXY": "https://me:s3cret@goproxy.corp", "NPM_TOKEN": "abc123"},\n'
        "}\n",
    )
    workspace = _workspace(tmp_path, settings, LAUNCH)
    facts = tmp_path / "facts.json"
    status, live = _doctor(
        env, "--vscode", str(vscode), "--workspace", str(workspace), "--facts-out", str(facts)
    )
    status_again, judged = _doctor({}, "--facts", str(facts))

    areas = (AREA, "Launch configurations")
    assert [f for f in judged if f["area"] in areas] == [f for f in live if f["area"] in areas]
    assert status_again == status
    saved = facts.read_text()
    for secret in (
        "hunter2",
        "s3cret",
        "abc123",
        "ghp_0123456789",
        "Fira Code",
        "format on save with goimports",
    ):
        assert secret not in saved, secret
    stored = json.loads(saved)["extra"]["settings"]["files"]
    texts = {Path(f["path"]).name: f["text"] for f in stored}
    # The stored texts still parse, with every key where the user wrote it.
    original, kept = parse(settings), parse(texts["settings.json"])
    assert original.root is not None
    assert kept.root is not None
    assert [(m.key, m.key_start) for m in original.root.members] == [
        (m.key, m.key_start) for m in kept.root.members
    ]
    assert "go.formatTool" in texts["settings.json"]


def test_conflict_of_user_and_workspace_settings(
    tmp_path: Path, machine: tuple[dict[str, str], Path]
) -> None:
    env, vscode = machine
    home = Path(env["HOME"])
    write_user_settings(
        home,
        '{\n  "go.formatTool": "gofumpt",\n  "go.lintTool": "staticcheck",\n'
        '  "gopls": {"ui.diagnostic.staticcheck": false},\n}\n',
    )
    workspace = _workspace(
        tmp_path, '{\n  "gopls": {\n    "formatting.gofumpt": true,\n    "staticcheck": true,\n  },\n}\n'
    )
    status, findings = _doctor(env, "--vscode", str(vscode), "--workspace", str(workspace))

    by_id = {str(f["id"]): f for f in findings if f["area"] == AREA}
    user = home / ".config" / "Code" / "User" / "settings.json"
    fmt = by_id["settings.format-twice-across-files"]
    assert str(user) in str(fmt["title"])
    assert str(workspace / ".vscode" / "settings.json") in str(fmt["title"])
    assert "settings.staticcheck-twice-across-files" in by_id
    duplicate = by_id["gopls.duplicate-option-across-files"]
    assert duplicate["severity"] == "error"
    assert "ui.diagnostic.staticcheck" in str(duplicate["title"])
    assert status == 1
    # Neither file alone has these conflicts.
    assert "settings.format-twice" not in by_id
    assert "gopls.duplicate-option" not in by_id


def test_workspace_settings_that_are_not_jsonc(tmp_path: Path, machine: tuple[dict[str, str], Path]) -> None:
    env, vscode = machine
    workspace = _workspace(tmp_path, '{\n  "go.lintTool": "staticcheck"\n  "go.formatTool": "gofumpt"\n}\n')
    status, findings = _doctor(env, "--vscode", str(vscode), "--workspace", str(workspace))

    syntax = [f for f in findings if f["id"] == "settings.syntax-error"]
    assert len(syntax) == 1
    assert ":3:3: expected ','" in str(syntax[0]["title"])
    assert status == 1


def test_gopls_that_hangs_leaves_the_settings_checked_against_the_facts(tmp_path: Path) -> None:
    home = tmp_path / "home"
    gobin = tmp_path / "gobin"
    gobin.mkdir()
    hanging = gobin / "gopls"
    hanging.write_text(f"#!/bin/sh\nexec {shutil.which('sleep')} 60\n")
    hanging.chmod(0o755)
    write_user_settings(home, '{"gopls": {"build.experimentalWorkspaceModule": true}}')
    env = doctor_env(home, [tool("go").parent, gobin], GOBIN=str(gobin), XDG_CACHE_HOME=str(tmp_path / "c"))

    _status, findings = _doctor(env, "--timeout", "1")

    ids = {str(f["id"]): f for f in findings}
    assert "doctor.probe-timed-out.settings" not in ids
    assert "gopls.removed-option" in ids  # from the built-in facts of gopls
    assert "built-in facts" in str(ids["settings.checked"]["detail"])
    assert "timed out" in str(ids["settings.checked"]["detail"])
