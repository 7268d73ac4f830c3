"""Secrets in test output and crash logs do not reach goide's output, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import goide

LEAKS = [
    "GET https://api.example/v1?access_token=qsleak111",
    "Cookie: session=cookieleak222",
    "Set-Cookie: id=cookieleak226; Path=/",
    "X-Api-Key: apikeyleak333",
    "X-Auth-Token: apikeyleak334",
    "dial postgres://app:pa@ssleak444@db/x",
    "password=jsonleak555",
    '{"password": "jsonleak556"}',
]
MARKERS = ["qsleak", "cookieleak", "apikeyleak", "ssleak", "jsonleak"]


def _events() -> bytes:
    lines = [{"Action": "start", "Package": "ex"}, {"Action": "run", "Package": "ex", "Test": "TestA"}]
    output = {"Action": "output", "Package": "ex", "Test": "TestA"}
    lines += [{**output, "Output": f"    a_test.go:9: {leak}\n"} for leak in LEAKS]
    lines += [
        {"Action": "fail", "Package": "ex", "Test": "TestA", "Elapsed": 0},
        {"Action": "fail", "Package": "ex", "Elapsed": 0},
    ]
    return b"".join(json.dumps(line).encode() + b"\n" for line in lines)


def test_go_test_output_is_redacted(tmp_path: Path) -> None:
    events = tmp_path / "t.json"
    events.write_bytes(_events())
    junit = tmp_path / "r.xml"
    result = goide("test", "--input", str(events), "--plain", "--junit", str(junit))
    assert result.returncode == 1, result.stderr.decode()
    out = result.stdout.decode() + junit.read_text()
    assert "REDACTED" in out
    assert [m for m in MARKERS if m in out] == []


def test_crash_json_is_redacted(tmp_path: Path) -> None:
    log = tmp_path / "crash.log"
    # One crash per secret (a cookie header's value runs to the end of its line).
    trace = "\n\ngoroutine 1 [running]:\nmain.main()\n\t/tmp/x/main.go:5 +0x1d\nexit status 2\n"
    log.write_text("".join(f"panic: {leak}{trace}" for leak in LEAKS))
    result = goide("crash", "--json", str(log))
    assert result.returncode != 3, result.stderr.decode()
    out = result.stdout.decode()
    assert json.loads(out)["crash_count"] == len(LEAKS)
    assert "REDACTED" in out
    assert [m for m in MARKERS if m in out] == []
