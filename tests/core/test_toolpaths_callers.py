"""core/toolpaths.py now also serves debug's dlv lookup and settings' gopls lookup, and reads the
extension's `go.goroot` setting. What those copies disagreed on with the shared lookup, and what
they do now (the extension's behaviour, vscode-go extension/src/utils/pathUtils.ts
getBinPathWithPreferredGopathGorootWithExplanation and executableFileExists, goEnv.ts
setGOROOTEnvVar):

- settings' find_gopls skipped GOROOT/bin; the extension looks there (before PATH).
- find_gopls took `go.toolsGopath` as one directory; the extension splits it on the path separator.
- find_gopls and debug took any file; the extension runs only an executable one (X_OK).
- find_gopls gave up when an absolute `go.alternateTools.gopls` was missing; the extension then
  looks up the tool's own name.
- Neither doctor nor lint read `go.goroot`; the extension sets $GOROOT to it at activation when it
  names a directory (`${env:NAME}` and `~` expanded), and ignores it otherwise.
Files here are executables made for the test: the lookup only looks at names and modes.
"""

from __future__ import annotations

import os
from pathlib import Path

from goide.core.toolpaths import environment_dirs, extension_goroot, find_tool, places, search_dirs
from goide.debug.delve import candidates, chosen_candidate
from goide.settings.sources import find_gopls


def _executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


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
    assert [(c.source, c.exists) for c in found] == [("GOBIN", True), ("GOPATH/bin", True), ("GOROOT/bin", False)]
    chosen = chosen_candidate(found)
    assert chosen is not None and chosen.path == str(gopath_dlv)  # the extension skips GOBIN's
    # Nothing executable: the file that is there, so that running it explains (EACCES).
    only = candidates({**env, "GOPATH": str(tmp_path / "none")}, {})
    chosen = chosen_candidate(only)
    assert chosen is not None and chosen.source == "GOBIN"
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
    lint_dirs = environment_dirs({"GOROOT": "/usr/local/go", "PATH": ""}, "", {"go.goroot": str(sdk)}, "linux")
    assert ("GOROOT/bin", str(sdk / "bin")) in lint_dirs
