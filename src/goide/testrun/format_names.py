"""The names of gotestsum's output formats that `goide test --format` prints, kept apart so that
the command line can list them without importing the formatters."""

from __future__ import annotations

FORMATS = (
    "pkgname",
    "pkgname-and-test-fails",
    "testname",
    "dots",
    "testdox",
    "standard-quiet",
    "standard-verbose",
    "github-actions",
)
