"""Where the benchmark asks gopls things: positions sampled from the workspace's own Go files,
the same for the same tree and `--seed`.

A light Go scanner (comments, strings, runes and raw strings skipped) finds identifiers and
selector dots. Hover, definition and references go to identifier uses; completion goes right after
a selector dot (`fmt.|`), where an editor asks for members; workspace symbol queries a declared
name's prefix; the edit goes at the end of a file. Columns are UTF-16 code units, as LSP counts
them. Pure except `sample_workspace`, which reads the files.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from goide.core.errors import InputError
from goide.gopls.globs import filtered_out

KEYWORDS = frozenset(
    [
        "break",
        "case",
        "chan",
        "const",
        "continue",
        "default",
        "defer",
        "else",
        "fallthrough",
        "for",
        "func",
        "go",
        "goto",
        "if",
        "import",
        "interface",
        "map",
        "package",
        "range",
        "return",
        "select",
        "struct",
        "switch",
        "type",
        "var",
    ]
)
# Go's predeclared identifiers: gopls answers references to them with an error, and hover on
# them says nothing about the workspace.
PREDECLARED = frozenset(
    [
        "any",
        "bool",
        "byte",
        "comparable",
        "complex64",
        "complex128",
        "error",
        "float32",
        "float64",
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "rune",
        "string",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "true",
        "false",
        "iota",
        "nil",
        "append",
        "cap",
        "clear",
        "close",
        "complex",
        "copy",
        "delete",
        "imag",
        "len",
        "make",
        "max",
        "min",
        "new",
        "panic",
        "print",
        "println",
        "real",
        "recover",
    ]
)
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DECL = re.compile(r"^(?:func(?: \([^)]*\))?|type) ([A-Z][A-Za-z0-9_]{3,})", re.MULTILINE)
MAX_FILE_BYTES = 512 * 1024  # larger files are skipped (usually generated tables)
MAX_FILES_READ = 400


@dataclass(frozen=True, order=True)
class Position:
    file: str  # relative to the workspace, with /
    line: int  # 0-based, as in LSP
    character: int  # UTF-16 code units
    word: str  # the identifier there (for completion: the one before the dot)

    @property
    def label(self) -> str:
        """`name.go:LINE:COL` (1-based, like the go command), usable as a benchmark name key."""
        return f"{self.file.rsplit('/', 1)[-1]}:{self.line + 1}:{self.character + 1}"


@dataclass(frozen=True)
class Plan:
    """What one round asks: positions per request kind, a workspace-symbol query, files to open."""

    hover: tuple[Position, ...]
    definition: tuple[Position, ...]
    references: tuple[Position, ...]
    completion: tuple[Position, ...]
    symbols: tuple[str, ...]  # files for documentSymbol
    edit: tuple[str, ...]  # files edited for diagnostics after an edit
    query: str

    def files(self) -> list[str]:
        """Every file the plan opens, in a stable order."""
        seen = {p.file for p in (*self.hover, *self.definition, *self.references, *self.completion)}
        return sorted(seen | set(self.symbols) | set(self.edit))


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def scan_go(text: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """(identifier uses, selector dots) as (line, UTF-16 column, identifier) in Go source.

    Keywords and the package clause are left out; a selector dot's identifier is the one before it.
    """
    idents: list[tuple[int, int, str]] = []
    dots: list[tuple[int, int, str]] = []
    in_block = False  # inside a /* comment */
    in_raw = False  # inside a `raw string`
    for number, line in enumerate(text.split("\n")):
        i = 0
        code = []  # (start index, identifier) on this line
        while i < len(line):
            if in_raw:
                end = line.find("`", i)
                if end == -1:
                    break
                in_raw = False
                i = end + 1
                continue
            if in_block:
                end = line.find("*/", i)
                if end == -1:
                    break
                in_block = False
                i = end + 2
                continue
            char = line[i]
            if line.startswith("//", i):
                break
            if line.startswith("/*", i):
                in_block = True
                i += 2
                continue
            if char in "\"'":
                i += 1
                while i < len(line) and line[i] != char:
                    i += 2 if line[i] == "\\" else 1
                i += 1
                continue
            if char == "`":
                in_raw = True
                i += 1
                continue
            match = _IDENT.match(line, i)
            if match and (i == 0 or not (line[i - 1].isalnum() or line[i - 1] == "_")):
                word = match.group()
                code.append((i, word))
                i = match.end()
                if i < len(line) and line[i] == "." and word not in KEYWORDS:
                    dots.append((number, _utf16(line[: i + 1]), word))
                continue
            i += 1
        if line.startswith("package "):
            continue
        for start, word in code:
            if word not in KEYWORDS and word not in PREDECLARED and word != "_":
                idents.append((number, _utf16(line[:start]), word))
    return idents, dots


def go_files(root: Path, directory_filters: Sequence[str] = ("-**/node_modules",)) -> list[str]:
    """The workspace's Go files gopls would load, relative and sorted (vendor and testdata left out)."""
    found: list[str] = []
    for directory, dirs, files in os.walk(root):
        rel = os.path.relpath(directory, root).replace(os.sep, "/")
        rel = "" if rel == "." else rel
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith((".", "_"))
            and d not in ("testdata", "vendor")
            and not filtered_out(f"{rel}/{d}" if rel else d, directory_filters)
        )
        found += [f"{rel}/{f}" if rel else f for f in files if f.endswith(".go")]
    return sorted(found)


