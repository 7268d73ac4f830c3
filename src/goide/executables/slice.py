"""One architecture slice of an executable: the record every format reader (elf, macho, pe) returns."""

from __future__ import annotations

from goide.executables.buildinfo import BuildInfo

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from goide.core.record import NamedTuple


class Slice(NamedTuple):
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
