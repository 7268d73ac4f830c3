"""Plots of benchmark comparisons and history (PNG, SVG, or an HTML page with the SVG inline).

A comparison gets, per unit, a delta chart (the change of each benchmark against the baseline,
coloured by significance, `~` where the U test sees no difference) and one small panel per
benchmark with every sample of every input, its median and its confidence interval. History gets
one panel per benchmark: the median of each recorded run with its interval. matplotlib is
imported only here, with the non-interactive Agg backend.
"""

from __future__ import annotations

import html
import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goide.bench.units import UnitClass, class_of, common_scale
from goide.core.errors import GoideError, InputError
from goide.core.safe_write import write_output
from goide.core.words import plural

if TYPE_CHECKING:
    from goide.bench.history import Point
    from goide.bench.table import Table, Tables

MAX_PANELS = 48  # benchmarks per unit drawn as small multiples; the delta chart shows them all
PANEL_COLUMNS = 4
IMPROVED, REGRESSED, UNCLEAR = "#2e7d32", "#c62828", "#9e9e9e"
INPUT_COLOURS = ("#1f77b4", "#ff7f0e", "#9467bd", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22")


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise GoideError(
            "plots need matplotlib, which is not installed",
            hint="pip install 'goide[plots]'",
        ) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _format(out: str, flag: str) -> str:
    suffix = Path(out).suffix.lower().lstrip(".")
    if suffix not in ("png", "svg", "html"):
        raise InputError(
            f"cannot plot to {out!r}: unknown format", hint=f"give {flag} a .png, .svg or .html file name"
        )
    return suffix


def _scaled_unit(values: list[float], unit: str) -> tuple[float, str]:
    """The factor to divide by and the unit label with its prefix (`µs/op` for sec/op in µ)."""
    finite = [v for v in values if math.isfinite(v)]
    scaler = common_scale(finite, class_of(unit)) if finite else common_scale([], UnitClass.DECIMAL)
    prefix = scaler.prefix
    # sec/op is shown as ns/op, µs/op, ...: the prefix goes on the seconds.
    label = f"{prefix}s/{unit[4:]}" if unit.startswith("sec/") else f"{prefix}{unit}"
    return scaler.factor, label


def _save(fig: Any, out: str, flag: str) -> None:
    """The figure written atomically (core.safe_write): an existing plot is replaced whole or kept."""
    kind = _format(out, flag)
    path = Path(out)
    buffer = io.BytesIO()
    if kind == "html":
        svg = io.StringIO()
        fig.savefig(svg, format="svg", bbox_inches="tight")
        page = (
            "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>"
            + html.escape(path.stem)
            + "</title></head><body style='font-family:sans-serif'>\n"
            + svg.getvalue()
            + "\n</body></html>\n"
        )
        buffer.write(page.encode("utf-8"))
    else:
        fig.savefig(buffer, format=kind, dpi=110, bbox_inches="tight")
    try:
        write_output(path, buffer.getvalue(), what="plot")
    except GoideError as err:
        raise InputError(err.message, hint=f"choose a writable {flag} path") from None


def _plain_numbers(ax: Any) -> None:
    """Tick labels as the values themselves: matplotlib's offset notation ("+1.553e2" above the
    axis, ticks 0.01 0.02) hides the numbers a reader compares, on B/op panels above all."""
    ax.ticklabel_format(axis="y", style="plain", useOffset=False)


def _delta_colour(better: int, delta: float, significant: bool) -> str:
    if not significant or delta == 0:
        return UNCLEAR
    if better == 0:
        return "#1565c0"
    return IMPROVED if (delta > 0) == (better > 0) else REGRESSED


def _better(unit: str) -> int:
    if unit in ("sec/op", "ns/op", "B/op", "allocs/op"):
        return -1
    if unit in ("B/s", "MB/s"):
        return 1
    return 0


def plot_comparison(tables: Tables, out: str, flag: str = "--out") -> None:
    """Distributions per benchmark and input, and the deltas against the baseline, per unit."""
    _format(out, flag)
    if not tables.tables:
        raise InputError(
            "nothing to plot: no benchmark results in the inputs", hint="check the files and --filter"
        )
    plt = _pyplot()
    # One grid for the whole figure (constrained layout with many axes is slow): per table a
    # header row, the delta chart when there is a baseline to compare with, then the panels.
    heights: list[float] = []
    plan = []
    for table in tables.tables:
        panels = min(len(table.rows), MAX_PANELS)
        panel_rows = math.ceil(panels / PANEL_COLUMNS)
        delta_height = 0.6 + 0.32 * len(table.rows) if len(table.cols) > 1 else 0.0
        plan.append((table, panels, len(heights), delta_height))
        heights += [0.5] + ([delta_height] if delta_height else []) + [2.4] * panel_rows
    fig = plt.figure(figsize=(13, sum(heights) * 1.25))
    grid = fig.add_gridspec(len(heights), PANEL_COLUMNS, height_ratios=heights, hspace=0.9, wspace=0.35)
    for table, panels, first_row, delta_height in plan:
        _plot_table(fig, grid, first_row, tables, (table, panels, delta_height))
    _save(fig, out, flag)
    plt.close(fig)


def _plot_table(fig: Any, grid: Any, row: int, tables: Tables, plan: tuple[Table, int, float]) -> None:
    table, panels, delta_height = plan
    labels = [_short(tables.col_projection.values_text(c)) or "(all)" for c in table.cols]
    title = " ".join(
        f"{f.name}={tables.table_projection.get(table.key, f)}"
        for f in tables.table_projection.flattened()
        if f.name != ".unit" and tables.table_projection.get(table.key, f)
    )
    header = fig.add_subplot(grid[row, :])
    header.axis("off")
    header.text(
        0.5,
        0.5,
        f"{table.unit}" + (f"   ({title})" if title else ""),
        ha="center",
        va="center",
        fontsize=12,
        fontweight="bold",
        transform=header.transAxes,
    )
    legend = "dots: samples   black line: median   coloured bar: confidence interval of the median"
    header.text(0.5, -0.2, legend, ha="center", va="center", fontsize=8, transform=header.transAxes)
    row += 1
    if delta_height:
        _plot_deltas(fig.add_subplot(grid[row, :]), tables, table, labels)
        row += 1
    for index, bench_row in enumerate(table.rows[:panels]):
        ax = fig.add_subplot(grid[row + index // PANEL_COLUMNS, index % PANEL_COLUMNS])
        _plot_distribution(ax, tables, table, bench_row, labels)
    hidden = len(table.rows) - panels
    if hidden > 0:
        header.text(
            0.5,
            -0.6,
            f"({plural(hidden, 'more benchmark')} not drawn)",
            ha="center",
            fontsize=8,
            transform=header.transAxes,
        )


def _short(label: str) -> str:
    """A file label without its directories: the tick labels stay readable."""
    return label.rsplit("/", 1)[-1] if "/" in label and "=" not in label else label


def _plot_deltas(ax: Any, tables: Tables, table: Table, labels: list[str]) -> None:
    names = [tables.row_projection.values_text(r) for r in table.rows]
    better = _better(table.unit)
    bar_height = 0.8 / max(len(table.cols) - 1, 1)
    labels_at: list[tuple[float, float, str]] = []
    for c, col in enumerate(table.cols[1:], start=1):
        for i, row in enumerate(table.rows):
            cell = table.cells.get((row, col))
            if cell is None or cell.baseline is None or cell.comparison is None:
                continue
            old, new = cell.baseline.summary.center, cell.summary.center
            y = i + (c - 1) * bar_height - 0.4 + bar_height / 2
            if old == 0 or not math.isfinite(old) or not math.isfinite(new):
                # No ratio to draw: say what the table says (0 -> 0 is no change; x/0 is "?").
                same = old == new == 0
                labels_at.append((0.0, y, "~ (0 → 0)" if same else f"? ({old:g} → {new:g})"))
                continue
            delta = (new / old - 1) * 100
            significant = cell.comparison.significant()
            ax.barh(y, delta, height=bar_height * 0.9, color=_delta_colour(better, delta, significant))
            text = f"{delta:+.1f}%" if significant else f"~ ({delta:+.1f}%, p={cell.comparison.p:.2f})"
            labels_at.append((delta, y, text))
    # Room for the labels inside the axes on both sides, so that none is drawn over the names.
    deltas = [x for x, _y, _t in labels_at]
    low, high = min([*deltas, -5.0]), max([*deltas, 5.0])
    span = high - low
    ax.set_xlim(low - (0.45 * span if low < -5.0 else 0.1 * span), high + 0.45 * span)
    for x, y, text in labels_at:
        ax.annotate(
            text,
            (x, y),
            xytext=(4 if x >= 0 else -4, 0),
            textcoords="offset points",
            ha="left" if x >= 0 else "right",
            va="center",
            fontsize=8,
            clip_on=True,
        )
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.set_ylim(len(names) - 0.5, -0.5)  # every row, top down, bars or not (0 -> 0 has none)
    ax.set_xlabel(
        f"change of the median vs {labels[0]} (%)   green: better, red: worse, grey: not significant"
    )
    ax.grid(axis="x", alpha=0.3)


def _plot_distribution(ax: Any, tables: Tables, table: Table, row: Any, labels: list[str]) -> None:
    cells = [(i, table.cells.get((row, col))) for i, col in enumerate(table.cols)]
    present = [(i, cell) for i, cell in cells if cell is not None]
    factor, unit_label = _scaled_unit([v for _, cell in present for v in cell.values], table.unit)
    for i, cell in present:
        colour = INPUT_COLOURS[i % len(INPUT_COLOURS)]
        count = len(cell.values)
        xs = [i + (k - (count - 1) / 2) * (0.5 / max(count, 1)) for k in range(count)]
        ys = [v / factor for v in cell.values]
        ax.scatter(xs, ys, s=10, color=colour, alpha=0.55, zorder=2)
        center = cell.summary.center / factor
        lo, hi = cell.summary.interval()
        ax.hlines(center, i - 0.3, i + 0.3, color="black", linewidth=2, zorder=3)
        if math.isfinite(lo):
            ax.vlines(i + 0.33, lo / factor, hi / factor, color=colour, linewidth=3, zorder=3)
    ax.set_xticks(range(len(labels)), labels, fontsize=7, rotation=15 if len(labels) > 2 else 0)
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.set_title(tables.row_projection.values_text(row), fontsize=9)
    ax.set_ylabel(unit_label, fontsize=8)
    _plain_numbers(ax)
    ax.tick_params(axis="y", labelsize=7)
    ax.grid(axis="y", alpha=0.3)


def plot_history(trends: dict[tuple[str, str, str], list[Point]], out: str, flag: str = "--plot") -> None:
    """One panel per benchmark and unit: the median of each recorded run and its interval."""
    _format(out, flag)
    plt = _pyplot()
    items = list(trends.items())[:MAX_PANELS]
    columns = min(len(items), 3)
    rows = math.ceil(len(items) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(5 * columns, 3.4 * rows), squeeze=False)
    fig.subplots_adjust(hspace=0.6, wspace=0.3)
    for ax in axes.flat[len(items) :]:
        ax.set_visible(False)
    for ax, ((pkg, name, unit), points) in zip(axes.flat, items, strict=False):
        factor, unit_label = _scaled_unit([p.summary.center for p in points], unit)
        xs = list(range(len(points)))
        centers = [p.summary.center / factor for p in points]
        intervals = [p.summary.interval() for p in points]
        # Too few samples for an interval: no bar (the text says ± ∞), a note by the point instead.
        lows = [
            (p.summary.center - lo) / factor if math.isfinite(lo) else 0.0
            for p, (lo, _) in zip(points, intervals, strict=True)
        ]
        highs = [
            (hi - p.summary.center) / factor if math.isfinite(hi) else 0.0
            for p, (_, hi) in zip(points, intervals, strict=True)
        ]
        ax.errorbar(xs, centers, yerr=[lows, highs], marker="o", capsize=3, color=INPUT_COLOURS[0])
        for x, center, (lo, _) in zip(xs, centers, intervals, strict=True):
            if not math.isfinite(lo):
                ax.annotate(
                    "± ∞",
                    (x, center),
                    textcoords="offset points",
                    xytext=(6, -12),
                    fontsize=7,
                    color="grey",
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85},
                )
        ax.set_xticks(xs, [f"#{p.run_id}\n{p.started[:10]}" for p in points], fontsize=7)
        ax.set_title(f"{name}  ({unit})\n{pkg}", fontsize=9)
        ax.set_ylabel(f"median {unit_label}", fontsize=8)
        _plain_numbers(ax)
        ax.margins(y=0.15)  # room for the "± ∞" notes below the lowest point
        ax.grid(alpha=0.3)
    _save(fig, out, flag)
    plt.close(fig)
