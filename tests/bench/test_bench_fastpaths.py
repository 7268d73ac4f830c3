"""The fast paths of `goide bench compare` give what the general code gives, for any input.

Each fast path handles the common case with cheaper operations (Python's own float parsing and
repr, one regular-expression look at a whole CSV line) and hands everything else to the general
code it shortcuts; these properties check that the two agree wherever the fast path answers.
"""

from __future__ import annotations

import io
import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from goide.bench import benchfmt, gomath, gonum, summary, utest
from goide.bench import median as median_stats
from goide.bench.gonum import format_fixed, format_float, format_float_general
from goide.bench.view import _csv_field, csv_line

# Around every boundary the fast path of format_float draws: 1e-4, 1e6, repr's 1e16, subnormals.
_EDGES = [1e-4, 1e6, 1e16, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308]
_edge_floats = st.sampled_from(_EDGES).flatmap(
    lambda edge: st.floats(min_value=edge * 0.999, max_value=min(edge * 1.001, 1.7976931348623157e308))
)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.floats(), _edge_floats, _edge_floats.map(lambda x: -x), st.integers(-(10**20), 10**20)))
@example(0.0001)
@example(999999.9999999999)
@example(1e6)
@example(-0.0)
@example(math.nan)
@example(math.inf)
def test_format_float_fast_path_is_go_formatting(value: float) -> None:
    value = float(value)
    assert format_float(value) == format_float_general(value)


_csv_text = st.text(alphabet=st.sampled_from('ab ,"\r\n\\.\t\x1c\x85\u3000x1-/'), max_size=8)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_csv_text, min_size=1, max_size=6))
@example(["\\."])
@example(["a", " b"])
@example(["\x1cb", "c"])
def test_csv_line_quotes_like_each_field_alone(fields: list[str]) -> None:
    assert csv_line(fields) == ",".join(_csv_field(f) for f in fields) + "\n"


_samples = st.lists(
    st.one_of(st.floats(allow_nan=False), st.sampled_from([0.0, -0.0, 1.0, 1e-9, math.inf, -math.inf])),
    min_size=1,
    max_size=60,
).map(sorted)


@settings(max_examples=500, deadline=None)
@given(_samples, st.sampled_from([0.95, 0.9, 0.99, 0.5, 1.0, 0.0]))
def test_median_ci_reads_what_quantile_and_quantile_ci_say(values: list[float], confidence: float) -> None:
    got = median_stats.median_ci(values, confidence)
    ci = median_stats.quantile_ci(len(values), 0.5, confidence)
    lo = -math.inf if ci.lo_order < 1 else values[ci.lo_order - 1]
    hi = math.inf if ci.hi_order - 1 >= len(values) else values[ci.hi_order - 1]
    want = (median_stats.quantile(values, 0.5), lo, hi, ci.confidence)
    assert repr((got.median, got.lo, got.hi, got.confidence)) == repr(want)


@settings(max_examples=300, deadline=None)
@given(_samples, _samples, st.sampled_from([0.05, 0.01, 0.5]))
def test_equal_samples_shortcut_matches_the_u_test(old: list[float], new: list[float], alpha: float) -> None:
    got = summary.compare(old, new, alpha)
    try:
        result = utest.mann_whitney_u(old, new)
    except utest.SamplesEqualError:
        assert (got.p, got.warnings) == (1.0, [utest.SAMPLES_EQUAL])
    else:
        assert got.p == result.p


@given(st.sampled_from([0.0, -0.0, 5.0, math.inf]), st.integers(1, 30), st.integers(1, 30))
def test_all_equal_samples_are_what_the_u_test_refuses(value: float, n1: int, n2: int) -> None:
    old, new = [value] * n1, [value] * n2
    try:
        utest.mann_whitney_u(old, new)
    except utest.SamplesEqualError:
        pass
    else:
        raise AssertionError("the U test ranked samples of one value")
    assert summary.compare(old, new, 0.05).warnings == [utest.SAMPLES_EQUAL]


