"""CPU advice per platform: never advise what the platform cannot do."""

from __future__ import annotations

from pathlib import Path

from goide.gopls.advice import Change, CpuReading, advise, read_cpu


def test_hybrid_linux_gets_taskset_with_the_performance_cores() -> None:
    (finding,) = advise(CpuReading("linux", "13th Gen Intel Core i7-1360P", 16, "0-7", "8-15"))
    assert finding.fix is not None
    assert "taskset -c 0-7" in (finding.fix.command or "")
    assert "go.alternateTools" in finding.detail


def test_macos_and_windows_never_get_taskset() -> None:
    for goos in ("darwin", "windows"):
        findings = advise(CpuReading(goos, "Apple M2", 8, None, None))
        assert findings
        for f in findings:
            assert f.fix is None or "taskset" not in (f.fix.command or "")
        assert "no taskset" in findings[0].title


def test_uniform_linux_says_pinning_gains_nothing() -> None:
    (finding,) = advise(CpuReading("linux", "AMD EPYC", 2, None, None))
    assert "gains nothing" in finding.title
    assert finding.fix is None


def test_no_significant_difference_is_not_worth_it() -> None:
    cpu = CpuReading("darwin", None, 8)
    same = [Change("Hover", "sec/op", "GOGC=50", None, 0.4), Change("Memory", "heap-B", "GOGC=50", None, 0.7)]
    titles = [f.title for f in advise(cpu, same, "GOGC=100")]
    assert any("not worth changing" in t for t in titles)
    differs = [*same, Change("Memory", "peak-RSS-B", "GOGC=50", -30.0, 0.008)]
    text = " ".join(f.title + f.detail for f in advise(cpu, differs, "GOGC=100"))
    assert "1 measurements lower" in text
    assert "-30.0%" in text


def test_read_cpu_from_a_sysfs_tree(tmp_path: Path) -> None:
    (tmp_path / "cpu_core").mkdir()
    (tmp_path / "cpu_core" / "cpus").write_text("0-7\n")
    (tmp_path / "cpu_atom").mkdir()
    (tmp_path / "cpu_atom" / "cpus").write_text("8-15\n")
    reading = read_cpu(tmp_path)
    if reading.goos == "linux":
        assert (reading.performance_cpus, reading.efficiency_cpus) == ("0-7", "8-15")
    assert read_cpu(tmp_path / "none").performance_cpus is None


def test_memory_advice_only_when_gopls_takes_a_large_share() -> None:
    gib = 1 << 30
    small = CpuReading("darwin", None, 8, memory_bytes=16 * gib)
    assert not [f for f in advise(small, peak_rss=2 * gib) if f.id.startswith("gopls.memory")]
    (finding,) = [f for f in advise(small, peak_rss=6 * gib) if f.id.startswith("gopls.memory")]
    assert "6.0 GiB of this machine's 16.0 GiB" in finding.title
    # It proposes a measurement, not a setting.
    assert finding.fix is not None
    assert (finding.fix.command or "").startswith("goide gopls bench --env GOMEMLIMIT=")
    assert "GOMEMLIMIT=4GiB" in (finding.fix.command or "")
    assert not [f for f in advise(CpuReading("windows", None, 8), peak_rss=6 * gib) if "memory" in f.id]
