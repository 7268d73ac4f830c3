"""`goide crash`: find Go panics, fatal errors, signal dumps and data races in a log and explain them.

Exit status: 0 when the input holds no crash, 1 when it holds at least one (so that CI can
fail a step on a crash in a test log), 2 for input that cannot be read.
"""

from __future__ import annotations

import argparse

from goide.core.errors import EXIT_FINDINGS, EXIT_OK, InputError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE",
        help="log to read: stderr of a Go program, go test output, a gopls log, the VS Code "
        "'gopls (server)' output (default: standard input; from a pipe, every other line is "
        "passed through and each traceback replaced by its explanation, as pp does)",
    )
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON (schema in docs/crash.md)")
    form.add_argument(
        "--markdown", action="store_true", help="print Markdown ready to paste into a gopls issue"
    )
    form.add_argument(
        "--report",
        action="store_true",
        help="print only the report, also when reading a pipe (no pass-through of other lines)",
    )
    parser.add_argument("--html", metavar="FILE", help="also write a page of every crash to FILE")
    parser.add_argument(
        "--redact-paths", action="store_true", help="replace home directories in paths by ~ before printing"
    )
    parser.add_argument(
        "--max",
        type=int,
        default=20,
        metavar="N",
        help="explain at most N crashes in full; the rest are counted (default: 20)",
    )
    parser.add_argument(
        "--group",
        choices=("strict", "lines", "functions"),
        default="lines",
        help="which goroutines are grouped: strict (same arguments and state too), lines (same "
        "functions and lines, as pp -aggressive; the default), functions (same functions at any line)",
    )
    parser.add_argument(
        "--match", metavar="REGEX", help="show only goroutine groups with a function or file matching REGEX"
    )
    parser.add_argument(
        "--exclude", metavar="REGEX", help="hide goroutine groups with a function or file matching REGEX"
    )
    parser.add_argument(
        "--rebase",
        action="append",
        nargs="?",
        const="auto",
        metavar="OLD=NEW",
        help="rewrite paths of a trace from another machine: OLD=NEW prefixes, or alone to map its "
        "GOROOT and module cache to this machine's (go env)",
    )


def run(args: argparse.Namespace) -> int:
    from goide.core.inputs import check_input

    if args.max < 1:
        raise InputError(
            f"--max must be at least 1, not {args.max}", hint="for example --max 20 (the default)"
        )
    check_input(
        args.file,
        what="a log",
        example="go test ./... 2>&1 | goide crash, or goide crash FILE (stderr, go test output, a gopls log)",
    )
    from goide.crash.run import CrashOptions, explain

    options = CrashOptions(
        file=args.file,
        output="json" if args.json else "markdown" if args.markdown else "report" if args.report else "text",
        html=args.html,
        redact_paths=args.redact_paths,
        max_crashes=args.max,
        grouping=args.group,
        match=args.match,
        exclude=args.exclude,
        rebase=args.rebase or [],
    )
    return EXIT_FINDINGS if explain(options) else EXIT_OK
