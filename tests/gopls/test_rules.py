"""The Workspace findings: inotify limits (Linux only), big trees, generated files, modules."""

from __future__ import annotations

from typing import Any

from goide.core.model import Severity
from goide.gopls.rules import judge_workspace


def _data(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "root": "/w",
        "dirs": 100,
        "watched_dirs": 100,
        "loaded_go_files": 50,
        "big_trees": [],
        "big_go_files": [],
        "modules": ["."],
        "go_work": None,
        "modules_outside_work": [],
        "view": "GoMod",
        "directory_filters": ["-**/node_modules"],
        "inotify": {
            "max_user_watches": 8192,
            "max_user_instances": 128,
            "watches_in_use": 0,
            "instances_in_use": 3,
        },
    }
    base.update(over)
    return base


def test_enospc_is_an_error_with_the_sysctl_fix() -> None:
    data = _data(watched_dirs=9000, inotify={**_data()["inotify"], "watches_in_use": 1000})
    (finding,) = [f for f in judge_workspace(data, goos="linux") if f.id == "workspace.inotify-watches"]
    assert finding.severity is Severity.ERROR
    assert "9,000" in finding.title
    assert "7,192" in finding.title
    assert finding.fix is not None
    assert finding.fix.command is not None
    assert "fs.inotify.max_user_watches=524288" in finding.fix.command
    assert "/etc/sysctl.d/" in finding.fix.command
    assert "sysctl --system" in finding.fix.command


def test_a_bigger_need_gets_a_bigger_limit() -> None:
    data = _data(watched_dirs=600_000, inotify={**_data()["inotify"], "max_user_watches": 524288})
    (finding,) = [f for f in judge_workspace(data, goos="linux") if f.id == "workspace.inotify-watches"]
    assert finding.fix is not None
    assert "max_user_watches=2097152" in (finding.fix.command or "")


def test_enough_watches_is_ok_and_half_is_a_warning() -> None:
    ok = [f for f in judge_workspace(_data(), goos="linux") if f.id == "workspace.inotify-watches"]
    assert [f.severity for f in ok] == [Severity.OK]
    tight = judge_workspace(_data(watched_dirs=5000), goos="linux")
    assert [f.severity for f in tight if f.id == "workspace.inotify-watches"] == [Severity.WARNING]


def test_instances_nearly_used_up() -> None:
    data = _data(inotify={**_data()["inotify"], "instances_in_use": 127})
    ids = {f.id for f in judge_workspace(data, goos="linux")}
    assert "workspace.inotify-instances" in ids


def test_no_inotify_advice_off_linux() -> None:
    for goos in ("darwin", "windows"):
        findings = judge_workspace(_data(watched_dirs=9000), goos=goos)
        assert not [f for f in findings if "inotify" in f.id]
        assert all("sysctl" not in (f.fix.command or "") for f in findings if f.fix)


def test_big_watched_tree_gets_watcher_exclude_and_filters() -> None:
    tree = {
        "path": "frontend/dist",
        "dirs": 5000,
        "files": 40000,
        "go_files": 0,
        "watched_dirs": 5000,
        "loaded": True,
    }
    (finding,) = judge_workspace(_data(big_trees=[tree], inotify=None), goos="linux")
    assert finding.id == "workspace.big-tree"
    assert finding.severity is Severity.WARNING
    assert finding.fix is not None
    assert '"frontend/dist/**": true' in finding.fix.description
    assert '"-frontend/dist"' in finding.fix.description
    assert '"-**/node_modules"' in finding.fix.description


def test_vendor_is_never_cut_from_gopls() -> None:
    tree = {
        "path": "vendor",
        "dirs": 3000,
        "files": 9000,
        "go_files": 8000,
        "watched_dirs": 3000,
        "loaded": True,
    }
    (finding,) = judge_workspace(_data(big_trees=[tree], inotify=None), goos="linux")
    assert finding.fix is not None
    assert "directoryFilters" not in finding.fix.description  # gopls needs vendor/ with -mod=vendor
    assert '"**/vendor/**": true' in finding.fix.description


def test_generated_files_modules_and_gopath() -> None:
    data = _data(
        inotify=None,
        big_go_files=[{"path": "gen/table.go", "bytes": 6 << 20, "generated": True}],
        go_work="/w/go.work",
        modules_outside_work=["tools", "api"],
        view="GOPATH",
        loaded_go_files=20000,
    )
    by_id = {f.id: f for f in judge_workspace(data, goos="linux")}
    assert by_id["workspace.big-go-file"].severity is Severity.WARNING
    assert "6.0 MiB" in by_id["workspace.big-go-file"].title
    assert by_id["workspace.modules-outside-go-work"].fix.command == "go work use -r ."  # type: ignore[union-attr]
    assert "gopath-view" in "".join(by_id)


def test_doctor_without_a_workspace_judges_only_the_limits() -> None:
    data = {"root": None, "inotify": _data()["inotify"]}
    (finding,) = judge_workspace(data, goos="linux")
    assert finding.severity is Severity.OK
    assert "8,192 watches left" in finding.title
    assert judge_workspace(None, goos="linux") == []
