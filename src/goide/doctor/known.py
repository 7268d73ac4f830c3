"""What goide knows about releases: Go majors, the Go tools the VS Code extension uses, and the
extension itself. Each table says when it was last checked; rules compare against it, so a
version newer than the table is never reported as old.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from goide.core import goversion

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
        # Older: the gopls/go.mod `go` line per release, and vscode-go's pins for old Go
        # (getImportPathWithVersion: go<1.19 -> v0.14.2, go<1.21 -> v0.15.3); Go 1.16/1.17 -> v0.11.0,
        # Go 1.13-1.15 -> v0.9.5, Go 1.12 -> v0.7.5 (gopls support table).
        (
            ("v0.24.0", (1, 27)),
            ("v0.23.0", (1, 26)),
            ("v0.21.1", (1, 25)),
            ("v0.20.0", (1, 24)),
            ("v0.18.1", (1, 23)),
            ("v0.16.2", (1, 21)),
            ("v0.15.3", (1, 19)),
            ("v0.14.2", (1, 18)),
            ("v0.11.0", (1, 16)),
            ("v0.9.5", (1, 13)),
            ("v0.7.5", (1, 12)),
        ),
    ),
    KnownTool(
        "dlv",
        "github.com/go-delve/delve/cmd/dlv",
        "v1.27.2",
        _PROXY + " (released 2026-09-09)",
        "debugging",
        # The newest dlv that builds with and debugs each Go (DELVE_WINDOWS below).
        (
            ("v1.27.2", (1, 25)),
            ("v1.26.3", (1, 24)),
            ("v1.25.2", (1, 22)),
            ("v1.25.0", (1, 21)),
            ("v1.22.1", (1, 19)),
            ("v1.21.0", (1, 18)),
            ("v1.9.1", (1, 17)),
            ("v1.9.0", (1, 16)),
            ("v1.7.3", (1, 15)),
        ),
    ),
    KnownTool(
        "staticcheck",
        "honnef.co/go/tools/cmd/staticcheck",
        "v0.8.2",
        _PROXY + " (released 2026-10-12)",
        "optional",
        # go.mod `go` line per release (dominikh/go-tools tags); vscode-go pins v0.3.3 for go<1.19.
        (
            ("v0.8.2", (1, 26)),
            ("v0.7.0", (1, 25)),
            ("v0.6.1", (1, 23)),
            ("v0.5.1", (1, 22)),
            ("v0.4.7", (1, 19)),
            ("v0.3.3", (1, 17)),
        ),
    ),
    KnownTool(
        "golangci-lint",
        "github.com/golangci/golangci-lint/v2/cmd/golangci-lint",
        "v2.15.0",
        _PROXY + " (released 2026-10-16)",
        "optional",
        # go.mod `go` line of the last v2 release for each Go (golangci/golangci-lint tags and proxy).
        (
            ("v2.15.0", (1, 26)),
            ("v2.12.2", (1, 25)),
            ("v2.8.0", (1, 24)),
            ("v2.3.1", (1, 23)),
        ),
    ),
    KnownTool(
        "gofumpt",
        "mvdan.cc/gofumpt",
        "v0.12.0",
        _PROXY + " (released 2026-09-07)",
        "optional",
        # CHANGELOG "requires Go 1.N or later" = the go.mod line (mvdan/gofumpt tags).
        (
            ("v0.12.0", (1, 26)),
            ("v0.11.0", (1, 25)),
            ("v0.9.2", (1, 24)),
            ("v0.8.0", (1, 23)),
            ("v0.7.0", (1, 22)),
            ("v0.6.0", (1, 20)),
            ("v0.5.0", (1, 19)),
        ),
    ),
    KnownTool(
        "goimports",
        "golang.org/x/tools/cmd/goimports",
        "v0.52.0",
        _PROXY + " (released 2026-10-10)",
        "optional",
        # golang.org/x/tools go.mod `go` line: v0.43-v0.49 go1.25.0, v0.38-v0.42 go1.24.0.
        (("v0.52.0", (1, 26)), ("v0.49.0", (1, 25)), ("v0.42.0", (1, 24))),
    ),
    KnownTool("gotests", "github.com/cweill/gotests/gotests", "v1.6.0", _PIN, "optional"),
    KnownTool("impl", "github.com/josharian/impl", "v1.5.0", _PIN, "optional"),
    KnownTool("goplay", "github.com/haya14busa/goplay/cmd/goplay", "v1.0.0", _PIN, "optional"),
)
TOOLS_BY_NAME = {t.name: t for t in TOOLS}

# golangci-lint v1 is a separate module; its last release (v1.64.8, 2025-03-17, go 1.23.0).
GOLANGCI_LINT_V1 = ("github.com/golangci/golangci-lint/cmd/golangci-lint", "v1.64.8")


@dataclass(frozen=True)
class DelveWindow:
    """The Go versions a Delve release debugs (pkg/goversion/compat.go MinSupportedVersionOfGo*
    and MaxSupportedVersionOfGoMinor) and the Go its go.mod needs to build it."""

    first: str  # first release with this window
    last: str  # last release with it
    min_go: tuple[int, int]
    max_go: tuple[int, int]
    build_go: tuple[int, int]


# go-delve/delve tags v1.7.0 .. v1.27.2, read from pkg/goversion/compat.go and go.mod at each tag
# (checked 2026-12-06; tests/doctor/test_delve_window.py re-reads the pinned v1.27.2 from its source).
DELVE_WINDOWS: tuple[DelveWindow, ...] = (
    DelveWindow("v1.7.0", "v1.7.3", (1, 15), (1, 17), (1, 16)),
    DelveWindow("v1.8.0", "v1.8.3", (1, 16), (1, 18), (1, 16)),
    DelveWindow("v1.9.0", "v1.9.0", (1, 16), (1, 19), (1, 16)),
    DelveWindow("v1.9.1", "v1.9.1", (1, 17), (1, 19), (1, 16)),
    DelveWindow("v1.20.0", "v1.20.2", (1, 18), (1, 20), (1, 16)),
    DelveWindow("v1.21.0", "v1.21.0", (1, 18), (1, 21), (1, 16)),
    DelveWindow("v1.21.1", "v1.21.2", (1, 19), (1, 21), (1, 17)),
    DelveWindow("v1.22.0", "v1.22.1", (1, 19), (1, 22), (1, 21)),
    DelveWindow("v1.23.0", "v1.23.1", (1, 21), (1, 23), (1, 21)),
    DelveWindow("v1.24.0", "v1.24.2", (1, 21), (1, 24), (1, 21)),
    DelveWindow("v1.25.0", "v1.25.0", (1, 21), (1, 24), (1, 21)),
    DelveWindow("v1.25.1", "v1.25.2", (1, 22), (1, 25), (1, 22)),
    DelveWindow("v1.26.0", "v1.26.3", (1, 24), (1, 26), (1, 24)),
    DelveWindow("v1.27.0", "v1.27.2", (1, 25), (1, 27), (1, 25)),
)
DELVE_TABLE_CHECKED = "2026-12-06"


def delve_window(version: str) -> DelveWindow | None:
    """The window of a dlv release (v1.7.0 and later); None for older or unknown releases."""
    key = semver_key(version)
    if key is None:
        return None
    for window in DELVE_WINDOWS:
        first, last = semver_key(window.first), semver_key(window.last)
        if first and last and first[:3] <= key[:3] <= last[:3]:
            return window
    return None


def delve_for_go(go: tuple[int, int]) -> str | None:
    """The newest dlv release whose window contains `go` and that `go` can build."""
    best = None
    for window in DELVE_WINDOWS:
        if window.min_go <= go <= window.max_go and window.build_go <= go:
            best = window.last
    return best


# golang.go on the VS Code Marketplace: newest stable (CHANGELOG.md), checked 2026-11-29.
GO_EXTENSION_LATEST = ("0.56.0", "2026-07-15")

_SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?")


# The one Go version parser (core/goversion.py), under the name doctor's rules import from here.
go_major = goversion.go_major


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
