"""Settings and launch rules against the real gopls v0.23.0 schema, and the fixes they lead to."""

from __future__ import annotations

from pathlib import Path

import pytest

from goide.core.model import Severity
from goide.settings.check import MAX_FINDINGS_PER_FILE, analyse_settings
from goide.settings.files import check_settings_file
from goide.settings.fix import plan_fix
from goide.settings.jsonc import parse
from goide.settings.launch import analyse_launch, check_launch_configuration, check_launch_file
from goide.settings.schema import Schema
from goide.settings.sources import load_schema
from tests.helpers import tool
from tests.vscode_package import install, manifest


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> Schema:
    return load_schema(
        extension_manifest=None, gopls=tool("gopls"), cache_dir=tmp_path_factory.mktemp("cache")
    )


# A settings file in the shape that popular Go + VS Code setup guides circulate.
GUIDE = """// Go settings, from a setup guide
{
    // format on save with goimports
    "go.formatTool": "goimports",
    "go.lintTool": "golangci-lint", // lint the whole package
    "go.lintFlags": ["--fast"],
    "go.useLanguageServer": true,
    "gopls.build.experimentalWorkspaceModule": true,
    "gopls": {
        /* multi-module repositories */
        "build.experimentalWorkspaceModule": true,
        "ui.documentation.hoverKind": "FullDocumentation", // whole doc comment on hover
    },
    "[go]": {
        "editor.formatOnSave": true,
        "editor.codeActionsOnSave": {"source.organizeImports": "explicit"},
    },
}
"""


def _ids(text: str, schema: Schema, kind: str = "user") -> list[str]:
    return [p.finding.id for p in analyse_settings(parse(text), kind, schema, "settings.json")]


def test_guide_settings_get_the_right_findings(schema: Schema) -> None:
    problems = analyse_settings(parse(GUIDE), "user", schema, "settings.json")
    found = sorted((p.finding.id, p.finding.evidence[0].split(": ", 1)[1]) for p in problems)
    assert found == [
        ("gopls.removed-option", '"build.experimentalWorkspaceModule": true'),
        ("gopls.removed-option", '"gopls.build.experimentalWorkspaceModule": true'),
        ("settings.format-tool-bypasses-gopls", '"go.formatTool": "goimports"'),
    ]
    removed = next(p.finding for p in problems if p.finding.id == "gopls.removed-option")
    assert "go.work" in removed.title
    assert removed.evidence[0].startswith("settings.json:")


