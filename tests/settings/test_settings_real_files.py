"""Settings and launch defects found on real settings.json and launch.json files (issue 16, settings).

The files are in the shapes found in public repositories; each case checks against the real
gopls v0.23.0 schema (`gopls api-json`) and goide's built-in facts of vscode-go.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from goide.settings.check import analyse_settings
from goide.settings.jsonc import line_column, parse
from goide.settings.launch import analyse_launch
from goide.settings.schema import Schema
from goide.settings.sources import load_schema
from tests.helpers import goide, tool


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> Schema:
    return load_schema(
        extension_manifest=None, gopls=tool("gopls"), cache_dir=tmp_path_factory.mktemp("cache")
    )


def ids(text: str, schema: Schema, kind: str = "user") -> list[tuple[str, str]]:
    doc = parse(text)
    problems = (
        analyse_launch(doc, kind, schema, "f")
        if kind == "launch"
        else analyse_settings(doc, kind, schema, "f")
    )
    return [(p.finding.id, p.finding.title) for p in problems]


def test_top_level_gopls_key_with_one_segment_is_merged_by_vscode(schema: Schema) -> None:
    # VS Code splits "gopls.env" on the dot and merges {"env": ...} into "gopls": gopls accepts it.
    found = ids('{"gopls.env": {"GOFLAGS": "-tags=integration"}, "gopls.ui.semanticTokens": true}', schema)
    assert [i for i, _ in found] == ["gopls.key-outside-object"]
    assert found[0][1].startswith("gopls.ui.semanticTokens is not read as written")


def test_top_level_gopls_key_is_still_checked(schema: Schema) -> None:
    found = ids('{"gopls.env": "GOFLAGS=x", "gopls.envv": {}}', schema)
    assert ("gopls.wrong-type", "gopls.env must be object, not string") in found
    assert ("gopls.unknown-option", "unknown setting gopls.envv; did you mean gopls.env?") in found


def test_removed_analyzer_names_are_reported(schema: Schema) -> None:
    found = ids('{"gopls": {"analyses": {"undeclaredname": false, "shadow": true}}}', schema)
    assert [i for i, _ in found] == ["gopls.removed-analyzer"]
    assert "undeclaredname" in found[0][1]


def test_removed_analyzers_are_absent_from_the_real_gopls() -> None:
    import json
    import subprocess

    from goide.settings.builtin import REMOVED_ANALYZERS

    api = json.loads(subprocess.run([str(tool("gopls")), "api-json"], capture_output=True, check=True).stdout)
    known = {a["Name"] for a in api["Analyzers"]}
    assert "shadow" in known
    assert not known & set(REMOVED_ANALYZERS)


def test_deprecated_setting_with_wrong_type_says_deprecated(schema: Schema) -> None:
    found = ids('{"go.buildOnSave": 5}', schema)
    assert found == [
        ("settings.wrong-type", "go.buildOnSave must be string, not integer; it is also deprecated")
    ]


def test_five_thousand_digit_number_reads_as_vscode_does(schema: Schema, tmp_path: Path) -> None:
    # JavaScript reads it as Infinity; Python's int() refuses more than 4,300 digits.
    text = '{"go.testTimeout": "30s", "gopls": {"completionBudget": ' + "9" * 5000 + "}}"
    assert parse(text).to_value()["gopls"]["completionBudget"] == float("inf")
    path = tmp_path / "settings.json"
    path.write_text(text)
    result = goide("settings", "check", str(path))
    assert result.returncode in (0, 1), result.stderr.decode()
    assert b"internal error" not in result.stderr


def test_configuration_without_request(schema: Schema) -> None:
    found = ids(
        '{"configurations": [{"name": "a", "type": "go", "mode": "debug", "program": "."}]}', schema, "launch"
    )
    assert found == [("launch.invalid-request", "configuration 'a' has no \"request\"")]


def test_remote_mode_in_launch_does_not_also_ask_for_a_program(schema: Schema) -> None:
    found = ids(
        '{"configurations": [{"name": "r", "type": "go", "request": "launch", "mode": "remote"}]}',
        schema,
        "launch",
    )
    assert [i for i, _ in found] == ["launch.invalid-mode"]


def test_configurations_given_as_an_object(schema: Schema) -> None:
    text = '{"version": "0.2.0", "configurations": {"name": "x", "type": "go", "request": "launch"}}'
    assert [i for i, _ in ids(text, schema, "launch")] == ["launch.configurations-not-a-list"]


def test_port_and_host_in_a_dlv_dap_launch(schema: Schema) -> None:
    text = """{"configurations": [
        {"name": "p", "type": "go", "request": "launch", "program": ".", "port": 2345, "host": "127.0.0.1"},
        {"name": "legacy", "type": "go", "request": "launch", "program": ".", "port": 2345,
         "debugAdapter": "legacy"}
    ]}"""
    found = ids(text, schema, "launch")
    assert (
        "launch.external-dlv-server",
        "configuration 'p': port and host in a launch request connect to an external dlv dap server",
    ) in found
    assert not any(i == "launch.external-dlv-server" and "legacy" in t for i, t in found)


def test_env_values_must_be_strings(schema: Schema) -> None:
    text = (
        '{"configurations": [{"name": "e", "type": "go", "request": "launch", "program": ".", '
        '"env": {"N": 1, "B": true, "U": null, "S": "x"}}]}'
    )
    found = ids(text, schema, "launch")
    assert [t for i, t in found if i == "launch.env-not-string"] == [
        "configuration 'e': env N must be a string, not 1",
        "configuration 'e': env B must be a string, not true",
    ]


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [
        ("a\rb\rc", 4, (3, 1)),  # CR only (classic Mac OS line ends)
        ("a\r\nb\r\nc", 6, (3, 1)),
        ("a\nb\nc", 4, (3, 1)),
        ("a\r\nb", 2, (1, 3)),  # between CR and LF: still the first line
        ("a\rb\n\rc", 5, (4, 1)),
    ],
)
def test_line_numbers_with_every_line_end(text: str, offset: int, expected: tuple[int, int]) -> None:
    assert line_column(text, offset) == expected


def test_cr_only_file_reports_the_right_line(schema: Schema, tmp_path: Path) -> None:
    launch = tmp_path / ".vscode" / "launch.json"
    launch.parent.mkdir()
    launch.write_bytes(
        b'{\r"version": "0.2.0",\r"configurations": [\r{"name": "x", "type": "go", "request": "nope"}]}'
    )
    result = goide("settings", "check", "--json", str(launch))
    assert f"{launch}:4:".encode() in result.stdout or b"launch.json:4:" in result.stdout


def test_fix_reports_only_what_remains_after_its_edits(tmp_path: Path) -> None:
    # The duplicate has no repair of its own, but removing both removed options settles it.
    settings = tmp_path / "settings.json"
    settings.write_text(
        '{"gopls": {"memoryMode": "DegradeClosed", "ui.memoryMode": "Normal"}, "go.buildOnSave": "package"}'
    )
    result = goide("settings", "fix", "--yes", str(settings))
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    assert b"not fixed automatically" not in result.stdout
    assert settings.read_text() == '{"gopls": {}}'
    check = goide("settings", "check", str(settings))
    assert check.returncode == 0


def test_fix_still_reports_what_it_could_not_fix(tmp_path: Path) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text('{"go.buildOnSave": "package", "gopls": {"env": 1}}')
    result = goide("settings", "fix", "--yes", str(settings))
    assert result.returncode == 1
    assert b"not fixed automatically: env must be object, not integer" in result.stdout


def test_unknown_property_of_a_closed_go_object(schema: Schema) -> None:
    # vscode-go declares go.enableCodeLens as {"runtest": boolean} with additionalProperties false.
    found = ids('{"go.enableCodeLens": {"references": false, "runtest": true}}', schema)
    assert found == [("settings.unknown-property", "go.enableCodeLens has no property 'references'")]


def test_closed_objects_are_read_from_the_extension_manifest() -> None:
    from goide.settings.schema import from_extension_package

    manifest = {
        "contributes": {
            "configuration": {
                "properties": {
                    "go.enableCodeLens": {
                        "type": "object",
                        "properties": {"runtest": {"type": "boolean"}},
                        "additionalProperties": False,
                    },
                    "go.alternateTools": {"type": "object", "properties": {"go": {"type": "string"}}},
                }
            }
        }
    }
    settings = from_extension_package(manifest).settings
    assert settings["go.enableCodeLens"].closed
    assert settings["go.enableCodeLens"].properties == ("runtest",)
    assert not settings["go.alternateTools"].closed
