"""Finds a main package in a directory tree and the lines of `func main` a debugger can stop on.

Used by `goide debug smoke --program DIR`. It reads Go source as text (no Go parser): a file
belongs to a main package when its package clause says `package main`, and the breakpoint
candidates are the first lines of the body of `func main()` that hold code, so that the
smoke test stops early, before the program can block or exit.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from goide.core.errors import InputError

_PACKAGE_MAIN = re.compile(rb"^package\s+main\b", re.MULTILINE)
_IGNORED = re.compile(rb"^//go:build ignore\s*$", re.MULTILINE)
_FUNC_MAIN = re.compile(r"^func\s+main\s*\(\s*\)\s*\{", re.MULTILINE)
_SKIP_DIRS = {"vendor", "testdata", "node_modules"}
# Enough to cover real repositories' cmd/ trees without walking a whole home directory.
_MAX_DEPTH = 5
_MAX_DIRS = 5000
_MAX_SOURCE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class MainPackage:
    directory: Path
    main_file: Path
    candidate_lines: tuple[int, ...]  # where to try a breakpoint, best first


def breakpoint_candidates(source: str, limit: int = 8) -> tuple[int, ...]:
    """1-based lines in the body of `func main()` that hold code, in order; the closing brace last.

    Blank lines, comments and lone braces have no code to stop on. When the body is empty the
    closing brace is returned: Delve can stop at a function's closing brace.
    """
    found = _FUNC_MAIN.search(source)
    if not found:
        return ()
    first_line = source.count("\n", 0, found.start()) + 1
    lines = source.splitlines()
    candidates: list[int] = []
    in_block_comment = False
    if lines[first_line - 1].rstrip().endswith("}"):  # the whole of main on one line
        return (first_line,)
    for number in range(first_line + 1, len(lines) + 1):
        text = lines[number - 1].strip()
        if in_block_comment:
            in_block_comment = "*/" not in text
            continue
        if text.startswith("/*"):
            in_block_comment = "*/" not in text
            continue
        if lines[number - 1].startswith("}"):
            candidates.append(number)  # end of main
            break
        if not text or text.startswith("//") or text in {"{", "}", ")"}:
            continue
        candidates.append(number)
        if len(candidates) >= limit:
            break
    return tuple(candidates)


def find_main_package(root: Path) -> MainPackage:
    """The main package at `root`, or the only one below it. Raises InputError otherwise."""
    if not root.exists():
        raise InputError(f"{root} does not exist", hint="pass the directory of a main package to --program")
    if not root.is_dir():
        raise InputError(
            f"{root} is not a directory", hint="pass the directory of a main package to --program"
        )
    if not os.access(root, os.R_OK | os.X_OK):
        raise InputError(f"{root} is not readable", hint="check the directory's permissions")
    found = _main_in(root)
    if found:
        return found
    packages: list[MainPackage] = []
    for seen, (directory, subdirs, _files) in enumerate(os.walk(root)):
        depth = len(Path(directory).relative_to(root).parts)
        subdirs[:] = sorted(
            d for d in subdirs if not d.startswith((".", "_")) and d not in _SKIP_DIRS and depth < _MAX_DEPTH
        )
        if seen >= _MAX_DIRS:
            break
        if Path(directory) != root:
            package = _main_in(Path(directory))
            if package:
                packages.append(package)
    if not packages:
        raise InputError(
            f"no main package (a `package main` with `func main()`) in {root}",
            hint="pass the directory that holds your program's main.go to --program",
        )
    if len(packages) > 1:
        names = ", ".join(str(p.directory.relative_to(root)) for p in packages[:5])
        raise InputError(
            f"{len(packages)} main packages under {root}: {names}{', ...' if len(packages) > 5 else ''}",
            hint=f"choose one, for example --program {packages[0].directory}",
        )
    return packages[0]


def _main_in(directory: Path) -> MainPackage | None:
    try:
        names = sorted(
            p for p in directory.iterdir() if p.suffix == ".go" and not p.name.endswith("_test.go")
        )
    except OSError:
        return None
    for path in names:
        try:
            with path.open("rb") as handle:
                data = handle.read(_MAX_SOURCE_BYTES)
        except OSError:
            continue
        if _IGNORED.search(data):
            continue  # `//go:build ignore` files (generators) are not part of the package
        if not _PACKAGE_MAIN.search(data):
            return None  # a directory holds one package; any of its files tells which
        lines = breakpoint_candidates(data.decode("utf-8", errors="replace"))
        if lines:
            return MainPackage(directory, path, lines)
    return None
