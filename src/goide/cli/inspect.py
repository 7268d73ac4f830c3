"""`goide inspect PATH...`: what each executable is and how it was built (executables/read.py)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from goide.core.errors import EXIT_OK

if TYPE_CHECKING:
    from goide.executables.read import Executable


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="executables or directories to read")
    parser.add_argument("--json", action="store_true", help="print a JSON array (schema: docs/cli.md)")
    parser.add_argument(
        "-r", "--recursive", action="store_true", help="walk directories to any depth (default: one level)"
    )
    parser.add_argument(
        "-v",
        "--modules",
        action="store_true",
        help="also print the Go build info: modules and build settings, like `go version -m`",
    )


def run(args: argparse.Namespace) -> int:
    from goide.core.errors import InputError
    from goide.executables import view
    from goide.executables.walk import inspect_paths

    out = sys.stdout
    status = EXIT_OK
    first = True
    if args.json:
        from goide.core import jsonout

        out.write("[")
    for found in inspect_paths(args.paths, recursive=args.recursive):
        if isinstance(found, InputError):
            # One line per failed file; the others are still read and reported.
            out.flush()
            sys.stderr.write(f"error: {found.message}\n")
            sys.stderr.flush()
            status = max(status, found.exit_status)
            continue
        if args.json:
            text = jsonout.dumps(view.executable_json(found)).decode()
            # Indent each element inside the array; JSON strings never hold a raw newline.
            out.write(("\n  " if first else ",\n  ") + text.replace("\n", "\n  "))
        else:
            out.write(view.summary_line(found) + "\n")
            if args.modules:
                _write_modules(out, found)
        first = False
    if args.json:
        out.write("\n]\n" if not first else "]\n")
    return status


def _write_modules(out: TextIO, found: Executable) -> None:
    from goide.executables.view import modules_lines

    several = len(found.slices) > 1
    for piece in found.slices:
        if piece.go is None:
            continue
        if several:
            out.write(f"  {piece.os}/{piece.arch}:\n")
        for line in modules_lines(piece.go):
            out.write(f"\t{line}\n")
