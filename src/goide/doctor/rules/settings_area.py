"""The "VS Code settings" area of `goide doctor`: the settings and launch checks of `goide settings`,
run on the files the settings probe stored in `Facts.extra["settings"]`
(see `goide.doctor.collect.settings_area`), plus the conflicts that only the combination of user and
workspace settings has (`goide.settings.merge`).

Pure: the stored texts are parsed again here, so a facts file judged on another machine gives
the same findings, at the same lines. Fixes point at `goide settings fix`, which makes the edits.
"""

from __future__ import annotations

import dataclasses
import shlex
from pathlib import Path
from typing import Any

from goide.core.errors import InputError
from goide.core.model import Finding, Severity
from goide.core.words import plural
from goide.doctor.facts import Facts
from goide.doctor.rules.registry import reads

_FIXABLE = "settings-fix:"


def _point_at_settings_fix(finding: Finding, path: str) -> Finding:
    """The finding with `goide settings fix FILE` as its command when that command can fix it."""
    fix = finding.fix
    if fix is None or not (fix.action or "").startswith(_FIXABLE):
        return finding
    command = f"goide settings fix {shlex.quote(path)}"
    # doctor --fix installs tools only; the settings edit is the settings command's, with its diff.
    return dataclasses.replace(finding, fix=dataclasses.replace(fix, command=command, action=None))


def _layer_values(kind: str, value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict) or kind == "launch":
        return None
    if kind == "code-workspace":
        settings = value.get("settings")
        return settings if isinstance(settings, dict) else None
    return value


@reads("settings", "vscode")
def judge_settings(facts: Facts) -> list[Finding]:
    data = facts.extra.get("settings")
    if not isinstance(data, dict):
        return []
    from goide.settings.check import AREA, syntax_finding
    from goide.settings.files import check_settings_document
    from goide.settings.jsonc import parse
    from goide.settings.merge import Layer, cross_file_conflicts
    from goide.settings.schema import schema_from_json

    schema = schema_from_json(data.get("schema"))
    # The VS Code area already reports a user settings file that does not parse.
    unreadable = {s.path for s in facts.vscode.settings if s.error}
    findings: list[Finding] = []
    layers: list[Layer] = []
    files = data.get("files") or []
    for entry in files:
        path, kind, text = str(entry["path"]), str(entry["kind"]), entry.get("text")
        if text is None:
            if not (kind == "user" and path in unreadable):
                error = InputError(str(entry.get("error")), hint=entry.get("hint"))
                findings.append(syntax_finding(Path(path), error))
            continue
        try:
            doc = parse(str(text), source=path)
        except InputError as err:
            findings.append(syntax_finding(Path(path), err))
            continue
        found = check_settings_document(doc, Path(path), schema, kind)
        findings += [_point_at_settings_fix(f, path) for f in found]
        values = _layer_values(kind, doc.to_value())
        if values is not None:
            layers.append(Layer(path, kind, values))
    findings += cross_file_conflicts(layers)
    sources = "; ".join(f"{part} from {source}" for part, source in sorted(schema.sources.items()))
    findings.append(
        Finding(
            "settings.checked",
            Severity.OK,
            f"Checked {plural(len(files), 'settings and launch file')}",
            AREA,
            detail=f"Schema: {sources}." if sources else "",
            evidence=tuple(f"{e['path']} ({e['kind']})" for e in files),
        )
    )
    return findings
