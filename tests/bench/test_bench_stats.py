"""The statistics against exact enumeration for tiny samples and against published tables."""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import pytest

from goide.bench import median, summary, units, utest
from goide.bench.gonum import GoNumberError, format_float, parse_float, parse_int


def brute_force_p(x1: list[float], x2: list[float]) -> float:
    """Two-sided exact p of the U test by enumerating every way to split the pooled values:
    the smaller tail at the observed U1, doubled, at most 1."""
    pooled = sorted(x1 + x2)
    ranks = {}
    i = 0
    while i < len(pooled):
        j = i
        while j < len(pooled) and pooled[j] == pooled[i]:
            j += 1
        ranks[pooled[i]] = Fraction(i + 1 + j, 2)
        i = j

    def u_of(sample: tuple[float, ...]) -> Fraction:
        n1 = len(sample)
        return sum((ranks[v] for v in sample), Fraction(0)) - Fraction(n1 * (n1 + 1), 2)

    n1 = len(x1)
    observed = u_of(tuple(x1))
    all_u = [u_of(combo) for combo in itertools.combinations(pooled, n1)]
    lower = Fraction(sum(1 for u in all_u if u <= observed), len(all_u))
    upper = Fraction(sum(1 for u in all_u if u >= observed), len(all_u))
    return float(min(Fraction(1), 2 * min(lower, upper)))


@pytest.mark.parametrize("seed", range(40))
def test_u_test_matches_exact_enumeration(seed: int) -> None:
    rng = random.Random(seed)
    n1, n2 = rng.randint(1, 7), rng.randint(1, 7)
    levels = rng.choice([3, 5, 50])  # few levels: many ties; 50 levels: mostly none
    x1 = sorted(float(rng.randint(0, levels)) for _ in range(n1))
    x2 = sorted(float(rng.randint(0, levels)) for _ in range(n2))
    if len(set(x1 + x2)) == 1:
        with pytest.raises(utest.SamplesEqualError):
            utest.mann_whitney_u(x1, x2)
        return
    assert utest.mann_whitney_u(x1, x2).p == pytest.approx(brute_force_p(x1, x2), rel=1e-12)


# Critical values of U for a two-sided test at alpha = 0.05 with equal sample sizes n
# (Mann & Whitney 1947; reprinted in e.g. Siegel & Castellan, Nonparametric Statistics, table J).
CRITICAL_U_005 = {5: 2, 6: 5, 7: 8, 8: 13, 9: 17, 10: 23, 12: 37, 15: 64, 20: 127}


@pytest.mark.parametrize(("n", "critical"), CRITICAL_U_005.items())
def test_u_distribution_matches_published_critical_values(n: int, critical: int) -> None:
    # U at the critical value is significant at 0.05, one more is not.
    assert utest._no_ties_cdf(n, n, critical) * 2 <= 0.05
    assert utest._no_ties_cdf(n, n, critical + 1) * 2 > 0.05


def test_median_interval_published_orders() -> None:
    # n = 10 at 95%: the interval (x(2), x(9)) with coverage 1 - 2*11/1024 = 0.97852
    # (e.g. Conover, Practical Nonparametric Statistics, table A3).
    ci = median.quantile_ci(10, 0.5, 0.95)
    assert (ci.lo_order, ci.hi_order) == (2, 9)
    assert ci.confidence == pytest.approx(1 - 2 * 11 / 1024)
    # n = 6: only the full range (x(1), x(6)) reaches 95% (96.875%); n = 5 cannot.
    assert (median.quantile_ci(6, 0.5, 0.95).lo_order, median.quantile_ci(6, 0.5, 0.95).hi_order) == (1, 6)
    assert median.quantile_ci(5, 0.5, 0.95).lo_order == 0
    assert median.samples_needed(0.95) == (">=", 6)
    assert median.samples_needed(0.8) == (">=", 4)


