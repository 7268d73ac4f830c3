"""Hostile and broken packages: path traversal, a member claiming 4 GiB, a zip bomb, a zip that
claims 65535 members, entity expansion in the manifest, a truncated real VSIX, not a zip at all.
Each is a finding or one `error:`/`hint:` pair (exit 2), with memory bounded: nothing here is
inflated beyond the limits, so the tests stay fast."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

from tests.helpers import goide

PACKAGE = json.dumps(
    {"name": "x", "publisher": "p", "version": "1.0.0", "engines": {"vscode": "^1.90.0"}, "main": "./e.js"}
)
MANIFEST = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011">'
    '<Metadata><Identity Language="en-US" Id="x" Version="1.0.0" Publisher="p"/></Metadata>'
    "</PackageManifest>"
)


def _zip(path: Path, members: dict[str, bytes], *, manifest: str = MANIFEST) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("extension.vsixmanifest", manifest)
        z.writestr("extension/package.json", PACKAGE)
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _error(path: Path) -> tuple[str, str]:
    result = goide("vsix", "inspect", str(path))
    assert result.returncode == 2, result.stdout.decode() + result.stderr.decode()
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("error: "), lines
    assert lines[1].startswith("hint: "), lines
    return lines[0], lines[1]


def test_path_traversal_is_a_finding(tmp_path: Path) -> None:
    path = _zip(
        tmp_path / "slip.vsix", {"../../.bashrc": b"echo owned\n", "/etc/evil": b"x", "a\\..\\b": b"y"}
    )
    result = goide("vsix", "inspect", str(path), "--json", "-v")
    assert result.returncode == 1
    (unsafe,) = [f for f in json.loads(result.stdout)["findings"] if f["id"] == "vsix-unsafe-path"]
    assert unsafe["title"].startswith("3 member name(s)")
    assert "'../../.bashrc': '..' component" in unsafe["evidence"]


def test_member_claiming_4_gib(tmp_path: Path) -> None:
    path = _zip(tmp_path / "big.vsix", {"extension/huge.bin": b"tiny"})
    data = bytearray(path.read_bytes())
    # Patch the central directory record of the last member: uncompressed size = 0xFFFFFFF0.
    at = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, at + 24, 0xFFFFFFF0)
    path.write_bytes(bytes(data))
    error, hint = _error(path)
    assert error.endswith(
        "member 'extension/huge.bin' claims 4.0 GiB uncompressed, "
        "more than any extension file (limit 512.0 MiB)"
    )
    assert "do not install it" in hint


def test_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.vsix"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("extension/package.json", PACKAGE)
        with z.open("extension/zeros.bin", "w") as member:
            block = bytes(1 << 20)
            for _ in range(40):
                member.write(block)
    error, _ = _error(path)
    assert "member 'extension/zeros.bin' inflates" in error
    assert "40.0 MiB (a zip bomb)" in error


def test_zip_claiming_too_many_members(tmp_path: Path) -> None:
    path = _zip(tmp_path / "many.vsix", {})
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, at + 8, 0xFFFF, 0xFFFF)
    path.write_bytes(bytes(data))
    error, _ = _error(path)
    assert "claims 65535 members" in error


def test_entity_expansion_in_manifest(tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<PackageManifest><Metadata><Identity Id="&lol3;"/></Metadata></PackageManifest>'
    )
    error, _ = _error(_zip(tmp_path / "laughs.vsix", {}, manifest=laughs))
    assert "extension.vsixmanifest uses forbidden XML" in error


def test_truncated_real_vsix(vsix_files: dict[str, Path], tmp_path: Path) -> None:
    data = vsix_files["linux-x64"].read_bytes()
    path = tmp_path / "cut.vsix"
    path.write_bytes(data[: len(data) // 2])
    error, _ = _error(path)
    assert "not a zip file" in error or "not a readable zip" in error


def test_corrupt_member_data(vsix_files: dict[str, Path], tmp_path: Path) -> None:
    data = bytearray(vsix_files["linux-x64"].read_bytes())
    # Flip bytes inside the deflated addon.node: the CRC check (or inflate) fails on read.
    at = data.find(b"extension/addon.node") + len("extension/addon.node") + 200
    for i in range(at, at + 64):
        data[i] ^= 0xFF
    path = tmp_path / "flipped.vsix"
    path.write_bytes(bytes(data))
    error, _ = _error(path)
    assert "extension/addon.node: corrupt member" in error


def test_not_a_zip_and_missing(tmp_path: Path) -> None:
    path = tmp_path / "readme.vsix"
    path.write_text("hello\n")
    assert "not a zip file" in _error(path)[0]
    error, hint = _error(tmp_path / "absent.vsix")
    assert error.endswith("absent.vsix: no such file or directory")
    assert hint == "hint: check the path"


def test_no_package_json(tmp_path: Path) -> None:
    path = tmp_path / "empty.vsix"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("extension.vsixmanifest", MANIFEST)
    assert _error(path)[0].endswith("extension/package.json not found inside zip.")


def test_member_that_inflates_past_its_declared_size(tmp_path: Path) -> None:
    # package.json declares its own small size but its data inflates to 40 MiB: reading stops at
    # the declared size and the CRC check catches the lie, so the 40 MiB are never held.
    path = tmp_path / "liar.vsix"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("extension.vsixmanifest", MANIFEST)
        z.writestr("extension/package.json", PACKAGE.encode() + b" " * (40 << 20))
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x01\x02")  # the central directory record of package.json (the last member)
    struct.pack_into("<I", data, at + 24, len(PACKAGE))
    path.write_bytes(bytes(data))
    error, _ = _error(path)
    assert "extension/package.json: corrupt member (Bad CRC-32" in error


def test_target_vsce_does_not_have(tmp_path: Path) -> None:
    # vsce refuses `--target arm64` (test_vsix_real.py); a hand-edited manifest can still say it.
    manifest = MANIFEST.replace('Publisher="p"/>', 'Publisher="p" TargetPlatform="arm64"/>')
    result = goide("vsix", "inspect", str(_zip(tmp_path / "folk.vsix", {}, manifest=manifest)), "--json")
    assert result.returncode == 1
    (unknown,) = [f for f in json.loads(result.stdout)["findings"] if f["id"] == "vsix-unknown-target"]
    assert unknown["title"] == "TargetPlatform 'arm64' is not a VS Code target"


def test_escape_sequences_in_package_json_are_not_sent_to_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "esc.vsix"
    package = {"name": "x\x1b]0;pwned\x07", "publisher": "p", "version": "1\x1b[31m", "main": "./e.js"}
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("extension.vsixmanifest", MANIFEST)
        z.writestr("extension/package.json", json.dumps({**package, "engines": {"vscode": "^1.90.0\x1b[0m"}}))
    result = goide("vsix", "inspect", str(path))
    header = result.stdout.decode().split("\n\n")[0]
    assert "\x1b" not in header
    assert "extension:  p.x\\x1b]0;pwned\\x07 1\\x1b[31m" in header
    assert "engines:    vscode ^1.90.0\\x1b[0m" in header
