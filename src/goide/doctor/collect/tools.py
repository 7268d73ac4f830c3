"""Finds the Go tools the VS Code Go extension uses, wherever the extension would look, and reads
each copy's version, Go version and GOOS/GOARCH from its build info (never by running it).

Lookup order (vscode-go extension/src/utils/pathUtils.ts): an absolute go.alternateTools path,
GOBIN, go.toolsGopath/bin, each GOPATH/bin, GOROOT/bin, then PATH. The first copy is the one the
extension runs; the later ones are kept because a terminal may find another.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from goide.core.toolpaths import find_tool
from goide.core.toolpaths import search_dirs as extension_dirs
from goide.doctor.collect.binary import Reader, describe
from goide.doctor.facts import ToolchainFacts, ToolCopy, ToolFacts
from goide.doctor.known import TOOLS
from goide.doctor.threads import map_threads


def search_dirs(toolchain: ToolchainFacts, settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(where, directory) in the extension's order."""
    goroot = (toolchain.go_env or {}).get("GOROOT") or (toolchain.gos[0].goroot if toolchain.gos else "")
    return extension_dirs(
        settings, gobin=toolchain.gobin, gopath=toolchain.gopath, goroot=goroot, path_dirs=toolchain.path_dirs
    )


def candidates(
    name: str, goos: str, toolchain: ToolchainFacts, settings: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """(where, path) of every copy of tool `name`, duplicates removed, in lookup order."""
    return find_tool(name, goos, search_dirs(toolchain, settings), settings)


def collect_tools(
    reader: Reader, toolchain: ToolchainFacts, settings: Mapping[str, Any], goos: str, *, workers: int = 8
) -> tuple[ToolFacts, ...]:
    """Every known tool and its copies; build info of all copies is read on `workers` threads."""
    located = [(t.name, candidates(t.name, goos, toolchain, settings)) for t in TOOLS]
    paths = [path for _, copies in located for _, path in copies]
    if workers > 1 and len(paths) > 1:
        found = map_threads(lambda p: describe(p, reader), paths, workers, "goide-read")
        described = dict(zip(paths, found, strict=True))
    else:
        described = {p: describe(p, reader) for p in paths}
    return tuple(
        ToolFacts(name, tuple(ToolCopy(where, described[path]) for where, path in copies))
        for name, copies in located
    )
