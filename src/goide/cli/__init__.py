"""The `goide` command: argument parsing and dispatch only.

Each subcommand lives in its own module under `goide.cli`, imported only when that
subcommand runs, so that `goide --version` and `goide inspect FILE` start fast. A
subcommand module defines `configure(parser)` (its arguments) and `run(args) -> int`
(calls one function of the package and returns the exit status).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn, Protocol

from goide import __version__
from goide.core.errors import EXIT_USAGE, GoideError

# name -> (module, one-line help). The order is the order of `goide --help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "doctor": ("goide.cli.doctor", "check the whole Go + VS Code environment; --fix repairs it"),
    "inspect": ("goide.cli.inspect", "read executables of any platform and their Go build info"),
    "settings": ("goide.cli.settings", "validate and fix VS Code settings for Go and gopls"),
    "debug": ("goide.cli.debug", "check Delve and prove debugging works with real dlv dap"),
    "test": ("goide.cli.test", "run or read `go test -json`: progress, summary, JUnit/JSON/HTML"),
    "bench": ("goide.cli.bench", "benchmark statistics like benchstat, history and plots"),
    "crash": ("goide.cli.crash", "triage Go panics and fatal errors from any log"),
    "trace": ("goide.cli.trace", "LSP latency from VS Code and gopls traces"),
    "bundle": ("goide.cli.bundle", "build Go tool bundles for target machines and verify every binary"),
    "vsix": ("goide.cli.vsix", "inspect a VS Code extension package: target platform, native code"),
}

INTERNAL_ERROR = 3


class CommandModule(Protocol):
    def configure(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors in goide's two-line shape and exit status 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"error: {message}\n")
        sys.stderr.write(f"hint: run '{self.prog} --help' for usage\n")
        raise SystemExit(EXIT_USAGE)


def _build_parser(chosen: str | None) -> tuple[argparse.ArgumentParser, CommandModule | None]:
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
    return parser, module


def _chosen_command(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if arg in COMMANDS:
            return arg
        if not arg.startswith("-"):
            return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        parser, module = _build_parser(_chosen_command(args_list))
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
