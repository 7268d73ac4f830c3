"""Where gopls writes its logs: finding them without reading them.

`goide doctor`'s gopls-logs collector looks for logs on every run and reads one only when it is
recent; this module holds the finding alone, so that looking imports none of the traceback
parser (`read.py`, which reads a log once one is found).
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def gopls_log_paths(directory: str | os.PathLike[str] | None = None, max_age_days: float = 7) -> list[Path]:
    """gopls `-logfile=auto` logs (`gopls-<pid>.log`, `gopls-daemon-<pid>.log`) newer than `max_age_days`.

    `directory` defaults to the temporary directory, where `-logfile=auto` writes them.
    """
    if directory is None:
        import tempfile  # only here: doctor passes the directory

        directory = tempfile.gettempdir()
    base = Path(directory)
    cutoff = time.time() - max_age_days * 86400
    found = []
    try:
        candidates = list(base.glob("gopls-*.log"))
    except OSError:
        return []
    for path in candidates:
        try:
            if path.is_file() and path.stat().st_mtime >= cutoff:
                found.append(path)
        except OSError:
            continue
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)
