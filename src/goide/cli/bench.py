"""`goide bench`: compare benchmark results like benchstat, run benchmarks, plot them, keep history."""

from __future__ import annotations

import sys

from goide.cli.commands import Namespace
from goide.core.errors import InputError

TYPE_CHECKING = False  # argparse and typing are not imported when parse_simple has the arguments
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import TextIO

    from goide.bench.table import Options


def configure(parser: argparse.ArgumentParser) -> None:
    from goide.cli.durations import RUN_LIMIT, seconds

    sub = parser.add_subparsers(dest="bench_command", metavar="SUBCOMMAND")
    sub.required = True

    compare = sub.add_parser(
        "compare",
        help="statistics and A/B comparison of benchmark files (benchstat's numbers and layout)",
        description="Medians with confidence intervals per input, and Mann-Whitney U comparisons "
        "against the first input, exactly as benchstat computes them.",
    )
    _stats_arguments(compare)
    compare.add_argument(
        "inputs", nargs="+", metavar="[LABEL=]FILE", help="benchmark output files; - is stdin"
    )
    compare.add_argument("--format", choices=("text", "csv", "json"), default="text")
    compare.add_argument(
        "--table",
        default=".config",
        metavar="PROJECTION",
        help="split results into tables by these keys (default .config)",
    )
    compare.add_argument(
        "--row",
        default=".fullname",
        metavar="PROJECTION",
        help="one row per distinct value of these keys (default .fullname)",
    )
    compare.add_argument(
        "--col",
        default=".file",
        metavar="PROJECTION",
        help="one column per distinct value of these keys (default .file)",
    )
    compare.add_argument("--ignore", default="", metavar="KEYS", help="ignore variations in these keys")

    run = sub.add_parser("run", help="run go test -bench with progress; write the standard format")
    run.add_argument("packages", nargs="*", default=["."], metavar="PACKAGES")
    run.add_argument("--count", type=int, default=10, help="runs of each benchmark (default 10)")
    run.add_argument("--bench", default=".", metavar="REGEXP", help="benchmarks to run (default .)")
    run.add_argument("--benchtime", default=None, help="go test -benchtime (e.g. 100x, 200ms)")
    run.add_argument("--benchmem", action="store_true", help="also report allocations")
    run.add_argument("--cpu", default=None, help="go test -cpu list, e.g. 1,2,4")
    run.add_argument("--out", default=None, metavar="FILE", help="write the results here (default stdout)")
    run.add_argument("--record", action="store_true", help="store the results in the history database")
    run.add_argument("--db", default=None, metavar="PATH", help="history database (default in user data dir)")
    run.add_argument(
        "--timeout",
        type=seconds("--timeout", limit=RUN_LIMIT, example="1800"),
        default=1800,
        help="seconds before go test is stopped",
    )

    plot = sub.add_parser("plot", help="plot distributions and deltas of benchmark files")
    _stats_arguments(plot)
    plot.add_argument("inputs", nargs="+", metavar="[LABEL=]FILE")
    plot.add_argument("--out", required=True, metavar="FILE.{png,svg,html}")

    history = sub.add_parser("history", help="trend of recorded benchmark runs")
    history.add_argument("name", nargs="?", default=None, metavar="NAME", help="benchmark name (regexp)")
    history.add_argument("--db", default=None, metavar="PATH")
    history.add_argument("--unit", default=None, help="only this unit (e.g. sec/op)")
    history.add_argument("--plot", default=None, metavar="FILE.{png,svg}")
    history.add_argument("--format", choices=("text", "json"), default="text")


def _stats_arguments(parser: argparse.ArgumentParser) -> None:
    import re

    parser.add_argument("--filter", default="*", metavar="QUERY", help="use only matching benchmarks")
    # A query may start with "-" (a negation: --filter -.name:Sort), which benchstat accepts.
    # argparse takes such a word for the value only when it "looks like a negative number"; these
    # parsers have no single-dash option but -h, so every "-X..." word counts as one here.
    parser._negative_number_matcher = re.compile(r"^-[^-]")
    parser.add_argument("--alpha", type=float, default=0.05, help="significance level (default 0.05)")
    parser.add_argument("--confidence", type=float, default=0.95, help="confidence level (default 0.95)")


# `bench compare`'s options as configure() declares them (spelled out in full): dest, and the
# values allowed (None: any) or the type argparse converts the value with.
_COMPARE_DEFAULTS: dict[str, object] = {
    "filter": "*",
    "alpha": 0.05,
    "confidence": 0.95,
    "format": "text",
    "table": ".config",
    "row": ".fullname",
    "col": ".file",
    "ignore": "",
}
_COMPARE_OPTIONS = {
    "--filter": "filter",
    "--alpha": "alpha",
    "--confidence": "confidence",
    "--format": "format",
    "--table": "table",
    "--row": "row",
    "--col": "col",
    "--ignore": "ignore",
}
_FORMATS = ("text", "csv", "json")


