"""The two-sided Mann-Whitney U test (Wilcoxon rank-sum test), as benchstat computes it.

Three methods, chosen like go-moremath's `MannWhitneyUTest`:
- no ties and both samples of at most 50 values: the exact null distribution of U by the
  Mann-Whitney (1947) recurrence, p = 2 * P(U <= min(U1, U2));
- ties and both samples of at most 25 values: the exact conditional distribution of U given the
  tie pattern (Klotz 1966; Cheung and Klotz 1997), here counted directly: the groups of equal
  values are walked in rank order, choosing how many of each group come from the first sample
  (C(t, r) ways), each choice adding a known amount to 2U;
- otherwise the normal approximation with tie correction and a continuity correction of 1/2.

With ties the conditional distribution is not symmetric, so p is the smaller tail at the observed
U1 doubled and capped at 1: p = min(1, 2 min(P(U <= U1), P(U >= U1))). benchstat doubles the lower
tail at min(U1, U2) instead, which can give 0 or more than 1 (docs/bench.md lists the difference).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat

from goide.bench import normal

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from goide.core.record import NamedTuple

EXACT_LIMIT = 50
EXACT_LIMIT_WITH_TIES = 25
SAMPLES_EQUAL = "all samples are equal"


class SamplesEqualError(ValueError):
    """Every value of both samples is the same: there is nothing to rank."""

    def __init__(self) -> None:
        super().__init__(SAMPLES_EQUAL)


class UTestResult(NamedTuple):
    n1: int
    n2: int
    u: float
    p: float


def _rank_sum(x1: Sequence[float], x2: Sequence[float]) -> tuple[float, list[int]]:
    """Rank sum of the first sample (mid-ranks for ties) and the sizes of the groups of equal values."""
    r1 = 0.0
    ties: list[int] = []
    i = j = 0
    n1, n2 = len(x1), len(x2)
    position = 0  # 0-based rank of the next value
    while i < n1 or j < n2:
        # x1 goes first only when strictly smaller, as in go-moremath's labeled merge.
        value = x1[i] if j >= n2 or (i < n1 and x1[i] < x2[j]) else x2[j]
        from_first = 0
        size = 0
        while i < n1 and x1[i] == value:
            i += 1
            from_first += 1
            size += 1
        while j < n2 and x2[j] == value:
            j += 1
            size += 1
        if size == 0:
            # NaN never equals itself: take it alone.
            if j < n2 and (i >= n1 or not x1[i] < x2[j]):
                j += 1
            else:
                i += 1
                from_first = 1
            size = 1
        first_rank = position + 1
        position += size
        if from_first:
            r1 += (position + first_rank) / 2 * from_first
        ties.append(size)
    return r1, ties


def _tie_sizes(x1: Sequence[float], x2: Sequence[float]) -> list[int]:
    """Sizes of the groups of equal values, in rank order."""
    counts = Counter(x1)
    counts.update(x2)
    return [counts[value] for value in sorted(counts)]


def _tie_term(ties: list[int] | None, x1: Sequence[float], x2: Sequence[float]) -> int:
    """The sum of t^3 - t over the groups of equal values (of sizes `ties`, or counted here)."""
    if ties is None:
        counts = Counter(x1)
        counts.update(x2)
        # Groups of the same size contribute alike: count the sizes, then sum over the few.
        return sum(groups * (t * t * t - t) for t, groups in Counter(counts.values()).items())
    return sum(t * t * t - t for t in ties)


def _no_ties_cdf_table(n1: int, n2: int, last: int | None = None) -> tuple[float, ...]:
    """Cumulative P(U <= u) for u = 0..last (default n1*n2), by the Mann-Whitney recurrence
    p(n, m, U) = (n p(n-1, m, U-m) + m p(n, m-1, U)) / (n + m), summed in order.

    An entry depends on entries at the same or a smaller U only, so the entries up to `last` are
    the same floats whatever `last` is."""
    small, large = min(n1, n2), max(n1, n2)
    top = n1 * n2 if last is None else min(last, n1 * n2)
    memo = [[0.0] * (top + 1) for _ in range(small + 1)]
    for m in range(large + 1):
        memo[0][0] = 1.0
        for n in range(1, min(small, m) + 1):
            below = memo[n - 1]
            left = memo[n] if n <= m - 1 else memo[m - 1]
            out = memo[n]
            total = float(n + m)
            # out[u] = (n * below[u - m] + m * left[u]) / total, with 0.0 for below[u - m] when u < m:
            # every u of the row at once (left may be out itself: it is read before it is written).
            end = min(n * m, top) + 1
            out[:end] = [(0.0 + m * value) / total for value in left[: min(m, end)]] + [
                (n * low + m * value) / total
                for low, value in zip(below[: max(0, end - m)], left[m:end], strict=True)
            ]
    cumulative = []
    running = 0.0
    for pdf in memo[small]:
        running += pdf
        cumulative.append(running)
    return tuple(cumulative)


# (n1, n2) -> the start of _no_ties_cdf_table(n1, n2) worked out so far in this process.
_NO_TIES_CDF: dict[tuple[int, int], tuple[float, ...]] = {}


def _no_ties_cdf(n1: int, n2: int, u: float) -> float:
    if u < 0:
        return 0.0
    if u >= n1 * n2:
        return 1.0
    ui = math.floor(u)
    flip = ui >= (n1 * n2 + 1) // 2
    if flip:
        ui = n1 * n2 - ui - 1
    table = _NO_TIES_CDF.get((n1, n2), ())
    if ui >= len(table):
        # Only the lower half (U is below it after the flip above), or less for a U in its first
        # quarter: a small U, the common case of a real difference, needs a corner of the recurrence.
        half = (n1 * n2 + 1) // 2
        table = _NO_TIES_CDF[n1, n2] = _no_ties_cdf_table(n1, n2, ui if 4 * ui < half else half - 1)
    p = table[ui]
    return 1 - p if flip else p


@lru_cache(maxsize=1024)
def _ties_counts_up_to(n1: int, ties: tuple[int, ...], k: int) -> tuple[int, int]:
    """(ways with 2U1 <= k - 1, ways with 2U1 <= k): entries k - 1 and k of the cumulative counts
    of the ways to pick the first sample's n1 positions with 2U1 <= k (tests/bench/
    test_bench_utest_ties.py keeps the whole distribution as the reference),
    counted with the polynomials cut after x^k (a term never moves down, so what is cut off
    cannot come back), in slots just wide enough for the largest count.

    Every coefficient of every state is at most max_j C(n, j) for j <= n1; slots one bit wider
    also hold the sum of all of them, so that the sum of a polynomial's slots is its value modulo
    2^bits - 1 (as the sum of a number's digits is the number modulo 9).
    """
    n = sum(ties)
    bits = math.comb(n, min(n1, n // 2)).bit_length() + 1
    states = [0] * (n1 + 1)
    states[0] = 1
    before = 0
    remaining = n
    for size in ties:
        remaining -= size
        new = [0] * (n1 + 1)
        for j, poly in enumerate(states):
            if not poly:
                continue
            for r in range(min(size, n1 - j) + 1):
                if n1 - j - r > remaining:
                    continue
                shift = r * (2 * (before - j) + size - r)
                if shift <= k:
                    new[j + r] += (poly << (bits * shift)) * math.comb(size, r)
        before += size
        # Each of the n1 - j values still to choose beats the before - j second-sample values
        # already passed: a term of state j above x^(k - 2 (before - j)(n1 - j)) ends above x^k.
        for j, poly in enumerate(new):
            if poly:
                room = k - 2 * (before - j) * (n1 - j)
                new[j] = poly & ((1 << (bits * (room + 1))) - 1) if room >= 0 else 0
        states = new
    digits = (1 << bits) - 1
    last = states[n1]
    return (last & ((1 << (bits * k)) - 1)) % digits, last % digits


def ties_p_value(n1: int, ties: tuple[int, ...], two_u1: int) -> float:
    """Two-sided exact p of the observed 2U1 under the conditional distribution given the ties:
    the smaller tail at the observed value, doubled, at most 1.

    Only the counts up to the nearer end are worked out: the lower tail at 2U1 when it is in the
    lower half, else the upper tail as the lower tail of the mirrored ranks (the tie groups in
    reverse order, where 2U1 becomes 2 n1 n2 - 2U1). The counts are exactly
    `_ties_distribution`'s, so p is the same float.
    """
    n = sum(ties)
    top = 2 * n1 * (n - n1)
    total = math.comb(n, n1)
    if two_u1 <= top - two_u1:
        below, at_most = _ties_counts_up_to(n1, ties, two_u1)
        lower, upper = at_most, total - below
    else:
        below, at_most = _ties_counts_up_to(n1, ties[::-1], top - two_u1)
        lower, upper = total - below, at_most
    return min(1.0, 2 * min(lower, upper) / total)


def mann_whitney_u(x1: Sequence[float], x2: Sequence[float]) -> UTestResult:
    """Two-sided Mann-Whitney U test of sorted samples x1 and x2 (location differs)."""
    n1, n2 = len(x1), len(x2)
    distinct = set(x1)
    distinct.update(x2)
    ties: list[int] | None = None  # group sizes in rank order, when worked out
    # sum() is NaN when a value is NaN (or +Inf meets -Inf); only then look closer.
    if math.isnan(sum(distinct)) and any(math.isnan(v) for v in distinct):
        r1, ties = _rank_sum(x1, x2)
        u1 = r1 - n1 * (n1 + 1) / 2
        groups = len(ties)
    else:
        # U1 counts the pairs where the first sample's value is larger, ties counting one half:
        # the same half-integer go-moremath gets from the rank sum, computed with bisection
        # (sum of (below + equal / 2) = (sum of below + sum of below-or-equal) / 2, exact in
        # floating point at these sizes) in a list, where bisection reads fastest.
        probe = x2 if isinstance(x2, list) else list(x2)
        below = sum(map(bisect_left, repeat(probe, n1), x1))
        u1 = (below + sum(map(bisect_right, repeat(probe, n1), x1))) / 2
        groups = len(distinct)
    u2 = n1 * n2 - u1
    u_small = min(u1, u2)
    has_ties = 0 < groups < n1 + n2
    exact = (
        (n1 <= EXACT_LIMIT and n2 <= EXACT_LIMIT)
        if not has_ties
        else (n1 <= EXACT_LIMIT_WITH_TIES and n2 <= EXACT_LIMIT_WITH_TIES)
    )
    if exact:
        if groups == 1:
            raise SamplesEqualError
        if has_ties:
            sizes = ties if ties is not None else _tie_sizes(x1, x2)
            p = ties_p_value(n1, tuple(sizes), int(2 * u1))
        elif u1 == u2:
            p = 1.0
        else:
            p = _no_ties_cdf(n1, n2, u_small) * 2
    else:
        # Normal approximation: mean n1 n2 / 2, variance corrected for ties.
        tie_term = float(_tie_term(ties, x1, x2) if has_ties else 0)
        total = float(n1 + n2)
        mean = float(n1 * n2) / 2
        sigma = math.sqrt(float(n1 * n2) * ((total + 1) - tie_term / (total * (total - 1))) / 12)
        if sigma == 0:
            raise SamplesEqualError
        numer = u1 - mean
        numer -= (0.0 if numer == 0 else math.copysign(1.0, numer)) * 0.5
        z = numer / sigma
        p = 2 * min(normal.cdf(z), 1 - normal.cdf(z))
    return UTestResult(n1, n2, u1, p)


# The smallest p-value the exact test can give for two samples of n values each, n = 1..9.
_MIN_P = (
    1.0,
    0.3333333333333333,
    0.1,
    0.02857142857142857,
    0.007936507936507936,
    0.0021645021645021645,
    0.0005827505827505828,
    0.0001554001554001554,
    4.113533525298231e-05,
)


def samples_needed(alpha: float) -> tuple[str, int]:
    """(">=", n): the smallest equal sample sizes that can show a difference at this alpha."""
    for n, min_p in enumerate(_MIN_P, start=1):
        if min_p <= alpha:
            return ">=", n
    return ">", len(_MIN_P) + 1
