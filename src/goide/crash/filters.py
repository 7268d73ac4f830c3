"""What `goide crash` shows of each crash: goroutine groups filtered by function or file
(`--match`, `--exclude`, as panicparse's `-m`/`-f`), and paths rebased to this machine
(`--rebase`, for traces from another machine, as panicparse's `-rebase`)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

from goide.core.errors import InputError
from goide.crash.classify import CrashSummary, GoroutineGroup, trace_goroot
from goide.crash.traceback import Crash, Frame

# Where Go puts downloaded modules, as it appears in any machine's paths.
_MODCACHE = re.compile(r"^(?P<cache>.*?/pkg/mod)/")


def compile_filter(pattern: str | None, flag: str) -> re.Pattern[str] | None:
    """A `--match`/`--exclude` pattern (a Python regular expression), or InputError (exit 2)."""
    if pattern is None:
        return None
    try:
        return re.compile(pattern)
    except re.error as err:
        raise InputError(
            f"{flag} {pattern!r} is not a regular expression: {err}",
            hint=f"for example {flag} 'net/http|grpc'",
        ) from None


def _frames_of(group: GoroutineGroup) -> Iterable[Frame]:
    yield from group.frames
    if group.created_by is not None:
        yield group.created_by


def _hits(pattern: re.Pattern[str], group: GoroutineGroup) -> bool:
    return any(pattern.search(f.function) or pattern.search(f.file) for f in _frames_of(group))


def filter_groups(
    summary: CrashSummary, match: re.Pattern[str] | None, exclude: re.Pattern[str] | None
) -> CrashSummary:
    """Keep the groups with a frame (function or file) matching `match` and none matching
    `exclude`; the group of the goroutine that crashed is always kept. Changes `summary`."""
    if match is None and exclude is None:
        return summary
    kept = [
        g
        for g in summary.groups
        if g.crashed or ((match is None or _hits(match, g)) and (exclude is None or not _hits(exclude, g)))
    ]
    summary.groups_hidden += len(summary.groups) - len(kept)
    summary.groups = kept
    return summary


def parse_rebase(values: Sequence[str]) -> list[tuple[str, str]]:
    """`--rebase OLD=NEW` pairs; `auto` (the bare flag) is kept as ("auto", "")."""
    pairs = []
    for value in values:
        if value == "auto":
            pairs.append(("auto", ""))
            continue
        old, sep, new = value.partition("=")
        if not sep or not old or not new:
            raise InputError(
                f"--rebase {value!r} is not OLD=NEW",
                hint="--rebase /home/ci/go=/usr/local/go, or --rebase alone (GOROOT and module cache)",
            )
        pairs.append((old.rstrip("/"), new.rstrip("/")))
    return pairs


def local_go_paths() -> tuple[str, str]:
    """This machine's GOROOT and GOMODCACHE, from `go env`; InputError when go cannot say."""
    from goide.core.process import run

    result = run(["go", "env", "-json", "GOROOT", "GOMODCACHE"], timeout=30)
    if not result.ok:
        raise InputError(
            "--rebase needs `go env` to find this machine's GOROOT and module cache, and it failed",
            hint="put go on PATH, or give the mapping yourself: --rebase OLD=NEW",
        )
    env = json.loads(result.stdout)
    return str(env.get("GOROOT", "")).rstrip("/"), str(env.get("GOMODCACHE", "")).rstrip("/")


def rebase(crash: Crash, pairs: Sequence[tuple[str, str]], local: tuple[str, str] | None = None) -> None:
    """Rewrite the file of every frame of `crash` by the first matching OLD=NEW prefix; `auto`
    maps the GOROOT the trace shows and its module cache (`.../pkg/mod`) to `local`."""
    mapping = [(old, new) for old, new in pairs if old != "auto"]
    if any(old == "auto" for old, _ in pairs) and local is not None:
        goroot, modcache = local
        remote = trace_goroot(crash)
        if remote and goroot and remote != goroot:
            mapping.append((remote, goroot))
        if modcache:
            for frame in _all_frames(crash):
                found = _MODCACHE.match(frame.file)
                if found and found["cache"] != modcache:
                    mapping.append((found["cache"], modcache))
                    break
    if not mapping:
        return
    seen: set[int] = set()
    for frame in _all_frames(crash):
        if id(frame) in seen:
            continue
        seen.add(id(frame))
        for old, new in mapping:
            if frame.file.startswith(old + "/"):
                frame.file = new + frame.file[len(old) :]
                break


def _all_frames(crash: Crash) -> Iterable[Frame]:
    yield from crash.runtime_stack
    for goroutine in crash.goroutines:
        yield from goroutine.frames
        if goroutine.created_by is not None:
            yield goroutine.created_by
    for access in crash.race:
        yield from access.frames
    for bucket in crash.buckets.values():  # examples beyond the goroutines kept
        yield from bucket.example.frames