@settings(max_examples=1000, deadline=None)
@given(st.floats(allow_nan=False), st.floats(allow_nan=False), st.floats(allow_nan=False))
@example(1.0 + 2**-52, 1.0 - 2**-53, -1.0)
@example(1e308, 10.0, -1e308)
def test_fma_in_integers_is_the_exact_fused_multiply_add(a: float, b: float, c: float) -> None:
    from fractions import Fraction

    finite = all(map(math.isfinite, (a, b, c)))
    try:
        want: float | str = float(Fraction(a) * Fraction(b) + Fraction(c)) if finite else a * b + c
    except OverflowError:
        want = "overflow"
    try:
        got: float | str = gomath._fma(a, b, c)
    except OverflowError:
        got = "overflow"
    assert repr(got) == repr(want)


_tokens = st.sampled_from(["Benchmark", "A", "1", "5", ".", " ", "\t", "\x1c", "\x1f", "ns/op", "é"])
_bench_lines = st.lists(
    st.lists(_tokens, max_size=12).map(lambda parts: "Benchmark" + "".join(parts)), min_size=1, max_size=6
)


@settings(max_examples=300, deadline=None)
@given(_bench_lines, st.integers(1, 64))
def test_blocks_found_plain_read_like_go_fields(lines: list[str], block_size: int) -> None:
    # read_text splits a block's lines with str.split() when the block's bytes have no
    # \x1c-\x1f; every line read on its own with Go's field rules must give the same records.
    data = "\n".join(lines).encode()
    units = benchfmt.UnitRegistry()
    blocks = list(benchfmt._line_blocks(io.BytesIO(data), "f", block_size))
    fast = list(benchfmt.read_text(io.BytesIO(data), "f", "f", units))
    parser = benchfmt.LineParser("f", "f", units)
    slow = [record for block, _plain in blocks for line in block for record in parser.feed(line)]
    assert [repr(r) for r in fast] == [repr(r) for r in slow]


@given(st.one_of(st.floats(), st.floats(0, 1)), st.integers(1, 60), st.integers(1, 60))
def test_p_value_text_is_format_fixed(p: float, n1: int, n2: int) -> None:
    text = summary.Comparison(p, n1, n2, 0.05).text()
    prefix = f"p={format_fixed(p, 3)} " if p != 0 else ""
    assert text == prefix + (f"n={n1}" if n1 == n2 else f"n={n1}+{n2}")


@given(
    st.floats(min_value=0.0, exclude_min=True), st.floats(min_value=0.0, exclude_min=True), st.floats(0, 1e6)
)
def test_interval_text_of_positive_values_is_format_fixed(center: float, low: float, spread: float) -> None:
    lo, hi = min(center, low), center * (1 + spread)
    got = summary.Summary(center, lo, hi, 0.95).range_text()
    if math.isinf(hi):
        assert got == "∞"
    else:
        assert got == format_fixed(100 * max(hi / center - 1, 1 - lo / center), 0) + "%"


_number_tokens = st.one_of(
    st.text(alphabet="0123456789._eE+-xXpPaAfFnNiIty", max_size=12),
    st.floats().map(repr),
    st.floats().map(lambda x: f"{x:.3e}"),
    st.integers().map(str),
)


@settings(max_examples=1500, deadline=None)
@given(_number_tokens)
@example("1_000")
@example("0_1")
@example("1e1_0")
@example("1.5_0")
@example("1e309")
@example("-0")
def test_float_agrees_with_go_where_the_reader_trusts_it(token: str) -> None:
    # LineParser.result_line takes float(token) when it is finite and the token is ASCII, and asks
    # gonum.parse_float (Go's strconv.ParseFloat rules) otherwise: both must give the same value.
    try:
        fast = float(token)
    except ValueError:
        return
    if not (math.isfinite(fast) and token.isascii()):
        return
    assert repr(gonum.parse_float(token)) == repr(fast)
