"""Fuzz target for core/goversion.go_major, the one Go version parser.

Any text (printed by go, gccgo, a go.mod line, a build-info header) must give None or a pair of
non-negative ints, never raise; a version in Go's syntax with any suffix a tool adds must give its
own (major, minor), with or without the `go`, with white space around it.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from goide.core.goversion import go_major

_SUFFIXES = st.sampled_from(
    ["", ".0", ".13", "rc1", "beta2", "-bigcorp", " X:nocoverageredesign", " gccgo (GCC) 12"]
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def fuzz_any_text(text: str) -> None:
    result = go_major(text)
    if result is not None:
        assert all(isinstance(n, int) and n >= 0 for n in result)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    _SUFFIXES,
    st.sampled_from(["go", "", "devel go"]),
    st.sampled_from(["", " ", "\n", "\t "]),
)
def fuzz_go_syntax(major: int, minor: int, suffix: str, prefix: str, space: str) -> None:
    assert go_major(f"{space}{prefix}{major}.{minor}{suffix}{space}") == (major, minor)
