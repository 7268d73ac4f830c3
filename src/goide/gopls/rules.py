"""Judges a workspace scan (`workspace.WorkspaceScan.to_json()`): inotify limits against the
directories VS Code would watch, very large trees to exclude, big generated Go files, modules
outside go.work, a GOPATH-mode view. Pure: plain data in, Findings out. The doctor "Workspace"
area and `goide gopls stats` both call `judge_workspace`.
"""

from __future__ import annotations

import json
from typing import Any

from goide.core.model import Finding, Fix, Severity
from goide.core.words import plural

AREA = "Workspace"
# The value VS Code's Linux setup page recommends (code.visualstudio.com/docs/setup/linux).
RECOMMENDED_WATCHES = 524_288
RECOMMENDED_INSTANCES = 512
SYSCTL_FILE = "/etc/sysctl.d/90-inotify.conf"
GOPATH_MANY_GO_FILES = 5000
# Names whose trees hold no Go a workspace needs (vendor is left to watcherExclude only: gopls
# reads vendor/ in -mod=vendor builds).
NOT_GO = frozenset({"node_modules", ".git", "bazel-out", "bazel-bin", "dist", "build", "target", ".venv"})


def _n(value: int) -> str:
    return f"{value:,}"


def _dirs(count: int) -> str:
    """`1 directory`, `2,048 directories` (core.words.plural, with thousands separated)."""
    return plural(count, "directory", "directories").replace(str(count), _n(count), 1)


def _sysctl_fix(key: str, value: int) -> Fix:
    return Fix(
        f"Raise {key} to {_n(value)} (each watch costs about 1 KiB of kernel memory), persistently in "
        f"{SYSCTL_FILE}, then reload VS Code",
        command=f"echo '{key}={value}' | sudo tee {SYSCTL_FILE} && sudo sysctl --system",
    )


def _inotify(data: dict[str, Any]) -> list[Finding]:
    limits = data.get("inotify")
    if not isinstance(limits, dict):
        return []
    watches = int(limits["max_user_watches"])
    used = int(limits.get("watches_in_use", 0))
    needed = int(data.get("watched_dirs", 0)) if data.get("root") else 0
    left = max(0, watches - used)
    evidence = (
        f"fs.inotify.max_user_watches = {_n(watches)} ({_n(used)} in use by your processes)",
        f"fs.inotify.max_user_instances = {_n(int(limits['max_user_instances']))} "
        f"({_n(int(limits.get('instances_in_use', 0)))} in use)",
        *((f"{_dirs(needed)} VS Code would watch in {data['root']}",) if data.get("root") else ()),
    )
    findings: list[Finding] = []
    target = max(RECOMMENDED_WATCHES, 1 << (2 * (needed + used)).bit_length())
    if needed and needed > left:
        findings.append(
            Finding(
                "workspace.inotify-watches",
                Severity.ERROR,
                f"VS Code cannot watch this workspace: it needs {_n(needed)} inotify watches, "
                f"{_n(left)} are left",
                AREA,
                "VS Code says 'Unable to watch for file changes' (ENOSPC) and gopls misses edits made "
                "outside the editor.",
                _sysctl_fix("fs.inotify.max_user_watches", target),
                evidence,
            )
        )
    elif needed and needed * 2 > left:
        findings.append(
            Finding(
                "workspace.inotify-watches",
                Severity.WARNING,
                f"This workspace needs {_n(needed)} of the {_n(left)} inotify watches left",
                AREA,
                "A second window or a growing tree will run out (ENOSPC).",
                _sysctl_fix("fs.inotify.max_user_watches", target),
                evidence,
            )
        )
    else:
        findings.append(
            Finding(
                "workspace.inotify-watches",
                Severity.OK,
                f"inotify: {_n(left)} watches left"
                + (f" for the {_dirs(needed)} of this workspace" if needed else ""),
                AREA,
                evidence=evidence,
            )
        )
    instances = int(limits["max_user_instances"])
    if int(limits.get("instances_in_use", 0)) >= instances - 1:
        findings.append(
            Finding(
                "workspace.inotify-instances",
                Severity.WARNING,
                f"All but {max(0, instances - int(limits.get('instances_in_use', 0)))} of the "
                f"{instances} inotify instances are in use",
                AREA,
                "Each VS Code window and each watching tool takes one; the next fails with EMFILE.",
                _sysctl_fix("fs.inotify.max_user_instances", RECOMMENDED_INSTANCES),
                evidence,
            )
        )
    return findings


