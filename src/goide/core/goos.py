"""This machine's operating system and architecture in Go's words (GOOS, GOARCH): GOOS from the
name Python's platform.system() gives it (Darwin -> darwin, Windows -> windows, every other name in
lower case: Linux -> linux, FreeBSD -> freebsd, ...), GOARCH from a machine name (x86_64 -> amd64,
aarch64 -> arm64, AMD64 -> amd64, armv7l -> arm, ...)."""

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


# Machine names as uname -m, Windows (PROCESSOR_ARCHITECTURE, platform.machine()), the BSDs, Node's
# process.arch and Python give them -> GOARCH (go tool dist list). i386..i686 and every 32-bit
# ARM (armv5tel, armv6l, armv7l, armv8l: a 32-bit userland on a 64-bit CPU) follow below.
_GOARCH = {
    "x86_64": "amd64",
    "amd64": "amd64",
    "x64": "amd64",
    "x86": "386",
    "i86pc": "amd64",  # illumos/Solaris uname -m on 64-bit x86
    "arm64": "arm64",
    "arm64e": "arm64",
    "aarch64": "arm64",
    "arm": "arm",
    "riscv64": "riscv64",
    "riscv": "riscv64",  # FreeBSD
    "ppc64le": "ppc64le",
    "ppc64": "ppc64",
    "powerpc64": "ppc64",  # OpenBSD
    "s390x": "s390x",
    "loongarch64": "loong64",
    "loong64": "loong64",
    "mips64": "mips64",
    "mips64el": "mips64le",
    "mips": "mips",
    "mipsel": "mipsle",
}


def goarch(machine: str) -> str:
    """The GOARCH of a machine name as uname, Windows, the BSDs or Python spell it; any other name
    in lower case."""
    name = machine.strip().lower()
    known = _GOARCH.get(name)
    if known is not None:
        return known
    if len(name) == 4 and name[0] == "i" and name[1] in "3456" and name.endswith("86"):
        return "386"
    if name.startswith("armv"):
        return "arm"
    return name


def host_goarch() -> str:
    """This machine's GOARCH: os.uname()'s machine name (what platform.machine() returns where
    there is one, without platform's import, as host_goos), else platform.machine()."""
    import os

    if hasattr(os, "uname"):
        return goarch(os.uname().machine)
    import platform

    return goarch(platform.machine())
