"""`--filter` with Go's semantics, empty inputs, and one interval everywhere (issue 16, bench 2-6).

benchproc compiles `/regexp/` with Go's `regexp` (RE2) and unquotes `"words"` with
`strconv.Unquote`; each case runs the real benchstat beside goide on the same file.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.helpers import goide, tool

pytestmark = pytest.mark.integration

# Names as go test prints them; the second has an Arabic-Indic digit three (U+0663) in it.
RESULTS = """goos: linux
pkg: example.com/names
BenchmarkUpper-2   100   10.0 ns/op
BenchmarkUpper-2   100   11.0 ns/op
BenchmarkdigitX٣-2   100   20.0 ns/op
Benchmarkdigit7-2   100   30.0 ns/op
BenchmarkF/f1=v1-2   100   40.0 ns/op
BenchmarkF/f1=v2-2   100   50.0 ns/op
"""


def benchstat(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(tool("benchstat")), *args], capture_output=True, timeout=60, check=False)


@pytest.fixture
def results(tmp_path: Path) -> str:
    path = tmp_path / "names.txt"
    path.write_text(RESULTS, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "query",
    [
        ".name:/^[[:upper:]]/",  # a POSIX class, not a nested set (Python warned and misread it)
        r".name:/\pL\z/",  # \pL and \z: Python's re rejects both
        r".name:/\d/",  # ASCII digits only in Go: the U+0663 name does not match
        r'.name:"\x55pper"',  # Go escapes in a quoted word
        r'.name:"\125pper"',
        "-f1:v1",  # a query that starts with "-" (negation), as a separate argument
        "-/f1:v1",
        "/f1:v2 OR .name:Upper",
    ],
)
def test_filter_matches_what_benchstat_matches(results: str, query: str) -> None:
    theirs = benchstat("-filter", query, results)
    assert theirs.returncode == 0, theirs.stderr.decode()
    ours = goide("bench", "compare", "--filter", query, results)
    assert ours.returncode == 0, ours.stderr.decode()
    assert ours.stderr == b""  # no Python warning, no RE2 log line
    assert ours.stdout == theirs.stdout


@pytest.mark.parametrize(
    ("query", "message", "caret"),
    [
        ("(?=U)", "error parsing regexp: invalid perl operator: (?=", 6),
        ("[z-a]", "error parsing regexp: invalid character class range: z-a", 6),
        (r"\C", "error parsing regexp", 6),
    ],
)
def test_perl_only_regexps_are_refused_like_go(results: str, query: str, message: str, caret: int) -> None:
    full = f".name:/{query}/"
    assert b"error parsing regexp" in benchstat("-filter", full, results).stderr
    ours = goide("bench", "compare", "--filter", full, results)
    assert ours.returncode == 2
    stderr = ours.stderr.decode()
    assert stderr.startswith(f"error: --filter: syntax error: {message}"), stderr
    assert "\n      " + " " * caret + "^" in stderr
    assert "re2.cc" not in stderr
    assert "Warning" not in stderr


@pytest.mark.parametrize("word", [r'"a\z"', r'"\'"', r'"\400"', r'"\ud800"', r'"\x4"'])
def test_quoted_words_are_unquoted_like_strconv(results: str, word: str) -> None:
    theirs = benchstat("-filter", f".name:{word}", results)
    assert b"bad escape sequence" in theirs.stderr
    ours = goide("bench", "compare", "--filter", f".name:{word}", results)
    assert ours.returncode == 2
    assert ours.stderr.decode().startswith("error: --filter: syntax error: bad escape sequence")
    assert "\n            ^" in ours.stderr.decode()  # at the opening quote, as benchstat's caret


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n", b"this is not benchmark output\nPASS\n", b"\xff\xfe\x00B\x00e\x00n\x00c\x00h\n"],
    ids=["empty", "blank", "garbage", "invalid-utf8"],
)
@pytest.mark.parametrize("command", ["compare", "plot"])
def test_no_results_is_an_error(tmp_path: Path, content: bytes, command: str) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    extra = ["--out", str(tmp_path / "p.png")] if command == "plot" else []
    result = goide("bench", command, *extra, str(path))
    assert result.returncode == 2
    assert result.stderr.decode().splitlines()[0] == f"error: no benchmark results in {path}"
    assert result.stderr.decode().splitlines()[1].startswith("hint: ")
    assert result.stdout == b""
    assert not (tmp_path / "p.png").exists()


def test_a_filter_that_keeps_nothing_says_so(results: str) -> None:
    result = goide("bench", "compare", "--filter", ".name:Nothing", results)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("error: no benchmark results match --filter .name:Nothing\n")


def test_one_interval_everywhere_below_six_samples(tmp_path: Path) -> None:
    """With 5 samples the order-statistic interval is (-inf, x5]: the text says `± ∞`, and so
    must the JSON of compare and of history (both ends unbounded), not a one-sided interval."""
    import datetime as dt

    from goide.bench import benchfmt
    from goide.bench import history as benchhistory

    path = tmp_path / "five.txt"
    path.write_text("".join(f"BenchmarkFive 100 {v}.0 ns/op\n" for v in (10, 11, 12, 13, 14)))
    text = goide("bench", "compare", str(path)).stdout.decode()
    assert "± ∞" in text
    cell = json.loads(goide("bench", "compare", "--format", "json", str(path)).stdout)["tables"][0]["rows"][
        0
    ]["cells"][0]
    assert (cell["lo"], cell["hi"], cell["range"]) == ("-Inf", "+Inf", "∞")

    db = tmp_path / "h.sqlite"
    with path.open("rb") as stream:
        records = list(benchfmt.read_text(stream, "x", "", benchfmt.UnitRegistry()))
    results = [r for r in records if isinstance(r, benchfmt.Result)]
    benchhistory.record(
        db, results, ["example.com/five"], ["bench", "run"], dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    history = goide("bench", "history", "--db", str(db), "--format", "json")
    run = json.loads(history.stdout)["series"][0]["runs"][0]
    assert (run["lo"], run["hi"]) == (None, None)
    assert "± ∞" in goide("bench", "history", "--db", str(db)).stdout.decode()
