"""The command line itself: version, help, usage errors, and the error shape for everything."""

from __future__ import annotations

from goide import __version__
from goide.cli.commands import COMMANDS
from tests.helpers import goide


def test_version() -> None:
    result = goide("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"goide {__version__}"


def test_help_lists_every_command() -> None:
    result = goide("--help")
    assert result.returncode == 0
    text = result.stdout.decode()
    for name in COMMANDS:
        assert name in text


def test_unknown_command_is_a_usage_error() -> None:
    result = goide("frobnicate")
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith("error: ")
    assert lines[1].startswith("hint: ")
    assert "Traceback" not in result.stderr.decode()


def test_unknown_flag_is_a_usage_error() -> None:
    result = goide("--no-such-flag")
    assert result.returncode == 2
    assert result.stderr.decode().startswith("error: ")
