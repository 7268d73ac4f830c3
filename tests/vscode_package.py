"""Extension manifests (package.json) of golang.go, built by the tests in the real format.

VS Code is not installed here, so the tests write the manifest themselves. The structure is
the one of golang/vscode-go `extension/package.json` (v0.56): `contributes.configuration` is
one object `{type, title, properties}` whose `properties` map each setting to a JSON schema
(`type`, `enum`, `default`, `description`, `scope`, `markdownDeprecationMessage`); the `gopls`
property is an object schema with dotted sub-properties (`"ui.documentation.hoverKind"`);
`contributes.debuggers[0]` is `{type: "go", label, program, runtime, languages,
configurationAttributes: {launch: {required: [], properties}, attach: {...}}}`. The content
(descriptions, the selection of settings) is the tests' own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from goide.settings import builtin as facts
from goide.settings.schema import Setting


def _property(spec: Setting) -> dict[str, Any]:
    entry: dict[str, Any] = {"description": f"test description of {spec.name}", "scope": "resource"}
    if len(spec.types) == 1:
        entry["type"] = spec.types[0]
    elif spec.types:
        entry["type"] = list(spec.types)
    if spec.enum:
        entry["enum"] = list(spec.enum)
    if spec.deprecated:
        entry["markdownDeprecationMessage"] = f"test deprecation of `{spec.name}`"
    return entry


def manifest(
    version: str = "0.56.0",
    *,
    drop: tuple[str, ...] = (),
    extra: dict[str, dict[str, Any]] | None = None,
    gopls: bool = True,
) -> dict[str, Any]:
    """A golang.go package.json: the facts' settings minus `drop`, plus `extra` properties."""
    properties = {name: _property(spec) for name, spec in facts.GO_SETTINGS.items() if name not in drop}
    if gopls:
        properties["gopls"] = {
            "type": "object",
            "markdownDescription": "test description of the gopls object",
            "scope": "resource",
            "properties": {o.name: _property(o) for o in facts.GOPLS_OPTIONS.values()},
        }
    properties.update(extra or {})
    attributes = {
        request: {"required": [], "properties": {name: _property(spec) for name, spec in attrs.items()}}
        for request, attrs in facts.LAUNCH_ATTRIBUTES.items()
    }
    return {
        "name": "go",
        "displayName": "Go",
        "publisher": "golang",
        "version": version,
        "engines": {"vscode": "^1.90.0"},
        "contributes": {
            "debuggers": [
                {
                    "type": "go",
                    "label": "Go",
                    "program": "./dist/debugAdapter.js",
                    "runtime": "node",
                    "languages": ["go"],
                    "configurationAttributes": attributes,
                }
            ],
            "configuration": {"type": "object", "title": "Go", "properties": properties},
        },
    }


def install(home: Path, package: dict[str, Any], flavour_dir: str = ".vscode") -> Path:
    """Write `package` where VS Code installs extensions: ~/.vscode/extensions/golang.go-VERSION/."""
    folder = home / flavour_dir / "extensions" / f"golang.go-{package['version']}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "package.json"
    path.write_text(json.dumps(package, indent=2))
    return path
