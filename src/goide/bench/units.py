"""Benchmark units: tidying to base units, decimal/binary class, and SI/IEC scaling for display.

The rules are benchstat's (golang.org/x/perf/benchunit): `ns/op` becomes `sec/op` (x1e-9), `MB/s`
becomes `B/s` (x1e6), any other `ns` or `MB` token in a unit's numerator is rewritten the same way;
a unit whose numerator has `B`, `MB` or `bytes` is binary (Ki, Mi, ...), every other unit decimal
(k, M, m, µ, n, ...). A set of values shares one scale, chosen from its smallest non-zero magnitude.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

from goide.bench.gonum import format_fixed

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from goide.core.record import NamedTuple


class UnitClass(Enum):
    DECIMAL = "decimal"
    BINARY = "binary"


def _is_unit_space(char: str) -> bool:
    return char.isspace() and char not in "\x1c\x1d\x1e\x1f"


def _tokens(unit: str) -> list[tuple[str, int, bool]]:
    """Split a unit into (token, offset, in_denominator); `/` starts the denominator, `*` ends it."""
    tokens: list[tuple[str, int, bool]] = []
    denominator = False
    i = 0
    while i < len(unit):
        char = unit[i]
        if char == "*":
            denominator = False
            i += 1
        elif char == "/":
            denominator = True
            i += 1
        elif char == "-" or _is_unit_space(char):
            i += 1
        else:
            start = i
            while i < len(unit) and not (unit[i] in "*/-" or _is_unit_space(unit[i])):
                i += 1
            tokens.append((unit[start:i], start, denominator))
    return tokens


@lru_cache(maxsize=4096)
def tidy_unit(unit: str) -> tuple[str, float]:
    """The tidied unit and the factor that converts a value into it."""
    if unit == "ns/op":
        return "sec/op", 1e-9
    if unit == "MB/s":
        return "B/s", 1e6
    if unit in ("B/op", "allocs/op") or ("ns" not in unit and "MB" not in unit):
        return unit, 1.0
    factor = 1.0
    edits: list[tuple[int, int, str]] = []
    for token, offset, denominator in _tokens(unit):
        if denominator:
            continue
        if token == "ns":
            edits.append((offset, 2, "sec"))
            factor /= 1e9
        elif token == "MB":
            edits.append((offset, 2, "B"))
            factor *= 1e6
    for offset, length, replacement in reversed(edits):
        unit = unit[:offset] + replacement + unit[offset + length :]
    return unit, factor


def tidy(value: float, unit: str) -> tuple[float, str]:
    """(value, unit) in base units: 1500 ns/op -> 1.5e-06 sec/op."""
    tidied, factor = tidy_unit(unit)
    return value * factor, tidied


@lru_cache(maxsize=4096)
def class_of(unit: str) -> UnitClass:
    for token, _offset, denominator in _tokens(unit):
        if not denominator and token in ("B", "MB", "bytes"):
            return UnitClass.BINARY
    return UnitClass.DECIMAL


class Scaler:
    """Formats values of one set with one prefix and one precision: 1.718µ, 95.37Mi."""

    __slots__ = ("factor", "precision", "prefix")

    def __init__(self, precision: int, factor: float, prefix: str) -> None:
        self.precision = precision
        self.factor = factor
        self.prefix = prefix

    def format(self, value: float) -> str:
        return format_fixed(value / self.factor, self.precision) + self.prefix


class _Prefix(NamedTuple):
    factor: float
    prefix: str
    t100: float
    t10: float
    t1: float


def _si_prefixes() -> tuple[_Prefix, ...]:
    out = []
    exponent = 12
    for prefix in ("T", "G", "M", "k", "", "m", "µ", "n"):
        out.append(
            _Prefix(
                10.0**exponent,
                prefix,
                float(f"99.995e{exponent}"),
                float(f"9.9995e{exponent}"),
                float(f".99995e{exponent}"),
            )
        )
        exponent -= 3
    return tuple(out)


def _iec_prefixes() -> tuple[_Prefix, ...]:
    out = []
    exponent = 40
    for prefix in ("Ti", "Gi", "Mi", "Ki", ""):
        # The thresholds are 99.995, 9.9995 and .99995 scaled by 2^exponent, as exact binary values.
        out.append(
            _Prefix(
                2.0**exponent,
                prefix,
                float.fromhex(f"0x1.8ffae147ae148p{6 + exponent}"),
                float.fromhex(f"0x1.3ffbe76c8b439p{3 + exponent}"),
                float.fromhex(f"0x1.fff972474538fp{-1 + exponent}"),
            )
        )
        exponent -= 10
    return tuple(out)


_SI = _si_prefixes()
_IEC = _iec_prefixes()
# Below the smallest prefix: one more decimal for each decade, from 3 up to 10.
_SIGFIGS = tuple(float(f"9.9995e{exponent}") for exponent in range(-1, -9, -1))
_SIGFIGS_BASE = 3


def common_scale(values: list[float], unit_class: UnitClass) -> Scaler:
    """The one scale for a set of values, chosen from the smallest non-zero magnitude."""
    smallest = 0.0
    for value in values:
        magnitude = abs(value)
        # Written as benchunit does, so that a NaN first in the set wins as it does there.
        if magnitude != 0 and (smallest == 0 or magnitude < smallest):
            smallest = magnitude
    if smallest == 0:
        return Scaler(3, 1.0, "")
    prefixes = _SI if unit_class is UnitClass.DECIMAL else _IEC
    for prefix in prefixes:
        if smallest >= prefix.t100:
            return Scaler(1, prefix.factor, prefix.prefix)
        if smallest >= prefix.t10:
            return Scaler(2, prefix.factor, prefix.prefix)
        if smallest >= prefix.t1:
            return Scaler(3, prefix.factor, prefix.prefix)
    last = prefixes[-1]
    scaled = smallest / last.factor
    for i, threshold in enumerate(_SIGFIGS):
        if scaled >= threshold or i == len(_SIGFIGS) - 1:
            return Scaler(i + _SIGFIGS_BASE, last.factor, last.prefix)
    raise AssertionError("unreachable")


def scale(value: float, unit_class: UnitClass) -> str:
    """One value formatted on its own scale."""
    return common_scale([value], unit_class).format(value)
