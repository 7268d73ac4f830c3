"""The `goide` command: argument parsing and dispatch only.

Each subcommand lives in its own module under `goide.cli`, imported only when that
subcommand runs, so that `goide --version` and `goide inspect FILE` start fast (`--version`
does not even import argparse; the parser is built in `parser.py`). A subcommand module defines
`configure(parser)` (its arguments) and `run(args) -> int` (calls one function of the package and
returns the exit status); it may define `parse_simple(argv)`, which parses its common command
lines without argparse and returns None for everything else (see `commands.Namespace`).
"""

from __future__ import annotations

import os
import sys

from goide import __version__
from goide.core.errors import GoideError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

INTERNAL_ERROR = 3


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list == ["--version"]:
        sys.stdout.write(f"goide {__version__}\n")
        return 0
    try:
        from goide.cli.commands import COMMANDS

        if args_list and args_list[0] in COMMANDS:
            module_name = COMMANDS[args_list[0]][0]
            __import__(module_name)
            parse_simple = getattr(sys.modules[module_name], "parse_simple", None)
            simple = parse_simple(args_list[1:]) if parse_simple else None
            if simple is not None:
                status: int = sys.modules[module_name].run(simple)
                return status
        from goide.cli.parser import EXIT_USAGE, build_parser, chosen_command

        parser, module = build_parser(chosen_command(args_list), args_list)
        args = parser.parse_args(args_list)
        if module is None:
            parser.print_help()
            return EXIT_USAGE if args_list else 0
        return module.run(args)
    except GoideError as err:
        sys.stderr.write(f"error: {err.message}\n")
        if err.hint:
            sys.stderr.write(f"hint: {err.hint}\n")
        return err.exit_status
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (`goide ... | head`); say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as err:
        if os.environ.get("GOIDE_DEBUG"):
            raise
        sys.stderr.write(f"error: internal error: {type(err).__name__}: {err}\n")
        sys.stderr.write("hint: this is a bug in goide; rerun with GOIDE_DEBUG=1 and report the traceback\n")
        return INTERNAL_ERROR
