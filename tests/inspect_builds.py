"""Real executables for the `goide inspect` tests, built once per test session.

Every Go binary is cross-compiled by the real Go toolchain (tests.helpers.go_build, cached in
.cache/fixtures across runs and xdist workers); the universal Mach-O is made by the real
llvm-lipo; the Go 1.17 binary (the pre-1.18 pointer layout of the build info, which this Go can
no longer produce) and a C program that is not a Go binary are the real files Go itself ships as
debug/buildinfo test data in GOROOT.
"""

from __future__ import annotations

import base64
import fcntl
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.helpers import CACHE, go_build, go_tool_build, tool, write_module

HELLO = {
    "go.mod": (
        "module example.com/hello\n\ngo 1.26\n\nrequire example.com/greet v1.2.3\n\n"
        "replace example.com/greet v1.2.3 => ./greet\n"
    ),
    "main.go": (
        'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/greet"\n)\n\nvar note = "none"\n\n'
        "func main() { fmt.Println(greet.Hello(), note) }\n"
    ),
    "greet/go.mod": "module example.com/greet\n\ngo 1.26\n",
    "greet/greet.go": 'package greet\n\nfunc Hello() string { return "hello" }\n',
}

CGO = {
    "go.mod": "module example.com/cgohello\n\ngo 1.26\n",
    "main.go": (
        'package main\n\n// #include <stdlib.h>\nimport "C"\n\nimport "fmt"\n\n'
        "func main() { fmt.Println(C.abs(-3)) }\n"
    ),
}

PLATFORMS = [
    ("linux", "amd64"),
    ("linux", "arm64"),
    ("linux", "386"),
    ("linux", "arm"),
    ("linux", "riscv64"),
    ("linux", "ppc64le"),
    ("linux", "s390x"),
    ("linux", "ppc64"),
    ("linux", "mips64"),
    ("darwin", "amd64"),
    ("darwin", "arm64"),
    ("windows", "amd64"),
    ("windows", "arm64"),
    ("windows", "386"),
    ("freebsd", "amd64"),
]


@dataclass(frozen=True)
class Build:
    name: str
    goos: str
    goarch: str
    flags: tuple[str, ...] = ()
    module: str = "hello"  # "hello", "cgo" or "gopls"
    env: dict[str, str] = field(default_factory=dict)


BUILDS = [
    *(Build(f"hello-{goos}-{goarch}", goos, goarch) for goos, goarch in PLATFORMS),
    Build("hello-linux-amd64-stripped", "linux", "amd64", ("-ldflags=-s -w",)),
    Build("hello-darwin-arm64-stripped", "darwin", "arm64", ("-ldflags=-s -w",)),
    Build("hello-windows-amd64-stripped", "windows", "amd64", ("-ldflags=-s -w",)),
    Build("hello-linux-amd64-trimpath", "linux", "amd64", ("-trimpath",)),
    Build("hello-linux-amd64-pie", "linux", "amd64", ("-buildmode=pie",)),
    # A build setting that Go must quote (space, double quote) in its module info text.
    Build("hello-linux-arm64-quoted", "linux", "arm64", ("-ldflags=-X 'main.note=a b\"c' -s",)),
    Build("cgo-linux-amd64", "linux", "amd64", module="cgo", env={"CGO_ENABLED": "1"}),
    Build("gopls-darwin-arm64", "darwin", "arm64", module="gopls"),
    Build("gopls-windows-amd64", "windows", "amd64", module="gopls"),
]

GO_BINARIES = [
    *(build.name for build in BUILDS),
    "universal-darwin",
    "universal64-darwin",
    "go117-linux-amd64",
]
GOPLS_VERSION = "v0.23.0"


