"""`goide bench history` reads without writing (issue 17, item 1; the --plot hint, item 12).

Reading opens the database with SQLite's `mode=ro`: another application's database, an empty
file, a read-only file and a newer goide's history are left byte for byte as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from goide.bench import benchfmt
from goide.bench import history as benchhistory
from tests.helpers import goide

RUN = "goos: linux\npkg: example.com/h\nBenchmarkH-2 100 10.0 ns/op\nBenchmarkH-2 100 11.0 ns/op\n"


def fingerprint(path: Path) -> tuple[str, int, int, list[str]]:
    """The file's bytes, its modification time, its mode, and what sits beside it (journals)."""
    data = path.read_bytes()
    stat = path.stat()
    return hashlib.sha256(data).hexdigest(), stat.st_mtime_ns, stat.st_mode, sorted(os.listdir(path.parent))


def recorded(db: Path) -> None:
    import io

    records = list(benchfmt.read_text(io.BytesIO(RUN.encode()), "x", "", benchfmt.UnitRegistry()))
    results = [r for r in records if isinstance(r, benchfmt.Result)]
    benchhistory.record(
        db, results, ["example.com/h"], ["bench", "run"], dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )


def test_foreign_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "app.sqlite"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE users (id INTEGER, name TEXT)")
        connection.execute("INSERT INTO users VALUES (1, 'ada')")
    connection.close()
    before = fingerprint(db)
    for args in (["--format", "json"], [], ["--plot", str(tmp_path / "p.png")]):
        result = goide("bench", "history", "--db", str(db), *args)
        assert result.returncode == 2, result.stderr.decode()
        assert result.stderr.decode().startswith(
            f"error: {db} is not a goide history (it has the tables users)"
        )
        assert fingerprint(db) == before
    # Recording refuses it too: goide's tables are never added to another application's database.
    with pytest.raises(benchhistory.InputError, match="is not a goide history"):
        recorded(db)
    assert fingerprint(db) == before


@pytest.mark.parametrize("content", [b"", b"not a database at all\n" * 100], ids=["empty", "garbage"])
def test_empty_or_garbage_file_is_not_a_history(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "h.sqlite"
    db.write_bytes(content)
    before = fingerprint(db)
    result = goide("bench", "history", "--db", str(db))
    assert result.returncode == 2
    assert "is not a goide history" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
    assert fingerprint(db) == before


def test_read_only_history_is_read(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    recorded(db)
    db.chmod(0o444)
    tmp_path.chmod(0o555)  # no journal could be made beside it either
    try:
        before = fingerprint(db)
        result = goide("bench", "history", "--db", str(db), "--format", "json")
        assert result.returncode == 0, result.stderr.decode()
        assert b'"name": "H-2"' in result.stdout
        assert fingerprint(db) == before
    finally:
        tmp_path.chmod(0o755)


def test_newer_schema_is_refused_with_a_hint_and_not_altered(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    recorded(db)
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    connection.close()
    before = fingerprint(db)
    result = goide("bench", "history", "--db", str(db))
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert "was written by a newer goide (history schema 7; this goide reads 1)" in stderr
    assert "hint: upgrade goide" in stderr
    with pytest.raises(benchhistory.InputError, match="newer goide"):
        recorded(db)
    assert fingerprint(db) == before


def test_no_recorded_results_is_not_an_error(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    recorded(db)
    result = goide("bench", "history", "NoSuchBenchmark", "--db", str(db))
    assert result.returncode == 0
    assert result.stderr.decode().startswith(f"no recorded results matching 'NoSuchBenchmark' in {db}\n")
    # Nothing recorded yet in the default place: an answer, exit 0.
    fresh = goide("bench", "history", env={"XDG_DATA_HOME": str(tmp_path / "data")})
    assert fresh.returncode == 0, fresh.stderr.decode()
    assert "no recorded results in " in fresh.stderr.decode()
    assert not (tmp_path / "data" / "goide" / "bench-history.sqlite").exists()


def test_history_plot_errors_name_the_plot_flag(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    recorded(db)
    bad = goide("bench", "history", "--db", str(db), "--plot", str(tmp_path / "p.gif"))
    assert bad.returncode == 2
    assert "hint: give --plot a .png, .svg or .html file name" in bad.stderr.decode()
    unwritable = goide("bench", "history", "--db", str(db), "--plot", str(tmp_path / "no" / "dir" / "p.png"))
    assert unwritable.returncode == 2
    assert "hint: choose a writable --plot path" in unwritable.stderr.decode()
