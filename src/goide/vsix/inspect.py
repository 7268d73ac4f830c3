"""`goide vsix inspect` as a function: open the package bounded, read both manifests and the
native binaries, and hand a plain record to the rules (judge.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from goide.vsix.manifest import (
    PACKAGE_JSON,
    VSIX_MANIFEST,
    PackageJson,
    VsixManifest,
    parse_package_json,
    parse_vsix_manifest,
)
from goide.vsix.natives import Native, find_natives
from goide.vsix.zipread import Archive, Member, VsixError


@dataclass(frozen=True)
class Package:
    path: str
    members: tuple[Member, ...]
    manifest: VsixManifest | None  # None when extension.vsixmanifest is missing
    package: PackageJson
    natives: tuple[Native, ...]


def read_package(path: Path) -> Package:
    with Archive(path) as archive:
        data = archive.read(PACKAGE_JSON)
        if data is None:
            # VS Code's own words (src/vs/base/node/zip.ts).
            raise VsixError(
                f"{path}: extension/package.json not found inside zip.",
                hint="a VSIX made by `vsce package` always has it; this is not an extension package",
            )
        package = parse_package_json(data, str(path))
        xml = archive.read(VSIX_MANIFEST)
        manifest = parse_vsix_manifest(xml, str(path)) if xml is not None else None
        natives = find_natives(archive)
        return Package(str(path), tuple(archive.members), manifest, package, tuple(natives))
