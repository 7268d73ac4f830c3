"""This machine's operating system in Go's words (GOOS), from the name Python's platform.system()
gives it: Darwin -> darwin, Windows -> windows, and every other name in lower case (Linux -> linux,
FreeBSD -> freebsd, ...)."""

from __future__ import annotations

_GOOS = {"Darwin": "darwin", "Windows": "windows"}


def goos(system: str) -> str:
    """The GOOS of a platform.system() name."""
    return _GOOS.get(system, system.lower())


def host_goos() -> str:
    """This machine's GOOS."""
    import platform  # imported when asked: most commands never need it

    return goos(platform.system())
