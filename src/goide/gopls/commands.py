"""`goide gopls stats` and `goide gopls bench` as functions: which gopls to run, the run, the views
on stdout and the `--out` file. `cli/gopls.py` only parses the arguments."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path


def _default_gopls(root: Path) -> str:
    from goide.core.errors import InputError
    from goide.gopls.workspace import workspace_settings
    from goide.settings.sources import find_gopls

    settings, _ = workspace_settings(root)
    found = find_gopls(settings, dict(os.environ), Path.home())
    if found is None:
        raise InputError(
            "gopls not found (go.alternateTools, GOBIN, GOPATH/bin, PATH)",
            hint="install it: go install golang.org/x/tools/gopls@latest, or give --gopls PATH",
        )
    return str(found)


def _absolute(path: str) -> str:
    """A gopls named relative to here still runs when gopls starts in the workspace folder."""
    import shutil

    found = shutil.which(path) if os.sep not in path else (path if os.path.isfile(path) else None)
    return os.path.abspath(found) if found else path


def _write(text: str) -> None:
    """Names that are not UTF-8 (file names) go out as the bytes they were, as `goide bench` does."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8", "surrogateescape"))
    sys.stdout.flush()


def stats(directory: str, *, gopls: str | None, json_output: bool, timeout: float) -> int:
    """`goide gopls stats`: the report on stdout; exit 1 when a finding is an error."""
    from goide.gopls.stats import collect
    from goide.gopls.view import render_stats

    root = Path(directory).resolve()
    report = collect(_absolute(gopls) if gopls else _default_gopls(root), root, timeout=timeout)
    if json_output:
        from goide.core import jsonout

        jsonout.write(report.to_json())
    else:
        import io

        view = io.StringIO()
        render_stats(report, view)
        _write(view.getvalue())
    from goide.core.errors import EXIT_FINDINGS, EXIT_OK
    from goide.core.model import Severity

    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in report.findings) else EXIT_OK


def bench(
    directory: str,
    *,
    count: int,
    seed: int,
    positions: int,
    warmup: int,
    gopls: Sequence[str],
    settings: Sequence[str],
    env: Sequence[str],
    out: str | None,
    output_format: str,
    check_trace: bool,
    alpha: float,
    confidence: float,
    timeout: float,
) -> int:
    """`goide gopls bench`: rounds run, the results shown as `output_format` (text, json or bench)
    and, with `out`, written there; a gopls that stopped is explained and raised."""
    from goide.core.errors import InputError
    from goide.core.safe_write import write_output
    from goide.gopls.ab import variants
    from goide.gopls.advice import advise, read_cpu
    from goide.gopls.bench import (
        BenchOptions,
        changes,
        check_counts,
        check_output,
        check_root,
        explain_failure,
        median_peak_rss,
        run_bench,
        validate,
    )
    from goide.gopls.view import ProgressLine, bench_json, render_bench

    if not 0 <= alpha <= 1 or not 0 <= confidence <= 1:
        raise InputError("--alpha and --confidence must be in [0, 1]", hint="the defaults are 0.05 and 0.95")
    check_counts(count, positions, warmup)
    root = Path(directory).resolve()
    check_root(root)
    check_output(out)
    goplses = [_absolute(g) for g in gopls]
    default = goplses[0] if goplses else _default_gopls(root)
    chosen = variants(goplses, settings, env, default)
    options = BenchOptions(
        root=root,
        variants=tuple(chosen),
        count=count,
        seed=seed,
        positions=positions,
        warmup=warmup,
        timeout=timeout,
        trace=check_trace,
        alpha=alpha,
        confidence=confidence,
        label=out or "-",
    )
    validate(chosen)
    progress = ProgressLine()
    try:
        report = run_bench(options, progress)
    finally:
        progress.done()
    findings = (
        advise(read_cpu(), changes(report), chosen[0].name, median_peak_rss(report)) if report.rounds else []
    )
    if output_format == "bench":
        _write(report.text)
    elif output_format == "json":
        from goide.core import jsonout

        jsonout.write(bench_json(report, findings))
    elif report.rounds:
        import io

        view = io.StringIO()
        render_bench(report, findings, view)
        _write(view.getvalue())
    # Written after the results are shown: if the file cannot be written, nothing measured is lost.
    if out and report.rounds:
        write_output(Path(out), report.text.encode("utf-8", "surrogateescape"), what="benchmark results")
    if report.failure is not None:
        explanation = explain_failure(report.failure)
        if explanation:
            sys.stderr.write(explanation if explanation.endswith("\n") else explanation + "\n")
        if report.rounds:
            sys.stderr.write(
                f"{len(report.rounds)} rounds finished before gopls stopped; their results are above.\n"
            )
        raise report.failure
    return 0
