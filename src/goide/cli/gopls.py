"""`goide gopls`: gopls on your own workspace — stats, and a benchmark with A/B variants."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from goide.cli.durations import RUN_LIMIT, seconds


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="gopls_command", metavar="SUBCOMMAND")
    sub.required = True

    stats = sub.add_parser(
        "stats",
        help="run `gopls stats` on the workspace and say what makes gopls slow there",
        description="Runs the real `gopls stats` and `gopls version`, shows them readably, and checks "
        "the tree: directories to watch, inotify limits, big trees, generated files, modules.",
    )
    stats.add_argument("dir", nargs="?", default=".", metavar="DIR", help="the workspace folder (default .)")
    stats.add_argument(
        "--gopls", default=None, metavar="PATH", help="the gopls to run (default: as VS Code finds it)"
    )
    stats.add_argument("--json", action="store_true", help="print the JSON document (goide.gopls.stats/1)")
    stats.add_argument(
        "--timeout", type=seconds("--timeout", limit=RUN_LIMIT, example="600"), default=600, help="seconds"
    )

    bench = sub.add_parser(
        "bench",
        help="measure gopls over LSP on the workspace; A/B settings, env or gopls versions",
        description="Starts the real gopls, waits for the initial load, measures hover, definition, "
        "references, completion, document and workspace symbols, diagnostics after an edit and memory "
        "at positions sampled from the workspace. Results are Go benchmark format.",
    )
    bench.add_argument("dir", nargs="?", default=".", metavar="DIR", help="the workspace folder (default .)")
    bench.add_argument(
        "--count", type=int, default=5, help="rounds per variant, each a fresh gopls (default 5)"
    )
    bench.add_argument("--seed", type=int, default=1, help="seed of the position sampling (default 1)")
    bench.add_argument("--positions", type=int, default=3, help="positions per request kind (default 3)")
    bench.add_argument("--warmup", type=int, default=1, help="unrecorded warm-up rounds first (default 1)")
    bench.add_argument(
        "--gopls", action="append", default=[], metavar="PATH", help="gopls to run; twice to compare two"
    )
    bench.add_argument(
        "--settings", action="append", default=[], metavar="FILE", help="gopls settings JSON; twice for A/B"
    )
    bench.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="environment for gopls; twice for A/B",
    )
    bench.add_argument("--out", default=None, metavar="FILE", help="also write the Go benchmark format here")
    bench.add_argument(
        "--format",
        choices=("text", "json", "bench"),
        default="text",
        help="text (table), json, or bench (the Go benchmark format on stdout)",
    )
    bench.add_argument("--json", action="store_true", help="same as --format json (goide.gopls.bench/1)")
    bench.add_argument(
        "--check-trace",
        action="store_true",
        help="run gopls with -rpc.trace and check the driver's latencies against gopls's own",
    )
    bench.add_argument("--alpha", type=float, default=0.05, help="significance level (default 0.05)")
    bench.add_argument("--confidence", type=float, default=0.95, help="confidence level (default 0.95)")
    bench.add_argument(
        "--timeout",
        type=seconds("--timeout", limit=RUN_LIMIT, example="300"),
        default=120,
        help="seconds any single wait on gopls may take (default 120)",
    )


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


def run(args: argparse.Namespace) -> int:
    if args.gopls_command == "stats":
        return _stats(args)
    return _bench(args)


def _stats(args: argparse.Namespace) -> int:
    from goide.gopls.stats import collect
    from goide.gopls.view import render_stats

    root = Path(args.dir).resolve()
    gopls = _absolute(args.gopls) if args.gopls else _default_gopls(root)
    report = collect(gopls, root, timeout=args.timeout)
    if args.json:
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


def _bench(args: argparse.Namespace) -> int:
    from goide.core.errors import InputError
    from goide.core.safe_write import write_output
    from goide.gopls.ab import variants
    from goide.gopls.advice import advise, read_cpu
    from goide.gopls.bench import (
        BenchOptions,
        changes,
        check_output,
        check_root,
        explain_failure,
        median_peak_rss,
        run_bench,
        validate,
    )
    from goide.gopls.view import ProgressLine, bench_json, render_bench

    if not 0 <= args.alpha <= 1 or not 0 <= args.confidence <= 1:
        raise InputError("--alpha and --confidence must be in [0, 1]", hint="the defaults are 0.05 and 0.95")
    root = Path(args.dir).resolve()
    check_root(root)
    check_output(args.out)
    args.gopls = [_absolute(g) for g in args.gopls]
    default = args.gopls[0] if args.gopls else _default_gopls(root)
    chosen = variants(args.gopls, args.settings, args.env, default)
    options = BenchOptions(
        root=root,
        variants=tuple(chosen),
        count=args.count,
        seed=args.seed,
        positions=args.positions,
        warmup=args.warmup,
        timeout=args.timeout,
        trace=args.check_trace,
        alpha=args.alpha,
        confidence=args.confidence,
        label=args.out or "-",
    )
    validate(options, chosen)
    progress = ProgressLine()
    try:
        report = run_bench(options, progress)
    finally:
        progress.done()
    findings = (
        advise(read_cpu(), changes(report), chosen[0].name, median_peak_rss(report)) if report.rounds else []
    )
    if args.json:
        args.format = "json"
    if args.format == "bench":
        _write(report.text)
    elif args.format == "json":
        from goide.core import jsonout

        jsonout.write(bench_json(report, findings))
    elif report.rounds:
        import io

        view = io.StringIO()
        render_bench(report, findings, view)
        _write(view.getvalue())
    # Written after the results are shown: if the file cannot be written, nothing measured is lost.
    if args.out and report.rounds:
        write_output(Path(args.out), report.text.encode("utf-8", "surrogateescape"), what="benchmark results")
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
