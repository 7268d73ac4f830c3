"""`goide doctor --fix`: the plan, the question, and a real `go install` with the right go into
GOBIN, then the re-check. GOBIN holds a darwin/amd64 dlv (it cannot run on this Linux machine) beside
the pinned gopls; the fix reinstalls dlv v1.27.2 natively (warm: scripts/tools.sh built the same
version with the same build cache)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from goide.doctor.collect.binary import default_reader, describe
from tests.doctor.conftest import doctor_env, place
from tests.helpers import goide, tool

pytestmark = pytest.mark.integration

DLV = ("github.com/go-delve/delve/cmd/dlv", "v1.27.2")


@pytest.fixture
def wrong_dlv(tmp_path: Path, real_go_caches: dict[str, str], darwin_amd64_dlv: Path) -> dict[str, str]:
    gobin = tmp_path / "gobin"
    place(darwin_amd64_dlv, gobin, "dlv")
    place(tool("gopls"), gobin, "gopls")
    return doctor_env(tmp_path / "home", [tool("go").parent, gobin], GOBIN=str(gobin), **real_go_caches)


def test_fix_without_yes_off_a_terminal_changes_nothing(wrong_dlv: dict[str, str]) -> None:
    result = goide("doctor", "--fix", env=wrong_dlv)
    out = result.stdout.decode()
    assert "goide will run:" in out
    assert f"{tool('go')} install {DLV[0]}@{DLV[1]}" in out
    assert "Not a terminal: nothing done" in out
    assert result.returncode == 1
    gobin = Path(wrong_dlv["GOBIN"])
    assert describe(str(gobin / "dlv"), default_reader()).slices[0].os == "darwin"


def test_fix_yes_reinstalls_with_the_right_go_and_rechecks(wrong_dlv: dict[str, str]) -> None:
    before = json.loads(goide("doctor", "--json", env=wrong_dlv).stdout)
    assert any(f["id"] == "arch.cannot-run" and "dlv" in f["title"] for f in before["findings"])

    result = goide("doctor", "--fix", "--yes", env=wrong_dlv)

    out = result.stdout.decode()
    assert "ok: dlv@v1.27.2: installed" in out, out + result.stderr.decode()
    assert "After fixing:" in out
    after = out.split("After fixing:", 1)[1]
    assert "cannot run" not in after
    assert "dlv v1.27.2 (go1.26" in after
    installed = describe(str(Path(wrong_dlv["GOBIN"]) / "dlv"), default_reader())
    assert [(s.os, s.arch, s.module_version) for s in installed.slices] == [("linux", "amd64", "v1.27.2")]
    assert result.returncode == 0


def test_fix_asks_on_a_terminal_and_no_means_no(wrong_dlv: dict[str, str]) -> None:
    import os
    import pty
    import subprocess
    import sys

    primary, secondary = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "goide", "doctor", "--fix"],
            stdin=secondary,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **wrong_dlv},
        )
        os.write(primary, b"n\n")
        out, err = proc.communicate(timeout=120)
    finally:
        os.close(primary)
        os.close(secondary)
    text = out.decode()
    assert "Apply? [y/N]" in text, err.decode()
    assert "Nothing done." in text
    assert proc.returncode == 1
    assert describe(str(Path(wrong_dlv["GOBIN"]) / "dlv"), default_reader()).slices[0].os == "darwin"
