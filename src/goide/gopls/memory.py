"""gopls's memory from outside (resident set from /proc, or `ps` where there is no /proc) and
from inside (`gopls.mem_stats`: the Go heap as gopls's own runtime counts it)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goide.core import process
from goide.core.lsp import LspClient, LspError


@dataclass(frozen=True)
class HeapStats:
    heap_alloc: int
    heap_in_use: int
    total_alloc: int


def _status_kib(pid: int, field: str, proc: Path) -> int | None:
    try:
        with open(proc / str(pid) / "status", "rb") as status:
            for line in status:
                if line.startswith(field.encode() + b":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def rss_bytes(pid: int, *, proc: Path = Path("/proc")) -> tuple[int | None, bool]:
    """(bytes, is_peak): the kernel's high-water mark VmHWM on Linux (the true peak); elsewhere the
    current resident set from `ps` (a sample: the caller keeps the largest it saw)."""
    peak = _status_kib(pid, "VmHWM", proc)
    if peak is not None:
        return peak * 1024, True
    if sys.platform == "win32":
        return None, False
    result = process.run(["ps", "-o", "rss=", "-p", str(pid)], timeout=5)
    try:
        return int(result.stdout.split()[0]) * 1024, False  # ps reports KiB on Linux and macOS
    except (ValueError, IndexError):
        return None, False


def heap_stats(client: LspClient, *, timeout: float) -> HeapStats | None:
    """gopls's own memstats (the `gopls.mem_stats` command that `gopls stats` uses)."""
    try:
        result: Any = client.request(
            "workspace/executeCommand", {"command": "gopls.mem_stats", "arguments": []}, timeout=timeout
        )
    except LspError as err:
        if err.code is None:
            raise
        return None  # an older gopls without the command
    if not isinstance(result, dict):
        return None
    try:
        return HeapStats(int(result["HeapAlloc"]), int(result["HeapInUse"]), int(result["TotalAlloc"]))
    except (KeyError, TypeError, ValueError):
        return None
