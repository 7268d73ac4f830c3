"""Reading one log as input (`crash`, `trace`): refusing what is not a log, and progress.

`check_input(name, ...)` refuses a character or block device (`/dev/zero` would be read until
killed) and, for `-` on a terminal, says what to pipe in instead of waiting silently.
`open_input(name, hint=...)` opens it: standard input for `-`, else the file, with one
`error:` line for a missing file, a directory or one that cannot be read.

A progress bar by bytes read, for a large file:

`with_progress(stream, label)` returns `stream` itself unless the input is a regular file larger
than PROGRESS_MIN_BYTES and stderr is a terminal; then a wrapper whose `read`/`read1` draw
`label [#####.....]  42%  84/200 MB` on stderr, at most ten times a second, and erase it at the
end. Nothing is drawn into pipes or files, so output stays clean for scripts and CI logs.

A small file read whole (facts files, reports, lint configs, bundle manifests):

`read_regular_file(path, limit, what=..., hint=...)` opens without blocking (a named pipe with no
writer would wait forever), refuses anything that is not a regular file, checked on the open file
(devices, pipes, sockets, directories), and never holds more than `limit` + 1 bytes: more than
`limit` is refused, or with `cut=True` the first `limit` bytes are returned.
"""

from __future__ import annotations

import os
import sys
import time

from goide.core.errors import InputError

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import BinaryIO, TextIO

PROGRESS_MIN_BYTES = 8 << 20  # files smaller than this are read before a bar would be seen
_WIDTH = 30


class ProgressReader:
    """Reads through to `stream` and redraws the bar on `out` as bytes arrive."""

    def __init__(self, stream: BinaryIO, total: int, label: str, out: TextIO) -> None:
        self._stream = stream
        self._total = total
        self._label = label
        self._out = out
        self._done = 0
        self._last = 0.0
        self.drawn = 0  # how many times the bar was drawn

    def _count(self, data: bytes) -> bytes:
        self._done += len(data)
        now = time.monotonic()
        if not data:
            self.finish()
        elif now - self._last >= 0.1:
            self._last = now
            self._draw()
        return data

    def _draw(self) -> None:
        fraction = min(1.0, self._done / self._total) if self._total else 1.0
        filled = int(fraction * _WIDTH)
        bar = "#" * filled + "." * (_WIDTH - filled)
        self._out.write(f"\r{self._label} [{bar}] {fraction:4.0%}  {self._done >> 20}/{self._total >> 20} MB")
        self._out.flush()
        self.drawn += 1

    def read(self, size: int = -1) -> bytes:
        return self._count(self._stream.read(size))

    def read1(self, size: int = -1) -> bytes:
        return self._count(self._stream.read1(size))  # type: ignore[attr-defined]

    def finish(self) -> None:
        if self.drawn:
            self._out.write("\r\x1b[K")
            self._out.flush()
            self.drawn = 0

    def close(self) -> None:
        self.finish()
        self._stream.close()


def with_progress(stream: BinaryIO, label: str, *, out: TextIO | None = None) -> BinaryIO:
    """`stream`, or a ProgressReader over it when a bar is worth drawing (see the module doc)."""
    out = out if out is not None else sys.stderr
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return stream
    import stat

    if not stat.S_ISREG(info.st_mode) or info.st_size < PROGRESS_MIN_BYTES or not out.isatty():
        return stream
    return ProgressReader(stream, info.st_size, label, out)  # type: ignore[return-value]


def check_input(name: str, *, what: str, example: str) -> None:
    """InputError (exit 2) unless `name` (`-`: standard input) can be read as a log.

    `what` names the input (`a log`, `a trace`); `example` is the hint's command line for
    piping one in (`go test ./... 2>&1 | goide crash`).
    """
    import stat

    if name == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError(
                f"no file given, and standard input is a terminal: goide reads {what} from a file or a pipe",
                hint=example,
            )
        try:
            mode = os.fstat(sys.stdin.fileno()).st_mode
        except (OSError, ValueError):
            return
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            raise InputError(f"standard input is a device, not {what}", hint=example)
        return
    try:
        mode = os.stat(name).st_mode
    except OSError:
        return  # the reader reports a missing or unreadable file with its own words
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise InputError(f"{name} is a device, not {what}", hint=example)


def open_input(name: str, *, hint: str) -> BinaryIO:
    """`-` for standard input, else the file; InputError (exit 2, with `hint`) when it cannot be read."""
    if name == "-":
        return sys.stdin.buffer
    from pathlib import Path  # here: commands that only check their inputs do not need it

    path = Path(name)
    if path.is_dir():
        raise InputError(f"{name} is a directory", hint=hint)
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(f"{name}: no such file", hint=hint) from None
    except OSError as err:
        raise InputError(f"cannot read {name}: {err.strerror or err}", hint=hint) from None


def read_regular_file(
    path: str | os.PathLike[str], limit: int, *, what: str, hint: str, cut: bool = False
) -> bytes:
    """The bytes of the regular file `path`; InputError (exit 2) naming it as `what` otherwise.

    `hint` goes with the refusals of the file itself (not a regular file, too large); a missing
    file says "check the path", an unreadable one "check the file's permissions".
    """
    import stat

    name = os.fspath(path)
    try:
        # Opened before any check, so that the check and the read see the same file. O_NONBLOCK: a
        # named pipe with no writer must not block the open (it is refused below); O_BINARY: no
        # newline translation on Windows.
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as file:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                raise InputError(f"cannot read {what} {name}: it is a directory", hint=hint)
            if not stat.S_ISREG(mode):
                raise InputError(f"cannot read {what} {name}: not a regular file", hint=hint)
            # At most one byte more than the limit: a file growing as it is read cannot grow memory.
            data = file.read(limit + 1)
    except FileNotFoundError:
        raise InputError(f"cannot read {what} {name}: no such file", hint="check the path") from None
    except OSError as err:
        if os.path.isdir(name):  # Windows refuses to open a directory at all
            raise InputError(f"cannot read {what} {name}: it is a directory", hint=hint) from None
        raise InputError(
            f"cannot read {what} {name}: {err.strerror or err}", hint="check the file's permissions"
        ) from None
    if len(data) <= limit:
        return data
    if cut:
        return data[:limit]
    size = f"{limit >> 20} MiB" if limit % (1 << 20) == 0 else f"{limit} bytes"
    raise InputError(f"{what} {name} is larger than {size}", hint=hint)
