"""Runs the doctor fuzz targets (fuzz/doctor_targets.py) seeded from real data: facts collected
from this machine, this Go's go.env, and real sysctl/binfmt_misc/settings texts."""

from __future__ import annotations

import json
from pathlib import Path

from fuzz.doctor_targets import areas_target, facts_target, settings_target, text_parsers_target
from goide.doctor.collect.binary import default_reader
from goide.doctor.facts import to_json
from goide.doctor.run import AREAS, Context, collect
from tests.doctor.test_host import M1_ROSETTA, QEMU_AARCH64
from tests.helpers import tool
from tests.settings.test_settings_rules import GUIDE


def test_facts_files(tmp_path: Path) -> None:
    env = {"PATH": str(tool("go").parent), "HOME": str(tmp_path)}
    facts = collect(Context(environ=env, home=str(tmp_path), reader=default_reader(), timeout=10))
    seed = json.loads(json.dumps(to_json(facts)))
    assert seed["toolchain"]["gos"], "the seed must hold a real go"
    facts_target(seed)()


def test_text_parsers() -> None:
    go_env = (tool("go").parent.parent / "go.env").read_text()
    text_parsers_target(go_env, M1_ROSETTA, QEMU_AARCH64)()


def test_settings_files(tmp_path: Path) -> None:
    seed = b'{\n  // comment\n  "go.toolsGopath": "/opt/t",\n  "go.alternateTools": {"dlv": "/x/dlv",},\n}\n'
    settings_target(seed, tmp_path)()


def test_area_data(tmp_path: Path) -> None:
    """Seeded with the settings area's real data: a guide-style user settings file and a workspace."""
    user = tmp_path / ".config" / "Code" / "User" / "settings.json"
    user.parent.mkdir(parents=True)
    user.write_text(GUIDE)
    workspace = tmp_path / "project"
    (workspace / ".vscode").mkdir(parents=True)
    (workspace / ".vscode" / "settings.json").write_text('{"gopls": {"formatting.gofumpt": true}}')
    (workspace / ".vscode" / "launch.json").write_text(
        '{"configurations": [{"name": "x", "type": "go", "request": "launch", "mode": "auto"}]}'
    )
    env = {"PATH": str(tool("go").parent), "HOME": str(tmp_path), "TMPDIR": str(tmp_path)}
    ctx = Context(
        environ=env, home=str(tmp_path), reader=default_reader(), timeout=10, workspace=str(workspace)
    )
    seed = json.loads(json.dumps(to_json(collect(ctx, areas=AREAS))))
    assert len(seed["extra"]["settings"]["files"]) == 3
    areas_target(seed)()
