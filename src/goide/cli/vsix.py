"""`goide vsix inspect FILE.vsix`: what a VS Code extension package is and where it installs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from goide.core.errors import EXIT_FINDINGS, EXIT_OK, InputError


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="vsix_command", metavar="SUBCOMMAND", parser_class=type(parser))
    inspect = sub.add_parser(
        "inspect",
        help="read a .vsix: identity, engines.vscode, target platform, native binaries inside",
        description="Read a VS Code extension package (never install or run it) and judge it for a "
        "platform and a VS Code version.",
    )
    inspect.add_argument("file", type=Path, metavar="FILE.vsix")
    inspect.add_argument(
        "--platform", metavar="OS/ARCH", help="the machine: darwin/arm64, win32-arm64, alpine/arm64, ..."
    )
    inspect.add_argument("--vscode", metavar="VERSION", help="the VS Code version, e.g. 1.95.3")
    inspect.add_argument("-v", "--verbose", action="store_true", help="show the evidence of every finding")
    inspect.add_argument("--json", action="store_true", help="print a JSON document (docs/vsix.md)")


def run(args: argparse.Namespace) -> int:
    if args.vsix_command != "inspect":
        raise InputError("missing subcommand", hint="use 'goide vsix inspect FILE.vsix'")
    from goide.core.model import Severity
    from goide.vsix import view
    from goide.vsix.check import check_vsix

    package, findings = check_vsix(args.file, platform=args.platform, vscode=args.vscode)
    if args.json:
        from goide.core import jsonout

        jsonout.write(view.inspect_json(package, findings), sys.stdout)
    else:
        view.render(package, findings, sys.stdout, verbose=args.verbose)
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK
