"""The gopls logs probe of `goide doctor`: finds recent gopls logs and the crashes in them, as plain
JSON for `Facts.extra["gopls-logs"]`.

Where the logs are:

- VS Code's output channels. The extension host writes each channel an extension creates to
  `<user data>/logs/<session>/window<N>/exthost/output_logging_<YYYYMMDDTHHMMSS>/<n>-<name>.log`,
  and a log output channel (`{log: true}`) to `.../exthost/<extension id>/<name>.log`
  (microsoft/vscode src/vs/workbench/api/common/extHostOutput.ts: `outputsLocation`,
  `doCreateOutputChannel`, `doCreateLogOutputChannel`). The Go extension's gopls channel is
  "gopls (server)" (older releases: "gopls"); `<user data>` is `~/.config/Code` on Linux,
  `~/Library/Application Support/Code` on macOS and `%APPDATA%\\Code` on Windows, with the
  flavour's name (`Code - Insiders`, `VSCodium`, `Cursor`) in place of `Code`.
- gopls `-logfile=auto` logs in the temporary directory (`goide.crash.logfiles.gopls_log_paths`).
- With `--workspace DIR`, a `-logfile=PATH` in the folder's `go.languageServerFlags`.

Each log is read from its last `TAIL_BYTES` (a gopls crash ends the process, so it is at the end
of the log of that run), at most `MAX_LOGS` logs, newest first. The probe never judges: it stores
what each crash is (kind, message, culprit frame) for `goide.doctor.rules.gopls_logs`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goide.core.errors import InputError

if TYPE_CHECKING:
    from goide.crash.classify import CrashSummary
    from goide.doctor.context import Context

MAX_AGE_DAYS = 7
MAX_LOGS = 20
TAIL_BYTES = 16 << 20
MAX_CRASHES_PER_LOG = 20
# The channel names vscode-go has used for gopls's output.
CHANNEL_PATTERNS = ("*-gopls*.log",)
LOG_CHANNEL_PATTERNS = ("gopls*.log",)
GO_EXTENSION_IDS = ("golang.go", "golang.Go")


def vscode_log_roots(system: str, environ: dict[str, str], home: Path) -> list[Path]:
    """`<user data>/logs` of every VS Code flavour (`system` as platform.system() names it)."""
    from goide.settings.sources import FLAVOURS, user_settings_path

    return [user_settings_path(f, system, environ, home).parent.parent / "logs" for f in FLAVOURS]


def _exthost_logs(root: Path) -> Iterator[Path]:
    for exthost in root.glob("*/window*/exthost"):
        for pattern in CHANNEL_PATTERNS:
            yield from exthost.glob(f"output_logging_*/{pattern}")
        for extension in GO_EXTENSION_IDS:
            for pattern in LOG_CHANNEL_PATTERNS:
                yield from (exthost / extension).glob(pattern)


def logfile_flags(workspace: Path) -> list[Path]:
    """`-logfile=PATH` (or `-logfile PATH`) in the folder's go.languageServerFlags."""
    from goide.settings.check import read_document

    try:
        value = read_document(workspace / ".vscode" / "settings.json").to_value()
    except InputError:
        return []
    flags = value.get("go.languageServerFlags") if isinstance(value, dict) else None
    if not isinstance(flags, list):
        return []
    found = []
    for i, flag in enumerate(flags):
        if not isinstance(flag, str):
            continue
        name, _, inline = flag.lstrip("-").partition("=")
        if name != "logfile" or not flag.startswith("-"):
            continue
        target = inline or (flags[i + 1] if i + 1 < len(flags) and isinstance(flags[i + 1], str) else "")
        if target and target != "auto":
            found.append(workspace / os.path.expanduser(target))  # an absolute path stays as it is
    return found


def recent_logs(candidates: list[Path], now: float) -> list[Path]:
    """The candidates modified in the last MAX_AGE_DAYS, newest first, at most MAX_LOGS."""
    dated = []
    seen = set()
    for path in candidates:
        try:
            info = path.stat()
        except OSError:
            continue
        if path in seen or not path.is_file() or info.st_mtime < now - MAX_AGE_DAYS * 86400:
            continue
        seen.add(path)
        dated.append((info.st_mtime, path))
    return [path for _, path in sorted(dated, reverse=True)[:MAX_LOGS]]


def _crash_facts(summary: CrashSummary, line_offset: int | None) -> dict[str, Any]:
    culprit = summary.culprit
    return {
        "kind": summary.kind.value,
        "title": summary.title,
        "message": summary.message.splitlines()[0] if summary.message else "",
        "line": summary.crash.start_line + line_offset if line_offset is not None else None,
        "is_gopls": summary.is_gopls,
        "culprit": {"function": culprit.function, "location": culprit.location()} if culprit else None,
        "gopls_version": summary.crash.gopls_version,
    }


def read_log(path: Path) -> dict[str, Any]:
    """The crashes at the end of one log (line numbers only when the whole log was read)."""
    from goide.crash.classify import summarize
    from goide.crash.read import read_crashes

    entry: dict[str, Any] = {"path": str(path), "crashes": [], "error": None, "skipped_bytes": 0}
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            start = max(0, size - TAIL_BYTES)
            stream.seek(start)
            entry["skipped_bytes"] = start
            for crash in read_crashes(stream):
                summary = summarize(crash, with_groups=False)
                entry["crashes"].append(_crash_facts(summary, 0 if start == 0 else None))
                if len(entry["crashes"]) >= MAX_CRASHES_PER_LOG:
                    break
    except OSError as err:
        entry["error"] = f"cannot read: {err.strerror}"
    return entry


def collect_gopls_logs(ctx: Context) -> dict[str, Any] | None:
    """The gopls logs facts, or None when no recent gopls log was found."""
    from goide.crash.logfiles import gopls_log_paths

    home = Path(ctx.home)
    from goide.doctor.collect.host import uname

    roots = vscode_log_roots(uname()[0], dict(ctx.environ), home)
    candidates = [path for root in roots if root.is_dir() for path in _exthost_logs(root)]
    temp = ctx.environ.get("TMPDIR") or _gettempdir()
    candidates += gopls_log_paths(temp, max_age_days=MAX_AGE_DAYS)
    if ctx.workspace:
        candidates += logfile_flags(Path(ctx.workspace))
    logs = recent_logs(candidates, time.time())
    if not logs:
        return None
    return {"logs": [read_log(path) for path in logs]}


def _gettempdir() -> str:
    import tempfile  # only here: most of doctor's runs have $TMPDIR

    return tempfile.gettempdir()
