"""Safe writes: backup, atomic replace keeping the mode, symlinks kept, refusals that lose nothing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from goide.core.errors import GoideError
from goide.core.safe_write import BACKUP_INFIX, read_snapshot, unified_diff, write_atomic

ORIGINAL = b'{\r\n\t// mine\r\n\t"go.formatTool": "goimports"\r\n}\r\n'
NEW = b"{\r\n\t// mine\r\n}\r\n"


def test_write_keeps_a_backup_and_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(ORIGINAL)
    path.chmod(0o600)
    snapshot = read_snapshot(path)
    backup = write_atomic(snapshot, NEW)
    assert path.read_bytes() == NEW
    assert backup is not None
    assert backup.read_bytes() == ORIGINAL
    assert backup.name.startswith("settings.json" + BACKUP_INFIX)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["settings.json", backup.name])


def test_changed_on_disk_between_read_and_write_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(ORIGINAL)
    snapshot = read_snapshot(path)
    path.write_bytes(ORIGINAL + b"\r\n")  # an editor saved meanwhile
    with pytest.raises(GoideError, match="changed on disk"):
        write_atomic(snapshot, NEW)
    assert path.read_bytes() == ORIGINAL + b"\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_read_only_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(ORIGINAL)
    path.chmod(0o444)
    with pytest.raises(GoideError, match="read-only") as info:
        write_atomic(read_snapshot(path), NEW)
    assert info.value.hint
    assert "chmod" in info.value.hint
    assert path.read_bytes() == ORIGINAL
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "vscode-settings.json"
    target.write_bytes(ORIGINAL)
    link = tmp_path / "settings.json"
    link.symlink_to(target)
    backup = write_atomic(read_snapshot(link), NEW)
    assert link.is_symlink()
    assert target.read_bytes() == NEW
    assert backup is not None
    assert backup.parent == dotfiles


def test_new_file_has_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "launch.json"
    snapshot = read_snapshot(path)
    assert not snapshot.exists
    assert write_atomic(snapshot, NEW) is None
    assert path.read_bytes() == NEW


def test_file_created_after_snapshot_of_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "launch.json"
    snapshot = read_snapshot(path)
    path.write_bytes(ORIGINAL)
    with pytest.raises(GoideError, match="changed on disk"):
        write_atomic(snapshot, NEW)
    assert path.read_bytes() == ORIGINAL


def test_diff_shows_the_change_with_path_labels() -> None:
    diff = unified_diff(Path("s.json"), ORIGINAL.decode(), NEW.decode())
    assert diff.splitlines() == [
        "--- s.json (before)",
        "+++ s.json (after)",
        "@@ -1,4 +1,3 @@",
        " {",
        " \t// mine",
        '-\t"go.formatTool": "goimports"',
        " }",
    ]


def test_no_temporary_file_is_left_when_the_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(ORIGINAL)
    snapshot = read_snapshot(path)

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(GoideError, match="No space left on device; the file is unchanged"):
        write_atomic(snapshot, NEW, backup=False)
    assert path.read_bytes() == ORIGINAL
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]
