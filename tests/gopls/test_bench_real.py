"""`goide gopls bench` driving the real gopls v0.23.0: every request kind and memory measured,
output that `goide bench compare` reads into the same table, interleaved A/B with p-values, and
the driver's latencies checked against the ones gopls itself logs under -rpc.trace."""

from __future__ import annotations

import json
import re
import statistics
import tempfile
from pathlib import Path

import pytest

from goide.gopls.ab import variants
from goide.gopls.bench import plan_for
from goide.gopls.crosscheck import cross_check, logged_latencies
from goide.gopls.session import run_round
from tests.helpers import goide

pytestmark = pytest.mark.integration

KINDS = (
    "InitialWorkspaceLoad",
    "FirstDiagnostics",
    "Hover",
    "Definition",
    "References",
    "Completion",
    "DocumentSymbol",
    "SemanticTokens",
    "WorkspaceSymbol",
    "UnknownMethod",
    "DiagnosticsAfterEdit",
)
_RESULT = re.compile(r"^Benchmark(\w+)(/\S+)? 1 (\d+) ns/op$")


def _kinds(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in text.splitlines():
        found = _RESULT.match(line)
        if found:
            counts[found.group(1)] = counts.get(found.group(1), 0) + 1
    return counts


def test_every_request_kind_and_memory_on_the_generated_module(
    gopls: str, small_module: Path, tmp_path: Path
) -> None:
    out = tmp_path / "small.txt"
    args = ["gopls", "bench", str(small_module), "--gopls", gopls, "--count", "2", "--warmup", "0"]
    result = goide(*args, "--positions", "2", "--out", str(out))
    assert result.returncode == 0, result.stderr.decode()
    text = out.read_text()
    counts = _kinds(text)
    assert set(counts) == set(KINDS)
    assert counts["InitialWorkspaceLoad"] == counts["UnknownMethod"] == counts["WorkspaceSymbol"] == 2
    assert (
        counts["Hover"]
        == counts["Completion"]
        == counts["DocumentSymbol"]
        == counts["SemanticTokens"]
        == 2 * 2
    )
    memory = re.findall(r"^BenchmarkMemory 1 (\d+) peak-RSS-B (\d+) heap-B$", text, re.MULTILINE)
    assert len(memory) == 2
    assert all(int(rss) > 10 << 20 and int(heap) > 1 << 20 for rss, heap in memory)
    assert text.startswith("goos: linux\ngoarch: ")
    assert text.count("variant: default\n") == 2
    # The table printed is exactly what `goide bench compare FILE` prints for the file.
    compared = goide("bench", "compare", str(out))
    assert compared.returncode == 0, compared.stderr.decode()
    assert compared.stdout
    assert result.stdout.startswith(compared.stdout)
    assert b"2 rounds in" in result.stdout


def test_bench_format_on_stdout_pipes_into_bench_compare(gopls: str, small_module: Path) -> None:
    args = ["gopls", "bench", str(small_module), "--gopls", gopls, "--count", "1", "--warmup", "0"]
    raw = goide(*args, "--positions", "1", "--format", "bench", "--seed", "3")
    assert raw.returncode == 0, raw.stderr.decode()
    piped = goide("bench", "compare", "-", stdin=raw.stdout)
    assert piped.returncode == 0
    assert not piped.stderr
    for kind in KINDS:
        assert kind.encode() in piped.stdout


def test_ab_of_two_settings_is_interleaved_and_compared_like_bench_compare(
    gopls: str, small_module: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.json"
    tokens = tmp_path / "tokens.json"
    plain.write_text("{}\n")
    tokens.write_text('{"gopls": {"ui.semanticTokens": true}}\n')
    out = tmp_path / "ab.txt"
    result = goide(
        *("gopls", "bench", str(small_module), "--gopls", gopls, "--count", "3", "--warmup", "0"),
        *("--positions", "1", "--settings", str(plain), "--settings", str(tokens), "--out", str(out)),
    )
    assert result.returncode == 0, result.stderr.decode()
    text = out.read_text()
    assert re.findall(r"^variant: (\w+)$", text, re.MULTILINE) == ["plain", "tokens"] * 3
    compared = goide("bench", "compare", "--col", "variant", str(out))
    assert compared.returncode == 0, compared.stderr.decode()
    assert result.stdout.startswith(compared.stdout)
    table = compared.stdout.decode()
    assert "vs base" in table
    assert "p=" in table
    assert "n=3" in table
    assert "plain" in table
    assert "tokens" in table
    assert b"(interleaved: plain tokens ...)" in result.stdout


def test_real_module_json_with_every_kind(gopls: str, real_module: Path) -> None:
    result = goide(
        *("gopls", "bench", str(real_module), "--gopls", gopls, "--count", "1", "--warmup", "0"),
        *("--positions", "2", "--format", "json", "--check-trace"),
    )
    assert result.returncode == 0, result.stderr.decode()
    doc = json.loads(result.stdout)
    assert doc["schema"] == "goide.gopls.bench/1"
    (round_,) = doc["rounds"]
    assert {s["name"] for s in round_["samples"]} == {*KINDS, "Memory"}
    assert round_["view_type"] == "GoMod"
    assert doc["crosscheck"]["requests"] >= 8
    assert doc["comparison"]["tables"]
    assert _kinds(doc["benchmark_format"]) == {
        s["name"]: sum(1 for t in round_["samples"] if t["name"] == s["name"])
        for s in round_["samples"]
        if s["name"] != "Memory"
    }


def test_driver_latency_agrees_with_gopls_own_trace(real_module: Path, gopls: str) -> None:
    """Each measured latency is at least what gopls logged for the same request id (gopls's clock
    runs inside the driver's), and the median difference is the driver's few-ms cost. The floor
    (an unknown method, answered at once) is measured and reported."""
    plan = plan_for(real_module, seed=5, positions=3)
    (variant,) = variants([gopls], [], [], gopls)
    with tempfile.TemporaryDirectory() as logs:
        log = Path(logs) / "rpc.log"
        result = run_round(variant, real_module, plan, timeout=120, progress=lambda _s: None, trace_log=log)
        check = cross_check(result.samples, logged_latencies(log))
    assert len(check.pairs) >= 12
    assert check.unmatched == 0
    for kind, measured, logged in check.pairs:
        # gopls logs whole milliseconds, truncated: its time can never exceed the driver's.
        assert measured >= logged, (kind, measured, logged)
    overheads = check.overheads()
    median = statistics.median(overheads)
    floor = [s.value / 1e6 for s in result.samples if s.kind == "UnknownMethod"]
    print(
        f"\ndriver overhead vs gopls -rpc.trace: median {median:.3f} ms, max {max(overheads):.3f} ms "
        f"over {len(overheads)} requests; floor (unknown method) {floor[0]:.3f} ms"
    )
    assert median < 5.0, overheads  # "within a few milliseconds" (issue 13)
    assert len(floor) == 1


def test_env_variants_reach_gopls_interleaved(gopls: str, small_module: Path, tmp_path: Path) -> None:
    # A gopls that notes the GOGC it was started with: the rounds' order as gopls saw it.
    seen = tmp_path / "gogc.txt"
    wrapper = tmp_path / "gopls-wrapper"
    wrapper.write_text(f'#!/bin/sh\necho "$GOGC" >> {seen}\nexec {gopls} "$@"\n')
    wrapper.chmod(0o755)
    result = goide(
        *("gopls", "bench", str(small_module), "--gopls", str(wrapper), "--count", "2"),
        *("--positions", "1", "--env", "GOGC=100", "--env", "GOGC=50", "--format", "json"),
    )
    assert result.returncode == 0, result.stderr.decode()
    assert seen.read_text().split() == ["100", "100", "50", "100", "50"]  # warm-up, then A B A B
    doc = json.loads(result.stdout)
    assert [r["variant"] for r in doc["rounds"]] == ["GOGC=100", "GOGC=50"] * 2
    assert [v["env"] for v in doc["variants"]] == [{"GOGC": "100"}, {"GOGC": "50"}]
    (memory,) = [t for t in doc["comparison"]["tables"] if t["unit"] == "heap-B"]
    assert [c["label"] for c in memory["columns"]] == ["GOGC=100", "GOGC=50"]
    assert "comparison" in memory["rows"][0]["cells"][1]
