"""Rules judge with the path rules of the facts' OS, never the judging machine's; GOPATH checks
against the real go; Delve's version window read from Delve's own source at the pinned version."""

from __future__ import annotations

import json
import ntpath
import os
import posixpath
import re
import subprocess
from pathlib import Path

import pytest

from goide.doctor.collect.binary import default_reader
from goide.doctor.collect.gotool import collect_toolchain
from goide.doctor.collect.report import facts_from_report
from goide.doctor.facts import HostFacts
from goide.doctor.known import DELVE_WINDOWS, delve_for_go, delve_window
from goide.doctor.pathrules import path_rules
from goide.doctor.rules.gopath import gopath_wrong
from goide.doctor.rules.judge import core_rules, judge
from tests.helpers import tool

REPORTS = Path(__file__).parent.parent / "data" / "reports"
WINDOWS_REPORT = (
    "set GOPATH=C:\\Users\\Me\\Go\\bin;D:\\work\n"
    "set GOROOT=C:\\Users\\me\\go\n"
    "set GOHOSTOS=windows\nset GOHOSTARCH=amd64\n"
    "go version go1.26.1 windows/amd64\n"
    "# Tools Configuration\nGOBIN: undefined\ngopath: C:\\Users\\Me\\Go\\bin;D:\\work\n"
    "PATH: C:\\Users\\me\\go\\bin;C:\\Windows\n"
    "\tdlv:\tD:\\work\\bin\\dlv.exe\t(version: v1.26.2 built with go: go1.26.1)\n"
)


def _ids(findings: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(f.id, f.title) for f in findings]


@pytest.mark.parametrize("text", [WINDOWS_REPORT, (REPORTS / "08-vscode-go-ms-1292.md").read_text()])
def test_windows_facts_same_findings_under_either_os_path(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    facts = facts_from_report(text)
    assert facts.host.os == "windows"
    on_linux = judge(facts, core_rules())
    monkeypatch.setattr(os, "path", ntpath)
    monkeypatch.setattr(os, "sep", "\\")
    monkeypatch.setattr(os, "pathsep", ";")
    on_windows = judge(facts, core_rules())
    monkeypatch.setattr(os, "path", posixpath)
    assert _ids(on_linux) == _ids(on_windows)
    assert not any(f.id.startswith("doctor.rule-crashed") for f in on_linux)
    assert "toolchain.gopath-in-goroot" in {f.id for f in on_linux}  # case-insensitive, \ separators


def test_windows_path_rules() -> None:
    rules = path_rules("windows")
    assert rules.split_list("C:\\Users\\me\\go\\bin;D:\\x") == ("C:\\Users\\me\\go\\bin", "D:\\x")
    assert rules.inside("c:/users/ME/go/bin", "C:\\Users\\me\\go")
    assert not rules.inside("C:\\Users\\me\\gopath", "C:\\Users\\me\\go")
    assert rules.is_absolute("C:\\Go")
    assert not rules.is_absolute("go\\bin")


def _toolchain(tmp_path: Path, **env: str):  # type: ignore[no-untyped-def]
    go = tool("go")
    environ = {"PATH": str(go.parent), "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"), **env}
    host = HostFacts(os="linux", os_version="", hardware_arch="amd64", process_arch="amd64")
    return collect_toolchain(default_reader(), host, environ=environ, home=str(tmp_path), timeout=20)


def test_gopath_set_to_goroot_with_the_real_go(tmp_path: Path) -> None:
    goroot = str(tool("go").resolve().parent.parent)  # `go env` runs with the environment judged
    toolchain = _toolchain(tmp_path, GOPATH=goroot)
    facts = facts_from_report("go version go1.26.1 linux/amd64\n")
    facts = type(facts)(**{**facts.__dict__, "toolchain": toolchain, "source": "machine", "unknown": ()})
    found = {f.id: f for f in gopath_wrong(facts)}
    assert "toolchain.gopath-in-goroot" in found
    assert "GOPATH" in (
        found["toolchain.gopath-in-goroot"].fix.description if found["toolchain.gopath-in-goroot"].fix else ""
    )


def test_relative_gopath_with_the_real_go(tmp_path: Path) -> None:
    toolchain = _toolchain(tmp_path, GOPATH="relative/gopath")
    assert toolchain.go_env_outcome is not None
    assert toolchain.go_env_outcome.status == "failed"
    assert "GOPATH entry is relative" in toolchain.go_env_outcome.message
    facts = facts_from_report("go version go1.26.1 linux/amd64\n")
    facts = type(facts)(**{**facts.__dict__, "toolchain": toolchain, "source": "machine", "unknown": ()})
    assert "toolchain.gopath-relative" in {f.id for f in gopath_wrong(facts)}


def test_delve_window_of_the_pinned_dlv_read_from_its_source() -> None:
    out = subprocess.run(
        [str(tool("go")), "mod", "download", "-json", "github.com/go-delve/delve@v1.27.2"],
        capture_output=True,
        text=True,
        check=True,
        timeout=240,
    ).stdout
    source = Path(json.loads(out)["Dir"])
    compat = (source / "pkg" / "goversion" / "compat.go").read_text()

    def const(name: str) -> int:
        match = re.search(rf"{name}\s*=\s*(\d+)", compat)
        assert match, name
        return int(match.group(1))

    window = delve_window("v1.27.2")
    assert window is not None
    assert window is DELVE_WINDOWS[-1]
    assert window.min_go == (const("MinSupportedVersionOfGoMajor"), const("MinSupportedVersionOfGoMinor"))
    assert window.max_go == (const("MaxSupportedVersionOfGoMajor"), const("MaxSupportedVersionOfGoMinor"))
    gomod = (source / "go.mod").read_text()
    go_line = re.search(r"^go (\d+)\.(\d+)", gomod, re.M)
    assert go_line
    assert window.build_go == (int(go_line.group(1)), int(go_line.group(2)))
    # The real pinned dlv's build info says the same version.
    dlv = Path(os.environ.get("GOIDE_TOOLS_BIN", "")) / "dlv"
    if dlv.exists():
        info = subprocess.run(
            [str(tool("go")), "version", "-m", str(dlv)], capture_output=True, text=True, check=True
        ).stdout
        assert "github.com/go-delve/delve\tv1.27.2" in info


def test_recommended_dlv_contains_the_go() -> None:
    for go in [(1, 16), (1, 18), (1, 21), (1, 24), (1, 26)]:
        version = delve_for_go(go)
        window = delve_window(version or "")
        assert window is not None
        assert window.min_go <= go <= window.max_go
        assert window.build_go <= go
    assert delve_for_go((1, 13)) is None  # then the fix says: upgrade Go first


def test_toolchain_switch_makes_tools_built_with_the_path_go_older() -> None:
    text = (
        "go version go1.26.8 linux/amd64\n"
        "# Tools Configuration\n\tgopls:\t/home/me/go/bin/gopls\t(version: v0.23.0 built with go: go1.26.8)\n"
    )
    facts = facts_from_report(text)
    env = {"GOVERSION": "go1.27.0", "GOTOOLCHAIN": "go1.27.0+auto"}
    facts = type(facts)(
        **{
            **facts.__dict__,
            "toolchain": type(facts.toolchain)(**{**facts.toolchain.__dict__, "go_env": env}),
        }
    )
    found = {f.id: f for f in judge(facts, core_rules())}
    switched = found["toolchain.switched"]
    assert "go1.26.8" in switched.title
    assert "go1.27.0" in switched.title
    assert "gopls (go1.26.8)" in switched.detail
