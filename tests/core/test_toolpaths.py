"""core/toolpaths.py: where the VS Code Go extension looks for a tool (vscode-go
extension/src/utils/pathUtils.ts), the one lookup of doctor's tools probe and lint's golangci-lint.

What the two copies disagreed on, and what the lookup does now:
- GOROOT/bin: doctor looked there (as the extension does), lint did not.
- An empty `go.alternateTools` entry: doctor looked up a tool called "" and so found no copy at all;
  lint ignored it, as the extension does (an empty string is false in its `if (alternateTool)`).
- The same file reached twice (a symlinked directory on PATH): doctor compared absolute paths and
  listed it twice, lint compared real paths and listed it once.
Files here are executables made for the test: the lookup only looks at names and modes.
"""

from __future__ import annotations

import os
from pathlib import Path

from goide.core.toolpaths import exe_name, find_tool, goroot_of, search_dirs


def _executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def _dirs(tmp: Path, settings: dict[str, object] | None = None) -> list[tuple[str, str]]:
    return search_dirs(
        settings or {},
        gobin=str(tmp / "gobin"),
        gopath=os.pathsep.join([str(tmp / "gopath1"), str(tmp / "gopath2")]),
        goroot=str(tmp / "goroot"),
        path_dirs=[str(tmp / "path1"), "", str(tmp / "path2")],
    )


def test_the_extensions_order(tmp_path: Path) -> None:
    settings = {"go.toolsGopath": str(tmp_path / "tools")}
    assert _dirs(tmp_path, settings) == [
        ("GOBIN", str(tmp_path / "gobin")),
        ("toolsGopath", str(tmp_path / "tools" / "bin")),
        ("GOPATH/bin", str(tmp_path / "gopath1" / "bin")),
        ("GOPATH/bin", str(tmp_path / "gopath2" / "bin")),
        ("GOROOT/bin", str(tmp_path / "goroot" / "bin")),
        ("PATH", str(tmp_path / "path1")),
        ("PATH", str(tmp_path / "path2")),
    ]
    with_setting = _dirs(tmp_path, {"go.gopath": str(tmp_path / "vscode")})
    gopath = [d for where, d in with_setting if where == "GOPATH/bin"]
    assert gopath == [str(tmp_path / "vscode" / "bin")]  # the go.gopath setting wins
    assert [w for w, _ in search_dirs({}, gobin="", gopath="", goroot="", path_dirs=[])] == []


def test_every_copy_in_order_the_first_is_the_one_run(tmp_path: Path) -> None:
    for directory in ("path2", "goroot/bin", "gopath2/bin", "gobin"):
        _executable(tmp_path / directory / "gopls")
    (tmp_path / "path1").mkdir()
    (tmp_path / "path1" / "gopls").write_text("not executable")
    found = find_tool("gopls", "linux", _dirs(tmp_path), {})
    assert found == [
        ("GOBIN", str(tmp_path / "gobin" / "gopls")),
        ("GOPATH/bin", str(tmp_path / "gopath2" / "bin" / "gopls")),
        ("GOROOT/bin", str(tmp_path / "goroot" / "bin" / "gopls")),
        ("PATH", str(tmp_path / "path2" / "gopls")),
    ]


def test_alternate_tools(tmp_path: Path) -> None:
    own = _executable(tmp_path / "gobin" / "dlv")
    alternate = _executable(tmp_path / "elsewhere" / "dlv-custom")
    renamed = _executable(tmp_path / "path1" / "dlv-dap")
    dirs = _dirs(tmp_path)
    assert find_tool("dlv", "linux", dirs, {"go.alternateTools": {"dlv": str(alternate)}}) == [
        ("alternateTools", str(alternate)),
        ("GOBIN", str(own)),
    ]
    # A bare name is looked up instead of the tool's own.
    bare = {"go.alternateTools": {"dlv": "dlv-dap"}}
    assert find_tool("dlv", "linux", dirs, bare) == [("PATH", str(renamed))]
    # An absolute path that is not there: the tool's own name is looked up.
    missing = {"go.alternateTools": {"dlv": str(tmp_path / "nothing")}}
    assert find_tool("dlv", "linux", dirs, missing) == [("GOBIN", str(own))]
    # Empty means unset (doctor's copy found nothing at all here).
    assert find_tool("dlv", "linux", dirs, {"go.alternateTools": {"dlv": ""}}) == [("GOBIN", str(own))]
    assert find_tool("dlv", "linux", dirs, {"go.alternateTools": "dlv"}) == [("GOBIN", str(own))]


def test_a_file_reached_twice_is_one_copy(tmp_path: Path) -> None:
    tool = _executable(tmp_path / "gobin" / "gopls")
    (tmp_path / "path1").symlink_to(tmp_path / "gobin")  # PATH holds a link to GOBIN
    _executable(tmp_path / "path2" / "gopls-real")
    (tmp_path / "gopath1" / "bin").mkdir(parents=True)
    (tmp_path / "gopath1" / "bin" / "gopls").symlink_to(tmp_path / "path2" / "gopls-real")
    found = find_tool("gopls", "linux", _dirs(tmp_path), {})
    assert found == [("GOBIN", str(tool)), ("GOPATH/bin", str(tmp_path / "gopath1" / "bin" / "gopls"))]
    # `seen` carries across names: golangci-lint-v2 as a link to golangci-lint is listed once.
    _executable(tmp_path / "gobin" / "golangci-lint")
    (tmp_path / "gobin" / "golangci-lint-v2").symlink_to(tmp_path / "gobin" / "golangci-lint")
    seen: set[str] = set()
    first = find_tool("golangci-lint", "linux", _dirs(tmp_path), {}, seen=seen)
    assert first == [("GOBIN", str(tmp_path / "gobin" / "golangci-lint"))]
    assert find_tool("golangci-lint-v2", "linux", _dirs(tmp_path), {}, seen=seen) == []


def test_windows_names_and_goroot_of_a_go(tmp_path: Path) -> None:
    assert exe_name("gopls", "windows") == "gopls.exe"
    assert exe_name("gopls", "darwin") == "gopls"
    exe = _executable(tmp_path / "gobin" / "gopls.exe")
    assert find_tool("gopls", "windows", _dirs(tmp_path), {}) == [("GOBIN", str(exe))]
    go = _executable(tmp_path / "sdk" / "go1.26.8" / "bin" / "go")
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "go").symlink_to(go)  # as `go install golang.org/dl/go1.26.8` and a link
    assert goroot_of(str(tmp_path / "bin" / "go")) == str(tmp_path / "sdk" / "go1.26.8")
