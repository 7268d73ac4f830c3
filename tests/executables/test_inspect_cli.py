"""`goide inspect` as a user runs it: text lines, directories with and without -r, JSON schema, usage."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.helpers import goide, tool
from tests.inspect_builds import binaries

__all__ = ["binaries"]


def test_one_line_per_file(binaries: dict[str, Path]) -> None:
    names = ["hello-linux-ppc64", "hello-windows-amd64-stripped", "universal-darwin", "notgo-c-program"]
    result = goide("inspect", *(str(binaries[name]) for name in names))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().splitlines() == [
        f"{binaries['hello-linux-ppc64']}: elf linux/ppc64 static go1.26.8",
        f"{binaries['hello-windows-amd64-stripped']}: pe windows/amd64 dynamic stripped go1.26.8",
        f"{binaries['universal-darwin']}: macho-universal darwin/amd64 dynamic go1.26.8; "
        "darwin/arm64 dynamic go1.26.8",
        f"{binaries['notgo-c-program']}: elf linux/amd64 dynamic (not a Go binary)",
    ]


def _tree(binaries: dict[str, Path], root: Path) -> Path:
    (root / "bin" / "deep").mkdir(parents=True)
    shutil.copy(binaries["hello-linux-riscv64"], root / "bin" / "a-riscv")
    shutil.copy(binaries["hello-windows-arm64"], root / "bin" / "deep" / "b.exe")
    shutil.copy(binaries["hello-darwin-amd64"], root / "c-darwin")
    (root / "README").write_text("not an executable\n")
    (root / "bin" / "script.sh").write_text("#!/bin/sh\necho hi\n")
    (root / "link-to-darwin").symlink_to("c-darwin")
    (root / "dangling").symlink_to("missing")
    return root


def test_directory_reads_one_level_and_r_walks_the_tree(binaries: dict[str, Path], tmp_path: Path) -> None:
    root = _tree(binaries, tmp_path / "tree")
    flat = goide("inspect", str(root))
    assert (flat.returncode, flat.stderr) == (0, b"")
    assert [line.split(":")[0] for line in flat.stdout.decode().splitlines()] == [
        str(root / "c-darwin"),
        str(root / "link-to-darwin"),
    ]
    walked = goide("inspect", "-r", str(root))
    assert (walked.returncode, walked.stderr) == (0, b"")
    expected = [
        root / "bin" / "a-riscv",
        root / "bin" / "deep" / "b.exe",
        root / "c-darwin",
        root / "link-to-darwin",
    ]
    assert [line.split(":")[0] for line in walked.stdout.decode().splitlines()] == [str(p) for p in expected]
    # go version -m finds the same Go binaries in the same order (it walks every directory).
    go = subprocess.run(
        [str(tool("go")), "version", str(root)], capture_output=True, text=True, timeout=120, check=True
    )
    assert [line.split(":")[0] for line in go.stdout.splitlines()] == [str(p) for p in expected]


def test_named_non_executable_is_an_error_but_skipped_in_directories(
    binaries: dict[str, Path], tmp_path: Path
) -> None:
    root = _tree(binaries, tmp_path / "tree")
    named = goide("inspect", str(root / "README"), str(root / "c-darwin"))
    assert named.returncode == 1
    assert (
        named.stderr.decode() == f"error: {root / 'README'}: not an executable (unrecognized file format)\n"
    )
    assert named.stdout.decode().startswith(f"{root / 'c-darwin'}: macho darwin/amd64")


def test_json_schema(binaries: dict[str, Path]) -> None:
    result = goide("inspect", "--json", str(binaries["universal-darwin"]), str(binaries["notgo-c-program"]))
    assert result.returncode == 0
    universal, notgo = json.loads(result.stdout)
    assert set(universal) == {"path", "format", "slices"}
    assert universal["format"] == "macho-universal"
    slice_keys = {
        "os",
        "os_source",
        "arch",
        "bits",
        "endian",
        "linking",
        "stripped",
        "interpreter",
        "libraries",
        "machine",
        "offset",
        "size",
        "go",
    }
    for piece in universal["slices"] + notgo["slices"]:
        assert set(piece) == slice_keys
    first, second = universal["slices"]
    assert first["offset"] + first["size"] <= second["offset"]
    assert set(first["go"]) == {"version", "path", "main", "deps", "settings", "layout"}
    assert set(first["go"]["main"]) == {"path", "version", "sum", "replace"}
    assert notgo["slices"][0]["go"] is None


def test_json_with_nothing_found_is_an_empty_array(tmp_path: Path) -> None:
    result = goide("inspect", "--json", str(tmp_path))
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


def test_usage_errors_exit_2() -> None:
    for args in (["inspect"], ["inspect", "--bogus", "x"]):
        result = goide(*args)
        assert result.returncode == 2
        assert result.stderr.decode().startswith("error: ")
        assert "Traceback" not in result.stderr.decode()