def parse_simple(argv: Sequence[str]) -> Namespace | None:
    """`goide bench compare`'s common command lines without argparse: the inputs in one run, before
    or after the options above (`--opt VALUE` or `--opt=VALUE`). None for anything else (another
    subcommand, --help, an abbreviation, --, a value or input starting with -, a float argparse
    would refuse, inputs on both sides of an option, no input), which argparse then parses."""
    if not argv or argv[0] != "compare":
        return None
    values = dict(_COMPARE_DEFAULTS)
    inputs: list[str] = []
    option_after_inputs = False
    args = iter(argv[1:])
    for arg in args:
        if arg.startswith("-") and arg != "-":
            name, equals, value = arg.partition("=")
            dest = _COMPARE_OPTIONS.get(name)
            if dest is None:
                return None
            if not equals:
                value = next(args, "-")
                if value.startswith("-"):
                    return None  # argparse's rules for values that look like options
            if dest == "format" and value not in _FORMATS:
                return None
            if dest in ("alpha", "confidence"):
                try:
                    values[dest] = float(value)
                except ValueError:
                    return None
            else:
                values[dest] = value
            option_after_inputs = bool(inputs)
        elif option_after_inputs:
            return None  # argparse takes the inputs before the option only and refuses the rest
        else:
            inputs.append(arg)
    if not inputs:
        return None
    return Namespace(command="bench", bench_command="compare", inputs=inputs, **values)


def _check_levels(args: argparse.Namespace) -> None:
    if not 0 <= args.alpha <= 1:
        raise InputError("--alpha must be in the range [0, 1]", hint="the default is 0.05")
    if not 0 <= args.confidence <= 1:
        raise InputError("--confidence must be in the range [0, 1]", hint="the default is 0.95")


def run(args: argparse.Namespace) -> int:
    command = args.bench_command
    if command == "compare":
        return _compare(args)
    if command == "run":
        import signal

        from goide.bench import run as gobench
        from goide.testrun.stopping import Interrupted, signals_as_interrupts

        # SIGTERM (a cancelled CI job) and SIGHUP (a closed terminal) stop go test's process group
        # as Ctrl-C does (bench.run kills it when the event stream is left), as in `goide test`.
        try:
            with signals_as_interrupts():
                return gobench.run_command(args)
        except Interrupted as err:
            name = signal.Signals(err.signum).name
            sys.stderr.write(f"error: interrupted by {name}; go test was stopped\n")
            return 128 + err.signum
    if command == "plot":
        return _plot(args)
    return _history(args)


def _options(
    args: argparse.Namespace,
    table: str = ".config",
    row: str = ".fullname",
    col: str = ".file",
    ignore: str = "",
) -> Options:
    from goide.bench.table import Options

    _check_levels(args)
    return Options(
        table=table,
        row=row,
        col=col,
        ignore=ignore,
        filter=args.filter,
        alpha=args.alpha,
        confidence=args.confidence,
    )


def _print_error(error: object) -> None:
    sys.stderr.write(f"{error}\n")


def _write(text: str, stream: TextIO | None = None) -> None:
    """Write bytes as read: names with invalid UTF-8 go out as they came in (as benchstat does)."""
    out = sys.stdout if stream is None else stream
    out.buffer.write(text.encode("utf-8", "surrogateescape"))
    out.flush()


def _compare(args: argparse.Namespace) -> int:
    from goide.bench import view as benchtable
    from goide.bench.compare import compare, no_cycle_collection

    _check_inputs(args.inputs)
    options = _options(args, args.table, args.row, args.col, args.ignore)
    with no_cycle_collection():
        tables = compare(args.inputs, options, _print_error)
        if args.format == "csv":
            text, warnings = benchtable.render_csv(tables)
            _write(text)
            _write(warnings, sys.stderr)
        elif args.format == "json":
            from goide.core import jsonout

            _write(jsonout.dumps(benchtable.to_json(tables)).decode() + "\n")
        else:
            _write(benchtable.render_text(tables))
    return 0


def _check_inputs(inputs: list[str]) -> None:
    """Refuse a device (`/dev/zero` would be read until killed) and `-` on a terminal, before reading."""
    from goide.bench.compare import parse_inputs
    from goide.core.inputs import check_input

    for item in parse_inputs(inputs):
        check_input(
            item.path,
            what="benchmark results",
            example="goide bench compare old.txt new.txt, "
            "or pipe results in: go test -bench . | goide bench compare -",
        )


def _plot(args: argparse.Namespace) -> int:
    from goide.bench import plot as benchplot
    from goide.bench.compare import compare

    _check_inputs(args.inputs)
    options = _options(args)
    tables = compare(args.inputs, options, _print_error)
    benchplot.plot_comparison(tables, args.out)
    sys.stderr.write(f"wrote {args.out}\n")
    return 0


def _history(args: argparse.Namespace) -> int:
    from pathlib import Path

    from goide.bench import history as benchhistory

    db = benchhistory.default_db() if args.db is None else Path(args.db)
    try:
        points = benchhistory.load(db, args.name, args.unit)
    except benchhistory.NoHistory:
        if args.db is not None:
            raise  # a --db path that is not there is a mistake, not an empty history
        points = []
    if not points:
        # Nothing recorded (yet) is an answer, not an error.
        matching = f" matching {args.name!r}" if args.name else ""
        unit = f" in {args.unit}" if args.unit else ""
        sys.stderr.write(f"no recorded results{matching}{unit} in {db}\n")
        sys.stderr.write("hint: record runs with: goide bench run --record\n")
        if args.format == "json":
            from goide.core import jsonout

            jsonout.write(benchhistory.to_json(points))
        return 0
    if args.format == "json":
        from goide.core import jsonout

        jsonout.write(benchhistory.to_json(points))
    else:
        sys.stdout.write(benchhistory.render_text(points))
    if args.plot:
        from goide.bench import plot as benchplot

        benchplot.plot_history(benchhistory.series(points), args.plot, flag="--plot")
        sys.stderr.write(f"wrote {args.plot}\n")
    return 0
