"""`--jsonfile FILE`: the exact bytes `go test -json` wrote, for a later `goide test --input FILE`.

The bytes are copied as they are read (memory stays flat) into a temporary file beside FILE that
replaces it at the end, so that a run stopped half way still leaves a stream that `--input` reads
and never a mix with an older one. A character device or a FIFO (`/dev/stdout`, a named pipe) is
written straight into, never replaced.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path
from typing import IO

from goide.core.errors import GoideError


class RawCapture:
    def __init__(self, path: Path) -> None:
        self.path = path
        target = Path(os.path.realpath(path))
        try:
            mode = target.stat().st_mode
        except OSError:
            mode = 0
        self._direct = stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)
        self._target = target
        self._tmp = (
            target if self._direct else target.with_name(f".{target.name}.{secrets.token_hex(6)}.goide-tmp")
        )
        try:
            self._file: IO[bytes] = open(self._tmp, "wb")  # noqa: SIM115 - closed by commit/abort
        except OSError as err:
            raise GoideError(
                f"cannot write the raw stream {path}: {err.strerror or err}",
                hint="check that the directory exists and is writable",
            ) from None

    def tee(self, stream: IO[bytes]) -> IO[bytes]:
        return _Tee(stream, self._file)  # type: ignore[return-value]

    def commit(self) -> None:
        """Put the copied bytes at the path (what was read so far, when the run was stopped)."""
        try:
            self._file.flush()
            if not self._direct:
                os.fsync(self._file.fileno())
            self._file.close()
            if not self._direct:
                os.replace(self._tmp, self._target)
        except OSError as err:
            self.abort()
            raise GoideError(
                f"cannot write the raw stream {self.path}: {err.strerror or err}",
                hint="check that the directory exists and is writable",
            ) from None

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self._file.close()
        if not self._direct:
            with contextlib.suppress(OSError):
                self._tmp.unlink()


class _Tee:
    """A byte stream that copies every block it hands over into `copy`."""

    def __init__(self, raw: IO[bytes], copy: IO[bytes]) -> None:
        self._raw = raw
        self._copy = copy
        self._read = getattr(raw, "read1", raw.read)

    def read1(self, size: int = -1) -> bytes:
        data: bytes = self._read(size)
        if data:
            self._copy.write(data)
        return data

    read = read1
