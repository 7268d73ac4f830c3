"""core/toolpaths.py: where the VS Code Go extension looks for a tool (vscode-go
extension/src/utils/pathUtils.ts), the one lookup of doctor's tools probe and lint's golangci-lint.

What the two copies disagreed on, and what the lookup does now:
- GOROOT/bin: doctor looked there (as the extension does), lint did not.
- An empty `go.alternateTools` entry: doctor looked up a tool called "" and so found no copy at all;
  lint ignored it, as the extension does (an empty string is false in its `if (alternateTool)`).
- The same file reached twice (a symlinked directory on PATH): doctor compared absolute paths and
  listed it twice, lint compared real paths and listed it once.
It now also serves debug's dlv lookup and settings' gopls lookup, and reads the extension's
`go.goroot` setting (goEnv.ts setGOROOTEnvVar). What those copies disagreed on, and what they do now:
- settings' find_gopls skipped GOROOT/bin; the extension looks there (before PATH).
- find_gopls took `go.toolsGopath` as one directory; the extension splits it on the path separator.
- find_gopls and debug took any file; the extension runs only an executable one
  (pathUtils.ts executableFileExists: X_OK).
- find_gopls gave up when an absolute `go.alternateTools.gopls` was missing; the extension then
  looks up the tool's own name.
- Neither doctor nor lint read `go.goroot`; the extension sets $GOROOT to it at activation when it
  names a directory (`${env:NAME}` and `~` expanded), and ignores it otherwise.
Files here are executables made for the test: the lookup only looks at names and modes.
"""

from __future__ import annotations

import os
from pathlib import Path

from goide.core.toolpaths import (
    environment_dirs,
    exe_name,
    extension_goroot,
    find_tool,
    goroot_of,
    places,
    search_dirs,
)
from goide.debug.delve import candidates, chosen_candidate
from goide.settings.sources import find_gopls


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


def test_settings_finds_gopls_only_in_goroot_bin(tmp_path: Path) -> None:
    gopls = _executable(tmp_path / "goroot" / "bin" / "gopls")
    home = tmp_path / "home"
    assert find_gopls({}, {"PATH": "", "GOROOT": str(tmp_path / "goroot")}, home) == gopls
    # Without $GOROOT: the GOROOT of the first go on PATH, as go itself finds it.
    _executable(tmp_path / "goroot" / "bin" / "go")
    assert find_gopls({}, {"PATH": str(tmp_path / "goroot" / "bin")}, home) == gopls
    # go.goroot wins over $GOROOT.
    other = _executable(tmp_path / "sdk" / "bin" / "gopls")
    settings = {"go.goroot": str(tmp_path / "sdk")}
    assert find_gopls(settings, {"PATH": "", "GOROOT": str(tmp_path / "goroot")}, home) == other


def test_settings_lookup_is_the_extensions(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"PATH": "", "GOBIN": str(tmp_path / "gobin")}
    (tmp_path / "gobin").mkdir()
    (tmp_path / "gobin" / "gopls").write_text("not executable")
    second = _executable(tmp_path / "tools2" / "bin" / "gopls")
    tools = {"go.toolsGopath": os.pathsep.join([str(tmp_path / "tools1"), str(tmp_path / "tools2")])}
    assert find_gopls(tools, env, home) == second
    missing = {**tools, "go.alternateTools": {"gopls": str(tmp_path / "nothing")}}
    assert find_gopls(missing, env, home) == second


def test_delve_lists_where_nothing_was_found_and_runs_an_executable(tmp_path: Path) -> None:
    (tmp_path / "gobin").mkdir()
    (tmp_path / "gobin" / "dlv").write_text("not executable")
    gopath_dlv = _executable(tmp_path / "gp" / "bin" / "dlv")
    env = {"PATH": "", "GOBIN": str(tmp_path / "gobin"), "GOPATH": str(tmp_path / "gp")}
    found = candidates(env, {"GOROOT": str(tmp_path / "goroot")})
    assert [(c.source, c.exists) for c in found] == [
        ("GOBIN", True),
        ("GOPATH/bin", True),
        ("GOROOT/bin", False),
    ]
    chosen = chosen_candidate(found)
    assert chosen is not None
    assert chosen.path == str(gopath_dlv)  # the extension skips GOBIN's
    # Nothing executable: the file that is there, so that running it explains (EACCES).
    only = candidates({**env, "GOPATH": str(tmp_path / "none")}, {})
    chosen = chosen_candidate(only)
    assert chosen is not None
    assert chosen.source == "GOBIN"
    # go.goroot is not debug's to read here (no settings), but go env's GOROOT is.
    goroot_dlv = _executable(tmp_path / "goroot" / "bin" / "dlv")
    assert str(goroot_dlv) in [c.path for c in candidates(env, {"GOROOT": str(tmp_path / "goroot")})]


def test_places_lists_every_path_tried(tmp_path: Path) -> None:
    dirs = [("GOBIN", str(tmp_path / "a")), ("PATH", str(tmp_path / "b"))]
    assert places("dlv", "windows", dirs, {"go.alternateTools": {"dlv": str(tmp_path / "x.exe")}}) == [
        ("alternateTools", str(tmp_path / "x.exe")),
        ("GOBIN", str(tmp_path / "a" / "dlv.exe")),
        ("PATH", str(tmp_path / "b" / "dlv.exe")),
    ]
    assert find_tool("dlv", "windows", dirs, {}) == []


def test_go_goroot_setting(tmp_path: Path) -> None:
    sdk = tmp_path / "sdk"
    sdk.mkdir()
    env = {"SDKS": str(tmp_path), "HOME": str(tmp_path)}
    assert extension_goroot({}, "/usr/local/go", env) == "/usr/local/go"
    assert extension_goroot({"go.goroot": ""}, "/usr/local/go", env) == "/usr/local/go"
    assert extension_goroot({"go.goroot": str(sdk)}, "/usr/local/go", env) == str(sdk)
    assert extension_goroot({"go.goroot": "${env:SDKS}/sdk"}, "", env) == str(sdk)
    home = os.environ.get("HOME", "")
    if home and os.path.isdir(home):
        assert extension_goroot({"go.goroot": "~"}, "", env) == os.path.expanduser("~")
    # Not a directory: the extension warns and keeps $GOROOT.
    assert extension_goroot({"go.goroot": str(tmp_path / "nothing")}, "/usr/local/go", env) == "/usr/local/go"
    assert extension_goroot({"go.goroot": 1}, "/usr/local/go", env) == "/usr/local/go"
    dirs = search_dirs({"go.goroot": str(sdk)}, gobin="", gopath="", goroot="/usr/local/go", path_dirs=[])
    assert dirs == [("GOROOT/bin", str(sdk / "bin"))]
    # lint's lookup (from the environment alone) and doctor's (from go env) both pass it on.
    lint_dirs = environment_dirs(
        {"GOROOT": "/usr/local/go", "PATH": ""}, "", {"go.goroot": str(sdk)}, "linux"
    )
    assert ("GOROOT/bin", str(sdk / "bin")) in lint_dirs
