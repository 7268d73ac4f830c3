"""Benchmark comparison tables as text (benchstat's layout), CSV (byte for byte benchstat's) and JSON.

The text layout is benchstat's: a header row per column-key level, a unit row, one row per
benchmark with `center ± range` per column and `delta (p=... n=...)` against the baseline,
footnote marks for warnings listed under the table, a geomean row when there is more than one
benchmark. CSV has the raw tidied values and sends warnings to a separate stream as
spreadsheet-cell references (`B3: message`), like `benchstat -format csv`.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable
from functools import lru_cache

from goide.bench.gonum import format_float
from goide.bench.summary import signed_percent
from goide.bench.table import Table, Tables
from goide.bench.units import class_of, common_scale, scale

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import Any

# ---- the header lines between tables -----------------------------------------------------------


def _walk(tables: Tables, header: Callable[[str], None], body: Callable[[Table], None]) -> None:
    """Emit each table preceded by the table-key values that changed (`goos: linux`)."""
    projection = tables.table_projection
    fields = [f for f in projection.flattened() if f.name != ".unit"]
    previous = None
    for i, table in enumerate(tables.tables):
        if i > 0:
            header("")
        for f in fields:
            value = projection.get(table.key, f)
            if previous is None or value != projection.get(previous, f):
                header(f"{f.name}: {value}")
        previous = table.key
        body(table)


# ---- text --------------------------------------------------------------------------------------

LEFT, CENTER, RIGHT = 0, 1, 2


class _TextCell:
    __slots__ = ("align", "col", "margin", "row", "span", "value")

    def __init__(self, row: int, col: int, span: int, value: str, margin: str, align: int) -> None:  # noqa: PLR0917 - positional, as the dataclass was
        self.row = row
        self.col = col
        self.span = span
        self.value = value
        self.margin = margin
        self.align = align


class _TextTable:
    """A grid of cells with per-column widths, spanning cells and left margins (benchstat's texttab)."""

    def __init__(self) -> None:
        self.cells: list[_TextCell] = []
        self.ncols = 0
        self.shrink: set[int] = set()
        self.row_index = 0
        self.col = 0

    def row(self) -> None:
        if self.cells:
            self.row_index += 1
        self.col = 0

    def goto(self, col: int) -> None:
        self.col = col

    def span(self, cols: int, value: str, align: int = LEFT, margin: str | None = None) -> None:
        default = "" if self.col == 0 or not value else " "
        cell = _TextCell(self.row_index, self.col, cols, value, default if margin is None else margin, align)
        self.cells.append(cell)
        self.col += cols
        self.ncols = max(self.ncols, self.col)

    def cell(self, value: str, align: int = LEFT, margin: str | None = None) -> None:
        self.span(1, value, align, margin)

    def render(self) -> str:
        margins = [0] * self.ncols
        for cell in self.cells:
            margins[cell.col] = max(margins[cell.col], len(cell.margin))
        widths = [0] * self.ncols
        for cell in sorted(self.cells, key=lambda c: c.span):
            width = len(cell.value) + margins[cell.col]
            cols = range(cell.col, cell.col + cell.span)
            if cell.span == 1:
                widths[cell.col] = max(widths[cell.col], width)
                continue
            if sum(widths[c] for c in cols) >= width:
                continue
            growable = []
            for c in cols:
                if c in self.shrink:
                    width -= widths[c]
                else:
                    growable.append(c)
            growable.sort(key=lambda c: -widths[c])
            remaining = len(growable)
            for c in growable:
                share = (width + remaining - 1) // remaining
                widths[c] = max(widths[c], share)
                width -= widths[c]
                remaining -= 1
        offsets = [0]
        for w in widths:
            offsets.append(offsets[-1] + w)
        out = io.StringIO()
        row, pos = 0, 0
        for cell in sorted(self.cells, key=lambda c: (c.row, c.col)):
            if not cell.value.strip() and not cell.margin.strip():
                continue
            while cell.row > row:
                out.write("\n")
                row += 1
                pos = 0
            margin = margins[cell.col]
            # Go's `%*s` with a negative width pads on the right to that width: a cell that
            # overflowed its column pushes the next one further right, as in benchstat.
            # (benchstat's position count then ignores those extra spaces.)
            out.write(" " * abs(offsets[cell.col] - pos) + cell.margin.rjust(margin))
            pos = offsets[cell.col] + margin
            width = offsets[cell.col + cell.span] - offsets[cell.col] - margin
            if cell.align == RIGHT:
                text = cell.value.rjust(width)
            elif cell.align == CENTER:
                text = " " * abs(_go_div(width - len(cell.value), 2)) + cell.value
            else:
                text = cell.value
            out.write(text)
            pos += len(text)
        if self.cells:
            out.write("\n")
        return out.getvalue()


def _go_div(a: int, b: int) -> int:
    """Integer division truncating toward zero, as Go's `/`."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _superscript(n: int) -> str:
    digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
    return "".join(digits[int(d)] for d in str(n))


def _header_levels(tables: Tables, cols: list[Any]) -> list[list[tuple[int, int, str]]]:
    """The column-key header: per level, (start, length, value) of runs of equal values."""
    projection = tables.col_projection
    fields = projection.flattened()
    levels: list[list[tuple[int, int, str]]] = []
    parents = [(0, len(cols))]
    for f in fields:
        level = []
        children = []
        for start, length in parents:
            run_start = start
            for i in range(start, start + length + 1):
                if i == start + length or (
                    i > run_start and projection.get(cols[i], f) != projection.get(cols[run_start], f)
                ):
                    level.append((run_start, i - run_start, projection.get(cols[run_start], f)))
                    children.append((run_start, i - run_start))
                    run_start = i
        levels.append(level)
        parents = children
    return levels


def table_text(tables: Tables, table: Table) -> str:
    label_cols, center_cols, delta_cols = 1, 3, 3

    def start(exp: int) -> int:
        if exp == 0:
            return label_cols
        return label_cols + center_cols + (exp - 1) * (center_cols + delta_cols)

    grid = _TextTable()
    notes: list[str] = []
    note_index: dict[str, int] = {}

    def warn(*groups: list[str]) -> None:
        marks = []
        for group in groups:
            for message in group:
                if message not in note_index:
                    note_index[message] = len(notes)
                    notes.append(message)
                marks.append(_superscript(note_index[message] + 1))
        grid.cell(" ".join(marks))

    right_edge = start(len(table.cols) + 1)
    for level in _header_levels(tables, table.cols):
        grid.row()
        for first, length, value in level:
            left = start(first)
            grid.goto(left)
            grid.span(start(first + length) - left, value, CENTER, " │ ")
        grid.goto(right_edge)
        grid.cell("", margin=" │")
    grid.row()
    for i in range(len(table.cols)):
        left = start(i)
        grid.goto(left)
        grid.span(center_cols, table.unit, CENTER, " │ ")
        if i > 0:
            grid.span(delta_cols, "vs base", LEFT, "  ")
        grid.shrink.update(range(left + 1, grid.col))
    grid.goto(right_edge)
    grid.cell("", margin=" │")

    unit_class = class_of(table.unit)
    for row in table.rows:
        grid.row()
        grid.cell(tables.row_projection.values_text(row))
        centers = [table.cells[(row, c)].summary.center for c in table.cols if (row, c) in table.cells]
        scaler = common_scale(centers, unit_class)
        for exp, col in enumerate(table.cols):
            cell = table.cells.get((row, col))
            if cell is None:
                continue
            grid.goto(start(exp))
            grid.cell(scaler.format(cell.summary.center), RIGHT)
            grid.cell(cell.summary.range_text(), RIGHT, " ± ")
            warn(cell.sample_warnings, cell.summary.warnings)
            if exp > 0 and cell.baseline is not None and cell.comparison is not None:
                grid.cell(
                    cell.comparison.delta_text(cell.baseline.summary.center, cell.summary.center), RIGHT
                )
                grid.cell("(" + cell.comparison.text() + ")")
                warn(cell.comparison.warnings)
    if len(table.rows) > 1:
        grid.row()
        grid.cell("geomean")
        for exp, col in enumerate(table.cols):
            column = table.summaries[col]
            if column.geomean is not None:
                grid.goto(start(exp))
                grid.cell(scale(column.geomean, unit_class), RIGHT)
            if exp > 0:
                grid.goto(start(exp) + center_cols)
                if column.ratio is not None:
                    grid.cell(signed_percent((column.ratio - 1) * 100), RIGHT)
                else:
                    grid.cell("?")
            grid.goto(start(exp + 1) - 1)
            warn(column.warnings)
    text = grid.render()
    for i, message in enumerate(notes):
        text += f"{_superscript(i + 1)} {message}\n"
    return text


def render_text(tables: Tables) -> str:
    parts: list[str] = []
    _walk(
        tables, lambda line: parts.append(line + "\n"), lambda table: parts.append(table_text(tables, table))
    )
    return "".join(parts)


# ---- CSV ---------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _column_name(index: int) -> str:
    """benchstat's spreadsheet column letters (its own base-26 in which A is the zero digit)."""
    letters = ""
    x = index
    while x > 0:
        letters = chr(ord("A") + x % 26) + letters
        x //= 26
    return letters or "A"


_CSV_SPECIAL = re.compile('[,"\r\n]').search
_COMMA_SPACE = re.compile(r",\s").search


def _csv_field(text: str) -> str:
    """Go's encoding/csv quoting: only fields with a comma, quote, CR, LF or a leading space."""
    if not text:
        return text
    leading_space = text[0].isspace() and text[0] not in "\x1c\x1d\x1e\x1f"
    if text != "\\." and _CSV_SPECIAL(text) is None and not leading_space:
        return text
    return '"' + text.replace('"', '""') + '"'


def csv_line(fields: list[str]) -> str:
    """One CSV record with its newline, each field quoted as Go's encoding/csv quotes it."""
    line = ",".join(fields)
    # A few looks at the joined line usually show that no field needs quoting: no quote, CR,
    # LF or backslash anywhere (substring searches, faster than a character class), no comma
    # inside a field, no field starting with a space.
    if (
        '"' in line
        or "\\" in line
        or "\n" in line
        or "\r" in line
        or line[:1].isspace()
        or _COMMA_SPACE(line) is not None
        or line.count(",") != len(fields) - 1
    ):
        line = ",".join(_csv_field(f) for f in fields)
    return line + "\n"


def render_csv(tables: Tables) -> tuple[str, str]:
    """(csv text, warnings text): the warnings name cells as `B3:` the way benchstat does."""
    out = io.StringIO()
    warnings = io.StringIO()
    row_number = 1

    def write(fields: list[str]) -> None:
        out.write(csv_line(fields))

    def header(text: str) -> None:
        nonlocal row_number
        write([text])
        row_number += 1

    def body(table: Table) -> None:
        nonlocal row_number
        row_number += _table_csv(tables, table, row_number, write, warnings)

    _walk(tables, header, body)
    return out.getvalue(), warnings.getvalue()


def _table_csv(
    tables: Tables, table: Table, start_row: int, write: Callable[[list[str]], None], warnings: io.StringIO
) -> int:
    label_cols, center_cols, delta_cols = 1, 2, 2

    def start(exp: int) -> int:
        if exp == 0:
            return label_cols
        return label_cols + center_cols + (exp - 1) * (center_cols + delta_cols)

    row: list[str] = []
    count = 0

    def pad(col: int) -> None:
        while len(row) < col:
            row.append("")

    def emit() -> None:
        nonlocal count
        write(row)
        row.clear()
        count += 1

    def warn(messages: list[str]) -> None:
        if not messages:
            return
        name = _column_name(len(row))
        for message in messages:
            warnings.write(f"{name}{start_row + count}: {message}\n")

    projection = tables.col_projection
    for f in projection.flattened():
        for exp, key in enumerate(table.cols):
            pad(start(exp))
            row.append(projection.get(key, f))
        pad(start(len(table.cols)))
        emit()
    for exp in range(len(table.cols)):
        pad(start(exp))
        row.extend([table.unit, "CI"])
        if exp > 0:
            row.extend(["vs base", "P"])
    emit()
    # The rows are most of the work: each cell's start column and the row labels' fields are
    # worked out once, and warn() is called only when there is something to say.
    starts = [start(exp) for exp in range(len(table.cols))]
    label_fields = tables.row_projection.flattened()
    values_text = tables.row_projection.values_text
    cells = table.cells
    for row_key in table.rows:
        row.append(values_text(row_key, label_fields))
        for exp, col in enumerate(table.cols):
            cell = cells.get((row_key, col))
            if cell is None:
                continue
            missing = starts[exp] - len(row)
            if missing > 0:
                row += [""] * missing
            if cell.sample_warnings:
                warn(cell.sample_warnings)
            summary = cell.summary
            if summary.warnings:
                warn(summary.warnings)
            row.append(format_float(summary.center))
            row.append(summary.range_text())
            if exp > 0 and cell.baseline is not None and cell.comparison is not None:
                if cell.comparison.warnings:
                    warn(cell.comparison.warnings)
                row.extend(
                    [
                        cell.comparison.delta_text(cell.baseline.summary.center, cell.summary.center),
                        cell.comparison.text(),
                    ]
                )
        emit()
    row.append("geomean")
    for exp, col in enumerate(table.cols):
        column = table.summaries[col]
        pad(start(exp))
        warn(column.warnings)
        if column.geomean is not None:
            row.append(format_float(column.geomean))
        if exp > 0:
            pad(start(exp) + center_cols)
            row.append(signed_percent((column.ratio - 1) * 100) if column.ratio is not None else "?")
    pad(start(len(table.cols)))
    emit()
    return count


# ---- JSON --------------------------------------------------------------------------------------


def _number(value: float) -> float | str:
    """JSON has no NaN or infinities: those become Go's spelling as strings."""
    if math.isnan(value) or value in (float("inf"), float("-inf")):
        return format_float(value)
    return value


def to_json(tables: Tables) -> dict[str, Any]:
    """The comparison as data: see docs/bench.md for the schema."""
    out_tables = []
    table_fields = [f for f in tables.table_projection.flattened() if f.name != ".unit"]
    col_fields = tables.col_projection.flattened()
    for table in tables.tables:
        columns = [
            {f.name: tables.col_projection.get(col, f) for f in col_fields} | {"label": _label(tables, col)}
            for col in table.cols
        ]
        rows = []
        for row in table.rows:
            cells: list[dict[str, Any] | None] = []
            for col in table.cols:
                cell = table.cells.get((row, col))
                if cell is None:
                    cells.append(None)
                    continue
                lo, hi = cell.summary.interval()
                entry: dict[str, Any] = {
                    "center": _number(cell.summary.center),
                    "lo": _number(lo),
                    "hi": _number(hi),
                    "range": cell.summary.range_text(),
                    "n": len(cell.values),
                    "values": [_number(v) for v in cell.values],
                    "warnings": cell.sample_warnings + cell.summary.warnings,
                }
                if cell.baseline is not None and cell.comparison is not None:
                    old, new = cell.baseline.summary.center, cell.summary.center
                    entry["comparison"] = {
                        "p": _number(cell.comparison.p),
                        "alpha": cell.comparison.alpha,
                        "significant": cell.comparison.significant(),
                        "delta": cell.comparison.delta_text(old, new),
                        "ratio": _number(new / old) if old != 0 else None,
                        "n_old": cell.comparison.n1,
                        "n_new": cell.comparison.n2,
                        "warnings": cell.comparison.warnings,
                    }
                cells.append(entry)
            rows.append({"name": tables.row_projection.values_text(row), "cells": cells})
        geomean = [
            {
                "geomean": _number(s.geomean) if s.geomean is not None else None,
                "ratio": _number(s.ratio) if s.ratio is not None else None,
                "warnings": s.warnings,
            }
            for s in (table.summaries[c] for c in table.cols)
        ]
        out_tables.append(
            {
                "config": {f.name: tables.table_projection.get(table.key, f) for f in table_fields},
                "unit": table.unit,
                "assume": "exact" if table.exact else "nothing",
                "columns": columns,
                "rows": rows,
                "geomean": geomean,
            }
        )
    return {"tables": out_tables}


def _label(tables: Tables, col: Any) -> str:
    return tables.col_projection.values_text(col)
