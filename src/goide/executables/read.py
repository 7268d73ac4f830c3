"""What an executable is: container format, and per architecture slice the OS, CPU, word size,
byte order, linking, stripping and Go build info. Any platform's file, read without running it.

The format is chosen by the first bytes of the file, as debug/buildinfo does; one small reader
per format (elf.py, macho.py, pe.py) reports the slices.
"""

from __future__ import annotations

import errno
import os
import stat

from goide.executables.binfile import (
    BinaryFile,
    ExecutableFormatError,
    NotExecutableError,
    UnrecognizedFormatError,
    file_size,
)
from goide.executables.slice import Slice

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from goide.core.record import NamedTuple

__all__ = [
    "Executable",
    "ExecutableFormatError",
    "NotExecutableError",
    "Slice",
    "UnrecognizedFormatError",
    "read_executable",
]


class Executable(NamedTuple):
    path: str
    format: str  # "elf" | "macho" | "macho-universal" | "pe"
    slices: tuple[Slice, ...]


def detect_format(ident: bytes) -> str | None:
    """The container format named by the first bytes of a file, None when none is known."""
    if ident.startswith(b"\x7fELF"):
        return "elf"
    if ident.startswith(b"MZ"):
        return "pe"
    if ident.startswith(b"\xfe\xed\xfa") or ident[1:4] == b"\xfa\xed\xfe":
        return "macho"
    if ident[:4] in (b"\xca\xfe\xba\xbe", b"\xca\xfe\xba\xbf"):
        return "macho-universal"
    return None


def read_executable(path: str | os.PathLike[str]) -> Executable:
    """Read the executable at `path`.

    Raises NotExecutableError (missing, unreadable, not a file, no known format) or
    ExecutableFormatError (a known format that is truncated or corrupt); both are InputErrors
    with exit status 1.
    """
    name = os.fspath(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer.
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as err:
        raise _open_error(name, err) from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise NotExecutableError(f"{name}: is a directory", hint="pass -r to read the executables in it")
        if not stat.S_ISREG(mode):
            raise NotExecutableError(f"{name}: not a regular file")
        file = BinaryFile(handle, 0, file_size(handle), name)
        try:
            ident = file.read_upto(0, 16)
        except OSError as err:
            raise _open_error(name, err) from None
        kind = detect_format(ident)
        if kind is None:
            what = "an empty file" if file.size == 0 else "not an executable (unrecognized file format)"
            raise UnrecognizedFormatError(f"{name}: {what}")
        try:
            slices = _read_slices(kind, file)
        except ExecutableFormatError as err:
            err.message = f"{name}: {err.message}"
            err.args = (err.message,)
            raise
        except NotExecutableError:
            raise
        except OSError as err:
            raise _open_error(name, err) from None
    return Executable(path=name, format=kind, slices=slices)


def _read_slices(kind: str, file: BinaryFile) -> tuple[Slice, ...]:
    # Each reader is imported when a file of its format turns up.
    if kind == "elf":
        from goide.executables import elf

        return elf.read_slices(file)
    if kind == "pe":
        from goide.executables import pe

        return pe.read_slices(file)
    from goide.executables import macho

    if kind == "macho":
        return macho.read_slices(file)
    return macho.read_universal_slices(file)


def _open_error(name: str, err: OSError) -> NotExecutableError:
    reason = os.strerror(err.errno) if err.errno else str(err)
    hint = None
    if err.errno in (errno.EACCES, errno.EPERM):
        hint = "check the file's permissions (or run as a user who may read it)"
    elif err.errno == errno.ENOENT:
        hint = "check the path"
    return NotExecutableError(f"{name}: {reason.lower() if reason else 'cannot be read'}", hint=hint)
