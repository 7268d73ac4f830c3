"""Reports and facts files are written atomically, through a temporary file of their own.

A fixed `NAME.tmp` beside the output used to overwrite a user's file of that name, stay behind
when the write failed, and be the path the error named. These run the real CLI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import goide

EVENTS = (
    b'{"Action":"start","Package":"ex"}\n'
    b'{"Action":"run","Package":"ex","Test":"TestA"}\n'
    b'{"Action":"pass","Package":"ex","Test":"TestA","Elapsed":0}\n'
    b'{"Action":"pass","Package":"ex","Elapsed":0}\n'
)


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "t.json"
    path.write_bytes(EVENTS)
    return path


@pytest.mark.parametrize("flag", ["--json", "--junit", "--html"])
def test_report_keeps_a_users_tmp_file(flag: str, events: Path, tmp_path: Path) -> None:
    report = tmp_path / "r2.out"
    mine = tmp_path / "r2.out.tmp"
    mine.write_text("USERDATA\n")
    result = goide("test", "--input", str(events), flag, str(report))
    assert result.returncode == 0, result.stderr.decode()
    assert mine.read_text() == "USERDATA\n"
    assert report.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r2.out", "r2.out.tmp", "t.json"]


@pytest.mark.parametrize("flag", ["--json", "--junit", "--html"])
def test_report_into_a_directory_names_the_users_path(flag: str, events: Path, tmp_path: Path) -> None:
    target = tmp_path / "adir"
    target.mkdir()
    result = goide("test", "--input", str(events), flag, str(target))
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    first = stderr.splitlines()[0]
    assert first.startswith("error: ")
    assert f"{target}:" in first
    assert ".tmp" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir", "t.json"]
    assert list(target.iterdir()) == []


def test_report_into_a_missing_directory(events: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "r.json"
    result = goide("test", "--input", str(events), "--json", str(target))
    assert result.returncode == 2
    assert f"{target}: No such file or directory" in result.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.json"]


def test_facts_out_into_a_directory_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "d2" / "ff.json"
    target.mkdir(parents=True)
    result = goide("doctor", "--facts-out", str(target), env={"HOME": str(tmp_path)})
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert f"facts file {target}" in stderr
    assert "Traceback" not in stderr
    assert [p.name for p in (tmp_path / "d2").iterdir()] == ["ff.json"]


def test_facts_out_keeps_a_users_tmp_file(tmp_path: Path) -> None:
    target = tmp_path / "ff.json"
    mine = tmp_path / "ff.json.tmp"
    mine.write_text("USERDATA\n")
    result = goide("doctor", "--facts-out", str(target), env={"HOME": str(tmp_path)})
    assert result.returncode in (0, 1), result.stderr.decode()
    assert mine.read_text() == "USERDATA\n"
    assert target.read_bytes().startswith(b"{")
    assert not list(tmp_path.glob("*goide-tmp"))
