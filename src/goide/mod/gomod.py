"""A go.mod file, read the way `go` writes it: `module`, `go` and `toolchain` (what golangci-lint
targets: pkg/config/config.go detectGoVersion takes `toolchain` when present, else `go`) and the
`require` lines, single or in `require ( ... )` blocks; `//` comments removed.

Bounded: at most MAX_GOMOD_BYTES are read, and only from a regular file (a named pipe called go.mod
is not waited on). `mod` reads the requirements, `lint` the module and its Go version.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_GOMOD_BYTES = 1 << 20
_DIRECTIVE = re.compile(r"([A-Za-z]+)(?=[\s(]|$)\s*(.*)")  # `require(` is a block as `require (` is
_REQUIRE = re.compile(r'"?(?P<path>[^\s"]+)"?\s+(?P<version>v\S+)')
_MODULE = re.compile(r'"?([^\s"]+)"?')
_GO = re.compile(r"[0-9][0-9A-Za-z.]*")
_TOOLCHAIN = re.compile(r"go([0-9][0-9A-Za-z.]*)")


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


def directives(text: str) -> Iterator[tuple[str, str]]:
    """(verb, arguments) of every line of a go.mod; a block's lines come with the block's verb."""
    block: str | None = None
    for raw in text.splitlines():
        line = raw.split("//", 1)[0].strip()
        if not line:
            continue
        if block is not None:
            if line.startswith(")"):
                block = None
            else:
                yield block, line
            continue
        match = _DIRECTIVE.match(line)
        if match is None:
            continue
        verb, rest = match.group(1), match.group(2).strip()
        if rest.startswith("("):
            block = verb
            continue
        yield verb, rest


def requires(text: str) -> list[tuple[str, str]]:
    """(module path, version) of every requirement."""
    found: list[tuple[str, str]] = []
    for verb, rest in directives(text):
        if verb == "require" and (m := _REQUIRE.match(rest)):
            found.append((m.group("path"), m.group("version")))
    return found


def parse_gomod(text: str, path: str) -> GoMod:
    """The first valid `module`, `go` and `toolchain` lines (None where there is none)."""
    module = go = toolchain = None
    for verb, rest in directives(text):
        if verb == "module" and module is None and (m := _MODULE.match(rest)):
            module = m.group(1)
        elif verb == "go" and go is None and _GO.fullmatch(rest):
            go = rest
        elif verb == "toolchain" and toolchain is None and (m := _TOOLCHAIN.fullmatch(rest)):
            toolchain = m.group(1)
    return GoMod(path=path, module=module, go=go, toolchain=toolchain)


def read_gomod_text(path: Path) -> str | None:
    """The text of the go.mod at `path` (its first MAX_GOMOD_BYTES); None when it cannot be read."""
    from goide.core.errors import InputError
    from goide.core.inputs import read_regular_file

    try:
        data = read_regular_file(path, MAX_GOMOD_BYTES, what="go.mod", hint="", cut=True)
    except InputError:
        return None
    return data.decode("utf-8", "replace")


def find_gomod(directory: Path) -> Path | None:
    """The go.mod of the module `directory` is in: its own, else the nearest parent's."""
    current = directory.resolve()
    while True:
        candidate = current / "go.mod"
        if candidate.is_file():
            return candidate
        if current.parent == current:
            return None
        current = current.parent


def read_gomod(directory: Path) -> GoMod | None:
    """The module `directory` is in, or None when there is no readable go.mod."""
    path = find_gomod(directory)
    text = read_gomod_text(path) if path is not None else None
    return parse_gomod(text, str(path)) if text is not None else None
