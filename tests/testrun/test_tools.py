"""Issue 20 item 8: `goide test slowest`, `goide test matrix` and --post-run-command, on the real
recordings and a real run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.helpers import goide
from tests.testrun.gomodule import MODULE, Recording, module_dir

M = MODULE


def test_slowest_with_the_skip_line_and_where_it_goes(recordings: dict[str, Recording]) -> None:
    stream = str(recordings["all"].stream)
    events = [json.loads(line) for line in recordings["all"].stream.read_bytes().splitlines()]
    top = {
        (e["Package"], e["Test"]): e["Elapsed"]
        for e in events
        if e["Action"] in ("pass", "fail")
        and "Test" in e
        and "/" not in e["Test"]
        and e["Test"].startswith("Test")
    }
    result = goide(
        "test",
        "slowest",
        "--input",
        stream,
        "--threshold",
        "0",
        "--num",
        "4",
        "--skip-stmt",
        cwd=module_dir(),
    )
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 0, result.stderr.decode()
    shown = [line for line in lines if not line.startswith("    ")]
    assert len(shown) == 4
    elapsed = [float(line.rsplit(" ", 1)[1].rstrip("s")) for line in shown]
    assert elapsed == sorted(elapsed, reverse=True)
    assert elapsed[0] == max(top.values())
    hints = [line for line in lines if line.startswith("    ")]
    assert all(
        "_test.go:" in h and 'add if testing.Short() { t.Skip("too slow for -short: ' in h for h in hints
    )
    fatal = goide(
        "test",
        "slowest",
        "--input",
        stream,
        "--threshold",
        "0",
        "--num",
        "0",
        "--skip-stmt",
        cwd=module_dir(),
    )
    assert "    bad/bad_test.go:16: add if testing.Short()" in fatal.stdout.decode()
    assert goide("test", "slowest", "--input", stream, "--threshold", "1h").returncode == 2


def test_matrix_balances_packages_over_buckets(recordings: dict[str, Recording]) -> None:
    streams = [str(recordings[name].stream) for name in ("all", "crashes")]
    result = goide("test", "matrix", "--input", streams[0], "--input", streams[1], "--buckets", "3")
    assert result.returncode == 0, result.stderr.decode()
    include = json.loads(result.stdout)["include"]
    assert len(include) == 3
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
