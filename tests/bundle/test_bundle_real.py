"""Issue 15's "done when", with real builds: a four-target bundle of gopls, dlv and staticcheck
built by the real Go verifies clean, a second build is byte-identical, and an amd64 dlv placed
under darwin_arm64 fails verification with the right finding."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bundle.conftest import TARGETS, build_args, copy_bundle
from tests.helpers import go_tool_build, goide

pytestmark = pytest.mark.integration

PINNED = {
    "gopls": ("golang.org/x/tools/gopls", "v0.23.0"),
    "dlv": ("github.com/go-delve/delve", "v1.27.2"),
    "staticcheck": ("honnef.co/go/tools", "v0.8.2"),
}


def test_four_target_bundle_has_every_tool_for_its_target(real_bundle: Path) -> None:
    manifest = json.loads((real_bundle / "bundle.json").read_text())
    assert manifest["schema"] == "goide.bundle/1"
    assert "-trimpath" in manifest["flags"]
    seen = {(e["tool"], e["target"]) for e in manifest["tools"]}
    assert seen == {(t, target) for t in PINNED for target in TARGETS}
    for entry in manifest["tools"]:
        assert (entry["module"], entry["version"]) == PINNED[entry["tool"]]
        goos, goarch = entry["target"].split("/")
        suffix = ".exe" if goos == "windows" else ""
        assert entry["path"] == f"{goos}_{goarch}/bin/{entry['tool']}{suffix}"
        assert (real_bundle / entry["path"]).stat().st_size == entry["size"]
    # SHA256SUMS is coreutils' format: the real sha256sum checks it.
    checked = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=real_bundle, capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK") == 12


def test_four_target_bundle_verifies_clean(real_bundle: Path) -> None:
    result = goide("bundle", "verify", str(real_bundle), "--json")
    assert result.returncode == 0, result.stdout.decode()
    doc = json.loads(result.stdout)
    assert doc["schema"] == "goide.bundle.verify/1"
    assert doc["summary"]["error"] == 0
    assert doc["summary"]["warning"] == 0
    assert sorted(doc["targets"]) == sorted(TARGETS)
    for binary in doc["binaries"]:
        (piece,) = binary["slices"]
        assert f"{piece['os']}/{piece['arch']}" == binary["target"]
        assert piece["go_version"].startswith("go1.")
    ok = [f for f in doc["findings"] if f["id"] == "bundle-target-ok"]
    assert len(ok) == 4
    notes = {f["title"] for f in doc["findings"] if f["id"] == "bundle-build-note"}
    assert any("exp.winarm64" in n for n in notes)
    assert any("debugserver" in n for n in notes)


def test_second_build_is_byte_identical(real_bundle: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = goide(*build_args(again), timeout=3600)
    assert result.returncode == 0, result.stderr.decode()
    first = (real_bundle / "SHA256SUMS").read_text()
    assert (again / "SHA256SUMS").read_text() == first
    for line in first.splitlines():
        relative = line.split("  ", 1)[1]
        assert (again / relative).read_bytes() == (real_bundle / relative).read_bytes(), relative


def test_amd64_dlv_under_darwin_arm64_fails_verification(real_bundle: Path, tmp_path: Path) -> None:
    bundle = copy_bundle(real_bundle, tmp_path / "bundle")
    amd64_dlv = go_tool_build("github.com/go-delve/delve/cmd/dlv", "v1.27.2", goos="darwin", goarch="amd64")
    shutil.copyfile(amd64_dlv, bundle / "darwin_arm64" / "bin" / "dlv")
    result = goide("bundle", "verify", str(bundle), "--json")
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    wrong = [f for f in doc["findings"] if f["id"] == "bundle-wrong-platform"]
    assert len(wrong) == 1
    assert wrong[0]["area"] == "darwin/arm64"
    assert "darwin/amd64" in wrong[0]["title"]
    assert "Rosetta 2" in wrong[0]["detail"]
    assert "Delve cannot debug" in wrong[0]["detail"]
    assert wrong[0]["fix"]["command"].startswith("goide bundle build --target darwin/arm64 dlv@v1.27.2")
    # The manifest also catches the swap: another file than the one built.
    assert any(f["id"] == "bundle-checksum" and "darwin_arm64/bin/dlv" in f["title"] for f in doc["findings"])
    # The other targets stay clean.
    assert {f["area"] for f in doc["findings"] if f["severity"] == "error"} == {"darwin/arm64"}
    # --target judges one directory only.
    only = goide("bundle", "verify", str(bundle), "--target", "linux/arm64")
    assert only.returncode == 0, only.stdout.decode()


def test_bundle_made_by_hand_is_judged_from_build_info(real_bundle: Path, tmp_path: Path) -> None:
    bundle = copy_bundle(real_bundle, tmp_path / "bundle")
    (bundle / "bundle.json").unlink()
    (bundle / "SHA256SUMS").unlink()
    amd64_dlv = go_tool_build("github.com/go-delve/delve/cmd/dlv", "v1.27.2", goos="darwin", goarch="amd64")
    shutil.copyfile(amd64_dlv, bundle / "darwin_arm64" / "bin" / "dlv")
    result = goide("bundle", "verify", str(bundle))
    text = result.stdout.decode()
    assert result.returncode == 1
    assert "no bundle.json: judged from each binary's own build info" in text
    assert "dlv is built for darwin/amd64, not darwin/arm64" in text
    assert "does not match" not in text  # no checksum to compare


def test_tool_built_with_older_go_than_the_target_uses(real_bundle: Path) -> None:
    result = goide(
        "bundle", "verify", str(real_bundle), "--target", "linux/amd64", "--go-version", "go1.99.1"
    )
    assert result.returncode == 1
    text = result.stdout.decode()
    assert "gopls was built with go1.26" in text
    assert "older than the go1.99.1 the target uses" in text


def test_doctor_bundle_as_if_installed(real_bundle: Path, tmp_path: Path) -> None:
    clean = goide("doctor", "--bundle", str(real_bundle), "--platform", "windows/arm64", "--json")
    assert clean.returncode == 0, clean.stdout.decode()
    ids = [f["id"] for f in json.loads(clean.stdout)["findings"]]
    assert ids.count("bundle-runs-native") == 3
    # A Mac bundle with only an Intel dlv: doctor says Rosetta and that Delve cannot debug there.
    bundle = tmp_path / "intel"
    (bundle / "darwin_amd64" / "bin").mkdir(parents=True)
    amd64_dlv = go_tool_build("github.com/go-delve/delve/cmd/dlv", "v1.27.2", goos="darwin", goarch="amd64")
    shutil.copyfile(amd64_dlv, bundle / "darwin_amd64" / "bin" / "dlv")
    result = goide("doctor", "--bundle", str(bundle), "--platform", "darwin/arm64")
    text = result.stdout.decode()
    assert result.returncode == 1
    assert "the bundle has no darwin_arm64 directory" in text
    assert "dlv would run under Rosetta 2 (darwin/amd64 on darwin/arm64)" in text
    assert "no gopls for darwin/arm64: the Go extension will ask to install it" in text
    missing = goide("doctor", "--bundle", str(bundle))
    assert missing.returncode == 2
    assert missing.stderr.decode().splitlines()[0] == "error: --bundle needs --platform"
    mixed = goide("doctor", "--bundle", str(bundle), "--platform", "darwin/arm64", "--fix")
    assert mixed.returncode == 2
    assert mixed.stderr.decode().startswith("error: --fix works on this machine only")


def test_build_json_and_check_reproducible(tmp_path: Path) -> None:
    out = tmp_path / "one"
    result = goide(
        "bundle", "build", "--target", "linux/arm64", "staticcheck@v0.8.2", "--check-reproducible",
        "--out", str(out), "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    doc = json.loads(result.stdout)
    assert doc["schema"] == "goide.bundle.build/1"
    assert doc["out"] == str(out)
    (entry,) = doc["manifest"]["tools"]
    assert entry["path"] == "linux_arm64/bin/staticcheck"
    assert (entry["module"], entry["version"]) == PINNED["staticcheck"]
    progress = result.stderr.decode().splitlines()
    assert progress[0] == "[0/1] building honnef.co/go/tools/cmd/staticcheck@v0.8.2 for linux/arm64"
    assert progress[1].startswith("[1/1] built staticcheck for linux/arm64 (")
    assert oct(out.stat().st_mode & 0o777) == "0o755"


def test_live_progress_on_a_terminal(tmp_path: Path) -> None:
    # util-linux `script` gives goide a pseudo-terminal, as a person running it sees it.
    out = tmp_path / "tty"
    command = f"{sys.executable} -m goide bundle build --target linux/arm64 staticcheck@v0.8.2 --out {out}"
    result = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "120"},
    )
    assert result.returncode == 0, result.stdout
    screen = result.stdout.replace("\r", "\n")
    assert "built staticcheck for linux/arm64 (" in screen
    assert "1/1" in screen  # the bar of the whole build
    assert "Built 1 binary with go1." in screen
    assert (out / "linux_arm64" / "bin" / "staticcheck").is_file()
