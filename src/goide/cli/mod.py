"""`goide mod explain|decode|check`: how Go fetches a module, what a module error means, and proof
with the real `go mod download`.

Exit status: 0 when nothing is wrong, 1 when an error was found (a route that fails, an error in
the log, a failed download), 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys

from goide.cli.durations import PROBE_LIMIT, seconds


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="mod_command", metavar="SUBCOMMAND", required=True)
    explain = sub.add_parser(
        "explain", help="the route Go takes for each module path, and what is wrong with it"
    )
    explain.add_argument("modules", nargs="+", metavar="MODULE[@VERSION]")
    explain.add_argument("--json", action="store_true", help="print JSON (schema in docs/mod.md)")
    explain.add_argument("-v", "--verbose", action="store_true", help="show the evidence of each finding")
    explain.add_argument(
        "--timeout",
        type=seconds("--timeout", limit=PROBE_LIMIT, example="10"),
        default=10.0,
        metavar="SECONDS",
        help="for `go env` and `git config` (default 10)",
    )
    decode = sub.add_parser(
        "decode", help="explain the module errors in go output (a file or standard input)"
    )
    decode.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="log to read (default: standard input)"
    )
    decode.add_argument("--json", action="store_true", help="print JSON (schema in docs/mod.md)")
    decode.add_argument(
        "--timeout",
        type=seconds("--timeout", limit=PROBE_LIMIT, example="10"),
        default=10.0,
        metavar="SECONDS",
        help="for `go env` and `git config` (default 10)",
    )
    check = sub.add_parser("check", help="resolve a module with the real `go mod download -json -x`")
    check.add_argument("module", metavar="MODULE[@VERSION]")
    check.add_argument("--json", action="store_true", help="print JSON (schema in docs/mod.md)")
    check.add_argument(
        "--timeout",
        type=seconds("--timeout", limit=PROBE_LIMIT, example="120"),
        default=120.0,
        metavar="SECONDS",
        help="kill go after this long (default 120)",
    )
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
