"""Fixtures for the doctor tests: real Go executables for other platforms (cross-compiled by the
real Go, cached for the run) and helpers that lay out GOROOT, GOPATH, VS Code and HOME in a
temporary directory the way they are laid out on a real machine."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.helpers import go_build, go_tool_build, tool, write_module

DLV = ("github.com/go-delve/delve/cmd/dlv", "v1.27.2")
GOPLS = ("golang.org/x/tools/gopls", "v0.23.0")


@pytest.fixture(scope="session")
def darwin_amd64_go() -> Path:
    return go_tool_build("cmd/go", "std", goos="darwin", goarch="amd64")


@pytest.fixture(scope="session")
def darwin_arm64_go() -> Path:
    return go_tool_build("cmd/go", "std", goos="darwin", goarch="arm64")


@pytest.fixture(scope="session")
def darwin_amd64_dlv() -> Path:
    return go_tool_build(*DLV, goos="darwin", goarch="amd64")


@pytest.fixture(scope="session")
def darwin_amd64_gopls() -> Path:
    return go_tool_build(*GOPLS, goos="darwin", goarch="amd64")


@pytest.fixture(scope="session")
def hello_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_module(
        tmp_path_factory.mktemp("hello"),
        {"go.mod": "module example.com/hello\n\ngo 1.22\n", "main.go": "package main\n\nfunc main() {}\n"},
    )


@pytest.fixture(scope="session")
def real_go_caches() -> dict[str, str]:
    """The machine's build and module caches, so that tests with their own HOME/GOPATH stay warm."""
    out = subprocess.run(
        [str(tool("go")), "env", "-json", "GOCACHE", "GOMODCACHE"], capture_output=True, text=True, check=True
    ).stdout
    return dict(json.loads(out))


def place(binary: Path, directory: Path, name: str) -> Path:
    """Put a copy of `binary` at directory/name (a hard link when possible: no symlink, because a go
    finds its GOROOT from its real path)."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    try:
        os.link(binary, target)
    except OSError:
        shutil.copy2(binary, target)
    return target


def doctor_env(home: Path, path: list[Path], **extra: str) -> dict[str, str]:
    """An environment whose Go-relevant variables are exactly what the test says."""
    env = {
        "HOME": str(home),
        "PATH": os.pathsep.join(str(p) for p in path),
        "GOPATH": str(home / "go"),
        "XDG_CONFIG_HOME": "",
    }
    for name in ("GOROOT", "GOBIN", "GOOS", "GOARCH", "GOENV", "GOFLAGS", "GOTOOLCHAIN"):
        env[name] = ""
    # doctor looks for gopls -logfile=auto logs in the temporary directory: the test's own, empty one.
    tmp = home / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    env["TMPDIR"] = str(tmp)
    env.update(extra)
    return env


# VS Code's layout (microsoft/vscode build: the packaged app keeps product.json and package.json in
# resources/app; on Linux the launcher is <install>/<applicationName>; the user data folder is
# <config>/<nameShort>/User). The product.json keys are the ones VS Code ships (nameShort,
# applicationName, dataFolderName, commit, quality).
STABLE_PRODUCT = {
    "nameShort": "Code",
    "nameLong": "Visual Studio Code",
    "applicationName": "code",
    "dataFolderName": ".vscode",
    "quality": "stable",
    "commit": "1e3c50d64110be466c0b4a45222e81d2c9352888",
}


def make_vscode_linux(root: Path, executable: Path, version: str = "1.106.3") -> Path:
    install = root / "VSCode-linux-x64"
    app = install / "resources" / "app"
    app.mkdir(parents=True)
    (app / "product.json").write_text(json.dumps(STABLE_PRODUCT, indent=2))
    (app / "package.json").write_text(json.dumps({"name": "code-oss-dev", "version": version}, indent=2))
    place(executable, install, "code")
    return install


def install_go_extension(home: Path, version: str, data_folder: str = ".vscode") -> Path:
    """golang.go as VS Code installs it: a folder <id>-<version> and an extensions.json entry in the
    shape of IStoredProfileExtension (microsoft/vscode
    src/vs/platform/extensionManagement/common/extensionsProfileScannerService.ts)."""
    ext_dir = home / data_folder / "extensions"
    folder = ext_dir / f"golang.go-{version}"
    folder.mkdir(parents=True)
    (folder / "package.json").write_text(
        json.dumps({"name": "go", "publisher": "golang", "version": version})
    )
    entries = [
        {
            "identifier": {"id": "golang.go", "uuid": "d6f6cfea-4b6f-41f4-b571-6ad2ab7918da"},
            "version": version,
            "location": {"$mid": 1, "path": str(folder), "scheme": "file"},
            "relativeLocation": folder.name,
            "metadata": {
                "installedTimestamp": 1764400000000,
                "source": "gallery",
                "targetPlatform": "undefined",
            },
        }
    ]
    (ext_dir / "extensions.json").write_text(json.dumps(entries))
    return ext_dir


def write_user_settings(home: Path, text: str, name_short: str = "Code") -> Path:
    path = home / ".config" / name_short / "User" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def linux_binary(hello: Path) -> Path:
    return go_build(hello, goos="linux", goarch="amd64", name="hello")


def findings_by_id(document: Mapping[str, object]) -> dict[str, dict[str, object]]:
    items = document["findings"]
    assert isinstance(items, list)
    return {str(f["id"]): f for f in items}
