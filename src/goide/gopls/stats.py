"""`goide gopls stats`: the real `gopls stats` (one JSON snapshot of the workspace load and heap)
and `gopls version -json`, with the workspace scan and its findings.

`gopls stats` prints (gopls v0.23.0, gopls/internal/cmd/stats.go) an object with GoVersion,
GoplsVersion, InitialWorkspaceLoadDuration (a Go duration string), MemStats {HeapAlloc,
HeapInUse, TotalAlloc}, WorkspaceStats {Files {Total, Largest, Errs}, Views [{GoCommandVersion,
AllPackages, WorkspacePackages: {Packages, LargestPackage, CompiledGoFiles, Modules}, Diagnostics}]},
DirStats {Files, TestdataFiles, GoFiles, ModFiles, Dirs}, BugReports; its progress goes to stderr.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goide.core import process
from goide.core.errors import GoideError, InputError
from goide.core.model import Finding
from goide.gopls.rules import judge_workspace
from goide.gopls.workspace import WorkspaceScan, scan

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_SCALE = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def go_duration_seconds(text: str) -> float | None:
    """A Go `time.Duration.String()` (`4.79s`, `1m2.5s`, `350ms`) in seconds; None if it is not one."""
    text = text.strip()
    if text == "0s":
        return 0.0
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    return sum(float(n) * _SCALE[u] for n, u in parts)


@dataclass
class GoplsBuild:
    version: str | None = None  # the gopls module version
    go_version: str | None = None  # the Go that built it

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "go_version": self.go_version}


@dataclass
class StatsReport:
    root: str
    gopls: str
    build: GoplsBuild
    stats: dict[str, Any]  # gopls stats's own JSON, unchanged
    load_seconds: float | None
    scan: WorkspaceScan
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "goide.gopls.stats/1",
            "root": self.root,
            "gopls": self.gopls,
            "build": self.build.to_json(),
            "stats": self.stats,
            "initial_workspace_load_seconds": self.load_seconds,
            "workspace": self.scan.to_json(),
            "findings": [f.to_json() for f in self.findings],
        }


def judge_stats(data: Mapping[str, Any], go_files: int) -> list[Finding]:
    """What gopls stats itself shows: no packages loaded, diagnostics, gopls's own bug reports."""
    from goide.core.model import Fix, Severity

    findings = []
    workspace = data.get("WorkspaceStats")
    views = workspace.get("Views") if isinstance(workspace, dict) else None
    for view in views if isinstance(views, list) else []:
        if not isinstance(view, dict):
            continue
        packages = (view.get("WorkspacePackages") or {}).get("Packages", 0)
        if not packages and go_files:
            findings.append(
                Finding(
                    "gopls.stats.no-packages",
                    Severity.ERROR,
                    f"gopls loaded no packages from {go_files} Go files: the module does not load",
                    "gopls",
                    "Usually a go.mod that does not parse, a missing dependency, or a wrong GOFLAGS.",
                    Fix("See the go command's own error", command="go list ./..."),
                )
            )
        diagnostics = view.get("Diagnostics") or 0
        if diagnostics:
            findings.append(
                Finding(
                    "gopls.stats.diagnostics",
                    Severity.INFO,
                    f"gopls reports {diagnostics} diagnostics: the workspace does not build cleanly",
                    "gopls",
                    "gopls still works, but errors in widely imported packages slow type checking.",
                    Fix("List them", command="go vet ./..."),
                )
            )
    bugs = data.get("BugReports")
    if isinstance(bugs, list) and bugs:
        findings.append(
            Finding(
                "gopls.stats.bug-reports",
                Severity.WARNING,
                f"gopls recorded {len(bugs)} internal bug reports",
                "gopls",
                "gopls noticed an inconsistency of its own; a newer gopls may have fixed it.",
                Fix("Update gopls", command="go install golang.org/x/tools/gopls@latest"),
            )
        )
    return findings


def gopls_build(gopls: str, *, timeout: float, env: Mapping[str, str] | None = None) -> GoplsBuild:
    result = process.run([gopls, "version", "-json"], timeout=timeout, env=env)
    try:
        info = json.loads(result.stdout)
    except ValueError:
        return GoplsBuild()
    if not isinstance(info, dict):
        return GoplsBuild()
    main: dict[str, Any] = info["Main"] if isinstance(info.get("Main"), dict) else {}
    return GoplsBuild(
        str(info.get("Version") or main.get("Version") or "") or None,
        str(info.get("GoVersion") or "") or None,
    )


def run_gopls_stats(
    gopls: str, root: Path, *, timeout: float, env: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """gopls stats's JSON for `root`; GoideError with gopls's own words when it fails."""
    result = process.run([gopls, "stats"], timeout=timeout, cwd=str(root), env=env)
    if result.start_error:
        raise GoideError(
            f"cannot run {gopls}: {result.start_error}",
            hint="install gopls (go install golang.org/x/tools/gopls@latest) or give --gopls PATH",
        )
    if result.timed_out:
        raise GoideError(
            f"gopls stats did not finish within {timeout:g}s; it was killed",
            hint="raise --timeout for a very large workspace",
            exit_status=1,
        )
    try:
        data = json.loads(result.stdout)
    except ValueError:
        data = None
    if result.returncode != 0 or not isinstance(data, dict):
        last = [line for line in result.stderr.splitlines() if line.strip()][-3:]
        raise GoideError(
            f"gopls stats failed (exit status {result.returncode}): {' | '.join(last)[:600] or 'no output'}",
            hint="run `gopls stats` in the folder to see all of it; `goide crash` explains a panic",
            exit_status=1,
        )
    return data


def collect(gopls: str, root: Path, *, timeout: float, env: Mapping[str, str] | None = None) -> StatsReport:
    if not root.is_dir():
        raise InputError(f"{root}: not a directory", hint="give the folder you open in VS Code")
    workspace = scan(root, environ=env)
    if workspace.go_files == 0:
        raise InputError(f"no Go files in {root}", hint="give the folder you open in VS Code (with a go.mod)")
    build = gopls_build(gopls, timeout=timeout, env=env)
    data = run_gopls_stats(gopls, root, timeout=timeout, env=env)
    load = data.get("InitialWorkspaceLoadDuration")
    from goide.core.goos import host_goos

    goos = host_goos()
    return StatsReport(
        str(root),
        gopls,
        build,
        data,
        go_duration_seconds(load) if isinstance(load, str) else None,
        workspace,
        judge_stats(data, workspace.loaded_go_files) + judge_workspace(workspace.to_json(), goos=goos),
    )
