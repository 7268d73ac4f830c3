"""The newest release of each tool, from the Go module proxy (`go list -m -json MODULE@latest`),
cached for a day; when the proxy does not answer in time, nothing (the rules then use the dated
table in `goide.doctor.known` and say its date).

The go.mod `go` line of that release (`GoVersion`) comes with it, so a rule can tell whether the
user's Go can build it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from goide.core.errors import GoideError
from goide.core.process import run
from goide.doctor.facts import NewestRelease
from goide.doctor.known import TOOLS
from goide.doctor.threads import map_threads

CACHE_SECONDS = 24 * 3600
LOOKUP_TIMEOUT = 4.0  # per module: a slow proxy must not slow doctor down
CACHE_FILE = "newest-releases.json"


def _module_of(package: str) -> str:
    """The module a tool's package belongs to (the table's packages sit at known depths)."""
    for suffix in (
        "/cmd/golangci-lint",
        "/cmd/staticcheck",
        "/cmd/dlv",
        "/cmd/goimports",
        "/cmd/goplay",
        "/gotests",
    ):
        if package.endswith(suffix):
            module = package[: -len(suffix)]
            return "golang.org/x/tools" if module == "golang.org/x/tools" else module
    return package


def lookup(go: str, module: str, environ: Mapping[str, str], timeout: float) -> tuple[str, str | None] | None:
    """(version, go line) of MODULE@latest, or None when the proxy did not answer."""
    env = {**environ, "GOFLAGS": "-mod=mod", "GO111MODULE": "on"}
    result = run((go, "list", "-m", "-json", f"{module}@latest"), timeout=timeout, env=env)
    if result.returncode != 0 or result.timed_out:
        return None
    try:
        data = json.loads(result.stdout)
    except ValueError:
        return None
    version = data.get("Version") if isinstance(data, dict) else None
    if not isinstance(version, str):
        return None
    go_version = data.get("GoVersion")
    return version, go_version if isinstance(go_version, str) else None


def collect_newest(
    go: str | None,
    environ: Mapping[str, str],
    cache_dir: Path | None,
    *,
    now: Callable[[], float] = time.time,
    timeout: float = LOOKUP_TIMEOUT,
) -> tuple[NewestRelease, ...]:
    """Newest releases of the extension's tools, from the cache when younger than a day."""
    cached = cache_dir / CACHE_FILE if cache_dir else None
    if cached is not None:
        try:
            data = json.loads(cached.read_text(encoding="utf-8"))
            if now() - float(data["time"]) < CACHE_SECONDS:
                return tuple(NewestRelease(**item) for item in data["releases"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    if not go:
        return ()
    day = time.strftime("%Y-%m-%d", time.gmtime(now()))
    modules = {t.name: _module_of(t.package) for t in TOOLS}
    found = map_threads(lambda m: lookup(go, m, environ, timeout), modules.values(), 4, "goide-proxy")
    answers = dict(zip(modules, found, strict=True))
    releases = tuple(
        NewestRelease(name, answer[0], answer[1], f"module proxy, read {day}")
        for name, answer in answers.items()
        if answer is not None
    )
    if cached is not None and releases:
        payload = {"time": now(), "releases": [r.__dict__ for r in releases]}
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            from goide.core.safe_write import write_output

            write_output(cached, json.dumps(payload).encode(), what="cache")
        except (OSError, GoideError):
            pass  # the cache is only a speed-up
    return releases
