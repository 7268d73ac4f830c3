"""The `go` and `toolchain` lines of a go.mod: what golangci-lint takes as the targeted Go version
(pkg/config/config.go detectGoVersion: `toolchain` when present, else `go`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_GO = re.compile(r"^\s*go\s+([0-9][0-9A-Za-z.]*)\s*(?://.*)?$", re.MULTILINE)
_TOOLCHAIN = re.compile(r"^\s*toolchain\s+go([0-9][0-9A-Za-z.]*)\s*(?://.*)?$", re.MULTILINE)
_MODULE = re.compile(r"^\s*module\s+\"?([^\s\"]+)\"?", re.MULTILINE)
MAX_GOMOD = 1024 * 1024


@dataclass(frozen=True)
class GoMod:
    path: str
    module: str | None
    go: str | None
    toolchain: str | None

    @property
    def target(self) -> str | None:
        """The Go version golangci-lint targets for this module."""
        return self.toolchain or self.go


def find_gomod(directory: Path) -> Path | None:
    current = directory.resolve()
    while True:
        candidate = current / "go.mod"
        if candidate.is_file():
            return candidate
        if current.parent == current:
            return None
        current = current.parent


def parse_gomod(text: str, path: str) -> GoMod:
    go = _GO.search(text)
    toolchain = _TOOLCHAIN.search(text)
    module = _MODULE.search(text)
    return GoMod(
        path=path,
        module=module.group(1) if module else None,
        go=go.group(1) if go else None,
        toolchain=toolchain.group(1) if toolchain else None,
    )


def read_gomod(directory: Path) -> GoMod | None:
    path = find_gomod(directory)
    if path is None:
        return None
    try:
        with path.open("rb") as handle:
            text = handle.read(MAX_GOMOD).decode("utf-8", "replace")
    except OSError:
        return None
    return parse_gomod(text, str(path))


def minor(version: str | None) -> tuple[int, int] | None:
    """(major, minor) of `1.26.0`, `go1.26.8`, `1.27rc1`; None when it is not a Go version."""
    if not version:
        return None
    match = re.match(r"(?:go)?(\d+)\.(\d+)", version)
    return (int(match.group(1)), int(match.group(2))) if match else None
