"""Reads the host: OS and version, the hardware architecture, the architecture goide runs as, and
translation or emulation (Rosetta 2, x64 emulation on Windows on ARM, qemu-user), and CPU topology.

Each platform's judgement of what it read is a pure function (`macos_host`, `windows_host`,
`linux_host`) taking the readings as arguments, so tests can feed readings from a Mac or a
Windows ARM laptop; `collect_host` does the reading on the machine goide runs on.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Mapping, Sequence

from goide.core.errors import InputError
from goide.core.goos import goarch
from goide.core.process import run
from goide.doctor.collect.binary import Reader, describe
from goide.doctor.facts import CpuFacts, HostFacts

# ELF e_machine -> GOARCH (debug/elf), for binfmt_misc magic strings.
_ELF_MACHINE_TO_GOARCH = {
    3: "386",
    8: "mips",
    20: "ppc",
    21: "ppc64",
    22: "s390x",
    40: "arm",
    62: "amd64",
    183: "arm64",
    243: "riscv64",
    258: "loong64",
}

# IMAGE_FILE_MACHINE_* -> GOARCH (debug/pe).
_PE_MACHINE_TO_GOARCH = {0x14C: "386", 0x8664: "amd64", 0x1C0: "arm", 0x1C4: "arm", 0xAA64: "arm64"}

KNOWN_GOOS = ("darwin", "linux", "windows", "freebsd", "openbsd", "netbsd", "android", "ios")
KNOWN_GOARCH = ("amd64", "arm64", "386", "arm", "riscv64", "ppc64le", "s390x", "loong64")


def parse_sysctl(text: str) -> dict[str, str]:
    """`sysctl -i name ...` output ("name: value" lines) as a dict; unknown names are simply absent."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep:
            values[name.strip()] = value.strip()
    return values


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def macos_host(sysctl: Mapping[str, str], *, os_version: str, process_machine: str) -> HostFacts:
    """Judge a Mac from its sysctl values.

    `hw.optional.arm64` is 1 on Apple Silicon even inside Rosetta, and `sysctl.proc_translated`
    is 1 only in a translated process (absent on Intel Macs), so both are read rather than uname.
    """
    apple_silicon = sysctl.get("hw.optional.arm64") == "1"
    translated = sysctl.get("sysctl.proc_translated") == "1"
    hardware = "arm64" if apple_silicon else goarch(process_machine)
    process = "amd64" if translated else goarch(process_machine)
    levels = _int(sysctl.get("hw.nperflevels")) or 1
    return HostFacts(
        os="darwin",
        os_version=os_version,
        hardware_arch=hardware,
        process_arch=process,
        translation="rosetta" if translated else None,
        cpu=CpuFacts(
            logical=_int(sysctl.get("hw.logicalcpu")),
            physical=_int(sysctl.get("hw.physicalcpu")),
            performance=_int(sysctl.get("hw.perflevel0.logicalcpu")) if levels >= 2 else None,
            efficiency=_int(sysctl.get("hw.perflevel1.logicalcpu")) if levels >= 2 else None,
        ),
    )


def windows_host(
    *,
    native_machine: int | None,
    process_machine: str,
    environ: Mapping[str, str],
    os_version: str,
    logical_cpus: int | None,
) -> HostFacts:
    """Judge Windows from IsWow64Process2's native machine and the machine of goide's own image.

    An x64 process emulated on ARM64 is not WOW64: IsWow64Process2 gives it no process machine and
    PROCESSOR_ARCHITECTURE says AMD64, so only the native machine tells the truth.
    """
    process = goarch(process_machine)
    if native_machine is not None and native_machine in _PE_MACHINE_TO_GOARCH:
        hardware = _PE_MACHINE_TO_GOARCH[native_machine]
    elif "ARMV8" in environ.get("PROCESSOR_IDENTIFIER", "").upper():
        hardware = "arm64"
    else:
        hardware = goarch(
            environ.get("PROCESSOR_ARCHITEW6432") or environ.get("PROCESSOR_ARCHITECTURE") or process
        )
    translation = None
    if hardware == "arm64" and process in ("amd64", "386"):
        translation = "x64-emulation" if process == "amd64" else "x86-emulation"
    elif hardware == "amd64" and process == "386":
        translation = "wow64"
    return HostFacts(
        os="windows",
        os_version=os_version,
        hardware_arch=hardware,
        process_arch=process,
        translation=translation,
        cpu=CpuFacts(logical=logical_cpus),
    )


def binfmt_arch(entry: str) -> str | None:
    """The foreign architecture an enabled qemu-user binfmt_misc entry runs, or None."""
    lines = [line.strip() for line in entry.splitlines()]
    if "enabled" not in lines:
        return None
    interpreter = next((line.split(None, 1)[1] for line in lines if line.startswith("interpreter ")), "")
    # qemu-user-static registers /usr/bin/qemu-<arch>-static; Debian's qemu-user-binfmt
    # registers /usr/libexec/qemu-binfmt/<arch>-binfmt-P.
    if "qemu" not in interpreter:
        return None
    magic = next((line.split(None, 1)[1] for line in lines if line.startswith("magic ")), "")
    # ELF magic: bytes 18-19 are e_machine, in the byte order EI_DATA (byte 5) names.
    if magic.startswith("7f454c46") and len(magic) >= 40:
        high_first = magic[10:12] == "02"
        digits = magic[36:40] if high_first else magic[38:40] + magic[36:38]
        try:
            machine = int(digits, 16)
        except ValueError:
            machine = -1
        if machine in _ELF_MACHINE_TO_GOARCH:
            return _ELF_MACHINE_TO_GOARCH[machine]
    name = os.path.basename(interpreter).removeprefix("qemu-").removesuffix("-static").split("-binfmt")[0]
    return goarch(name)


