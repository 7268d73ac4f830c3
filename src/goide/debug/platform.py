"""Where the debugger runs: this machine's platform, and the platforms an executable was built for."""

from __future__ import annotations

from goide.core.errors import InputError
from goide.doctor.collect.binary import default_reader
from goide.doctor.collect.host import collect_host
from goide.executables.read import read_executable


def host_platform() -> tuple[str, str, str | None]:
    """This machine's OS and hardware architecture in Go's names, and the translation goide runs
    under ("rosetta", "x64-emulation", "qemu-user" or None), as the doctor's host collector reads them.
    """
    host = collect_host(default_reader())
    return host.os, host.hardware_arch, host.translation


def read_platforms(path: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """The OS/arch of each slice of the executable at `path`, and its Go build info; read, not run."""
    try:
        executable = read_executable(path)
    except InputError:
        return (), {}
    platforms = tuple(f"{s.os}/{s.arch}" for s in executable.slices)
    info: dict[str, str] = {}
    go = next((s.go for s in executable.slices if s.go is not None), None)
    if go is not None:
        info["go"] = go.version
        if go.path:
            info["path"] = go.path
        if go.main is not None:
            info["mod"] = go.main.version
        for key in ("GOOS", "GOARCH", "CGO_ENABLED"):
            value = go.setting(key)
            if value is not None:
                info[key] = value
    return platforms, info
