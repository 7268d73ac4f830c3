"""`goide inspect PATH...`: what each executable is and how it was built (executables/read.py)."""

from __future__ import annotations

import sys

from goide.cli.commands import Namespace
from goide.core.errors import EXIT_OK

TYPE_CHECKING = False  # typing is not imported at run time: it costs a tenth of the start-up
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import TextIO

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


# The flags parse_simple knows, each spelled out in full as configure() declares it.
_FLAGS = {
    "--json": "json",
    "-r": "recursive",
    "--recursive": "recursive",
    "-v": "modules",
    "--modules": "modules",
}


def parse_simple(argv: Sequence[str]) -> Namespace | None:
    """`goide inspect`'s common command lines (paths, then or before the flags above) without
    argparse; None for anything else (--help, an abbreviation, -rv, --, a path starting with -,
    paths on both sides of a flag, no path), which argparse then parses or refuses."""
    flags = {"json": False, "recursive": False, "modules": False}
    paths: list[str] = []
    flag_after_paths = False
    for arg in argv:
        if arg.startswith("-"):
            dest = _FLAGS.get(arg)
            if dest is None:
                return None
            flags[dest] = True
            flag_after_paths = bool(paths)
        elif flag_after_paths:
            return None  # argparse takes the paths before the flag only and refuses the rest
        else:
            paths.append(arg)
    if not paths:
        return None
    return Namespace(command="inspect", paths=paths, **flags)


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
