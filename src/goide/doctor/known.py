"""What goide knows about releases: Go majors, the Go tools the VS Code extension uses, and the
extension itself. Each table says when it was last checked; rules compare against it, so a
version newer than the table is never reported as old.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Go major releases and their .0 dates (golang/website internal/history/release.go).
# Checked 2026-11-29. Go supports each major until two newer majors are out.
GO_MAJORS: tuple[tuple[str, str], ...] = (
    ("1.27", "2026-08-19"),
    ("1.26", "2026-02-10"),
    ("1.25", "2025-08-12"),
    ("1.24", "2025-02-11"),
    ("1.23", "2024-08-13"),
    ("1.22", "2024-02-06"),
    ("1.21", "2023-08-08"),
)
GO_TABLE_CHECKED = "2026-11-29"


@dataclass(frozen=True)
class KnownTool:
    name: str
    package: str  # what `go install` takes
    latest: str  # newest release goide knows
    source: str  # where and when `latest` was read
    importance: str  # required (language features), debugging, optional
    # Newest versions by the Go they need to build, newest first: (version, minimum Go major).
    needs_go: tuple[tuple[str, tuple[int, int]], ...] = ()

    def newest_for(self, go: tuple[int, int] | None) -> str:
        """The newest version the given Go can build (`go install` refuses a module whose go.mod
        asks for a newer Go when GOTOOLCHAIN=local)."""
        if go is None:
            return self.latest
        for version, minimum in self.needs_go:
            if go >= minimum:
                return version
        return self.needs_go[-1][0] if self.needs_go else self.latest


_PROXY = "module proxy @latest, read 2026-11-29"
_PIN = "vscode-go goToolsInformation.ts pin at 28e27ffd (2026-08-21); the proxy lists no versions"

# The tools of the Go extension (extension/src/goToolsInformation.ts) and their newest versions.
TOOLS: tuple[KnownTool, ...] = (
    # gopls v0.24.0: "requires go >= 1.27.0" (go install with go1.26.8); v0.22/v0.23 need go1.26.0
    # (gopls/go.mod).
    KnownTool(
        "gopls",
        "golang.org/x/tools/gopls",
        "v0.24.0",
        _PROXY + " (released 2026-10-14)",
        "required",
        (("v0.24.0", (1, 27)), ("v0.23.0", (1, 26))),
    ),
    KnownTool(
        "dlv", "github.com/go-delve/delve/cmd/dlv", "v1.27.2", _PROXY + " (released 2026-09-09)", "debugging"
    ),
    KnownTool(
        "staticcheck",
        "honnef.co/go/tools/cmd/staticcheck",
        "v0.8.2",
        _PROXY + " (released 2026-10-12)",
        "optional",
    ),
    KnownTool(
        "golangci-lint",
        "github.com/golangci/golangci-lint/v2/cmd/golangci-lint",
        "v2.15.0",
        _PROXY + " (released 2026-10-16)",
        "optional",
    ),
    KnownTool("gofumpt", "mvdan.cc/gofumpt", "v0.12.0", _PROXY + " (released 2026-09-07)", "optional"),
    KnownTool(
        "goimports",
        "golang.org/x/tools/cmd/goimports",
        "v0.52.0",
        _PROXY + " (released 2026-10-10)",
        "optional",
    ),
    KnownTool("gotests", "github.com/cweill/gotests/gotests", "v1.6.0", _PIN, "optional"),
    KnownTool("impl", "github.com/josharian/impl", "v1.5.0", _PIN, "optional"),
    KnownTool("goplay", "github.com/haya14busa/goplay/cmd/goplay", "v1.0.0", _PIN, "optional"),
)
TOOLS_BY_NAME = {t.name: t for t in TOOLS}

# golang.go on the VS Code Marketplace: newest stable (CHANGELOG.md), checked 2026-11-29.
GO_EXTENSION_LATEST = ("0.56.0", "2026-07-15")

_GO_VERSION = re.compile(r"^go(\d+)\.(\d+)(?:\.(\d+))?((?:rc|beta)\d+)?")
_SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?")


def go_major(version: str) -> tuple[int, int] | None:
    """(1, 26) for "go1.26.8", "go1.26rc1" or "go1.26.8 X:nocoverageredesign"; None if not a Go version."""
    m = _GO_VERSION.match(version.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


def supported_majors() -> tuple[tuple[int, int], ...]:
    """The two newest majors in the table (each major is supported until two newer ones exist)."""
    majors = []
    for name, _date in GO_MAJORS[:2]:
        a, b = name.split(".")
        majors.append((int(a), int(b)))
    return tuple(majors)


def semver_key(version: str) -> tuple[int, int, int, int] | None:
    """Sort key of a module version; pre-releases sort before their release. None if not semver."""
    m = _SEMVER.match(version)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(3)), 0 if m.group(4) else 1
