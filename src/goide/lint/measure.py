"""`goide lint ci --measure`: the real golangci-lint run twice on the repository, first with empty
caches, then with the caches the first run filled (GOCACHE, GOMODCACHE and GOLANGCI_LINT_CACHE, all
in one temporary directory): both times and the cache sizes, the proof that the cache recipe works."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goide.core.process import run

CACHES = ("GOCACHE", "GOMODCACHE", "GOLANGCI_LINT_CACHE")


@dataclass(frozen=True)
class Pass:
    name: str  # cold | warm
    seconds: float
    exit_status: int | None
    cache_bytes: dict[str, int]
    timed_out: bool = False
    output_tail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "seconds": round(self.seconds, 3),
            "exit_status": self.exit_status,
            "cache_bytes": self.cache_bytes,
            "timed_out": self.timed_out,
            "output_tail": self.output_tail,
        }


def tree_size(path: Path) -> int:
    total = 0
    for directory, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(directory, name)).st_size
            except OSError:
                continue
    return total


def measure(
    binary: str,
    directory: Path,
    *,
    timeout: float,
    environ: Mapping[str, str] | None = None,
    config: Path | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> list[Pass]:
    base = dict(environ if environ is not None else os.environ)
    tmp = Path(tempfile.mkdtemp(prefix="goide-lint-measure-"))
    try:
        env = {**base, **{name: str(tmp / name.lower()) for name in CACHES}, "NO_COLOR": "1"}
        argv = [binary, "run", *(["--config", str(config)] if config else []), "./..."]
        passes = []
        for name in ("cold", "warm"):
            progress(f"{name} run: {' '.join(argv)} (caches in {tmp})")
            result = run(argv, timeout=timeout, env=env, cwd=str(directory))
            sizes = {cache: tree_size(tmp / cache.lower()) for cache in CACHES}
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-5:])
            passes.append(Pass(name, result.seconds, result.returncode, sizes, result.timed_out, tail))
            if result.timed_out:
                break
        return passes
    finally:
        # The module cache is read-only on disk (go makes it so); make it writable to remove it.
        for root, dirs, _files in os.walk(tmp):
            for d in dirs:
                try:
                    os.chmod(os.path.join(root, d), 0o755)
                except OSError:
                    continue
        shutil.rmtree(tmp, ignore_errors=True)
