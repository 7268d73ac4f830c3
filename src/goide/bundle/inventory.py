"""What a bundle directory holds, read without running anything: the manifest and SHA256SUMS if
there are any, and every executable under each `OS_ARCH/` directory with its checksum.

A bundle made by hand (no manifest) is read the same way; symlinks are followed, a symlink loop
is reported instead of followed (executables/walk.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from goide.bundle.manifest import MANIFEST, SUMS, Manifest, load_manifest, load_sums, sha256_file
from goide.bundle.target import Target, target_of_dirname
from goide.core.errors import InputError
from goide.executables.read import Executable
from goide.executables.walk import inspect_paths


@dataclass(frozen=True)
class FoundBinary:
    path: str  # relative to the bundle, `/`-separated
    target: Target  # of the OS_ARCH directory it is in
    size: int = 0
    sha256: str = ""  # empty when the bundle has no manifest or SHA256SUMS to compare with
    exe: Executable | None = None
    error: str | None = None  # why it could not be read


@dataclass
class Inventory:
    root: str
    manifest: Manifest | None = None
    manifest_error: str | None = None
    sums: dict[str, str] | None = None
    sums_error: str | None = None
    targets: list[Target] = field(default_factory=list)
    binaries: list[FoundBinary] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # symlink loops, unreadable directories
    strays: list[str] = field(default_factory=list)  # entries that are no OS_ARCH directory


def read_bundle(root: Path, only: Target | None = None) -> Inventory:
    if not root.is_dir():
        raise InputError(
            f"{root}: not a directory", hint="pass the directory `goide bundle build --out` made"
        )
    inv = Inventory(root=str(root))
    if (root / MANIFEST).exists():
        try:
            inv.manifest = load_manifest(root / MANIFEST)
        except InputError as err:
            inv.manifest_error = err.message
    if (root / SUMS).exists():
        try:
            inv.sums = load_sums(root / SUMS)
        except InputError as err:
            inv.sums_error = err.message
    try:
        names = sorted(os.listdir(root))
    except OSError as err:
        raise InputError(f"{root}: {err.strerror or err}", hint="check the bundle's permissions") from None
    for name in names:
        if name in (MANIFEST, SUMS):
            continue
        target = target_of_dirname(name)
        if target is None or not (root / name).is_dir():
            inv.strays.append(name)
            continue
        if only is not None and target != only:
            continue
        inv.targets.append(target)
        _read_target(root, name, target, inv)
    if inv.manifest is not None or inv.sums is not None:
        _hash_all(inv)  # only where there is a checksum to compare with: hashing is most of the time
    return inv


def _hash_all(inv: Inventory) -> None:
    """SHA-256 of every binary read, on a few threads (hashlib releases the GIL): hashing, not
    reading headers, is most of the time of a verify."""
    from concurrent.futures import ThreadPoolExecutor

    def digest(b: FoundBinary) -> FoundBinary:
        if b.error is not None:
            return b
        try:
            return replace(b, sha256=sha256_file(Path(inv.root) / b.path))
        except OSError as err:
            return replace(b, error=f"{b.path}: {err.strerror or err}")

    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        inv.binaries = list(pool.map(digest, inv.binaries))


def _read_target(root: Path, name: str, target: Target, inv: Inventory) -> None:
    for found in inspect_paths([str(root / name)], recursive=True):
        if isinstance(found, InputError):
            message = found.message
            path = message.split(": ", 1)[0]
            if "symlink loop" in message or os.path.isdir(path):
                inv.problems.append(_relative(message, root))
                continue
            inv.binaries.append(FoundBinary(_relative(path, root), target, error=_relative(message, root)))
            continue
        try:
            size = Path(found.path).stat().st_size
        except OSError as err:
            inv.binaries.append(FoundBinary(_relative(found.path, root), target, error=str(err)))
            continue
        inv.binaries.append(FoundBinary(_relative(found.path, root), target, size, "", found))


def _relative(text: str, root: Path) -> str:
    prefix = str(root).rstrip(os.sep) + os.sep
    return text.replace(prefix, "").replace(os.sep, "/")
