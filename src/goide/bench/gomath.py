"""Go's math.Log and math.Exp on amd64, reproduced operation by operation.

benchstat prints geomeans with every digit (`fmt.Sprint`), and Go's amd64 `Log` and `Exp` are
their own assembly routines, not the C library's: they can differ from Python's `math.log` and
`math.exp` in the last bit, which would change the last digit of a geomean in the CSV. These
ports follow the instruction sequences of Go's `log_amd64.s` (FreeBSD's e_log.c algorithm) and
`exp_amd64.s` (argument reduction by ln 2, a Taylor series on x/16, then squaring four times),
including the fused multiply-add variant Go picks on CPUs with AVX and FMA. On other platforms Go
uses other code, and the last digit of a geomean may differ from benchstat's there.
"""

from __future__ import annotations

import math
import os
import struct
from functools import cache

_LN2HI = 6.93147180369123816490e-01
_LN2LO = 1.90821492927058770002e-10
_L1 = 6.666666666666735130e-01
_L2 = 3.999999999940941908e-01
_L3 = 2.857142874366239149e-01
_L4 = 2.222219843214978396e-01
_L5 = 1.818357216161805012e-01
_L6 = 1.531383769920937332e-01
_L7 = 1.479819860511658591e-01
_HALF_SQRT2 = 7.07106781186547524401e-01
_SMALLEST_NORMAL = 2.2250738585072014e-308

_LOG2E = 1.4426950408889634073599246810018920
_LN2U = 0.69314718055966295651160180568695068359375
_LN2L = 0.28235290563031577122588448175013436025525412068e-12
_OVERFLOW = 7.09782712893384e02
# 1/8!, 1/7!, ..., 1/3!, 1/2, 1 (the Taylor coefficients, highest first).
_TAYLOR = (
    2.4801587301587301587e-5,
    1.9841269841269841270e-4,
    1.3888888888888888889e-3,
    8.3333333333333333333e-3,
    4.1666666666666666667e-2,
    1.6666666666666666667e-1,
    0.5,
    1.0,
)


def _bits(x: float) -> int:
    return int(struct.unpack("<Q", struct.pack("<d", x))[0])


def _float(bits: int) -> float:
    return float(struct.unpack("<d", struct.pack("<Q", bits & 0xFFFFFFFFFFFFFFFF))[0])


def _fma(a: float, b: float, c: float) -> float:
    """a*b + c with one rounding, as the FMA instruction computes it."""
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return a * b + c
    # Exact in integers (every float is an integer over a power of two); int / int rounds once,
    # correctly, as Fraction's float() does, without importing fractions at start-up.
    an, ad = a.as_integer_ratio()
    bn, bd = b.as_integer_ratio()
    cn, cd = c.as_integer_ratio()
    return (an * bn * cd + cn * ad * bd) / (ad * bd * cd)


@cache
def _cpu_has_fma() -> bool:
    """Go uses the FMA path when the CPU has AVX and FMA (internal/cpu)."""
    if hasattr(os, "uname"):
        machine = os.uname().machine  # what platform.machine() reads, without importing platform
    else:
        import platform

        machine = platform.machine()
    if machine.lower() not in ("x86_64", "amd64"):
        return False
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return "avx" in flags and "fma" in flags
    except OSError:
        return False
    return False


def log(x: float) -> float:
    """Natural logarithm as Go's amd64 math.Log computes it."""
    if _SMALLEST_NORMAL <= x < math.inf:
        # Positive, normal and finite (NaN fails the comparison), the common case. For normal
        # numbers Go's bit extraction is exactly frexp: x = f1 * 2**k, 0.5 <= f1 < 1.
        f1, exponent = math.frexp(x)
        return _log_reduced(f1, float(exponent))
    if x == 0:
        return -math.inf
    if x < 0 or math.copysign(1.0, x) < 0:
        return math.nan
    if math.isinf(x) or math.isnan(x):
        return x
    # Subnormals: Go reads the exponent bits as they are (not a true frexp).
    bits = _bits(x)
    f1 = _float((bits & 0x000FFFFFFFFFFFFF) | 0x3FE0000000000000)
    return _log_reduced(f1, float(((bits >> 52) & 0x7FF) - 0x3FE))


def _log_reduced(f1: float, k: float) -> float:
    """Go's Log from x = f1 * 2**k, 0.5 <= f1 < 1."""
    if not f1 > _HALF_SQRT2:
        k -= 1.0
        f1 *= 2.0
    f = f1 - 1.0
    s = f / (2.0 + f)
    s2 = s * s
    s4 = s2 * s2
    t1 = s2 * (((_L7 * s4 + _L5) * s4 + _L3) * s4 + _L1)
    t2 = s4 * ((_L6 * s4 + _L4) * s4 + _L2)
    r = t1 + t2
    hfsq = 0.5 * f * f
    return k * _LN2HI - ((hfsq - (s * (hfsq + r) + k * _LN2LO)) - f)


def exp(x: float) -> float:
    """e**x as Go's amd64 math.Exp computes it."""
    if math.isnan(x) or x == math.inf:
        return x
    if x == -math.inf:
        return 0.0
    if x > _OVERFLOW:
        return math.inf
    scaled = _LOG2E * x
    # CVTSD2SL rounds to nearest even; out of int32 range it gives the "integer indefinite" value.
    k = round(scaled) if abs(scaled) < 2**31 else -(2**31)
    kf = float(k)
    fma = _cpu_has_fma()
    if fma:
        r = _fma(-_LN2U, kf, x)
        r = _fma(-_LN2L, kf, r)
    else:
        r = x - _LN2U * kf
        r = r - _LN2L * kf
    r *= 0.0625
    poly = _TAYLOR[0]
    for coefficient in _TAYLOR[1:]:
        poly = _fma(poly, r, coefficient) if fma else poly * r + coefficient
    r = poly * r
    for step in range(4):
        doubled = r + 2.0
        # With FMA, Go fuses the last squaring with the final + 1.
        r = _fma(doubled, r, 1.0) if fma and step == 3 else r * doubled
    if not fma:
        r += 1.0
    biased = k + 0x3FF
    if biased <= 0:
        if biased < -52:
            return 0.0
        r *= _float((biased + 0x3FE) << 52)
        biased = 1
    elif biased >= 0x7FF:
        return math.inf
    return r * _float(biased << 52)
