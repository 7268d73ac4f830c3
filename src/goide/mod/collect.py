"""Reads the machine for `goide mod` and the doctor's Modules area: the environment, the `go env`
files, `go env GOROOT GOVERSION`, the .netrc Go would read and git's configuration. Impure; each
command runs with a timeout and a failure becomes a problem in the config, never an exception.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Mapping

from goide.core.process import run
from goide.mod.config import ModConfig, Setting, effective_settings, parse_env_file, unknown_variables
from goide.mod.gitconfig import GitConfig, parse_config_list
from goide.mod.goauth import parse_goauth, program_found
from goide.mod.netrc import MAX_NETRC_BYTES, Netrc, read_netrc

MAX_ENV_FILE_BYTES = 1 << 20


def user_config_dir(environ: Mapping[str, str], home: str, goos: str) -> str:
    """os.UserConfigDir for `goos`."""
    if goos == "windows":
        return environ.get("APPDATA", "")
    if goos in ("darwin", "ios"):
        return os.path.join(home, "Library", "Application Support") if home else ""
    xdg = environ.get("XDG_CONFIG_HOME", "")
    if xdg and os.path.isabs(xdg):
        return xdg
    return os.path.join(home, ".config") if home else ""


def env_file_path(environ: Mapping[str, str], home: str, goos: str) -> str:
    """cfg.EnvFile: $GOENV (unless `off`) or UserConfigDir/go/env."""
    goenv = environ.get("GOENV", "")
    if goenv == "off":
        return ""
    if goenv:
        return goenv
    config = user_config_dir(environ, home, goos)
    return os.path.join(config, "go", "env") if config else ""


def netrc_path(environ: Mapping[str, str], home: str, goos: str) -> str:
    """auth.netrcPath: $NETRC, else on Windows _netrc when it exists, else .netrc in the home directory."""
    if environ.get("NETRC"):
        return environ["NETRC"]
    if goos == "windows" and os.path.exists(os.path.join(home, "_netrc")):
        return os.path.join(home, "_netrc")
    return os.path.join(home, ".netrc")


def _read_capped(path: str, limit: int) -> str | None:
    try:
        with open(path, "rb") as f:
            return f.read(limit).decode("utf-8", errors="replace")
    except OSError:
        return None


def read_netrc_file(path: str, goos: str) -> Netrc | None:
    text = _read_capped(path, MAX_NETRC_BYTES)
    if text is None:
        return None
    mode = None if goos == "windows" else stat.S_IMODE(os.stat(path).st_mode)
    return read_netrc(path, text, mode)


def read_git_config(
    environ: Mapping[str, str], cwd: str | None, timeout: float
) -> tuple[GitConfig, str | None]:
    result = run(
        ["git", "config", "--list", "--show-origin", "-z"], timeout=timeout, env=dict(environ), cwd=cwd
    )
    if result.start_error:
        if not shutil.which("git", path=environ.get("PATH")):
            # No git installed is a machine Go works on (through proxies): nothing to read, no problem.
            return GitConfig((), (), ()), None
        return GitConfig((), (), ()), f"git could not be started: {result.start_error}"
    if result.timed_out:
        return GitConfig((), (), ()), f"`git config --list` did not answer within {timeout:g} s"
    return parse_config_list(result.stdout), None


def go_facts(environ: Mapping[str, str], timeout: float, cwd: str | None) -> tuple[str, str, str | None]:
    """(GOROOT, GOVERSION, problem) from `go env`, run with a timeout."""
    result = run(["go", "env", "GOROOT", "GOVERSION"], timeout=timeout, env=dict(environ), cwd=cwd)
    if result.start_error:
        return "", "", f"go could not be started: {result.start_error}"
    if result.timed_out:
        return "", "", f"`go env` did not answer within {timeout:g} s (a hanging go or GOTOOLCHAIN download)"
    if not result.ok:
        first = (result.stderr.strip().splitlines() or ["no output"])[0]
        return "", "", f"`go env` failed: {first}"
    lines = result.stdout.splitlines()
    return (lines[0] if lines else ""), (lines[1] if len(lines) > 1 else ""), None


def missing_goauth_programs(settings: Mapping[str, Setting], path_env: str) -> tuple[str, ...]:
    """The programs of GOAUTH's custom commands that cannot be started here (looked up on PATH)."""
    goauth = settings.get("GOAUTH")
    methods = parse_goauth(goauth.value if goauth else "").methods
    return tuple(
        m.program
        for m in methods
        if m.kind == "command" and m.program and not program_found(m.program, path_env)
    )


def collect_config(
    environ: Mapping[str, str],
    *,
    home: str,
    goos: str,
    timeout: float = 10.0,
    cwd: str | None = None,
) -> ModConfig:
    """The module configuration `go` would apply for a process with `environ`, run in `cwd`."""
    problems: list[str] = []
    env_path = env_file_path(environ, home, goos)
    user_file = parse_env_file(_read_capped(env_path, MAX_ENV_FILE_BYTES) or "") if env_path else {}
    goroot, go_version, problem = go_facts(environ, timeout, cwd)
    if problem:
        problems.append(problem)
    goroot = goroot or environ.get("GOROOT", "") or user_file.get("GOROOT", "")
    goroot_file = (
        parse_env_file(_read_capped(os.path.join(goroot, "go.env"), MAX_ENV_FILE_BYTES) or "")
        if goroot
        else {}
    )
    settings = effective_settings(environ, user_file, env_path, goroot_file)
    path = netrc_path(environ, home, goos)
    git, git_problem = read_git_config(environ, cwd, timeout)
    if git_problem:
        problems.append(git_problem)
    return ModConfig(
        settings=settings,
        unknown=unknown_variables(environ, user_file, env_path),
        netrc=read_netrc_file(path, goos),
        netrc_path=path,
        git=git,
        goos=goos,
        goauth_missing=missing_goauth_programs(settings, environ.get("PATH", "")),
        go_version=go_version,
        env_file=env_path,
        problems=tuple(problems),
    )
