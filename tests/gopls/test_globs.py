"""VS Code watcher globs and gopls directoryFilters, on the patterns users really write.

The default watcherExclude patterns are VS Code's (shared/reference crashes-and-traces §6.2); the
directoryFilters semantics are gopls's documented ones (gopls/doc/settings.md): `+`/`-`, relative
paths, `**` segments, last match wins, a filter covers the whole subtree.
"""

from __future__ import annotations

import pytest

from goide.gopls.globs import filtered_out, glob_matches, watch_excluded
from goide.gopls.workspace import DEFAULT_WATCHER_EXCLUDE


@pytest.mark.parametrize(
    ("directory", "excluded"),
    [
        ("node_modules", False),  # VS Code still watches node_modules itself (new packages)
        ("node_modules/react", True),
        ("web/node_modules/react/lib", True),
        (".git", False),
        (".git/objects", True),
        (".git/objects/ab", True),
        ("sub/.hg/store", True),
        ("src/pkg", False),
    ],
)
def test_default_watcher_exclude(directory: str, excluded: bool) -> None:
    assert watch_excluded(directory, DEFAULT_WATCHER_EXCLUDE) is excluded


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("**/node_modules/**", "node_modules", True),
        ("**/node_modules/**", "a/node_modules/b", True),
        ("**/*.{js,ts}", "a/b.ts", True),
        ("**/*.{js,ts}", "a/b.go", False),
        ("bazel-*", "bazel-out", True),
        ("bazel-*", "x/bazel-out", False),
        ("**/build/[a-c]*", "x/build/alpha", True),
        ("**/build/[!a-c]*", "x/build/alpha", False),
        ("", "x", False),
    ],
)
def test_glob_matches(pattern: str, path: str, matches: bool) -> None:
    assert glob_matches(pattern, path) is matches


@pytest.mark.parametrize(
    ("directory", "filters", "excluded"),
    [
        ("node_modules", ["-**/node_modules"], True),
        ("web/node_modules/x", ["-**/node_modules"], True),
        ("vendor", ["-vendor"], True),
        ("vendorx", ["-vendor"], False),
        ("a/vendor", ["-vendor"], False),  # a path without ** is relative to the folder root
        ("a/b", ["-a", "+a/b"], False),  # last match wins
        ("a/c", ["-a", "+a/b"], True),
        ("gen/big", ["-**/gen"], True),
        ("x", ["bogus", "-"], False),
    ],
)
def test_directory_filters(directory: str, filters: list[str], excluded: bool) -> None:
    assert filtered_out(directory, filters) is excluded
