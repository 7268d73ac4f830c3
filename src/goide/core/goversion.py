"""The Go release (major, minor) a Go version string names, in any of the spellings goide reads.

Go's own syntax (go/version, cmd/go/internal/gover): toolchain names `go1.21.0`, `go1.21rc1`,
`go1.9`, `go1` (Go 1.0), and since Go 1.21 a custom suffix after `-` (`go1.21.0-bigcorp`);
go.mod's `go` and `toolchain` lines without the `go` (`1.21`, `1.21.0`, `1.22rc1`). Tools add text
after a space: `go env GOVERSION` with GOEXPERIMENT (`go1.26.8 X:nocoverageredesign`), gccgo's
runtime.Version() (`go1.18 gccgo (GCC) 12.2.0`). A development toolchain (`devel go1.24-8c1c2b1
Tue Aug 8 ...`) is read as the release it leads to, as `go env GOVERSION` names it; the older
`devel +8c1c2b1 ...` names none.
"""

from __future__ import annotations

import re

# "go" then major and an optional .minor, or a bare major.minor; the rest (patch, rc/beta, a
# suffix, what a tool adds after a space) is not read.
_VERSION = re.compile(r"(?:devel\s+)?(?:go(\d+)(?:\.(\d+))?|(\d+)\.(\d+))", re.ASCII)


def go_major(version: str | None) -> tuple[int, int] | None:
    """(1, 26) for "go1.26.8", "go1.26rc1", "1.26.0", "go1.26.8 X:nocoverageredesign" or
    "devel go1.26-abc123 ..."; (1, 0) for "go1"; None when it names no Go release ("devel +abc",
    "gopls", "1", "")."""
    if not version:
        return None
    match = _VERSION.match(version.strip())
    if match is None:
        return None
    if match.group(1) is not None:
        return int(match.group(1)), int(match.group(2) or 0)
    return int(match.group(3)), int(match.group(4))
