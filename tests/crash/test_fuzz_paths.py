"""The block reader (`goide crash FILE`), the line parser and pass-through mode agree on real
crash logs from public issues and from tests/crash/test_traceback.py, damaged and prefixed."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from fuzz.crash_fuzz import damaged
from fuzz.crash_paths_fuzz import prefixed, same_everywhere
from tests.crash.test_traceback import GO119, OLD_GOPLS

SEEDS = [p.read_text() for p in sorted((Path(__file__).parent.parent / "data" / "crash").glob("*.txt"))]
SEEDS += [GO119, OLD_GOPLS]
# The same logs as `go test -json` prints them: each line an `output` event (test2json's format).
SEEDS += [
    "\n".join(
        json.dumps(
            {"Time": "2026-08-21T10:02:11Z", "Action": "output", "Package": "m", "Output": line + "\n"}
        )
        for line in seed.splitlines()
    )
    for seed in SEEDS[:6]
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefixed(SEEDS))
def test_prefixed_real_logs(text: str) -> None:
    same_everywhere(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged(SEEDS))
def test_damaged_real_logs(text: str) -> None:
    same_everywhere(text)


def test_each_seed_whole() -> None:
    for seed in SEEDS:
        same_everywhere(seed)
        same_everywhere(seed * 3)


def test_creator_line_ending_in_a_space() -> None:
    # Found by the fuzz target: the line reader strips the trailing space of `created by `, so
    # the line is not a creator there; the block reader read it as one, with an empty name.
    for creator in ("created by ", "created by main.start ", "created by main.start\t"):
        same_everywhere(
            "panic: boom\n\ngoroutine 1 [running]:\nmain.f()\n\t/app/main.go:4 +0x1d\n"
            f"{creator}\n\t/app/main.go:9 +0x2a\nmain.main()\n\t/app/main.go:12 +0x3b\n"
        )
