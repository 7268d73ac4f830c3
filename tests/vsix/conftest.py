"""Real VSIX files for the vsix tests, made by the real `vsce package --target ...` (@vscode/vsce
3.9.2, installed by scripts/test into .tools/vsce) from small extensions written here, each with
real native code: an ELF shared object built by gcc as `addon.node`, and Go helper executables
cross-compiled by the real Go (cached in .cache/fixtures)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ROOT, go_build, write_module

VSCE = ROOT / ".tools" / "vsce" / "node_modules" / ".bin" / "vsce"

HELLO = {"go.mod": "module example.test/helper\n\ngo 1.22\n", "main.go": "package main\n\nfunc main() {}\n"}


def vsce() -> Path:
    if not VSCE.is_file():
        pytest.fail(f"vsce is not installed at {VSCE}; run scripts/test")
    return VSCE


def extension(directory: Path, *, publisher: str, name: str, natives: dict[str, Path]) -> Path:
    directory.mkdir(parents=True)
    manifest = {
        "name": name,
        "publisher": publisher,
        "version": "0.0.1",
        "engines": {"vscode": "^1.90.0"},
        "main": "./extension.js",
        "activationEvents": [],
        "repository": "https://example.invalid/goide-test",
        "license": "MIT",
    }
    (directory / "package.json").write_text(json.dumps(manifest))
    (directory / "extension.js").write_text("exports.activate = () => {};\n")
    (directory / "README.md").write_text(f"# {name}\n\nA test extension for goide.\n")
    (directory / "LICENSE").write_text("MIT\n")
    for relative, source in natives.items():
        (directory / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, directory / relative)
    return directory


def package(directory: Path, out: Path, target: str | None) -> Path:
    args = [str(vsce()), "package", "--no-dependencies", "-o", str(out)]
    if target:
        args += ["--target", target]
    result = subprocess.run(args, cwd=directory, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        pytest.fail(f"vsce package failed:\n{result.stdout}\n{result.stderr}")
    return out


@pytest.fixture(scope="session")
def vsix_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("vsix")
    source = work / "addon.c"
    source.write_text("int add(int a, int b) { return a + b; }\n")
    addon = work / "addon.node"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(addon), str(source)], check=True)
    helper = write_module(work / "helper", HELLO)
    darwin_arm64 = go_build(helper, goos="darwin", goarch="arm64", flags=("-trimpath",), name="helper")
    windows_arm64 = go_build(helper, goos="windows", goarch="arm64", flags=("-trimpath",), name="helper")
    made = {}
    specs = {
        "linux-x64": ("goide-test", "native-addon", {"addon.node": addon}),
        "darwin-arm64": ("goide-test", "native-helper", {"bin/helper": darwin_arm64}),
        "win32-arm64": ("goide-test", "native-helper", {"bin/helper.exe": windows_arm64}),
        # The mismatch: an x86-64 addon in a package for ARM64 Linux.
        "mismatch-linux-arm64": ("goide-test", "native-addon", {"addon.node": addon}),
    }
    for label, (publisher, name, natives) in specs.items():
        target = label.removeprefix("mismatch-")
        ext = extension(work / f"ext-{label}", publisher=publisher, name=name, natives=natives)
        made[label] = package(ext, work / f"{label}.vsix", target)
    # Shaped like the Go extension's identity (publisher golang, name go; no --target, as the
    # Go team's release.go packages it). Its real package.json is not fetched or committed.
    go_ext = extension(work / "ext-go", publisher="golang", name="go", natives={})
    made["golang.go"] = package(go_ext, work / "go.vsix", None)
    made["golang.go-arm64"] = package(go_ext, work / "go-arm64.vsix", "linux-arm64")
    return made
