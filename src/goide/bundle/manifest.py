"""A bundle's manifest (`bundle.json`, schema goide.bundle/1) and its `SHA256SUMS`.

`SHA256SUMS` is in the format of coreutils `sha256sum` (`HEX  PATH`, paths relative to the
bundle, `/`-separated), so `sha256sum -c SHA256SUMS` checks a bundle without goide.
Both are read bounded and validated field by field: a bad file is one InputError.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goide.core.errors import InputError

SCHEMA = "goide.bundle/1"
MANIFEST = "bundle.json"
SUMS = "SHA256SUMS"
MAX_MANIFEST = 4 << 20
_SUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")


@dataclass(frozen=True)
class Entry:
    tool: str  # gopls
    package: str  # golang.org/x/tools/gopls
    module: str  # the main module from the build info
    version: str  # v0.23.0
    go_version: str  # go1.26.8
    target: str  # darwin/arm64
    path: str  # darwin_arm64/bin/gopls, relative to the bundle
    sha256: str
    size: int
    notes: tuple[str, ...] = ()  # what the target machine needs (settings.py)

    def to_json(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "package": self.package,
            "module": self.module,
            "version": self.version,
            "go_version": self.go_version,
            "target": self.target,
            "path": self.path,
            "sha256": self.sha256,
            "size": self.size,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Manifest:
    go_version: str
    tools: tuple[Entry, ...]
    flags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "go_version": self.go_version,
            "flags": list(self.flags),
            "tools": [e.to_json() for e in self.tools],
        }


def sha256_file(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def sums_text(manifest: Manifest) -> str:
    return "".join(f"{e.sha256}  {e.path}\n" for e in sorted(manifest.tools, key=lambda e: e.path))


def _read_bounded(path: Path) -> bytes:
    from goide.core.inputs import read_regular_file

    return read_regular_file(path, MAX_MANIFEST, what="bundle file", hint=_HINT)


_HINT = "rebuild the bundle with `goide bundle build`, or delete the file to judge from build info alone"


def _bad(path: Path, why: str) -> InputError:
    return InputError(f"{path}: {why}", hint=_HINT)


def _text(obj: dict[str, Any], key: str, path: Path) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise _bad(path, f"field {key!r} is missing or not a string")
    return value


def load_manifest(path: Path) -> Manifest:
    try:
        doc = json.loads(_read_bounded(path))
    except (ValueError, RecursionError) as err:
        raise _bad(path, f"not JSON ({err})") from None
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise _bad(path, f"not a {SCHEMA} manifest")
    tools = doc.get("tools")
    if not isinstance(tools, list):
        raise _bad(path, "field 'tools' is missing or not a list")
    entries = []
    for item in tools:
        if not isinstance(item, dict):
            raise _bad(path, "an entry of 'tools' is not an object")
        size = item.get("size")
        notes = item.get("notes", [])
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise _bad(path, "field 'size' is missing or not a size")
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            raise _bad(path, "field 'notes' is not a list of strings")
        entries.append(
            Entry(
                tool=_text(item, "tool", path),
                package=_text(item, "package", path),
                module=_text(item, "module", path),
                version=_text(item, "version", path),
                go_version=_text(item, "go_version", path),
                target=_text(item, "target", path),
                path=_text(item, "path", path),
                sha256=_text(item, "sha256", path),
                size=size,
                notes=tuple(notes),
            )
        )
    flags = doc.get("flags", [])
    if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
        raise _bad(path, "field 'flags' is not a list of strings")
    return Manifest(_text(doc, "go_version", path), tuple(entries), tuple(flags))


def load_sums(path: Path) -> dict[str, str]:
    """relative path -> sha256 from a SHA256SUMS file; malformed lines are an InputError."""
    data = _read_bounded(path).decode("utf-8", "replace")
    sums = {}
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        m = _SUM_LINE.match(line)
        if not m:
            raise _bad(path, f"line {number} is not `SHA256  PATH`")
        sums[m.group(2)] = m.group(1)
    return sums
