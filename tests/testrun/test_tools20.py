"""`goide test slowest` and `goide test matrix` against gotestsum v1.13.0's `tool slowest` and
`tool ci-matrix`, on a real `go test -json` run of tests that take known times."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import CACHE, goide, tool, write_module

SLOW = "example.com/slow"
SLOW_FILES = {
    "go.mod": f"module {SLOW}\n\ngo 1.25\n",
    "a/a_test.go": """package a

import (
	"testing"
	"time"
)

func TestSlow(t *testing.T)   { time.Sleep(310 * time.Millisecond) }
func TestMedium(t *testing.T) { time.Sleep(160 * time.Millisecond) }
func TestFast(t *testing.T)   {}
""",
    "b/b_test.go": """package b

import (
	"testing"
	"time"
)

func TestGroup(t *testing.T) {
	t.Run("slower", func(t *testing.T) { time.Sleep(130 * time.Millisecond) })
	t.Run("quick", func(t *testing.T) {})
}
""",
    "c/c_test.go": """package c

import (
	"testing"
	"time"
)

func TestC(t *testing.T) { time.Sleep(220 * time.Millisecond) }
""",
    "d/d_test.go": 'package d\n\nimport "testing"\n\nfunc TestD(t *testing.T) {}\n',
    "e/e_test.go": """package e

import (
	"testing"
	"time"
)

func TestE(t *testing.T) { time.Sleep(60 * time.Millisecond) }
""",
}


@pytest.fixture(scope="module")
def slow_run() -> tuple[Path, Path]:
    """(module directory, its `go test -json -count=3` stream), recorded once per session."""
    base = CACHE / "testrun-slow" / os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getppid()))
    base.mkdir(parents=True, exist_ok=True)
    module, stream = base / "module", base / "slow.json"
    with open(base / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not stream.is_file():
            write_module(module, SLOW_FILES)
            result = subprocess.run(
                [str(tool("go")), "test", "-json", "-count=3", "./..."],
                cwd=module,
                capture_output=True,
                timeout=300,
                check=False,
            )
            assert result.returncode == 0, result.stderr.decode()
            stream.write_bytes(result.stdout)
    return module, stream


def test_slowest_lists_what_gotestsum_lists(slow_run: tuple[Path, Path]) -> None:
    _, stream = slow_run
    for args in ((), ("--threshold", "150ms"), ("--num", "2")):
        ours = goide("test", "slowest", "--input", str(stream), *args)
        assert ours.returncode == 0, ours.stderr.decode()
        theirs = subprocess.run(
            [str(tool("gotestsum")), "tool", "slowest", "--jsonfile", str(stream), *args],
            capture_output=True,
            check=True,
            timeout=60,
        )
        assert ours.stdout.decode().splitlines() == theirs.stdout.decode().splitlines(), args
    lines = goide("test", "slowest", "--input", str(stream)).stdout.decode().splitlines()
    assert [line.split()[1] for line in lines[:2]] == ["TestSlow", "TestC"]


def test_slowest_says_where_to_skip_in_short_mode(slow_run: tuple[Path, Path]) -> None:
    module, stream = slow_run
    before = (module / "a" / "a_test.go").read_bytes()
    result = goide(
        "test",
        "slowest",
        "--input",
        str(stream),
        "--threshold",
        "200ms",
        "--skip-stmt",
        "testing.Short",
        cwd=module,
    )
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode()
    assert "a/a_test.go:8: TestSlow (" in text
    assert "c/c_test.go:8: TestC (" in text
    assert '\t\tt.Skip("too slow for testing.Short")' in text
    assert (module / "a" / "a_test.go").read_bytes() == before  # never edited


def test_slowest_reads_stdin_and_text(slow_run: tuple[Path, Path]) -> None:
    _, stream = slow_run
    from_stdin = goide("test", "slowest", stdin=stream.read_bytes())
    assert from_stdin.returncode == 0
    assert from_stdin.stdout == goide("test", "slowest", "--input", str(stream)).stdout


def _buckets(matrix: dict[str, list[dict[str, object]]]) -> list[tuple[str, frozenset[str]]]:
    return sorted(
        (str(b["estimatedRuntime"]), frozenset(str(b["packages"]).split())) for b in matrix["include"]
    )


@pytest.mark.parametrize("partitions", [2, 3, 4])  # gotestsum refuses 1
def test_matrix_splits_as_gotestsum_does(slow_run: tuple[Path, Path], partitions: int) -> None:
    _, stream = slow_run
    packages = "".join(f"{SLOW}/{p}\n" for p in "abcde").encode()
    args = ["--partitions", str(partitions), "--timing-files", str(stream)]
    ours = goide("test", "matrix", *args, stdin=packages)
    assert ours.returncode == 0, ours.stderr.decode()
    theirs = subprocess.run(
        [str(tool("gotestsum")), "tool", "ci-matrix", *args],
        input=packages,
        capture_output=True,
        check=True,
        timeout=60,
    )
    assert _buckets(json.loads(ours.stdout)) == _buckets(json.loads(theirs.stdout))


def test_matrix_spreads_packages_with_no_recorded_time(slow_run: tuple[Path, Path]) -> None:
    _, stream = slow_run
    new = [f"{SLOW}/new{i}" for i in range(4)]
    result = goide(
        "test",
        "matrix",
        "--partitions",
        "2",
        "--timing",
        str(stream),
        *(f"{SLOW}/{p}" for p in "abcde"),
        *new,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert "no recorded time for 4 of 9 packages" in result.stderr.decode()
    buckets = json.loads(result.stdout)["include"]
    assert all(any(p in b["packages"].split() for p in new) for b in buckets)


@pytest.mark.parametrize(
    "args",
    [
        ("matrix", "--partitions", "0", "m/p"),
        ("matrix", "m/p"),
        ("matrix", "--partitions", "2", "--timing", "/nonexistent/*.json", "m/p"),
        ("matrix", "--partitions", "2", "--timing", "/nonexistent.json", "m/p"),
        ("slowest", "--threshold", "fast"),
        ("slowest", "--num", "-1"),
        ("slowest", "--input", "/nonexistent.json"),
    ],
)
def test_tool_usage_errors(args: tuple[str, ...]) -> None:
    result = goide("test", *args, stdin=b"")
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith("error: ")
    assert lines[1].startswith("hint: ")
