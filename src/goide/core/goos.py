"""This machine's operating system in Go's words (GOOS), from the name Python's platform.system()
gives it: Darwin -> darwin, Windows -> windows, and every other name in lower case (Linux -> linux,
FreeBSD -> freebsd, ...)."""

from __future__ import annotations

_GOOS = {"Darwin": "darwin", "Windows": "windows"}


def goos(system: str) -> str:
    """The GOOS of a platform.system() name."""
    return _GOOS.get(system, system.lower())


def host_goos() -> str:
    """This machine's GOOS: os.uname()'s system name (what platform.system() returns where there
    is one, without platform's import: a hundredth of `goide doctor`), else platform.system()."""
    import os

    if hasattr(os, "uname"):
        return goos(os.uname().sysname)
    import platform

    return goos(platform.system())
