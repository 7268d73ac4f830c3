"""`goide bundle verify` on damaged bundles: symlink loops, a truncated binary, a damaged manifest,
a file that is no directory, an empty bundle. Each is a finding (exit 1) or one `error:`/`hint:`
pair (exit 2), never a traceback."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import go_build, goide, write_module

pytestmark = pytest.mark.integration


def _small_bundle(real_bundle: Path, dest: Path) -> Path:
    """A hand-made bundle: one real linux/amd64 dlv, no manifest."""
    (dest / "linux_amd64" / "bin").mkdir(parents=True)
    shutil.copyfile(real_bundle / "linux_amd64" / "bin" / "dlv", dest / "linux_amd64" / "bin" / "dlv")
    return dest


def _findings(result_stdout: bytes) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    for f in json.loads(result_stdout)["findings"]:
        found.setdefault(f["id"], []).append(f)
    return found


def test_symlink_loops(real_bundle: Path, tmp_path: Path) -> None:
    bundle = _small_bundle(real_bundle, tmp_path / "b")
    os.symlink("..", bundle / "linux_amd64" / "bin" / "up")  # back to a directory above
    os.symlink("self", bundle / "linux_amd64" / "bin" / "self")  # a link to itself
    result = goide("bundle", "verify", str(bundle), "--json")
    assert result.returncode == 1
    loops = _findings(result.stdout)["bundle-symlink-loop"]
    titles = sorted(f["title"] for f in loops)
    assert titles[0].startswith("linux_amd64/bin/self: symlink loop")
    assert "leads back to a directory above it" in titles[1]
    assert "bundle-target-ok" in _findings(result.stdout)  # dlv itself is still judged fine


def test_truncated_binary(real_bundle: Path, tmp_path: Path) -> None:
    bundle = _small_bundle(real_bundle, tmp_path / "b")
    dlv = bundle / "linux_amd64" / "bin" / "dlv"
    dlv.write_bytes(dlv.read_bytes()[:4096])
    result = goide("bundle", "verify", str(bundle), "--json")
    assert result.returncode == 1
    (bad,) = _findings(result.stdout)["bundle-unreadable"]
    assert bad["title"] == "linux_amd64/bin/dlv cannot be read as an executable"
    assert "past the end of the file" in bad["detail"] or "truncated" in bad["detail"]


def test_damaged_manifest_and_sums(real_bundle: Path, tmp_path: Path) -> None:
    bundle = _small_bundle(real_bundle, tmp_path / "b")
    (bundle / "bundle.json").write_text('{"schema": "goide.bundle/1", "tools": "')
    (bundle / "SHA256SUMS").write_text("zzz  linux_amd64/bin/dlv\n")
    result = goide("bundle", "verify", str(bundle), "--json")
    assert result.returncode == 1
    found = _findings(result.stdout)
    assert "not JSON" in found["bundle-manifest-bad"][0]["title"]
    assert "line 1 is not `SHA256  PATH`" in found["bundle-sums-bad"][0]["title"]


def test_manifest_and_sums_that_are_fifos(real_bundle: Path, tmp_path: Path) -> None:
    # Opening a FIFO for reading waits for a writer; verify must judge it at once instead.
    bundle = _small_bundle(real_bundle, tmp_path / "b")
    os.mkfifo(bundle / "bundle.json")
    os.mkfifo(bundle / "SHA256SUMS")
    result = goide("bundle", "verify", str(bundle), "--json")
    assert result.returncode == 1
    found = _findings(result.stdout)
    assert found["bundle-manifest-bad"][0]["title"].endswith("bundle.json: not a regular file")
    assert found["bundle-sums-bad"][0]["title"].endswith("SHA256SUMS: not a regular file")


def test_not_a_bundle(tmp_path: Path) -> None:
    result = goide("bundle", "verify", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"error: {tmp_path / 'nowhere'}: not a directory",
        "hint: pass the directory `goide bundle build --out` made",
    ]
    empty = goide("bundle", "verify", str(tmp_path), "--json")
    assert empty.returncode == 1
    assert "bundle-empty" in _findings(empty.stdout)


def test_hand_built_cgo_binary(tmp_path: Path) -> None:
    """A linux tool built the usual way (cgo on, no -trimpath): dynamic glibc link and paths inside."""
    module = write_module(
        tmp_path / "src",
        {
            "go.mod": "module example.test/lookup\n\ngo 1.22\n",
            "main.go": 'package main\n\nimport "net"\n\nfunc main() { _, _ = net.LookupHost("localhost") }\n',
        },
    )
    built = go_build(module, goos="linux", goarch="amd64", env={"CGO_ENABLED": "1"}, name="lookup")
    bundle = tmp_path / "b"
    (bundle / "linux_amd64" / "bin").mkdir(parents=True)
    shutil.copyfile(built, bundle / "linux_amd64" / "bin" / "lookup")
    result = goide("bundle", "verify", str(bundle), "--json")
    assert result.returncode == 0  # warnings only
    found = _findings(result.stdout)
    (libc,) = found["bundle-needs-libc"]
    assert libc["title"] == "lookup is linked dynamically (/lib64/ld-linux-x86-64.so.2)"
    assert (
        libc["fix"]["command"] == "goide bundle build --target linux/amd64 example.test/lookup --out NEW_DIR"
    )
    assert "bundle-no-trimpath" in found
