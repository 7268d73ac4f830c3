"""Finds every `go` on PATH and reads the toolchain's configuration: `go env -json` (only where the
go can run here), the `go env -w` file (GOENV), $GOROOT/go.env and the Go variables in the environment.

Versions and GOOS/GOARCH come from the go binary's own build info, so a go for another platform
is described without running it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from goide.core.process import run
from goide.core.toolpaths import exe_name, goroot_of
from goide.doctor.collect.binary import Reader, describe
from goide.doctor.facts import CommandOutcome, GoCommand, HostFacts, ToolchainFacts
from goide.doctor.platforms import can_execute

# Variables whose value in goide's own environment decides how go behaves.
GO_VARIABLES = (
    "GOROOT",
    "GOPATH",
    "GOBIN",
    "GOOS",
    "GOARCH",
    "GOFLAGS",
    "GOTOOLCHAIN",
    "GOENV",
    "GO111MODULE",
    "GOPROXY",
    "GOPRIVATE",
    "GONOSUMDB",
    "GONOPROXY",
    "GOINSECURE",
    "GOAMD64",
    "GOARM64",
    "CGO_ENABLED",
)


def split_path(path_env: str, pathsep: str = os.pathsep) -> tuple[str, ...]:
    return tuple(p for p in path_env.split(pathsep) if p)


def find_on_path(name: str, dirs: tuple[str, ...]) -> list[tuple[int, str]]:
    """Every executable file called `name` in `dirs`, in PATH order, with the index of its directory.

    Broken symlinks and unreadable directories are skipped, as the shell skips them.
    """
    found = []
    for index, directory in enumerate(dirs):
        candidate = os.path.join(directory, name)
        try:
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                found.append((index, candidate))
        except OSError:
            continue
    return found


def parse_env_file(text: str) -> dict[str, str]:
    """`KEY=VALUE` lines of a GOENV or go.env file; comments and malformed lines are ignored, as go does."""
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if sep and key.strip():
            values[key.strip()] = value.strip()
    return values


def default_env_file(environ: Mapping[str, str], goos: str, home: str) -> str:
    """Where `go env -w` writes: $GOENV, else os.UserConfigDir()/go/env."""
    if environ.get("GOENV"):
        return environ["GOENV"]
    if goos == "windows":
        base = environ.get("APPDATA", os.path.join(home, "AppData", "Roaming"))
    elif goos == "darwin":
        base = os.path.join(home, "Library", "Application Support")
    else:
        base = environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    return os.path.join(base, "go", "env")


def _read_small(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read(1 << 20)
    except OSError:
        return None


def stderr_warnings(stderr: str) -> tuple[str, ...]:
    """The `warning:` lines go printed (GOPATH and GOROOT the same directory, ...), at most 10."""
    return tuple(line.strip()[:300] for line in stderr.splitlines() if "warning:" in line)[:10]


def run_go_version(go: str, timeout: float, environ: Mapping[str, str]) -> str | None:
    """`go version`'s line, for a go without Go build info (gccgo's go command)."""
    result = run((go, "version"), timeout=timeout, env=environ)
    if result.start_error or result.timed_out or result.returncode != 0:
        return None
    return (result.stdout.strip().splitlines() or [""])[0][:300] or None


def resolved(paths: list[str]) -> dict[str, str]:
    """Each existing path and its real path, where they differ (Homebrew's opt/go/libexec -> Cellar)."""
    out: dict[str, str] = {}
    for path in paths:
        if path and os.path.isabs(path):
            try:
                real = os.path.realpath(path)
            except (OSError, ValueError):
                continue
            if real != path:
                out[path] = real
    return out


def run_go_env(
    go: str, timeout: float, environ: Mapping[str, str]
) -> tuple[dict[str, str] | None, CommandOutcome]:
    """`go env -json` run with the environment being judged (not goide's own, if they differ)."""
    argv = (go, "env", "-json")
    result = run(argv, timeout=timeout, env=environ)
    if result.start_error:
        return None, CommandOutcome(argv, "not-started", result.start_error, result.seconds)
    if result.timed_out:
        return None, CommandOutcome(argv, "timed-out", f"no answer within {timeout:g} s", result.seconds)
    if result.returncode != 0:
        first = (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[0]
        return None, CommandOutcome(argv, "failed", first[:300], result.seconds)
    try:
        data = json.loads(result.stdout)
    except ValueError:
        sample = result.stdout.strip()[:80]
        return None, CommandOutcome(argv, "bad-output", f"not JSON: {sample!r}", result.seconds)
    if not isinstance(data, dict):
        return None, CommandOutcome(argv, "bad-output", "not a JSON object", result.seconds)
    env = {str(k): str(v) for k, v in data.items()}
    return env, CommandOutcome(argv, "ok", "\n".join(stderr_warnings(result.stderr)), result.seconds)


def collect_toolchain(
    reader: Reader,
    host: HostFacts,
    *,
    environ: Mapping[str, str],
    home: str,
    timeout: float,
) -> ToolchainFacts:
    """The Go toolchain as this PATH and environment give it. `host` is the real machine (never a
    --platform one): it decides whether a go may be executed here."""
    dirs = split_path(environ.get("PATH", ""))
    missing = tuple(d for d in dirs if not os.path.isdir(d) or not os.access(d, os.R_OK | os.X_OK))
    gos = tuple(
        GoCommand(binary=describe(path, reader), path_index=index, goroot=goroot_of(path))
        for index, path in find_on_path(exe_name("go", host.os), dirs)
    )
    go_env: dict[str, str] | None = None
    outcome: CommandOutcome | None = None
    version_output: str | None = None
    if gos:
        first = gos[0]
        if can_execute(first.binary, host):
            go_env, outcome = run_go_env(first.binary.path, timeout, environ)
            if not first.binary.slices:
                version_output = run_go_version(first.binary.path, timeout, environ)
        else:
            outcome = CommandOutcome(
                (first.binary.path, "env", "-json"), "skipped", "built for another platform"
            )
    environ_go = {k: environ[k] for k in GO_VARIABLES if k in environ}
    env_file = (go_env or {}).get("GOENV") or default_env_file(environ, host.os, home)
    env_text = _read_small(env_file) if env_file and env_file != "off" else None
    env_values = parse_env_file(env_text) if env_text is not None else {}
    goroot = (go_env or {}).get("GOROOT") or environ.get("GOROOT") or (gos[0].goroot if gos else "")
    goroot_env_file = os.path.join(goroot, "go.env") if goroot else None
    goroot_text = _read_small(goroot_env_file) if goroot_env_file else None

    def effective(name: str, default: str) -> str:
        if go_env is not None:
            return go_env.get(name, default)
        return environ.get(name) or env_values.get(name) or default

    gopath = effective("GOPATH", os.path.join(home, "go"))
    looked_at = [goroot, environ.get("GOROOT", ""), *gopath.split(os.pathsep)]
    looked_at += [(go_env or {}).get("GOMODCACHE", "")]
    return ToolchainFacts(
        path_dirs=dirs,
        missing_path_dirs=missing,
        gos=gos,
        go_env=go_env,
        go_env_outcome=outcome,
        environ=environ_go,
        env_file=env_file,
        env_file_values=env_values,
        goroot_env_file=goroot_env_file if goroot_text is not None else None,
        goroot_env_values=parse_env_file(goroot_text) if goroot_text is not None else {},
        gopath=gopath,
        gobin=effective("GOBIN", ""),
        real_paths=resolved(looked_at),
        go_version_output=version_output,
        go_warnings=tuple(outcome.message.splitlines()) if outcome and outcome.status == "ok" else (),
    )
