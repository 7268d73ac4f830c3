"""`goide inspect` agrees with the real tools on real executables of every platform.

For every Go binary: the build info in `goide inspect --json` equals `go version -m -json` field by
field, the `-v` lines equal `go version -m`'s, the architecture equals what `file` says, and for
ELF files the headers equal what pyelftools reads.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from elftools.elf.dynamic import DynamicSection
from elftools.elf.elffile import ELFFile

from tests.helpers import goide, tool
from tests.inspect_builds import BUILDS, GO_BINARIES, binaries

__all__ = ["binaries"]

# The thin files a universal fixture was made from, slice by slice (`go version -m` reads only
# the first slice of a universal file, so each slice is compared with its thin original).
UNIVERSAL_SOURCES = ["hello-darwin-amd64", "hello-darwin-arm64"]


def _go_json_stream(text: str) -> list[dict[str, Any]]:
    decoder = json.JSONDecoder()
    out = []
    at = 0
    while at < len(text):
        while at < len(text) and text[at].isspace():
            at += 1
        if at == len(text):
            break
        value, at = decoder.raw_decode(text, at)
        out.append(value)
    return out


@pytest.fixture(scope="session")
def goide_json(binaries: dict[str, Path]) -> dict[str, dict[str, Any]]:
    result = goide("inspect", "--json", *(str(binaries[name]) for name in GO_BINARIES))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    listed = json.loads(result.stdout)
    return {name: entry for name, entry in zip(GO_BINARIES, listed, strict=True)}


@pytest.fixture(scope="session")
def go_json(binaries: dict[str, Path]) -> dict[str, dict[str, Any]]:
    """`go version -m -json` for every thin Go binary (one run, objects in argument order)."""
    names = [name for name in GO_BINARIES if not name.startswith("universal")]
    result = subprocess.run(
        [str(tool("go")), "version", "-m", "-json", *(str(binaries[name]) for name in names)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return dict(zip(names, _go_json_stream(result.stdout), strict=True))


def _module(go: dict[str, Any] | None) -> dict[str, Any] | None:
    if not go:
        return None
    return {
        "path": go.get("Path", ""),
        "version": go.get("Version", ""),
        "sum": go.get("Sum", ""),
        "replace": _module(go.get("Replace")),
    }


def _expected_go(go: dict[str, Any]) -> dict[str, Any]:
    """goide's `go` object as it must be, computed from `go version -m -json`'s BuildInfo."""
    return {
        "version": go["GoVersion"],
        "path": go.get("Path", ""),
        "main": _module(go.get("Main")),
        "deps": [_module(dep) for dep in go.get("Deps", [])],
        "settings": {s.get("Key", ""): s.get("Value", "") for s in go.get("Settings", [])},
    }


def _slices_and_sources(name: str) -> list[tuple[int, str]]:
    if name.startswith("universal"):
        return list(enumerate(UNIVERSAL_SOURCES))
    return [(0, name)]


@pytest.mark.parametrize("name", GO_BINARIES)
def test_build_info_matches_go_version_m_json(
    name: str, goide_json: dict[str, dict[str, Any]], go_json: dict[str, dict[str, Any]]
) -> None:
    entry = goide_json[name]
    for index, source in _slices_and_sources(name):
        got = dict(entry["slices"][index]["go"])
        layout = got.pop("layout")
        assert got == _expected_go(go_json[source])
        assert layout == ("pointer" if name.startswith("go117") else "inline")
        assert entry["slices"][index]["os"] == got["settings"].get("GOOS", "linux")
        if "GOARCH" in got["settings"]:
            assert entry["slices"][index]["arch"] == got["settings"]["GOARCH"]


@pytest.mark.parametrize("name", GO_BINARIES)
def test_modules_view_matches_go_version_m(name: str, binaries: dict[str, Path]) -> None:
    path = str(binaries[name])
    ours = goide("inspect", "-v", path)
    assert ours.returncode == 0, ours.stderr.decode()
    lines = ours.stdout.decode().splitlines()
    if not name.startswith("universal"):
        go = subprocess.run(
            [str(tool("go")), "version", "-m", path], capture_output=True, text=True, timeout=120, check=True
        )
        assert lines[1:] == go.stdout.splitlines()[1:]
        assert lines[0].endswith(go.stdout.splitlines()[0].rsplit(" ", 1)[1])
    else:
        # One block per slice, each introduced by its os/arch.
        assert [line for line in lines if line.startswith("  ")] == ["  darwin/amd64:", "  darwin/arm64:"]


# `file`'s words for each GOARCH (file 5.x magic, Debian's `file` package).
FILE_ELF_ARCH = {
    "amd64": "x86-64",
    "arm64": "ARM aarch64",
    "386": "Intel 80386",
    "arm": "ARM,",
    "riscv64": "RISC-V",
    "ppc64le": "64-bit PowerPC",
    "ppc64": "64-bit PowerPC",
    "s390x": "IBM S/390",
    "mips64": "MIPS",
}
FILE_MACHO_ARCH = {"amd64": "x86_64", "arm64": "arm64"}
FILE_PE_ARCH = {"amd64": "x86-64", "arm64": "Aarch64", "386": "Intel 80386"}


def _file_says(path: Path) -> str:
    return subprocess.run(
        ["file", "-b", str(path)], capture_output=True, text=True, timeout=60, check=True
    ).stdout.strip()


@pytest.mark.parametrize("name", [*GO_BINARIES, "notgo-c-program"])
def test_architecture_matches_file(name: str, binaries: dict[str, Path]) -> None:
    result = goide("inspect", "--json", str(binaries[name]))
    assert result.returncode == 0, result.stderr.decode()
    (entry,) = json.loads(result.stdout)
    says = _file_says(binaries[name])
    if entry["format"] == "elf":
        (piece,) = entry["slices"]
        assert says.startswith(f"ELF {piece['bits']}-bit {'LSB' if piece['endian'] == 'little' else 'MSB'}")
        assert FILE_ELF_ARCH[piece["arch"]] in says
        assert ("dynamically linked" in says) == (piece["linking"] == "dynamic")
        assert says.endswith(", stripped") == piece["stripped"]
        if piece["os"] == "freebsd":
            assert "(FreeBSD)" in says
    elif entry["format"] == "pe":
        (piece,) = entry["slices"]
        assert says.startswith("PE32+ executable" if piece["bits"] == 64 else "PE32 executable")
        assert FILE_PE_ARCH[piece["arch"]] in says
    elif entry["format"] == "macho":
        (piece,) = entry["slices"]
        assert says.startswith(f"Mach-O {piece['bits']}-bit {FILE_MACHO_ARCH[piece['arch']]} executable")
    else:
        assert entry["format"] == "macho-universal"
        archs = [FILE_MACHO_ARCH[piece["arch"]] for piece in entry["slices"]]
        if name == "universal64-darwin":
            # file 5.44 has no magic for fat64 headers; the slices are checked through the fat one.
            says = _file_says(binaries["universal-darwin"])
        assert says.startswith(f"Mach-O universal binary with {len(archs)} architectures")
        for arch in archs:
            assert f"Mach-O 64-bit {arch} executable" in says


ELF_BINARIES = [
    name
    for name in [*GO_BINARIES, "notgo-c-program"]
    if name.startswith(("hello-linux", "hello-freebsd", "cgo-", "go117", "notgo"))
]


@pytest.mark.parametrize("name", ELF_BINARIES)
def test_elf_headers_match_pyelftools(name: str, binaries: dict[str, Path]) -> None:
    from goide.executables.read import read_executable

    (piece,) = read_executable(binaries[name]).slices
    with open(binaries[name], "rb") as handle:
        elf = ELFFile(handle)
        assert piece.bits == elf.elfclass
        assert piece.endian == ("little" if elf.little_endian else "big")
        interp = next((seg for seg in elf.iter_segments() if seg["p_type"] == "PT_INTERP"), None)
        assert piece.interpreter == (interp.get_interp_name() if interp else None)
        assert piece.stripped == (elf.get_section_by_name(".symtab") is None)
        needed: list[str] = []
        for section in elf.iter_sections():
            if isinstance(section, DynamicSection):
                needed += [tag.needed for tag in section.iter_tags() if tag.entry.d_tag == "DT_NEEDED"]
        assert list(piece.libraries) == needed


def test_machine_numbers_are_what_pyelftools_names(binaries: dict[str, Path]) -> None:
    """The raw e_machine goide reports, through pyelftools' own name table."""
    from elftools.elf.enums import ENUM_E_MACHINE

    from goide.executables.read import read_executable

    names = {value: key for key, value in ENUM_E_MACHINE.items() if isinstance(value, int)}
    for name in ELF_BINARIES:
        (piece,) = read_executable(binaries[name]).slices
        with open(binaries[name], "rb") as handle:
            assert names[piece.machine] == ELFFile(handle).header["e_machine"], name


