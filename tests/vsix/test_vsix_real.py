"""`goide vsix inspect` on real packages made by vsce: three targets read right, the package with
an x86-64 `.node` under linux-arm64 is caught, the Go extension is called universal."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.helpers import goide
from tests.vsix.conftest import extension, vsce

pytestmark = pytest.mark.integration


def _inspect(path: Path, *args: str) -> tuple[int, dict[str, object]]:
    result = goide("vsix", "inspect", str(path), "--json", *args)
    return result.returncode, json.loads(result.stdout)


def _ids(doc: dict[str, object]) -> list[str]:
    return [f["id"] for f in doc["findings"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("label", "platform", "native"),
    [
        ("linux-x64", "linux/amd64", ("extension/addon.node", "elf", ["linux/amd64"])),
        ("darwin-arm64", "darwin/arm64", ("extension/bin/helper", "macho", ["darwin/arm64"])),
        ("win32-arm64", "windows/arm64", ("extension/bin/helper.exe", "pe", ["windows/arm64"])),
    ],
)
def test_three_targets(
    vsix_files: dict[str, Path], label: str, platform: str, native: tuple[str, str, list[str]]
) -> None:
    status, doc = _inspect(vsix_files[label], "--platform", platform, "--vscode", "1.95.3")
    assert status == 0, doc
    assert doc["target_platform"] == label
    assert doc["publisher"] == "goide-test"
    assert doc["version"] == "0.0.1"
    assert doc["engine"] == "^1.90.0"
    (found,) = doc["natives"]  # type: ignore[misc]
    assert (found["name"], found["format"], found["platforms"]) == native
    assert "vsix-platform-ok" in _ids(doc)
    assert "vsix-engine-ok" in _ids(doc)


def test_wrong_architecture_native_is_caught(vsix_files: dict[str, Path]) -> None:
    status, doc = _inspect(vsix_files["mismatch-linux-arm64"])
    assert status == 1
    (mismatch,) = [f for f in doc["findings"] if f["id"] == "vsix-native-mismatch"]  # type: ignore[attr-defined]
    assert mismatch["title"] == "extension/addon.node is linux/amd64, but the package is for linux-arm64"


def test_package_for_another_machine(vsix_files: dict[str, Path]) -> None:
    result = goide("vsix", "inspect", str(vsix_files["linux-x64"]), "--platform", "darwin/arm64")
    assert result.returncode == 1
    text = result.stdout.decode()
    assert "goide-test.native-addon for linux-x64 does not fit Mac Silicon (darwin-arm64)" in text
    assert "does not check a VSIX's target" in text


def test_vscode_too_old(vsix_files: dict[str, Path]) -> None:
    status, doc = _inspect(vsix_files["linux-x64"], "--vscode", "1.89.1")
    assert status == 1
    (engine,) = [f for f in doc["findings"] if f["id"] == "vsix-engine"]  # type: ignore[attr-defined]
    assert (
        "Unable to install extension 'goide-test.native-addon' as it is not compatible with VS Code '1.89.1'."
        in (engine["detail"])
    )


def test_go_extension_is_universal_and_names_its_tools(vsix_files: dict[str, Path]) -> None:
    status, doc = _inspect(vsix_files["golang.go"], "--platform", "windows/arm64")
    assert status == 0
    assert doc["target_platform"] is None
    assert doc["natives"] == []
    (go,) = [f for f in doc["findings"] if f["id"] == "vsix-go-extension"]  # type: ignore[attr-defined]
    assert "universal" in go["title"]
    assert "gopls, dlv, staticcheck" in go["detail"]
    assert go["fix"]["command"].startswith("goide bundle build --target")
    status, doc = _inspect(vsix_files["golang.go-arm64"], "--platform", "linux/arm64")
    assert status == 0
    assert "vsix-go-extension-target" in _ids(doc)


def test_text_view(vsix_files: dict[str, Path]) -> None:
    result = goide("vsix", "inspect", str(vsix_files["darwin-arm64"]))
    text = result.stdout.decode()
    assert result.returncode == 0
    assert "extension:  goide-test.native-helper 0.0.1" in text
    assert "target:     darwin-arm64" in text


def test_vsce_has_no_arm64_target(tmp_path: Path) -> None:
    # The folklore `vsce package --target arm64`: the real vsce refuses it.
    ext = extension(tmp_path / "ext", publisher="goide-test", name="folk", natives={})
    result = subprocess.run(
        [str(vsce()), "package", "--no-dependencies", "--target", "arm64"],
        cwd=ext,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "'arm64' is not a valid VS Code target" in result.stdout + result.stderr
