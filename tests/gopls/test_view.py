"""The live progress line (only on a terminal) and the stats view on partial gopls stats output."""

from __future__ import annotations

import io
from pathlib import Path

from goide.gopls.stats import GoplsBuild, StatsReport
from goide.gopls.view import ProgressLine, render_stats
from goide.gopls.workspace import WorkspaceScan


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_rewrites_one_line_on_a_terminal_and_clears_it() -> None:
    stream = _Terminal()
    progress = ProgressLine(stream)
    progress("round 1/4 plain: Hover read.go:890:6")
    progress("round 1/4 plain: memory")
    progress.done()
    text = stream.getvalue()
    assert text.count("\r") == 4  # two updates, then a blank-out and a return
    assert "round 1/4 plain: memory" in text
    assert text.endswith("\r")
    assert "\n" not in text


def test_no_progress_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = ProgressLine(stream)
    progress("anything")
    progress.done()
    assert stream.getvalue() == ""


def test_stats_view_survives_missing_fields(tmp_path: Path) -> None:
    report = StatsReport(
        str(tmp_path),
        "gopls",
        GoplsBuild(),
        {"WorkspaceStats": {"Files": {"Errs": 1}, "Views": [None, {}]}, "MemStats": "x"},
        None,
        WorkspaceScan(str(tmp_path)),
    )
    out = io.StringIO()
    render_stats(report, out)
    assert "Files read     ? (largest ? bytes, 1 errors)" in out.getvalue()
    assert "View 2" in out.getvalue()