def test_what_each_build_variant_shows(goide_json: dict[str, dict[str, Any]]) -> None:
    def piece(name: str) -> dict[str, Any]:
        (only,) = goide_json[name]["slices"]
        return only

    assert {b.name for b in BUILDS} <= set(goide_json)
    for name in ("hello-linux-amd64-stripped", "hello-darwin-arm64-stripped", "hello-windows-amd64-stripped"):
        assert piece(name)["stripped"], name
        assert piece(name)["go"]["settings"]["-ldflags"] == "-s -w"
    for name in ("hello-linux-amd64", "hello-darwin-arm64", "hello-windows-amd64"):
        assert not piece(name)["stripped"], name
    assert "-ldflags" not in piece("hello-linux-amd64-trimpath")["go"]["settings"]
    assert piece("hello-linux-amd64-trimpath")["go"]["settings"]["-trimpath"] == "true"
    pie = piece("hello-linux-amd64-pie")
    assert (pie["linking"], pie["go"]["settings"]["-buildmode"]) == ("dynamic", "pie")
    assert pie["interpreter"].startswith("/lib")
    assert piece("hello-linux-amd64")["linking"] == "static"
    cgo = piece("cgo-linux-amd64")
    assert (cgo["linking"], cgo["go"]["settings"]["CGO_ENABLED"]) == ("dynamic", "1")
    assert any(lib.startswith("libc.so") for lib in cgo["libraries"])
    assert piece("hello-darwin-arm64")["libraries"][0] == "/usr/lib/libSystem.B.dylib"
    assert piece("hello-windows-386")["libraries"] == ["kernel32.dll"]
    (greet,) = piece("hello-linux-amd64")["go"]["deps"]
    assert greet["replace"] == {"path": "./greet", "version": "(devel)", "sum": "", "replace": None}
    assert piece("hello-linux-arm64-quoted")["go"]["settings"]["-ldflags"] == "-X 'main.note=a b\"c' -s"
    assert piece("hello-freebsd-amd64")["os"] == "freebsd"
    for name in ("gopls-darwin-arm64", "gopls-windows-amd64"):
        deps = piece(name)["go"]["deps"]
        assert len(deps) > 10, name
        assert all(dep["sum"].startswith("h1:") for dep in deps), name
        assert piece(name)["go"]["path"] == "golang.org/x/tools/gopls"
    old = piece("go117-linux-amd64")
    assert (old["go"]["version"], old["go"]["layout"]) == ("go1.17", "pointer")


