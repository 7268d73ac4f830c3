"""Linux's inotify limits and what this user's processes already hold (`goide gopls` and
`goide doctor`'s workspace area, which reads them on every run, also without a workspace: this
module alone, without the tree scanner of `workspace.py`, which re-exports it).
"""

from __future__ import annotations

import os
from pathlib import Path


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def inotify_limits(proc: Path = Path("/proc"), uid: int | None = None) -> dict[str, int] | None:
    """Linux's inotify limits and what this user's processes already use; None elsewhere."""
    watches = _read_int(proc / "sys/fs/inotify/max_user_watches")
    instances = _read_int(proc / "sys/fs/inotify/max_user_instances")
    if watches is None or instances is None:
        return None
    uid = os.getuid() if uid is None and hasattr(os, "getuid") else uid
    used_watches, used_instances = _inotify_in_use(proc, uid)
    return {
        "max_user_watches": watches,
        "max_user_instances": instances,
        "watches_in_use": used_watches,
        "instances_in_use": used_instances,
    }


def _inotify_in_use(proc: Path, uid: int | None, max_fds: int = 200_000) -> tuple[int, int]:
    """Watches and instances held by `uid`'s processes (those whose /proc entries we may read)."""
    watches = instances = seen = 0
    try:
        pids = [p for p in os.listdir(proc) if p.isdigit()]
    except OSError:
        return 0, 0
    for pid in pids:
        base = proc / pid
        try:
            if uid is not None and base.stat().st_uid != uid:
                continue
            fds = os.listdir(base / "fd")
        except OSError:
            continue
        for fd in fds:
            seen += 1
            if seen > max_fds:
                return watches, instances
            try:
                if os.readlink(base / "fd" / fd) != "anon_inode:inotify":
                    continue
                with open(base / "fdinfo" / fd, "rb") as info:
                    watches += sum(1 for line in info if line.startswith(b"inotify wd:"))
                instances += 1
            except OSError:
                continue
    return watches, instances
