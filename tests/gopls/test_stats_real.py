"""`goide gopls stats` with the real gopls v0.23.0 on the generated module (known counts) and on
golang.org/x/mod, whose counts are checked against goide's own scan of the same tree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from goide.gopls.stats import go_duration_seconds
from tests.gopls.conftest import FILES_PER_PACKAGE, PACKAGES
from tests.helpers import goide

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("4.79039786s", 4.79039786),
        ("72.882354ms", 0.072882354),
        ("1m2.5s", 62.5),
        ("0s", 0.0),
        ("300µs", 0.0003),
    ],
)
def test_go_durations(text: str, seconds: float) -> None:
    assert go_duration_seconds(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "4.7", "s", "1h2x", "-1s"])
def test_not_go_durations(text: str) -> None:
    assert go_duration_seconds(text) is None


def test_stats_of_the_generated_module(gopls: str, small_module: Path) -> None:
    result = goide("gopls", "stats", str(small_module), "--gopls", gopls, "--json")
    assert result.returncode == 0, result.stderr.decode()
    doc = json.loads(result.stdout)
    assert doc["schema"] == "goide.gopls.stats/1"
    assert doc["build"]["version"] == "v0.23.0"
    assert doc["stats"]["GoplsVersion"] == "v0.23.0"
    (view,) = doc["stats"]["WorkspaceStats"]["Views"]
    assert view["WorkspacePackages"]["Packages"] == PACKAGES
    assert view["WorkspacePackages"]["CompiledGoFiles"] == PACKAGES * FILES_PER_PACKAGE
    assert view["Diagnostics"] == 0
    assert doc["stats"]["DirStats"]["GoFiles"] == doc["workspace"]["go_files"] == PACKAGES * FILES_PER_PACKAGE
    assert doc["stats"]["DirStats"]["Dirs"] == doc["workspace"]["dirs"] == PACKAGES + 1
    assert doc["initial_workspace_load_seconds"] > 0
    assert doc["workspace"]["view"] == "GoMod"


def test_stats_text_of_the_real_module(gopls: str, real_module: Path) -> None:
    result = goide("gopls", "stats", str(real_module), "--gopls", gopls)
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode()
    assert "gopls          v0.23.0 (built with go" in text
    assert "Initial load" in text
    assert "Heap" in text
    assert "View 1" in text
    # goide's own walk and gopls's DirStats agree on the tree.
    doc = json.loads(goide("gopls", "stats", str(real_module), "--gopls", gopls, "--json").stdout)
    dirs = doc["stats"]["DirStats"]
    assert (dirs["Dirs"], dirs["Files"], dirs["GoFiles"]) == (
        doc["workspace"]["dirs"],
        doc["workspace"]["files"],
        doc["workspace"]["go_files"],
    )


def test_a_module_that_does_not_load(gopls: str, tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/x\n\ngo 1.22\nrequire (\n")
    (tmp_path / "x.go").write_text("package x\n\nvar A = 1\n")
    result = goide("gopls", "stats", str(tmp_path), "--gopls", gopls)
    assert result.returncode == 1, result.stderr.decode()
    assert "gopls loaded no packages from 1 Go files" in result.stdout.decode()


def test_a_module_with_type_errors(gopls: str, tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/x\n\ngo 1.22\n")
    (tmp_path / "x.go").write_text('package x\n\nfunc F() int { return "s" }\n')
    result = goide("gopls", "stats", str(tmp_path), "--gopls", gopls, "--json")
    assert result.returncode == 0
    ids = {f["id"] for f in json.loads(result.stdout)["findings"]}
    assert "gopls.stats.diagnostics" in ids


def test_no_go_files_and_missing_gopls(gopls: str, tmp_path: Path) -> None:
    result = goide("gopls", "stats", str(tmp_path), "--gopls", gopls)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines()[0] == f"error: no Go files in {tmp_path}"
    (tmp_path / "a.go").write_text("package a\n")
    missing = goide("gopls", "stats", str(tmp_path), "--gopls", str(tmp_path / "no-gopls"))
    assert missing.returncode == 2
    assert missing.stderr.decode().startswith("error: cannot run")
    assert "hint: " in missing.stderr.decode()