def lipo() -> Path:
    """llvm-lipo, unversioned or Debian's llvm-lipo-NN (newest first)."""
    found = shutil.which("llvm-lipo")
    if found:
        return Path(found)
    versioned = sorted(Path("/usr/bin").glob("llvm-lipo-*"), key=lambda p: int(p.name.rsplit("-", 1)[1]))
    if not versioned:
        pytest.fail("llvm-lipo is not installed (Debian package llvm); scripts/test installs it")
    return versioned[-1]


def fat64_from_fat(fat: bytes) -> bytes:
    """Rewrite a real fat (32-bit) universal header as fat64, per <mach-o/fat.h>.

    llvm-lipo 14 cannot write fat64. fat_header {magic 0xcafebabf, nfat_arch} is followed by
    fat_arch_64 {cputype, cpusubtype, uint64 offset, uint64 size, align, reserved}, all
    big-endian; the slices stay where they are (page-aligned, far behind the larger table).
    """
    count = int.from_bytes(fat[4:8], "big")
    table = bytearray(b"\xca\xfe\xba\xbf" + fat[4:8])
    for i in range(count):
        cputype, subtype, offset, size, align = (
            int.from_bytes(fat[8 + 20 * i + 4 * j : 12 + 20 * i + 4 * j], "big") for j in range(5)
        )
        table += cputype.to_bytes(4, "big") + subtype.to_bytes(4, "big")
        table += offset.to_bytes(8, "big") + size.to_bytes(8, "big")
        table += align.to_bytes(4, "big") + bytes(4)
    first_slice = min(int.from_bytes(fat[16 + 20 * i : 20 + 20 * i], "big") for i in range(count))
    assert len(table) <= first_slice
    return bytes(table) + fat[len(table) :]


def goroot_testdata(name: str) -> bytes:
    """A base64-encoded binary from GOROOT/src/debug/buildinfo/testdata (shipped with Go)."""
    goroot = subprocess.run(
        [str(tool("go")), "env", "GOROOT"], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    path = Path(goroot) / "src" / "debug" / "buildinfo" / "testdata" / name
    if not path.is_file():
        pytest.fail(f"{path} is missing from the Go installation")
    return base64.b64decode(path.read_bytes())


def build_all(root: Path) -> dict[str, Path]:
    """Every fixture binary by name; builds run two at a time, once across xdist workers."""
    hello = write_module(root / "hello", HELLO)
    cgo = write_module(root / "cgo", CGO)

    def one(build: Build) -> Callable[[], Path]:
        def run() -> Path:
            if build.module == "gopls":
                return go_tool_build(
                    "golang.org/x/tools/gopls", GOPLS_VERSION, goos=build.goos, goarch=build.goarch
                )
            module = hello if build.module == "hello" else cgo
            return go_build(
                module,
                goos=build.goos,
                goarch=build.goarch,
                flags=build.flags,
                env=build.env,
                name=build.name,
            )

        return run

    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "inspect-builds.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = {build.name: pool.submit(one(build)) for build in BUILDS}
            built = {name: future.result() for name, future in futures.items()}
    universal = root / "universal-darwin"
    made = subprocess.run(
        [
            str(lipo()),
            "-create",
            str(built["hello-darwin-amd64"]),
            str(built["hello-darwin-arm64"]),
            "-output",
            str(universal),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if made.returncode != 0:
        pytest.fail(f"llvm-lipo -create failed: {made.stderr}")
    built["universal-darwin"] = universal
    universal64 = root / "universal64-darwin"
    universal64.write_bytes(fat64_from_fat(universal.read_bytes()))
    built["universal64-darwin"] = universal64
    go117 = root / "go117-linux-amd64"
    go117.write_bytes(goroot_testdata("go117/go117.base64"))
    built["go117-linux-amd64"] = go117
    notgo = root / "notgo-c-program"
    notgo.write_bytes(goroot_testdata("notgo/notgo.base64"))
    built["notgo-c-program"] = notgo
    return built


@pytest.fixture(scope="session")
def binaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_all(tmp_path_factory.mktemp("inspect-binaries"))
