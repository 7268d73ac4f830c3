"""What to build: tool specs from the command line (`gopls`, `dlv@v1.27.2`, a package path@version)
or, by default, the tools the Go extension installs for the Go that builds them (doctor/known.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from goide.core.errors import InputError
from goide.doctor.known import TOOLS_BY_NAME, go_major

# "Go: Install/Update Tools" of the Go extension (goToolsInformation.ts): these six.
DEFAULT_TOOLS = ("gopls", "gotests", "impl", "goplay", "dlv", "staticcheck")

_PACKAGE = re.compile(r"^[A-Za-z0-9._~\-]+(/[A-Za-z0-9._~\-]+)+$")
_VERSION = re.compile(r"^(v\d+\.\d+\.\d+[0-9A-Za-z.+\-]*|latest)$")


@dataclass(frozen=True)
class ToolSpec:
    name: str  # the binary's name: gopls, dlv, ...
    package: str  # what `go install` takes
    version: str  # v1.2.3 or latest

    def __str__(self) -> str:
        return f"{self.package}@{self.version}"


def parse_tool(text: str, go_version: str) -> ToolSpec:
    """`dlv`, `dlv@v1.27.2` or `honnef.co/go/tools/cmd/staticcheck@v0.8.2` -> ToolSpec."""
    name, at, version = text.strip().partition("@")
    if at and not version:
        raise InputError(
            f"{text!r}: nothing after @", hint="give a version, for example dlv@v1.27.2, or drop the @"
        )
    known = TOOLS_BY_NAME.get(name)
    if known is not None:
        package = known.package
        version = version or known.newest_for(go_major(go_version))
    elif _PACKAGE.match(name):
        package = name
        name = package.rstrip("/").rsplit("/", 1)[-1]
        if re.fullmatch(r"v\d+", name):  # .../v2: the binary is named after the element before
            name = package.rsplit("/", 2)[-2]
        version = version or "latest"
    else:
        choices = ", ".join(sorted(TOOLS_BY_NAME))
        raise InputError(
            f"unknown tool {text!r}",
            hint=f"name one of {choices}, or give a package path with a version (path@v1.2.3)",
        )
    if not _VERSION.match(version):
        raise InputError(
            f"{text!r}: version {version!r} is not a module version",
            hint="use a semantic version with its v, for example dlv@v1.27.2, or @latest",
        )
    return ToolSpec(name, package, version)


def default_tools(go_version: str) -> list[ToolSpec]:
    return [parse_tool(name, go_version) for name in DEFAULT_TOOLS]
