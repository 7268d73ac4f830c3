"""A target machine as Go names it (OS/ARCH), and the directory a bundle keeps its tools in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from goide.core.errors import InputError

_NAME = re.compile(r"^[a-z0-9]+$")


@dataclass(frozen=True, order=True)
class Target:
    os: str
    arch: str

    def __str__(self) -> str:
        return f"{self.os}/{self.arch}"

    @property
    def dirname(self) -> str:
        """`darwin_arm64`: the name `go install` itself uses under $GOPATH/bin for a cross build."""
        return f"{self.os}_{self.arch}"

    @property
    def exe_suffix(self) -> str:
        return ".exe" if self.os == "windows" else ""


def parse_target(text: str) -> Target:
    """`darwin/arm64` -> Target; anything else is an InputError naming the flag's shape."""
    goos, sep, arch = text.strip().lower().partition("/")
    if not sep or not _NAME.match(goos) or not _NAME.match(arch):
        raise InputError(
            f"--target {text!r} is not OS/ARCH",
            hint="use Go's names, for example darwin/arm64, windows/arm64, linux/arm64, linux/amd64",
        )
    return Target(goos, arch)


def target_of_dirname(name: str) -> Target | None:
    """The target a bundle directory `linux_arm64` is for; None for any other name."""
    goos, sep, arch = name.partition("_")
    if not sep or not _NAME.match(goos) or not _NAME.match(arch):
        return None
    return Target(goos, arch)
