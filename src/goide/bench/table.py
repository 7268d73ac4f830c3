"""Benchmark results grouped into comparison tables, as benchstat groups them.

One table per (table key, unit) — by default per distinct file configuration and unit —, one row
per row key (default `.fullname`) and one column per column key (default `.file`). The first
column is the baseline: every other cell is compared with the cell of its row in that column.
Each cell is summarised (median and interval), each table gets a geomean row.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence

from goide.bench import summary as stats
from goide.bench.benchfmt import Config, Result, UnitRegistry
from goide.bench.blockread import Run
from goide.bench.query import Filter, Key, Projection, ProjectionParser

# Plain classes rather than dataclasses, here and in the modules `bench compare` imports: each
# dataclass costs its module's import about a third of a millisecond (issue 18, start-up).


class Cell:
    __slots__ = ("baseline", "comparison", "sample_warnings", "summary", "values")

    def __init__(
        self,
        values: Sequence[float],  # sorted; an array of doubles, 8 bytes a sample as in Go
        summary: stats.Summary,
        baseline: Cell | None = None,
        comparison: stats.Comparison | None = None,
    ) -> None:
        self.values = values
        self.summary = summary
        self.baseline = baseline
        self.comparison = comparison
        self.sample_warnings: list[str] = []


class ColumnSummary:
    """The geomean row of one column: the geomean of centers, and of ratios to the baseline."""

    __slots__ = ("geomean", "ratio", "warnings")

    def __init__(self, geomean: float | None = None, ratio: float | None = None) -> None:
        self.geomean = geomean
        self.ratio = ratio
        self.warnings: list[str] = []


class Table:
    __slots__ = ("cells", "cols", "exact", "key", "rows", "summaries", "unit")

    def __init__(  # noqa: PLR0917 - positional, as the dataclass was
        self,
        key: Key,
        unit: str,
        exact: bool,
        rows: list[Key],
        cols: list[Key],
        cells: dict[tuple[Key, Key], Cell],
        summaries: dict[Key, ColumnSummary],
    ) -> None:
        self.key = key
        self.unit = unit
        self.exact = exact
        self.rows = rows
        self.cols = cols
        self.cells = cells
        self.summaries = summaries

    def _fields(self) -> tuple[object, ...]:
        return (self.key, self.unit, self.exact, self.rows, self.cols, self.cells, self.summaries)

    def __eq__(self, other: object) -> bool:
        return self._fields() == other._fields() if isinstance(other, Table) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Table(key={self.key!r}, unit={self.unit!r}, exact={self.exact!r}, rows={self.rows!r}, "
            f"cols={self.cols!r}, cells={self.cells!r}, summaries={self.summaries!r})"
        )


class Tables:
    __slots__ = ("col_projection", "row_projection", "table_projection", "tables")

    def __init__(
        self,
        tables: list[Table],
        table_projection: Projection,
        row_projection: Projection,
        col_projection: Projection,
    ) -> None:
        self.tables = tables
        self.table_projection = table_projection
        self.row_projection = row_projection
        self.col_projection = col_projection


class _Building:
    __slots__ = ("cells", "cols", "rows")

    def __init__(self) -> None:
        self.rows: dict[Key, None] = {}
        self.cols: dict[Key, None] = {}
        self.cells: dict[tuple[Key, Key], tuple[array[float], set[Key]]] = {}


# A (name, configuration) pair's cells by unit, its configuration, its row, column and residue
# keys, and its table projection row (see Builder.add).
# A cell's samples are kept in an array of doubles while reading: a list would hold a boxed float
# (32 bytes) per sample, and inputs with thousands of samples per benchmark would cost 4x benchstat.
_CellKeys = tuple[dict[str, "array[float]"], Config, tuple[Key, Key, Key], list[str]]


class Options:
    def __init__(
        self,
        *,
        table: str = ".config",
        row: str = ".fullname",
        col: str = ".file",
        ignore: str = "",
        filter: str = "*",
        alpha: float = stats.DEFAULT_ALPHA,
        confidence: float = stats.DEFAULT_CONFIDENCE,
    ) -> None:
        self.filter = Filter(filter)
        parser = ProjectionParser()
        self.table = parser.parse("--table", table, self.filter, with_unit=True)
        self.row = parser.parse("--row", row, self.filter)
        self.col = parser.parse("--col", col, self.filter)
        parser.parse("--ignore", ignore, self.filter)
        self.residue = parser.residue()
        self.alpha = alpha
        self.confidence = confidence


class Builder:
    """Collects results; `tables()` computes the statistics."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self._tables: dict[Key, _Building] = {}
        # (name, id(config)) -> (unit -> the cell's value list, the config kept alive for its id,
        # the row, column and residue keys, and the table key's values without the unit: all
        # depend only on that pair).
        self._cell_cache: dict[tuple[str, int], _CellKeys] = {}
        # A projection that does not read the name gives one key per configuration: those keys
        # are kept by id(config) (the cell cache keeps every such config alive). None: it does.
        # Rows (by default .fullname) usually depend on the name alone: those keys are kept by name.
        self._row_memo: dict[str, Key] | None = {} if options.row.reads_name_only() else None
        self._col_memo: dict[int, Key] | None = None if options.col.reads_name() else {}
        self._residue_memo: dict[int, Key] | None = None if options.residue.reads_name() else {}
        self._table_rows: dict[int, list[str]] | None = None if options.table.reads_name() else {}
        self._table_memo: dict[tuple[int, str], Key] | None = None if options.table.reads_name() else {}

    def add(self, result: Result) -> None:
        # Every key depends only on the name and the configuration in force, and results with the
        # same pair land in the same cells: after the first, a result is one dict lookup per value.
        cells = self._cell_cache.get((result.name, id(result.config))) or self._cells_of(result)
        by_unit = cells[0]
        for value in result.values:
            values = by_unit.get(value.unit)
            if values is None:
                by_unit[value.unit] = self._new_cell(value.unit, cells, array("d", (value.value,)))
            else:
                values.append(value.value)

    def add_run(self, run: Run) -> None:
        """Add the values of a run of result lines (as `add` of each line would)."""
        cells = self._cell_cache.get((run.name, id(run.config)))
        if cells is None:
            # Keys depend only on the name and the configuration: the values are not needed.
            cells = self._cells_of(Result(run.name, 0, [], run.config, run.path, run.line))
        by_unit = cells[0]
        start, end = run.offset, run.offset + run.line_count
        for unit, _written, values in run.columns:
            into = by_unit.get(unit)
            if into is None:
                by_unit[unit] = self._new_cell(unit, cells, values[start:end])
            else:
                into += values[start:end]

    def _cells_of(self, result: Result) -> _CellKeys:
        options = self.options
        row_memo = self._row_memo
        if row_memo is None:
            row = options.row.project(result)
        else:
            row = row_memo.get(result.name) or row_memo.setdefault(result.name, options.row.project(result))
        keys = (
            row,
            _memo_project(options.col, result, self._col_memo),
            _memo_project(options.residue, result, self._residue_memo),
        )
        rows = self._table_rows
        if rows is None:
            table_row = options.table.row_of(result)
        else:
            table_row = rows.get(id(result.config)) or rows.setdefault(
                id(result.config), options.table.row_of(result)
            )
        cells = self._cell_cache[(result.name, id(result.config))] = ({}, result.config, keys, table_row)
        return cells

    def _new_cell(self, unit: str, cells: _CellKeys, values: array[float]) -> array[float]:
        """The values of the first result of a (name, configuration) pair in `unit`: they start
        the cell they go to (returned), or join the values of other pairs with the same keys."""
        row, col, residue = cells[2]
        memo = self._table_memo
        if memo is None:
            table_key = self.options.table.key_with_unit(cells[3], unit)
        else:
            memo_key = (id(cells[1]), unit)
            table_key = memo.get(memo_key) or memo.setdefault(
                memo_key, self.options.table.key_with_unit(cells[3], unit)
            )
        building = self._tables.get(table_key)
        if building is None:
            building = self._tables[table_key] = _Building()
        cell = building.cells.get((row, col))
        if cell is None:
            cell = building.cells[(row, col)] = (values, set())
            building.rows[row] = None
            building.cols[col] = None
        else:
            cell[0].extend(values)
        cell[1].add(residue)
        return cell[0]

    def tables(self, units: UnitRegistry) -> Tables:
        options = self.options
        table_projection = options.table
        unit_field = table_projection.unit_field
        assert unit_field is not None
        out: list[Table] = []
        for table_key in table_projection.sort(list(self._tables)):
            building = self._tables[table_key]
            unit = table_projection.get(table_key, unit_field)
            exact = units.is_exact(unit)
            rows = options.row.sort(list(building.rows))
            cols = options.col.sort(list(building.cols))
            cells: dict[tuple[Key, Key], Cell] = {}
            go_sorted, summarize, confidence = stats.go_sorted, stats.summarize, options.confidence
            for pair, (values, residues) in building.cells.items():
                ordered = go_sorted(values)
                cell = cells[pair] = Cell(array("d", ordered), summarize(ordered, confidence, exact))
                if len(residues) > 1:
                    varying = _varying_fields(options.residue, residues)
                    if varying:
                        cell.sample_warnings.append("benchmarks vary in " + ", ".join(varying))
            baseline = cols[0]
            compare, alpha = stats.compare, options.alpha
            for (row, col), cell in cells.items():
                if col != baseline:
                    base = cells.get((row, baseline))
                    if base is not None:
                        cell.baseline = base
                        cell.comparison = compare(base.values, cell.values, alpha, exact)
            table = Table(table_key, unit, exact, rows, cols, cells, {})
            _summarize_columns(table)
            out.append(table)
        return Tables(out, table_projection, options.row, options.col)