def count_cpulist(cpulist: str) -> int:
    """Number of CPUs in a kernel cpulist such as `0-15,32`."""
    count = 0
    for part in cpulist.strip().split(","):
        if not part:
            continue
        low, sep, high = part.partition("-")
        try:
            count += max(0, int(high) - int(low) + 1) if sep else 1  # a reversed range counts nothing
        except ValueError:
            continue
    return count


def linux_host(
    *,
    machine: str,
    os_version: str,
    binfmt_entries: Mapping[str, str],
    cpu_capacities: Sequence[int],
    core_cpus: str | None,
    atom_cpus: str | None,
    logical_cpus: int | None,
) -> HostFacts:
    """Judge Linux: uname machine, the qemu-user emulators registered, big.LITTLE or Intel hybrid cores."""
    hardware = goarch(machine)
    emulated = sorted(
        {a for a in (binfmt_arch(text) for text in binfmt_entries.values()) if a and a != hardware}
    )
    performance = efficiency = None
    if core_cpus is not None and atom_cpus is not None:  # Intel hybrid: perf PMUs per core type
        performance, efficiency = count_cpulist(core_cpus), count_cpulist(atom_cpus)
    elif len(set(cpu_capacities)) > 1:  # arm big.LITTLE: the biggest capacity is the performance tier
        biggest = max(cpu_capacities)
        performance = sum(1 for c in cpu_capacities if c == biggest)
        efficiency = len(cpu_capacities) - performance
    return HostFacts(
        os="linux",
        os_version=os_version,
        hardware_arch=hardware,
        process_arch=hardware,
        emulated_archs=tuple(emulated),
        cpu=CpuFacts(logical=logical_cpus, performance=performance, efficiency=efficiency),
    )


def simulated_host(platform_arg: str) -> HostFacts:
    """The host `--platform OS/ARCH` describes: native hardware, nothing translated, no emulators."""
    goos, sep, arch = platform_arg.partition("/")
    goos, arch = goos.strip().lower(), arch.strip().lower()
    if not sep or goos not in KNOWN_GOOS or arch not in KNOWN_GOARCH:
        raise InputError(
            f"--platform {platform_arg!r} is not OS/ARCH",
            hint="use Go's names, for example darwin/arm64, windows/arm64, linux/amd64",
        )
    return HostFacts(os=goos, os_version="", hardware_arch=arch, process_arch=arch, simulated=True)


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read(4096)
    except OSError:
        return None


def _collect_linux() -> HostFacts:
    entries: dict[str, str] = {}
    for path in glob.glob("/proc/sys/fs/binfmt_misc/*"):
        if os.path.basename(path) in ("status", "register"):
            continue
        text = _read(path)
        if text is not None:
            entries[os.path.basename(path)] = text
    capacities = []
    for path in glob.glob("/sys/devices/system/cpu/cpu[0-9]*/cpu_capacity"):
        value = _int((_read(path) or "").strip())
        if value is not None:
            capacities.append(value)
    _system, machine, release = uname()
    return linux_host(
        machine=machine,
        os_version=release,
        binfmt_entries=entries,
        cpu_capacities=capacities,
        core_cpus=_read("/sys/devices/cpu_core/cpus"),
        atom_cpus=_read("/sys/devices/cpu_atom/cpus"),
        logical_cpus=os.cpu_count(),
    )


_SYSCTL_NAMES = (
    "sysctl.proc_translated",
    "hw.optional.arm64",
    "hw.nperflevels",
    "hw.perflevel0.logicalcpu",
    "hw.perflevel1.logicalcpu",
    "hw.logicalcpu",
    "hw.physicalcpu",
)


def uname() -> tuple[str, str, str]:
    """(system, machine, release) as platform.system(), .machine() and .release() give them, from
    os.uname() where there is one: importing platform costs a hundredth of `goide doctor`."""
    if hasattr(os, "uname"):
        u = os.uname()
        return u.sysname, u.machine, u.release
    import platform

    return platform.system(), platform.machine(), platform.release()


def _collect_macos() -> HostFacts:
    import platform

    result = run(["sysctl", "-i", *_SYSCTL_NAMES], timeout=5)
    return macos_host(
        parse_sysctl(result.stdout), os_version=platform.mac_ver()[0], process_machine=platform.machine()
    )


def _collect_windows(process_machine: str) -> HostFacts:
    import platform

    native: int | None = None
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.windll.kernel32
        process_m, native_m = wintypes.USHORT(), wintypes.USHORT()
        if hasattr(kernel32, "IsWow64Process2") and kernel32.IsWow64Process2(
            kernel32.GetCurrentProcess(), ctypes.byref(process_m), ctypes.byref(native_m)
        ):
            native = native_m.value
    return windows_host(
        native_machine=native,
        process_machine=process_machine,
        environ=os.environ,
        os_version=platform.version(),
        logical_cpus=os.cpu_count(),
    )


def collect_host(reader: Reader) -> HostFacts:
    """The host goide runs on. On Windows the arch of goide's own process is read from the
    interpreter's PE header, because an emulated Python may report the native machine."""
    if sys.platform == "darwin":
        return _collect_macos()
    if sys.platform == "win32":
        import platform

        own = describe(sys.executable, reader)
        return _collect_windows(own.slices[0].arch if own.slices else platform.machine())
    return _collect_linux()
