"""Workspace probe of `goide doctor`: the tree scan of `goide.gopls.workspace` for `--workspace`
(directories to watch, big trees, generated files, modules) and, on Linux, the inotify limits.
Without a workspace only the limits are read. The data rides in `Facts.extra["workspace"]`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from goide.doctor.context import Context

# Doctor must stay quick: a larger tree is reported as truncated (counts are lower bounds).
DOCTOR_MAX_ENTRIES = 300_000


def collect_workspace(ctx: Context) -> dict[str, Any] | None:
    if ctx.workspace:
        from goide.gopls.workspace import scan

        root = Path(ctx.workspace).resolve()  # `--workspace .` is named by its path in the findings
        return scan(root, environ=ctx.environ, max_entries=DOCTOR_MAX_ENTRIES).to_json()
    from goide.gopls.inotify import inotify_limits

    limits = inotify_limits()
    return None if limits is None else {"root": None, "inotify": limits}
