"""`goide crash`: find Go panics, fatal errors, signal dumps and data races in a log and explain them.

Exit status: 0 when the input holds no crash, 1 when it holds at least one (so that CI can
fail a step on a crash in a test log), 2 for input that cannot be read.
"""

from __future__ import annotations

import argparse
import sys

from goide.core.errors import EXIT_FINDINGS, EXIT_OK, InputError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE",
        help="log to read: stderr of a Go program, go test output, a gopls log, the VS Code "
        "'gopls (server)' output (default: standard input)",
    )
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON (schema in docs/crash.md)")
    form.add_argument(
        "--markdown", action="store_true", help="print Markdown ready to paste into a gopls issue"
    )
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


def run(args: argparse.Namespace) -> int:
    from goide.crash import view as report
    from goide.crash.read import open_input, read_crash_log

    if args.max < 1:
        raise InputError(
            f"--max must be at least 1, not {args.max}", hint="for example --max 20 (the default)"
        )
    source = "standard input" if args.file == "-" else args.file
    stream = open_input(args.file)
    try:
        log = read_crash_log(stream, source, max_crashes=args.max)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    if not log.total and log.stats.looks_binary:
        raise InputError(
            f"no Go traceback found in {source}, which looks like a binary file",
            hint="give the text log (stderr, go test output, a gopls log), not a binary or core file",
        )
    if args.json:
        from goide.core import jsonout

        jsonout.write(report.to_json(log, redact_home=args.redact_paths))
    elif args.markdown:
        sys.stdout.write(report.render_markdown(log, redact_home=args.redact_paths))
    else:
        sys.stdout.write(report.render_text(log, redact_home=args.redact_paths))
    sys.stdout.flush()
    return EXIT_FINDINGS if log.total else EXIT_OK
