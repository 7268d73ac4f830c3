"""golangci-lint binaries where the VS Code Go extension looks for them, with their build info.

Lookup order: the extension's (core/toolpaths.py, shared with doctor's tools probe): an absolute
`go.alternateTools` path, GOBIN, each `go.toolsGopath`/bin, each GOPATH/bin (`go.gopath` when set),
GOROOT/bin, then PATH.
Both names are looked up: `golangci-lint` (what `go.lintTool: golangci-lint` runs) and
`golangci-lint-v2` (what `go.lintTool: golangci-lint-v2` runs; the extension installs the v2 module
under that name). Version, major and build Go come from the Go build info, read without running
the binary; the binary is run only when it is for this machine, for `run --help` (its flags), with a
timeout that kills it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from goide.core.errors import InputError
from goide.core.process import run

NAMES = ("golangci-lint", "golangci-lint-v2")
_FLAG = re.compile(r"^\s+(?:-([A-Za-z]), )?--([A-Za-z0-9][\w.-]*)", re.MULTILINE)


@dataclass(frozen=True)
class Binary:
    name: str  # the name looked up: golangci-lint or golangci-lint-v2
    path: str
    where: str  # alternateTools, GOBIN, toolsGopath, GOPATH/bin, GOROOT/bin, PATH, --golangci-lint
    module: str | None = None  # main module path from the build info
    version: str | None = None  # v2.15.0
    go: str | None = None  # the Go that built it: go1.26.8
    goos: str | None = None
    goarch: str | None = None
    read_error: str | None = None
    flags: tuple[str, ...] | None = None  # `run --help` long and short flags, None when not run
    run_error: str | None = None  # why `run --help` gave nothing: timed out, cannot start, exit status
    linters: tuple[str, ...] | None = None  # `help linters --json` names, None when not read
    deprecated: tuple[str, ...] = ()  # the linters it marks deprecated
    formatters: tuple[str, ...] | None = None  # `help formatters --json` (v2 only)

    @property
    def major(self) -> int | None:
        if self.module:
            if self.module.endswith("/v2"):
                return 2
            if self.module == "github.com/golangci/golangci-lint":
                return 1
        match = re.match(r"v?(\d+)\.", self.version or "")
        return int(match.group(1)) if match else None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "where": self.where,
            "module": self.module,
            "version": self.version,
            "major": self.major,
            "go": self.go,
            "goos": self.goos,
            "goarch": self.goarch,
            "read_error": self.read_error,
            "flags": list(self.flags) if self.flags is not None else None,
            "run_error": self.run_error,
            "linters": list(self.linters) if self.linters is not None else None,
            "deprecated": list(self.deprecated),
            "formatters": list(self.formatters) if self.formatters is not None else None,
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> Binary:
        flags = data.get("flags")
        linters, formatters = data.get("linters"), data.get("formatters")
        return Binary(
            name=str(data["name"]),
            path=str(data["path"]),
            where=str(data.get("where") or ""),
            module=data.get("module"),
            version=data.get("version"),
            go=data.get("go"),
            goos=data.get("goos"),
            goarch=data.get("goarch"),
            read_error=data.get("read_error"),
            flags=tuple(str(f) for f in flags) if isinstance(flags, list) else None,
            run_error=data.get("run_error"),
            linters=tuple(str(n) for n in linters) if isinstance(linters, list) else None,
            deprecated=tuple(str(n) for n in data.get("deprecated") or ()),
            formatters=tuple(str(n) for n in formatters) if isinstance(formatters, list) else None,
        )


def locate(
    environ: Mapping[str, str], home: str, settings: Mapping[str, Any], goos: str
) -> list[tuple[str, str, str]]:
    """(name, where, path) of every golangci-lint copy, each file once, in lookup order per name."""
    from goide.core.toolpaths import environment_dirs, find_tool

    dirs = environment_dirs(environ, home, settings, goos)
    seen: set[str] = set()  # golangci-lint-v2 may be golangci-lint under another name
    found: list[tuple[str, str, str]] = []
    for name in NAMES:
        found += [(name, where, path) for where, path in find_tool(name, goos, dirs, settings, seen=seen)]
    return found


def read_binary(name: str, where: str, path: str) -> Binary:
    """What the build info says about the binary at `path` (never runs it)."""
    from goide.executables.read import read_executable

    try:
        executable = read_executable(path)
    except InputError as err:
        return Binary(name, path, where, read_error=err.message)
    built = next((s for s in executable.slices if s.go is not None), None)
    if built is None or built.go is None:
        first = executable.slices[0] if executable.slices else None
        return Binary(
            name,
            path,
            where,
            goos=first.os if first else None,
            goarch=first.arch if first else None,
            read_error="not a Go executable (no build info)",
        )
    info = built.go
    main = info.main
    version = main.version if main and main.version not in ("", "(devel)") else None
    return Binary(
        name,
        path,
        where,
        module=main.path if main else None,
        version=version,
        go=info.version,
        goos=info.goos or built.os,
        goarch=info.goarch or built.arch,
    )


def help_flags(text: str) -> tuple[str, ...]:
    """Flags named in a cobra `--help` text: `--name` and `-x`."""
    flags: list[str] = []
    for short, long in _FLAG.findall(text):
        if short:
            flags.append(f"-{short}")
        flags.append(f"--{long}")
    return tuple(dict.fromkeys(flags))


def probe_flags(binary: Binary, host: tuple[str, str], timeout: float) -> Binary:
    """The binary with the flags of `run --help`, or why they could not be read. A binary for
    another OS or architecture is not run."""
    import dataclasses

    if binary.goos and binary.goarch and (binary.goos, binary.goarch) != host:
        return dataclasses.replace(
            binary, run_error=f"built for {binary.goos}/{binary.goarch}, this machine is {host[0]}/{host[1]}"
        )
    from concurrent.futures import ThreadPoolExecutor

    # The three commands are independent; run together they cost one start-up, not three.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="goide-lint-help") as pool:
        linters_job = pool.submit(_names, binary.path, "linters", timeout)
        formatters_job = (
            pool.submit(_names, binary.path, "formatters", timeout) if binary.major == 2 else None
        )
        result = run([binary.path, "run", "--help"], timeout=timeout, env={**os.environ, "NO_COLOR": "1"})
        linters = linters_job.result()
        formatters = formatters_job.result() if formatters_job else None
    if result.timed_out:
        return dataclasses.replace(binary, run_error=f"`run --help` did not finish in {timeout:g} s (killed)")
    if result.start_error:
        return dataclasses.replace(binary, run_error=f"cannot start: {result.start_error}")
    flags = help_flags(result.stdout + "\n" + result.stderr)
    if not flags:
        status = result.returncode
        return dataclasses.replace(binary, run_error=f"`run --help` printed no flags (exit status {status})")
    return dataclasses.replace(
        binary,
        flags=flags,
        linters=tuple(n for n, _ in linters) if linters is not None else None,
        deprecated=tuple(n for n, old in linters or () if old),
        formatters=tuple(n for n, _ in formatters) if formatters is not None else None,
    )


def _names(path: str, what: str, timeout: float) -> list[tuple[str, bool]] | None:
    """(name, deprecated) from `help linters --json` / `help formatters --json`; None on failure."""
    import json

    result = run([path, "help", what, "--json"], timeout=timeout, env={**os.environ, "NO_COLOR": "1"})
    if not result.ok:
        return None
    try:
        items = json.loads(result.stdout)
    except ValueError:
        return None
    if not isinstance(items, list):
        return None
    return [
        (str(item["name"]), bool(item.get("deprecated")))
        for item in items
        if isinstance(item, dict) and isinstance(item.get("name"), str)
    ]
