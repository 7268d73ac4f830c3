"""The fast paths of `goide bench compare` give what the general code gives, for any input.

Each fast path handles the common case with cheaper operations (Python's own float parsing and
repr, one regular-expression look at a whole CSV line) and hands everything else to the general
code it shortcuts; these properties check that the two agree wherever the fast path answers.
"""

from __future__ import annotations

import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from goide.formats.gonum import format_float, format_float_general
from goide.report.benchtable import _csv_field, csv_line

# Around every boundary the fast path of format_float draws: 1e-4, 1e6, repr's 1e16, subnormals.
_EDGES = [1e-4, 1e6, 1e16, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308]
_edge_floats = st.sampled_from(_EDGES).flatmap(
    lambda edge: st.floats(min_value=edge * 0.999, max_value=min(edge * 1.001, 1.7976931348623157e308))
)


@settings(max_examples=2000, deadline=None)
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
