"""Summaries and comparisons of benchmark samples, with benchstat's assumptions and wording.

By default nothing is assumed about the distribution: the center is the median with its
order-statistic confidence interval, and two samples are compared with the Mann-Whitney U test.
A unit declared `assume=exact` (a `Unit` metadata line) is summarised by its mode and compared
without a test (every difference counts).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from goide.bench import gomath, utest
from goide.bench import median as median_stats
from goide.bench.gonum import format_fixed, format_float

DEFAULT_ALPHA = 0.05
DEFAULT_CONFIDENCE = 0.95


def go_sorted(values: Sequence[float]) -> list[float]:
    """Sorted as Go's sort.Float64s sorts: NaNs first, then ascending."""
    if not math.isnan(sum(values)):
        return sorted(values)
    nans = [v for v in values if math.isnan(v)]
    if not nans:
        return sorted(values)
    return nans + sorted(v for v in values if not math.isnan(v))


class Summary:
    __slots__ = ("center", "confidence", "hi", "lo", "warnings")

    def __init__(self, center: float, lo: float, hi: float, confidence: float) -> None:
        self.center = center
        self.lo = lo
        self.hi = hi
        self.confidence = confidence
        self.warnings: list[str] = []

    def interval(self) -> tuple[float, float]:
        """The interval as every view shows it: infinite on both sides when either end is (too few
        samples for the confidence level), as the text's `± ∞` says; otherwise (lo, hi)."""
        if math.isinf(self.lo) or math.isinf(self.hi):
            return -math.inf, math.inf
        return self.lo, self.hi

    def range_text(self) -> str:
        """The interval as the largest relative distance from the center: `± 3%`'s `3%`."""
        lo, hi, center = self.lo, self.hi, self.center
        if lo > 0 and center > 0 and 0 < hi < math.inf:
            # All positive and finite, the common case: no sign or infinity to look at.
            spread = 100 * max(hi / center - 1, 1 - lo / center)
            # format_fixed's own format for a finite value (hi / center may overflow).
            return f"{spread:.0f}%" if spread < math.inf else _percent0(spread)
        if math.isinf(lo) or math.isinf(hi):
            return "∞"
        sign = _sign(self.center)
        if sign != _sign(self.lo) or sign != _sign(self.hi):
            return "?"
        if self.center == 0:
            return "0%"
        spread = max(self.hi / self.center - 1, 1 - self.lo / self.center)
        return _percent0(100 * spread)


def _sign(x: float) -> float:
    if x == 0:
        return 0.0
    if x < 0:
        return -1.0
    if x > 0:
        return 1.0
    return math.nan


def _percent0(value: float) -> str:
    return format_fixed(value, 0) + "%"


class Comparison:
    __slots__ = ("alpha", "n1", "n2", "p", "warnings")

    def __init__(self, p: float, n1: int, n2: int, alpha: float, warnings: list[str] | None = None) -> None:
        self.p = p
        self.n1 = n1
        self.n2 = n2
        self.alpha = alpha
        self.warnings = [] if warnings is None else warnings

    def text(self) -> str:
        """`p=0.000 n=10`, `n=5+6`; no p when the unit is exact."""
        p = self.p
        # For a probability (not NaN), format_fixed's own format, without its checks.
        prefix = f"p={p:.3f} " if 0 < p <= 1 else (f"p={format_fixed(p, 3)} " if p != 0 else "")
        if self.n1 == self.n2:
            return f"{prefix}n={self.n1}"
        return f"{prefix}n={self.n1}+{self.n2}"

    def significant(self) -> bool:
        # p == alpha counts as significant, as in benchstat.
        return not self.p > self.alpha

    def delta_text(self, old: float, new: float) -> str:
        """`~` when not significant, else the relative change `-17.20%`."""
        if self.p > self.alpha:
            return "~"
        if old == new:
            return "0.00%"
        if old == 0:
            return "?"
        return signed_percent((new / old - 1.0) * 100.0)


def signed_percent(value: float) -> str:
    """Go's `%+.2f%%`."""
    if math.isnan(value):
        return "+NaN%"
    return format_fixed(value, 2) + "%" if math.isinf(value) else f"{value:+.2f}%"


def summarize(values: list[float], confidence: float, exact: bool = False) -> Summary:
    """Center and interval of a sample sorted by go_sorted."""
    if exact:
        return _summarize_exact(values)
    median, lo, hi, reached = median_stats.median_ci(values, confidence)
    summary = Summary(median, lo, hi, reached)
    if math.isinf(lo) or math.isinf(hi):
        op, need = median_stats.samples_needed(confidence)
        summary.warnings.append(
            f"need {op} {need} samples for confidence interval at level {format_float(confidence)}"
        )
    return summary


def _summarize_exact(values: list[float]) -> Summary:
    """assume=exact: the mode, and the range of the sample as its interval."""
    current, count = values[0], 1
    mode, mode_count = current, count
    for value in values[1:]:
        if value == current:
            count += 1
            if count > mode_count:
                mode, mode_count = current, count
        else:
            current, count = value, 1
    summary = Summary(mode, values[0], values[-1], 1.0)
    if mode_count != len(values):
        summary.warnings.append(
            "exact distribution expected, but values range from "
            f"{format_float(values[0])} to {format_float(values[-1])}"
        )
    return summary


def compare(old: Sequence[float], new: Sequence[float], alpha: float, exact: bool = False) -> Comparison:
    """Compare two sorted samples: Mann-Whitney U, or no test at all for an exact unit."""
    if exact:
        return Comparison(0.0, len(old), len(new), 0.0)
    if old and new and old[0] == old[-1] == new[0] == new[-1]:
        # Sorted samples whose ends are all equal hold one value (not NaN, which equals nothing):
        # mann_whitney_u would find a single tie group and raise SamplesEqualError.
        return Comparison(1.0, len(old), len(new), alpha, [utest.SAMPLES_EQUAL])
    try:
        result = utest.mann_whitney_u(old, new)
    except utest.SamplesEqualError as err:
        return Comparison(1.0, len(old), len(new), alpha, [str(err)])
    comparison = Comparison(result.p, result.n1, result.n2, alpha)
    if comparison.p > alpha:
        op, need = utest.samples_needed(alpha)
        if comparison.n1 < need and comparison.n2 < need:
            comparison.warnings.append(
                f"need {op} {need} samples to detect a difference at alpha level {format_float(alpha)}"
            )
    return comparison


def geomean(values: list[float]) -> float:
    """Geometric mean by a running mean of logarithms; NaN unless every value is > 0.

    Go's own Log and Exp are used so that every printed digit is benchstat's.
    """
    if not values:
        return math.nan
    mean = 0.0
    for i, value in enumerate(values):
        if not value > 0:
            return math.nan
        mean += (gomath.log(value) - mean) / (i + 1)
    return gomath.exp(mean)
