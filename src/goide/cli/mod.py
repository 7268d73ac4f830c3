"""`goide mod explain|decode|check`: how Go fetches a module, what a module error means, and proof
with the real `go mod download`.

Exit status: 0 when nothing is wrong, 1 when an error was found (a route that fails, an error in
the log, a failed download), 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys

from goide.cli.durations import PROBE_LIMIT, seconds


def _common(parser: argparse.ArgumentParser, *, timeout: float, timeout_help: str) -> None:
    """--json and --timeout, which every subcommand has (with its own default)."""
    parser.add_argument("--json", action="store_true", help="print JSON (schema in docs/mod.md)")
    parser.add_argument(
        "--timeout",
        type=seconds("--timeout", limit=PROBE_LIMIT, example=f"{timeout:g}"),
        default=timeout,
        metavar="SECONDS",
        help=f"{timeout_help} (default {timeout:g})",
    )


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="mod_command", metavar="SUBCOMMAND", required=True)
    explain = sub.add_parser(
        "explain", help="the route Go takes for each module path, and what is wrong with it"
    )
    explain.add_argument("modules", nargs="+", metavar="MODULE[@VERSION]")
    _common(explain, timeout=10.0, timeout_help="for `go env` and `git config`")
    explain.add_argument("-v", "--verbose", action="store_true", help="show the evidence of each finding")
    decode = sub.add_parser(
        "decode", help="explain the module errors in go output (a file or standard input)"
    )
    decode.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="log to read (default: standard input)"
    )
    _common(decode, timeout=10.0, timeout_help="for `go env` and `git config`")
    check = sub.add_parser("check", help="resolve a module with the real `go mod download -json -x`")
    check.add_argument("module", metavar="MODULE[@VERSION]")
    _common(check, timeout=120.0, timeout_help="kill go after this long")
    check.add_argument(
        "--use-cache",
        action="store_true",
        help="use your module cache (default: a scratch cache, so that every step really happens)",
    )


def run(args: argparse.Namespace) -> int:
    from goide.mod.commands import run_check, run_decode, run_explain

    if args.mod_command == "explain":
        return run_explain(
            args.modules, json_output=args.json, verbose=args.verbose, out=sys.stdout, timeout=args.timeout
        )
    if args.mod_command == "decode":
        from goide.core.inputs import check_input

        check_input(
            args.file,
            what="go output",
            example="goide mod decode FILE, or pipe it in: go mod download 2>&1 | goide mod decode -",
        )
        return run_decode(args.file, json_output=args.json, out=sys.stdout, timeout=args.timeout)
    return run_check(
        args.module,
        json_output=args.json,
        timeout=args.timeout,
        fresh_cache=not args.use_cache,
        out=sys.stdout,
    )
