"""Go's `strconv.Unquote` for double-quoted strings, which benchproc uses for quoted filter words.

Go's escapes, not Python's: `\\a \\b \\f \\n \\r \\t \\v \\\\ \\"`, `\\x` with two hex digits, `\\` with
three octal digits (at most 255), `\\u` with four and `\\U` with eight hex digits (a valid code point,
not a surrogate). Everything else after a backslash (`\\z`, `\\'`, `\\N{...}`) is a syntax error, as is
a newline inside the quotes. `\\x` and octal escapes are bytes; bytes that are not UTF-8 are kept by
surrogateescape, as goide keeps them everywhere else.
"""

from __future__ import annotations

_SIMPLE = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, '"': 34}
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_WIDTH = {"x": 2, "u": 4, "U": 8}


class UnquoteError(ValueError):
    """Go's strconv.ErrSyntax: `invalid syntax`."""

    def __init__(self) -> None:
        super().__init__("invalid syntax")


def unquote(quoted: str) -> str:
    """The value of a Go double-quoted string literal (with its quotes)."""
    if len(quoted) < 2 or quoted[0] != '"' or quoted[-1] != '"':
        raise UnquoteError
    body = quoted[1:-1]
    if "\\" not in body:
        if '"' in body or "\n" in body:
            raise UnquoteError
        return body
    out = bytearray()
    i = 0
    while i < len(body):
        char = body[i]
        if char in {'"', "\n"}:
            raise UnquoteError
        if char != "\\":
            out += char.encode("utf-8", "surrogateescape")
            i += 1
            continue
        if i + 1 >= len(body):
            raise UnquoteError
        kind = body[i + 1]
        i += 2
        if kind in _SIMPLE:
            out.append(_SIMPLE[kind])
        elif kind in _WIDTH:
            digits = body[i : i + _WIDTH[kind]]
            if len(digits) < _WIDTH[kind] or not set(digits) <= _HEX_DIGITS:
                raise UnquoteError
            i += _WIDTH[kind]
            value = int(digits, 16)
            if kind == "x":
                out.append(value)
            elif value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
                raise UnquoteError
            else:
                out += chr(value).encode("utf-8")
        elif "0" <= kind <= "7":
            digits = body[i - 1 : i + 2]
            if len(digits) < 3 or not all("0" <= d <= "7" for d in digits):
                raise UnquoteError
            value = int(digits, 8)
            if value > 255:
                raise UnquoteError
            out.append(value)
            i += 2
        else:
            raise UnquoteError
    return out.decode("utf-8", "surrogateescape")
