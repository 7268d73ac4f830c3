"""Bad benchmark input: goide treats it as the real benchstat does, and never shows a traceback.

Malformed lines become `file:line: message` on stderr while the rest is compared; both tools'
CSV and stderr are compared byte for byte on the same files.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.bench_data import mask_p_values
from tests.helpers import goide, tool

pytestmark = pytest.mark.integration

MALFORMED = """goos: linux
pkg: example.com/bad
BenchmarkGood 100 12.5 ns/op 16 B/op
BenchmarkGood 100 13.5 ns/op 16 B/op
BenchmarkNoUnit 100 12.5
BenchmarkOdd 100 12.5 ns/op 3
BenchmarkNoValues 100
BenchmarkNoIters
BenchmarkBadIters x1 5 ns/op
BenchmarkHuge 100 1e309 ns/op
BenchmarkNaN 100 NaN ns/op
BenchmarkNaN 100 4 ns/op
BenchmarkInf 100 +Inf ns/op
BenchmarkInf 100 -Inf ns/op
BenchmarkInf 100 3 ns/op
BenchmarkBadValue 100 1.2.3 ns/op
BenchmarkUnderscore 100 1_000 ns/op
BenchmarkHex 100 0x1p-2 ns/op
BenchmarkZero 100 0 ns/op
Benchmark Spaced 1 2 ns/op
BenchmarkTooBig 99999999999999999999 2 ns/op
Unit
Unit x/op =y z= w=1
key:novalue
Key: upper
odd key: space
"""

UNITS_OLD = """Unit ns/op assume=exact better=lower
Unit items/op better=higher
BenchmarkA 1 5 ns/op 3 items/op
BenchmarkA 1 5 ns/op 4 items/op
BenchmarkA 1 6 ns/op 4 items/op
BenchmarkOnlyOld 1 7 ns/op 1 items/op
Unit ns/op assume=nothing
Unit sec/op assume=exact
"""

UNITS_NEW = """Unit ns/op assume=exact
Unit items/op better=lower
BenchmarkA 1 5 ns/op 3 items/op
BenchmarkA 1 5 ns/op 3 items/op
BenchmarkOnlyNew 1 5 ns/op 3 items/op
"""


def benchstat(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(tool("benchstat")), *args], capture_output=True, timeout=60, check=False)


def same_as_benchstat(*files: str) -> subprocess.CompletedProcess[bytes]:
    ours = goide("bench", "compare", "--format", "csv", *files)
    theirs = benchstat("-format", "csv", *files)
    assert ours.returncode == 0, ours.stderr.decode()
    assert b"Traceback" not in ours.stderr
    assert ours.stdout == theirs.stdout or mask_p_values(ours.stdout) == mask_p_values(theirs.stdout)
    assert ours.stderr == theirs.stderr
    text = goide("bench", "compare", *files)
    theirs_text = benchstat(*files).stdout
    assert text.stdout == theirs_text or mask_p_values(text.stdout) == mask_p_values(theirs_text)
    return ours


def test_malformed_lines_reported_like_benchstat(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(MALFORMED)
    result = same_as_benchstat(str(bad))
    errors = result.stderr.decode()
    for message in (
        "missing units",
        "parsing measurement: value out of range",
        "parsing iteration count",
        "missing measurements",
        "missing unit",
        "expected key=value",
    ):
        assert message in errors
    # NaN and infinities are kept, not dropped; 1_000 and 0x1p-2 parse as Go parses them.
    assert b"NaN" in result.stdout
    assert b"Hex" in result.stdout
    assert b"Underscore" in result.stdout


def test_unit_metadata_conflicts_and_one_sided_benchmarks(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(UNITS_OLD)
    new.write_text(UNITS_NEW)
    result = same_as_benchstat(str(old), str(new))
    assert b"metadata assume of unit ns/op already set to exact" in result.stderr
    assert b"OnlyOld" in result.stdout
    assert b"OnlyNew" in result.stdout
    assert b"benchmark set differs from baseline" in result.stderr


def test_empty_inputs(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = tmp_path / "good.txt"
    good.write_text("BenchmarkA 1 5 ns/op\nBenchmarkA 1 6 ns/op\n")
    # benchstat prints nothing and exits 0 when no input has a result; goide says so (issue 16).
    alone = goide("bench", "compare", str(empty))
    assert alone.returncode == 2
    assert alone.stderr.startswith(b"error: no benchmark results in ")
    same_as_benchstat(str(empty), str(good))
    same_as_benchstat(str(good), str(empty))


def test_crlf_and_invalid_utf8_pass_through(tmp_path: Path) -> None:
    odd = tmp_path / "odd.txt"
    odd.write_bytes(b"pkg: caf\xe9\r\nBenchmarkCaf\xe9-2 1 5 ns/op\r\nBenchmarkCaf\xe9-2 1 7 ns/op\r\n")
    same_as_benchstat(str(odd))


def test_line_longer_than_64k_is_an_error_in_both(tmp_path: Path) -> None:
    long = tmp_path / "long.txt"
    long.write_bytes(b"BenchmarkA 1 5 ns/op\n" + b"x" * 70000 + b"\n")
    ours = goide("bench", "compare", str(long))
    theirs = benchstat(str(long))
    assert b"token too long" in theirs.stderr
    assert not theirs.stdout
    assert ours.returncode == 2
    assert ours.stderr.decode().startswith(f"error: {long}:2: line longer than 64 KiB")
    assert b"Traceback" not in ours.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--filter", "name:(a"], "--filter: syntax error"),
        (["--filter", ".config:x"], ".config is only allowed in projections"),
        (["--col", ".unit"], ".unit is only allowed in filters"),
        (["--row", ".name@sideways"], "unknown order"),
        (["--alpha", "2"], "--alpha must be in the range [0, 1]"),
        (["--confidence", "-1"], "--confidence must be in the range [0, 1]"),
    ],
)
def test_bad_queries_and_levels_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text("BenchmarkA 1 5 ns/op\n")
    result = goide("bench", "compare", *args, str(good))
    assert result.returncode == 2
    assert message in result.stderr.decode()
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["0", "-5", "nan", "1e308"])
def test_bench_run_timeout_must_be_a_sane_number_of_seconds(value: str) -> None:
    result = goide("bench", "run", f"--timeout={value}")
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert err.startswith("error: --timeout must be a number of seconds above 0")
    assert err.splitlines()[1].startswith("hint: ")


def test_label_without_a_file_exit_2() -> None:
    result = goide("bench", "compare", "old=")
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 2
    assert lines == [
        "error: old=: no file after the label",
        "hint: write old=FILE, for example old=old.txt (- reads standard input)",
    ]


def test_missing_file_and_directory_exit_2(tmp_path: Path) -> None:
    for target in (tmp_path / "missing.txt", tmp_path):
        result = goide("bench", "compare", str(target))
        assert result.returncode == 2
        assert result.stderr.decode().startswith("error: ")
        assert "hint: " in result.stderr.decode()


def test_nan_comparison_does_not_hang(tmp_path: Path) -> None:
    """benchstat loops forever on NaN in a comparison (its rank loop never advances); goide ranks
    each NaN alone and answers."""
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("BenchmarkA 1 NaN ns/op\nBenchmarkA 1 5 ns/op\nBenchmarkA 1 6 ns/op\n")
    new.write_text("BenchmarkA 1 3 ns/op\nBenchmarkA 1 NaN ns/op\nBenchmarkA 1 7 ns/op\n")
    result = goide("bench", "compare", "--format", "json", str(old), str(new), timeout=60)
    assert result.returncode == 0, result.stderr.decode()
