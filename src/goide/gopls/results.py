"""The benchmark's results in the Go benchmark format, so that `goide bench compare`, benchstat,
plots and history read them unchanged.

One result line per measurement (`BenchmarkHover/at=rule.go:12:5 1 2345678 ns/op`): iterations is
1 and the value is that single request's latency. Memory is `BenchmarkMemory 1 N peak-RSS-B N
heap-B`. Each round starts with a `variant: NAME` configuration line, so an A/B file splits into
columns with `goide bench compare --col variant`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_NOT_IN_NAME = re.compile(r"[\s/]")
_NOT_IN_VALUE = re.compile(r"[\r\n]")


@dataclass(frozen=True)
class Sample:
    """One measurement: a request kind, its sub-benchmark key (`at=FILE:L:C`), a value and unit."""

    kind: str  # Hover, Completion, ... (the benchmark name without `Benchmark`)
    key: str
    value: float
    unit: str = "ns/op"
    request_id: int | None = None  # the LSP id, for the cross-check with gopls's own trace
    method: str | None = None


def name_part(text: str) -> str:
    """A value safe inside a benchmark name: no spaces, no `/` (which would start a sub-benchmark)."""
    return _NOT_IN_NAME.sub("_", text)


def config_value(text: str) -> str:
    return _NOT_IN_VALUE.sub(" ", text).strip()


def header(config: Mapping[str, str]) -> str:
    """The configuration lines every output starts with (goos, goarch, cpu, then `config`)."""
    lines = [f"{key}: {config_value(value)}" for key, value in config.items() if value]
    return "".join(line + "\n" for line in lines)


def host_config() -> dict[str, str]:
    from goide.core.goos import host_goarch, host_goos
    from goide.gopls.advice import cpu_model

    return {"goos": host_goos(), "goarch": host_goarch(), "cpu": cpu_model() or ""}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def round_text(variant: str, samples: Iterable[Sample]) -> str:
    """One round: its `variant:` line and a result line per sample (memory units on one line)."""
    lines = [f"variant: {config_value(variant)}"]
    memory: list[str] = []
    for sample in samples:
        if sample.kind == "Memory":
            memory.append(f"{_number(sample.value)} {sample.unit}")
            continue
        name = f"Benchmark{sample.kind}" + (f"/{name_part(sample.key)}" if sample.key else "")
        lines.append(f"{name} 1 {_number(sample.value)} {sample.unit}")
    if memory:
        lines.append("BenchmarkMemory 1 " + " ".join(memory))
    return "".join(line + "\n" for line in lines)
