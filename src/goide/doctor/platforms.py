"""How a binary built for OS/ARCH runs on a host: natively, translated, emulated, or not at all.

Pure: used by the collectors (to avoid executing what cannot run here) and by the rules.
"""

from __future__ import annotations

from enum import StrEnum

from goide.doctor.facts import BinaryFacts, HostFacts, SliceFacts


class RunMode(StrEnum):
    NATIVE = "native"
    TRANSLATED = "translated"  # Rosetta 2, x64 emulation on Windows on ARM, WOW64
    EMULATED = "emulated"  # qemu-user through binfmt_misc
    CANNOT_RUN = "cannot-run"
    UNKNOWN = "unknown"  # not an executable goide can read (a script, a shim)


# (host OS, hardware arch) -> foreign archs the OS translates for its users.
_TRANSLATES = {
    ("darwin", "arm64"): ("amd64",),
    ("windows", "arm64"): ("amd64", "386"),
    ("windows", "amd64"): ("386",),
}


def translator(host: HostFacts) -> str:
    """The name users know the host's translation layer by."""
    if host.os == "darwin":
        return "Rosetta 2"
    if host.os == "windows":
        return "x64 emulation" if host.hardware_arch == "arm64" else "WOW64"
    return "qemu-user"


def slice_mode(s: SliceFacts, host: HostFacts) -> RunMode:
    # iOS binaries run on Apple Silicon Macs, but tools never are; treat other OSes as foreign.
    if s.os != host.os:
        return RunMode.CANNOT_RUN
    if s.arch == host.hardware_arch:
        return RunMode.NATIVE
    if s.arch in _TRANSLATES.get((host.os, host.hardware_arch), ()):
        return RunMode.TRANSLATED
    if s.arch in host.emulated_archs:
        return RunMode.EMULATED
    return RunMode.CANNOT_RUN


_PREFERENCE = (RunMode.NATIVE, RunMode.TRANSLATED, RunMode.EMULATED, RunMode.CANNOT_RUN)


def best_slice(binary: BinaryFacts, host: HostFacts) -> tuple[SliceFacts | None, RunMode]:
    """The slice the OS would run (a universal binary runs its native slice) and how it runs."""
    if not binary.slices:
        return None, RunMode.UNKNOWN
    ranked = sorted(binary.slices, key=lambda s: _PREFERENCE.index(slice_mode(s, host)))
    return ranked[0], slice_mode(ranked[0], host)


def can_execute(binary: BinaryFacts, host: HostFacts) -> bool:
    """Whether goide may run this binary on `host` (a script or shim is tried; its timeout guards it)."""
    return best_slice(binary, host)[1] is not RunMode.CANNOT_RUN
