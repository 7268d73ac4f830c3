"""Path rules of the machine the facts describe, not of the machine that judges them.

Rules are pure and may judge Windows facts on Linux, so they never call `os.path`: a Windows PATH
is split at `;` (never at the colon of `C:\\`), its paths compare case-insensitively with `\\` and
`/` alike. `ntpath` and `posixpath` are pure string functions on every OS; this module picks one
by the facts' GOOS. Nothing here touches the file system (the collector resolves symlinks and
stores the result in the facts).
"""

from __future__ import annotations

import ntpath
import posixpath
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class PathRules:
    goos: str
    module: ModuleType  # ntpath or posixpath

    @property
    def windows(self) -> bool:
        return self.module is ntpath

    @property
    def list_separator(self) -> str:
        """Between the entries of PATH and GOPATH."""
        return ";" if self.windows else ":"

    def split_list(self, value: str) -> tuple[str, ...]:
        return tuple(p.strip() for p in value.split(self.list_separator) if p.strip())

    def join(self, *parts: str) -> str:
        return str(self.module.join(*parts))

    def norm(self, path: str) -> str:
        """The form two paths are compared in (case folded on Windows, separators unified)."""
        path = path.strip()
        if not path:
            return ""
        return str(self.module.normcase(self.module.normpath(path)))

    def same(self, a: str, b: str) -> bool:
        return bool(a and b) and self.norm(a) == self.norm(b)

    def inside(self, path: str, directory: str) -> bool:
        """`path` is `directory` or below it."""
        p, d = self.norm(path), self.norm(directory)
        if not p or not d:
            return False
        sep = "\\" if self.windows else "/"
        return p == d or p.startswith(d.rstrip(sep) + sep)

    def is_absolute(self, path: str) -> bool:
        if self.windows:
            drive, rest = ntpath.splitdrive(path)
            return (bool(drive) and rest[:1] in ("\\", "/")) or path.startswith("\\\\")
        return path.startswith("/")

    def dirname(self, path: str) -> str:
        return str(self.module.dirname(path))

    def basename(self, path: str) -> str:
        return str(self.module.basename(path))

    def exe(self, name: str) -> str:
        return name + ".exe" if self.windows else name


def path_rules(goos: str) -> PathRules:
    return PathRules(goos, ntpath if goos == "windows" else posixpath)