def _settings_fix(watch: list[str], filters: list[str]) -> Fix:
    settings: dict[str, Any] = {}
    if watch:
        settings["files.watcherExclude"] = {f"**/{p}/**" if "/" not in p else f"{p}/**": True for p in watch}
    if filters:
        settings["gopls"] = {"build.directoryFilters": filters}
    text = json.dumps(settings, indent=2)
    return Fix(f"Add to .vscode/settings.json (merge with what is there):\n{text}")


def _big_trees(data: dict[str, Any]) -> list[Finding]:
    findings = []
    in_force = list(data.get("directory_filters") or [])
    for tree in data.get("big_trees") or []:
        name = str(tree["path"]).split("/")[-1]
        watched = int(tree.get("watched_dirs", 0))
        loaded = bool(tree.get("loaded")) and name in NOT_GO
        if watched < max(1, int(tree["dirs"]) // 2) and not loaded:
            continue
        watch = [str(tree["path"]) if "/" in str(tree["path"]) else name] if watched else []
        filters = [*in_force, f"-{tree['path']}"] if loaded else []
        what = []
        if watched:
            what.append(f"VS Code watches {_n(watched)} of its directories")
        if loaded:
            what.append("gopls walks it")
        findings.append(
            Finding(
                "workspace.big-tree",
                Severity.WARNING,
                f"{tree['path']}/ is large ({_n(int(tree['dirs']))} directories, {_n(int(tree['files']))} "
                f"files) and {' and '.join(what)}",
                AREA,
                "Exclude trees that hold no Go code you edit: fewer watches, a faster workspace load.",
                _settings_fix(watch, filters),
                (f"{tree['path']}: {_n(int(tree['go_files']))} Go files",),
            )
        )
    return findings


def _generated(data: dict[str, Any]) -> list[Finding]:
    findings = []
    for item in data.get("big_go_files") or []:
        size = int(item["bytes"])
        kind = "generated " if item.get("generated") else ""
        directory = str(item["path"]).rpartition("/")[0] or "."
        findings.append(
            Finding(
                "workspace.big-go-file",
                Severity.WARNING if item.get("generated") else Severity.INFO,
                f"A {kind}Go file of {size / (1 << 20):.1f} MiB: {item['path']}",
                AREA,
                "gopls parses and type-checks it whenever its package or a package importing it "
                "changes; large generated tables are a common cause of slow loads and high memory.",
                Fix(
                    "If no package you edit imports it, keep gopls out of its directory with "
                    f'"gopls": {{"build.directoryFilters": ["-{directory}"]}} (keep the defaults you '
                    "rely on in the list); otherwise measure with `goide gopls bench` before and after"
                ),
                (f"{item['path']}: {_n(size)} bytes",),
            )
        )
    return findings


def _modules(data: dict[str, Any]) -> list[Finding]:
    outside = list(data.get("modules_outside_work") or [])
    if not outside:
        return []
    shown = ", ".join(outside[:5]) + (f" and {len(outside) - 5} more" if len(outside) > 5 else "")
    if data.get("go_work"):
        return [
            Finding(
                "workspace.modules-outside-go-work",
                Severity.WARNING,
                f"{len(outside)} modules are not in {data['go_work']}: {shown}",
                AREA,
                "gopls builds a separate view for each such module you open: more loads and memory, "
                "and no cross-module references.",
                Fix("Add them to the workspace", command="go work use -r ."),
            )
        ]
    return [
        Finding(
            "workspace.modules-without-go-work",
            Severity.INFO,
            f"{len(outside)} modules and no go.work: {shown}",
            AREA,
            "gopls makes one view per module you open files in; a go.work makes one view for all.",
            Fix("Create a go.work that uses every module", command="go work init && go work use -r ."),
        )
    ]


def _view(data: dict[str, Any]) -> list[Finding]:
    loaded = int(data.get("loaded_go_files", 0))
    if data.get("view") == "GOPATH" and loaded >= GOPATH_MANY_GO_FILES:
        return [
            Finding(
                "workspace.gopath-view",
                Severity.WARNING,
                f"GOPATH mode over {_n(loaded)} Go files",
                AREA,
                "Without a go.mod gopls loads every package under the folder.",
                Fix("Open the module you work on instead, or give the tree a go.mod (`go mod init`)"),
            )
        ]
    return []


def judge_workspace(data: Any, *, goos: str) -> list[Finding]:
    """All workspace findings; inotify is judged only on Linux."""
    if not isinstance(data, dict):
        return []
    findings = _inotify(data) if goos == "linux" else []
    if data.get("root"):
        findings += _big_trees(data) + _generated(data) + _modules(data) + _view(data)
        if data.get("truncated"):
            findings.append(
                Finding(
                    "workspace.scan-truncated",
                    Severity.INFO,
                    f"The scan of {data['root']} stopped early: the tree is very large",
                    AREA,
                    "Counts are lower bounds.",
                )
            )
    return findings
