"""Workspaces for the gopls tests: a small module generated here with known counts, and a real
open-source module (golang.org/x/mod at a pinned version) fetched through the Go module proxy
with `go mod download -json` and copied to a writable temporary directory (never committed)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.helpers import tool, write_module

REAL_MODULE = "golang.org/x/mod"
REAL_VERSION = "v0.22.0"
# The generated module: PACKAGES packages of FILES_PER_PACKAGE files each.
PACKAGES = 3
FILES_PER_PACKAGE = 2


def small_module_files() -> dict[str, str]:
    files = {"go.mod": "module example.com/small\n\ngo 1.22\n"}
    names = [f"pkg{i}" for i in range(PACKAGES)]
    for i, name in enumerate(names):
        for j in range(FILES_PER_PACKAGE):
            imports = f'import "example.com/small/{names[i - 1]}"\n\n' if i and j == 0 else ""
            use = (
                f"\treturn {names[i - 1]}.Value{0}(n) + len(s.Label)\n"
                if i and j == 0
                else "\treturn n * 2\n"
            )
            files[f"{name}/file{j}.go"] = (
                f"package {name}\n\n{imports}"
                f"// Shape{j} is a thing with a label.\n"
                f"type Shape{j} struct {{\n\tLabel string\n\tSides int\n}}\n\n"
                f"// Value{j} computes something from n.\nfunc Value{j}(n int) int {{\n"
                f'\ts := Shape{j}{{Label: "x", Sides: n}}\n\t_ = s.Sides\n{use}}}\n'
            )
    return files


@pytest.fixture(scope="session")
def gopls() -> str:
    return str(tool("gopls"))


@pytest.fixture(scope="session")
def small_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_module(tmp_path_factory.mktemp("small"), small_module_files())


@pytest.fixture(scope="session")
def real_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}
    done = subprocess.run(
        [str(tool("go")), "mod", "download", "-json", f"{REAL_MODULE}@{REAL_VERSION}"],
        capture_output=True,
        env=env,
        cwd=tmp_path_factory.getbasetemp(),
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    source = Path(json.loads(done.stdout)["Dir"])
    target = tmp_path_factory.mktemp("xmod") / "mod"
    shutil.copytree(source, target)
    for directory, _dirs, files in os.walk(target):
        os.chmod(directory, 0o755)
        for name in files:
            path = os.path.join(directory, name)
            os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR)
    return target
