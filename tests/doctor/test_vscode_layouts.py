"""VS Code installations as laid out on macOS, Windows and Linux, read by the collector with the
real executable reader. VS Code cannot run here, so the directories are built by the tests:
- macOS: `<App>.app/Contents/Info.plist` (CFBundleExecutable "Electron", as VS Code's darwin bundle
  ships it), `Contents/MacOS/Electron`, `Contents/Resources/app/{product,package}.json`;
- Windows: `%LOCALAPPDATA%\\Programs\\Microsoft VS Code\\Code.exe` beside `resources\\app`, and the newer
  layout with `resources` inside a folder named after the commit;
- extensions: `~/.vscode/extensions/<publisher>.<name>-<version>` plus extensions.json (see
  conftest.install_go_extension) and `.obsolete` (folder name -> true) for uninstalled ones.
The executables are real Go binaries cross-compiled for each platform, so the architecture read
from them is real.
"""

from __future__ import annotations

import json
import plistlib
from pathlib import Path

from goide.doctor.collect.binary import default_reader
from goide.doctor.collect.vscode import collect_vscode, go_extension_version, read_settings
from tests.doctor.conftest import STABLE_PRODUCT, install_go_extension, place
from tests.helpers import go_build

INSIDERS_PRODUCT = {
    **STABLE_PRODUCT,
    "nameShort": "Code - Insiders",
    "applicationName": "code-insiders",
    "dataFolderName": ".vscode-insiders",
    "quality": "insider",
}


def _app(resources: Path, product: dict[str, str], version: str) -> None:
    resources.mkdir(parents=True)
    (resources / "product.json").write_text(json.dumps(product))
    (resources / "package.json").write_text(json.dumps({"name": "code-oss-dev", "version": version}))


def test_macos_bundle_in_applications(tmp_path: Path, darwin_arm64_go: Path) -> None:
    root, home = tmp_path / "root", tmp_path / "home"
    app = root / "Applications" / "Visual Studio Code.app"
    _app(app / "Contents" / "Resources" / "app", STABLE_PRODUCT, "1.106.3")
    (app / "Contents" / "Info.plist").write_bytes(
        plistlib.dumps({"CFBundleExecutable": "Electron", "CFBundleIdentifier": "com.microsoft.VSCode"})
    )
    place(darwin_arm64_go, app / "Contents" / "MacOS", "Electron")
    install_go_extension(home, "0.56.0")
    settings = home / "Library" / "Application Support" / "Code" / "User" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(
        '{\n  // tools from a wrapper\n  "go.alternateTools": {"dlv": "/usr/local/bin/dlv-arm64"},\n}'
    )

    vs = collect_vscode(
        default_reader(), goos="darwin", home=str(home), environ={}, path_dirs=(), root=str(root)
    )

    (install,) = vs.installs
    assert (install.flavour, install.version, install.commit) == (
        "stable",
        "1.106.3",
        STABLE_PRODUCT["commit"],
    )
    assert install.executable is not None
    assert [(s.os, s.arch) for s in install.executable.slices] == [("darwin", "arm64")]
    assert vs.extensions[0].go_extension_version == "0.56.0"
    assert vs.settings[0].go_settings == {"go.alternateTools": {"dlv": "/usr/local/bin/dlv-arm64"}}


def test_windows_user_install_old_and_new_layouts(tmp_path: Path, hello_module: Path) -> None:
    home = tmp_path / "home"
    local = tmp_path / "AppData" / "Local"
    stable = local / "Programs" / "Microsoft VS Code"
    _app(stable / "resources" / "app", STABLE_PRODUCT, "1.106.3")
    place(go_build(hello_module, goos="windows", goarch="amd64", name="hello"), stable, "Code.exe")
    insiders = local / "Programs" / "Microsoft VS Code Insiders"
    _app(insiders / "8f1a2b3c4d" / "resources" / "app", INSIDERS_PRODUCT, "1.107.0")
    place(
        go_build(hello_module, goos="windows", goarch="arm64", name="hello"), insiders, "Code - Insiders.exe"
    )
    cli = tmp_path / "bin"
    cli.mkdir()
    (cli / "code.cmd").write_text("@echo off\n")
    (cli / "code.cmd").chmod(0o755)

    vs = collect_vscode(
        default_reader(),
        goos="windows",
        home=str(home),
        environ={"LOCALAPPDATA": str(local)},
        path_dirs=(str(cli),),
    )

    found = {i.flavour: i for i in vs.installs}
    assert found["stable"].executable is not None
    assert found["stable"].executable.slices[0].arch == "amd64"
    assert found["insiders"].version == "1.107.0"
    assert found["insiders"].executable is not None
    assert found["insiders"].executable.slices[0].arch == "arm64"
    assert vs.cli_on_path == (str(cli / "code.cmd"),)


def test_extension_versions_from_index_folders_and_obsolete(tmp_path: Path) -> None:
    ext_dir = install_go_extension(tmp_path, "0.54.0")
    (ext_dir / "golang.go-0.56.0").mkdir()
    # extensions.json names 0.54.0 only: the index wins over stray folders.
    assert go_extension_version(str(ext_dir)) == ("0.54.0", None)
    (ext_dir / "extensions.json").unlink()
    assert go_extension_version(str(ext_dir)) == ("0.56.0", None)
    (ext_dir / ".obsolete").write_text(json.dumps({"golang.go-0.56.0": True}))
    assert go_extension_version(str(ext_dir)) == ("0.54.0", None)
    assert go_extension_version(str(tmp_path / "none")) == (None, None)


def test_settings_files_jsonc_and_broken(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_bytes(
        b'\xef\xbb\xbf{\r\n\t/* block */ "go.toolsGopath": "/opt/go-tools", // line\r\n'
        b'\t"[go]": {"editor.formatOnSave": true,},\r\n}\r\n'
    )
    assert read_settings("stable", str(good)).go_settings == {"go.toolsGopath": "/opt/go-tools"}
    for content, error in (
        (b'{"go.lintTool": ', "not valid JSONC"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[1]", "not a JSON object"),
        (b"/* never closed", "not valid JSONC"),
    ):
        bad = tmp_path / "bad.json"
        bad.write_bytes(content)
        result = read_settings("stable", str(bad))
        assert result.exists
        assert result.error is not None
        assert error in result.error
