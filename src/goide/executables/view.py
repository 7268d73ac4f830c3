"""Views of read executables: one line per file, `go version -m`-style module lists, and JSON.

The JSON shape is documented in docs/cli.md (`goide inspect --json`).
"""

from __future__ import annotations

from goide.executables.buildinfo import BuildInfo, Module
from goide.executables.read import Executable, Slice

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import Any


def summary_line(executable: Executable) -> str:
    """`path: format os/arch linking [stripped] goVERSION` (slices joined by `; `)."""
    return f"{executable.path}: {executable.format} " + "; ".join(
        _slice_summary(s) for s in executable.slices
    )


def _slice_summary(piece: Slice) -> str:
    words = [f"{piece.os}/{piece.arch}", piece.linking]
    if piece.stripped:
        words.append("stripped")
    words.append(piece.go.version if piece.go else "(not a Go binary)")
    return " ".join(words)


def modules_lines(info: BuildInfo) -> list[str]:
    """The lines `go version -m` prints for `info` (without its leading tab), in Go's format."""
    lines = []
    if info.path:
        lines.append(f"path\t{info.path}")
    if info.main is not None:
        lines.extend(_module_lines("mod", info.main))
    for dep in info.deps:
        lines.extend(_module_lines("dep", dep))
    for key, value in info.settings:
        key_text = go_quote(key) if _key_needs_quotes(key) else key
        value_text = go_quote(value) if _value_needs_quotes(value) else value
        lines.append(f"build\t{key_text}={value_text}")
    return lines


def _module_lines(word: str, module: Module) -> list[str]:
    if module.replace is None:
        return [f"{word}\t{module.path}\t{module.version}\t{module.sum}"]
    # Go's BuildInfo.String ends a replaced module with an extra newline; `go version -m` shows
    # it as an empty line, and so does this view.
    return [f"{word}\t{module.path}\t{module.version}", *_module_lines("=>", module.replace), ""]


def _key_needs_quotes(key: str) -> bool:
    return not key or any(c in key for c in '= \t\r\n"`')


def _value_needs_quotes(value: str) -> bool:
    return any(c in value for c in ' \t\r\n"`')


_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def go_quote(text: str) -> str:
    """strconv.Quote: a double-quoted Go string literal, printable characters kept as they are."""
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char.isprintable() or char == " ":
            out.append(char)
        elif ord(char) < 0x80:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def module_json(module: Module | None) -> dict[str, Any] | None:
    if module is None:
        return None
    return {
        "path": module.path,
        "version": module.version,
        "sum": module.sum,
        "replace": module_json(module.replace),
    }


def buildinfo_json(info: BuildInfo | None) -> dict[str, Any] | None:
    if info is None:
        return None
    return {
        "version": info.version,
        "path": info.path,
        "main": module_json(info.main),
        "deps": [module_json(dep) for dep in info.deps],
        "settings": dict(info.settings),
        "layout": info.layout,
    }


def slice_json(piece: Slice) -> dict[str, Any]:
    return {
        "os": piece.os,
        "os_source": piece.os_source,
        "arch": piece.arch,
        "bits": piece.bits,
        "endian": piece.endian,
        "linking": piece.linking,
        "stripped": piece.stripped,
        "interpreter": piece.interpreter,
        "libraries": list(piece.libraries),
        "machine": piece.machine,
        "offset": piece.offset,
        "size": piece.size,
        "go": buildinfo_json(piece.go),
    }


def executable_json(executable: Executable) -> dict[str, Any]:
    return {
        "path": executable.path,
        "format": executable.format,
        "slices": [slice_json(piece) for piece in executable.slices],
    }
