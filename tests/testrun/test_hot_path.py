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
from goide.testrun.output import CRASH_STARTS, FRAMING_PREFIXES, HEAD, Output, _framing_on_own_line

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


# Fragments as test2json writes them: whole lines, a line cut without its newline, framing that
# follows such a cut (it gets a line of its own), secrets to redact, and long ones for the tail.
_PIECE = st.tuples(
    st.sampled_from(
        [
            "ok line\n",
            "50%",
            "--- FAIL: TestX (0.00s)\n",
            "=== RUN   TestX/sub\n",
            "token=ghp_0123456789abcdefghijklmnopqrstuvwxyz12\n",
            "https://user:secret@example.com/x\n",
            "\n",
            "",
        ]
    ),
    st.sampled_from([0, 0, 0, 20_000, HEAD // 2]),  # padding: long fragments reach the tail
    st.sampled_from([None, None, None, "error", "frame"]),
    st.booleans(),  # appended as consume's hot path does (no add(), no OutputType)
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PIECE, st.just(None)), max_size=25))
def test_lines_asked_between_fragments_are_the_lines_of_all_of_them(
    steps: list[tuple[str, int, str | None, bool] | None],
) -> None:
    """`lines()` reuses the lines it made before and `last_lines` redacts only the last ones:
    both give what a fresh `Output` holding the same fragments gives, whenever they are asked."""
    output, fresh_pieces = Output(), []
    for step in steps:
        if step is not None:
            text, padding, output_type, direct = step
            text = "x" * padding + text
            if direct and output.size < HEAD:
                output.fragments.append(text)
                output.size += len(text)
                fresh_pieces.append((text, None))
            else:
                output.add(text, output_type)
                fresh_pieces.append((text, output_type))
            continue
        fresh = Output()
        for text, output_type in fresh_pieces:
            if output_type is None and fresh.size < HEAD and not fresh.tail:
                fresh.fragments.append(text)
                fresh.size += len(text)
            else:
                fresh.add(text, output_type)
        expected = fresh.lines()
        assert output.last_lines(3) == (len(expected), expected[-3:])
        assert output.lines() == expected
        assert output.last_lines(3) == (len(expected), expected[-3:])


def _framing_on_own_line_by_loop(fragments: list[str]) -> list[str]:
    """The definition, one fragment at a time (output.py before it looked for framing in C)."""
    result = fragments
    for i in range(1, len(fragments)):
        previous = fragments[i - 1]
        if previous and not previous.endswith("\n") and fragments[i].lstrip(" ").startswith(FRAMING_PREFIXES):
            if result is fragments:
                result = list(fragments[:i])
            result.append("\n")
        if result is not fragments:
            result.append(fragments[i])
    return result


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["50%", "ok\n", "", "\n", "--- FAIL: TestX (0.00s)\n", "    --- PASS: TestX/a (0.00s)\n",
             "=== RUN   TestX\n", "  === NAME  TestX", "--- FAILED", "x--- FAIL: TestX\n", "=== CONT"]
        ),
        max_size=30,
    )
)  # fmt: skip
def test_framing_gets_its_own_line_as_by_the_definition(fragments: list[str]) -> None:
    assert _framing_on_own_line(fragments) == _framing_on_own_line_by_loop(fragments)
