"""`goide bundle`: `build` cross-compiles tools for target machines; `verify` reads them back."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from goide.cli.durations import RUN_LIMIT, seconds
from goide.core.errors import EXIT_FINDINGS, EXIT_OK, InputError


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="bundle_command", metavar="SUBCOMMAND", parser_class=type(parser))
    build = sub.add_parser(
        "build",
        help="build Go tools for target machines into DIR/OS_ARCH/bin with a manifest",
        description="Cross-compile each tool for each target with the real go, reproducibly "
        "(-trimpath, CGO_ENABLED=0), into DIR/OS_ARCH/bin, with bundle.json and SHA256SUMS.",
    )
    build.add_argument("tools", nargs="*", metavar="TOOL[@VERSION]", help="default: the Go extension's tools")
    build.add_argument(
        "--target", action="append", default=[], metavar="OS/ARCH", help="a target machine (repeatable)"
    )
    build.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="a new directory for the bundle"
    )
    build.add_argument(
        "--go", default="go", metavar="PATH", help="the go command to build with (default: go)"
    )
    build.add_argument("-j", "--jobs", type=int, default=2, metavar="N", help="builds at once (default 2)")
    build.add_argument(
        "--check-reproducible",
        action="store_true",
        help="build every binary a second time and fail unless the bytes are the same",
    )
    build.add_argument(
        "--timeout",
        type=seconds("--timeout", limit=RUN_LIMIT, example="1800"),
        default=1800.0,
        help="seconds for each go install (default 1800)",
    )
    build.add_argument("--json", action="store_true", help="print a JSON document (docs/bundle.md)")
    verify = sub.add_parser(
        "verify",
        help="read every binary of a bundle (never run) and judge it for its target",
        description="Check every binary of a bundle: OS and architecture of its directory, build info, "
        "the manifest's module, version and checksum, and the Go it was built with.",
    )
    verify.add_argument("bundle", type=Path, metavar="DIR")
    verify.add_argument("--target", metavar="OS/ARCH", help="only this target's directory")
    verify.add_argument(
        "--go-version", metavar="goX.Y", help="the Go the target machines use (default: the manifest's)"
    )
    verify.add_argument("-v", "--verbose", action="store_true", help="show the evidence of every finding")
    verify.add_argument("--json", action="store_true", help="print a JSON document (docs/bundle.md)")


def run(args: argparse.Namespace) -> int:
    if args.bundle_command == "build":
        return _build(args)
    if args.bundle_command == "verify":
        return _verify(args)
    raise InputError("missing subcommand", hint="use 'goide bundle build' or 'goide bundle verify'")


def _build(args: argparse.Namespace) -> int:
    from goide.bundle import view
    from goide.bundle.build import Request, build_bundle

    if args.jobs < 1:
        raise InputError(f"--jobs {args.jobs}: must be at least 1", hint="for example -j 2")
    request = Request(
        targets=tuple(args.target),
        tools=tuple(args.tools),
        out=args.out,
        go=args.go,
        jobs=args.jobs,
        timeout=args.timeout,
        check_reproducible=args.check_reproducible,
    )
    live = sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
    progress = view.LiveProgress(sys.stderr) if live else view.ProgressLines(sys.stderr)
    try:
        result = build_bundle(request, os.environ, progress=progress)
    finally:
        progress.close()
    if args.json:
        from goide.core import jsonout

        jsonout.write(view.build_json(result), sys.stdout)
    else:
        view.build_text(result, sys.stdout)
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    from goide.bundle.verify import verify_bundle
    from goide.core.model import Severity

    inv, findings = verify_bundle(args.bundle, target=args.target, go=args.go_version)
    if args.json:
        from goide.bundle.view import verify_json
        from goide.core import jsonout

        jsonout.write(verify_json(inv, findings), sys.stdout)
    else:
        from goide.core.findings import render_text

        render_text(findings, sys.stdout, verbose=args.verbose)
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK
