"""Native code inside a VSIX: every member whose first bytes are an ELF, Mach-O or PE header
(`.node` addons, helper executables, shared libraries), unpacked one at a time into a private
temporary directory under a name goide chooses, and read with goide's executable reader.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from goide.core.errors import InputError
from goide.executables.read import Executable, detect_format, read_executable
from goide.vsix.zipread import Archive

MAX_NATIVES = 500


@dataclass(frozen=True)
class Native:
    name: str  # the member's name in the zip
    format: str  # elf, macho, macho-universal, pe
    platforms: tuple[str, ...]  # GOOS/GOARCH of each slice: linux/amd64, darwin/arm64, ...
    loader: str | None = None  # ELF PT_INTERP: /lib/ld-musl-... (Alpine) or glibc's ld-linux
    error: str | None = None  # a header that claims a format but cannot be read


def find_natives(archive: Archive) -> list[Native]:
    found: list[Native] = []
    candidates = [m for m in archive.members if m.size >= 16 and not m.name.endswith("/")]
    with tempfile.TemporaryDirectory(prefix="goide-vsix-") as scratch:
        for index, member in enumerate(candidates):
            kind = detect_format(archive.head(member.name, 16))
            if kind is None:
                continue
            if len(found) >= MAX_NATIVES:
                raise InputError(
                    f"{archive.path}: more than {MAX_NATIVES} native binaries",
                    hint="this is not a usual extension",
                )
            dest = Path(scratch) / f"member-{index}"
            archive.extract(member.name, dest)
            found.append(_describe(member.name, kind, dest))
            dest.unlink()
    return found


def _describe(name: str, kind: str, path: Path) -> Native:
    try:
        exe: Executable = read_executable(path)
    except InputError as err:
        return Native(name, kind, (), error=err.message.replace(str(path), name))
    loader = next((s.interpreter for s in exe.slices if s.interpreter), None)
    return Native(name, exe.format, tuple(f"{s.os}/{s.arch}" for s in exe.slices), loader=loader)
