"""Pure parts of `goide vsix`: engines.vscode as VS Code reads it, target names and
compatibility, unsafe member names."""

from __future__ import annotations

import pytest

from goide.core.errors import InputError
from goide.core.model import Finding
from goide.vsix.engine import EngineError, engine_accepts
from goide.vsix.inspect import Package
from goide.vsix.judge import judge_package
from goide.vsix.manifest import PackageJson, VsixManifest
from goide.vsix.natives import Native
from goide.vsix.platforms import compatible, machine_of
from goide.vsix.zipread import unsafe_reason

# (engines.vscode, product version, accepted): the cases follow extensionValidator.ts's rules.
ENGINE = [
    ("*", "1.0.0", True),
    ("^1.90.0", "1.95.3", True),
    ("^1.90.0", "1.89.1", False),
    ("^1.90.0", "2.0.0", False),  # caret keeps the major
    (">=1.90.0", "2.0.0", True),  # a plain minimum
    ("1.90.0", "1.90.0", True),
    ("1.90.0", "1.90.1", False),  # exact
    ("1.90.x", "1.90.7", True),
    ("1.x.x", "1.101.0", True),
    ("^0.10.0", "1.95.3", True),  # 0.x is accepted by 1.x unless exact
    ("0.10.0", "1.95.3", False),
    ("^1.90.0-20240101", "1.95.3", True),
]


@pytest.mark.parametrize(("spec", "product", "accepted"), ENGINE)
def test_engine(spec: str, product: str, accepted: bool) -> None:
    assert engine_accepts(spec, product) is accepted


@pytest.mark.parametrize(
    ("spec", "message"),
    [("~1.90.0", "Could not parse `engines.vscode` value ~1.90.0"), ("x.1.0", "is not specific enough")],
)
def test_engine_unreadable(spec: str, message: str) -> None:
    with pytest.raises(EngineError, match=message):
        engine_accepts(spec, "1.95.3")


def test_machines_and_compatibility() -> None:
    assert machine_of("darwin/arm64").target == "darwin-arm64"
    assert machine_of("windows/amd64").target == "win32-x64"
    assert machine_of("alpine/arm64").target == "alpine-arm64"
    assert machine_of("linux/arm").target == "linux-armhf"
    assert machine_of("win32-arm64").os == "windows"
    for bad in ("arm64", "plan9/amd64", "linux/ppc64le"):
        with pytest.raises(InputError):
            machine_of(bad)
    mac = machine_of("darwin/arm64")
    assert compatible(None, mac)
    assert compatible("darwin-arm64", mac)
    assert not compatible("darwin-x64", mac)  # no fallback: Rosetta is not a VS Code target


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("extension/package.json", None),
        ("extension/a..b/c", None),
        ("../x", "'..' component"),
        ("extension/../../x", "'..' component"),
        ("/etc/passwd", "absolute path"),
        ("C:/Windows/x", "drive letter"),
        ("a\\b", "backslash in path"),
    ],
)
def test_unsafe_names(name: str, reason: str | None) -> None:
    assert unsafe_reason(name) == reason


def _package(target: str | None, natives: tuple[Native, ...] = (), browser: str | None = None) -> Package:
    manifest = VsixManifest("x", "1.0.0", "p", target)
    package = PackageJson("x", "p", "1.0.0", "^1.90.0", "./e.js", browser)
    return Package("x.vsix", (), manifest, package, natives)


def _ids(findings: list[Finding]) -> set[str]:
    return {f.id for f in findings}


def test_alpine_needs_musl_natives() -> None:
    glibc = Native("extension/a.node", "elf", ("linux/arm64",), loader="/lib/ld-linux-aarch64.so.1")
    musl = Native("extension/a.node", "elf", ("linux/arm64",), loader="/lib/ld-musl-aarch64.so.1")
    shared = Native("extension/a.node", "elf", ("linux/arm64",))  # a .node: no loader of its own
    assert "vsix-native-mismatch" in _ids(judge_package(_package("alpine-arm64", (glibc,))))
    assert "vsix-native-mismatch" not in _ids(judge_package(_package("alpine-arm64", (musl,))))
    assert "vsix-native-mismatch" in _ids(judge_package(_package("linux-arm64", (musl,))))
    assert "vsix-native-mismatch" not in _ids(judge_package(_package("linux-arm64", (shared,))))


def test_web() -> None:
    web = machine_of("web")
    assert "vsix-wrong-platform" in _ids(judge_package(_package(None), machine=web))
    assert "vsix-platform-ok" in _ids(judge_package(_package(None, browser="./web.js"), machine=web))
    assert "vsix-platform-ok" in _ids(judge_package(_package("web"), machine=web))
    assert "vsix-wrong-platform" in _ids(judge_package(_package("web"), machine=machine_of("linux/amd64")))


def test_universal_package_without_natives_for_the_machine() -> None:
    win = Native("extension/n.node", "pe", ("windows/arm64",))
    found = judge_package(_package(None, (win,)), machine=machine_of("darwin/arm64"))
    assert "vsix-universal-natives" in _ids(found)
