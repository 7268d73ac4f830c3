"""Numbers the way Go reads and prints them, so goide's benchmark output matches Go tools byte for byte.

Go's `strconv.ParseFloat` accepts a narrower syntax than Python's `float()` (no surrounding spaces,
no `_` in decimals, `nan` without a sign) and reports overflow as an error; `fmt.Sprint(float64)`
prints the shortest round-tripping digits like Python's `repr`, but switches to exponent form from
10^6 (`1e+06`) and prints integral values without `.0`. These helpers reproduce exactly that.
"""

from __future__ import annotations

import math
import re

# Go's decimal float grammar (strconv.readFloat, base 10): sign, digits with an optional point,
# optional exponent. Hexadecimal floats need a `p` exponent. `_` may separate digits
# (benchfmt's copy of strconv checks underscoreOK and then skips them).
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_HEX = re.compile(r"[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+")
_SPECIAL = {
    "inf": math.inf,
    "+inf": math.inf,
    "infinity": math.inf,
    "+infinity": math.inf,
    "-inf": -math.inf,
    "-infinity": -math.inf,
    "nan": math.nan,
}

INVALID_SYNTAX = "invalid syntax"
OUT_OF_RANGE = "value out of range"
_INT64_MAX = (1 << 63) - 1


class GoNumberError(ValueError):
    """A number Go would reject; the message is Go's (`invalid syntax`, `value out of range`)."""


def parse_float(text: str) -> float:
    """`strconv.ParseFloat(text, 64)`: the value, or GoNumberError with Go's reason."""
    if text.isdigit() and text.isascii():
        return float(int(text))
    special = _SPECIAL.get(text.lower())
    if special is not None:
        return special
    if "_" in text:
        if not _underscores_ok(text):
            raise GoNumberError(INVALID_SYNTAX)
        text = text.replace("_", "")
    if _DECIMAL.fullmatch(text):
        value = float(text)
    elif _HEX.fullmatch(text):
        sign = -1.0 if text[0] == "-" else 1.0
        try:
            value = sign * float.fromhex(text.lstrip("+-"))
        except OverflowError:
            raise GoNumberError(OUT_OF_RANGE) from None
    else:
        raise GoNumberError(INVALID_SYNTAX)
    if math.isinf(value):
        raise GoNumberError(OUT_OF_RANGE)
    return value


def _underscores_ok(text: str) -> bool:
    """Go's underscoreOK: every `_` sits between two digits (a base prefix counts as a digit)."""
    body = text[1:] if text[:1] in ("+", "-") else text
    hexdigits = "0123456789abcdefABCDEF"
    digits = "0123456789"
    saw = "^"
    start = 0
    if len(body) >= 2 and body[0] == "0" and body[1] in "bBoOxX":
        start, saw = 2, "0"
        if body[1] in "xX":
            digits = hexdigits
    for char in body[start:]:
        if char in digits:
            saw = "0"
        elif char == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


def parse_int(text: str) -> int:
    """`strconv.Atoi(text)` on a 64-bit platform."""
    body = text[1:] if text[:1] in ("+", "-") else text
    if not body or not (body.isdigit() and body.isascii()):
        raise GoNumberError(INVALID_SYNTAX)
    value = -int(body) if text[0] == "-" else int(body)
    if value > _INT64_MAX or value < -_INT64_MAX - 1:
        raise GoNumberError(OUT_OF_RANGE)
    return value


def format_float(value: float) -> str:
    """`fmt.Sprint(value)` for a float64: shortest digits, `%e` form below 1e-4 and from 1e6."""
    # Python's repr has the same shortest digits; where both print the same form, it is the
    # answer: the exponent form (repr uses it below 1e-4 and from 1e16, with Go's sign and two
    # exponent digits at least), and the plain form between 1e-4 and 1e6 (less repr's `.0`).
    text = repr(value)
    if "e" in text:
        return text
    if 1e-4 <= abs(value) < 1e6:
        return text[:-2] if text.endswith(".0") else text
    return format_float_general(value)


def format_float_general(value: float) -> str:
    """format_float for any value, from the digits up (the fast path's reference)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    text = repr(abs(value))
    mantissa, _, exp_text = text.partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    # Decimal point position relative to the start of `digits`.
    point = (
        len(whole)
        + (int(exp_text) if exp_text else 0)
        - (len(whole + frac) - len((whole + frac).lstrip("0")))
    )
    digits = digits.rstrip("0") or "0"
    sign = "-" if value < 0 else ""
    exponent = point - 1
    if exponent < -4 or exponent >= 6:
        head = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{head}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return f"{sign}{digits}{'0' * (point - len(digits))}"
    return f"{sign}{digits[:point]}.{digits[point:]}"


def format_fixed(value: float, precision: int) -> str:
    """`strconv.FormatFloat(value, 'f', precision, 64)`, with Go's spelling of NaN and infinities."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return f"{value:.{precision}f}"
