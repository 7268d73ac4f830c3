"""`goide lint`: `check` compares golangci-lint, its config, VS Code and CI; `ci` judges the CI
workflows' lint caches, prints a correct job and (`--measure`) proves the cache works."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from goide.cli.durations import PROBE_LIMIT, RUN_LIMIT, seconds
from goide.core.errors import EXIT_FINDINGS, EXIT_OK, InputError


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="lint_command", metavar="SUBCOMMAND", parser_class=type(parser))
    check = sub.add_parser(
        "check",
        help="golangci-lint config, binaries, Go version, VS Code lint/format settings: every disagreement",
        description="Find the golangci-lint config as golangci-lint does, the binaries where VS Code looks, "
        "and report every disagreement between them, the module's Go line, VS Code and CI's formatter.",
    )
    check.add_argument(
        "directory", nargs="?", type=Path, default=Path("."), help="module or repository (default: .)"
    )
    check.add_argument("--config", type=Path, help="judge this golangci-lint config instead of the one found")
    ci = sub.add_parser(
        "ci",
        help="CI lint caches: problems, a correct job, --measure a cold and a warm run",
        description="Read the CI workflows, report lint cache problems and print a job whose caches hit.",
    )
    ci.add_argument("directory", nargs="?", type=Path, default=Path("."), help="repository (default: .)")
    which = ci.add_mutually_exclusive_group()
    which.add_argument(
        "--github", action="store_const", const="github", dest="kind", help="GitHub Actions only"
    )
    which.add_argument("--gitlab", action="store_const", const="gitlab", dest="kind", help="GitLab CI only")
    ci.add_argument("--version", help="pin this golangci-lint version (default: the one the editor runs)")
    ci.add_argument("--measure", action="store_true", help="run golangci-lint twice: empty caches, then warm")
    ci.add_argument(
        "--measure-timeout",
        type=seconds("--measure-timeout", limit=RUN_LIMIT, example="900"),
        default=900.0,
        help="seconds for each measured run (default: 900)",
    )
    for p in (check, ci):
        p.add_argument(
            "--golangci-lint",
            action="append",
            default=[],
            metavar="PATH",
            help="also judge this golangci-lint binary (repeatable)",
        )
        p.add_argument(
            "--timeout",
            type=seconds("--timeout", limit=PROBE_LIMIT, example="20"),
            default=20.0,
            help="seconds for each quick golangci-lint command (default: 20)",
        )
        p.add_argument("--json", action="store_true", help="print a JSON document")
        p.add_argument("-v", "--verbose", action="store_true", help="show evidence")


def run(args: argparse.Namespace) -> int:
    from goide.core import jsonout
    from goide.core.model import Severity
    from goide.lint import view
    from goide.lint.run import run_check, run_ci

    if args.lint_command == "check":
        result = run_check(
            args.directory, timeout=args.timeout, binaries=args.golangci_lint, config=args.config
        )
        if args.json:
            jsonout.write(view.check_json(result), sys.stdout)
        else:
            view.render_check(result, sys.stdout, verbose=args.verbose)
        findings = result.findings
    elif args.lint_command == "ci":
        ci = run_ci(
            args.directory,
            kind=args.kind,
            timeout=args.timeout,
            version=args.version,
            measure_runs=args.measure,
            binaries=args.golangci_lint,
            measure_timeout=args.measure_timeout,
        )
        if args.json:
            jsonout.write(view.ci_json(ci), sys.stdout)
        else:
            view.render_ci(ci, sys.stdout, verbose=args.verbose)
        findings = ci.findings
    else:
        raise InputError("missing subcommand", hint="use 'goide lint check' or 'goide lint ci'")
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK
