"""Writing a user's file safely: diff preview, backup, atomic replace, and refusal when unsafe.

The flow is `snapshot = read_snapshot(path)`, compute the new text, `unified_diff(...)` for the
preview, then `write_atomic(snapshot, new_text)`. The write refuses, with a clear error, when
the file changed on disk since the snapshot (its bytes are compared by SHA-256), when the file
or its directory is not writable, or when the file is read-only. A symlink is followed, so a
settings file kept in a dotfiles repository stays a link. The backup is a byte-for-byte copy
named `FILE.goide-backup-YYYYMMDDTHHMMSSZ` beside the file.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import secrets
import stat
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from goide.core.errors import GoideError, InputError

if TYPE_CHECKING:
    from goide.core.hunks import Change

BACKUP_INFIX = ".goide-backup-"


@dataclass(frozen=True)
class Snapshot:
    """A file as read before an edit: where it really lives, its bytes, their hash, its mode."""

    path: Path
    real_path: Path
    data: bytes
    sha256: str
    mode: int
    exists: bool


_READ_HINT = "check the file's permissions (ls -l) and that it is the file you meant"


def read_snapshot(path: Path, *, max_bytes: int | None = None) -> Snapshot:
    """Read `path` for a later `write_atomic`; a missing file is an empty snapshot."""
    real = Path(os.path.realpath(path))
    try:
        info = real.stat()
    except FileNotFoundError:
        return Snapshot(path, real, b"", hashlib.sha256(b"").hexdigest(), 0o644, exists=False)
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}", hint=_READ_HINT) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file", hint="name the settings file itself")
    if max_bytes is not None and info.st_size > max_bytes:
        raise InputError(
            f"{path}: {info.st_size} bytes is larger than the {max_bytes} bytes goide reads",
            hint="check that this is the file you meant",
        )
    try:
        data = real.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}", hint=_READ_HINT) from None
    return Snapshot(path, real, data, hashlib.sha256(data).hexdigest(), stat.S_IMODE(info.st_mode), True)


def unified_diff(path: Path, old: str, new: str) -> str:
    """A unified diff from `old` to `new`, labelled with `path`; line endings shown as they are."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"{path} (before)",
        tofile=f"{path} (after)",
    )
    return _shown(lines)


def unified_diff_edits(path: Path, old: str, new: str, changes: Sequence[Change]) -> str:
    """What `unified_diff(path, old, new)` gives, built from `changes` (the character ranges of
    `old` that became ranges of `new`; equal everywhere else) without comparing every line when
    `goide.core.hunks` can prove difflib's answer; otherwise `unified_diff` itself."""
    from goide.core.hunks import unified_lines  # only a preview of known changes needs it

    lines = unified_lines(old, new, changes, f"{path} (before)", f"{path} (after)")
    if lines is None:
        return unified_diff(path, old, new)
    return _shown(lines)


def _shown(lines: Iterable[str]) -> str:
    out = []
    for line in lines:
        # Keep the diff readable on a terminal even where the file uses CR LF.
        text = line.replace("\r\n", "\n")
        out.append(text if text.endswith("\n") else text + "\n\\ No newline at end of file\n")
    return "".join(out)


def backup_path(real_path: Path, now: float | None = None) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() if now is None else now))
    candidate = real_path.with_name(f"{real_path.name}{BACKUP_INFIX}{stamp}")
    counter = 1
    while candidate.exists():
        candidate = real_path.with_name(f"{real_path.name}{BACKUP_INFIX}{stamp}-{counter}")
        counter += 1
    return candidate


def check_writable(snapshot: Snapshot) -> None:
    """Refuse a read-only file or a directory where no temporary file can be made."""
    real = snapshot.real_path
    if snapshot.exists and (not snapshot.mode & 0o222 or not os.access(real, os.W_OK)):
        raise GoideError(
            f"{snapshot.path} is read-only; goide did not change it",
            hint="make it writable (chmod u+w) if you want goide to fix it, or apply the diff yourself",
        )
    directory = real.parent
    if not directory.is_dir():
        raise GoideError(f"{directory} does not exist", hint="create the directory first")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise GoideError(
            f"cannot write in {directory}; goide did not change {snapshot.path.name}",
            hint="goide writes a temporary file beside the file and renames it; the folder must be writable",
        )


def write_atomic(snapshot: Snapshot, new_data: bytes, *, backup: bool = True) -> Path | None:
    """Replace the file of `snapshot` with `new_data` atomically; return the backup's path.

    The file is re-read first: if its bytes differ from the snapshot (an editor saved it in the
    meantime), nothing is written. The new bytes go to a temporary file in the same directory,
    which is flushed, fsynced, given the old file's mode and renamed over the file.
    """
    check_writable(snapshot)
    current = read_snapshot(snapshot.path)
    if current.exists != snapshot.exists or current.sha256 != snapshot.sha256:
        raise GoideError(
            f"{snapshot.path} changed on disk after goide read it; goide did not change it",
            hint="run the command again to work from the current contents",
        )
    real = snapshot.real_path
    saved: Path | None = None
    tmp_name: str | None = None
    try:
        if backup and snapshot.exists:
            saved = backup_path(real)
            _write_new_file(saved, snapshot.data, snapshot.mode)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".goide-tmp", dir=real.parent)
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(new_data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, snapshot.mode)
        os.replace(tmp_name, real)
    except OSError as err:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
        kept = f"; the backup {saved} is kept" if saved else ""
        raise GoideError(
            f"could not write {snapshot.path}: {err.strerror or err}; the file is unchanged{kept}",
            hint="free disk space or fix the folder's permissions, then run the command again",
        ) from None
    _fsync_directory(real.parent)
    return saved


def _write_new_file(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the directory entry is on disk; Windows has no such call.
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_output(path: Path, data: bytes, *, what: str = "file") -> None:
    """Create or replace the output file `path` (a report, a facts file) with `data` atomically.

    The bytes go to a uniquely named temporary file beside `path` (never a fixed `PATH.tmp`, which
    could be a file of the user's), are fsynced and renamed over `path`; on any failure the
    temporary file is removed and the error names `path`. `what` names the file in that error.
    A character device or a named pipe at `path` (`/dev/null`, `/dev/stdout`, a FIFO) is written
    into, never replaced: renaming over it would turn the device into a regular file, which as
    root is what `--json /dev/null` did. A block device or a socket is refused.
    """
    try:
        mode = os.stat(path).st_mode  # follows symlinks: /dev/stdout -> the pipe or terminal
    except FileNotFoundError:
        mode = 0
    except OSError as err:
        raise GoideError(
            f"cannot write {what} {path}: {err.strerror or err}", hint="check the path and its permissions"
        ) from None
    if stat.S_ISDIR(mode):
        raise GoideError(f"cannot write {what} {path}: it is a directory", hint="give a file name")
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        _write_stream(path, data, what)
        return
    if stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        kind = "a block device" if stat.S_ISBLK(mode) else "a socket"
        raise GoideError(f"cannot write {what} {path}: it is {kind}", hint="give a regular file's name")
    target = Path(os.path.realpath(path))
    tmp_name: str | None = None
    try:
        fd, tmp_name = _create_beside(target)
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, target)
    except OSError as err:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
        raise GoideError(
            f"cannot write {what} {path}: {err.strerror or err}",
            hint="check that the directory exists and is writable",
        ) from None


def _write_stream(path: Path, data: bytes, what: str) -> None:
    """Write into a character device or a named pipe as it is (opening a FIFO waits for a reader)."""
    try:
        with open(path, "wb") as out:
            out.write(data)
    except OSError as err:
        raise GoideError(
            f"cannot write {what} {path}: {err.strerror or err}", hint="check the device or pipe at that path"
        ) from None


def _create_beside(target: Path) -> tuple[int, str]:
    """A new, uniquely named file beside `target`, with the mode the umask gives (unlike mkstemp's 0600)."""
    while True:
        name = str(target.with_name(f".{target.name}.{secrets.token_hex(6)}.goide-tmp"))
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), name
        except FileExistsError:
            continue
