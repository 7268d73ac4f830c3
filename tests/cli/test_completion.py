"""`goide completion bash|zsh|fish`: the scripts load in the real shells and complete commands,
subcommands and flags when Tab is pressed (each shell driven in a real terminal by tmux)."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from goide.cli.completion import command_table
from tests.helpers import goide

SHELL_COMMANDS = {
    "bash": "bash --norc --noprofile",
    "zsh": "zsh -f",
    "fish": "fish --no-config",
}


def test_table_has_every_command_and_nested_subcommands_and_flags() -> None:
    table = command_table()
    subs, flags = table[""]
    assert {"doctor", "inspect", "settings", "debug", "test", "bench", "crash", "trace", "completion"} <= set(
        subs
    )
    assert table["bench"][0] == ["compare", "run", "plot", "history"]
    assert "--filter" in table["bench compare"][1]
    assert "--fix" in table["doctor"][1]
    assert table["completion"][0] == ["bash", "zsh", "fish"]
    assert "--version" in flags


def test_unknown_shell_is_a_usage_error() -> None:
    result = goide("completion", "powershell")
    assert result.returncode == 2
    assert result.stderr.startswith(b"error: ")
    assert b"\nhint: " in result.stderr


class Terminal:
    """One shell in a detached tmux session of its own (its own server socket)."""

    def __init__(self, command: str) -> None:
        self.socket = f"goide-{uuid.uuid4().hex[:8]}"
        self._tmux("new-session", "-d", "-s", "t", "-x", "200", "-y", "50", command)

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True, timeout=20
        ).stdout

    def type(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "t", "--", *keys)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-N", "-t", "t")  # -N keeps trailing spaces

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not on the screen:\n{screen}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


@pytest.fixture(params=sorted(SHELL_COMMANDS))
def terminal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Terminal]:
    shell = request.param
    assert shutil.which("tmux"), "tmux is needed (scripts/test installs it)"
    assert shutil.which(shell), f"{shell} is needed (scripts/test installs it)"
    script = tmp_path / f"goide.{shell}"
    result = goide("completion", shell)
    assert result.returncode == 0, result.stderr
    script.write_bytes(result.stdout)
    term = Terminal(SHELL_COMMANDS[shell])
    try:
        if shell == "zsh":
            term.type("autoload -Uz compinit && compinit -u", "Enter")
        term.type(f"source {script}; echo loaded-ok", "Enter")
        term.wait_for("loaded-ok\n")
        yield term
    finally:
        term.close()


@pytest.mark.integration
def test_completion_in_a_real_shell(terminal: Terminal) -> None:
    terminal.type("goide be", "Tab")
    terminal.wait_for("goide bench ")
    terminal.type("com", "Tab")
    terminal.wait_for("goide bench compare ")
    terminal.type("--fil", "Tab")
    terminal.wait_for("goide bench compare --filter ")
    terminal.type("C-u", "C-l")
    terminal.type("goide settings ", "Tab", "Tab")
    deadline = time.monotonic() + 15
    listed: set[str] = set()
    while time.monotonic() < deadline and listed != {"check", "fix", "init"}:
        after = terminal.screen().partition("goide settings")[2]
        listed = {word for word in ("check", "fix", "init") if word in after.split()}
        time.sleep(0.1)
    assert listed == {"check", "fix", "init"}