def test_not_a_go_binary_keeps_its_architecture(binaries: dict[str, Path]) -> None:
    result = goide("inspect", "--json", str(binaries["notgo-c-program"]))
    assert result.returncode == 0
    (entry,) = json.loads(result.stdout)
    (piece,) = entry["slices"]
    assert (entry["format"], piece["os"], piece["arch"], piece["go"]) == ("elf", "linux", "amd64", None)
    assert piece["os_source"] == "note"  # NT_GNU_ABI_TAG ("for GNU/Linux 3.2.0" in file's words)
    assert piece["linking"] == "dynamic"
    text = goide("inspect", str(binaries["notgo-c-program"]))
    assert text.stdout.decode().endswith("(not a Go binary)\n")


def _without_build_info(source: Path, tmp_path: Path) -> Path:
    """A copy of a real binary whose build-info magic is overwritten, so it reads as non-Go."""
    from goide.executables.buildinfo import MAGIC

    data = source.read_bytes()
    out = tmp_path / (source.name + ".nogo")
    out.write_bytes(data.replace(MAGIC, b"\0" * len(MAGIC)))
    return out


def test_os_without_build_info_comes_from_the_container(binaries: dict[str, Path], tmp_path: Path) -> None:
    from goide.executables.read import read_executable

    darwin = read_executable(_without_build_info(binaries["hello-darwin-arm64"], tmp_path)).slices[0]
    assert (darwin.go, darwin.os, darwin.os_source) == (None, "darwin", "load-command")  # LC_BUILD_VERSION
    windows = read_executable(_without_build_info(binaries["hello-windows-arm64"], tmp_path)).slices[0]
    assert (windows.go, windows.os, windows.os_source) == (None, "windows", "format")
    freebsd = read_executable(_without_build_info(binaries["hello-freebsd-amd64"], tmp_path)).slices[0]
    assert (freebsd.go, freebsd.os, freebsd.os_source) == (None, "freebsd", "osabi")  # EI_OSABI 9
    # Go 1.17 recorded no GOOS, and Go's linux ELF files carry EI_OSABI 0 and no ABI-tag note.
    old = read_executable(binaries["go117-linux-amd64"]).slices[0]
    assert (old.os, old.os_source) == ("linux", "default")
