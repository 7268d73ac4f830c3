"""core.goos: platform.system() names -> GOOS. The six copies agreed on every name (lint's also listed
Linux and FreeBSD, which lower-casing gives anyway); the table is Python's names (platform.system():
uname's sysname, "Windows" on Windows) beside Go's (go tool dist list)."""

from __future__ import annotations

import platform
import subprocess

import pytest

from goide.core.goos import goarch, goos, host_goarch, host_goos
from tests.helpers import tool


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        ("Darwin", "darwin"),
        ("Windows", "windows"),
        ("Linux", "linux"),
        ("FreeBSD", "freebsd"),
        ("OpenBSD", "openbsd"),
        ("NetBSD", "netbsd"),
        ("DragonFly", "dragonfly"),
        ("AIX", "aix"),
        ("Android", "android"),  # Python 3.13 on Android
        ("iOS", "ios"),  # Python 3.13 on iOS
        ("", ""),  # platform.system() when it cannot tell
    ],
)
def test_goos_of_a_system_name(system: str, expected: str) -> None:
    assert goos(system) == expected


def test_this_machine_agrees_with_go() -> None:
    go = subprocess.run([str(tool("go")), "env", "GOHOSTOS"], capture_output=True, text=True, check=True)
    assert host_goos() == go.stdout.strip() == goos(platform.system())


# Machine names -> GOARCH. Three copies disagreed: doctor's host table knew the most; lint's lacked
# x64, x86, arm64e, armv6l, arm, ppc64, loongarch64 and mips64 (armv6l gave GOARCH "armv6l"); the
# gopls results header knew only x86_64/amd64/aarch64/arm64 (i686 gave "i686", armv7l "armv7l").
# doctor's table won, widened to every name below; each name is where that system spells it.
@pytest.mark.parametrize(
    ("machine", "expected"),
    [
        ("x86_64", "amd64"),  # uname -m: Linux, macOS
        ("amd64", "amd64"),  # FreeBSD/OpenBSD uname -m
        ("AMD64", "amd64"),  # Windows PROCESSOR_ARCHITECTURE, platform.machine()
        ("x64", "amd64"),  # Node's process.arch
        ("i86pc", "amd64"),  # illumos uname -m
        ("x86", "386"),  # Windows PROCESSOR_ARCHITECTURE on 32-bit
        ("i386", "386"),
        ("i486", "386"),
        ("i586", "386"),
        ("i686", "386"),
        ("aarch64", "arm64"),  # Linux uname -m
        ("arm64", "arm64"),  # macOS uname -m
        ("ARM64", "arm64"),  # Windows on ARM
        ("arm64e", "arm64"),
        ("armv5tel", "arm"),
        ("armv6l", "arm"),  # Raspberry Pi OS
        ("armv7l", "arm"),
        ("armv8l", "arm"),  # a 32-bit userland on a 64-bit CPU
        ("armv7", "arm"),  # OpenBSD
        ("arm", "arm"),
        ("riscv64", "riscv64"),
        ("riscv", "riscv64"),  # FreeBSD
        ("ppc64le", "ppc64le"),
        ("ppc64", "ppc64"),
        ("powerpc64", "ppc64"),  # OpenBSD
        ("s390x", "s390x"),
        ("loongarch64", "loong64"),
        ("mips64", "mips64"),
        ("mips64el", "mips64le"),
        ("mips", "mips"),
        ("mipsel", "mipsle"),
        (" x86_64\n", "amd64"),  # read from a command's output
    ],
)
def test_goarch_of_a_machine_name(machine: str, expected: str) -> None:
    assert goarch(machine) == expected


def _go_arches() -> set[str]:
    argv = [str(tool("go")), "tool", "dist", "list"]
    dist = subprocess.run(argv, capture_output=True, text=True, check=True)
    return {line.split("/")[1] for line in dist.stdout.split()}


def test_goarch_names_are_gos() -> None:
    """Every GOARCH the table gives is one of Go's own (go tool dist list)."""
    from goide.core.goos import _GOARCH

    assert set(_GOARCH.values()) <= _go_arches()
    assert goarch("sparc64") == "sparc64"  # not a Go port: the name as it is, lower case


def test_this_machines_goarch_agrees_with_go() -> None:
    go = subprocess.run([str(tool("go")), "env", "GOHOSTARCH"], capture_output=True, text=True, check=True)
    assert host_goarch() == go.stdout.strip() == goarch(platform.machine())
