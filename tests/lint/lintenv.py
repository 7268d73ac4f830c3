"""What the lint tests share: the real golangci-lint v2 and v1 (scripts/tools.sh installs v1 into
.tools/v1/bin, as it has the same name), a real module, and an environment that sees only the
binaries a test chooses (HOME, GOPATH and PATH in the test's own directory)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import TOOLS_BIN, tool, write_module

V1_BIN = TOOLS_BIN.parent / "v1" / "bin"


def v2() -> Path:
    return tool("golangci-lint")


def v1() -> Path:
    path = V1_BIN / "golangci-lint"
    if not path.is_file():
        pytest.fail(f"golangci-lint v1 is not installed in {V1_BIN}; run scripts/tools.sh")
    return path


def environment(tmp: Path, *bin_dirs: Path) -> dict[str, str]:
    """PATH = the chosen directories, then go's and the system's; HOME and GOPATH private."""
    go_dir = str(tool("go").parent)
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("GOBIN", "GOPATH", "XDG_CONFIG_HOME")}
    env.update(
        HOME=str(home),
        GOPATH=str(tmp / "gopath"),
        PATH=os.pathsep.join([*(str(d) for d in bin_dirs), go_dir, "/usr/bin", "/bin"]),
    )
    return env


def module(directory: Path, go: str = "1.25", config: str | None = None, name: str = ".golangci.yml") -> Path:
    files = {
        "go.mod": f"module example.com/m\n\ngo {go}\n",
        "main.go": 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n',
    }
    if config is not None:
        files[name] = config
    return write_module(directory, files)


def bin_dir_with(tmp: Path, name: str, binary: Path) -> Path:
    """A directory holding `binary` under `name` (a copy, as the Go extension copies golangci-lint-v2)."""
    directory = tmp / f"bin-{name}-{binary.parent.parent.name}"
    directory.mkdir(exist_ok=True)
    target = directory / name
    if not target.exists():
        shutil.copy2(binary, target)
    return directory


V1_CONFIG = """# the team's v1 config
linters:
  disable-all: true
  enable:
    - gosimple   # simple code
    - stylecheck
    - errcheck
    - gofumpt
linters-settings:
  goimports:
    local-prefixes: example.com/m
run:
  timeout: 5m
"""

V2_CONFIG = """version: "2"
linters:
  default: none
  enable:
    - errcheck
    - govet
formatters:
  enable:
    - gofumpt
    - goimports
  settings:
    goimports:
      local-prefixes:
        - example.com/m
"""
