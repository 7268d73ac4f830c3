"""A VSIX is a zip; this reads one bounded, whatever it claims.

The end-of-central-directory record is read first, so a zip claiming millions of members is
refused before `zipfile` builds a record for each. Every member's declared size and ratio is
checked before a byte of it is inflated (a member claiming 4 GiB, a zip bomb), and reading
stops at the declared size (zipfile checks the CRC, so a member that inflates to more than it
declares is a corrupt zip). Member names are never used as paths.
"""

from __future__ import annotations

import os
import shutil
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from goide.core.errors import InputError

MAX_MEMBERS = 50_000  # the Go extension has ~100; the largest Marketplace extensions a few thousand
MAX_MEMBER = 512 << 20  # one file inside an extension
MAX_TOTAL = 2 << 30  # all files together, uncompressed
BOMB_RATIO = 200  # real files (JS, binaries) compress far less than this...
BOMB_MIN = 16 << 20  # ...once they are this big
MAX_TEXT = 8 << 20  # package.json, extension.vsixmanifest
# What zipfile raises for a damaged or unusual member: bad CRC, bad deflate data, truncation,
# an unsupported method, an encrypted member (RuntimeError).
_CORRUPT = (zipfile.BadZipFile, zlib.error, ValueError, EOFError, NotImplementedError, RuntimeError)
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"


class VsixError(InputError):
    """The file is not a VSIX goide will read: not a zip, corrupt, or hostile."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint or "the package is corrupt or hostile; do not install it")


@dataclass(frozen=True)
class Member:
    name: str
    size: int  # declared uncompressed size
    compressed: int
    unsafe_path: str | None = None  # why the name would escape an extraction directory


def unsafe_reason(name: str) -> str | None:
    """Why extracting `name` would write outside the target directory (zip slip), if it would."""
    if name.startswith(("/", "\\")):
        return "absolute path"
    if len(name) > 1 and name[1] == ":":
        return "drive letter"
    if "\\" in name:
        return "backslash in path"
    if ".." in name.split("/"):
        return "'..' component"
    if "\0" in name:
        return "NUL in name"
    return None


def _member_count(path: Path, size: int) -> int:
    """Entries the central directory claims, read from the EOCD (and zip64 EOCD) records."""
    with open(path, "rb") as f:
        tail_size = min(size, 65_557)
        f.seek(size - tail_size)
        tail = f.read(tail_size)
        at = tail.rfind(_EOCD)
        if at < 0 or at + 22 > len(tail):
            raise VsixError(f"{path}: not a zip file (no end of central directory)")
        (entries,) = struct.unpack_from("<H", tail, at + 10)
        locator = at - 20
        if entries == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == _ZIP64_LOCATOR:
            (offset,) = struct.unpack_from("<Q", tail, locator + 8)
            if offset + 56 > size:
                raise VsixError(f"{path}: corrupt zip64 record (offset past the end)")
            f.seek(offset)
            record = f.read(56)
            if record[:4] != _ZIP64_EOCD:
                raise VsixError(f"{path}: corrupt zip64 end of central directory")
            (entries,) = struct.unpack_from("<Q", record, 32)
        return int(entries)


class Archive:
    """An open VSIX; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            size = os.stat(path).st_size
            if not path.is_file():
                raise VsixError(f"{path}: not a file", hint="pass a .vsix file")
        except OSError as err:
            raise InputError(f"{path}: {(err.strerror or str(err)).lower()}", hint="check the path") from None
        count = _member_count(path, size)
        if count > MAX_MEMBERS:
            raise VsixError(
                f"{path}: the zip claims {count} members, more than any extension has ({MAX_MEMBERS})"
            )
        try:
            self.zip = zipfile.ZipFile(path)
        except (*_CORRUPT, zipfile.LargeZipFile, OSError) as err:
            raise VsixError(f"{path}: not a readable zip ({err})") from None
        self.members: list[Member] = []
        total = 0
        for info in self.zip.infolist():
            if info.file_size > MAX_MEMBER:
                raise VsixError(
                    f"{path}: member {info.filename!r} claims {_size(info.file_size)} uncompressed, "
                    f"more than any extension file (limit {_size(MAX_MEMBER)})"
                )
            if info.file_size >= BOMB_MIN and info.file_size > BOMB_RATIO * max(info.compress_size, 1):
                raise VsixError(
                    f"{path}: member {info.filename!r} inflates {info.compress_size} bytes to "
                    f"{_size(info.file_size)} (a zip bomb)"
                )
            total += info.file_size
            if total > MAX_TOTAL:
                raise VsixError(f"{path}: members claim more than {_size(MAX_TOTAL)} in all (a zip bomb)")
            self.members.append(
                Member(info.filename, info.file_size, info.compress_size, unsafe_reason(info.filename))
            )
        self._infos = {info.filename: info for info in self.zip.infolist()}

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.zip.close()

    def read(self, name: str, limit: int = MAX_TEXT) -> bytes | None:
        """The bytes of member `name` (None if there is none); larger than `limit` is an error."""
        info = self._infos.get(name)
        if info is None:
            return None
        if info.file_size > limit:
            raise VsixError(f"{self.path}: {name} is {_size(info.file_size)}, larger than {_size(limit)}")
        try:
            with self.zip.open(info) as member:
                return member.read(limit + 1)[: limit + 1]
        except (*_CORRUPT, OSError) as err:
            raise VsixError(f"{self.path}: {name}: corrupt member ({err})") from None

    def head(self, name: str, size: int = 64) -> bytes:
        """The first bytes of a member (magic numbers), without inflating the rest."""
        try:
            with self.zip.open(self._infos[name]) as member:
                return member.read(size)
        except (*_CORRUPT, OSError) as err:
            raise VsixError(f"{self.path}: {name}: corrupt member ({err})") from None

    def extract(self, name: str, dest: Path) -> None:
        """Member `name` written to `dest` (a path goide chose, never the member's name)."""
        try:
            with self.zip.open(self._infos[name]) as member, open(dest, "wb") as out:
                shutil.copyfileobj(member, out, 1 << 20)
        except _CORRUPT as err:
            raise VsixError(f"{self.path}: {name}: corrupt member ({err})") from None
        except OSError as err:
            raise InputError(
                f"cannot unpack {name} to read it: {err.strerror or err}",
                hint="free space in the temp directory",
            ) from None


def _size(n: int) -> str:
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            return f"{n / (1 << shift):.1f} {unit}"
    return f"{n} bytes"
