"""goide's argument parser: the top-level parser with one subparser per command, each command's
module imported and configured only when that command runs."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, Protocol

from goide import __version__
from goide.cli.commands import COMMANDS, chosen_command
from goide.core.errors import EXIT_USAGE

__all__ = ["EXIT_USAGE", "CommandModule", "build_parser", "chosen_command", "subcommands"]


class CommandModule(Protocol):
    def configure(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, with the terminal width read without importing shutil.

    argparse builds a formatter for every `add_argument` and, given no width, imports shutil for
    `get_terminal_size` (and with it zlib, bz2 and lzma): a third of `goide inspect FILE`'s
    start-up. The width is found the same way: $COLUMNS, then the terminal on stdout, then 80.
    """

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ):
        super().__init__(
            prog, indent_increment, max_help_position, width if width is not None else _columns() - 2
        )


def _columns() -> int:
    try:
        columns = int(os.environ.get("COLUMNS", ""))
        if columns > 0:
            return columns
    except ValueError:
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 80
    except (OSError, ValueError):
        return 80


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors in goide's two-line shape and exit status 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        # The command whose --help the hint names: argparse reports an unknown flag from the
        # top-level parser, which would otherwise send the user to `goide --help`.
        self.help_prog: str | None = None

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"error: {message}\n")
        sys.stderr.write(f"hint: run '{self.help_prog or self.prog} --help' for usage\n")
        raise SystemExit(EXIT_USAGE)


def build_parser(
    chosen: str | None, argv: Sequence[str] = ()
) -> tuple[argparse.ArgumentParser, CommandModule | None]:
    parser = _Parser(
        prog="goide",
        description="Make a Go + VS Code environment work, prove that it works, "
        "and explain what is wrong when it does not.",
    )
    parser.add_argument("--version", action="version", version=f"goide {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    module: CommandModule | None = None
    for name, (module_name, summary) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=summary, description=summary)
        if name == chosen:
            module = importlib.import_module(module_name)
            assert module is not None
            module.configure(command_parser)
            parser.help_prog = _deepest_prog(command_parser, argv)
    return parser, module


def _deepest_prog(parser: argparse.ArgumentParser, argv: Sequence[str]) -> str:
    """The prog of the innermost subcommand named in `argv` (`goide bench compare`)."""
    children = subcommands(parser)
    for arg in argv:
        if arg in children:
            return _deepest_prog(children[arg], argv)
    return parser.prog


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommands a command's parser was configured with (`bench` -> compare, run, ...)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}
