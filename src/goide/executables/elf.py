"""ELF executables (Linux, FreeBSD, ... ; 32/64-bit, either byte order): one slice.

Reads the file header, the program headers (PT_INTERP, PT_DYNAMIC, PT_NOTE, PT_LOAD) and the
section headers (.symtab, .go.buildinfo), nothing else; the build info is then found the way
debug/buildinfo finds it.
"""

from __future__ import annotations

from goide.executables.binfile import MAX_TABLE, BinaryFile, ExecutableFormatError, unpack
from goide.executables.buildinfo import read_build_info
from goide.executables.slice import Slice

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from goide.core.record import NamedTuple

PT_LOAD, PT_DYNAMIC, PT_INTERP, PT_NOTE = 1, 2, 3, 4
PF_X, PF_W = 1, 2
SHT_SYMTAB, SHT_NOBITS = 2, 8
DT_NULL, DT_NEEDED, DT_STRTAB = 0, 1, 5
MAX_DYNAMIC_ENTRIES = 4096
MAX_NOTES_BYTES = 64 << 10

# e_machine -> Go GOARCH for (64-bit?, little-endian?) where the name depends on them.
_MACHINES: dict[int, str | dict[tuple[bool, bool], str]] = {
    2: "sparc",
    3: "386",
    8: {(False, False): "mips", (False, True): "mipsle", (True, False): "mips64", (True, True): "mips64le"},
    20: "ppc",
    21: {(True, False): "ppc64", (True, True): "ppc64le"},
    22: {(False, False): "s390", (True, False): "s390x"},
    40: "arm",
    43: "sparc64",
    62: "amd64",
    183: "arm64",
    243: {(True, True): "riscv64", (False, True): "riscv"},
    258: {(True, True): "loong64"},
}

# EI_OSABI values that name an OS (0 "System V" and 3 "GNU/Linux" say nothing reliable).
_OSABI = {1: "hpux", 2: "netbsd", 6: "solaris", 7: "aix", 9: "freebsd", 12: "openbsd"}
# Note owner names that identify an OS (NT_*_ABI_TAG / ident notes).
_NOTE_OWNERS = {b"FreeBSD": "freebsd", b"NetBSD": "netbsd", b"OpenBSD": "openbsd", b"Android": "android"}
# NT_GNU_ABI_TAG (owner "GNU", type 1): first word of the descriptor is the OS.
_GNU_ABI_OS = {0: "linux", 1: "hurd", 2: "solaris", 3: "freebsd"}


class _Segment(NamedTuple):
    type: int
    flags: int
    offset: int
    vaddr: int
    filesz: int
    memsz: int
    align: int


class _Section(NamedTuple):
    name_offset: int
    type: int
    addr: int
    offset: int
    size: int