def make_plan(sources: dict[str, str], *, seed: int, per_kind: int) -> Plan:
    """Sample `per_kind` positions per request kind from `sources` (relative path -> text)."""
    rng = random.Random(seed)
    idents: list[Position] = []
    dots: list[Position] = []
    declared: list[str] = []
    for name in sorted(sources):
        text = sources[name]
        found_idents, found_dots = scan_go(text)
        idents += [Position(name, line, col, word) for line, col, word in found_idents]
        dots += [Position(name, line, col, word) for line, col, word in found_dots]
        declared += _DECL.findall(text)
    if not idents:
        raise InputError(
            "the workspace's Go files have no identifiers to ask gopls about",
            hint="run goide gopls bench on a folder with Go code",
        )

    def pick(items: list[Position]) -> tuple[Position, ...]:
        return tuple(sorted(rng.sample(items, min(per_kind, len(items))))) if items else ()

    files = sorted(sources)
    chosen_files = tuple(sorted(rng.sample(files, min(per_kind, len(files)))))
    query = rng.choice(sorted(set(declared)))[:4] if declared else rng.choice(idents).word[:4]
    return Plan(
        hover=pick(idents),
        definition=pick(idents),
        references=pick(idents),
        completion=pick(dots) or pick(idents),
        symbols=chosen_files,
        edit=chosen_files[:1],
        query=query,
    )


def sample_workspace(
    root: Path, *, seed: int, per_kind: int, directory_filters: Sequence[str] = ("-**/node_modules",)
) -> Plan:
    """Read the workspace's Go files (at most MAX_FILES_READ, chosen with `seed`) and sample a plan."""
    names = go_files(root, directory_filters)
    if not names:
        raise InputError(
            f"no Go files in {root}",
            hint="give the folder you open in VS Code (one with a go.mod and Go packages)",
        )
    rng = random.Random(seed)
    if len(names) > MAX_FILES_READ:
        names = sorted(rng.sample(names, MAX_FILES_READ))
    sources: dict[str, str] = {}
    for name in names:
        path = root / name
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                continue
            sources[name] = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    if not sources:
        raise InputError(
            f"no readable Go file under {MAX_FILE_BYTES // 1024} KiB in {root}", hint="check permissions"
        )
    return make_plan(sources, seed=seed, per_kind=per_kind)
