"""`goide mod check`: resolves a module with the real `go mod download -json -x` in a temporary
module (GOFLAGS=-mod=mod, a timeout, and by default a scratch module cache so every step really
happens), and reads back each step Go took and the error it stopped with.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from goide.core.process import run
from goide.mod.config import ModConfig
from goide.mod.decode import DecodedError, decode_text
from goide.mod.route import Route, strip_module_escape

# `-x` lines: `# get https://...`, `# get https://...: 200 OK (0.012s)`, and the commands run
# (`cd DIR; git ls-remote ...` and their timing lines `0.012s # cd DIR; git ...`).
_GET = re.compile(r"^# get (?P<url>\S+?)(?:: (?P<status>.+?))?$")
_TIMED = re.compile(r"^\d+\.\d+s # (?P<cmd>.*)$")
_CMD = re.compile(r"^(?:cd \S+; )?(?P<cmd>(?:git|hg|svn|bzr|fossil) .*)$")


@dataclass(frozen=True)
class CheckStep:
    kind: str  # get, vcs
    target: str  # URL or command line
    status: str | None  # "200 OK (0.01s)", "404 Not Found (0.00s)", None while unanswered


@dataclass
class CheckResult:
    module: str
    version: str | None
    ok: bool
    timed_out: bool
    steps: list[CheckStep] = field(default_factory=list)
    error: str | None = None
    errors: list[DecodedError] = field(default_factory=list)
    seconds: float = 0.0


def parse_x_output(stderr: str) -> tuple[list[CheckStep], list[str]]:
    """The steps of `-x` output, and the lines that are not steps (the error text)."""
    steps: list[CheckStep] = []
    pending: dict[str, int] = {}
    other: list[str] = []
    for line in stderr.splitlines():
        m = _GET.match(line)
        if m:
            url, status = m.group("url"), m.group("status")
            if status is None:
                pending[url] = len(steps)
                steps.append(CheckStep("get", url, None))
            elif url in pending:
                steps[pending.pop(url)] = CheckStep("get", url, status)
            else:
                steps.append(CheckStep("get", url, status))
            continue
        m = _TIMED.match(line)
        if m:
            continue
        m = _CMD.match(line)
        if m:
            steps.append(CheckStep("vcs", m.group("cmd"), None))
            continue
        if line.startswith(("mkdir ", "cd ", "# ", "rm ")):
            continue
        other.append(line)
    return steps, other


def _json_records(text: str) -> list[dict[str, object]]:
    """The JSON objects `go mod download -json` prints one after another (not a JSON array)."""
    decoder = json.JSONDecoder()
    records: list[dict[str, object]] = []
    at = 0
    while True:
        start = text.find("{", at)
        if start < 0:
            return records
        try:
            record, at = decoder.raw_decode(text, start)
        except ValueError:
            at = start + 1
            continue
        if isinstance(record, dict):
            records.append(record)


def _remove_tree(path: str) -> None:
    def writable(func, target, _exc):  # type: ignore[no-untyped-def]
        os.chmod(target, stat.S_IWUSR | stat.S_IRUSR | stat.S_IXUSR)
        func(target)

    for root, dirs, _files in os.walk(path):
        for d in dirs:
            with contextlib.suppress(OSError):
                os.chmod(os.path.join(root, d), 0o700)
    shutil.rmtree(path, onerror=writable)


def check_module(
    module_arg: str,
    environ: Mapping[str, str],
    *,
    timeout: float,
    fresh_cache: bool = True,
    go: str = "go",
    config: ModConfig | None = None,
) -> CheckResult:
    """Run `go mod download -json -x MODULE@VERSION` in a temporary module and read what happened."""
    module, _, version = module_arg.partition("@")
    work = tempfile.mkdtemp(prefix="goide-mod-check-")
    try:
        with open(os.path.join(work, "go.mod"), "w") as f:
            f.write("module goide.invalid/modcheck\n\ngo 1.21\n")
        env = dict(environ)
        env["GOFLAGS"] = (env.get("GOFLAGS", "") + " -mod=mod").strip()
        if fresh_cache:
            env["GOMODCACHE"] = os.path.join(work, "modcache")
        result = run(
            [go, "mod", "download", "-json", "-x", f"{module}@{version or 'latest'}"],
            timeout=timeout,
            env=env,
            cwd=work,
        )
    finally:
        _remove_tree(work)
    steps, other = parse_x_output(result.stderr)
    check = CheckResult(module, version or None, result.ok, result.timed_out, steps, seconds=result.seconds)
    if result.start_error:
        check.error = f"go could not be started: {result.start_error}"
        return check
    if result.timed_out:
        check.error = f"go mod download did not finish within {timeout:g} s (killed)"
    error_text = ""
    for record in _json_records(result.stdout):
        error_text = error_text or str(record.get("Error") or "")
        if not version and record.get("Version"):
            check.version = str(record["Version"])
    if error_text:
        check.ok = False
        check.error = check.error or error_text.splitlines()[0]
    text = "\n".join([error_text, *other])
    check.errors = decode_text(text, config)
    if not check.ok and check.error is None:
        last = [line for line in other if line.strip()][-1:]
        check.error = (last or [f"go exited with status {result.returncode}"])[0]
    return check


@dataclass(frozen=True)
class Observed:
    """What `go` did, read from the -x steps, in the words of a route."""

    proxies: tuple[str, ...]  # the predicted proxies Go asked for the module, in order
    direct: bool  # Go ran the VCS or asked a `?go-get=1` page
    checksum_db: bool  # Go looked the module up in a checksum database
    # The steps fit the route: every proxy asked is one predicted, in the predicted order; no direct
    # access where the route has none; no checksum lookup where the route has no database.
    agrees: bool


def observe(steps: list[CheckStep], route: Route) -> Observed:
    """Match the -x steps against the route's proxy URLs (credentials are already cut from both)."""
    escaped = strip_module_escape(route.module)
    asked: list[str] = []
    for step in steps:
        if step.kind != "get":
            continue
        for proxy in route.proxies:
            if step.target.startswith(f"{proxy.rstrip('/')}/{escaped}/@") and proxy not in asked:
                asked.append(proxy)
    direct = any(s.kind == "vcs" or (s.kind == "get" and "go-get=1" in s.target) for s in steps)
    sumdb = any(s.kind == "get" and "/lookup/" in s.target for s in steps)
    agrees = (
        asked == route.proxies[: len(asked)]
        and (route.direct or not direct)
        and (route.checksum_db is not None or not sumdb)
    )
    return Observed(tuple(asked), direct, sumdb, agrees)
