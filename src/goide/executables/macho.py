"""Mach-O executables: thin (32/64-bit, either byte order) and universal (fat and fat64), every slice.

A universal header starts with 0xcafebabe, as does a Java class file; like LLVM's magic
detection, a slice count below 43 means Mach-O (a class file has its major version >= 45 there).
"""

from __future__ import annotations

from goide.executables.binfile import BinaryFile, ExecutableFormatError, UnrecognizedFormatError, unpack
from goide.executables.buildinfo import read_build_info
from goide.executables.slice import Slice

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from goide.core.record import NamedTuple

THIN_MAGICS = {
    b"\xfe\xed\xfa\xce": (">", 32),
    b"\xfe\xed\xfa\xcf": (">", 64),
    b"\xce\xfa\xed\xfe": ("<", 32),
    b"\xcf\xfa\xed\xfe": ("<", 64),
}
FAT_MAGIC = b"\xca\xfe\xba\xbe"
FAT_MAGIC_64 = b"\xca\xfe\xba\xbf"
# LLVM (lib/BinaryFormat/Magic.cpp) and file(1) tell universal binaries from Java class files by
# this count: no real universal binary has this many slices, every class file has a larger value.
MAX_FAT_ARCHES = 42

LC_SEGMENT, LC_SYMTAB, LC_DYSYMTAB = 0x1, 0x2, 0xB
LC_LOAD_DYLIB, LC_LOAD_DYLINKER, LC_SEGMENT_64 = 0xC, 0xE, 0x19
LC_LAZY_LOAD_DYLIB, LC_VERSION_MIN_MACOSX, LC_VERSION_MIN_IPHONEOS = 0x20, 0x24, 0x25
LC_VERSION_MIN_TVOS, LC_VERSION_MIN_WATCHOS, LC_BUILD_VERSION = 0x2F, 0x30, 0x32
LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB, LC_LOAD_UPWARD_DYLIB = 0x80000018, 0x8000001F, 0x80000023
DYLIB_COMMANDS = {
    LC_LOAD_DYLIB,
    LC_LAZY_LOAD_DYLIB,
    LC_LOAD_WEAK_DYLIB,
    LC_REEXPORT_DYLIB,
    LC_LOAD_UPWARD_DYLIB,
}

_CPU_TYPES = {
    7: "386",
    0x01000007: "amd64",
    12: "arm",
    0x0100000C: "arm64",
    0x0200000C: "arm64_32",
    18: "ppc",
    0x01000012: "ppc64",
}
# LC_BUILD_VERSION platform -> GOOS (Go names iOS "ios", everything else from Apple is darwin-like).
_PLATFORMS = {1: "darwin", 2: "ios", 3: "tvos", 4: "watchos", 6: "ios", 7: "ios", 8: "tvos", 9: "watchos"}
_VERSION_MIN = {
    LC_VERSION_MIN_MACOSX: "darwin",
    LC_VERSION_MIN_IPHONEOS: "ios",
    LC_VERSION_MIN_TVOS: "tvos",
    LC_VERSION_MIN_WATCHOS: "watchos",
}


class _Segment(NamedTuple):
    name: bytes
    addr: int
    memsz: int
    offset: int
    filesz: int
    maxprot: int
    prot: int


