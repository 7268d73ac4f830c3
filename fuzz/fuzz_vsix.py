"""Fuzz target for `goide vsix inspect`: real VSIX files made by vsce, damaged byte by byte, and
manifests of any shape. Properties: reading a package either succeeds or raises InputError
(never another exception), and the rules run on whatever was read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goide.core.errors import InputError
from goide.vsix.inspect import read_package
from goide.vsix.judge import judge_package
from goide.vsix.manifest import parse_package_json, parse_vsix_manifest
from goide.vsix.platforms import machine_of


@st.composite
def damaged(draw: st.DrawFn, seeds: Sequence[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(list(seeds))))
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        at = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
        choice = draw(st.integers(min_value=0, max_value=3))
        if choice == 0 and data:
            data[at] = draw(st.integers(min_value=0, max_value=255))
        elif choice == 1:
            del data[at : at + draw(st.integers(min_value=1, max_value=64))]
        elif choice == 2:
            data[at:at] = draw(st.binary(max_size=32))
        else:
            data = data[:at]
    return bytes(data)


def check_package(data: bytes, directory: Path) -> None:
    path = directory / "fuzz.vsix"
    path.write_bytes(data)
    try:
        package = read_package(path)
    except InputError:
        return
    judge_package(package, machine=machine_of("darwin/arm64"), vscode="1.95.3")


def check_manifests(text: bytes) -> None:
    for parse in (parse_vsix_manifest, parse_package_json):
        with contextlib.suppress(InputError):
            parse(text, "fuzz")


def run(seeds: Sequence[bytes], examples: int, directory: Path) -> None:
    common = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )

    @common
    @given(damaged(seeds))
    def packages(data: bytes) -> None:
        check_package(data, directory)

    @common
    @given(st.binary(max_size=2048) | st.text(alphabet='<>/="! ?&;[]{}:,xmlIdentityPackage').map(str.encode))
    def manifests(text: bytes) -> None:
        check_manifests(text)

    packages()
    manifests()
