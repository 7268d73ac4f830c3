"""The shortcuts of the hot path answer what the plain definitions answer.

`crashes.output_has_crash` remembers how far an `Output` was found free of a crash (a package's
output is asked again at each failing run of a repeated package); the tail keeps a count. Both
must agree with the definition: some fragment, head or tail, starts with `panic: ` or
`fatal error: `, however the fragments and the questions interleave and whatever the tail drops.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from goide.testrun.crashes import output_has_crash
from goide.testrun.output import CRASH_STARTS, HEAD, Output

# A fragment: how it starts, and how long it is (long ones reach the tail and make it drop).
_FRAGMENT = st.tuples(
    st.sampled_from(["panic: boom", "fatal error: x", "ok ", "    panic: not at the start", "pan"]),
    st.sampled_from([1, 10, 1000, HEAD // 3, HEAD]),
)
_STEP = st.one_of(_FRAGMENT, st.just(None))  # None: ask whether the output holds a crash now


def _plain_has_crash(output: Output) -> bool:
    texts = [*output.fragments, *(text for text, _ in output.tail or ())]
    return any(text.startswith(CRASH_STARTS) for text in texts)


@settings(max_examples=200, deadline=None)
@given(st.lists(_STEP, max_size=30))
def test_crash_scan_agrees_with_the_definition(steps: list[tuple[str, int] | None]) -> None:
    output = Output()
    for step in steps:
        if step is None:
            assert output_has_crash(output) == _plain_has_crash(output)
            continue
        start, length = step
        output.add(start + "x" * length + "\n")
    assert output_has_crash(output) == _plain_has_crash(output)
    assert output_has_crash(output) == _plain_has_crash(output)  # asked twice: the same answer


def test_a_crash_that_the_tail_drops_is_no_longer_found() -> None:
    output = Output()
    output.add("x" * HEAD + "\n")  # the head is full
    output.add("panic: boom\n")
    assert output_has_crash(output)
    output.add("y" * (2 * HEAD) + "\n")  # pushes the panic out of the tail
    assert output.dropped_chars > 0
    assert not output_has_crash(output)
    assert output.tail_crashes == 0
