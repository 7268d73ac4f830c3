"""What a reader sees in `bench plot` (issue 17, "Also"): every delta label inside its chart (never
over a benchmark name), a "~ (0 → 0)" label for a unit that stays at zero, and tick labels with
the values themselves rather than matplotlib's offset notation ("+1.553e2")."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from goide.bench import plot as benchplot
from goide.bench.compare import compare
from goide.bench.table import Options


def _files(tmp_path: Path) -> list[str]:
    old, new = [], []
    for i in range(10):
        # Real go test result shapes: a long sub-benchmark name, 0 B/op and 0 allocs/op, and
        # B/op values that differ only in the fourth decimal (ReportMetric-style averages).
        name = "BenchmarkSortStringsWithAVeryLongName/size=1024-2 1000"
        old.append(f"{name} {15500 + i} ns/op {155.3 + i / 10000} B/op 0 allocs/op")
        new.append(f"{name} {9300 + i} ns/op {155.3 + i / 9000} B/op 0 allocs/op")
        old.append(f"BenchmarkSum-2 1000 {77 + i / 10} ns/op 0 B/op 0 allocs/op")
        new.append(f"BenchmarkSum-2 1000 {77 + i / 10} ns/op 0 B/op 0 allocs/op")
    (tmp_path / "old.txt").write_text("\n".join(old) + "\n")
    (tmp_path / "new.txt").write_text("\n".join(new) + "\n")
    return [str(tmp_path / "old.txt"), str(tmp_path / "new.txt")]


def _tables(tmp_path: Path):  # type: ignore[no-untyped-def]
    return compare(_files(tmp_path), Options(), lambda error: None)


def test_delta_labels_stay_inside_the_chart_and_zero_to_zero_is_labelled(tmp_path: Path) -> None:
    tables = _tables(tmp_path)
    for table in tables.tables:
        fig, ax = plt.subplots(figsize=(10, 2))
        benchplot._plot_deltas(ax, tables, table, ["old", "new"])
        fig.canvas.draw()
        box = ax.get_window_extent()
        texts = [t.get_text() for t in ax.texts]
        assert len(texts) == len(table.rows), texts  # every row has its label
        for text in ax.texts:
            extent = text.get_window_extent()
            assert box.x0 <= extent.x0, (table.unit, text.get_text())
            assert extent.x1 <= box.x1, (table.unit, text.get_text())
        if table.unit == "allocs/op":
            assert texts == ["~ (0 → 0)", "~ (0 → 0)"]
        if table.unit == "sec/op":
            assert texts[0] == "-40.0%"  # a long bar to the left: its label is still in the chart
        plt.close(fig)


def test_no_offset_notation_on_panels(tmp_path: Path) -> None:
    tables = _tables(tmp_path)
    table = next(t for t in tables.tables if t.unit == "B/op")
    fig, ax = plt.subplots()
    benchplot._plot_distribution(ax, tables, table, table.rows[0], ["old", "new"])
    fig.canvas.draw()
    assert ax.yaxis.get_major_formatter().get_offset() == ""
    ticks = [float(label.get_text()) for label in ax.get_yticklabels() if label.get_text()]
    assert ticks
    assert all(155 < tick < 156 for tick in ticks)  # the values themselves, not offsets from 155.3
    plt.close(fig)
