"""`goide doctor`: check the whole Go + VS Code environment, explain what is wrong, fix it on request."""

from __future__ import annotations

import sys

from goide.cli.commands import Namespace
from goide.core.errors import GoideError

TYPE_CHECKING = False  # argparse and typing are not imported when parse_simple has the arguments
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence


def configure(parser: argparse.ArgumentParser) -> None:
    from goide.cli.durations import PROBE_LIMIT, seconds

    parser.add_argument("-v", "--verbose", action="store_true", help="show the evidence of every finding")
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--json", action="store_true", help="print the findings as JSON (schema in docs/doctor.md)"
    )
    output.add_argument("--markdown", action="store_true", help="print a Markdown report for a bug report")
    parser.add_argument(
        "--redact-paths", action="store_true", help="replace the home directory with ~ in the output"
    )
    parser.add_argument("--facts-out", metavar="FILE", help="save the collected facts (secrets redacted)")
    parser.add_argument("--facts", metavar="FILE", help="judge saved facts instead of this machine")
    parser.add_argument(
        "--from-report",
        metavar="FILE",
        help="judge a pasted report (go env, go version -m, dlv/gopls version, Go: Locate Configured "
        "Go Tools; Markdown is fine); - reads stdin",
    )
    parser.add_argument(
        "--offline", action="store_true", help="do not ask the Go module proxy for the newest releases"
    )
    parser.add_argument(
        "--platform",
        metavar="OS/ARCH",
        help="judge as if the hardware were OS/ARCH, e.g. darwin/arm64 (runs nothing foreign)",
    )
    parser.add_argument(
        "--bundle",
        metavar="DIR",
        help="with --platform: judge a tool bundle (goide bundle build) as if installed on that machine",
    )
    parser.add_argument(
        "--fix", action="store_true", help="install or reinstall tools, after asking; then re-check"
    )
    parser.add_argument("--yes", action="store_true", help="with --fix: do not ask")
    parser.add_argument(
        "--workspace",
        metavar="DIR",
        help="the folder opened in VS Code: its settings, gopls log, go.mod, tree and lint config "
        "(default for modules and lint: the current directory)",
    )
    parser.add_argument(
        "--vscode",
        metavar="DIR",
        action="append",
        default=[],
        help="a VS Code installation in an unusual place (repeatable)",
    )
    parser.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=seconds("--timeout", limit=PROBE_LIMIT, example="10"),
        default=10.0,
        help="time limit for each command a probe runs (default 10)",
    )


# The defaults configure() gives, and the on/off flags parse_simple knows (spelled out in full).
_DEFAULTS = {
    "verbose": False,
    "json": False,
    "markdown": False,
    "redact_paths": False,
    "facts_out": None,
    "facts": None,
    "from_report": None,
    "offline": False,
    "platform": None,
    "bundle": None,
    "fix": False,
    "yes": False,
    "workspace": None,
    "timeout": 10.0,
}
_SWITCHES = {
    "-v": "verbose",
    "--verbose": "verbose",
    "--json": "json",
    "--markdown": "markdown",
    "--redact-paths": "redact_paths",
    "--offline": "offline",
}


def parse_simple(argv: Sequence[str]) -> Namespace | None:
    """`goide doctor` with on/off flags only (-v, --json or --markdown, --redact-paths, --offline)
    without argparse; None for anything else, which argparse then parses or refuses."""
    values: dict[str, object] = dict(_DEFAULTS)
    for arg in argv:
        dest = _SWITCHES.get(arg)
        if dest is None:
            return None
        values[dest] = True
    if values["json"] and values["markdown"]:
        return None  # argparse: not allowed with each other
    return Namespace(command="doctor", vscode=[], **values)


def run(args: argparse.Namespace) -> int:
    from goide.doctor.run import Options, run_doctor

    if args.from_report and (args.facts or args.fix or args.facts_out or args.workspace or args.vscode):
        raise GoideError(
            "--from-report judges a pasted report and collects nothing",
            hint="drop --facts, --fix, --facts-out, --workspace and --vscode, or drop --from-report",
        )
    if args.fix and (args.facts or args.platform):
        raise GoideError("--fix works on this machine only", hint="drop --facts and --platform to fix")
    if args.yes and not args.fix:
        raise GoideError("--yes only goes with --fix", hint="run 'goide doctor --fix --yes'")
    if args.facts and (args.facts_out or args.workspace or args.vscode):
        raise GoideError(
            "--facts judges a saved file and collects nothing",
            hint="drop --facts-out, --workspace and --vscode, or drop --facts",
        )
    output = "json" if args.json else "markdown" if args.markdown else "text"
    if args.bundle:
        from goide.bundle.installed import doctor_bundle

        if args.facts or args.facts_out or args.fix or args.from_report or args.workspace or args.vscode:
            raise GoideError(
                "--bundle judges a tool bundle and collects nothing from this machine",
                hint="drop --facts, --facts-out, --fix, --from-report, --workspace and --vscode, "
                "or drop --bundle",
            )
        return doctor_bundle(args.bundle, args.platform, output=output, verbose=args.verbose, out=sys.stdout)
    options = Options(
        output=output,
        verbose=args.verbose,
        redact_paths=args.redact_paths,
        facts_out=args.facts_out,
        facts_in=args.facts,
        platform=args.platform,
        fix=args.fix,
        assume_yes=args.yes,
        workspace=args.workspace,
        vscode_dirs=tuple(args.vscode),
        timeout=args.timeout,
        from_report=args.from_report,
        offline=args.offline,
    )
    return run_doctor(options, sys.stdout, sys.stdin)
