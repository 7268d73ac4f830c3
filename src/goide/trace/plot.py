"""The latency plot of `goide trace --plot`: every answered request over time, one colour per method.

matplotlib is imported here only, when a plot is asked for. The y axis is logarithmic because LSP
latencies span from 0 ms to minutes; the slowest methods get their own colour and the rest are grey.
"""

from __future__ import annotations

import io
from pathlib import Path

from goide.core.errors import GoideError, InputError
from goide.core.safe_write import write_output
from goide.trace.latency import TraceReport

COLOURED_METHODS = 8


def plot_latency(report: TraceReport, path: str) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter
    except ImportError as err:
        raise GoideError(
            "--plot needs matplotlib, which is not installed", hint="pip install 'goide[plots]'"
        ) from err

    by_method: dict[str, tuple[list[float], list[float]]] = {}
    for when, latency, method in zip(
        report.plot_times, report.plot_latencies, report.plot_methods, strict=True
    ):
        xs, ys = by_method.setdefault(method, ([], []))
        xs.append(when)
        ys.append(max(latency, 0.5))  # 0 ms cannot be drawn on a log axis; show it at the floor
    p95 = {m.method: m.p95_ms or 0.0 for m in report.methods if m.from_client}
    from_server = {m.method for m in report.methods if not m.from_client} - set(p95)
    ranked = sorted(by_method, key=lambda m: (-p95.get(m, -1.0), m))
    coloured = ranked[:COLOURED_METHODS]

    fig, ax = plt.subplots(figsize=(11, 6), dpi=110)
    others = [m for m in ranked if m not in coloured]
    if others:
        xs = [x for m in others for x in by_method[m][0]]
        ys = [y for m in others for y in by_method[m][1]]
        ax.scatter(xs, ys, s=10, color="#bbbbbb", label=f"{len(others)} other methods", zorder=1)
    palette = plt.get_cmap("tab10")
    for index, method in enumerate(coloured):
        xs, ys = by_method[method]
        if method in p95:
            label = f"{method} (p95 {p95[method]:.0f} ms)"
        else:
            label = f"<- {method} (from the server)" if method in from_server else method
        ax.scatter(xs, ys, s=16, color=palette(index % 10), label=label, zorder=2)
    ax.set_yscale("log")
    ax.set_ylabel("latency (ms, log scale)")
    # Plain milliseconds on the axis (1, 10, 100, 1000) rather than powers of ten.
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:g}"))
    x_label = "seconds since the start of the trace" if report.plot_has_time else "request number"
    if any(latency < 0.5 for latency in report.plot_latencies):
        x_label += "   (answers in 0 ms are drawn at 0.5 ms)"
    ax.set_xlabel(x_label)
    ax.set_title(f"LSP request latency ({sum(len(v[0]) for v in by_method.values())} answered requests)")
    ax.grid(True, which="major", alpha=0.3)
    if by_method:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)
    fig.tight_layout()
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format=Path(path).suffix.lower().lstrip("."))
    finally:
        plt.close(fig)
    try:
        # Atomic, like every file goide writes: an existing plot is replaced whole or kept.
        write_output(Path(path), buffer.getvalue(), what="plot")
    except GoideError as err:
        raise InputError(err.message, hint="choose a writable --plot path") from None
