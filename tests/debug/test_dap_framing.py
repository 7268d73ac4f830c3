"""DAP framing: the frame reader on real dlv bytes, odd chunking and hostile input; and its fuzz target."""

from __future__ import annotations

from pathlib import Path

import pytest

from fuzz import fuzz_dap_frames
from goide.debug.dap import (
    MAX_HEADER_BYTES,
    MAX_MESSAGE_BYTES,
    DapProtocolError,
    FrameReader,
    encode_message,
)

# Recorded from real dlv v1.27.2 by scripts/regen-dap-seed.
REAL_SESSION = (Path(__file__).parent.parent.parent / "fuzz" / "seeds" / "dlv-dap-session.bin").read_bytes()


def test_real_session_in_one_read() -> None:
    reader = FrameReader()
    got = reader.feed(REAL_SESSION)
    assert [m.get("command") or m.get("event") for m in got if m["type"] == "response"][:2] == [
        "initialize",
        "launch",
    ]
    assert got[0]["body"]["supportsConfigurationDoneRequest"] is True
    assert reader.buffered == 0


def test_real_session_one_byte_at_a_time_gives_the_same_messages() -> None:
    whole = FrameReader().feed(REAL_SESSION)
    reader = FrameReader()
    pieces = []
    for i in range(len(REAL_SESSION)):
        pieces.extend(reader.feed(REAL_SESSION[i : i + 1]))
    assert pieces == whole


def test_split_inside_header_and_body() -> None:
    frame = encode_message({"seq": 1, "type": "event", "event": "initialized"})
    reader = FrameReader()
    assert reader.feed(frame[:7]) == []  # inside "Content-Length"
    assert reader.feed(frame[7:25]) == []  # header done, body partial
    assert reader.feed(frame[25:]) == [{"seq": 1, "type": "event", "event": "initialized"}]


def test_several_messages_and_a_partial_one_in_one_read() -> None:
    frames = [encode_message({"seq": n, "type": "event", "event": "output"}) for n in range(3)]
    reader = FrameReader()
    got = reader.feed(frames[0] + frames[1] + frames[2][:10])
    assert [m["seq"] for m in got] == [0, 1]
    assert reader.feed(frames[2][10:]) == [{"seq": 2, "type": "event", "event": "output"}]


def test_other_headers_are_allowed() -> None:
    body = b'{"seq":1}'
    data = b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 9\r\n\r\n" + body
    assert FrameReader().feed(data) == [{"seq": 1}]


def test_non_ascii_body_length_is_in_bytes() -> None:
    message = {"output": "héllo → wörld ✓"}
    assert FrameReader().feed(encode_message(message)) == [message]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Content-Length: 99999999999\r\n\r\n", f"exceeds the limit of {MAX_MESSAGE_BYTES} bytes"),
        (b"Content-Length: -5\r\n\r\n", "invalid Content-Length"),
        (b"Content-Length: 1e3\r\n\r\n", "invalid Content-Length"),
        (b"Content-Length: 99999999999999999999999\r\n\r\n", "invalid Content-Length"),
        (b"Content-Type: x\r\n\r\n{}", "without Content-Length"),
        (b"garbage\r\n\r\n", "malformed DAP header line"),
        (b"Content-Length: 3\r\n\r\n{x}", "not valid JSON"),
        (b"Content-Length: 2\r\n\r\n[]", "JSON list, not an object"),
        (b'Content-Length: 3\r\n\r\n"\xff"', "not valid JSON"),
        (b"x" * (MAX_HEADER_BYTES + 1), "no end of DAP header"),
    ],
)
def test_bad_frames_raise_one_clear_error(data: bytes, message: str) -> None:
    reader = FrameReader()
    with pytest.raises(DapProtocolError, match=message):
        reader.feed(data)
    # The stream cannot be resynchronised: the reader keeps failing, holding nothing.
    assert reader.buffered == 0
    with pytest.raises(DapProtocolError, match=message):
        reader.feed(encode_message({"seq": 1}))


def test_huge_content_length_is_refused_before_reading_the_body() -> None:
    reader = FrameReader(max_message_bytes=1000)
    with pytest.raises(DapProtocolError, match="DAP message of 1001 bytes exceeds the limit of 1000 bytes"):
        reader.feed(b"Content-Length: 1001\r\n\r\n")


def test_fuzz_dap_frames() -> None:
    fuzz_dap_frames.run(max_examples=100)
