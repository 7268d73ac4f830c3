"""`goide gopls bench`: the whole benchmark. Sample positions from the workspace, run rounds of
each variant interleaved (A B A B ...), each round a fresh gopls (`session.run_round`), keep the
results in the Go benchmark format (`results.py`) and compare them exactly as `goide bench
compare` does (same reader, same table builder, same view).

With `trace=True` every round's gopls also writes its `-rpc.trace` log, and the driver's
latencies are checked against the ones gopls logged (`crosscheck.py`).
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goide.bench import benchfmt
from goide.bench.table import Builder, Options, Tables
from goide.core.errors import GoideError, InputError
from goide.gopls import results
from goide.gopls.ab import schedule
from goide.gopls.crosscheck import CrossCheck, cross_check, logged_latencies
from goide.gopls.positions import Plan, sample_workspace
from goide.gopls.session import GoplsCrashed, GoplsFailed, RoundResult, Variant, run_round
from goide.gopls.workspace import exclusions, workspace_settings

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BenchOptions:
    root: Path
    variants: tuple[Variant, ...]
    count: int = 5
    seed: int = 1
    positions: int = 3  # positions per request kind
    warmup: int = 1  # rounds of the first variant run first and not recorded (warm file cache)
    timeout: float = 120.0
    trace: bool = False
    alpha: float = 0.05
    confidence: float = 0.95
    label: str = "-"  # the input name `goide bench compare` would show for the single-variant column


@dataclass
class BenchReport:
    options: BenchOptions
    plan: Plan
    text: str  # the Go benchmark format
    rounds: list[RoundResult] = field(default_factory=list)
    tables: Tables | None = None
    seconds: float = 0.0
    crosscheck: CrossCheck | None = None
    failure: GoplsFailed | None = None  # the round that stopped the run, if one did

    @property
    def compare_args(self) -> list[str]:
        """The `goide bench compare` flags that print the same table from `text`."""
        return ["--col", "variant"] if len(self.options.variants) > 1 else []


def check_root(root: Path) -> None:
    if not root.is_dir():
        raise InputError(f"{root}: not a directory", hint="give the folder you open in VS Code")


def plan_for(root: Path, *, seed: int, positions: int) -> Plan:
    settings, _ = workspace_settings(root)
    _exclude, filters = exclusions(settings)
    return sample_workspace(root, seed=seed, per_kind=positions, directory_filters=filters)


def compare_options(options: BenchOptions) -> Options:
    col = "variant" if len(options.variants) > 1 else ".file"
    return Options(col=col, alpha=options.alpha, confidence=options.confidence)


def tables_of(text: str, options: BenchOptions) -> Tables:
    """The comparison `goide bench compare` builds from `text` (its reader, builder and options)."""
    units = benchfmt.UnitRegistry()
    builder = Builder(compare_options(options))
    # File names that are not UTF-8 go through as the bytes they are (surrogateescape), as they
    # would from a file to `goide bench compare`.
    data = text.encode("utf-8", "surrogateescape")
    for record in benchfmt.read_any(io.BytesIO(data), options.label, options.label, units):
        if type(record) is benchfmt.Result:
            builder.add(record)
    return builder.tables(units)


def run_bench(options: BenchOptions, progress: Progress) -> BenchReport:
    """Run every round; on a gopls failure the rounds finished so far are kept and reported."""
    check_root(options.root)
    plan = plan_for(options.root, seed=options.seed, positions=options.positions)
    config = {**results.host_config(), "workspace": options.root.name, "seed": str(options.seed)}
    report = BenchReport(options, plan, results.header(config))
    started = time.monotonic()
    rounds = schedule(options.variants, options.count)
    warm = [options.variants[0]] * options.warmup
    with tempfile.TemporaryDirectory(prefix="goide-gopls-") as logs:
        check = CrossCheck() if options.trace else None
        for number, variant in enumerate([*warm, *rounds]):
            recorded = number >= len(warm)
            title = (
                f"round {number - len(warm) + 1}/{len(rounds)} {variant.name}"
                if recorded
                else "warm-up round"
            )
            log = Path(logs) / f"round{number}.log" if options.trace and recorded else None

            def step(text: str, title: str = title) -> None:
                progress(f"{title}: {text}")

            try:
                result = run_round(
                    variant, options.root, plan, timeout=options.timeout, progress=step, trace_log=log
                )
            except GoplsFailed as err:
                report.failure = err
                break
            if not recorded:
                continue
            report.rounds.append(result)
            report.text += results.round_text(variant.name, result.samples)
            if check is not None and log is not None and log.is_file():
                cross_check(result.samples, logged_latencies(log), check)
        report.crosscheck = check
    report.seconds = time.monotonic() - started
    if report.rounds:
        report.tables = tables_of(report.text, options)
    return report


def check_output(path: str | None) -> None:
    """Fail before a long run, not after it, when the output file cannot be written."""
    if path is None or path == "-":
        return
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError(f"cannot write {path}: it is a directory", hint="give a file name for --out")
    if not parent.is_dir():
        raise InputError(f"cannot write {path}: {parent} does not exist", hint="create the directory first")
    if not os.access(parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise InputError(
            f"cannot write {path}: permission denied", hint="choose a file in a directory you can write"
        )


def explain_failure(err: GoplsFailed) -> str:
    """What gopls wrote before it stopped, read as a crash by `goide crash` (or its last lines),
    secrets redacted."""
    from goide.core.redact import redact_text
    from goide.crash.read import read_crash_log
    from goide.crash.view import render_text

    data = "\n".join(err.stderr).encode()
    if isinstance(err, GoplsCrashed):
        log = read_crash_log(io.BytesIO(data), "gopls stderr")
        if log.total:
            return redact_text(render_text(log))
    tail = err.stderr[-20:]
    return "".join(f"  {redact_text(line)}\n" for line in tail) if tail else ""


def changes(report: BenchReport) -> list[Any]:
    """Each compared cell as an `advice.Change` (delta None when not significant)."""
    from goide.bench.view import to_json
    from goide.gopls.advice import Change

    if report.tables is None or len(report.options.variants) < 2:
        return []
    found = []
    for table in to_json(report.tables)["tables"]:
        labels = [c["label"] for c in table["columns"]]
        for row in table["rows"]:
            for label, cell in zip(labels, row["cells"], strict=True):
                comparison = (cell or {}).get("comparison")
                if not comparison:
                    continue
                ratio = comparison.get("ratio")
                delta = (ratio - 1) * 100 if comparison["significant"] and isinstance(ratio, float) else None
                found.append(Change(row["name"], table["unit"], label, delta, comparison.get("p")))
    return found


def check_counts(count: int, positions: int, warmup: int) -> None:
    """The numeric flags, checked before any gopls is looked for."""
    if count < 1:
        raise InputError(
            "--count must be at least 1", hint="--count 5 gives medians with confidence intervals"
        )
    if positions < 1:
        raise InputError("--positions must be at least 1", hint="the default is 3")
    if warmup < 0:
        raise InputError("--warmup cannot be negative", hint="0 runs no warm-up round")


def validate(variants: Sequence[Variant]) -> None:
    """Every variant's gopls exists."""
    for variant in variants:
        if not Path(variant.gopls).is_file():
            raise GoideError(
                f"gopls not found: {variant.gopls}", hint="give an existing gopls with --gopls PATH"
            )


def median_peak_rss(report: BenchReport) -> float | None:
    """The median over rounds of gopls's peak resident memory (bytes)."""
    import statistics

    values = [s.value for r in report.rounds for s in r.samples if s.unit == "peak-RSS-B"]
    return statistics.median(values) if values else None
