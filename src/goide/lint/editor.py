"""VS Code's lint and format settings for Go, read with the settings capability's readers.

User settings of every VS Code flavour first, then the workspace's `.vscode/settings.json`
(which wins, as in VS Code). gopls options are read in both spellings the extension accepts:
`"gopls": {"formatting.gofumpt": true}` and the dotted `"gopls": {"gofumpt": true}` (only the last
segment of a gopls option name matters).
"""

from __future__ import annotations

import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goide.core.errors import InputError

KEYS = (
    "go.lintTool",
    "go.lintFlags",
    "go.formatTool",
    "go.formatFlags",
    "go.alternateTools",
    "go.toolsGopath",
    "go.gopath",
)


@dataclass(frozen=True)
class EditorSettings:
    values: dict[str, Any] = field(default_factory=dict)  # the KEYS that are set, merged
    gofumpt: bool = False  # gopls formatting.gofumpt
    local: str | None = None  # gopls formatting.local
    sources: dict[str, str] = field(default_factory=dict)  # key -> file that set it
    unreadable: tuple[tuple[str, str], ...] = ()  # (file, error)

    @property
    def lint_tool(self) -> str | None:
        value = self.values.get("go.lintTool")
        return value if isinstance(value, str) and value else None

    @property
    def lint_flags(self) -> tuple[str, ...]:
        value = self.values.get("go.lintFlags")
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    @property
    def format_tool(self) -> str | None:
        value = self.values.get("go.formatTool")
        return value if isinstance(value, str) and value and value != "default" else None

    @property
    def formatter(self) -> str:
        """The formatter that runs on save: go.formatTool when set, else gopls (gofumpt or gofmt)."""
        if self.format_tool:
            return self.format_tool
        return "gofumpt" if self.gofumpt else "gofmt"

    def to_json(self) -> dict[str, Any]:
        return {
            "values": self.values,
            "gofumpt": self.gofumpt,
            "local": self.local,
            "formatter": self.formatter,
            "sources": self.sources,
            "unreadable": [{"path": p, "error": e} for p, e in self.unreadable],
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> EditorSettings:
        return EditorSettings(
            values=dict(data.get("values") or {}),
            gofumpt=bool(data.get("gofumpt")),
            local=data.get("local"),
            sources=dict(data.get("sources") or {}),
            unreadable=tuple((str(u["path"]), str(u["error"])) for u in data.get("unreadable") or ()),
        )


def _gopls_option(gopls: Any, name: str) -> Any:
    if not isinstance(gopls, dict):
        return None
    for key, value in gopls.items():
        if key.rsplit(".", 1)[-1] == name:
            return value
    return None


def merge_settings(layers: list[tuple[str, dict[str, Any]]]) -> EditorSettings:
    """`layers` as (file, values), lowest precedence first."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    gofumpt: Any = None
    local: Any = None
    for path, layer in layers:
        for key in KEYS:
            if key in layer:
                values[key], sources[key] = layer[key], path
        gopls = layer.get("gopls")
        found = _gopls_option(gopls, "gofumpt")
        if found is not None:
            gofumpt, sources["gopls.formatting.gofumpt"] = found, path
        found = _gopls_option(gopls, "local")
        if found is not None:
            local, sources["gopls.formatting.local"] = found, path
    return EditorSettings(
        values=values,
        gofumpt=gofumpt is True,
        local=local if isinstance(local, str) and local else None,
        sources=sources,
    )


def read_editor_settings(
    workspace: Path, environ: dict[str, str], home: Path, system: str | None = None
) -> EditorSettings:
    from goide.settings.check import read_document
    from goide.settings.sources import user_settings_files, workspace_files

    files = user_settings_files(system or platform.system(), environ, home)
    files += [f for f in workspace_files(workspace) if f.kind == "workspace"]
    layers: list[tuple[str, dict[str, Any]]] = []
    unreadable: list[tuple[str, str]] = []
    for file in files:
        try:
            value = read_document(file.path).to_value()
        except InputError as err:
            unreadable.append((str(file.path), err.message))
            continue
        if isinstance(value, dict):
            layers.append((str(file.path), value))
    merged = merge_settings(layers)
    return EditorSettings(merged.values, merged.gofumpt, merged.local, merged.sources, tuple(unreadable))
