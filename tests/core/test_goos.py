"""core.goos: platform.system() names -> GOOS. The six copies agreed on every name (lint's also listed
Linux and FreeBSD, which lower-casing gives anyway); the table is Python's names (platform.system():
uname's sysname, "Windows" on Windows) beside Go's (go tool dist list)."""

from __future__ import annotations

import platform
import subprocess

import pytest

from goide.core.goos import goos, host_goos
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
