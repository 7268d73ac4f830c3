"""`goide gopls`: gopls on your own workspace — stats, and a benchmark with A/B variants."""

from __future__ import annotations

import argparse

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


def run(args: argparse.Namespace) -> int:
    from goide.gopls import commands

    if args.gopls_command == "stats":
        return commands.stats(args.dir, gopls=args.gopls, json_output=args.json, timeout=args.timeout)
    return commands.bench(
        args.dir,
        count=args.count,
        seed=args.seed,
        positions=args.positions,
        warmup=args.warmup,
        gopls=args.gopls,
        settings=args.settings,
        env=args.env,
        out=args.out,
        output_format="json" if args.json else args.format,
        check_trace=args.check_trace,
        alpha=args.alpha,
        confidence=args.confidence,
        timeout=args.timeout,
    )
