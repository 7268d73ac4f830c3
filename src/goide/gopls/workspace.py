"""Reads a workspace tree the way VS Code and gopls see it: the directories VS Code would watch
(minus `files.watcherExclude`), the Go files gopls would load (minus `build.directoryFilters`),
very large subtrees, big generated Go files, the modules and go.work, and on Linux the inotify
limits. Impure (it walks the tree and reads /proc); `rules.py` judges what it returns.

The walk never follows symbolic links (VS Code's watcher does not either) and stops after
`max_entries` directory entries, saying so, so a huge tree costs bounded time.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from goide.gopls.globs import filtered_out, watch_excluded
from goide.gopls.inotify import inotify_limits

# VS Code's default `files.watcherExclude` (recent releases; shared/reference crashes-and-traces §6.2).
DEFAULT_WATCHER_EXCLUDE = (
    "**/.git/objects/**",
    "**/.git/subtree-cache/**",
    "**/node_modules/*/**",
    "**/.hg/store/**",
)
# gopls's default `build.directoryFilters` (gopls v0.23.0 settings).
DEFAULT_DIRECTORY_FILTERS = ("-**/node_modules",)
# Names of trees that are usually large and hold nothing gopls needs.
HEAVY_NAMES = frozenset(
    {
        "node_modules",
        "vendor",
        ".git",
        "bazel-out",
        "bazel-bin",
        "third_party",
        "dist",
        "build",
        "target",
        ".venv",
    }
)
BIG_TREE_DIRS = 1000
BIG_TREE_FILES = 10_000
BIG_GO_FILE = 1 << 20  # a Go file this large is worth naming
MAX_ENTRIES = 2_000_000
MAX_LISTED = 20
_GENERATED = re.compile(rb"^// Code generated .* DO NOT EDIT\.\r?$", re.MULTILINE)


@dataclass
class Tree:
    path: str  # relative to the workspace, with /
    dirs: int = 0
    files: int = 0
    go_files: int = 0
    watched_dirs: int = 0
    loaded: bool = True  # gopls loads it (not cut by directoryFilters)


@dataclass
class BigGoFile:
    path: str
    bytes: int
    generated: bool


@dataclass
class WorkspaceScan:
    root: str
    dirs: int = 0
    watched_dirs: int = 0
    files: int = 0
    go_files: int = 0
    loaded_go_files: int = 0  # in directories gopls loads
    truncated: bool = False
    big_trees: list[Tree] = field(default_factory=list)
    big_go_files: list[BigGoFile] = field(default_factory=list)
    modules: list[str] = field(default_factory=list)  # directories with a go.mod ("." is the root)
    go_work: str | None = None  # the go.work in force, if any
    work_uses: list[str] = field(default_factory=list)
    modules_outside_work: list[str] = field(default_factory=list)
    view: str = "AdHoc"  # what gopls will make of the folder: GoWork, GoMod, GOPATH or AdHoc
    watcher_exclude: list[str] = field(default_factory=list)
    directory_filters: list[str] = field(default_factory=list)
    settings_file: str | None = None
    inotify: dict[str, int] | None = None  # Linux only

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def workspace_settings(root: Path) -> tuple[dict[str, Any], str | None]:
    """The folder's `.vscode/settings.json` as a value (empty when absent or unreadable)."""
    from goide.settings.jsonc import JsoncError, parse

    path = root / ".vscode" / "settings.json"
    try:
        value = parse(path.read_text(encoding="utf-8", errors="replace"), source=str(path)).to_value()
    except (OSError, JsoncError):
        return {}, None
    return (value, str(path)) if isinstance(value, dict) else ({}, str(path))