def _memo_project(projection: Projection, result: Result, memo: dict[int, Key] | None) -> Key:
    if memo is None:
        return projection.project(result)
    key = memo.get(id(result.config))
    if key is None:
        key = memo[id(result.config)] = projection.project(result)
    return key


def _varying_fields(residue: Projection, keys: Iterable[Key]) -> list[str]:
    keys = list(keys)
    if len(keys) <= 1:
        return []
    names = []
    for f in residue.flattened():
        first = residue.get(keys[0], f)
        if any(residue.get(k, f) != first for k in keys[1:]):
            names.append(f.name)
    return names


def _summarize_columns(table: Table) -> None:
    base_col = table.cols[0]
    n_base = sum(1 for row in table.rows if (row, base_col) in table.cells)
    for i, col in enumerate(table.cols):
        is_base = i == 0
        column = ColumnSummary()
        centers: list[float] = []
        ratios: list[float] = []
        bad_ratio = False
        for row in table.rows:
            cell = table.cells.get((row, col))
            if cell is None:
                continue
            centers.append(cell.summary.center)
            if cell.baseline is not None:
                new, old = cell.summary.center, cell.baseline.summary.center
                if new == old:
                    ratios.append(1.0)
                elif old == 0:
                    bad_ratio = True
                    ratios.append(0.0)
                else:
                    ratios.append(new / old)
        if not is_base and n_base != len(ratios):
            column.warnings.append("benchmark set differs from baseline; geomeans may not be comparable")
        geomean = stats.geomean(centers)
        if math.isnan(geomean):
            column.warnings.append("summaries must be >0 to compute geomean")
        else:
            column.geomean = geomean
        if not is_base and not bad_ratio:
            ratio = stats.geomean(ratios)
            if math.isnan(ratio):
                column.warnings.append("ratios must be >0 to compute geomean")
            else:
                column.ratio = ratio
        table.summaries[col] = column
