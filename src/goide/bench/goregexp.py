"""Regular expressions of `--filter` with Go's semantics: benchproc compiles them with Go's
`regexp`, which is RE2. They are compiled here by RE2 itself (google-re2), so that `[[:upper:]]`,
`\\pL` and `\\z` work, `(?=...)` is refused, and `\\d` is ASCII only, as in Go. The one escape
RE2 takes and Go's syntax does not, `\\C` (any byte), is refused first with Go's message.

Names are matched as the bytes they were read as (invalid UTF-8 kept by surrogateescape).
"""

from __future__ import annotations

from collections.abc import Callable

import re2

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would print every syntax error on stderr itself


class RegexpError(ValueError):
    """The expression is not a Go regular expression; the message is RE2's."""


def compile_search(expr: str) -> Callable[[str], bool]:
    """A function telling whether the expression matches anywhere in a value (Go's MatchString)."""
    _refuse_any_byte(expr)
    try:
        pattern = re2.compile(expr.encode("utf-8", "surrogateescape"), _OPTIONS)
    except re2.error as err:
        raise RegexpError(_message(err)) from None
    search = pattern.search

    def matches(value: str) -> bool:
        return search(value.encode("utf-8", "surrogateescape")) is not None

    return matches


def _refuse_any_byte(expr: str) -> None:
    i = 0
    while i < len(expr) - 1:
        if expr[i] != "\\":
            i += 1
            continue
        escaped = expr[i + 1]
        if escaped == "C":
            raise RegexpError("invalid escape sequence: `\\C`")
        if escaped == "Q":  # literal text up to \E: nothing in it is an escape
            end = expr.find("\\E", i + 2)
            if end < 0:
                return
            i = end
        i += 2


def _message(err: Exception) -> str:
    raw = err.args[0] if err.args else ""
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
