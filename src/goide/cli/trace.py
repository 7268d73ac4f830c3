"""`goide trace`: LSP latency from a VS Code or gopls trace (arguments only; the work is elsewhere)."""

from __future__ import annotations

import sys

from goide.cli.commands import Namespace
from goide.core.errors import InputError

TYPE_CHECKING = False  # argparse and typing are not imported when parse_simple has the arguments
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE|-",
        help="the trace: VS Code's 'gopls' output (text or JSON trace) or a gopls -rpc.trace log; - is stdin",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the report as JSON (schema in docs/trace.md)"
    )
    parser.add_argument(
        "--plot", metavar="FILE.png|svg", help="also draw the latency of every request over time"
    )
    parser.add_argument(
        "--slowest", type=int, default=10, metavar="N", help="how many slowest requests to list"
    )


def parse_simple(argv: Sequence[str]) -> Namespace | None:
    """`goide trace`'s common command lines without argparse: at most one FILE (or -), --json,
    `--plot FILE`, `--slowest N` (also as --opt=VALUE). None for anything else (--help, an
    abbreviation, --, a value starting with -, a count int() refuses, two files), which argparse
    then parses or refuses."""
    values: dict[str, object] = {"file": "-", "json": False, "plot": None, "slowest": 10}
    files = 0
    args = iter(argv)
    for arg in args:
        if arg == "--json":
            values["json"] = True
        elif arg.startswith("-") and arg != "-":
            name, equals, value = arg.partition("=")
            if name not in ("--plot", "--slowest"):
                return None
            if not equals:
                value = next(args, "-")
                if value.startswith("-"):
                    return None  # argparse's rules for values that look like options
            if name == "--plot":
                values["plot"] = value
            else:
                try:
                    values["slowest"] = int(value)
                except ValueError:
                    return None
        else:
            files += 1
            if files > 1:
                return None
            values["file"] = arg
    return Namespace(command="trace", **values)


_READ_HINT = "give the path of a trace file, or - for stdin"


def run(args: argparse.Namespace) -> int:
    from goide.trace.latency import analyse_stream
    from goide.trace.view import print_report, to_json

    if args.slowest < 0:
        raise InputError("--slowest must be 0 or more", hint="for example --slowest 20")
    if args.plot and not args.plot.lower().endswith((".png", ".svg")):
        raise InputError(
            f"cannot draw {args.plot!r}: the plot must be a .png or .svg file", hint="--plot latency.png"
        )
    from goide.core.inputs import check_input, open_input, with_progress

    check_input(
        args.file, what="a trace", example="goide trace FILE, or pipe a trace in: ... | goide trace -"
    )
    source = "stdin" if args.file == "-" else args.file
    stream = open_input(args.file, hint=_READ_HINT)
    try:
        report = analyse_stream(
            with_progress(stream, f"reading {source}"), slowest=args.slowest, plot=bool(args.plot)
        )
    except OSError as err:  # a read that fails part-way (EIO, a file removed on a network mount)
        raise InputError(f"cannot read {source}: {err.strerror or err}", hint=_READ_HINT) from None
    finally:
        if args.file != "-":
            stream.close()
    if report.stats.entries == 0:
        raise InputError(
            f"no LSP trace found in {source} ({report.stats.lines} lines read)",
            hint='in VS Code set "go.trace.server": "verbose" and copy the \'gopls\' output, '
            "or run gopls with -rpc.trace -logfile FILE",
        )
    if args.plot:
        from goide.trace.plot import plot_latency

        plot_latency(report, args.plot)
    if args.json:
        from goide.core import jsonout

        jsonout.write(to_json(report, source))
    else:
        print_report(report, source, sys.stdout, terminal=sys.stdout.isatty())
    return 0
