"""Where goide looks for dlv: the Go extension's order (vscode-go pathUtils.ts)."""

from __future__ import annotations

import os
from pathlib import Path

from goide.debug.delve import candidates


def _exe(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_lookup_order(tmp_path: Path) -> None:
    alternate = _exe(tmp_path / "wrapper" / "dlv-arm64")
    gobin = tmp_path / "gobin"
    gopath_a, gopath_b = tmp_path / "gp1", tmp_path / "gp2"
    _exe(gopath_b / "bin" / "dlv")
    goroot = tmp_path / "goroot"
    on_path = _exe(tmp_path / "path" / "dlv")
    env = {
        "GOBIN": str(gobin),
        "GOPATH": os.pathsep.join([str(gopath_a), str(gopath_b)]),
        "PATH": str(on_path.parent),
        "HOME": str(tmp_path),
    }
    found = candidates(env, {"GOROOT": str(goroot)}, alternate_tool=str(alternate))
    assert [(c.source, c.exists) for c in found] == [
        ("go.alternateTools.dlv", True),
        ("GOBIN", False),
        ("GOPATH/bin", False),
        ("GOPATH/bin", True),
        ("GOROOT/bin", False),
        ("PATH", True),
    ]
    assert found[3].path == str(gopath_b / "bin" / "dlv")


def test_go_env_fills_what_the_environment_lacks(tmp_path: Path) -> None:
    found = candidates({"PATH": ""}, {"GOPATH": str(tmp_path / "gp"), "GOBIN": str(tmp_path / "b")})
    assert [c.source for c in found] == ["GOBIN", "GOPATH/bin"]


def test_default_gopath_without_go(tmp_path: Path) -> None:
    found = candidates({"PATH": "", "HOME": str(tmp_path)}, {})
    assert [(c.source, c.path) for c in found] == [("GOPATH/bin", str(tmp_path / "go" / "bin" / "dlv"))]


def test_a_bare_alternate_tool_name_is_looked_up_like_dlv(tmp_path: Path) -> None:
    # The extension resolves a bare name like "dlv-dap" through the usual lookup, not as a path.
    found = candidates({"PATH": "", "HOME": str(tmp_path)}, {}, alternate_tool="dlv-dap")
    assert [(c.source, c.path) for c in found] == [("GOPATH/bin", str(tmp_path / "go" / "bin" / "dlv-dap"))]
