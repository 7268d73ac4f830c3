"""Finds the Go tools the VS Code Go extension uses, wherever the extension would look, and reads
each copy's version, Go version and GOOS/GOARCH from its build info (never by running it).

Lookup order (vscode-go extension/src/utils/pathUtils.ts): an absolute go.alternateTools path,
GOBIN, go.toolsGopath/bin, each GOPATH/bin, GOROOT/bin, then PATH. The first copy is the one the
extension runs; the later ones are kept because a terminal may find another.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from goide.doctor.collect.binary import Reader, describe
from goide.doctor.collect.gotool import exe_name
from goide.doctor.facts import ToolchainFacts, ToolCopy, ToolFacts
from goide.doctor.known import TOOLS


def search_dirs(toolchain: ToolchainFacts, settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(where, directory) in the extension's order."""
    dirs: list[tuple[str, str]] = []
    if toolchain.gobin:
        dirs.append(("GOBIN", toolchain.gobin))
    tools_gopath = settings.get("go.toolsGopath")
    if isinstance(tools_gopath, str) and tools_gopath:
        dirs += [("toolsGopath", os.path.join(p, "bin")) for p in tools_gopath.split(os.pathsep) if p]
    # The extension's GOPATH: the go.gopath setting wins over the environment (vscode-go util.ts
    # getCurrentGoPath); a terminal's `go install` writes to go env GOPATH, judged by rules.gopath.
    gopath = settings.get("go.gopath")
    gopath = gopath if isinstance(gopath, str) and gopath else toolchain.gopath
    dirs += [("GOPATH/bin", os.path.join(p, "bin")) for p in gopath.split(os.pathsep) if p]
    goroot = (toolchain.go_env or {}).get("GOROOT") or (toolchain.gos[0].goroot if toolchain.gos else "")
    if goroot:
        dirs.append(("GOROOT/bin", os.path.join(goroot, "bin")))
    dirs += [("PATH", d) for d in toolchain.path_dirs]
    return dirs


def _is_executable(path: str) -> bool:
    try:
        return os.path.isfile(path) and os.access(path, os.X_OK)
    except OSError:
        return False


def candidates(
    name: str, goos: str, toolchain: ToolchainFacts, settings: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """(where, path) of every copy of tool `name`, duplicates removed, in lookup order."""
    found: list[tuple[str, str]] = []
    alternate = settings.get("go.alternateTools")
    lookup = name
    if isinstance(alternate, dict) and isinstance(alternate.get(name), str):
        value = os.path.expanduser(alternate[name])
        if os.path.isabs(value):
            if _is_executable(value):
                found.append(("alternateTools", value))
        else:
            lookup = value  # a name to look up instead of the tool's own
    seen = {os.path.normcase(os.path.abspath(p)) for _, p in found}
    for where, directory in search_dirs(toolchain, settings):
        path = os.path.join(directory, exe_name(lookup, goos))
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen and _is_executable(path):
            seen.add(key)
            found.append((where, path))
    return found


def collect_tools(
    reader: Reader, toolchain: ToolchainFacts, settings: Mapping[str, Any], goos: str, *, workers: int = 8
) -> tuple[ToolFacts, ...]:
    """Every known tool and its copies; build info of all copies is read on `workers` threads."""
    located = [(t.name, candidates(t.name, goos, toolchain, settings)) for t in TOOLS]
    paths = [path for _, copies in located for _, path in copies]
    if workers > 1 and len(paths) > 1:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="goide-read") as pool:
            described = dict(zip(paths, pool.map(lambda p: describe(p, reader), paths), strict=True))
    else:
        described = {p: describe(p, reader) for p in paths}
    return tuple(
        ToolFacts(name, tuple(ToolCopy(where, described[path]) for where, path in copies))
        for name, copies in located
    )
