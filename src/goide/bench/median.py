"""The sample median and its distribution-free confidence interval from order statistics.

The median is go-moremath's `Sample.Quantile(0.5)` (Hyndman-Fan definition 8), which for the
median equals the usual middle value or mean of the two middle values, computed the same way so
that the floating-point result is the same. The confidence interval is the classic order-statistic
interval: the number of sample values below the population median is Binomial(n, 1/2), so the
interval between the l-th and r-th smallest values covers the median with probability
P(l <= K < r). For n <= 30 the binomial probabilities are summed outward from the mode (ties
broken to the left) until they reach the requested confidence; above that the normal
approximation with continuity correction gives the band. Orders outside 1..n mean an infinite
bound: the sample is too small for the confidence asked.
"""

from __future__ import annotations

import math
from functools import lru_cache

from goide.bench import normal

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from goide.core.record import NamedTuple

# Above this sample size the normal approximation replaces the exact binomial sum (go-moremath).
EXACT_BINOMIAL_LIMIT = 30
_SMALL_FACTORIAL_LIMIT = 20


def choose(n: int, k: int) -> float:
    """n choose k as go-moremath computes it: exact up to n = 20, exp(lgamma) above."""
    if k in (0, n):
        return 1.0
    if k < 0 or n < k:
        return 0.0
    if n <= _SMALL_FACTORIAL_LIMIT:
        return float(math.comb(n, k))
    return math.exp(math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1))


def _binomial_pmf(n: int, p: float, k: int) -> float:
    if k < 0 or k > n:
        return 0.0
    return choose(n, k) * math.pow(p, k) * math.pow(1 - p, n - k)


def quantile(sorted_values: list[float], q: float) -> float:
    """Quantile of a sorted sample by Hyndman-Fan definition 8 (R's type 8)."""
    if not sorted_values:
        return math.nan
    if q <= 0:
        return sorted_values[0]
    if q >= 1:
        return sorted_values[-1]
    count = float(len(sorted_values))
    position = 1 / 3.0 + q * (count + 1 / 3.0)
    frac, whole = math.modf(position)
    k = int(whole)
    if k <= 0:
        return sorted_values[0]
    if k >= len(sorted_values):
        return sorted_values[-1]
    return sorted_values[k - 1] + frac * (sorted_values[k] - sorted_values[k - 1])


class OrderCI(NamedTuple):
    """The 1-based order statistics bounding the interval and the confidence actually reached."""

    lo_order: int
    hi_order: int
    confidence: float


@lru_cache(maxsize=1024)
def quantile_ci(n: int, q: float, confidence: float) -> OrderCI:
    """Distribution-free confidence interval of the q-quantile from order statistics."""
    if confidence >= 1:
        return OrderCI(0, n + 1, 1.0)
    if n <= EXACT_BINOMIAL_LIMIT:
        # Exact binomial: accumulate probability outward from the (lower) mode.
        x = 0 if q == 0 else math.ceil((n + 1) * q) - 1
        accum = _binomial_pmf(n, q, x)
        left, right = x, x + 1
        left_p, right_p = _binomial_pmf(n, q, left - 1), _binomial_pmf(n, q, right)
        while accum < confidence and (left_p > 0 or right_p > 0):
            if left_p >= right_p:
                accum += left_p
                left -= 1
                left_p = _binomial_pmf(n, q, left - 1)
            else:
                accum += right_p
                right += 1
                right_p = _binomial_pmf(n, q, right)
        reached = accum
    else:
        # Normal approximation to Binomial(n, q) with continuity correction.
        mu, sigma = n * q, math.sqrt(n * q * (1 - q))
        low = normal.inv_cdf((1 - confidence) / 2, mu, sigma)
        high = 2 * mu - low
        left = math.floor(math.floor(low - 0.5) + 0.5) + 1
        right = math.floor(math.ceil(high - 0.5) + 0.5) + 1

        def band(lo: int, hi: int) -> float:
            return normal.cdf(hi - 0.5, mu, sigma) - normal.cdf(lo - 0.5, mu, sigma)

        reached = band(left, right)
        biased = band(left, right - 1)
        if confidence <= biased < reached:
            reached, right = biased, right - 1
        if left <= 0 and right >= n + 1:
            reached = 1.0
    return OrderCI(max(left, 0), min(right, n + 1), reached)


class MedianCI(NamedTuple):
    median: float
    lo: float
    hi: float
    confidence: float


@lru_cache(maxsize=1024)
def _median_plan(n: int, confidence: float) -> tuple[int, float, int, int, float]:
    """Where median_ci reads a sorted sample of n > 0 values, worked out once per n:
    quantile's k and fraction for q = 0.5, the 0-based indexes of the interval's bounds
    (outside 0..n-1 for an infinite bound), and the confidence reached."""
    frac, whole = math.modf(1 / 3.0 + 0.5 * (float(n) + 1 / 3.0))
    ci = quantile_ci(n, 0.5, confidence)
    return int(whole), frac, ci.lo_order - 1, ci.hi_order - 1, ci.confidence


def median_ci(sorted_values: list[float], confidence: float) -> MedianCI:
    """The median of a sorted sample and its order-statistic confidence interval (may be infinite)."""
    n = len(sorted_values)
    if n:
        # quantile(sorted_values, 0.5) and the bounds below, with the arithmetic on n done once.
        k, frac, lo_index, hi_index, reached = _median_plan(n, confidence)
        if k <= 0:
            median = sorted_values[0]
        elif k >= n:
            median = sorted_values[-1]
        else:
            median = sorted_values[k - 1] + frac * (sorted_values[k] - sorted_values[k - 1])
        return MedianCI(
            median,
            -math.inf if lo_index < 0 else sorted_values[lo_index],
            math.inf if hi_index >= n else sorted_values[hi_index],
            reached,
        )
    ci = quantile_ci(n, 0.5, confidence)
    median = quantile(sorted_values, 0.5)
    lo = -math.inf if ci.lo_order < 1 else sorted_values[ci.lo_order - 1]
    hi = math.inf if ci.hi_order - 1 >= n else sorted_values[ci.hi_order - 1]
    return MedianCI(median, lo, hi, ci.confidence)


@lru_cache(maxsize=64)
def samples_needed(confidence: float) -> tuple[str, int]:
    """(">=", n): the smallest sample whose median interval is finite at this confidence."""
    limit = 50
    for n in range(2, limit + 1):
        ci = quantile_ci(n, 0.5, confidence)
        if ci.lo_order > 0 and ci.hi_order <= n:
            return ">=", n
    return ">", limit
