"""What the VS Code settings and the workspace say about debugging: `go.alternateTools.dlv` and
the launch configurations, read with the JSONC reader of `goide settings`.

User settings come first and the workspace's `.vscode/settings.json` overrides them, as in VS
Code. A file that does not parse is skipped here; `goide settings check` reports it. A file in a
folder this user cannot read is kept in `unreadable`: debugging needs those settings, so
`goide debug check` reports it.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goide.core.errors import InputError
from goide.core.model import Finding

if TYPE_CHECKING:
    from goide.settings.check import UnreadableDirectory


@dataclass(frozen=True)
class DebugSettings:
    alternate_dlv: str | None  # go.alternateTools.dlv, as written
    alternate_dlv_file: str | None  # the settings file it came from
    launch_files: tuple[Path, ...]  # .vscode/launch.json and *.code-workspace files with a launch section
    unreadable: tuple[tuple[Path, UnreadableDirectory], ...] = ()  # files in a folder this user cannot read


def read_debug_settings(
    workspace: Path, env: Mapping[str, str] | None = None, home: Path | None = None
) -> DebugSettings:
    from goide.settings.check import UnreadableDirectory, read_document
    from goide.settings.sources import user_settings_files, workspace_files

    environ = dict(os.environ if env is None else env)
    home = Path.home() if home is None else home
    files = user_settings_files(platform.system(), environ, home) + workspace_files(workspace)
    alternate: str | None = None
    source: str | None = None
    launch: list[Path] = []
    unreadable: list[tuple[Path, UnreadableDirectory]] = []
    for file in files:
        try:
            value: Any = read_document(file.path).to_value()
        except UnreadableDirectory as err:
            unreadable.append((file.path, err))
            continue
        except InputError:
            continue
        if not isinstance(value, dict):
            continue
        if file.kind == "launch" or (file.kind == "code-workspace" and isinstance(value.get("launch"), dict)):
            launch.append(file.path)
        settings = value.get("settings") if file.kind == "code-workspace" else value
        tools = settings.get("go.alternateTools") if isinstance(settings, dict) else None
        if file.kind != "launch" and isinstance(tools, dict) and isinstance(tools.get("dlv"), str):
            alternate, source = _expand(tools["dlv"], home, workspace), str(file.path)
    # A launch.json that does not parse is still a launch file: its syntax error is a finding.
    for file in files:
        if file.kind == "launch" and file.path not in launch:
            launch.append(file.path)
    return DebugSettings(alternate or None, source, tuple(launch), tuple(unreadable))


def _expand(value: str, home: Path, workspace: Path) -> str:
    # As the extension's resolvePath (vscode-go util.ts): ${workspaceFolder}/${workspaceRoot},
    # then a leading ~ for the home directory.
    for variable in ("${workspaceFolder}", "${workspaceRoot}"):
        value = value.replace(variable, str(workspace.resolve()))
    if value.startswith("~"):
        return str(home) + value[1:]
    return value


def check_launch_files(files: tuple[Path, ...], home: Path | None = None) -> dict[str, list[Finding]]:
    """Findings of `goide.settings.launch` per launch file, against the installed extension's schema."""
    from goide.settings.launch import check_launch_file
    from goide.settings.sources import find_extension_manifest, load_schema

    if not files:
        return {}
    manifest = find_extension_manifest(Path.home() if home is None else home)
    schema = load_schema(extension_manifest=manifest, gopls=None)  # launch needs no gopls
    return {str(path): check_launch_file(path, schema) for path in files}
