"""The driver of the real `go`: its version and targets, and one tool built for one target.

`go install pkg@version` with GOOS/GOARCH set refuses a GOBIN and writes a cross build to
`$GOPATH/bin/OS_ARCH/`; each build therefore gets its own scratch GOPATH (sharing the user's
module and build caches), and the binary is taken from wherever `go install` put it.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from goide.bundle.failures import BuildFailure, explain_failure
from goide.bundle.plan import ToolSpec
from goide.bundle.settings import settings_for
from goide.bundle.target import Target
from goide.core import process
from goide.core.errors import InputError

# What `go install` reads from the go env file (`go env -w`) is passed explicitly, because the
# scratch GOPATH runs with GOENV=off (so a GOBIN set there cannot break the cross build).
_PASSED: tuple[str, ...] = ("GOPROXY", "GONOPROXY", "GOPRIVATE", "GONOSUMDB", "GOSUMDB", "GOINSECURE")
_PASSED += ("GOFLAGS", "GOMODCACHE", "GOCACHE", "GOAUTH", "GOEXPERIMENT", "GOAMD64", "GOARM64")


class Running:
    """The `go install` processes running now, so an interrupted build can kill them all."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._procs: set[subprocess.Popen[bytes]] = set()
        self.stopped = False

    def add(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._procs.add(proc)
            stopped = self.stopped
        if stopped:  # started after the stop: kill it at once
            process.kill_group(proc)

    def kill_all(self) -> None:
        with self._lock:
            self.stopped = True
            procs = list(self._procs)
        for proc in procs:
            if proc.poll() is None:
                process.kill_group(proc)


@dataclass(frozen=True)
class GoTool:
    """The `go` that builds the bundle."""

    path: str
    version: str  # go1.26.8
    host: Target
    env: dict[str, str]  # the values of _PASSED as `go env` resolves them


def find_go(go: str, environ: Mapping[str, str], timeout: float = 60) -> GoTool:
    keys = ("GOVERSION", "GOHOSTOS", "GOHOSTARCH", *_PASSED)
    result = process.run(
        [go, "env", "-json", *keys], timeout=timeout, env={**environ, "GOTOOLCHAIN": "local"}
    )
    if result.start_error is not None:
        raise InputError(f"cannot run {go}: {result.start_error}", hint="install Go or pass --go PATH")
    if not result.ok:
        raise InputError(
            f"`{go} env` failed: {(result.stderr.strip().splitlines() or ['no output'])[-1]}",
            hint="run `go env` yourself to see what is wrong",
        )
    try:
        values = json.loads(result.stdout)
    except ValueError:
        values = None
    if not isinstance(values, dict) or not all(values.get(k) for k in keys[:3]):
        raise InputError(
            f"`{go} env -json` did not print GOVERSION, GOHOSTOS and GOHOSTARCH",
            hint=f"check that {go} is the Go command",
        )
    env = {k: str(values.get(k, "")) for k in _PASSED if values.get(k)}
    return GoTool(go, str(values["GOVERSION"]), Target(values["GOHOSTOS"], values["GOHOSTARCH"]), env)


def go_targets(go: GoTool, timeout: float = 60) -> set[Target]:
    """Every OS/ARCH this Go can build for (`go tool dist list`)."""
    result = process.run([go.path, "tool", "dist", "list"], timeout=timeout)
    if not result.ok:
        raise InputError("`go tool dist list` failed", hint=result.stderr.strip()[:200] or None)
    found = set()
    for line in result.stdout.split():
        goos, _, arch = line.partition("/")
        found.add(Target(goos, arch))
    return found


def build_env(
    go: GoTool, environ: Mapping[str, str], gopath: Path, spec: ToolSpec, target: Target
) -> dict[str, str]:
    settings = settings_for(spec.package, target)
    env = {k: v for k, v in environ.items() if not k.startswith("GO") and k != "CGO_ENABLED"}
    env.update(go.env)
    env.update(settings.env)
    env.update({"GOPATH": str(gopath), "GOENV": "off"})
    return env


def build_tool(
    go: GoTool,
    spec: ToolSpec,
    target: Target,
    *,
    work: Path,
    environ: Mapping[str, str],
    timeout: float,
    running: Running | None = None,
) -> Path:
    """Build `spec` for `target` in scratch directory `work`; the path of the binary, or BuildFailure."""
    gopath = work / f"gopath-{spec.name}-{target.dirname}"
    gopath.mkdir(parents=True)
    settings = settings_for(spec.package, target)
    argv = [go.path, "install", *settings.flags, str(spec)]
    result = process.run(
        argv,
        timeout=timeout,
        env=build_env(go, environ, gopath, spec, target),
        cwd=str(work),
        on_start=running.add if running else None,
    )
    if not result.ok:
        raise explain_failure(spec, target, result, go.version)
    name = spec.name + target.exe_suffix
    for candidate in (gopath / "bin" / target.dirname / name, gopath / "bin" / name):
        if candidate.is_file():
            return candidate
    raise BuildFailure(
        f"{spec} for {target}: go install succeeded but wrote no {name}",
        hint=f"is {spec.package} a main package? `go install` builds only commands",
        tool=spec.name,
        target=str(target),
        kind="no-binary",
    )
