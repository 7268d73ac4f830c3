"""The build settings each tool needs on each target, and why (docs/bundle.md "Build settings").

Read from the tools' own sources (delve v1.27.2 `pkg/proc/native/*.go` build constraints,
`_scripts/make.go`) and checked by building them with the real Go.
"""

from __future__ import annotations

from dataclasses import dataclass

from goide.bundle.target import Target

DELVE = "github.com/go-delve/delve/cmd/dlv"

# Every build: no cgo (a cross build has no C toolchain for the target, and a cgo-free binary
# links no libc, so it runs on any distribution), -trimpath (no build machine paths inside,
# so two builds give the same bytes).
COMMON_ENV = {"CGO_ENABLED": "0", "GOTOOLCHAIN": "local"}
COMMON_FLAGS = ("-trimpath",)


@dataclass(frozen=True)
class BuildSettings:
    env: dict[str, str]
    flags: tuple[str, ...]
    notes: tuple[str, ...]  # what the target machine needs, or what this build lacks


def settings_for(package: str, target: Target) -> BuildSettings:
    env = {**COMMON_ENV, "GOOS": target.os, "GOARCH": target.arch}
    flags: list[str] = list(COMMON_FLAGS)
    notes: list[str] = []
    if package == DELVE:
        if target.os == "windows" and target.arch == "arm64":
            # pkg/proc/native/support_sentinel_windows.go breaks the build on windows/arm64
            # unless the experimental backend is asked for.
            flags.append("-tags=exp.winarm64")
            notes.append("built with -tags=exp.winarm64: Delve's Windows on ARM backend is experimental")
        if target.os == "darwin":
            # The native backend (tag macnative) needs cgo and the macOS SDK; without it dlv
            # debugs through Apple's debugserver (nonative_darwin.go).
            notes.append(
                "debugs through Apple's debugserver: the target needs the Xcode Command Line Tools "
                "(xcode-select --install) and developer mode (sudo DevToolsSecurity -enable)"
            )
        if target.os == "linux" and target.arch == "amd64":
            notes.append("`dlv trace --ebpf` is not available: it needs cgo (proc_ebpf_linux.go)")
    return BuildSettings(env=env, flags=tuple(flags), notes=tuple(notes))
