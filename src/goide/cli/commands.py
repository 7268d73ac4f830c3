"""Every goide command: its module and its one-line help, in the order of `goide --help`; which
command a command line names; and the `Namespace` a command's `parse_simple` fills in."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from argparse import Namespace
    from collections.abc import Sequence

__all__ = ["COMMANDS", "Namespace", "chosen_command"]

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
    "gopls": ("goide.cli.gopls", "gopls on your workspace: stats, benchmark, A/B of settings"),
    "mod": ("goide.cli.mod", "how Go fetches a module, module errors explained, real go mod download"),
    "lint": ("goide.cli.lint", "golangci-lint and formatter setup across editor, CLI and CI; CI caches"),
    "bundle": ("goide.cli.bundle", "build Go tool bundles for target machines and verify every binary"),
    "vsix": ("goide.cli.vsix", "inspect a VS Code extension package: target platform, native code"),
    "completion": ("goide.cli.completion", "print a bash, zsh or fish completion script"),
}


def chosen_command(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if arg in COMMANDS:
            return arg
        if not arg.startswith("-"):
            return None
    return None


if not TYPE_CHECKING:

    class Namespace:
        """argparse.Namespace's behaviour (attributes, ==, `in`, repr) without importing argparse.

        A command module may define `parse_simple(argv) -> Namespace | None`: the arguments of its
        common command lines, parsed without argparse (whose import and parser building cost more
        than a short command does), or None to leave the command line to argparse (help, usage
        errors, abbreviations, anything unusual). tests/cli check it agrees with argparse.
        """

        def __init__(self, **kwargs: object) -> None:
            self.__dict__.update(kwargs)

        def __eq__(self, other: object) -> bool:
            return vars(self) == vars(other) if hasattr(other, "__dict__") else NotImplemented

        __hash__ = None

        def __contains__(self, key: str) -> bool:
            return key in self.__dict__

        def __repr__(self) -> str:
            return "Namespace(" + ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items()) + ")"
