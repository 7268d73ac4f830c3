"""The HTML report in real headless Chromium: it renders, failures come first, search filters."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.testrun.compare import run_goide
from tests.testrun.gomodule import MODULE, Recording

CHROMIUM = Path("/usr/bin/chromium")


def _dump_dom(page: Path, query: str, profile: Path) -> str:
    if not CHROMIUM.is_file():
        pytest.fail("chromium is not installed; scripts/test installs it with apt")
    result = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.as_uri() + query,
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    return result.stdout.decode()


class _Rows(HTMLParser):
    """The result rows of the rendered page: (status, hidden, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[object]] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "row" in classes and self.depth == 0:
            self.rows.append([dict(attrs).get("data-status"), "hidden" in classes, ""])
            self.depth = 1
        elif tag == "div" and self.depth:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.rows[-1][2] = str(self.rows[-1][2]) + data


def _rows(dom: str) -> list[list[object]]:
    parser = _Rows()
    parser.feed(dom)
    return parser.rows


@pytest.fixture(scope="module")
def page(recordings: dict[str, Recording], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_goide(recordings["all"].stream, tmp_path_factory.mktemp("html")).html


def test_renders_with_failures_first(page: Path, tmp_path: Path) -> None:
    dom = _dump_dom(page, "", tmp_path / "profile")
    rows = _rows(dom)
    statuses = [row[0] for row in rows]
    assert statuses.count("fail") > 0
    first_other = next(i for i, s in enumerate(statuses) if s != "fail")
    assert all(s == "fail" for s in statuses[:first_other])
    assert not any(row[1] for row in rows)  # nothing hidden without a filter
    text = " ".join(str(row[2]) for row in rows[:first_other])
    assert "Half(3) = 1, want 1.5" in text
    assert "undefined: undefinedName" in text
    assert "<svg" in dom  # the duration chart


def test_search_finds_a_failure(page: Path, tmp_path: Path) -> None:
    rows = _rows(_dump_dom(page, "?q=want%201.5", tmp_path / "profile"))
    visible = [row for row in rows if not row[1]]
    assert len(visible) == 1
    assert "TestFatal" in str(visible[0][2])
    assert len(rows) > 10


def test_filter_by_status(page: Path, tmp_path: Path) -> None:
    rows = _rows(_dump_dom(page, "?only=skip", tmp_path / "profile"))
    visible = {str(row[2]).split(" (")[0] for row in rows if not row[1]}
    assert visible == {
        f"SKIP {MODULE}/good TestSkipped",
        f"SKIP {MODULE}/good TestNested/level_one/skipped_inside",
    }