@pytest.mark.parametrize("n", [6, 7, 10, 15, 20, 25, 30])
def test_median_interval_coverage_by_enumeration(n: int) -> None:
    ci = median.quantile_ci(n, 0.5, 0.95)
    coverage = sum(math.comb(n, k) for k in range(ci.lo_order, ci.hi_order)) / 2**n
    assert coverage >= 0.95
    assert coverage == pytest.approx(ci.confidence)
    # Narrowing either side falls below the level: the interval is the shortest.
    assert sum(math.comb(n, k) for k in range(ci.lo_order + 1, ci.hi_order)) / 2**n < 0.95


def test_quantile_r8_median() -> None:
    assert median.quantile([1.0, 2.0, 3.0], 0.5) == 2.0
    assert median.quantile([1.0, 2.0, 3.0, 10.0], 0.5) == 2.5
    assert math.isnan(median.quantile([], 0.5))


def test_uniform_min_p_table() -> None:
    for n, min_p in enumerate(utest._MIN_P, start=1):
        # The smallest two-sided p with n vs n is 2 / C(2n, n).
        assert min_p == pytest.approx(2 / math.comb(2 * n, n)) if n > 1 else min_p == 1.0
    assert utest.samples_needed(0.05) == (">=", 4)


@pytest.mark.parametrize(
    ("unit", "tidied", "factor"),
    [
        ("ns/op", "sec/op", 1e-9),
        ("MB/s", "B/s", 1e6),
        ("B/op", "B/op", 1),
        ("allocs/op", "allocs/op", 1),
        ("L1-miss-ns/op", "L1-miss-sec/op", 1e-9),
        ("ns/MB", "sec/MB", 1e-9),
        ("widgets/op", "widgets/op", 1),
    ],
)
def test_tidy(unit: str, tidied: str, factor: float) -> None:
    assert units.tidy_unit(unit) == (tidied, factor)


@pytest.mark.parametrize(
    ("values", "cls", "expected"),
    [
        ([1.718e-06], units.UnitClass.DECIMAL, "1.718µ"),
        ([3.56e-08, 1.073e-06], units.UnitClass.DECIMAL, "35.60n"),  # values checked with benchunit itself
        ([100e6], units.UnitClass.BINARY, "95.37Mi"),
        ([0.0], units.UnitClass.DECIMAL, "0.000"),
        ([12.0], units.UnitClass.DECIMAL, "12.00"),
        ([123456.0], units.UnitClass.DECIMAL, "123.5k"),
        ([1e-12], units.UnitClass.DECIMAL, "0.001000n"),
    ],
)
def test_scaling(values: list[float], cls: units.UnitClass, expected: str) -> None:
    assert units.common_scale(values, cls).format(values[0]) == expected


def test_go_number_syntax() -> None:
    assert parse_float("1_000") == 1000.0
    assert parse_float("0x1p-2") == 0.25
    for bad in ("+NaN", " 1", "1e", "1__0", "_1"):
        with pytest.raises(GoNumberError, match="invalid syntax"):
            parse_float(bad)
    with pytest.raises(GoNumberError, match="value out of range"):
        parse_float("1e309")
    assert parse_int("-5") == -5
    with pytest.raises(GoNumberError, match="value out of range"):
        parse_int("99999999999999999999")
    assert [format_float(v) for v in (1e6, 123456.0, 1e-5, 0.0001, 1.5, 100.0)] == [
        "1e+06",
        "123456",
        "1e-05",
        "0.0001",
        "1.5",
        "100",
    ]


def test_delta_and_range_wording() -> None:
    c = summary.Comparison(p=0.05, n1=10, n2=10, alpha=0.05)
    assert c.delta_text(2.0, 1.0) == "-50.00%"  # p == alpha counts as significant
    assert summary.Comparison(0.2, 10, 9, 0.05).delta_text(2.0, 1.0) == "~"
    assert summary.Comparison(0.2, 10, 9, 0.05).text() == "p=0.200 n=10+9"
    s = summary.Summary(10.0, 9.0, 12.0, 0.95)
    assert s.range_text() == "20%"
    assert summary.Summary(10.0, -1.0, 12.0, 0.95).range_text() == "?"
    assert summary.Summary(10.0, -math.inf, 12.0, 0.95).range_text() == "∞"
