"""`goide debug`: `check` finds and judges Delve; `smoke` proves debugging works with real `dlv dap`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from goide.cli.durations import PROBE_LIMIT, seconds
from goide.core.errors import EXIT_FINDINGS, EXIT_OK, InputError


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="debug_command", metavar="SUBCOMMAND", parser_class=type(parser))
    check = sub.add_parser(
        "check",
        help="find Delve where VS Code looks, its version and platform; validate launch.json",
        description="Find Delve where the VS Code Go extension looks for it and check that it "
        "can debug here.",
    )
    check.add_argument("--workspace", type=Path, default=Path("."), help="workspace folder (default: .)")
    check.add_argument("--dlv", help="check this dlv instead of looking for one")
    check.add_argument("--json", action="store_true", help="print a JSON document")
    smoke = sub.add_parser(
        "smoke",
        help="drive real `dlv dap` through launch, breakpoint, stack, goroutines, variables",
        description="Prove that debugging works: run dlv dap through a whole session and time each step.",
    )
    smoke.add_argument(
        "--program", type=Path, help="directory of your main package (default: a generated one)"
    )
    smoke.add_argument("--dlv", help="dlv to run (default: the one the Go extension would use)")
    smoke.add_argument(
        "--timeout",
        type=seconds("--timeout", limit=PROBE_LIMIT, example="300"),
        default=180.0,
        help="seconds for Delve to build and launch",
    )
    smoke.add_argument("--json", action="store_true", help="print a JSON document")


def run(args: argparse.Namespace) -> int:
    if args.debug_command == "check":
        return _check(args)
    if args.debug_command == "smoke":
        return _smoke(args)
    raise InputError("missing subcommand", hint="use 'goide debug check' or 'goide debug smoke'")


def _check(args: argparse.Namespace) -> int:
    from goide.core.findings import render_text, to_json
    from goide.core.model import Severity
    from goide.debug.delve import collect_delve
    from goide.debug.rules import check_delve, launch_summary
    from goide.debug.workspace import check_launch_files, read_debug_settings

    if not args.workspace.is_dir():
        raise InputError(
            f"{args.workspace} is not a directory", hint="pass a workspace folder to --workspace"
        )
    settings = read_debug_settings(args.workspace.resolve())
    facts = collect_delve(dlv=args.dlv, alternate_tool=settings.alternate_dlv)
    per_file = check_launch_files(settings.launch_files)
    launch_findings = [finding for findings in per_file.values() for finding in findings]
    findings = [*check_delve(facts), *launch_findings, *launch_summary(per_file)]
    if settings.unreadable:
        from goide.settings.check import syntax_finding

        findings = [syntax_finding(path, err) for path, err in settings.unreadable] + findings
    if args.json:
        document = {
            "delve": facts.to_json(),
            "alternate_tool": {"dlv": settings.alternate_dlv, "file": settings.alternate_dlv_file},
            "launch_files": list(per_file),
        }
        _print_json({**document, **to_json(findings)})
    else:
        render_text(findings, sys.stdout)
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK


def _smoke(args: argparse.Namespace) -> int:
    from goide.core.findings import render_text, to_json
    from goide.debug.delve import default_dlv
    from goide.debug.rules import explain_smoke
    from goide.debug.smoke import Timeouts, run_smoke
    from goide.debug.view import step_progress

    progress = step_progress(sys.stderr, launch_timeout=args.timeout)
    dlv = args.dlv or default_dlv() or "dlv"
    facts = run_smoke(dlv, program=args.program, timeouts=Timeouts(launch=args.timeout), on_step=progress)
    findings = explain_smoke(facts)
    if args.json:
        _print_json({**facts.to_json(), **to_json(findings)})
    else:
        from goide.debug.view import render_steps

        render_steps(facts, sys.stdout)
        render_text(findings, sys.stdout)
    return EXIT_OK if facts.passed else EXIT_FINDINGS


def _print_json(document: object) -> None:
    from goide.core import jsonout

    jsonout.write(document)
