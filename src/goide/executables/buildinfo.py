"""The Go build info embedded in an executable, read the way Go's `debug/buildinfo` reads it.

The linker writes a 16-byte-aligned blob that starts with the magic `\\xff Go buildinf:` into the
data section. Since Go 1.18 the Go version and the module info follow the 32-byte header
inline, each as a uvarint length and bytes; before that the header held two pointers to Go
string headers ({data, len}) that must be dereferenced through the executable's address map.
The module info text (`path`, `mod`, `dep`, `=>`, `build` lines) is parsed like
`runtime/debug.ParseBuildInfo`, with Go's quoting rules for build settings.
"""

from __future__ import annotations

from goide.executables.binfile import ExecutableFormatError

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import Literal, NamedTuple

    from goide.executables.binfile import MappedImage
else:
    from goide.core.record import NamedTuple

MAGIC = b"\xff Go buildinf:"
ALIGN = 16
HEADER_SIZE = 32
FLAG_BIG_ENDIAN = 0x1
FLAG_VERSION_INLINE = 0x2
MAX_VARINT_LEN = 10
# debug/buildinfo reads the data section in 1 MiB chunks; the blob sits near its start, so the
# first read is smaller (most executables are answered by it) and later ones are full size.
FIRST_CHUNK = 64 << 10
CHUNK = 1 << 20
# Module info of the biggest real tools is a few hundred KiB; a longer claimed string is corrupt.
MAX_STRING = 16 << 20


class BuildInfoError(ExecutableFormatError):
    """The build-info blob is there but broken: a bad varint, a string past its section, bad text."""

    def __init__(self, message: str) -> None:
        super().__init__(
            f"malformed Go build info: {message}",
            hint="the executable is truncated or corrupt; rebuild or download it again",
        )


class Module(NamedTuple):
    """A module of the build: the main module, a dependency, or a replacement."""

    path: str
    version: str
    sum: str = ""
    replace: Module | None = None


class BuildInfo(NamedTuple):
    """What `go version -m` shows: Go version, main package, modules and build settings."""

    version: str
    path: str = ""
    main: Module | None = None
    deps: tuple[Module, ...] = ()
    settings: tuple[tuple[str, str], ...] = ()
    # "inline" (Go 1.18+) or "pointer" (before Go 1.18): which header layout the blob used.
    layout: str = "inline"

    def setting(self, key: str) -> str | None:
        """The value of build setting `key` (the first one, as Go records each key once)."""
        for name, value in self.settings:
            if name == key:
                return value
        return None

    @property
    def goos(self) -> str | None:
        return self.setting("GOOS")

    @property
    def goarch(self) -> str | None:
        return self.setting("GOARCH")


def read_build_info(image: MappedImage) -> BuildInfo | None:
    """The build info of one executable image, None when it is not a Go executable.

    Raises BuildInfoError when the magic is there but what follows cannot be read.
    """
    start, size = image.data_start()
    if size <= 0:
        return None
    address = _search_magic(image, start, size)
    if address is None:
        return None
    header = image.read_data(address, HEADER_SIZE)
    if len(header) < HEADER_SIZE:
        return None
    flags = header[15]
    if flags & FLAG_VERSION_INLINE:
        version, after = _inline_string(image, address + HEADER_SIZE, "Go version")
        modinfo, _ = _inline_string(image, after, "module info")
        layout = "inline"
    else:
        pointer_size = header[14]
        if pointer_size not in (4, 8):
            return None
        order: Literal["little", "big"] = "big" if flags & FLAG_BIG_ENDIAN else "little"
        version_at = int.from_bytes(header[16 : 16 + pointer_size], order)
        modinfo_at = int.from_bytes(header[16 + pointer_size : 16 + 2 * pointer_size], order)
        version = _pointed_string(image, version_at, pointer_size, order)
        modinfo = _pointed_string(image, modinfo_at, pointer_size, order)
        layout = "pointer"
    if not version:
        return None
    text = _unframe(modinfo)
    info = parse_modinfo(text.decode("utf-8", "replace"))
    return BuildInfo(
        version=version.decode("utf-8", "replace"),
        path=info.path,
        main=info.main,
        deps=info.deps,
        settings=info.settings,
        layout=layout,
    )


