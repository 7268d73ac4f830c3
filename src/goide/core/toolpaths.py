"""Where the VS Code Go extension looks for a Go tool, in its order (vscode-go
extension/src/utils/pathUtils.ts, getBinPathWithPreferredGopathGorootWithExplanation): an absolute
`go.alternateTools` path, GOBIN, each `go.toolsGopath`/bin, each GOPATH/bin (`go.gopath` when set),
GOROOT/bin, then PATH. A bare name in `go.alternateTools` is looked up instead of the tool's own.

GOROOT is the extension's: `go.goroot` when it names a directory (the extension then sets $GOROOT
to it at activation, vscode-go goMain.ts / goEnv.ts setGOROOTEnvVar), else what the caller found.

`search_dirs` gives the directories from what the caller read (doctor and debug: `go env`),
`environment_dirs` from the environment alone (lint, settings), `places` every path looked at (so a
caller can say where nothing was found), `find_tool` every copy, each file once. doctor's tools
probe, lint's golangci-lint lookup, debug's dlv lookup and settings' gopls lookup all use it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from typing import Any


def exe_name(name: str, goos: str) -> str:
    return name + ".exe" if goos == "windows" else name


def goroot_of(go_path: str) -> str:
    """The GOROOT a go binary belongs to: the parent of the `bin` directory of its real path."""
    return os.path.dirname(os.path.dirname(os.path.realpath(go_path)))


def is_executable(path: str) -> bool:
    try:
        return os.path.isfile(path) and os.access(path, os.X_OK)
    except OSError:
        return False


_ENV_VARIABLE = re.compile(r"\$\{env:([^}]*)\}")


def extension_goroot(settings: Mapping[str, Any], goroot: str, environ: Mapping[str, str]) -> str:
    """The GOROOT the extension works with: the `go.goroot` setting when it names a directory,
    else `goroot` (what the caller found: $GOROOT, go env GOROOT, ...). As the extension reads the
    setting (goEnv.ts setGOROOTEnvVar): `${env:NAME}` replaced, a leading `~` is the home directory,
    and a value that is not a directory is ignored (the extension warns and keeps $GOROOT)."""
    setting = settings.get("go.goroot")
    if not isinstance(setting, str) or not setting:
        return goroot
    value = os.path.expanduser(_ENV_VARIABLE.sub(lambda m: environ.get(m.group(1), ""), setting))
    return value if os.path.isdir(value) else goroot


def search_dirs(
    settings: Mapping[str, Any],
    *,
    gobin: str,
    gopath: str,
    goroot: str,
    path_dirs: Sequence[str],
    environ: Mapping[str, str] | None = None,
) -> list[tuple[str, str]]:
    """(where, directory) in the extension's order; `gopath` is the environment's (or go env's),
    `goroot` too (`go.goroot` wins over it, see extension_goroot; `environ` for its ${env:...})."""
    goroot = extension_goroot(settings, goroot, os.environ if environ is None else environ)
    dirs: list[tuple[str, str]] = []
    if gobin:
        dirs.append(("GOBIN", gobin))
    tools_gopath = settings.get("go.toolsGopath")
    if isinstance(tools_gopath, str) and tools_gopath:
        dirs += [("toolsGopath", os.path.join(p, "bin")) for p in tools_gopath.split(os.pathsep) if p]
    # The extension's GOPATH: the go.gopath setting wins over the environment (vscode-go util.ts
    # getCurrentGoPath); a terminal's `go install` writes to go env GOPATH.
    setting = settings.get("go.gopath")
    gopath = setting if isinstance(setting, str) and setting else gopath
    dirs += [("GOPATH/bin", os.path.join(p, "bin")) for p in gopath.split(os.pathsep) if p]
    if goroot:
        dirs.append(("GOROOT/bin", os.path.join(goroot, "bin")))
    dirs += [("PATH", d) for d in path_dirs if d]
    return dirs


def environment_dirs(
    environ: Mapping[str, str], home: str, settings: Mapping[str, Any], goos: str
) -> list[tuple[str, str]]:
    """`search_dirs` from the environment alone, without running go: GOPATH defaults to
    HOME/go (Go's default), GOROOT is $GOROOT, else the GOROOT of the first go on PATH (where go
    itself finds it: the parent of its real bin directory)."""
    path_dirs = [d for d in environ.get("PATH", "").split(os.pathsep) if d]
    goroot = environ.get("GOROOT", "")
    if not goroot:
        go = next((p for d in path_dirs if is_executable(p := os.path.join(d, exe_name("go", goos)))), None)
        goroot = goroot_of(go) if go else ""
    return search_dirs(
        settings,
        gobin=environ.get("GOBIN", ""),
        gopath=environ.get("GOPATH") or (os.path.join(home, "go") if home else ""),
        goroot=goroot,
        path_dirs=path_dirs,
        environ=environ,
    )


def places(
    name: str, goos: str, dirs: Sequence[tuple[str, str]], settings: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """(where, path) of every file the extension would try for tool `name`, in its order, whether
    or not anything is there: an absolute `go.alternateTools` path first ("alternateTools"), then
    the tool's name (or a bare alternate name) in each directory."""
    found: list[tuple[str, str]] = []
    lookup = name
    alternates = settings.get("go.alternateTools")
    alternate = alternates.get(name) if isinstance(alternates, dict) else None
    if isinstance(alternate, str) and alternate:  # "" is unset, as in the extension (a falsy string)
        alternate = os.path.expanduser(alternate)
        if os.path.isabs(alternate):
            found.append(("alternateTools", alternate))
        else:
            lookup = alternate
    return found + [(where, os.path.join(directory, exe_name(lookup, goos))) for where, directory in dirs]


def find_tool(
    name: str,
    goos: str,
    dirs: Sequence[tuple[str, str]],
    settings: Mapping[str, Any],
    *,
    seen: set[str] | None = None,
) -> list[tuple[str, str]]:
    """(where, path) of every executable copy of tool `name`, in lookup order; the first is the one
    the extension runs. A file reached twice (a symlink, a directory listed twice) counts once;
    `seen` (real paths) carries that across several names."""
    seen = set() if seen is None else seen
    found: list[tuple[str, str]] = []

    def add(where: str, path: str) -> None:
        if is_executable(path):
            key = os.path.normcase(os.path.realpath(path))
            if key not in seen:
                seen.add(key)
                found.append((where, path))

    for where, path in places(name, goos, dirs, settings):
        add(where, path)
    return found
