"""Fuzz target for the DAP frame reader (goide.debug.dap.FrameReader), seeded with a real dlv session.

Two properties: any sequence of valid frames, cut into any chunks, comes back as exactly the
messages sent; and any bytes at all (real frames mutated, or noise) either give messages or one
DapProtocolError, never another exception, and never buffer more than one bounded message.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from goide.debug.dap import MAX_HEADER_BYTES, DapProtocolError, FrameReader, encode_message

SEED = (Path(__file__).parent / "seeds" / "dlv-dap-session.bin").read_bytes()
LIMIT = 4096  # a small message limit, so the fuzzer reaches the size check

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
messages = st.dictionaries(st.text(max_size=10), json_values, max_size=5)


def _chunks(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    bounds = [0, *points, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(bounds)]


def check_round_trip(sent: list[dict[str, Any]], cuts: list[int]) -> None:
    stream = b"".join(encode_message(m) for m in sent)
    reader = FrameReader()
    got: list[dict[str, Any]] = []
    for chunk in _chunks(stream, cuts):
        got.extend(reader.feed(chunk))
    assert got == sent
    assert reader.buffered == 0


def check_any_bytes(data: bytes, cuts: list[int]) -> None:
    reader = FrameReader(max_message_bytes=LIMIT)
    try:
        for chunk in _chunks(data, cuts):
            for message in reader.feed(chunk):
                assert isinstance(message, dict)
            assert reader.buffered <= MAX_HEADER_BYTES + LIMIT + len(chunk)
    except DapProtocolError as err:
        assert str(err)  # noqa: PT017 - a fuzz target, not a test: any other exception escapes


@st.composite
def mutated_seed(draw: st.DrawFn) -> bytes:
    data = bytearray(SEED[: draw(st.integers(0, len(SEED)))])
    for _ in range(draw(st.integers(0, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete"]))
        if action == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[at : at + draw(st.integers(1, 8))]
    return bytes(data)


def run(max_examples: int) -> None:
    """Run both properties; pytest calls this with a modest example count."""
    cuts = st.lists(st.integers(0, 10**6), max_size=8)
    seed_messages = FrameReader().feed(SEED)
    fast = settings(max_examples=max_examples, deadline=None, database=None)
    fast(given(st.lists(messages, max_size=5) | st.just(seed_messages), cuts)(check_round_trip))()
    fast(given(mutated_seed() | st.binary(max_size=300), cuts)(check_any_bytes))()


if __name__ == "__main__":
    run(20000)
