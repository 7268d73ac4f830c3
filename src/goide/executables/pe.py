"""PE executables (Windows; PE32 and PE32+): one slice.

Reads the DOS stub's pointer, the COFF header, the optional header's image base and data
directories, the section table and the import directory; nothing else.
"""

from __future__ import annotations

from goide.executables.binfile import BinaryFile, ExecutableFormatError, unpack
from goide.executables.buildinfo import read_build_info
from goide.executables.slice import Slice

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from goide.core.record import NamedTuple

PE32, PE32_PLUS = 0x10B, 0x20B
IMPORT_DIRECTORY = 1
MAX_IMPORTS = 1024
# debug/buildinfo's peExe.DataStart: initialized, readable, writable data (alignment bits ignored).
_DATA_CHARACTERISTICS = 0x40 | 0x40000000 | 0x80000000
_ALIGN_32BYTES = 0x600000

_MACHINES = {
    0x14C: "386",
    0x8664: "amd64",
    0x1C0: "arm",
    0x1C4: "arm",
    0xAA64: "arm64",
    0xA641: "arm64ec",
    0x5064: "riscv64",
    0x6264: "loong64",
}


class _Section(NamedTuple):
    name: bytes
    virtual_size: int
    virtual_address: int
    raw_size: int
    raw_offset: int
    characteristics: int


class PeImage:
    """A PE file parsed just enough to map addresses and list its imports."""

    def __init__(self, file: BinaryFile) -> None:
        self.file = file
        (pe_offset,) = unpack("<I", file.read(0x3C, 4, "PE header pointer"), 0, "PE header pointer")
        coff = file.read(pe_offset, 24, "PE signature and COFF header")
        if coff[:4] != b"PE\0\0":
            raise ExecutableFormatError("MZ file without a PE signature (a DOS program or corrupt)")
        self.machine, nsections, _, self.symbol_table, self.symbol_count, optional_size, _ = unpack(
            "<HHIIIHH", coff, 4, "COFF header"
        )
        optional = file.read(pe_offset + 24, optional_size, "PE optional header")
        if len(optional) < 2:
            raise ExecutableFormatError("PE file has no optional header, so it is not an executable image")
        (magic,) = unpack("<H", optional, 0, "PE optional header")
        if magic == PE32:
            self.bits = 32
            (self.image_base,) = unpack("<I", optional, 28, "PE optional header")
            (ndirs,) = unpack("<I", optional, 92, "PE optional header")
            dirs_at = 96
        elif magic == PE32_PLUS:
            self.bits = 64
            (self.image_base,) = unpack("<Q", optional, 24, "PE optional header")
            (ndirs,) = unpack("<I", optional, 108, "PE optional header")
            dirs_at = 112
        else:
            raise ExecutableFormatError(f"PE optional header magic 0x{magic:x} is neither PE32 nor PE32+")
        self.directories = [
            unpack("<II", optional, dirs_at + 8 * i, "PE data directory")
            for i in range(min(ndirs, 16, (len(optional) - dirs_at) // 8))
        ]
        table = file.read(pe_offset + 24 + optional_size, 40 * nsections, "PE section table")
        self.sections = []
        for i in range(nsections):
            name, vsize, vaddr, raw_size, raw_offset, _, _, _, _, chars = unpack(
                "<8sIIIIIIHHI", table, 40 * i, "PE section header"
            )
            self.sections.append(_Section(name.rstrip(b"\0"), vsize, vaddr, raw_size, raw_offset, chars))
            if raw_size and raw_offset + raw_size > file.size:
                label = name.rstrip(b"\0").decode("utf-8", "replace")
                raise ExecutableFormatError(f"PE section {label!r} lies past the end of the file")
        if self.symbol_table and self.symbol_table + 18 * self.symbol_count > file.size:
            raise ExecutableFormatError("PE COFF symbol table lies past the end of the file")

    # MappedImage (debug/buildinfo's peExe)

    def data_start(self) -> tuple[int, int]:
        for sect in self.sections:
            if (
                sect.virtual_address != 0
                and sect.raw_size != 0
                and sect.characteristics & ~_ALIGN_32BYTES == _DATA_CHARACTERISTICS
            ):
                return sect.virtual_address + self.image_base, sect.virtual_size
        return 0, 0

    def read_data(self, address: int, size: int) -> bytes:
        return self._read_rva(address - self.image_base, size)

    def _read_rva(self, rva: int, size: int) -> bytes:
        for sect in self.sections:
            if sect.virtual_address <= rva < sect.virtual_address + sect.raw_size:
                if sect.raw_offset + sect.raw_size > self.file.size:
                    raise ExecutableFormatError(
                        f"PE section {sect.name.decode('utf-8', 'replace')} lies past the end of the file"
                    )
                skip = rva - sect.virtual_address
                return self.file.read_upto(sect.raw_offset + skip, min(size, sect.raw_size - skip))
        return b""

    def imports(self) -> tuple[str, ...]:
        """The DLL names of the import directory, in order."""
        if len(self.directories) <= IMPORT_DIRECTORY:
            return ()
        rva, size = self.directories[IMPORT_DIRECTORY]
        if rva == 0 or size == 0:
            return ()
        table = self._read_rva(rva, min(size, MAX_IMPORTS * 20))
        names = []
        for at in range(0, len(table) - 19, 20):
            descriptor = unpack("<5I", table, at, "PE import descriptor")
            if not any(descriptor):
                break
            name = self._read_rva(descriptor[3], 256)
            end = name.find(b"\0")
            names.append((name if end < 0 else name[:end]).decode("utf-8", "replace"))
        return tuple(names)

    def arch(self) -> str:
        return _MACHINES.get(self.machine, "unknown")


def read_slices(file: BinaryFile) -> tuple[Slice, ...]:
    image = PeImage(file)
    go = read_build_info(image)
    libraries = image.imports()
    return (
        Slice(
            os=go.goos if go is not None and go.goos else "windows",
            arch=image.arch(),
            bits=image.bits,
            endian="little",
            linking="dynamic" if libraries else "static",
            stripped=image.symbol_table == 0 or image.symbol_count == 0,
            go=go,
            os_source="buildinfo" if go is not None and go.goos else "format",
            machine=image.machine,
            interpreter=None,
            libraries=libraries,
            offset=file.base,
            size=file.size,
        ),
    )
