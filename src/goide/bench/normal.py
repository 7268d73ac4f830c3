"""The normal distribution's CDF and inverse CDF, as the benchmark statistics need them.

The inverse CDF is Peter J. Acklam's rational approximation refined by one Halley step, the
method go-moremath (and so benchstat) uses; the CDF is erfc-based.
"""

from __future__ import annotations

import math

_A = (
    -3.969683028665376e01,
    2.209460984245205e02,
    -2.759285104469687e02,
    1.383577518672690e02,
    -3.066479806614716e01,
    2.506628277459239e00,
)
_B = (
    -5.447609879822406e01,
    1.615858368580409e02,
    -1.556989798598866e02,
    6.680131188771972e01,
    -1.328068155288572e01,
)
_C = (
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e00,
    -2.549732539343734e00,
    4.374664141464968e00,
    2.938163982698783e00,
)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
_P_LOW = 0.02425
_P_HIGH = 1 - _P_LOW


def cdf(x: float, mu: float = 0.0, sigma: float = 1.0) -> float:
    return math.erfc(-(x - mu) / (sigma * math.sqrt(2))) / 2


def inv_cdf(p: float, mu: float = 0.0, sigma: float = 1.0) -> float:
    """Acklam's algorithm: rational approximations in three regions, then one refinement step."""
    if p < 0 or p > 1 or math.isnan(p):
        return math.nan
    if p == 0:
        return -math.inf
    if p == 1:
        return math.inf
    a1, a2, a3, a4, a5, a6 = _A
    b1, b2, b3, b4, b5 = _B
    c1, c2, c3, c4, c5, c6 = _C
    d1, d2, d3, d4 = _D
    if p < _P_LOW:
        q = math.sqrt(-2 * math.log(p))
        x = (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / (
            (((d1 * q + d2) * q + d3) * q + d4) * q + 1
        )
    elif p > _P_HIGH:
        q = math.sqrt(-2 * math.log(1 - p))
        x = -(((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / (
            (((d1 * q + d2) * q + d3) * q + d4) * q + 1
        )
    else:
        q = p - 0.5
        r = q * q
        x = (
            (((((a1 * r + a2) * r + a3) * r + a4) * r + a5) * r + a6)
            * q
            / (((((b1 * r + b2) * r + b3) * r + b4) * r + b5) * r + 1)
        )
    e = 0.5 * math.erfc(-x / math.sqrt(2)) - p
    u = e * math.sqrt(2 * math.pi) * math.exp(x * x / 2)
    x = x - u / (1 + x * u / 2)
    return x * sigma + mu
