"""Where the VS Code Go extension looks for a Go tool, in its order (vscode-go
extension/src/utils/pathUtils.ts, getBinPathWithPreferredGopathGorootWithExplanation): an absolute
`go.alternateTools` path, GOBIN, each `go.toolsGopath`/bin, each GOPATH/bin (`go.gopath` when set),
GOROOT/bin, then PATH. A bare name in `go.alternateTools` is looked up instead of the tool's own.

`search_dirs` gives the directories from what the caller read (doctor: `go env`; lint: the
environment), `find_tool` every copy in them, each file once. doctor's tools probe and lint's
golangci-lint lookup both use it.
"""

from __future__ import annotations

import os
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


def search_dirs(
    settings: Mapping[str, Any], *, gobin: str, gopath: str, goroot: str, path_dirs: Sequence[str]
) -> list[tuple[str, str]]:
    """(where, directory) in the extension's order; `gopath` is the environment's (or go env's)."""
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

    lookup = name
    alternates = settings.get("go.alternateTools")
    alternate = alternates.get(name) if isinstance(alternates, dict) else None
    if isinstance(alternate, str) and alternate:  # "" is unset, as in the extension (a falsy string)
        alternate = os.path.expanduser(alternate)
        if os.path.isabs(alternate):
            add("alternateTools", alternate)
        else:
            lookup = alternate
    for where, directory in dirs:
        add(where, os.path.join(directory, exe_name(lookup, goos)))
    return found
