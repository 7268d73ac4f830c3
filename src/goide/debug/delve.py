"""Finds Delve where the VS Code Go extension looks for it and reads what it is: version, build, platform.

The lookup is the extension's, shared with the other tools (core/toolpaths.py: an absolute
`go.alternateTools.dlv`, then `$GOBIN`, then each `GOPATH` entry's `bin`, then `GOROOT/bin`
(`go.goroot` when set), then `PATH`). GOPATH, GOBIN and GOROOT come from the
environment, or from `go env` when the environment does not set them (as the extension does at
start-up). Nothing here judges; `goide.debug.rules` does.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from goide.core import process
from goide.core.toolpaths import is_executable
from goide.debug.platform import host_platform, read_platforms

_VERSION = re.compile(r"^Version:\s*(\S+)", re.MULTILINE)
_BUILD = re.compile(r"^Build:\s*(.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Candidate:
    source: str  # go.alternateTools.dlv, --dlv, GOBIN, GOPATH/bin, GOROOT/bin, PATH
    path: str
    exists: bool


@dataclass(frozen=True)
class DelveFacts:
    host_os: str
    host_arch: str
    candidates: tuple[Candidate, ...]
    host_translation: str | None = None  # "rosetta" when goide (so its shell) runs translated
    path: str | None = None  # the dlv the extension would run
    source: str | None = None
    version: str | None = None  # "1.27.2", from `dlv version`
    build: str | None = None  # "$Id: 360e7b... $"
    run_error: str | None = None  # why `dlv version` did not work
    run_errno: str | None = None
    platforms: tuple[str, ...] = ()  # "linux/amd64"; several for a universal Mach-O
    build_info: Mapping[str, str] = field(default_factory=dict)  # go, path, mod, GOOS, GOARCH, CGO_ENABLED
    dap_help_ok: bool | None = None  # `dlv dap --help` exits 0

    def to_json(self) -> dict[str, Any]:
        return {
            "host": {"os": self.host_os, "arch": self.host_arch, "translation": self.host_translation},
            "candidates": [{"source": c.source, "path": c.path, "exists": c.exists} for c in self.candidates],
            "path": self.path,
            "source": self.source,
            "version": self.version,
            "build": self.build,
            "run_error": self.run_error,
            "run_errno": self.run_errno,
            "platforms": list(self.platforms),
            "build_info": dict(self.build_info),
            "dap_subcommand": self.dap_help_ok,
        }


GO_ENV_TIMEOUT = 3.0


def go_env(env: Mapping[str, str]) -> dict[str, str]:
    """`go env -json` for the variables the lookup needs; {} when go cannot run."""
    go = shutil.which("go", path=env.get("PATH", os.defpath))
    if not go:
        return {}
    # `go env` answers in milliseconds; a go that hangs must not hold the command (issue 17).
    result = process.run(
        [go, "env", "-json", "GOPATH", "GOBIN", "GOROOT", "GOOS", "GOARCH"], timeout=GO_ENV_TIMEOUT, env=env
    )
    if not result.ok:
        return {}
    import orjson

    try:
        data = orjson.loads(result.stdout)
    except orjson.JSONDecodeError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def candidates(
    env: Mapping[str, str], goenv: Mapping[str, str], alternate_tool: str | None = None
) -> list[Candidate]:
    """Every place the extension would look for dlv, in its order (core/toolpaths.py), and
    whether a file is there; on PATH, only the places where one is.

    An absolute `go.alternateTools.dlv` is used as it is; a bare name replaces "dlv" in the
    usual lookup (the extension does the same).
    """
    from goide.core.goos import host_goos
    from goide.core.toolpaths import places, search_dirs

    settings = {"go.alternateTools": {"dlv": alternate_tool}} if alternate_tool else {}
    home = env.get("HOME") or env.get("USERPROFILE")
    dirs = search_dirs(
        settings,
        gobin=env.get("GOBIN") or goenv.get("GOBIN", ""),
        # Without go to ask, Go's own default GOPATH: $HOME/go.
        gopath=env.get("GOPATH") or goenv.get("GOPATH") or (os.path.join(home, "go") if home else ""),
        goroot=env.get("GOROOT") or goenv.get("GOROOT", ""),
        path_dirs=env.get("PATH", os.defpath).split(os.pathsep),
        environ=env,
    )
    found = [
        Candidate("go.alternateTools.dlv" if where == "alternateTools" else where, path, os.path.isfile(path))
        for where, path in places("dlv", host_goos(), dirs, settings)
    ]
    return [c for c in found if c.exists or c.source != "PATH"]


def chosen_candidate(found: list[Candidate]) -> Candidate | None:
    """The dlv the extension runs: the first executable file (pathUtils.ts executableFileExists).
    When no file is executable, the first file there, so that running it says why (EACCES)."""
    runnable = next((c for c in found if is_executable(c.path)), None)
    return runnable or next((c for c in found if c.exists), None)


def collect_delve(
    env: Mapping[str, str] | None = None, *, dlv: str | None = None, alternate_tool: str | None = None
) -> DelveFacts:
    """Find dlv (or take `dlv`), run `dlv version` and `dlv dap --help`, read its headers and build info."""
    full_env = dict(os.environ if env is None else env)
    host_os, host_arch, translation = host_platform()
    goenv = go_env(full_env)
    if dlv is not None:
        found = [Candidate("--dlv", dlv, os.path.isfile(dlv))]
    else:
        found = candidates(full_env, goenv, alternate_tool)
    chosen = chosen_candidate(found)
    if chosen is None:
        return DelveFacts(host_os, host_arch, tuple(found), host_translation=translation)
    version = process.run([chosen.path, "version"], timeout=15, env=full_env)
    platforms, build_info = read_platforms(chosen.path)
    facts = DelveFacts(
        host_os,
        host_arch,
        tuple(found),
        path=chosen.path,
        source=chosen.source,
        host_translation=translation,
        platforms=platforms,
        build_info=build_info,
    )
    if not version.ok:
        import errno as errno_names

        reason = version.start_error or ("timed out" if version.timed_out else version.stderr.strip())
        errno_name = None
        if version.start_error:
            errno_name = {
                os.strerror(errno_names.ENOEXEC): "ENOEXEC",
                os.strerror(errno_names.EACCES): "EACCES",
                os.strerror(errno_names.ENOENT): "ENOENT",
            }.get(version.start_error)
        return _replace(facts, run_error=reason or f"exit status {version.returncode}", run_errno=errno_name)
    number = _VERSION.search(version.stdout)
    build = _BUILD.search(version.stdout)
    dap = process.run([chosen.path, "dap", "--help"], timeout=15, env=full_env)
    return _replace(
        facts,
        version=number.group(1) if number else None,
        build=build.group(1) if build else None,
        dap_help_ok=dap.ok,
    )


def _replace(facts: DelveFacts, **changes: Any) -> DelveFacts:
    from dataclasses import replace

    return replace(facts, **changes)


def default_dlv(env: Mapping[str, str] | None = None) -> str | None:
    """The dlv the smoke test runs when --dlv is not given: the one the extension would pick."""
    full_env = dict(os.environ if env is None else env)
    chosen = chosen_candidate(candidates(full_env, go_env(full_env)))
    return chosen.path if chosen else None
