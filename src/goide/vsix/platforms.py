"""VS Code's target platforms: the vsce set, what OS/ARCH each means, which target a machine
has, and whether a package installs there (VS Code's isTargetPlatformCompatible).

Sources: vsce src/package.ts `Targets`; VS Code extensionManagement.ts `TargetPlatform`,
`getTargetPlatform` and `isTargetPlatformCompatible` (shared/reference/vscode-layouts-and-vsix.md §4.3).
"""

from __future__ import annotations

from dataclasses import dataclass

from goide.core.errors import InputError

# target -> (GOOS, GOARCH, C library); web has no machine.
TARGETS: dict[str, tuple[str, str, str] | None] = {
    "win32-x64": ("windows", "amd64", ""),
    "win32-arm64": ("windows", "arm64", ""),
    "linux-x64": ("linux", "amd64", "glibc"),
    "linux-arm64": ("linux", "arm64", "glibc"),
    "linux-armhf": ("linux", "arm", "glibc"),
    "alpine-x64": ("linux", "amd64", "musl"),
    "alpine-arm64": ("linux", "arm64", "musl"),
    "darwin-x64": ("darwin", "amd64", ""),
    "darwin-arm64": ("darwin", "arm64", ""),
    "web": None,
}
DISPLAY = {
    "win32-x64": "Windows 64 bit",
    "win32-arm64": "Windows ARM",
    "linux-x64": "Linux 64 bit",
    "linux-arm64": "Linux ARM 64",
    "linux-armhf": "Linux ARM",
    "alpine-x64": "Alpine Linux 64 bit",
    "alpine-arm64": "Alpine ARM 64",
    "darwin-x64": "Mac",
    "darwin-arm64": "Mac Silicon",
    "web": "Web",
}
_OS = {"windows": "win32", "linux": "linux", "darwin": "darwin", "alpine": "alpine"}
_ARCH = {"amd64": "x64", "arm64": "arm64", "arm": "armhf"}


@dataclass(frozen=True)
class Machine:
    """Where VS Code (or its server, on a remote) runs: its vsce target and GOOS/GOARCH."""

    target: str  # darwin-arm64, ...
    os: str
    arch: str


def machine_of(text: str) -> Machine:
    """`--platform`: Go's OS/ARCH (darwin/arm64, alpine/arm64 for musl) or a vsce target name."""
    name = text.strip().lower()
    if "/" in name:
        goos, _, arch = name.partition("/")
        name = f"{_OS.get(goos, goos)}-{_ARCH.get(arch, arch)}"
    if name not in TARGETS:
        raise InputError(
            f"--platform {text!r} is not a machine VS Code runs on",
            hint="use OS/ARCH (darwin/arm64, windows/arm64, linux/amd64, alpine/arm64) or a vsce target "
            "(darwin-arm64, win32-x64, ...)",
        )
    spec = TARGETS[name]
    return Machine(name, spec[0], spec[1]) if spec else Machine(name, "", "")  # web: no OS or CPU


def compatible(package_target: str | None, machine: Machine) -> bool:
    """isTargetPlatformCompatible: universal installs anywhere, otherwise only an exact match."""
    if package_target is None or package_target == "universal":
        return True
    return package_target == machine.target
