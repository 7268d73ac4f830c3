"""`goide trace` on bad input: nothing crashes, what cannot be read is reported, exit 2 for no trace."""

from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path

from goide.core.lines import CutLine, read_lines
from goide.trace.latency import analyse_stream
from tests.helpers import goide

# A gopls -rpc.trace entry pair in the exact shape gopls v0.23.0 writes (see test_trace_gopls.py
# for the real thing); eor is "\r\n\r\n\r\n" as in gopls/internal/protocol/log.go.
EOR = "\r\n\r\n\r\n"


def gopls_pair(request_id: int, method: str = "textDocument/hover", params: str = "{}", ms: int = 3) -> str:
    clock = f"13:01:02.{request_id % 1000:03d} PM"
    return (
        f"[Trace - {clock}] Sending request '{method} - ({request_id})'.\n"
        f"Params: {params}{EOR}"
        f"[Trace - {clock}] Received response '{method} - ({request_id})' in {ms}ms.\n"
        f"Result: null{EOR}"
    )


def assert_clean_failure(result: object) -> None:
    stderr = result.stderr.decode()  # type: ignore[attr-defined]
    assert result.returncode == 2, stderr  # type: ignore[attr-defined]
    assert stderr.startswith("error: ")
    assert "\nhint: " in stderr
    assert "Traceback" not in stderr


def test_empty_input_is_not_a_trace(tmp_path: Path) -> None:
    empty = tmp_path / "empty.log"
    empty.write_bytes(b"")
    assert_clean_failure(goide("trace", str(empty)))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = goide("trace", str(tmp_path / "nope.log"))
    assert_clean_failure(missing)
    assert missing.stderr.decode().startswith(f"error: {tmp_path / 'nope.log'}: no such file\n")
    directory = goide("trace", str(tmp_path))
    assert_clean_failure(directory)
    assert directory.stderr.decode().startswith(f"error: {tmp_path} is a directory\n")


def test_bad_plot_name_and_count(tmp_path: Path) -> None:
    log = tmp_path / "t.log"
    log.write_text(gopls_pair(1))
    assert_clean_failure(goide("trace", str(log), "--plot", str(tmp_path / "x.pdf")))
    assert_clean_failure(goide("trace", str(log), "--slowest", "-1"))


def test_plot_that_cannot_be_written(tmp_path: Path) -> None:
    """--plot into a missing folder, or onto a folder: error:/hint:, exit 2, the folder kept."""
    log = tmp_path / "t.log"
    log.write_text(gopls_pair(1))
    missing = goide("trace", str(log), "--plot", str(tmp_path / "no" / "x.png"))
    assert_clean_failure(missing)
    assert f"cannot write plot {tmp_path / 'no' / 'x.png'}" in missing.stderr.decode()
    folder = tmp_path / "plot.svg"
    (folder / "keep").mkdir(parents=True)
    onto = goide("trace", str(log), "--plot", str(folder))
    assert_clean_failure(onto)
    assert "it is a directory" in onto.stderr.decode()
    assert (folder / "keep").is_dir()


def test_binary_garbage_only() -> None:
    garbage = random.Random(7).randbytes(300_000)
    result = goide("trace", "-", stdin=garbage)
    assert_clean_failure(result)
    assert "no LSP trace found" in result.stderr.decode()


def test_binary_garbage_inside_a_trace_is_reported() -> None:
    garbage = random.Random(8).randbytes(5000)
    data = (gopls_pair(1) + "\n").encode() + garbage + b"\n" + gopls_pair(2).encode()
    result = goide("trace", "-", "--json", stdin=data)
    assert result.returncode == 0, result.stderr.decode()
    doc = json.loads(result.stdout)
    assert doc["lines"]["binary"] >= 1
    assert any(p["kind"] == "binary" for p in doc["problems"])
    for problem in doc["problems"]:  # safe to print: control bytes shown as \xNN, length bounded
        assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]", problem["excerpt"]), problem
        assert len(problem["excerpt"]) <= 4 * 120 + 40, problem
    hover = next(m for m in doc["methods"] if m["method"] == "textDocument/hover")
    assert hover["count"] == 2


def test_one_megabyte_lines_are_read_whole() -> None:
    # A didOpen of a 1 MB file and a request whose params are 1 MB: read fully, position found.
    big_text = "x" * (1 << 20)
    did_open = json.dumps(
        {"textDocument": {"uri": "file:///big.go", "text": big_text}}, separators=(",", ":")
    )
    params = json.dumps(
        {"textDocument": {"uri": "file:///big.go"}, "position": {"line": 7, "character": 3}, "pad": big_text},
        separators=(",", ":"),
    )
    text = (
        f"[Trace - 13:01:01.000 PM] Sending notification 'textDocument/didOpen'.\nParams: {did_open}{EOR}"
        + gopls_pair(5, params=params, ms=40)
    )
    report = analyse_stream(io.BytesIO(text.encode()))
    assert report.stats.cut_lines == 0
    assert report.slowest[0].position == (7, 3)
    assert report.slowest[0].latency_ms == 40.0


def test_lines_over_the_limit_are_cut_not_held() -> None:
    line = b"A" * 100 + b"B" * 1000 + b"tail-end"
    lines = list(read_lines(io.BytesIO(line + b"\nnext\n"), max_line=64, tail=8))
    assert lines[0] == CutLine(b"A" * 64, b"tail-end", len(line))
    assert lines[1] == b"next"
    # A cut JSON trace line still yields its entry from the head and the timestamp from the tail.
    message = {"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {"pad": "p" * 6_000_000}}
    request = json.dumps(
        {"isLSPMessage": True, "type": "send-request", "message": message, "timestamp": 1000}
    )
    reply = json.dumps(
        {
            "isLSPMessage": True,
            "type": "receive-response",
            "message": {"jsonrpc": "2.0", "id": 4},
            "timestamp": 1250,
        }
    )
    report = analyse_stream(io.BytesIO(f"{request}\n{reply}\n".encode()))
    assert report.stats.cut_lines == 1
    hover = next(m for m in report.methods if m.method == "textDocument/hover")
    assert hover.max_ms == 250.0


def test_truncated_in_the_middle_of_a_params_block() -> None:
    text = (
        gopls_pair(1)
        + "[Trace - 13:01:03.000 PM] Sending request 'textDocument/completion - (2)'.\nParams: {\"textDo"
    )
    report = analyse_stream(io.BytesIO(text.encode()))
    assert [u.method for u in report.unanswered] == ["textDocument/completion"]
    assert report.stats.bad_entries == 1


def test_interleaved_output_of_two_processes() -> None:
    # Two gopls writing to one stream (for example two windows sharing one -logfile): each line
    # whole, the lines of the two mixed. Every request still pairs with its response by id.
    first = gopls_pair(1, "textDocument/hover", ms=11).splitlines(keepends=True)
    second = gopls_pair(1001, "textDocument/completion", ms=22).splitlines(keepends=True)
    mixed = "".join(a + b for a, b in zip(first, second, strict=True))
    report = analyse_stream(io.BytesIO(mixed.encode()))
    latencies = {m.method: m.max_ms for m in report.methods}
    assert latencies == {"textDocument/hover": 11.0, "textDocument/completion": 22.0}
    assert report.unanswered_total == 0


def test_other_log_lines_between_entries_are_counted_not_parsed() -> None:
    text = "2026/08/21 13:01:00 go env for /tmp/m\nserve.go:12: starting\n" + gopls_pair(1)
    report = analyse_stream(io.BytesIO(text.encode()))
    assert report.stats.other_lines == 2
    assert report.stats.entries == 2
