"""Fuzz target for the bundle manifest and SHA256SUMS readers: a real bundle.json damaged, and
any bytes. Property: each file either loads or raises InputError, never another exception.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goide.bundle.manifest import load_manifest, load_sums
from goide.core.errors import InputError


def check(data: bytes, directory: Path) -> None:
    path = directory / "fuzz.json"
    path.write_bytes(data)
    for load in (load_manifest, load_sums):
        with contextlib.suppress(InputError):
            load(path)


def run(seed: bytes, examples: int, directory: Path) -> None:
    @settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(st.integers(min_value=0, max_value=len(seed)), st.binary(max_size=16), st.integers(0, 64))
    def damaged(at: int, insert: bytes, cut: int) -> None:
        check(seed[:at] + insert + seed[at + cut :], directory)

    @settings(max_examples=examples, deadline=None, database=None)
    @given(st.binary(max_size=512))
    def anything(data: bytes) -> None:
        check(data, directory)

    damaged()
    anything()