def _search_magic(image: MappedImage, start: int, size: int) -> int | None:
    """The first 16-aligned address in [start, start+size) holding the magic with a full header."""
    end = start + size
    start = (start + ALIGN - 1) & ~(ALIGN - 1)
    chunk = FIRST_CHUNK
    while start < end:
        length = min(chunk, end - start)
        data = image.read_data(start, length)
        if not data:
            return None
        at = data.find(MAGIC)
        while at >= 0:
            if end - (start + at) < HEADER_SIZE:
                return None
            if at % ALIGN == 0:
                return start + at
            at = data.find(MAGIC, (at + ALIGN - 1) & ~(ALIGN - 1))
        # A short read means the mapped piece ended before the claimed size.
        if len(data) < length:
            return None
        start += length
        chunk = CHUNK
    return None


def _inline_string(image: MappedImage, address: int, what: str) -> tuple[bytes, int]:
    head = image.read_data(address, MAX_VARINT_LEN)
    length, used = _uvarint(head, what)
    if length > MAX_STRING:
        raise BuildInfoError(f"{what} claims {length} bytes")
    data = image.read_data(address + used, length) if length else b""
    if len(data) < length:
        raise BuildInfoError(f"{what} ({length} bytes) runs past the end of its section")
    return data, address + used + length


def _uvarint(data: bytes, what: str) -> tuple[int, int]:
    """encoding/binary.Uvarint: the value and the bytes used; errors where Go returns n <= 0."""
    value = 0
    shift = 0
    for index, byte in enumerate(data[:MAX_VARINT_LEN]):
        if byte < 0x80:
            if index == MAX_VARINT_LEN - 1 and byte > 1:
                raise BuildInfoError(f"the length of the {what} overflows 64 bits")
            return value | byte << shift, index + 1
        value |= (byte & 0x7F) << shift
        shift += 7
    if len(data) >= MAX_VARINT_LEN:
        raise BuildInfoError(f"the length of the {what} overflows 64 bits")
    raise BuildInfoError(f"the length of the {what} runs past the end of its section")


def _pointed_string(
    image: MappedImage, address: int, pointer_size: int, order: Literal["little", "big"]
) -> bytes:
    """A Go string header {data, len} at `address`, dereferenced; b"" where Go gives up too."""
    header = image.read_data(address, 2 * pointer_size)
    if len(header) < 2 * pointer_size:
        return b""
    data_at = int.from_bytes(header[:pointer_size], order)
    length = int.from_bytes(header[pointer_size:], order)
    if length > MAX_STRING:
        raise BuildInfoError(f"a string claims {length} bytes")
    data = image.read_data(data_at, length) if length else b""
    return data if len(data) == length else b""


def _unframe(modinfo: bytes) -> bytes:
    """Strip cmd/go's 16-byte sentinels around the module info; anything else means no modules."""
    if len(modinfo) >= 33 and modinfo[-17] == 0x0A:
        return modinfo[16:-16]
    return b""


class _ModInfo(NamedTuple):
    path: str
    main: Module | None
    deps: tuple[Module, ...]
    settings: tuple[tuple[str, str], ...]


def parse_modinfo(text: str) -> _ModInfo:
    """Parse the module info text like runtime/debug.ParseBuildInfo (Go version excluded)."""
    path = ""
    main: Module | None = None
    deps: list[Module] = []
    settings: list[tuple[str, str]] = []
    # Which module the next `=>` line replaces: "main", an index into deps, or None.
    last: str | int | None = None
    lines = text.split("\n")
    # Go stops at the last newline: a final line without one is ignored.
    for number, line in enumerate(lines[:-1], start=1):
        try:
            if line.startswith("path\t"):
                path = line[5:]
            elif line.startswith("mod\t"):
                main = _module_line(line[4:].split("\t"))
                last = "main"
            elif line.startswith("dep\t"):
                deps.append(_module_line(line[4:].split("\t")))
                last = len(deps) - 1
            elif line.startswith("=>\t"):
                elem = line[3:].split("\t")
                if len(elem) != 3:
                    raise ValueError(f"expected 3 columns for replacement; got {len(elem)}")
                replacement = Module(elem[0], elem[1], elem[2])
                if last is None:
                    raise ValueError("replacement with no module on previous line")
                if last == "main":
                    assert main is not None
                    main = _with_replace(main, replacement)
                else:
                    assert isinstance(last, int)
                    deps[last] = _with_replace(deps[last], replacement)
                last = None
            elif line.startswith("build\t"):
                settings.append(_build_line(line[6:]))
        except ValueError as err:
            raise BuildInfoError(f"line {number}: {err}") from None
    return _ModInfo(path, main, tuple(deps), tuple(settings))