def test_guide_settings_fix_keeps_every_comment(schema: Schema, tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(GUIDE)
    plan = plan_fix(path, "user", schema)
    assert plan.new_text == GUIDE.replace('    "go.formatTool": "goimports",\n', "").replace(
        '    "gopls.build.experimentalWorkspaceModule": true,\n', ""
    ).replace('        "build.experimentalWorkspaceModule": true,\n', "")
    before = parse(GUIDE)
    after = parse(plan.new_text)
    assert [GUIDE[a:b] for a, b in before.comments] == [plan.new_text[a:b] for a, b in after.comments]
    plan.write()
    assert check_settings_file(path, schema) == []


RULES = [
    ('{"go.formatTool": "goimport"}', ["settings.invalid-value"]),
    ('{"go.useLanguageServr": true}', ["settings.unknown-setting"]),
    ('{"go.lintOnSave": true}', ["settings.wrong-type"]),
    (
        '{"go.gocodeAutoBuild": false, "go.useCodeSnippetsOnFunctionSuggest": true}',
        ["settings.removed-setting"] * 2,
    ),
    ('{"go.buildOnSave": "off"}', ["settings.deprecated-setting"]),
    ('{"go.useLanguageServer": false}', ["settings.language-server-off"]),
    ('{"go.lintTool": "staticcheck"}', ["settings.staticcheck-twice"]),
    ('{"go.lintTool": "staticcheck", "gopls": {"ui.diagnostic.staticcheck": false}}', []),
    ('{"go.formatTool": "gofumpt", "gopls": {"formatting.gofumpt": true}}', ["settings.format-twice"]),
    ('{"go.formatTool": "gofumpt"}', ["settings.format-tool-bypasses-gopls"]),
    ('{"go.formatTool": "custom"}', ["settings.custom-formatter-missing"]),
    ('{"go.formatTool": "custom", "go.alternateTools": {"customFormatter": "/bin/fmt"}}', []),
    ('{"gopls": {"usePlaceHolders": true}}', ["gopls.unknown-option"]),
    ('{"gopls": {"build": {"buildFlags": ["-tags=x"]}}}', ["gopls.unknown-option"]),
    ('{"gopls": {"ui.documentation.hoverKind": "full"}}', ["gopls.invalid-value"]),
    ('{"gopls": {"ui.completion.usePlaceholders": "true"}}', ["gopls.wrong-type"]),
    (
        '{"gopls": {"allowImplicitNetworkAccess": true, "build.memoryMode": "DegradeClosed"}}',
        ["gopls.removed-option"] * 2,
    ),
    ('{"gopls": {"experimentalDiagnosticsDelay": "500ms"}}', ["gopls.deprecated-option"]),
    ('{"gopls": {"ui.noSemanticString": true}}', ["gopls.deprecated-option"]),
    (
        '{"gopls": {"hoverKind": "SingleLine", "ui.documentation.hoverKind": "SingleLine"}}',
        ["gopls.duplicate-option"],
    ),
    ('{"gopls": {"formating.gofumpt": true}}', ["gopls.nonstandard-key"]),
    ('{"gopls": {"completeUnimported": true, "allExperiments": true, "ui.semanticTokens": true}}', []),
    ('{"gopls.ui.semanticTokens": true}', ["gopls.key-outside-object"]),
    ('{"gopls": true}', ["settings.wrong-type"]),
    (
        '{"[go]": {"go.formatTool": "gofmt", "editor.formatOnSave": true}}',
        ["settings.not-language-overridable"],
    ),
    ('{"go.lintTool": "golangci-lint", "go.lintTool": "revive"}', ["settings.duplicate-key"]),
    ('{"go.delveConfig": {"dlvLoadConfig": {"maxStringLen": 512}}}', ["settings.delve-config-ignored"]),
    ('{"go.delveConfig": {"debugAdapter": "legacy", "dlvLoadConfig": {}}}', []),
    ('{"editor.fontSize": 14, "files.autoSave": "afterDelay", "[python]": {"go.x": 1}}', []),
]


@pytest.mark.parametrize(("text", "expected"), RULES)
def test_settings_rules(text: str, expected: list[str], schema: Schema) -> None:
    assert sorted(_ids(text, schema)) == sorted(expected)


def test_did_you_mean_suggests_the_real_name(schema: Schema) -> None:
    problems = analyse_settings(parse('{"gopls": {"usePlaceHolders": true}}'), "user", schema, "s.json")
    assert (
        problems[0].finding.title
        == "unknown setting usePlaceHolders; did you mean ui.completion.usePlaceholders?"
    )
    assert problems[0].finding.severity is Severity.ERROR
    assert problems[0].repair is not None
    assert problems[0].repair.new_key == "ui.completion.usePlaceholders"


def test_code_workspace_settings_are_checked(schema: Schema) -> None:
    text = '{"folders": [{"path": "."}], "settings": {"go.formatTool": "goimport"}}'
    assert _ids(text, schema, "code-workspace") == ["settings.invalid-value"]


def test_installed_extension_decides_which_go_settings_exist(tmp_path: Path) -> None:
    old = install(tmp_path, manifest("0.50.0", drop=("go.inlayHints.ignoredError",)))
    schema = load_schema(extension_manifest=old, gopls=None, cache_dir=tmp_path)
    problems = analyse_settings(parse('{"go.inlayHints.ignoredError": true}'), "user", schema, "s.json")
    assert [p.finding.id for p in problems] == ["settings.unknown-setting"]


def test_fix_applies_renames_retypes_and_removals_together(schema: Schema, tmp_path: Path) -> None:
    text = (
        '{\r\n\t// mine\r\n\t"go.useLanguageServr": true,\r\n\t"gopls": {\r\n'
        '\t\t"ui.completion.usePlaceholders": "true", // why\r\n'
        '\t\t"ui.documentation.hoverKind": "synopsisdocumentation",\r\n'
        '\t\t"experimentalDiagnosticsDelay": "250ms",\r\n'
        '\t\t"memoryMode": "DegradeClosed"\r\n\t}\r\n}\r\n'
    )
    path = tmp_path / "settings.json"
    path.write_bytes(text.encode())
    plan = plan_fix(path, "user", schema)
    assert plan.new_text == (
        '{\r\n\t// mine\r\n\t"go.useLanguageServer": true,\r\n\t"gopls": {\r\n'
        '\t\t"ui.completion.usePlaceholders": true, // why\r\n'
        '\t\t"ui.documentation.hoverKind": "SynopsisDocumentation",\r\n'
        '\t\t"diagnosticsDelay": "250ms"\r\n\t}\r\n}\r\n'
    )
    assert plan.remaining == []


LAUNCH = """{
    // debug configurations
    "version": "0.2.0",
    "configurations": [
        {"name": "Launch", "type": "go", "request": "launch", "mode": "auto", "program": "${fileDirname}",
         "dlvLoadConfig": {"followPointers": true, "maxStringLen": 400}},
        {"name": "Test", "type": "go", "request": "launch", "mode": "test"},
        {"name": "Remote", "type": "go", "request": "launch", "mode": "remote", "program": "."},
        {"name": "Attach", "type": "go", "request": "attach", "mode": "local",
         "processId": "${command:pickGoProcess}", "stopOnEntyr": true, "program": "."},
        {"name": "Legacy", "type": "go", "request": "launch", "program": ".", "debugAdapter": "legacy",
         "maxStringLen": 100},
        {"name": "Core", "type": "go", "request": "launch", "mode": "core", "program": "./bin"},
        {"name": "Bad request", "type": "go", "request": "run"},
        {"name": "Node", "type": "node", "request": "launch", "whatever": 1},
    ],
}
"""


def test_launch_rules(schema: Schema) -> None:
    problems = analyse_launch(parse(LAUNCH), "launch", schema, "launch.json")
    found = sorted((p.finding.id, p.finding.title.split("'")[1]) for p in problems)
    assert found == [
        ("launch.ignored-by-adapter", "Launch"),
        ("launch.ignored-by-adapter", "Legacy"),
        ("launch.invalid-mode", "Remote"),
        ("launch.invalid-request", "Bad request"),
        ("launch.legacy-adapter", "Legacy"),
        ("launch.missing-corefilepath", "Core"),
        ("launch.missing-program", "Test"),
        ("launch.unknown-attribute", "Attach"),
        ("launch.wrong-request-attribute", "Attach"),
    ]
    typo = next(p for p in problems if p.finding.id == "launch.unknown-attribute")
    assert typo.finding.title.endswith("did you mean stopOnEntry?")


def test_launch_fix_removes_dlv_load_config(schema: Schema, tmp_path: Path) -> None:
    path = tmp_path / ".vscode" / "launch.json"
    path.parent.mkdir()
    path.write_text(LAUNCH)
    plan = plan_fix(path, "launch", schema)
    assert "dlvLoadConfig" not in plan.new_text
    assert '"stopOnEntry": true' in plan.new_text
    assert "// debug configurations" in plan.new_text
    assert check_launch_file(path, schema)  # the file itself is not changed by planning


def test_launch_in_settings_file_is_checked(schema: Schema, tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"launch": {"configurations": [{"name": "x", "type": "go", "request": "launch"}]}}')
    assert [f.id for f in check_settings_file(path, schema)] == ["launch.missing-program"]


def test_single_configuration_api_for_other_commands(schema: Schema) -> None:
    ok = {
        "name": "Launch package",
        "type": "go",
        "request": "launch",
        "mode": "auto",
        "program": "${workspaceFolder}",
    }
    assert check_launch_configuration(ok, schema) == []
    bad = dict(ok, mode="bogus", dlvLoadConfig={})
    assert sorted(f.id for f in check_launch_configuration(bad, schema)) == [
        "launch.ignored-by-adapter",
        "launch.invalid-mode",
    ]


def test_unparsable_file_is_one_syntax_finding(schema: Schema, tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{\n  "go.formatTool": "gofmt" /* open\n}\n')
    findings = check_settings_file(path, schema)
    assert [f.id for f in findings] == ["settings.syntax-error"]
    assert "2:28: unterminated block comment" in findings[0].title


def test_findings_per_file_are_bounded(schema: Schema) -> None:
    text = "{" + ",".join(f'"go.unknownThing{i}": true' for i in range(MAX_FINDINGS_PER_FILE + 40)) + "}"
    problems = analyse_settings(parse(text), "user", schema, "s.json")
    assert len(problems) == MAX_FINDINGS_PER_FILE + 1
    assert problems[-1].finding.id == "settings.too-many-findings"
    assert problems[-1].finding.title == "40 more findings in s.json are not shown"
