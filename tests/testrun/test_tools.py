"""Issue 20 item 8: `goide test slowest`, `goide test matrix` and --post-run-command, on the real
recordings and a real run."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import CACHE, goide, tool, write_module
from tests.testrun.gomodule import MODULE, Recording, module_dir

M = MODULE


def test_slowest_with_the_skip_line_and_where_it_goes(recordings: dict[str, Recording]) -> None:
    stream = str(recordings["all"].stream)
    result = goide(
        "test", "slowest", "--input", stream, "--threshold", "0", "--num", "4", "--skip-stmt",
        cwd=module_dir(),
    )  # fmt: skip
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 0, result.stderr.decode()
    shown = [line for line in lines if not line.startswith("    ")]
    assert len(shown) == 4
    # The times as gotestsum's `tool slowest` prints them, slowest first.
    theirs = subprocess.run(
        [str(tool("gotestsum")), "tool", "slowest", "--jsonfile", stream, "--num", "4"],
        capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    assert [line.rsplit(" ", 1)[1] for line in shown] == [
        line.rsplit(" ", 1)[1] for line in theirs.stdout.decode().splitlines()
    ]
    hints = [line for line in lines if line.startswith("    ")]
    assert all(
        "_test.go:" in h and 'add if testing.Short() { t.Skip("too slow for -short: ' in h for h in hints
    )
    fatal = goide(
        "test", "slowest", "--input", stream, "--threshold", "0", "--num", "100", "--skip-stmt",
        cwd=module_dir(),
    )  # fmt: skip
    assert "    bad/bad_test.go:16: add if testing.Short()" in fatal.stdout.decode()
    assert goide("test", "slowest", "--input", stream, "--threshold", "1h").returncode == 2


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
}


@pytest.fixture(scope="module")
def slow_run() -> Path:
    """The `go test -json -count=2` stream of tests that take known times (from branch test20),
    recorded once per test session: each test twice, so that gotestsum's median (the upper of
    two) is taken too."""
    base = CACHE / "testrun-slow" / os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getppid()))
    base.mkdir(parents=True, exist_ok=True)
    module, stream = base / "module", base / "slow.json"
    with open(base / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not stream.is_file():
            write_module(module, SLOW_FILES)
            result = subprocess.run(
                [str(tool("go")), "test", "-json", "-count=2", "./..."],
                cwd=module, capture_output=True, timeout=300, check=False,
            )  # fmt: skip
            assert result.returncode == 0, result.stderr.decode()
            stream.write_bytes(result.stdout)
    return stream


def _ties_sorted(output: bytes) -> list[str]:
    """The lines, those with the same time (gotestsum leaves them in no fixed order: a Go map and
    an unstable sort) sorted among themselves."""
    lines = output.decode().splitlines()
    times = [line.rsplit(" ", 1)[-1] for line in lines]
    return [line for _, line in sorted(enumerate(lines), key=lambda x: (times.index(times[x[0]]), x[1]))]


def test_slowest_lists_what_gotestsum_lists(slow_run: Path) -> None:
    """From branch test20: line for line what gotestsum v1.13.0's `tool slowest` prints on the
    same real stream, with its default threshold, another one, and --num; lines of the same time
    (TestGroup and its subtest) in either order, as gotestsum prints them."""
    for args in ((), ("--threshold", "150ms"), ("--num", "2")):
        ours = goide("test", "slowest", "--input", str(slow_run), *args)
        assert ours.returncode == 0, ours.stderr.decode()
        theirs = subprocess.run(
            [str(tool("gotestsum")), "tool", "slowest", "--jsonfile", str(slow_run), *args],
            capture_output=True, check=True, timeout=60,
        )  # fmt: skip
        assert _ties_sorted(ours.stdout) == _ties_sorted(theirs.stdout), args
    lines = goide("test", "slowest", "--input", str(slow_run)).stdout.decode().splitlines()
    assert [line.split()[1] for line in lines[:2]] == ["TestSlow", "TestC"]


def test_matrix_balances_packages_over_buckets(recordings: dict[str, Recording]) -> None:
    streams = [str(recordings[name].stream) for name in ("all", "crashes")]
    result = goide("test", "matrix", "--input", streams[0], "--input", streams[1], "--buckets", "3")
    assert result.returncode == 0, result.stderr.decode()
    include = json.loads(result.stdout)["include"]
    assert len(include) == 3
    assert [b["id"] for b in include] == [0, 1, 2]
    packages = [p for bucket in include for p in bucket["packages"].split()]
    assert len(packages) == len(set(packages))
    assert f"{M}/good" in packages
    assert f"{M}/late" in packages
    chosen = goide(
        "test",
        "matrix",
        "--input",
        streams[0],
        "--buckets",
        "2",
        "-",
        stdin=f"{M}/good\nexample.com/new\n".encode(),
    )
    buckets = json.loads(chosen.stdout)["include"]
    assert sorted(p for b in buckets for p in b["packages"].split()) == [f"{M}/good", "example.com/new"]
    assert goide("test", "matrix", "--input", streams[0], "--buckets", "0").returncode == 2
    too_many = goide("test", "matrix", "--input", streams[0], "--buckets", "257")
    assert too_many.returncode == 2
    assert too_many.stderr.decode().startswith("error: goide test matrix: --buckets must be 1 to 256")
    missing = goide("test", "matrix", "--input", streams[0])
    assert missing.returncode == 2
    assert missing.stderr.decode().splitlines() == [
        "error: goide test matrix: the following arguments are required: --buckets",
        "hint: goide test matrix --input FILE [--input FILE...] --buckets N [PACKAGES | -]",
    ]
    # A name that is not UTF-8 (a file piped in) is shown as \xNN, not a traceback.
    odd = goide("test", "matrix", "--input", streams[0], "--buckets", "1", "-", stdin=b"ex\xff.com/a\n")
    assert odd.returncode == 0, odd.stderr.decode()
    assert json.loads(odd.stdout)["include"][0]["packages"] == "ex\\xff.com/a"


@pytest.mark.parametrize("buckets", [2, 3, 7])
def test_matrix_is_gotestsums_ci_matrix(recordings: dict[str, Recording], buckets: int) -> None:
    """The same bytes as gotestsum v1.13.0's `tool ci-matrix` on the same real streams and the
    same packages (read from stdin), run in the module (descriptions name packages relative to
    it): the 85th percentile of each package's times, the packages longest first, many of them
    of equal time (0 ms), so that Go's stable sort with gotestsum's `>=` decides their order."""
    streams = [recordings[name].stream for name in ("all", "crashes", "cached", "hang")]
    names = sorted(
        {json.loads(line).get("Package", "") for s in streams for line in s.read_bytes().splitlines()} - {""}
    )
    stdin = "".join(name + "\n" for name in names).encode()
    timing = module_dir().parent / "timing"
    timing.mkdir(exist_ok=True)
    for stream in streams:
        (timing / stream.name).write_bytes(stream.read_bytes())
    theirs = subprocess.run(
        [str(tool("gotestsum")), "tool", "ci-matrix", "--partitions", str(buckets),
         "--timing-files", str(timing / "*.json")],
        input=stdin, capture_output=True, check=True, timeout=60, cwd=module_dir(),
    )  # fmt: skip
    inputs = [arg for stream in streams for arg in ("--input", str(stream))]
    ours = goide("test", "matrix", *inputs, "--buckets", str(buckets), "-", stdin=stdin, cwd=module_dir())
    assert ours.returncode == 0, ours.stderr.decode()
    assert ours.stdout == theirs.stdout
    assert b'"description":"0 - ' in ours.stdout


def test_post_run_command_gets_the_counts(recordings: dict[str, Recording], tmp_path: Path) -> None:
    seen = tmp_path / "seen.json"
    command = (
        f'{sys.executable} -c "import json, os; json.dump({{k: v for k, v in os.environ.items() '
        f"if k.startswith(('TESTS_', 'GOIDE_'))}}, open('{seen}', 'w'))\""
    )
    result = goide("test", "--post-run-command", command, "./bad", "--", "-count=1", cwd=module_dir())
    assert result.returncode == 1
    env = json.loads(seen.read_text())
    assert env["TESTS_FAILED"] == env["GOIDE_TESTS_FAILED"] == "6"
    assert env["TESTS_TOTAL"] == "8"
    assert env["GOIDE_STATUS"] == "fail"
    failing = goide("test", "--post-run-command", "false", "./good", cwd=module_dir())
    assert failing.returncode == 0
    assert "goide: --post-run-command false: exit status 1" in failing.stderr.decode()
