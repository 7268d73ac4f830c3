"""Benchmark history: results of `goide bench run --record` in a local SQLite database.

One row per run (when, the go test arguments, the machine's goos/goarch/cpu, the packages) and
one row per measurement (package, full benchmark name, tidied unit, value). `goide bench history`
reads it back as the trend of a benchmark's median (with its confidence interval) across runs.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goide.bench import goregexp
from goide.bench import summary as stats
from goide.bench.units import class_of, scale
from goide.core.errors import InputError

if TYPE_CHECKING:
    from goide.bench.benchfmt import Result

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    args TEXT NOT NULL,
    goos TEXT NOT NULL DEFAULT '',
    goarch TEXT NOT NULL DEFAULT '',
    cpu TEXT NOT NULL DEFAULT '',
    packages TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS results (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    pkg TEXT NOT NULL,
    name TEXT NOT NULL,
    iters INTEGER NOT NULL,
    unit TEXT NOT NULL,
    value REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS results_by_name ON results(name, unit, run_id);
"""


def default_db() -> Path:
    """The history database in the user's data directory (platformdirs)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("goide", appauthor=False)) / "bench-history.sqlite"


NOT_A_HISTORY_HINT = "pass --db with a file that `goide bench run --record` wrote (or a new path)"


class NoHistory(InputError):
    """There is no history database at the path yet: nothing was recorded there."""


def _not_a_history(db: Path, why: str) -> InputError:
    return InputError(f"{db} is not a goide history ({why})", hint=NOT_A_HISTORY_HINT)


def _schema_version(connection: sqlite3.Connection, db: Path) -> int | None:
    """The goide schema version of an open database; None for an empty one (no tables at all)."""
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return None
    if not {"meta", "runs", "results"} <= tables:
        raise _not_a_history(db, f"it has the tables {', '.join(sorted(tables))}")
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None or not str(row[0]).isdigit():
        raise _not_a_history(db, "no goide schema version in it")
    version = int(row[0])
    if version > SCHEMA_VERSION:
        raise InputError(
            f"{db} was written by a newer goide "
            f"(history schema {version}; this goide reads {SCHEMA_VERSION})",
            hint="upgrade goide (pip install -U goide); this goide leaves the file as it is",
        )
    return version


def _open_read_only(db: Path) -> sqlite3.Connection:
    """The database opened read-only (SQLite `mode=ro`): a reading command never writes it."""
    if not db.exists():
        raise NoHistory(
            f"no benchmark history at {db}",
            hint="record runs first: goide bench run --record (or pass --db PATH)",
        )
    if db.is_dir():
        raise InputError(f"{db} is a directory", hint="pass --db with the history file")
    uri = "file:" + urllib.parse.quote(str(db.resolve())) + "?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True)
        version = _schema_version(connection, db)
    except sqlite3.DatabaseError as err:
        raise _not_a_history(db, str(err)) from None
    if version is None:
        connection.close()
        raise _not_a_history(db, "it is empty")
    return connection


def _open_for_recording(db: Path) -> sqlite3.Connection:
    """The database opened to add a run: created when missing (or an empty file), refused when
    it is another application's or a newer goide's; never altered before that is known."""
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(db)
    except OSError as err:
        raise InputError(
            f"cannot create {db}: {err.strerror or err}", hint="pass --db with a writable path"
        ) from None
    except sqlite3.DatabaseError as err:
        raise InputError(f"cannot open {db}: {err}", hint="pass --db with a writable path") from None
    try:
        version = _schema_version(connection, db)
        if version is None:
            connection.executescript(_SCHEMA)
            connection.execute(
                "INSERT INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
    except sqlite3.DatabaseError as err:
        connection.close()
        raise _not_a_history(db, str(err)) from None
    except InputError:
        connection.close()
        raise
    return connection


def record(
    db: Path,
    results: Sequence[Result],
    packages: Sequence[str],
    args: Sequence[str],
    when: dt.datetime | None = None,
) -> int:
    """Store one run's results (and the packages it benchmarked); returns its id."""
    started = (when or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    first = results[0].config if results else None

    def config(key: str) -> str:
        return (first.get(key) if first else None) or ""

    with _open_for_recording(db) as connection:
        cursor = connection.execute(
            "INSERT INTO runs(started, args, goos, goarch, cpu, packages) VALUES (?, ?, ?, ?, ?, ?)",
            (
                started,
                " ".join(args),
                config("goos"),
                config("goarch"),
                config("cpu"),
                " ".join(packages),
            ),
        )
        run_id = cursor.lastrowid
        assert run_id is not None
        rows = [
            (run_id, seq, result.config.get("pkg") or "", result.name, result.iters, value.unit, value.value)
            for seq, result in enumerate(results)
            for value in result.values
        ]
        connection.executemany(
            "INSERT INTO results(run_id, seq, pkg, name, iters, unit, value) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    connection.close()
    return run_id


@dataclass(frozen=True, slots=True)
class Point:
    """One benchmark's summary in one recorded run."""

    run_id: int
    started: str
    pkg: str
    name: str
    unit: str
    values: tuple[float, ...]
    summary: stats.Summary


def load(db: Path, name_pattern: str | None = None, unit: str | None = None) -> list[Point]:
    """Every (run, benchmark, unit) in the database, oldest run first; `name_pattern` is a regexp."""
    try:
        matches = goregexp.compile_search(name_pattern) if name_pattern else None
    except goregexp.RegexpError as err:
        raise InputError(
            f"invalid benchmark name pattern {name_pattern!r}: {err}",
            hint="NAME is a regular expression, as for go test -bench",
        ) from None
    connection = _open_read_only(db)
    try:
        rows = connection.execute(
            "SELECT r.id, r.started, x.pkg, x.name, x.unit, x.value "
            "FROM results x JOIN runs r ON r.id = x.run_id ORDER BY r.id, x.pkg, x.name, x.unit, x.seq"
        ).fetchall()
    except sqlite3.DatabaseError as err:
        raise _not_a_history(db, str(err)) from None
    finally:
        connection.close()
    grouped: dict[tuple[int, str, str, str], tuple[str, list[float]]] = {}
    for run_id, started, pkg, name, row_unit, value in rows:
        if matches is not None and not matches(name):
            continue
        if unit is not None and row_unit != unit:
            continue
        grouped.setdefault((run_id, pkg, name, row_unit), (started, []))[1].append(float(value))
    points = []
    for (run_id, pkg, name, row_unit), (started, values) in grouped.items():
        ordered = stats.go_sorted(values)
        summary = stats.summarize(ordered, stats.DEFAULT_CONFIDENCE)
        points.append(Point(run_id, started, pkg, name, row_unit, tuple(ordered), summary))
    return points


def series(points: list[Point]) -> dict[tuple[str, str, str], list[Point]]:
    """Points grouped per (package, benchmark, unit), in run order."""
    out: dict[tuple[str, str, str], list[Point]] = {}
    for point in points:
        out.setdefault((point.pkg, point.name, point.unit), []).append(point)
    return out


def render_text(points: list[Point]) -> str:
    lines = []
    for (pkg, name, unit), trend in series(points).items():
        lines.append(f"{name}  ({pkg}, {unit})")
        previous: Point | None = None
        for point in trend:
            center = scale(point.summary.center, class_of(unit))
            change = ""
            if previous is not None:
                comparison = stats.compare(list(previous.values), list(point.values), stats.DEFAULT_ALPHA)
                change = comparison.delta_text(previous.summary.center, point.summary.center)
                change = f"  {change:>8} ({comparison.text()})"
            lines.append(
                f"  run {point.run_id:<4} {point.started}  {center:>10} ± {point.summary.range_text():<4}"
                f" n={len(point.values)}{change}"
            )
            previous = point
        lines.append("")
    return "\n".join(lines)


def _finite(value: float) -> float | None:
    """An interval end for JSON: null when infinite (or NaN)."""
    return value if math.isfinite(value) else None


def to_json(points: list[Point]) -> dict[str, Any]:
    out = []
    for (pkg, name, unit), trend in series(points).items():
        out.append(
            {
                "pkg": pkg,
                "name": name,
                "unit": unit,
                "runs": [
                    {
                        "run": p.run_id,
                        "started": p.started,
                        "center": p.summary.center,
                        "lo": _finite(p.summary.interval()[0]),
                        "hi": _finite(p.summary.interval()[1]),
                        "n": len(p.values),
                    }
                    for p in trend
                ],
            }
        )
    return {"series": out}
