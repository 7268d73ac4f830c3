"""Bounded reading of an executable file: the errors, the file handle and the small interface
that every container reader (ELF, Mach-O, PE) offers to the build-info reader.

Every read names what it reads, checks that it lies inside the file (or the universal
Mach-O slice), and is capped, so a hostile header can neither make goide read past the end
nor allocate more than a few megabytes.
"""

from __future__ import annotations

import os
import struct

from goide.core.errors import InputError

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import Any, BinaryIO, Protocol

# A named file that cannot be read as an executable is exit status 1, like `go version -m`
# (docs/cli.md); usage errors stay 2.
EXIT_NOT_EXECUTABLE = 1

# No header table goide reads (load commands, section names, dynamic strings) is this large
# in a real executable; larger claims are corrupt input, refused before allocating.
MAX_TABLE = 16 << 20


class NotExecutableError(InputError):
    """The file is readable but is not an executable of a known format (or does not exist)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint, exit_status=EXIT_NOT_EXECUTABLE)


class UnrecognizedFormatError(NotExecutableError):
    """The file is readable but its first bytes name no executable format goide knows."""


class ExecutableFormatError(InputError):
    """The file claims a known format but breaks its rules: truncated, offsets past the end, ..."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(
            message,
            hint=hint or "the file is truncated or corrupt; copy or download it again",
            exit_status=EXIT_NOT_EXECUTABLE,
        )


class BinaryFile:
    """A window [base, base+size) of an open file, read only in bounded, checked pieces."""

    def __init__(self, handle: BinaryIO, base: int, size: int, name: str) -> None:
        self._handle = handle
        self.base = base
        self.size = size
        self.name = name

    def window(self, offset: int, size: int, name: str) -> BinaryFile:
        """The part of this window at `offset` (a universal Mach-O slice)."""
        if offset < 0 or size < 0 or offset + size > self.size:
            raise ExecutableFormatError(
                f"{name} (offset {offset}, size {size}) lies past the end of the file"
            )
        return BinaryFile(self._handle, self.base + offset, size, name)

    def read(self, offset: int, size: int, what: str) -> bytes:
        """Exactly `size` bytes at `offset`, or ExecutableFormatError naming `what`."""
        if size > MAX_TABLE:
            raise ExecutableFormatError(f"{what} claims {size} bytes, more than any real executable has")
        if offset < 0 or size < 0 or offset + size > self.size:
            raise ExecutableFormatError(
                f"{what} (offset {offset}, {size} bytes) lies past the end of the file ({self.size} bytes)"
            )
        data = self.read_upto(offset, size)
        if len(data) != size:
            raise ExecutableFormatError(f"{what}: file ended early (it changed while being read?)")
        return data

    def read_upto(self, offset: int, size: int) -> bytes:
        """Up to `size` bytes at `offset`, fewer at the end of the window; never raises for the end."""
        if offset < 0 or offset >= self.size or size <= 0:
            return b""
        size = min(size, self.size - offset)
        self._handle.seek(self.base + offset)
        return self._handle.read(size)

    def cstring(self, offset: int, limit: int = 4096) -> str:
        """A NUL-terminated string at `offset`, at most `limit` bytes long (shorter at the end)."""
        data = self.read_upto(offset, limit)
        end = data.find(b"\0")
        return (data if end < 0 else data[:end]).decode("utf-8", "replace")


def unpack(fmt: str, data: bytes, offset: int, what: str) -> tuple[Any, ...]:
    """struct.unpack_from with the bounds checked first, so a short table is a format error.

    Integers for integer codes, bytes for `s` codes (hence Any).
    """
    size = struct.calcsize(fmt)
    if offset < 0 or offset + size > len(data):
        raise ExecutableFormatError(f"{what} is truncated")
    return struct.unpack_from(fmt, data, offset)


def file_size(handle: BinaryIO) -> int:
    return os.fstat(handle.fileno()).st_size


if TYPE_CHECKING:

    class MappedImage(Protocol):
        """What the build-info reader needs from one executable image (debug/buildinfo's `exe`)."""

        def data_start(self) -> tuple[int, int]:
            """Address and size of the section or segment that holds the build info; size 0 if none."""
            ...

        def read_data(self, address: int, size: int) -> bytes:
            """Up to `size` bytes at virtual `address`, to the end of the mapped piece holding it.

            Returns b"" when no piece of the file is mapped at `address`.
            """
            ...
