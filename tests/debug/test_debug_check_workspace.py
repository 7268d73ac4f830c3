"""`goide debug check --workspace`: go.alternateTools.dlv from the settings and launch.json validation.

Settings and launch files are written the way people write them (comments, trailing commas);
the dlv is the real pinned one, reached through the path the settings give.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.helpers import goide, tool

LAUNCH = """{
    // Use IntelliSense to learn about possible attributes.
    "version": "0.2.0",
    "configurations": [
        {
            "name": "Launch Package",
            "type": "go",
            "request": "launch",
            "mode": "auto",
            "program": "${fileDirname}",
        },
        /* an old blog post's advice */
        {
            "name": "Old",
            "type": "go",
            "request": "launch",
            "mode": "debug",
            "program": "${workspaceFolder}",
            "dlvLoadConfig": {"maxStringLen": 1024},
        },
    ],
}
"""


def _check(workspace: Path, home: Path) -> tuple[int, dict[str, Any]]:
    # HOME isolates the user settings; PATH keeps go but not the pinned tools, so that dlv can only
    # come from the settings.
    env = {"HOME": str(home), "PATH": os.pathsep.join([str(tool("go").parent), "/usr/bin", "/bin"])}
    result = goide("debug", "check", "--workspace", str(workspace), "--json", env=env)
    assert "Traceback" not in result.stderr.decode()
    return result.returncode, json.loads(result.stdout)


def _workspace(tmp_path: Path, files: dict[str, str]) -> Path:
    workspace = tmp_path / "ws"
    for name, text in files.items():
        path = workspace / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (workspace / "tools").mkdir(exist_ok=True)
    (workspace / "tools" / "dlv-wrapper").symlink_to(tool("dlv"))
    return workspace


SETTINGS = """{
    // dlv from the repository's own tools
    "go.alternateTools": {"dlv": "${workspaceFolder}/tools/dlv-wrapper",},
}
"""


def test_alternate_tool_and_launch_json(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, {".vscode/settings.json": SETTINGS, ".vscode/launch.json": LAUNCH})
    status, document = _check(workspace, tmp_path)
    assert status == 0, document  # a warning only
    assert document["alternate_tool"]["dlv"] == str(workspace / "tools" / "dlv-wrapper")
    assert document["delve"]["source"] == "go.alternateTools.dlv"
    assert document["delve"]["version"]
    ids = [f["id"] for f in document["findings"]]
    assert ids == ["debug.dlv", "launch.ignored-by-adapter"]
    assert "'Old'" in document["findings"][1]["title"]
    assert document["launch_files"] == [str(workspace / ".vscode" / "launch.json")]


def test_a_clean_launch_json_is_ok(tmp_path: Path) -> None:
    clean = LAUNCH.split("/* an old", maxsplit=1)[0] + "],\n}\n"
    workspace = _workspace(tmp_path, {".vscode/settings.json": SETTINGS, ".vscode/launch.json": clean})
    status, document = _check(workspace, tmp_path)
    assert status == 0
    assert [f["id"] for f in document["findings"]] == ["debug.dlv", "debug.launch-json"]


def test_no_launch_json_is_a_hint(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, {".vscode/settings.json": SETTINGS})
    status, document = _check(workspace, tmp_path)
    assert status == 0
    assert [(f["id"], f["severity"]) for f in document["findings"]] == [
        ("debug.dlv", "ok"),
        ("debug.launch-json-missing", "info"),
    ]


def test_broken_launch_json_and_missing_alternate_tool(tmp_path: Path) -> None:
    broken = LAUNCH.replace('"mode": "auto",', '"mode": "auto"\n "oops"')
    settings = SETTINGS.replace("dlv-wrapper", "no-such-dlv")
    workspace = _workspace(tmp_path, {".vscode/settings.json": settings, ".vscode/launch.json": broken})
    status, document = _check(workspace, tmp_path)
    assert status == 1
    ids = [f["id"] for f in document["findings"]]
    assert ids == ["debug.dlv-missing", "settings.syntax-error"]
    assert any("no-such-dlv (absent)" in e for e in document["findings"][0]["evidence"])
