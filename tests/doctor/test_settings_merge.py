"""Conflicts that only the combination of user and workspace settings has (goide.settings.merge),
the redacted settings texts doctor keeps in its facts (goide.settings.redact), and the
schema's JSON form.

The combination follows VS Code's own: user, then a *.code-workspace file's `settings`, then the
folder's .vscode/settings.json, object values merged key by key (microsoft/vscode
src/vs/platform/configuration/common/configurationModels.ts, ConfigurationModel.mergeContents)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goide.settings.jsonc import Node, line_column, parse
from goide.settings.merge import Layer, cross_file_conflicts
from goide.settings.redact import redact_settings_text
from goide.settings.schema import schema_from_json, schema_to_json
from goide.settings.sources import load_schema
from tests.helpers import tool
from tests.jsonc_docs import documents
from tests.vscode_package import install, manifest

USER = "/home/me/.config/Code/User/settings.json"
FOLDER = "/src/app/.vscode/settings.json"
WORKSPACE_FILE = "/src/app/app.code-workspace"


def _ids(*layers: tuple[str, str, dict[str, Any]]) -> list[str]:
    return sorted(f.id for f in cross_file_conflicts([Layer(*layer) for layer in layers]))


@pytest.mark.parametrize(
    ("user", "folder", "expected"),
    [
        # The example: a format tool in the user settings, gofumpt in the workspace.
        (
            {"go.formatTool": "goimports"},
            {"gopls": {"formatting.gofumpt": True}},
            ["settings.format-twice-across-files"],
        ),
        # The workspace puts the format tool back to default: no conflict in the combination.
        (
            {"go.formatTool": "goimports"},
            {"go.formatTool": "default", "gopls": {"formatting.gofumpt": True}},
            [],
        ),
        # Both in one file is the single-file rule's business, not this one's.
        ({}, {"go.formatTool": "goimports", "gopls": {"formatting.gofumpt": True}}, []),
        # The workspace turns gofumpt off again, under the same key: the merged object says false.
        (
            {"go.formatTool": "gofumpt", "gopls": {"formatting.gofumpt": True}},
            {"gopls": {"formatting.gofumpt": False}},
            [],
        ),
        # staticcheck on in both places: the client-side lint tool and gopls's own.
        (
            {"go.lintTool": "staticcheck", "gopls": {"ui.diagnostic.staticcheck": False}},
            {"gopls": {"ui.diagnostic.staticcheck": True}},
            ["settings.staticcheck-twice-across-files"],
        ),
        # The same option under two prefixes: VS Code merges the objects, gopls gets both keys.
        (
            {"gopls": {"staticcheck": True}},
            {"gopls": {"ui.diagnostic.staticcheck": True}},
            ["gopls.duplicate-option-across-files"],
        ),
        # The same key in both: the workspace's value replaces the user's, nothing is duplicated.
        ({"gopls": {"ui.diagnostic.staticcheck": True}}, {"gopls": {"ui.diagnostic.staticcheck": False}}, []),
        (
            {"go.lintTool": "staticcheck"},
            {"go.lintTool": "golangci-lint", "gopls": {"staticcheck": True}},
            [],
        ),
    ],
)
def test_user_and_folder(user: dict[str, Any], folder: dict[str, Any], expected: list[str]) -> None:
    assert _ids((USER, "user", user), (FOLDER, "workspace", folder)) == expected


def test_code_workspace_sits_between_user_and_folder() -> None:
    user = (USER, "user", {"go.formatTool": "goimports"})
    code_workspace = (WORKSPACE_FILE, "code-workspace", {"gopls": {"formatting.gofumpt": True}})
    folder = (FOLDER, "workspace", {"go.formatTool": "default"})
    # Opening the folder alone: no gofumpt anywhere. Opening the .code-workspace: the folder wins
    # over it for go.formatTool, so again no conflict.
    assert _ids(user, code_workspace, folder) == []
    (finding,) = cross_file_conflicts([Layer(*user), Layer(*code_workspace)])
    assert finding.id == "settings.format-twice-across-files"
    assert USER in finding.title
    assert WORKSPACE_FILE in finding.title
    assert finding.evidence == (
        f'{USER}: go.formatTool: "goimports"',
        f"{WORKSPACE_FILE}: formatting.gofumpt: true",
    )


def test_each_user_settings_file_is_combined_on_its_own() -> None:
    insiders = "/home/me/.config/Code - Insiders/User/settings.json"
    layers = [
        Layer(USER, "user", {"go.formatTool": "goimports"}),
        Layer(insiders, "user", {}),
        Layer(FOLDER, "workspace", {"gopls": {"formatting.gofumpt": True}}),
    ]
    (finding,) = cross_file_conflicts(layers)
    assert USER in finding.title
    assert insiders not in finding.title


SETTINGS = """\ufeff{
\t// proxy: http://me:hunter2@proxy.corp
\t"http.proxy": "http://me:hunter2@proxy.corp:8080", "editor.tabSize": 4,
\t"terminal.integrated.env.linux": {"GITHUB_TOKEN": "ghp_abcdefghijklmnopqrstuvwxyz0123456789"},
\t"sqltools.connections": [{"server": "same", "password": "same"}, {"server": "same", "password": "same"},
\t\t{"server": "other", "password": "other"}],
\t/* a block
\t   comment with a token: glpat-abcdefghijklmnopqrstu */
\t"go.toolsEnvVars": {"GOPROXY": "https://me:pw@goproxy.corp", "GOPRIVATE": "github.com/a/*", "A_TOKEN": "x"},
\t"go.formatTool": "goimports",
\t"gopls": {"ui.documentation.hoverKind": "FullDocumentation"},
\t"[go]": {"go.formatTool": "gofmt", "editor.fontFamily": "Fira Code"},
\t"editor.fontFamily": "Fira Code",
\t"editor.fontFamily": "Fira Code",
}\r\n"""


def _members(node: Node, text: str) -> list[tuple[str, int]]:
    """Every key with its line (a redacted credential can be longer than the original, which
    moves only what follows it on its own line)."""
    found = []
    for member in node.members:
        found.append((member.key, line_column(text, member.key_start)[0]))
        found += _members(member.value, text)
    for item in node.items:
        found += _members(item, text)
    return found


def test_redacted_settings_keep_layout_and_go_values_and_lose_the_rest() -> None:
    original = parse(SETTINGS)
    text = redact_settings_text(original, "user", b"k" * 32)
    kept = parse(text)
    assert original.root is not None
    assert kept.root is not None
    assert _members(kept.root, text) == _members(original.root, SETTINGS)
    # Columns too, except after a credential on its own line.
    assert [line_column(text, m.key_start) for m in kept.root.members] == [
        line_column(SETTINGS, m.key_start) for m in original.root.members
    ]
    assert text.count("\n") == SETTINGS.count("\n")
    for secret in ("hunter2", "ghp_abc", "glpat-", "pw@", "Fira Code", "same", "other", "proxy: "):
        assert secret not in text, secret
    value = kept.to_value()
    assert value["go.formatTool"] == "goimports"
    assert value["gopls"] == {"ui.documentation.hoverKind": "FullDocumentation"}
    assert value["[go]"]["go.formatTool"] == "gofmt"
    assert value["go.toolsEnvVars"] == {
        "GOPROXY": "https://me:REDACTED@goproxy.corp",
        "GOPRIVATE": "github.com/a/*",
        "A_TOKEN": "REDACTED",
    }
    assert value["editor.tabSize"] == 4
    # Equal values stay equal and different ones differ, so duplicate keys are still judged right.
    first, second, third = (c["server"] for c in value["sqltools.connections"])
    assert first == second != third
    # A value under a secret's name is redacted outright by the final redact_text pass.
    assert [c["password"] for c in value["sqltools.connections"]] == ["REDACTED"] * 3
    assert len(value["http.proxy"]) == len("http://me:hunter2@proxy.corp:8080")
    # Hashes are keyed per run: another key gives other tokens.
    assert (
        parse(redact_settings_text(original, "user", b"j" * 32)).to_value()["http.proxy"]
        != value["http.proxy"]
    )


def test_redacted_launch_and_code_workspace() -> None:
    launch = '{"configurations": [{"type": "go", "program": "${workspaceFolder}", "env": {"API_KEY": "k1"}}]}'
    value = parse(redact_settings_text(parse(launch), "launch", b"k" * 32)).to_value()
    assert value["configurations"][0]["program"] == "${workspaceFolder}"
    assert value["configurations"][0]["env"] == {"API_KEY": "REDACTED"}
    workspace = (
        '{"folders": [{"path": "secret-project"}], "settings": {"go.lintTool": "staticcheck", "x": "y"}}'
    )
    value = parse(redact_settings_text(parse(workspace), "code-workspace", b"k" * 32)).to_value()
    assert value["settings"]["go.lintTool"] == "staticcheck"
    assert value["settings"]["x"] != "y"
    assert "secret-project" not in str(value)


def test_schema_json_round_trip(tmp_path: Path) -> None:
    extension = install(tmp_path, manifest("0.56.0"))
    schema = load_schema(extension_manifest=extension, gopls=tool("gopls"), cache_dir=tmp_path / "cache")
    assert "api-json" in schema.sources["gopls"]
    assert schema_from_json(schema_to_json(schema)) == schema


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(), kind=st.sampled_from(["user", "workspace", "code-workspace", "launch"]))
def test_redacted_random_documents_parse_with_the_same_keys_on_the_same_lines(
    doc: tuple[str, Any], kind: str
) -> None:
    text, _value = doc
    original = parse(text)
    redacted = redact_settings_text(original, kind, b"k" * 32)
    kept = parse(redacted)
    assert redacted.count("\n") == text.count("\n")
    if original.root is not None:
        assert kept.root is not None
        assert _members(kept.root, redacted) == _members(original.root, text)
