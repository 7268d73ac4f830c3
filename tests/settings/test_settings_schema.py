"""Schemas: the built-in facts agree with the real gopls api-json; discovery of files, extension and gopls."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from goide.core.errors import InputError
from goide.settings import builtin as facts
from goide.settings.schema import from_extension_package, from_gopls_api_json
from goide.settings.sources import (
    find_extension_manifest,
    find_gopls,
    load_schema,
    user_settings_path,
)
from tests.helpers import tool
from tests.vscode_package import install, manifest


@pytest.fixture(scope="module")
def api_json() -> bytes:
    return subprocess.run(
        [str(tool("gopls")), "api-json"], capture_output=True, check=True, timeout=60
    ).stdout


def _shape(options: dict[str, object]) -> dict[str, tuple[object, ...]]:
    return {
        name: (o.name, o.types, o.enum, o.status, bool(o.deprecated))  # type: ignore[attr-defined]
        for name, o in options.items()
    }


def test_builtin_gopls_table_matches_real_api_json(api_json: bytes) -> None:
    version = subprocess.run(
        [str(tool("gopls")), "version"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert facts.GOPLS_VERSION in version
    assert _shape(from_gopls_api_json(api_json)) == _shape(dict(facts.GOPLS_OPTIONS))


def test_removed_and_hidden_names_are_not_documented_options(api_json: bytes) -> None:
    documented = {o["Name"] for o in json.loads(api_json)["Options"]["User"]}
    # memoryMode is still listed by api-json (as "obsolete, no effect"), but gopls rejects it as deprecated.
    assert set(facts.GOPLS_DEPRECATED) & documented == {"memoryMode"}
    assert not set(facts.GOPLS_HIDDEN) & documented
    for option in facts.GOPLS_DEPRECATED.values():
        if option.replacement:
            assert option.replacement in documented | set(facts.GOPLS_HIDDEN) | set(facts.GOPLS_DEPRECATED)


def test_api_json_values_are_decoded(api_json: bytes) -> None:
    options = from_gopls_api_json(api_json)
    assert options["hoverKind"].default == "FullDocumentation"
    assert options["hoverKind"].name == "ui.documentation.hoverKind"
    assert options["directoryFilters"].default == ["-**/node_modules"]
    assert options["linksInHover"].enum == (False, True, "gopls")
    assert options["noSemanticString"].deprecated


def test_api_json_that_is_not_api_json_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not the output of 'gopls api-json'"):
        from_gopls_api_json(b'{"Options": 3}')


def test_schema_from_real_gopls_is_cached_per_binary(tmp_path: Path) -> None:
    gopls = tool("gopls")
    first = load_schema(extension_manifest=None, gopls=gopls, cache_dir=tmp_path)
    assert first.sources["gopls"] == f"{gopls} api-json"
    assert len(list(tmp_path.glob("gopls-api-*.json"))) == 1
    second = load_schema(extension_manifest=None, gopls=gopls, cache_dir=tmp_path)
    assert second.sources["gopls"].endswith("(cached)")
    assert second.gopls == first.gopls
    removed = first.gopls_option("build.experimentalWorkspaceModule")
    assert removed is not None
    assert removed.removed
    memory = first.gopls_option("memoryMode")
    assert memory is not None
    assert memory.removed
    assert memory.types == ("string",)


def test_gopls_that_cannot_run_falls_back_to_facts(tmp_path: Path) -> None:
    broken = tmp_path / "gopls"
    broken.write_text("#!/bin/sh\necho 'exec format error' >&2\nexit 126\n")
    broken.chmod(0o755)
    schema = load_schema(extension_manifest=None, gopls=broken, cache_dir=tmp_path)
    assert schema.sources["gopls"].startswith(f"built-in facts (gopls {facts.GOPLS_VERSION}); ")
    assert "exec format error" in schema.sources["gopls"]
    assert schema.gopls_option("hoverKind") is not None


def test_extension_manifest_is_the_schema_of_go_settings(tmp_path: Path) -> None:
    package = manifest(
        "0.50.0",
        drop=("go.inlayHints.ignoredError",),
        extra={"go.someFutureSetting": {"type": "boolean", "default": False}},
    )
    path = install(tmp_path, package)
    schema = load_schema(extension_manifest=path, gopls=None, cache_dir=tmp_path)
    assert "go.someFutureSetting" in schema.settings
    assert "go.inlayHints.ignoredError" not in schema.settings
    assert schema.settings["go.buildOnSave"].deprecated
    assert schema.settings["go.gocodeAutoBuild"].removed
    assert schema.launch["launch"]["mode"].enum == ("auto", "debug", "test", "exec", "replay", "core")
    assert "golang.go 0.50.0" in schema.sources["settings"]
    # Without gopls, the extension's own copy of the gopls options is used.
    assert schema.sources["gopls"] == schema.sources["settings"]


def test_manifest_without_contributes_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not an extension manifest"):
        from_extension_package({"name": "go"})


def test_newest_extension_of_any_flavour_is_found(tmp_path: Path) -> None:
    install(tmp_path, manifest("0.9.0"))
    install(tmp_path, manifest("0.56.0"), ".cursor")
    newest = install(tmp_path, manifest("0.57.2"), ".vscode-insiders")
    assert find_extension_manifest(tmp_path) == newest
    assert find_extension_manifest(tmp_path / "nothing") is None


@pytest.mark.parametrize(
    ("flavour", "system", "expected"),
    [
        ("code", "Darwin", "HOME/Library/Application Support/Code/User/settings.json"),
        ("insiders", "Darwin", "HOME/Library/Application Support/Code - Insiders/User/settings.json"),
        ("code", "Linux", "HOME/.config/Code/User/settings.json"),
        ("vscodium", "Linux", "HOME/.config/VSCodium/User/settings.json"),
        ("cursor", "Linux", "HOME/.config/Cursor/User/settings.json"),
        ("code", "Windows", "APPDATA/Code/User/settings.json"),
    ],
)
def test_user_settings_path_per_os_and_flavour(flavour: str, system: str, expected: str) -> None:
    env = {"APPDATA": "APPDATA"}
    path = user_settings_path(flavour, system, env, Path("HOME"))
    assert path.as_posix() == expected


def test_gopls_is_found_where_the_extension_looks(tmp_path: Path) -> None:
    home = tmp_path / "home"
    gopath_bin = home / "go" / "bin"
    gopath_bin.mkdir(parents=True)
    gobin = tmp_path / "gobin"
    gobin.mkdir()
    for folder in (gopath_bin, gobin):
        shutil.copyfile(os.devnull, folder / "gopls")
        (folder / "gopls").chmod(0o755)  # the extension runs only executable files
    assert find_gopls({}, {"PATH": ""}, home) == gopath_bin / "gopls"
    assert find_gopls({}, {"PATH": "", "GOBIN": str(gobin)}, home) == gobin / "gopls"
    alternate = tmp_path / "custom-gopls"
    alternate.write_text("")
    alternate.chmod(0o755)
    assert find_gopls({"go.alternateTools": {"gopls": str(alternate)}}, {"PATH": ""}, home) == alternate
    path_only = find_gopls({}, {"PATH": str(tool("gopls").parent)}, tmp_path / "empty")
    assert path_only == tool("gopls")


def test_older_manifest_with_a_list_of_configuration_blocks() -> None:
    """Older releases (and other extensions) give contributes.configuration as a list of blocks."""
    package = {
        "version": "0.39.0",
        "contributes": {
            "configuration": [
                {
                    "title": "Go",
                    "properties": {
                        "go.gocodeAutoBuild": {"type": "boolean", "deprecationMessage": "use gopls"},
                        "go.formatTool": {"type": "string", "enum": ["default", "gofmt"]},
                    },
                },
                {"title": "Go: Tools", "properties": {"go.toolsGopath": {"type": ["string", "null"]}}},
            ]
        },
    }
    schema = from_extension_package(package, source="old/package.json")
    assert schema.settings["go.gocodeAutoBuild"].deprecated == "use gopls"
    assert schema.settings["go.formatTool"].enum == ("default", "gofmt")
    assert schema.settings["go.toolsGopath"].types == ("string", "null")
    assert schema.launch == {}
    assert schema.sources["settings"] == "old/package.json (golang.go 0.39.0)"
