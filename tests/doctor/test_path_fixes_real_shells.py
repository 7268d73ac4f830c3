"""The PATH fix goide prints works when typed: each command runs in the real shell with a fresh HOME,
and a new login (or interactive) shell of the same kind then has the directory on PATH. zsh, bash,
fish and dash are installed by scripts/test; PowerShell is not available here (its line follows
[Environment]::SetEnvironmentVariable's documented form and is checked by test_rules)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from goide.doctor.facts import Facts, HostFacts, ToolchainFacts
from goide.doctor.rules.common import path_fix

LINUX = HostFacts(os="linux", os_version="", hardware_arch="amd64", process_arch="amd64")
MAC = HostFacts(os="darwin", os_version="", hardware_arch="arm64", process_arch="arm64")


def _facts(host: HostFacts, shell: str) -> Facts:
    return Facts(1, "0", host, ToolchainFacts(path_dirs=(), gos=()), shell=shell)


def _run(argv: list[str], home: Path) -> str:
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "TERM": "dumb"}
    done = subprocess.run(
        argv, env=env, capture_output=True, text=True, timeout=60, check=True, stdin=subprocess.DEVNULL
    )
    return done.stdout


@pytest.mark.parametrize(
    ("host", "shell", "new_shell"),
    [
        (MAC, "zsh", ["zsh", "-l", "-c", "echo $PATH"]),
        (LINUX, "zsh", ["zsh", "-l", "-c", "echo $PATH"]),
        (MAC, "bash", ["bash", "-l", "-c", "echo $PATH"]),  # Terminal.app opens login shells
        (LINUX, "bash", ["bash", "-i", "-c", "echo $PATH"]),  # terminal tabs are interactive shells
        (LINUX, "", ["dash", "-l", "-c", "echo $PATH"]),  # unknown shell: ~/.profile, read by sh logins
        (LINUX, "fish", ["fish", "-l", "-c", "echo $PATH"]),
    ],
)
def test_printed_path_fix_lasts_in_a_new_shell(
    tmp_path: Path, host: HostFacts, shell: str, new_shell: list[str]
) -> None:
    assert shutil.which(new_shell[0]), f"{new_shell[0]} is not installed (scripts/test installs it)"
    home = tmp_path / "home"
    home.mkdir()
    directory = "/opt/go tools/bin" if shell != "fish" else "/opt/gotools/bin"
    fix = path_fix(_facts(host, shell), directory, "Add it.")
    assert fix.command
    runner = ["fish", "-c", fix.command] if shell == "fish" else ["sh", "-c", fix.command]
    _run(runner, home)
    printed = _run(new_shell, home).strip()
    entries = printed.split() if shell == "fish" else printed.split(":")  # fish prints a list
    assert directory in entries
