"""Host readings of each platform judged by the pure functions of goide.doctor.collect.host.

The readings follow the real formats: `sysctl -i name...` prints `name: value` lines and omits
unknown names (macOS sysctl(8)); Windows' IsWow64Process2 native machine values are
IMAGE_FILE_MACHINE_* (0xAA64 ARM64, 0x8664 AMD64); binfmt_misc entries are as the kernel prints them
(Documentation/admin-guide/binfmt-misc.rst; the magic/mask strings are the ones qemu-user-static
registers for aarch64 and s390x).
"""

from __future__ import annotations

import pytest

from goide.core.errors import InputError
from goide.doctor.collect.host import (
    binfmt_arch,
    count_cpulist,
    goarch,
    linux_host,
    macos_host,
    parse_sysctl,
    simulated_host,
    windows_host,
)

M1_NATIVE = """sysctl.proc_translated: 0
hw.optional.arm64: 1
hw.nperflevels: 2
hw.perflevel0.logicalcpu: 8
hw.perflevel1.logicalcpu: 2
hw.logicalcpu: 10
hw.physicalcpu: 10
"""
M1_ROSETTA = M1_NATIVE.replace("sysctl.proc_translated: 0", "sysctl.proc_translated: 1")
# An Intel Mac has neither OID; `sysctl -i` leaves them out.
INTEL_MAC = "hw.nperflevels: 1\nhw.logicalcpu: 8\nhw.physicalcpu: 4\n"

QEMU_AARCH64 = """enabled
interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
flags: POCF
offset 0
magic 7f454c460201010000000000000000000200b700
mask ffffffffffffff00fffffffffffffffffeffffff
"""
QEMU_AARCH64_STATIC = QEMU_AARCH64.replace(
    "/usr/libexec/qemu-binfmt/aarch64-binfmt-P", "/usr/bin/qemu-aarch64-static"
)
QEMU_S390X = """enabled
interpreter /usr/bin/qemu-s390x-static
flags: OCF
offset 0
magic 7f454c460201020000000000000000000002001600
mask ffffffffffffff00fffffffffffffffffffeffff
"""
WINE = "enabled\ninterpreter /usr/bin/wine\nflags: \noffset 0\nmagic 4d5a\n"


@pytest.mark.parametrize(
    ("readings", "machine", "expected", "cores"),
    [
        (M1_NATIVE, "arm64", ("arm64", "arm64", None), (8, 2)),
        (M1_ROSETTA, "x86_64", ("arm64", "amd64", "rosetta"), (8, 2)),
        (INTEL_MAC, "x86_64", ("amd64", "amd64", None), (None, None)),
    ],
)
def test_macos(
    readings: str, machine: str, expected: tuple[str, str, str | None], cores: tuple[int | None, int | None]
) -> None:
    hardware, process, translation = expected
    host = macos_host(parse_sysctl(readings), os_version="15.6", process_machine=machine)
    assert (host.os, host.hardware_arch, host.process_arch, host.translation) == (
        "darwin",
        hardware,
        process,
        translation,
    )
    assert (host.cpu.performance, host.cpu.efficiency) == cores


@pytest.mark.parametrize(
    ("native", "process", "environ", "hardware", "translation"),
    [
        (0xAA64, "ARM64", {}, "arm64", None),
        # x64 emulation on ARM64: PROCESSOR_ARCHITECTURE lies (AMD64), the native machine does not.
        (0xAA64, "AMD64", {"PROCESSOR_ARCHITECTURE": "AMD64"}, "arm64", "x64-emulation"),
        (0x8664, "AMD64", {"PROCESSOR_ARCHITECTURE": "AMD64"}, "amd64", None),
        (
            0x8664,
            "x86",
            {"PROCESSOR_ARCHITECTURE": "x86", "PROCESSOR_ARCHITEW6432": "AMD64"},
            "amd64",
            "wow64",
        ),
        # No IsWow64Process2 (old Windows): the identifier still names the ARM CPU.
        (
            None,
            "AMD64",
            {
                "PROCESSOR_ARCHITECTURE": "AMD64",
                "PROCESSOR_IDENTIFIER": "ARMv8 (64-bit) Family 8 Model 1 Revision 201, Qualcomm",
            },
            "arm64",
            "x64-emulation",
        ),
    ],
)
def test_windows(
    native: int | None, process: str, environ: dict[str, str], hardware: str, translation: str | None
) -> None:
    host = windows_host(
        native_machine=native,
        process_machine=process,
        environ=environ,
        os_version="10.0.26100",
        logical_cpus=12,
    )
    assert (host.hardware_arch, host.translation) == (hardware, translation)


def test_linux_qemu_and_big_little() -> None:
    host = linux_host(
        machine="x86_64",
        os_version="6.8.0",
        binfmt_entries={
            "qemu-aarch64": QEMU_AARCH64,
            "qemu-s390x": QEMU_S390X,
            "wine": WINE,
            "qemu-x86_64": QEMU_AARCH64.replace("b700", "3e00"),
        },
        cpu_capacities=[1024, 1024, 446, 446, 446, 446],
        core_cpus=None,
        atom_cpus=None,
        logical_cpus=6,
    )
    # x86_64 on x86_64 is not emulation; wine is not qemu.
    assert host.emulated_archs == ("arm64", "s390x")
    assert (host.cpu.performance, host.cpu.efficiency) == (2, 4)


def test_linux_intel_hybrid() -> None:
    host = linux_host(
        machine="x86_64",
        os_version="6.8.0",
        binfmt_entries={},
        cpu_capacities=[],
        core_cpus="0-11\n",
        atom_cpus="12-19\n",
        logical_cpus=20,
    )
    assert (host.cpu.performance, host.cpu.efficiency) == (12, 8)


def test_binfmt_entries() -> None:
    assert binfmt_arch(QEMU_AARCH64_STATIC) == "arm64"
    assert binfmt_arch(QEMU_AARCH64.replace("enabled", "disabled")) is None
    assert binfmt_arch(WINE) is None


def test_small_parsers() -> None:
    assert count_cpulist("0-3,8,10-11\n") == 7
    assert count_cpulist("") == 0
    assert [goarch(m) for m in ("x86_64", "AMD64", "aarch64", "arm64e", "i686")] == ["amd64"] * 2 + [
        "arm64"
    ] * 2 + ["386"]


def test_simulated_host() -> None:
    host = simulated_host("Darwin/ARM64")
    assert (host.os, host.hardware_arch, host.simulated, host.translation) == ("darwin", "arm64", True, None)
    with pytest.raises(InputError):
        simulated_host("darwin-arm64")
