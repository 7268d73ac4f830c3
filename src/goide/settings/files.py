"""A whole settings file checked: the settings rules (`check.py`) and the launch rules (`launch.py`)
together, as `goide settings check` and doctor's settings area run them."""

from __future__ import annotations

from pathlib import Path

from goide.core.errors import InputError
from goide.core.model import Finding
from goide.settings.check import analyse_settings, read_document, syntax_finding
from goide.settings.jsonc import Document
from goide.settings.launch import analyse_launch
from goide.settings.schema import Schema
from goide.settings.sources import kind_of


def check_settings_file(path: Path, schema: Schema, kind: str | None = None) -> list[Finding]:
    """Findings for one settings file (user, `.vscode/settings.json` or `*.code-workspace`).

    This is the function `goide doctor` calls. A file that cannot be read or parsed gives one
    `settings.syntax-error` finding. Launch configurations inside the file (a `launch` key)
    are checked too.
    """
    try:
        doc = read_document(path)
    except InputError as err:
        return [syntax_finding(path, err)]
    return check_settings_document(doc, path, schema, kind or kind_of(path))


def check_settings_document(doc: Document, path: Path, schema: Schema, kind: str) -> list[Finding]:
    """Findings for a settings document already parsed (see check_settings_file)."""
    try:
        problems = analyse_settings(doc, kind, schema, str(path))
        problems += analyse_launch(doc, kind, schema, str(path))
    except InputError as err:
        return [syntax_finding(path, err)]
    return [p.finding for p in problems]
