"""Helpers the rule modules share: describing binaries and choosing the right `go` for a fix.

Pure functions of Facts: no I/O, no clock.
"""

from __future__ import annotations

from goide.core.model import Fix
from goide.doctor.facts import BinaryFacts, Facts, ToolFacts
from goide.doctor.known import TOOLS_BY_NAME, go_major, semver_key
from goide.doctor.platforms import RunMode, best_slice

AREA_HOST = "Host"
AREA_TOOLCHAIN = "Go toolchain"
AREA_ARCH = "Architecture"
AREA_TOOLS = "Go tools"
AREA_VSCODE = "VS Code"
AREA_DOCTOR = "Doctor"


def platform_of(binary: BinaryFacts, facts: Facts) -> str | None:
    """ "darwin/amd64" for the slice the host would run; None when goide could not read the file."""
    chosen, _mode = best_slice(binary, facts.host)
    return f"{chosen.os}/{chosen.arch}" if chosen else None


def host_platform(facts: Facts) -> str:
    return f"{facts.host.os}/{facts.host.hardware_arch}"


def native_go(facts: Facts) -> str | None:
    """The go to install tools with: the first go on PATH that runs natively on the hardware.

    "go" when that is the first on PATH (what a terminal runs); its full path when a shadowed one
    is the right one; None when no native go is installed.
    """
    for index, go in enumerate(facts.toolchain.gos):
        if best_slice(go.binary, facts.host)[1] is RunMode.NATIVE:
            return "go" if index == 0 else go.binary.path
    return None


def toolchain_major(facts: Facts) -> tuple[int, int] | None:
    """The Go major of the go on PATH: what `go install` builds with."""
    tc = facts.toolchain
    version = tc.gos[0].binary.slices[0].go_version if tc.gos and tc.gos[0].binary.slices else None
    return go_major(version or (tc.go_env or {}).get("GOVERSION", ""))


def newest_installable(facts: Facts, name: str) -> str:
    return TOOLS_BY_NAME[name].newest_for(toolchain_major(facts))


def reinstall_version(tool: ToolFacts, facts: Facts) -> str:
    """The version to (re)install: the one installed when it is a release, else the newest the
    toolchain can build."""
    if tool.copies:
        chosen = tool.copies[0].binary.slices[0] if tool.copies[0].binary.slices else None
        version = chosen.module_version if chosen else None
        if version and semver_key(version) and "-0." not in version and "+" not in version:
            return version
    return newest_installable(facts, tool.name)


def install_fix(facts: Facts, name: str, version: str, why: str) -> Fix:
    """`go install pkg@version` with the right go, or the step that must come first."""
    package = TOOLS_BY_NAME[name].package
    go = native_go(facts)
    if go is None:
        return Fix(
            f"{why} First install Go for {host_platform(facts)} from https://go.dev/dl/, then run:",
            command=f"go install {package}@{version}",
            action=f"install-tool:{name}@{version}",
        )
    return Fix(why, command=f"{go} install {package}@{version}", action=f"install-tool:{name}@{version}")
