"""CPU and memory advice that is true on the platform it is given for. Pure rules over readings
taken by the caller (`read_cpu`): what the CPU is, whether it is hybrid (performance and
efficiency cores), and what an A/B comparison measured.

- Linux: a hybrid Intel CPU lists its performance cores in /sys/devices/cpu_core/cpus and its
  efficiency cores in /sys/devices/cpu_atom/cpus; `taskset -c LIST` pins a process.
- macOS: user programs cannot set CPU affinity (there is no taskset); only QoS classes steer work
  between performance and efficiency cores, and gopls runs at the editor's QoS.
- Windows: the scheduler places threads by core efficiency class; `start /affinity MASK` pins.

A tuning (GOGC, GOMEMLIMIT, settings, pinning) is advised only when a comparison measured a
significant difference; when it did not, the advice says that it is not worth it.
"""

from __future__ import annotations

import contextlib
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from goide.core.goos import host_goos
from goide.core.model import Finding, Fix, Severity

AREA = "gopls performance"


@dataclass(frozen=True)
class CpuReading:
    goos: str  # linux, darwin, windows
    model: str | None
    logical_cpus: int | None
    performance_cpus: str | None = None  # Linux cpulist, e.g. "0-7"
    efficiency_cpus: str | None = None
    memory_bytes: int | None = None  # physical memory (/proc/meminfo MemTotal, sysctl hw.memsize)


# gopls's peak resident memory above this share of the machine's is worth a GOMEMLIMIT A/B.
MEMORY_SHARE = 0.25


@dataclass(frozen=True)
class Change:
    """One row of an A/B comparison: a benchmark, its unit, the variant, the change and p-value."""

    name: str
    unit: str
    variant: str
    delta_percent: float | None  # None when not significant ("~")
    p_value: float | None


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str | None:
    with contextlib.suppress(OSError):
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or None


def read_cpu(sys_devices: Path = Path("/sys/devices")) -> CpuReading:
    """This machine's CPU readings (hybrid cores only on Linux, where the kernel lists them)."""
    import os

    goos = host_goos()
    performance = efficiency = None
    if goos == "linux":
        with contextlib.suppress(OSError):
            performance = (sys_devices / "cpu_core" / "cpus").read_text().strip() or None
        with contextlib.suppress(OSError):
            efficiency = (sys_devices / "cpu_atom" / "cpus").read_text().strip() or None
    return CpuReading(goos, cpu_model(), os.cpu_count(), performance, efficiency, _memory_bytes(goos))


def _memory_bytes(goos: str, meminfo: Path = Path("/proc/meminfo")) -> int | None:
    if goos == "linux":
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in meminfo.read_text().splitlines():
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    if goos == "darwin":
        from goide.core import process

        result = process.run(["sysctl", "-n", "hw.memsize"], timeout=5)
        with contextlib.suppress(ValueError):
            return int(result.stdout.strip())
    return None


def _memory_advice(cpu: CpuReading, peak_rss: float | None) -> list[Finding]:
    if not peak_rss or not cpu.memory_bytes or peak_rss < MEMORY_SHARE * cpu.memory_bytes:
        return []
    gib = 1 << 30
    limit = max(1, int(peak_rss * 0.75 / gib))
    return [
        Finding(
            "gopls.memory.large-share",
            Severity.WARNING,
            f"gopls's peak memory is {peak_rss / gib:.1f} GiB "
            f"of this machine's {cpu.memory_bytes / gib:.1f} GiB",
            AREA,
            "A soft memory limit makes the Go runtime collect harder near it, trading CPU for memory. "
            "Whether that pays on this workspace is a measurement, not a rule: compare it first. "
            "Cutting what gopls loads (build.directoryFilters, fewer modules) lowers both.",
            Fix(
                "Measure a limit against none (GOMEMLIMIT=off is the runtime's default)",
                command=f"goide gopls bench --env GOMEMLIMIT=off --env GOMEMLIMIT={limit}GiB --count 10",
            ),
        )
    ]


def _cpu_advice(cpu: CpuReading) -> list[Finding]:
    if cpu.goos == "linux" and cpu.performance_cpus and cpu.efficiency_cpus:
        return [
            Finding(
                "gopls.cpu.hybrid-linux",
                Severity.INFO,
                f"Hybrid CPU: performance cores {cpu.performance_cpus}, "
                f"efficiency cores {cpu.efficiency_cpus}",
                AREA,
                "gopls can be kept on the performance cores with taskset through a wrapper named in "
                '"go.alternateTools": {"gopls": "/path/to/gopls-pcores"}. Measure it first: run '
                "goide gopls bench --gopls gopls --gopls /path/to/gopls-pcores.",
                Fix(
                    "Create the wrapper script",
                    command=f"printf '#!/bin/sh\\nexec taskset -c {cpu.performance_cpus} gopls \"$@\"\\n' "
                    "> ~/bin/gopls-pcores && chmod +x ~/bin/gopls-pcores",
                ),
            )
        ]
    if cpu.goos == "linux":
        return [
            Finding(
                "gopls.cpu.not-hybrid",
                Severity.INFO,
                "All cores are alike (no cpu_core/cpu_atom split): pinning gopls to cores gains nothing",
                AREA,
            )
        ]
    if cpu.goos == "darwin":
        return [
            Finding(
                "gopls.cpu.macos",
                Severity.INFO,
                "macOS has no CPU affinity for user programs (no taskset): "
                "advice to pin gopls does not apply",
                AREA,
                "macOS places threads on performance or efficiency cores by QoS class; gopls runs at "
                "the QoS VS Code gives it. Reduce the work instead (directoryFilters, fewer open modules).",
            )
        ]
    if cpu.goos == "windows":
        return [
            Finding(
                "gopls.cpu.windows",
                Severity.INFO,
                "Windows schedules by core efficiency class; there is no taskset",
                AREA,
                "`start /affinity MASK gopls.exe` pins a process; "
                "measure with goide gopls bench before using it.",
            )
        ]
    return []


def _tuning_advice(changes: Sequence[Change], baseline: str) -> list[Finding]:
    findings = []
    by_variant: dict[str, list[Change]] = {}
    for change in changes:
        by_variant.setdefault(change.variant, []).append(change)
    for variant, rows in by_variant.items():
        significant = [c for c in rows if c.delta_percent is not None]
        if not significant:
            findings.append(
                Finding(
                    "gopls.tuning.no-difference",
                    Severity.INFO,
                    f"{variant} vs {baseline}: no significant difference in any measurement "
                    "— not worth changing",
                    AREA,
                    "Every comparison's p-value is above alpha (or there were too few runs: use --count 10).",
                )
            )
            continue
        better = [c for c in significant if (c.delta_percent or 0) < 0]
        worse = [c for c in significant if (c.delta_percent or 0) > 0]
        detail = "; ".join(
            f"{c.name} {c.unit} {c.delta_percent:+.1f}% (p={c.p_value:.3f})" for c in significant[:8]
        )
        findings.append(
            Finding(
                "gopls.tuning.difference",
                Severity.INFO,
                f"{variant} vs {baseline}: {len(better)} measurements lower, {len(worse)} higher",
                AREA,
                detail,
            )
        )
    return findings


def advise(
    cpu: CpuReading, changes: Sequence[Change] = (), baseline: str = "", peak_rss: float | None = None
) -> list[Finding]:
    """Advice for this platform, on gopls's measured peak memory (`peak_rss`, bytes) and, when
    variants were compared, on whether the tuning pays."""
    tuning = _tuning_advice(changes, baseline) if changes else []
    return _cpu_advice(cpu) + _memory_advice(cpu, peak_rss) + tuning
