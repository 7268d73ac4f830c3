"""Fuzz target: the `--filter` query language with Go's string and regexp rules.

Inputs are mutations of real benchstat queries (from benchstat's documentation and goide's tests)
and arbitrary text. The property: compiling a query raises nothing but goide's InputError, and a
compiled filter applied to a result raises nothing; `gostring.unquote` raises only UnquoteError.
"""

from __future__ import annotations

import contextlib

from hypothesis import strategies as st

from goide.bench import benchfmt, gostring
from goide.bench.query import Filter
from goide.core.errors import InputError

SEEDS = [
    ".name:Sort",
    "/size:16 OR -.name:Sort",
    ".fullname:/-2$/ .unit:(ns/op OR MB/s)",
    '.name:"quoted \\x41\\u00e9\\101"',
    ".name:/[[:upper:]]\\pL\\z/",
    "-f1:v1",
    "(goos:linux AND -pkg:x) OR *",
]
PIECES = [
    '"',
    "\\",
    "/",
    ":",
    "(",
    ")",
    "-",
    "*",
    " OR ",
    " AND ",
    "\\x",
    "\\u",
    "\\C",
    "(?=",
    "[[:",
    "\\Q",
    "\\E",
]

queries = st.one_of(
    st.sampled_from(SEEDS),
    st.lists(st.one_of(st.sampled_from(SEEDS + PIECES), st.text(max_size=6)), max_size=8).map("".join),
)


def check_query(query: str) -> None:
    try:
        compiled = Filter(query)
    except InputError:
        return
    result = benchfmt.Result(
        name="Sort/size=16-2",
        iters=1,
        values=[benchfmt.Value(1e-9, "sec/op", 1.0, "ns/op")],
        config={"goos": "linux", "pkg": "x", ".file": "f"},
        path="f",
        line=1,
    )
    compiled.apply(result)


def check_unquote(text: str) -> None:
    with contextlib.suppress(gostring.UnquoteError):
        gostring.unquote('"' + text + '"')
