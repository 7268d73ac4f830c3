"""Hostile and broken input to `goide inspect`: one-line errors, exit status 1, bounded memory.

Broken files are made from the real cross-compiled binaries by cutting them or by overwriting
single header fields at the offsets their formats document (ELF gABI, <mach-o/loader.h>,
<mach-o/fat.h>, the PE/COFF specification, Go's debug/buildinfo header).
"""

from __future__ import annotations

import os
import resource
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from goide.core.errors import InputError
from goide.executables.binfile import ExecutableFormatError, NotExecutableError, UnrecognizedFormatError
from goide.executables.buildinfo import MAGIC, BuildInfoError
from goide.executables.read import read_executable
from tests.helpers import ROOT
from tests.inspect_builds import binaries

__all__ = ["binaries"]

DATA = Path(__file__).parent.parent / "data" / "inspect"
# Address space for the goide process in these tests: far below what any of the hostile counts
# (10^9 slices, 2^32 sections, 2^64-byte strings) would need if they were believed.
MEMORY_LIMIT = 1 << 30


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_goide(*args: str, user: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real CLI with its address space capped; as another user through setpriv if asked."""
    argv = [sys.executable, "-m", "goide", *args]
    if user is not None:
        argv = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *argv]
    env = {k: v for k, v in os.environ.items() if k != "GOIDE_DEBUG"}
    env["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.run(
        argv, capture_output=True, text=True, timeout=120, preexec_fn=_limited, env=env, check=False
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for word in words:
        assert word in lines[0]


def patched(source: Path, tmp: Path, edits: dict[int, bytes], name: str = "patched") -> Path:
    data = bytearray(source.read_bytes())
    for offset, value in edits.items():
        data[offset : offset + len(value)] = value
    out = tmp / name
    out.write_bytes(bytes(data))
    return out


def cut_points(size: int) -> Iterator[int]:
    fixed = [0, 1, 3, 4, 15, 16, 17, 31, 32, 52, 63, 64, 100, 255, 4095, 4096, 4097]
    yield from sorted(
        {c for c in [*fixed, *(size * i // 48 for i in range(48)), size - 16, size - 1] if c < size}
    )


TRUNCATED = [
    "hello-linux-amd64",
    "hello-linux-386",
    "hello-linux-ppc64",
    "hello-linux-amd64-pie",
    "cgo-linux-amd64",
    "hello-darwin-arm64",
    "hello-darwin-arm64-stripped",
    "universal-darwin",
    "universal64-darwin",
    "hello-windows-amd64",
    "hello-windows-386",
    "hello-windows-amd64-stripped",
    "go117-linux-amd64",
    "notgo-c-program",
]


@pytest.mark.parametrize("name", TRUNCATED)
def test_every_truncation_is_an_error(name: str, binaries: dict[str, Path], tmp_path: Path) -> None:
    data = binaries[name].read_bytes()
    cut = tmp_path / name
    for point in cut_points(len(data)):
        cut.write_bytes(data[:point])
        with pytest.raises((ExecutableFormatError, NotExecutableError)) as caught:
            read_executable(cut)
        assert caught.value.exit_status == 1
        assert caught.value.message.startswith(str(cut) + ": "), caught.value.message
        assert "\n" not in caught.value.message


def test_truncated_file_through_the_cli(binaries: dict[str, Path], tmp_path: Path) -> None:
    data = binaries["hello-windows-amd64"].read_bytes()
    cut = tmp_path / "half.exe"
    cut.write_bytes(data[: len(data) // 2])
    assert_one_line_error(run_goide("inspect", str(cut)), str(cut), "past the end of the file")


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.touch()
    assert_one_line_error(run_goide("inspect", str(empty)), "empty file")


def test_missing_file_and_others_still_read(binaries: dict[str, Path], tmp_path: Path) -> None:
    result = run_goide("inspect", str(tmp_path / "nope"), str(binaries["hello-linux-amd64"]))
    assert result.returncode == 1
    assert result.stderr == f"error: {tmp_path / 'nope'}: no such file or directory\n"
    assert result.stdout.startswith(f"{binaries['hello-linux-amd64']}: elf linux/amd64")


def test_text_file_is_not_an_executable(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("just text\n")
    assert_one_line_error(run_goide("inspect", str(text)), "not an executable")


def test_java_class_file_is_not_a_universal_binary() -> None:
    # Compiled by javac 17 from Hello.java next to it; starts 0xcafebabe like a universal Mach-O.
    with pytest.raises(UnrecognizedFormatError, match="Java class file"):
        read_executable(DATA / "Hello.class")
    assert_one_line_error(run_goide("inspect", str(DATA / "Hello.class")), "Java class file (version 61.0)")


def _fat(count: int, arches: bytes = b"") -> bytes:
    return b"\xca\xfe\xba\xbe" + struct.pack(">I", count) + arches


def test_fat_header_claiming_a_billion_slices(tmp_path: Path) -> None:
    fat = tmp_path / "fat"
    fat.write_bytes(_fat(10**9) + bytes(64))
    assert_one_line_error(run_goide("inspect", str(fat)), "claims 1000000000 slices")
    fat64 = tmp_path / "fat64"
    fat64.write_bytes(b"\xca\xfe\xba\xbf" + struct.pack(">I", 10**9) + bytes(64))
    assert_one_line_error(run_goide("inspect", str(fat64)), "claims 1000000000 slices")


def test_fat_slice_table_and_slices_past_the_end(binaries: dict[str, Path], tmp_path: Path) -> None:
    short_table = tmp_path / "short-table"
    short_table.write_bytes(_fat(30) + bytes(40))
    assert_one_line_error(run_goide("inspect", str(short_table)), "slice table", "past the end")
    universal = binaries["universal-darwin"]
    size = universal.stat().st_size
    # fat_arch[1].offset (at 8 + 20 + 8) moved to the end of the file.
    moved = patched(universal, tmp_path, {36: struct.pack(">I", size - 8)})
    assert_one_line_error(run_goide("inspect", str(moved)), "slice 2", "past the end")


def test_elf_offsets_and_counts_past_the_end(binaries: dict[str, Path], tmp_path: Path) -> None:
    source = binaries["hello-linux-amd64"]  # ELF64 LSB: e_phoff @32, e_shoff @40, counts @54..62
    cases = {
        "shoff": ({40: struct.pack("<Q", 2**63)}, "section header table"),
        "phoff": ({32: struct.pack("<Q", 2**40)}, "program header table"),
        "shnum": ({60: struct.pack("<H", 0xFFFE)}, "section header table"),
        "phnum": ({56: struct.pack("<H", 0xFFFE)}, "program header table"),
        "shstrndx": ({62: struct.pack("<H", 0xFFF0)}, None),
        "entsize": ({58: struct.pack("<H", 8)}, "smaller than"),
    }
    for label, (edits, words) in cases.items():
        path = patched(source, tmp_path, edits, label)
        result = run_goide("inspect", str(path))
        if words is None:
            # An out-of-range name-table index leaves sections unnamed: still readable, like Go.
            assert result.returncode == 0, result.stderr
            continue
        assert_one_line_error(result, words)


def test_macho_and_pe_counts_past_the_end(binaries: dict[str, Path], tmp_path: Path) -> None:
    macho = binaries["hello-darwin-arm64"]  # mach_header_64: ncmds @16, sizeofcmds @20
    huge_commands = patched(macho, tmp_path, {20: struct.pack("<I", 0xFFFFFFF0)}, "sizeofcmds")
    assert_one_line_error(run_goide("inspect", str(huge_commands)), "load commands")
    many_commands = patched(macho, tmp_path, {16: struct.pack("<I", 0xFFFFFFFF)}, "ncmds")
    assert_one_line_error(run_goide("inspect", str(many_commands)), "Mach-O load command")
    pe = binaries["hello-windows-amd64"]
    (lfanew,) = struct.unpack_from("<I", pe.read_bytes(), 0x3C)
    far = patched(pe, tmp_path, {0x3C: struct.pack("<I", 0xFFFFFFF0)}, "lfanew")
    assert_one_line_error(run_goide("inspect", str(far)), "PE signature")
    sections = patched(pe, tmp_path, {lfanew + 6: struct.pack("<H", 0xFFFF)}, "nsections")
    assert_one_line_error(run_goide("inspect", str(sections)), "PE section")


def _blob_offset(data: bytes) -> int:
    at = data.find(MAGIC)
    while at % 16:
        at = data.find(MAGIC, at + 1)
    return at


def test_build_info_varint_that_overflows(binaries: dict[str, Path], tmp_path: Path) -> None:
    source = binaries["hello-linux-amd64"]
    blob = _blob_offset(source.read_bytes())
    # The Go version's uvarint length starts right after the 32-byte header: ten continuation
    # bytes never end a 64-bit varint (encoding/binary.Uvarint returns n < 0).
    broken = patched(source, tmp_path, {blob + 32: b"\xff" * 10})
    with pytest.raises(BuildInfoError, match="overflows 64 bits"):
        read_executable(broken)
    assert_one_line_error(run_goide("inspect", str(broken)), "malformed Go build info", "overflows")
    huge = patched(source, tmp_path, {blob + 32: b"\xff" * 8 + b"\x7f"}, "huge")
    assert_one_line_error(run_goide("inspect", str(huge)), "malformed Go build info", "claims")


def test_malformed_module_info_names_the_line(binaries: dict[str, Path], tmp_path: Path) -> None:
    source = binaries["hello-linux-amd64"]
    data = source.read_bytes()
    line = b"=>\t./greet\t(devel)\t"
    # The blob's own copy (the linker also keeps one for runtime/debug elsewhere in the file).
    at = data.find(line, _blob_offset(data))
    assert at > 0
    broken = patched(source, tmp_path, {at + len(line) - 1: b" "})
    with pytest.raises(BuildInfoError, match=r"line \d+: expected 3 columns for replacement"):
        read_executable(broken)


def test_pointer_layout_pointing_nowhere_is_not_a_go_binary(
    binaries: dict[str, Path], tmp_path: Path
) -> None:
    # Go's readString gives up on pointers it cannot follow; the file is then "not a Go binary".
    source = binaries["go117-linux-amd64"]
    blob = _blob_offset(source.read_bytes())
    nowhere = patched(source, tmp_path, {blob + 16: struct.pack("<Q", 0x10)})
    (piece,) = read_executable(nowhere).slices
    assert piece.go is None


def test_directory_symlink_loop(binaries: dict[str, Path], tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    shutil.copy(binaries["hello-linux-arm64"], tree / "sub" / "prog")
    (tree / "sub" / "up").symlink_to("..")
    (tree / "self").symlink_to("self")
    result = run_goide("inspect", "-r", str(tree))
    assert result.returncode == 1
    assert result.stdout == f"{tree / 'sub' / 'prog'}: elf linux/arm64 static go1.26.8\n"
    assert result.stderr.splitlines() == [
        f"error: {tree / 'self'}: symlink loop",
        f"error: {tree / 'sub' / 'up'}: symlink loop (leads back to a directory above it); not followed",
    ]


@pytest.fixture
def world_readable_dir() -> Iterator[Path]:
    # pytest's tmp_path sits under a 0700 directory that another user cannot even enter.
    path = Path(tempfile.mkdtemp(prefix="goide-perm-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path)


def test_file_without_read_permission(binaries: dict[str, Path], world_readable_dir: Path) -> None:
    """Root reads any file whatever its mode, so the CLI runs as `nobody` through setpriv."""
    locked = world_readable_dir / "locked"
    shutil.copy(binaries["hello-linux-amd64"], locked)
    locked.chmod(0o200)
    readable = world_readable_dir / "readable"
    shutil.copy(binaries["hello-linux-amd64"], readable)
    readable.chmod(0o644)
    result = run_goide("inspect", str(locked), str(readable), user="65534")
    assert result.returncode == 1
    assert result.stderr == f"error: {locked}: permission denied\n"
    assert result.stdout.startswith(f"{readable}: elf linux/amd64")
    walked = run_goide("inspect", str(world_readable_dir), user="65534")
    assert walked.returncode == 1
    assert walked.stderr == f"error: {locked}: permission denied\n"


def test_fifo_and_directory_named_directly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert_one_line_error(run_goide("inspect", str(fifo)), "not a regular file")
    # In a directory, a FIFO is skipped (it cannot be an executable), like go version -m does.
    walked = run_goide("inspect", str(tmp_path))
    assert (walked.returncode, walked.stdout, walked.stderr) == (0, "", "")


def test_only_input_errors_escape_from_garbage(tmp_path: Path) -> None:
    """Headers of each format followed by zeros or 0xff: errors, never crashes."""
    statuses: set[int] = set()
    heads = [b"\x7fELF\x02\x01\x01", b"\x7fELF\x01\x02\x01", b"MZ", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xce"]
    for head in heads:
        for fill in (b"\0", b"\xff"):
            for size in (16, 64, 4096):
                path = tmp_path / "garbage"
                path.write_bytes(head + fill * size)
                try:
                    read_executable(path)
                except InputError as err:
                    statuses.add(err.exit_status)
    assert statuses == {1}
