"""What an executable is: container format, and per architecture slice the OS, CPU, word size,
byte order, linking, stripping and Go build info. Any platform's file, read without running it.

The format is chosen by the first bytes of the file, as debug/buildinfo does; one small reader
per format (elf.py, macho.py, pe.py) reports the slices.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass

from goide.formats.binfile import (
    BinaryFile,
    ExecutableFormatError,
    NotExecutableError,
    UnrecognizedFormatError,
    file_size,
)
from goide.formats.buildinfo import BuildInfo

__all__ = [
    "Executable",
    "ExecutableFormatError",
    "NotExecutableError",
    "Slice",
    "UnrecognizedFormatError",
    "read_executable",
]


@dataclass(frozen=True)
class Slice:
    """One architecture of an executable (a universal Mach-O has several, everything else one)."""

    os: str  # Go's GOOS name: linux, darwin, windows, freebsd, ...
    arch: str  # Go's GOARCH name: amd64, arm64, 386, arm, riscv64, ppc64le, ...; "unknown" if none
    bits: int  # 32 or 64
    endian: str  # "little" | "big"
    linking: str  # "static" | "dynamic"
    stripped: bool  # no symbol table (ELF .symtab, Mach-O local/defined symbols, PE COFF symbols)
    go: BuildInfo | None  # None when the slice is not a Go executable
    # How `os` was decided: "buildinfo" (GOOS), "osabi", "note", "load-command", "format", "default".
    os_source: str = "default"
    machine: int = 0  # the raw e_machine / cputype / PE Machine value
    interpreter: str | None = None  # ELF PT_INTERP or Mach-O LC_LOAD_DYLINKER
    libraries: tuple[str, ...] = ()  # ELF DT_NEEDED, Mach-O dylibs, PE imported DLLs
    offset: int = 0  # where the slice starts in the file
    size: int = 0  # its length in bytes


@dataclass(frozen=True)
class Executable:
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
    if kind == "elf":
        from goide.formats import elf

        return elf.read_slices(file)
    if kind == "pe":
        from goide.formats import pe

        return pe.read_slices(file)
    from goide.formats import macho

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
