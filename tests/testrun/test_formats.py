"""Issue 20 item 2: gotestsum's output formats, --hide-summary, --no-color and NO_COLOR, on the
real recordings (annotations with file= and line= are in test_run_go.py, on a real run)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from tests.helpers import goide, read_terminal
from tests.testrun.gomodule import MODULE, Recording

M = MODULE


def _format(recordings: dict[str, Recording], name: str, *extra: str) -> str:
    result = goide("test", "--input", str(recordings["all"].stream), "--format", name, *extra)
    assert result.returncode == 1, result.stderr.decode()
    return result.stdout.decode()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "pkgname",
            [f"✓  {M}/good (", "(coverage: 100.0% of statements)", f"✖  {M}/bad (", f"∅  {M}/notests"],
        ),
        (
            "pkgname-and-test-fails",
            [f"✖  {M}/bad (", f"=== FAIL: {M}/bad TestFatal (", "bad_test.go:18"],
        ),
        (
            "testname",
            [f"PASS {M}/good.TestAdd (", f"SKIP {M}/good.TestSkipped", f"FAIL {M}/bad.TestFatal"],
        ),
        ("dots", [f"[{M}/good] ·↷", f"[{M}/bad] ·✖"]),
        ("testdox", [f"{M}/good:\n ✓ Add (", " ✓ Nested level one level two ("]),
        ("standard-quiet", ["--- FAIL: TestFatal (", f"ok  \t{M}/good\t", f"FAIL\t{M}/bad\t"]),
    ],
)
def test_formats(recordings: dict[str, Recording], name: str, expected: list[str]) -> None:
    text = _format(recordings, name)
    for part in expected:
        assert part in text, part


def test_standard_verbose_passes_every_line_through(recordings: dict[str, Recording]) -> None:
    events = [json.loads(line) for line in recordings["cached"].stream.read_bytes().splitlines()]
    every_line = "".join(e["Output"] for e in events if e["Action"] == "output")
    result = goide("test", "--input", str(recordings["cached"].stream), "--format", "standard-verbose")
    assert result.stdout.decode().startswith(every_line)


def test_icons_and_hidden_summary_parts(recordings: dict[str, Recording]) -> None:
    text = _format(recordings, "pkgname", "--format-icons", "text", "--hide-summary", "skipped,output")
    assert f"PASS  {M}/good (" in text
    assert f"EMPTY  {M}/notests" in text
    assert "\nSkipped\n" not in text
    assert "\n        output:\n" not in text
    assert "Failed tests" in text
    hidden = _format(recordings, "pkgname", "--format-hide-empty-pkg")
    assert f"{M}/notests" not in hidden.split("Packages")[0]
    assert f"{M}/good" in hidden.split("Packages")[0]
    everything = _format(recordings, "pkgname", "--hide-summary", "all")
    assert everything.splitlines()[-1].startswith("FAIL: ")
    assert "Failed tests" not in everything
    bad = goide("test", "--input", str(recordings["all"].stream), "--hide-summary", "nope")
    assert bad.returncode == 2
    assert "unknown part 'nope'" in bad.stderr.decode()


def _on_a_terminal(args: list[str], env: dict[str, str]) -> bytes:
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "goide", *args], stdin=child, stdout=child, stderr=child, env=env
    )
    os.close(child)
    screen = read_terminal(main, proc, timeout=60)
    proc.wait(timeout=60)
    os.close(main)
    return screen


def test_no_color_and_NO_COLOR(recordings: dict[str, Recording]) -> None:
    args = ["test", "--input", str(recordings["all"].stream), "--format", "pkgname"]
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI", "GITHUB_ACTIONS")}
    screen = _on_a_terminal(args, env)
    assert b"\x1b[31m" in screen  # red on a terminal by default
    assert b"\x1b[32m  100.0%  good  example.com/gt/good" in screen  # issue 20 item 9: colour bands
    assert b"\x1b[" not in _on_a_terminal([*args, "--no-color"], env)
    assert b"\x1b[" not in _on_a_terminal(args, {**env, "NO_COLOR": "1"})