def exclusions(settings: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(watcher-exclude globs, gopls directory filters) in force with these settings."""
    exclude = dict.fromkeys(DEFAULT_WATCHER_EXCLUDE, True)
    given = settings.get("files.watcherExclude")
    if isinstance(given, dict):
        exclude.update({str(k): bool(v) for k, v in given.items()})
    gopls = settings.get("gopls")
    filters: list[str] = list(DEFAULT_DIRECTORY_FILTERS)
    if isinstance(gopls, dict):
        value = gopls.get("build.directoryFilters", gopls.get("directoryFilters"))
        if isinstance(value, list):
            filters = [str(v) for v in value]
    return [k for k, on in exclude.items() if on], filters


def _is_generated(path: str) -> bool:
    try:
        with open(path, "rb") as stream:
            head = stream.read(8192)
    except OSError:
        return False
    return _GENERATED.search(head) is not None


def _go_work_uses(text: str) -> list[str]:
    uses: list[str] = []
    in_block = False
    for raw in text.splitlines():
        line = raw.split("//", 1)[0].strip()
        if in_block:
            if line == ")":
                in_block = False
            elif line:
                uses.append(line.strip('"'))
        elif line.startswith("use"):
            rest = line[3:].strip()
            if rest == "(":
                in_block = True
            elif rest:
                uses.append(rest.strip('"'))
    return uses


def _find_up(start: Path, name: str) -> Path | None:
    for directory in (start, *start.parents):
        if (directory / name).is_file():
            return directory / name
    return None


def _view(root: Path, environ: Mapping[str, str], go_work: Path | None) -> str:
    if go_work is not None:
        return "GoWork"
    if _find_up(root, "go.mod") is not None:
        return "GoMod"
    gopaths = environ.get("GOPATH") or str(Path(environ.get("HOME", "~")) / "go")
    for gopath in gopaths.split(os.pathsep):
        if gopath and root.is_relative_to(Path(gopath) / "src"):
            return "GOPATH"
    return "AdHoc"


def scan(
    root: Path,
    *,
    environ: Mapping[str, str] | None = None,
    settings: Mapping[str, Any] | None = None,
    max_entries: int = MAX_ENTRIES,
    big_tree_dirs: int = BIG_TREE_DIRS,
    big_tree_files: int = BIG_TREE_FILES,
    big_go_file: int = BIG_GO_FILE,
    proc: Path | None = Path("/proc"),
) -> WorkspaceScan:
    """Walk `root` once; settings default to the folder's own `.vscode/settings.json`."""
    environ = os.environ if environ is None else environ
    settings_file = None
    if settings is None:
        settings, settings_file = workspace_settings(root)
    exclude, filters = exclusions(settings)
    result = WorkspaceScan(str(root), watcher_exclude=exclude, directory_filters=filters)
    result.settings_file = settings_file
    trees: dict[str, Tree] = {}
    entries = 0
    # (directory, relative path, watched, loaded, the trees it counts towards)
    stack: list[tuple[str, str, bool, bool, tuple[Tree, ...]]] = [(str(root), "", True, True, ())]
    while stack:
        directory, rel, watched, loaded, counting = stack.pop()
        result.dirs += 1
        result.watched_dirs += watched
        for tree in counting:
            tree.dirs += 1
            tree.watched_dirs += watched
        try:
            with os.scandir(directory) as found:
                children = list(found)
        except OSError:
            continue
        for entry in children:
            entries += 1
            if entries > max_entries:
                result.truncated = True
                stack.clear()
                break
            child_rel = f"{rel}/{entry.name}" if rel else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                child_watched = watched and not watch_excluded(child_rel, exclude)
                # gopls skips testdata, and directories starting with . or _ (go/packages rules).
                child_loaded = (
                    loaded
                    and entry.name != "testdata"
                    and not entry.name.startswith((".", "_"))
                    and not filtered_out(child_rel, filters)
                )
                child_counting = counting
                if (
                    entry.name in HEAVY_NAMES
                    and not any(t.path.split("/")[-1] in HEAVY_NAMES for t in counting)
                ) or (not rel):
                    tree = trees.setdefault(child_rel, Tree(child_rel, loaded=child_loaded))
                    child_counting = (*counting, tree)
                stack.append((entry.path, child_rel, child_watched, child_loaded, child_counting))
                continue
            result.files += 1
            for tree in counting:
                tree.files += 1
            if entry.name == "go.mod" and loaded and "vendor" not in rel.split("/"):
                result.modules.append(rel or ".")
            if not entry.name.endswith(".go"):
                continue
            result.go_files += 1
            result.loaded_go_files += loaded
            for tree in counting:
                tree.go_files += 1
            with contextlib.suppress(OSError):
                size = entry.stat(follow_symlinks=False).st_size
                if size >= big_go_file:
                    result.big_go_files.append(BigGoFile(child_rel, size, _is_generated(entry.path)))
    big = [t for t in trees.values() if t.dirs >= big_tree_dirs or t.files >= big_tree_files]
    heavy = [t for t in big if t.path.rsplit("/", 1)[-1] in HEAVY_NAMES]
    # A top-level tree that is big mostly because of a heavy tree inside it is named by that one.
    plain = [
        t
        for t in big
        if t not in heavy and sum(h.dirs for h in heavy if h.path.startswith(t.path + "/")) * 2 < t.dirs
    ]
    result.big_trees = sorted(heavy + plain, key=lambda t: -t.dirs)[:MAX_LISTED]
    result.big_go_files.sort(key=lambda f: -f.bytes)
    del result.big_go_files[MAX_LISTED:]
    result.modules.sort()
    go_work = _find_up(root, "go.work") if environ.get("GOWORK") != "off" else None
    if environ.get("GOWORK") not in (None, "", "off"):
        go_work = Path(environ["GOWORK"])
    if go_work is not None:
        result.go_work = str(go_work)
        with contextlib.suppress(OSError):
            result.work_uses = _go_work_uses(go_work.read_text(encoding="utf-8", errors="replace"))
        used = {os.path.normpath(go_work.parent / u) for u in result.work_uses}
        result.modules_outside_work = [m for m in result.modules if os.path.normpath(root / m) not in used]
    elif len(result.modules) > 1:
        result.modules_outside_work = list(result.modules)
    result.view = _view(root, environ, go_work)
    if proc is not None:
        result.inotify = inotify_limits(proc)
    return result
