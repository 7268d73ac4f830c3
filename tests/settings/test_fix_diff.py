"""`settings fix`'s preview: built from the repairs' edits, the same bytes as difflib's (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goide.core.hunks import changes_hold, matching_lines
from goide.core.safe_write import unified_diff
from goide.settings.fix import _note_edits, plan_fix
from goide.settings.jsonc_edit import Edit, apply_edits
from goide.settings.schema import Schema
from goide.settings.sources import load_schema
from tests.helpers import tool
from tests.settings.test_settings_rules import GUIDE, LAUNCH


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> Schema:
    return load_schema(
        extension_manifest=None, gopls=tool("gopls"), cache_dir=tmp_path_factory.mktemp("cache")
    )


def _long(eol: str) -> str:
    # Renames far apart, and neighbouring removals that share commas (the plan parses again).
    lines = [f'    "editor.someSetting{i:04d}": "value {i:04d}"' for i in range(600)]
    for at in range(5, 600, 60):
        lines[at] = f'    "go.lintTool{at:03d}": "golangci-lint"'
    lines[300:300] = ['    "go.useLanguageServr": true', '    "go.goroot": 1', '    "go.gopath": 2']
    lines.append('    "go.formatTool": "goimport"')
    return "// user settings" + eol + "{" + eol + ("," + eol).join(lines) + eol + "}"


# Renames, retypes and a removal next to a rename (their shared comma makes the plan parse again).
NESTED = (
    '{\r\n\t// mine\r\n\t"go.useLanguageServr": true,\r\n\t"gopls": {\r\n'
    '\t\t"ui.completion.usePlaceholders": "true", // why\r\n'
    '\t\t"ui.documentation.hoverKind": "synopsisdocumentation",\r\n'
    '\t\t"experimentalDiagnosticsDelay": "250ms",\r\n'
    '\t\t"memoryMode": "DegradeClosed"\r\n\t}\r\n}\r\n'
)

CASES = {
    "nested": NESTED,
    "nested, long": NESTED.replace("{\r\n", "{\r\n" + "".join(f'\t"k{i}": {i},\r\n' for i in range(300)), 1),
    "guide": GUIDE,
    "crlf": _long("\r\n"),
    "long": _long("\n"),
    "start": '{"go.useLanguageServr": true, "editor.fontSize": 3}',
    "one line": '{"a": 1, "go.formatTool": "goimport", "go.useLanguageServr": true}\n',
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_fix_preview_is_difflibs(name: str, schema: Schema, tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(CASES[name].encode())
    plan = plan_fix(path, "user", schema)
    assert plan.changed
    assert plan.changes
    assert changes_hold(plan.old_text, plan.new_text, plan.changes)
    assert plan.diff() == unified_diff(path, plan.old_text, plan.new_text)
    if name in ("long", "crlf"):
        assert matching_lines(plan.old_text, plan.new_text, plan.changes) is not None


def test_launch_fix_preview_is_difflibs(schema: Schema, tmp_path: Path) -> None:
    path = tmp_path / "launch.json"
    path.write_text(LAUNCH)
    plan = plan_fix(path, "launch", schema)
    assert plan.changed
    assert plan.changes is not None
    assert changes_hold(plan.old_text, plan.new_text, plan.changes)
    assert plan.diff() == unified_diff(path, plan.old_text, plan.new_text)


@st.composite
def _batches(draw: st.DrawFn) -> tuple[str, list[list[Edit]]]:
    text = draw(st.text(alphabet="ab\n", max_size=30))
    batches: list[list[Edit]] = []
    length = len(text)
    for _ in range(draw(st.integers(1, 4))):
        cuts = sorted(draw(st.lists(st.integers(0, length), max_size=6)))
        edits = [
            Edit(cuts[i], cuts[i + 1] - cuts[i], draw(st.text(alphabet="xy\n", max_size=4)))
            for i in range(0, len(cuts) - 1, 2)
        ]
        batches.append(edits)
        length += sum(len(e.content) - e.length for e in edits)
    return text, batches


@settings(max_examples=300, deadline=None)
@given(_batches())
def test_noted_edits_are_the_changes(case: tuple[str, list[list[Edit]]]) -> None:
    # Batches applied one after the other, each in the coordinates of the text before it (as
    # plan_fix applies them): the ranges noted leave the original and the result equal elsewhere.
    text, batches = case
    current = text
    changed: list[list[int]] = []
    for edits in batches:
        current = apply_edits(current, edits)
        _note_edits(changed, edits)
    assert changes_hold(text, current, [(a, b, c, d) for a, b, c, d in changed])