def _with_replace(module: Module, replacement: Module) -> Module:
    return Module(module.path, module.version, module.sum, replacement)


def _module_line(elem: list[str]) -> Module:
    if len(elem) not in (2, 3):
        raise ValueError(f"expected 2 or 3 columns; got {len(elem)}")
    return Module(elem[0], elem[1], elem[2] if len(elem) == 3 else "")


def _needs_quoted_key(key: str) -> bool:
    return not key or any(c in key for c in '= \t\r\n"`')


def _needs_quoted_value(value: str) -> bool:
    return any(c in value for c in ' \t\r\n"`')


def _build_line(kv: str) -> tuple[str, str]:
    if not kv:
        raise ValueError("build line missing '='")
    if kv[0] == "=":
        raise ValueError("build line with missing key")
    if kv[0] in '`"':
        key, used = go_unquote_prefix(kv)
        if used == len(kv):
            raise ValueError("build line missing '=' after quoted key")
        if kv[used] != "=":
            raise ValueError(f"unexpected character after quoted key: {kv[used]!r}")
        raw_value = kv[used + 1 :]
    else:
        key, sep, raw_value = kv.partition("=")
        if not sep:
            raise ValueError("build line missing '=' after key")
        if _needs_quoted_key(key):
            raise ValueError(f"unquoted key {key!r} must be quoted")
    if raw_value and raw_value[0] in '`"':
        value, used = go_unquote_prefix(raw_value)
        if used != len(raw_value):
            raise ValueError("invalid quoted value in build line")
    else:
        value = raw_value
        if _needs_quoted_value(value):
            raise ValueError(f"unquoted value {value!r} must be quoted")
    return key, value


_SIMPLE_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92}


def go_unquote_prefix(text: str) -> tuple[str, int]:
    """A Go string literal ("..." or `...`) at the start of `text`: its value and its length.

    Follows strconv.QuotedPrefix/Unquote: raw strings drop carriage returns; interpreted
    strings take \\a \\b \\f \\n \\r \\t \\v \\\\ \\" \\xHH \\ooo \\uHHHH \\UHHHHHHHH and no raw newline.
    """
    quote = text[0]
    if quote == "`":
        end = text.find("`", 1)
        if end < 0:
            raise ValueError("invalid quoted string")
        return text[1:end].replace("\r", ""), end + 1
    out = bytearray()
    i = 1
    while i < len(text) and text[i] != '"':
        c = text[i]
        if c == "\n":
            raise ValueError("newline in quoted string")
        if c != "\\":
            out += c.encode("utf-8", "surrogatepass")
            i += 1
            continue
        if i + 1 >= len(text):
            break
        e = text[i + 1]
        if e in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[e])
            i += 2
        elif e == '"':
            out.append(34)
            i += 2
        elif e in "xuU":
            digits = {"x": 2, "u": 4, "U": 8}[e]
            hex_text = text[i + 2 : i + 2 + digits]
            if len(hex_text) != digits or any(h not in "0123456789abcdefABCDEF" for h in hex_text):
                raise ValueError("invalid escape in quoted string")
            value = int(hex_text, 16)
            if e == "x":
                out.append(value)
            else:
                if value > 0x10FFFF or 0xD800 <= value < 0xE000:
                    raise ValueError("invalid escape in quoted string")
                out += chr(value).encode()
            i += 2 + digits
        elif e in "01234567":
            octal = text[i + 1 : i + 4]
            if len(octal) != 3 or any(o not in "01234567" for o in octal) or int(octal, 8) > 255:
                raise ValueError("invalid escape in quoted string")
            out.append(int(octal, 8))
            i += 4
        else:
            raise ValueError("invalid escape in quoted string")
    if i >= len(text):
        raise ValueError("unterminated quoted string")
    return out.decode("utf-8", "replace"), i + 1