class MachOImage:
    """One thin Mach-O image (a whole file or one slice of a universal file)."""

    def __init__(self, file: BinaryFile) -> None:
        self.file = file
        magic = file.read(0, 4, "Mach-O magic")
        if magic not in THIN_MAGICS:
            raise ExecutableFormatError(f"{file.name} does not start with a Mach-O magic number")
        e, self.bits = THIN_MAGICS[magic]
        self._e = e
        self.little = e == "<"
        header = file.read(0, 28 if self.bits == 32 else 32, "Mach-O header")
        _, self.cputype, self.cpusubtype, self.filetype, ncmds, sizeofcmds, _ = unpack(
            f"{e}IiIIIII", header, 0, "Mach-O header"
        )
        commands = file.read(len(header), sizeofcmds, "Mach-O load commands")
        self.segments: list[_Segment] = []
        self.section_names: list[tuple[bytes, int, int]] = []
        self.dylinker: str | None = None
        self.dylibs: list[str] = []
        self.symbols: int | None = None
        self.symbol_table_end = 0
        self.local_and_defined_symbols: int | None = None
        self.platform: str | None = None
        at = 0
        for _ in range(ncmds):
            cmd, size = unpack(f"{e}II", commands, at, "Mach-O load command")
            if size < 8 or at + size > len(commands):
                raise ExecutableFormatError(f"Mach-O load command 0x{cmd:x} has a bad size ({size})")
            self._command(cmd, commands[at : at + size])
            at += size
        for seg in self.segments:
            if seg.offset + seg.filesz > file.size:
                name = seg.name.decode("utf-8", "replace")
                raise ExecutableFormatError(f"Mach-O segment {name} lies past the end of the file")
        if self.symbol_table_end > file.size:
            raise ExecutableFormatError("Mach-O symbol table lies past the end of the file")

    def _command(self, cmd: int, data: bytes) -> None:
        e = self._e
        if cmd in (LC_SEGMENT, LC_SEGMENT_64):
            wide = cmd == LC_SEGMENT_64
            word = "Q" if wide else "I"
            name, addr, memsz, offset, filesz, maxprot, prot, nsects, _ = unpack(
                f"{e}16s{word}{word}{word}{word}iiII", data, 8, "Mach-O segment"
            )
            self.segments.append(_Segment(name.rstrip(b"\0"), addr, memsz, offset, filesz, maxprot, prot))
            section_size, first = (80, 72) if wide else (68, 56)
            if first + nsects * section_size > len(data):
                raise ExecutableFormatError(f"Mach-O segment claims {nsects} sections that do not fit")
            for i in range(nsects):
                sect, _, s_addr, s_size = unpack(
                    f"{e}16s16s{word}{word}", data, first + i * section_size, "Mach-O section"
                )
                self.section_names.append((sect.rstrip(b"\0"), s_addr, s_size))
        elif cmd == LC_SYMTAB:
            symoff, self.symbols, stroff, strsize = unpack(f"{e}4I", data, 8, "Mach-O symbol table command")
            self.symbol_table_end = max(
                symoff + self.symbols * (16 if self.bits == 64 else 12), stroff + strsize
            )
        elif cmd == LC_DYSYMTAB:
            fields = unpack(f"{e}4I", data, 8, "Mach-O dynamic symbol table command")
            self.local_and_defined_symbols = fields[1] + fields[3]
        elif cmd == LC_LOAD_DYLINKER:
            self.dylinker = _lc_str(data, e)
        elif cmd in DYLIB_COMMANDS:
            self.dylibs.append(_lc_str(data, e))
        elif cmd == LC_BUILD_VERSION:
            platform = unpack(f"{e}I", data, 8, "Mach-O build version")[0]
            self.platform = _PLATFORMS.get(platform, f"platform-{platform}")
        elif cmd in _VERSION_MIN and self.platform is None:
            self.platform = _VERSION_MIN[cmd]

    # MappedImage (debug/buildinfo's machoExe)

    def data_start(self) -> tuple[int, int]:
        for name, addr, size in self.section_names:
            if name == b"__go_buildinfo":
                return addr, size
        for seg in self.segments:
            if seg.addr != 0 and seg.filesz != 0 and seg.prot == 3 and seg.maxprot == 3:
                return seg.addr, seg.memsz
        return 0, 0

    def read_data(self, address: int, size: int) -> bytes:
        for seg in self.segments:
            if seg.addr <= address < seg.addr + seg.filesz:
                if seg.name == b"__PAGEZERO":
                    continue
                if seg.offset + seg.filesz > self.file.size:
                    raise ExecutableFormatError(
                        f"Mach-O segment {seg.name.decode('utf-8', 'replace')} lies past the end of the file"
                    )
                skip = address - seg.addr
                return self.file.read_upto(seg.offset + skip, min(size, seg.filesz - skip))
        return b""

    def arch(self) -> str:
        return _CPU_TYPES.get(self.cputype, "unknown")

    def stripped(self) -> bool:
        # A stripped executable keeps only the undefined symbols it imports from dylibs, so
        # LC_SYMTAB alone does not tell: no local and no defined external symbols means stripped.
        if not self.symbols:
            return True
        return self.local_and_defined_symbols == 0


def _lc_str(data: bytes, e: str) -> str:
    offset = unpack(f"{e}I", data, 8, "Mach-O load command string")[0]
    if offset >= len(data):
        raise ExecutableFormatError("Mach-O load command string lies outside its command")
    raw = data[offset:]
    end = raw.find(b"\0")
    return (raw if end < 0 else raw[:end]).decode("utf-8", "replace")


def _slice(file: BinaryFile) -> Slice:
    image = MachOImage(file)
    go = read_build_info(image)
    if go is not None and go.goos:
        os_name, os_source = go.goos, "buildinfo"
    elif image.platform is not None:
        os_name, os_source = image.platform, "load-command"
    else:
        os_name, os_source = "darwin", "default"
    return Slice(
        os=os_name,
        arch=image.arch(),
        bits=image.bits,
        endian="little" if image.little else "big",
        linking="dynamic" if image.dylinker or image.dylibs else "static",
        stripped=image.stripped(),
        go=go,
        os_source=os_source,
        machine=image.cputype,
        interpreter=image.dylinker,
        libraries=tuple(image.dylibs),
        offset=file.base,
        size=file.size,
    )


def read_slices(file: BinaryFile) -> tuple[Slice, ...]:
    """The one slice of a thin Mach-O file."""
    return (_slice(file),)


def read_universal_slices(file: BinaryFile) -> tuple[Slice, ...]:
    """Every slice of a universal (fat or fat64) Mach-O file, in header order."""
    header = file.read(0, 8, "universal Mach-O header")
    magic = header[:4]
    count = int.from_bytes(header[4:8], "big")
    if magic == FAT_MAGIC and count > MAX_FAT_ARCHES:
        if 45 <= count & 0xFFFF <= 255:
            raise UnrecognizedFormatError(
                f"{file.name}: a Java class file (version {count & 0xFFFF}.{count >> 16}), not an executable"
            )
        raise ExecutableFormatError(f"universal Mach-O header claims {count} slices")
    if count == 0:
        raise ExecutableFormatError("universal Mach-O header has no slices")
    if count > MAX_FAT_ARCHES:
        raise ExecutableFormatError(f"universal Mach-O header claims {count} slices")
    wide = magic == FAT_MAGIC_64
    entry = 32 if wide else 20
    table = file.read(8, count * entry, "universal Mach-O slice table")
    slices = []
    for i in range(count):
        if wide:
            _, _, offset, size = unpack(">iIQQ", table, i * entry, "universal Mach-O slice")
        else:
            _, _, offset, size = unpack(">iIII", table, i * entry, "universal Mach-O slice")
        slices.append(_slice(file.window(offset, size, f"universal Mach-O slice {i + 1}")))
    return tuple(slices)
