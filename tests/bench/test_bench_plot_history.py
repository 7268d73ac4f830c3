"""Plots render (valid PNG, SVG and HTML), history round-trips through SQLite, and `goide bench run`
writes what go test prints, with the machine's configuration lines."""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from goide.bench import benchfmt
from goide.bench import history as benchhistory
from tests.bench_data import GO_MODULE, BenchData, record
from tests.helpers import goide, write_module

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def data(tmp_path_factory: pytest.TempPathFactory, testrun_uid: str) -> BenchData:
    # The parent of a worker's base directory is shared by every xdist worker of the run.
    return record(tmp_path_factory.getbasetemp().parent, testrun_uid)


@pytest.mark.parametrize("suffix", ["png", "svg", "html"])
def test_comparison_plot_renders(data: BenchData, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"cmp.{suffix}"
    # One unit keeps the figure (and the test) small; the other units are drawn the same way.
    result = goide(
        "bench",
        "plot",
        "old=" + data.path("count10a.txt"),
        "new=" + data.path("count10b.txt"),
        data.path("count3.txt"),
        "--filter",
        ".unit:ns/op",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr.decode()
    body = out.read_bytes()
    if suffix == "png":
        from PIL import Image

        assert body.startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(out) as image:
            image.verify()
            assert image.size[0] > 800
            assert image.size[1] > 600
    elif suffix == "svg":
        root = ET.fromstring(body)
        assert root.tag.endswith("svg")
        text = body.decode()
        # Labelled with units and benchmark names.
        assert "ns/op" in text
        assert "Sort/size=16" in text
        assert "change of the median" in text
    else:
        assert body.startswith(b"<!DOCTYPE html>")
        assert b"<svg" in body


def test_plot_to_unknown_format_is_a_clear_error(data: BenchData, tmp_path: Path) -> None:
    result = goide("bench", "plot", data.path("count3.txt"), "--out", str(tmp_path / "x.gif"))
    assert result.returncode == 2
    assert "unknown format" in result.stderr.decode()
    assert b"Traceback" not in result.stderr


def _run_from(path: str, when: dt.datetime, db: Path) -> int:
    text = Path(path).read_text()
    results = [
        r
        for r in benchfmt.read_text(io.BytesIO(text.encode()), path, "", benchfmt.UnitRegistry())
        if isinstance(r, benchfmt.Result)
    ]
    return benchhistory.record(db, results, ["example.com/benchdata"], ["bench", "run"], when)


def test_history_round_trips_through_sqlite(data: BenchData, tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite"
    first = _run_from(data.path("count10a.txt"), dt.datetime(2026, 1, 1, tzinfo=dt.UTC), db)
    second = _run_from(data.path("count10b.txt"), dt.datetime(2026, 1, 2, tzinfo=dt.UTC), db)
    assert (first, second) == (1, 2)
    points = benchhistory.load(db, "^Sum-2$", "sec/op")
    assert [p.run_id for p in points] == [1, 2]
    # The stored values are exactly the parsed ones.
    with open(data.path("count10a.txt"), "rb") as stream:
        records = list(benchfmt.read_text(stream, "x", "", benchfmt.UnitRegistry()))
    parsed = [
        v.value
        for r in records
        if isinstance(r, benchfmt.Result) and r.name == "Sum-2"
        for v in r.values
        if v.unit == "sec/op"
    ]
    assert list(points[0].values) == sorted(parsed)
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT goos, goarch FROM runs WHERE id = 1").fetchone()[0] == "linux"
    shown = goide("bench", "history", "Sum-2", "--db", str(db), "--unit", "sec/op", "--format", "json")
    series = json.loads(shown.stdout)["series"]
    assert [s["name"] for s in series] == ["Sum-2"]
    assert [r["run"] for r in series[0]["runs"]] == [1, 2]
    assert series[0]["runs"][0]["center"] == points[0].summary.center
    plot = tmp_path / "trend.png"
    text = goide(
        "bench", "history", "Sort/size=16-2", "--unit", "sec/op", "--db", str(db), "--plot", str(plot)
    )
    assert text.returncode == 0, text.stderr.decode()
    assert "run 2" in text.stdout.decode()
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_history_without_database_is_a_clear_error(tmp_path: Path) -> None:
    result = goide("bench", "history", "--db", str(tmp_path / "none.sqlite"))
    assert result.returncode == 2
    assert "no benchmark history" in result.stderr.decode()


def test_bench_run_writes_go_test_format_and_records(tmp_path: Path) -> None:
    module = write_module(tmp_path / "m", GO_MODULE)
    out = tmp_path / "run.txt"
    db = tmp_path / "h.sqlite"
    result = goide(
        "bench",
        "run",
        "--count",
        "2",
        "--bench",
        "Sum|Alloc",
        "--benchtime",
        "100x",
        "--benchmem",
        "--cpu",
        "1,2",
        "--out",
        str(out),
        "--record",
        "--db",
        str(db),
        cwd=module,
    )
    assert result.returncode == 0, result.stderr.decode()
    lines = out.read_text().splitlines()
    config = {line.split(":")[0] for line in lines if not line.startswith("Benchmark")}
    assert {"goos", "goarch", "pkg", "cpu"} <= config
    names = [line.split()[0] for line in lines if line.startswith("Benchmark")]
    assert names.count("BenchmarkSum") == 2
    assert names.count("BenchmarkAlloc-2") == 2
    assert any("MB/s" in line and "allocs/op" in line for line in lines)
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(DISTINCT name) FROM results").fetchone()[0] == 4
    # The file is what benchstat reads: goide's own compare takes it unchanged.
    assert goide("bench", "compare", str(out)).returncode == 0


def test_bench_run_with_no_matching_benchmark_fails_clearly(tmp_path: Path) -> None:
    module = write_module(tmp_path / "m", GO_MODULE)
    result = goide("bench", "run", "--count", "1", "--bench", "NoSuchBenchmark", cwd=module)
    assert result.returncode == 1
    assert "no benchmark matched" in result.stderr.decode()


def test_bench_run_reports_a_build_failure(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "go.mod": "module example.com/broken\n\ngo 1.22\n",
            "b_test.go": "package broken\n\nfunc Broken( {\n",
        },
    )
    result = goide("bench", "run", "--count", "1", cwd=module)
    assert result.returncode == 1
    stderr = result.stderr.decode()
    # The compiler's own error, not just "go test failed".
    assert stderr.startswith("error: example.com/broken did not build: b_test.go:3:14: expected ')'")
    assert b"Traceback" not in result.stderr


PANICS = {
    "go.mod": "module example.com/panics\n\ngo 1.22\n",
    "p_test.go": """package panics

import "testing"

func BenchmarkFirst(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = i * 2
	}
}

func BenchmarkNilMap(b *testing.B) {
	var m map[string]int
	m["x"] = b.N
}

func BenchmarkNeverRuns(b *testing.B) {}
""",
}


def test_bench_run_keeps_finished_results_when_a_benchmark_panics(tmp_path: Path) -> None:
    module = write_module(tmp_path / "m", PANICS)
    out = tmp_path / "run.txt"
    db = tmp_path / "h.sqlite"
    result = goide("bench", "run", "--count", "2", "--benchtime", "10x", "--out", str(out),
                   "--record", "--db", str(db), cwd=module)  # fmt: skip
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert stderr.startswith(
        "error: BenchmarkNilMap in example.com/panics panicked: assignment to entry in nil map\n"
    )
    # goide crash's explanation of the panic: its kind and the user's line.
    assert "goide crash: write to a nil map in example.com/panics.BenchmarkNilMap at " in stderr
    assert "p_test.go:13" in stderr
    text = out.read_text()
    assert [line.split()[0] for line in text.splitlines() if line.startswith("Benchmark")] == [
        "BenchmarkFirst-2",
        "BenchmarkFirst-2",
    ]
    assert "--- FAIL: BenchmarkNilMap\n" in text
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM results").fetchone()[0] == 2
    # The file stays what benchstat reads.
    assert goide("bench", "compare", str(out)).returncode == 0


def test_bench_run_names_a_failed_benchmark_with_its_message(tmp_path: Path) -> None:
    files = dict(PANICS)
    files["p_test.go"] = PANICS["p_test.go"].replace(
        'var m map[string]int\n\tm["x"] = b.N', 'b.Log("warming up")\n\tb.Fatal("cannot reach the server")'
    )
    module = write_module(tmp_path / "m", files)
    result = goide("bench", "run", "--count", "1", "--benchtime", "10x", cwd=module)
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert stderr.startswith(
        "error: BenchmarkNilMap in example.com/panics failed: p_test.go:13: cannot reach the server\n"
    )
    assert "p_test.go:12: warming up" in stderr
    # Finished results still reach stdout, the failed benchmark marked where it ran.
    assert "BenchmarkFirst-2" in result.stdout.decode()
    assert "--- FAIL: BenchmarkNilMap" in result.stdout.decode()
    assert "BenchmarkNeverRuns" in result.stdout.decode()


def test_bench_run_timeout_exits_1_as_documented(tmp_path: Path) -> None:
    files = {
        "go.mod": "module example.com/slow\n\ngo 1.22\n",
        "s_test.go": 'package slow\n\nimport (\n\t"testing"\n\t"time"\n)\n\n'
        "func BenchmarkSlow(b *testing.B) { time.Sleep(time.Minute) }\n",
    }
    module = write_module(tmp_path / "m", files)
    goide("bench", "run", "--count", "1", "--bench", "NoSuch", cwd=module)  # build once, untimed
    result = goide("bench", "run", "--count", "1", "--timeout", "5", cwd=module)
    assert result.returncode == 1
    assert "error: go test did not finish within 5 seconds" in result.stderr.decode()


def test_bench_run_records_in_the_user_data_dir_by_default(tmp_path: Path) -> None:
    module = write_module(tmp_path / "m", GO_MODULE)
    data_home = tmp_path / "data"
    result = goide("bench", "run", "--count", "1", "--bench", "Sum", "--benchtime", "10x", "--record",
                   cwd=module, env={"XDG_DATA_HOME": str(data_home)})  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    db = data_home / "goide" / "bench-history.sqlite"
    assert db.is_file()
    shown = goide("bench", "history", "Sum", env={"XDG_DATA_HOME": str(data_home)})
    assert "run 1" in shown.stdout.decode()
