"""The settings probe of `goide doctor`: finds the VS Code settings and launch files, reads them, and
loads the schema they are checked against, as plain JSON for `Facts.extra["settings"]`.

What is stored is what the settings rules need to give the same findings on another machine
(`goide doctor --facts FILE`): each file's path and kind, its text made safe by
`goide.settings.redact` (or why it could not be read), and the schema of the installed
extension and gopls (`schema_to_json`). The probe never judges.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goide.core.errors import InputError

if TYPE_CHECKING:
    from goide.doctor.context import Context
    from goide.settings.sources import SettingsFile


def settings_files(
    environ: dict[str, str], home: Path, workspace: Path | None, system: str
) -> list[SettingsFile]:
    """User settings of every VS Code flavour present (`system` as platform.system() names it),
    then the workspace's files: folder settings, launch.json, *.code-workspace."""
    from goide.settings.sources import user_settings_files, workspace_files

    found = user_settings_files(system, environ, home)
    if workspace is not None:
        found += workspace_files(workspace)
    return found


def read_file(path: Path, kind: str, key: bytes) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """One file's facts, and its settings values (for finding the schema) when it parsed."""
    from goide.settings.check import read_document
    from goide.settings.redact import redact_settings_text

    entry: dict[str, Any] = {"path": str(path), "kind": kind, "text": None, "error": None, "hint": None}
    try:
        doc = read_document(path)
    except InputError as err:
        entry["error"], entry["hint"] = err.message, err.hint
        return entry, None
    entry["text"] = redact_settings_text(doc, kind, key)
    value = doc.to_value()
    return entry, value if isinstance(value, dict) and kind in ("user", "workspace") else None


def collect_settings(ctx: Context) -> dict[str, Any] | None:
    """The settings facts, or None when there is no settings file to check."""
    from goide.settings.schema import schema_to_json
    from goide.settings.sources import load_schema, load_schema_for

    home = Path(ctx.home)
    workspace = Path(ctx.workspace) if ctx.workspace else None
    environ = dict(ctx.environ)
    from goide.doctor.collect.host import uname

    files = settings_files(environ, home, workspace, uname()[0])
    if not files:
        return None
    key = os.urandom(32)  # keys the hashes of one run only: equal values stay equal, nothing leaks
    entries = []
    merged: dict[str, Any] = {}
    for file in files:
        entry, values = read_file(file.path, file.kind, key)
        entries.append(entry)
        merged.update(values or {})
    try:
        # A gopls that hangs must not take the whole probe with it: it gets doctor's command timeout.
        schema = load_schema_for(merged, env=environ, home=home, timeout=ctx.timeout)
    except InputError as err:  # an unreadable extension manifest: check against the built-in facts
        schema = load_schema(extension_manifest=None, gopls=None)
        schema.sources["error"] = err.message
    return {"files": entries, "schema": schema_to_json(schema)}