class ElfImage:
    """An ELF file parsed just enough to map addresses and find its sections."""

    def __init__(self, file: BinaryFile) -> None:
        self.file = file
        ident = file.read(0, 16, "ELF identification")
        if ident[4] not in (1, 2):
            raise ExecutableFormatError(f"ELF class {ident[4]} is neither 32- nor 64-bit")
        if ident[5] not in (1, 2):
            raise ExecutableFormatError(f"ELF data encoding {ident[5]} is neither little- nor big-endian")
        self.bits = 32 if ident[4] == 1 else 64
        self.little = ident[5] == 1
        self.osabi = ident[7]
        e = "<" if self.little else ">"
        word = "I" if self.bits == 32 else "Q"
        header_size = 52 if self.bits == 32 else 64
        header = file.read(0, header_size, "ELF header")
        fields = unpack(f"{e}HHI{word}{word}{word}IHHHHHH", header, 16, "ELF header")
        (self.type, self.machine, _, _, phoff, shoff, _, _, phentsize, phnum, shentsize, shnum, shstrndx) = (
            fields
        )
        self._e = e
        self._word = word
        # Extended numbering: real counts live in section header 0 when the fields overflow.
        if shoff and (shnum == 0 or phnum == 0xFFFF or shstrndx == 0xFFFF):
            first = self._section_header(shoff, shentsize, 0)
            if shnum == 0:
                shnum = first.size
            if phnum == 0xFFFF:
                phnum = self._section0_word(shoff, 28 if self.bits == 32 else 44)
            if shstrndx == 0xFFFF:
                shstrndx = self._section0_word(shoff, 24 if self.bits == 32 else 40)
        self.segments = self._segments(phoff, phentsize, phnum)
        self.sections = self._sections(shoff, shentsize, shnum)
        self._names = self._section_names(shstrndx)
        self._check_file_ranges()

    def _check_file_ranges(self) -> None:
        """Every segment and section with file contents lies inside the file (else: truncated)."""
        for segment in self.segments:
            if segment.type == PT_LOAD and segment.offset + segment.filesz > self.file.size:
                raise ExecutableFormatError(
                    f"ELF segment at 0x{segment.vaddr:x} lies past the end of the file"
                )
        for section in self.sections:
            if section.type != SHT_NOBITS and section.offset + section.size > self.file.size:
                name = self.section_name(section).decode("utf-8", "replace")
                raise ExecutableFormatError(f"ELF section {name!r} lies past the end of the file")

    def _segments(self, phoff: int, entsize: int, count: int) -> tuple[_Segment, ...]:
        if count == 0:
            return ()
        need = 32 if self.bits == 32 else 56
        if entsize < need:
            raise ExecutableFormatError(f"ELF program header size {entsize} is smaller than {need}")
        table = self.file.read(phoff, entsize * count, "ELF program header table")
        out = []
        for i in range(count):
            at = i * entsize
            if self.bits == 32:
                ptype, off, vaddr, _, filesz, memsz, flags, align = unpack(
                    f"{self._e}8I", table, at, "ELF program header"
                )
            else:
                ptype, flags, off, vaddr, _, filesz, memsz, align = unpack(
                    f"{self._e}IIQQQQQQ", table, at, "ELF program header"
                )
            out.append(_Segment(ptype, flags, off, vaddr, filesz, memsz, align))
        return tuple(out)

    def _section_header(self, shoff: int, entsize: int, index: int) -> _Section:
        need = 40 if self.bits == 32 else 64
        if entsize < need:
            raise ExecutableFormatError(f"ELF section header size {entsize} is smaller than {need}")
        raw = self.file.read(shoff + index * entsize, need, "ELF section header")
        return self._parse_section(raw, 0)

    def _section0_word(self, shoff: int, at: int) -> int:
        """sh_link (at 24/40) or sh_info (at 28/44) of section header 0."""
        raw = self.file.read(shoff + at, 4, "ELF section header 0")
        return int.from_bytes(raw, "little" if self.little else "big")

    def _parse_section(self, table: bytes, at: int) -> _Section:
        w = self._word
        name, stype, _, addr, offset, size = unpack(
            f"{self._e}II{w}{w}{w}{w}", table, at, "ELF section header"
        )
        return _Section(name, stype, addr, offset, size)

    def _sections(self, shoff: int, entsize: int, count: int) -> tuple[_Section, ...]:
        if shoff == 0 or count == 0:
            return ()
        need = 40 if self.bits == 32 else 64
        if entsize < need:
            raise ExecutableFormatError(f"ELF section header size {entsize} is smaller than {need}")
        table = self.file.read(shoff, entsize * count, "ELF section header table")
        return tuple(self._parse_section(table, i * entsize) for i in range(count))

    def _section_names(self, index: int) -> bytes:
        if not self.sections or index >= len(self.sections) or index == 0:
            return b""
        names = self.sections[index]
        if names.size > MAX_TABLE:
            raise ExecutableFormatError(f"ELF section name table claims {names.size} bytes")
        return self.file.read(names.offset, names.size, "ELF section name table")

    def section_name(self, section: _Section) -> bytes:
        start = section.name_offset
        if start >= len(self._names):
            return b""
        end = self._names.find(b"\0", start)
        return self._names[start : end if end >= 0 else len(self._names)]

    # MappedImage (debug/buildinfo's elfExe)

    def data_start(self) -> tuple[int, int]:
        for section in self.sections:
            if self.section_name(section) == b".go.buildinfo":
                return section.addr, section.size
        for segment in self.segments:
            if segment.type == PT_LOAD and segment.flags & (PF_X | PF_W) == PF_W:
                return segment.vaddr, segment.memsz
        return 0, 0

    def read_data(self, address: int, size: int) -> bytes:
        for segment in self.segments:
            if segment.vaddr <= address < segment.vaddr + segment.filesz:
                if segment.offset + segment.filesz > self.file.size:
                    raise ExecutableFormatError(
                        f"ELF segment at 0x{segment.vaddr:x} lies past the end of the file"
                    )
                skip = address - segment.vaddr
                return self.file.read_upto(segment.offset + skip, min(size, segment.filesz - skip))
        return b""

    def file_offset(self, address: int) -> int | None:
        for segment in self.segments:
            if segment.type == PT_LOAD and segment.vaddr <= address < segment.vaddr + segment.filesz:
                return segment.offset + address - segment.vaddr
        return None

    # What the slice reports

    def interpreter(self) -> str | None:
        for segment in self.segments:
            if segment.type == PT_INTERP:
                return self.file.cstring(segment.offset, min(segment.filesz, 4096))
        return None

    def libraries(self) -> tuple[str, ...]:
        """DT_NEEDED names, read through DT_STRTAB (an address, mapped by the PT_LOAD segments)."""
        dynamic = next((s for s in self.segments if s.type == PT_DYNAMIC), None)
        if dynamic is None:
            return ()
        entry = 8 if self.bits == 32 else 16
        count = min(dynamic.filesz // entry, MAX_DYNAMIC_ENTRIES)
        table = self.file.read(dynamic.offset, count * entry, "ELF dynamic section")
        fmt = f"{self._e}{'iI' if self.bits == 32 else 'qQ'}"
        needed: list[int] = []
        strtab: int | None = None
        for i in range(count):
            tag, value = unpack(fmt, table, i * entry, "ELF dynamic entry")
            if tag == DT_NULL:
                break
            if tag == DT_NEEDED:
                needed.append(value)
            elif tag == DT_STRTAB:
                strtab = value
        if not needed:
            return ()
        base = self.file_offset(strtab) if strtab is not None else None
        if base is None:
            raise ExecutableFormatError("ELF dynamic string table is not mapped by any segment")
        return tuple(self.file.cstring(base + offset) for offset in needed)

    def stripped(self) -> bool:
        return not any(section.type == SHT_SYMTAB for section in self.sections)

    def note_os(self) -> str | None:
        """The OS named by an ABI-tag or ident note in a PT_NOTE segment, if any."""
        for segment in self.segments:
            if segment.type != PT_NOTE:
                continue
            data = self.file.read_upto(segment.offset, min(segment.filesz, MAX_NOTES_BYTES))
            align = 8 if segment.align == 8 else 4
            at = 0
            while at + 12 <= len(data):
                namesz, descsz, ntype = unpack(f"{self._e}III", data, at, "ELF note")
                name_at = at + 12
                desc_at = name_at + (namesz + align - 1) // align * align
                owner = data[name_at : name_at + namesz].rstrip(b"\0")
                if owner in _NOTE_OWNERS:
                    return _NOTE_OWNERS[owner]
                if owner == b"GNU" and ntype == 1 and descsz >= 4 and desc_at + 4 <= len(data):
                    return _GNU_ABI_OS.get(unpack(f"{self._e}I", data, desc_at, "ELF note")[0])
                at = desc_at + (descsz + align - 1) // align * align
        return None

    def arch(self) -> str:
        name = _MACHINES.get(self.machine)
        if isinstance(name, dict):
            return name.get((self.bits == 64, self.little), "unknown")
        return name or "unknown"


def read_slices(file: BinaryFile) -> tuple[Slice, ...]:
    image = ElfImage(file)
    go = read_build_info(image)
    if go is not None and go.goos:
        os_name, os_source = go.goos, "buildinfo"
    elif image.osabi in _OSABI:
        os_name, os_source = _OSABI[image.osabi], "osabi"
    elif (noted := image.note_os()) is not None:
        os_name, os_source = noted, "note"
    else:
        os_name, os_source = "linux", "default"
    interpreter = image.interpreter()
    libraries = image.libraries()
    return (
        Slice(
            os=os_name,
            arch=image.arch(),
            bits=image.bits,
            endian="little" if image.little else "big",
            linking="dynamic" if interpreter or libraries else "static",
            stripped=image.stripped(),
            go=go,
            os_source=os_source,
            machine=image.machine,
            interpreter=interpreter,
            libraries=libraries,
            offset=file.base,
            size=file.size,
        ),
    )
