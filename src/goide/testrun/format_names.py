"""The names of gotestsum's output formats that `goide test --format` takes (views in formats.py).

Kept apart so that building the command line does not import the views."""

FORMATS = (
    "dots",
    "pkgname",
    "pkgname-and-test-fails",
    "testname",
    "testdox",
    "standard-quiet",
    "standard-verbose",
    "github-actions",
)
ICON_SETS = ("default", "hivis", "text")
