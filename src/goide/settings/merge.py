"""Settings that conflict only when VS Code combines the user and workspace settings.

VS Code reads user settings, then the `settings` of a `*.code-workspace` file, then the folder's
`.vscode/settings.json`, each overriding the one before; object values such as `gopls` are merged
key by key (microsoft/vscode src/vs/platform/configuration/common/configurationModels.ts,
`ConfigurationModel.mergeContents`). So `go.formatTool` in the user settings and
`formatting.gofumpt` in the workspace conflict although neither file does alone, and
`"staticcheck"` in one `gopls` object and `"ui.diagnostic.staticcheck"` in the other reach gopls
as one object with the option twice.

The checks here judge that combined view and report only what comes from more than one file;
what one file does alone is `goide.settings.check`' business. Pure: values in, findings out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from goide.core.model import Finding, Fix, Severity
from goide.settings.check import AREA, show

# The order VS Code applies the scopes in; later wins.
SCOPE_ORDER = ("user", "code-workspace", "workspace")


@dataclass(frozen=True)
class Layer:
    """The settings of one file: `kind` is user, code-workspace (its `settings`) or workspace."""

    path: str
    kind: str
    values: dict[str, Any]


@dataclass(frozen=True)
class Setting:
    """A value in the combined view and the file it came from."""

    value: Any
    path: str


@dataclass
class CombinedView:
    """The Go settings VS Code would hand the extension for one combination of files."""

    files: tuple[str, ...]
    top: dict[str, Setting]
    gopls: dict[str, Setting]  # the merged `gopls` object, by the key as written


def combine(layers: Sequence[Layer]) -> CombinedView:
    """The combined view of `layers`, given in VS Code's order (user first)."""
    top: dict[str, Setting] = {}
    gopls: dict[str, Setting] = {}
    for layer in layers:
        for key, value in layer.values.items():
            if key == "gopls" and isinstance(value, dict):
                for inner, inner_value in value.items():
                    gopls[inner] = Setting(inner_value, layer.path)
            elif key.startswith("go."):
                top[key] = Setting(value, layer.path)
    return CombinedView(tuple(layer.path for layer in layers), top, gopls)


def views(layers: Sequence[Layer]) -> list[CombinedView]:
    """Every combination VS Code can open with more than one file: each user settings file
    (one per VS Code flavour) with the folder settings, and with each `*.code-workspace` file."""
    by_kind: dict[str, list[Layer]] = {kind: [] for kind in SCOPE_ORDER}
    for layer in layers:
        if layer.kind in by_kind:
            by_kind[layer.kind].append(layer)
    users: list[Layer | None] = [*by_kind["user"]] or [None]
    folder = by_kind["workspace"][:1]
    found = []
    for user in users:
        base = [user] if user else []
        for middle in [[], *([w] for w in by_kind["code-workspace"])]:
            chosen = [*base, *middle, *folder]
            if len(chosen) > 1:
                found.append(combine(chosen))
    return found


def _last_segment(key: str) -> str:
    return key.rsplit(".", 1)[-1]


def _option(view: CombinedView, name: str) -> tuple[str, Setting] | None:
    """The gopls option `name` as gopls would read it (the last key that names it)."""
    found = None
    for key, setting in view.gopls.items():
        if _last_segment(key) == name:
            found = (key, setting)
    return found


def _evidence(*items: tuple[str, Setting]) -> tuple[str, ...]:
    return tuple(f"{setting.path}: {key}: {show(setting.value)}" for key, setting in items)


_COMBINED = (
    "VS Code combines the user settings with the workspace's (the workspace wins for a key both "
    "set, and the gopls objects are merged key by key), so the two files together say this "
    "although neither does alone."
)


def format_twice(view: CombinedView) -> Finding | None:
    tool = view.top.get("go.formatTool")
    gofumpt = _option(view, "gofumpt")
    if tool is None or not isinstance(tool.value, str) or tool.value == "default" or gofumpt is None:
        return None
    if gofumpt[1].value is not True or gofumpt[1].path == tool.path:
        return None
    return Finding(
        "settings.format-twice-across-files",
        Severity.WARNING,
        f"go.formatTool is {tool.value} (in {tool.path}) while gopls formatting.gofumpt is on "
        f"(in {gofumpt[1].path}): code is formatted twice",
        AREA,
        detail=_COMBINED + " With a go.formatTool other than default the extension runs that tool "
        "instead of gopls.",
        fix=Fix(
            f"remove go.formatTool from {tool.path}, or for this workspace only add "
            f'"go.formatTool": "default" to {gofumpt[1].path}'
        ),
        evidence=_evidence(("go.formatTool", tool), gofumpt),
    )


def staticcheck_twice(view: CombinedView) -> Finding | None:
    lint = view.top.get("go.lintTool")
    staticcheck = _option(view, "staticcheck")
    if lint is None or lint.value != "staticcheck" or staticcheck is None:
        return None
    if staticcheck[1].value is not True or staticcheck[1].path == lint.path:
        return None
    return Finding(
        "settings.staticcheck-twice-across-files",
        Severity.WARNING,
        f"staticcheck runs twice: go.lintTool is staticcheck (in {lint.path}) and gopls runs "
        f"staticcheck too (in {staticcheck[1].path})",
        AREA,
        detail=_COMBINED + " Every staticcheck diagnostic then shows up twice.",
        fix=Fix(
            f"remove go.lintTool from {lint.path}, or set {staticcheck[0]} to false in {staticcheck[1].path}"
        ),
        evidence=_evidence(("go.lintTool", lint), staticcheck),
    )


def gopls_option_twice(view: CombinedView) -> list[Finding]:
    by_name: dict[str, list[tuple[str, Setting]]] = {}
    for key, setting in view.gopls.items():
        by_name.setdefault(_last_segment(key), []).append((key, setting))
    found = []
    for name, keys in by_name.items():
        if len(keys) < 2 or len({setting.path for _, setting in keys}) < 2:
            continue  # one file alone: goide.settings.check reports it
        written = " and ".join(f"{key} (in {setting.path})" for key, setting in keys)
        found.append(
            Finding(
                "gopls.duplicate-option-across-files",
                Severity.ERROR,
                f"gopls option {name} is set twice once the settings are combined: {written}",
                AREA,
                detail=_COMBINED + " gopls reads only the last segment of a key, so it gets the option "
                'twice, reports "duplicate value" and which one wins is not defined.',
                fix=Fix(f"write {name} the same way in both files (as {keys[-1][0]}), or keep it in one"),
                evidence=_evidence(*keys),
            )
        )
    return found


def cross_file_conflicts(layers: Sequence[Layer]) -> list[Finding]:
    """Conflicts of the combined settings that no single file has, once each."""
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for view in views(layers):
        candidates = [format_twice(view), staticcheck_twice(view), *gopls_option_twice(view)]
        for finding in candidates:
            if finding is not None and (finding.id, finding.title) not in seen:
                seen.add((finding.id, finding.title))
                findings.append(finding)
    return findings
