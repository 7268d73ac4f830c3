"""Fuzz targets for goide's executable and build-info readers, seeded from real binaries.

Each example takes a real executable, overwrites a few bytes where the parsers look (the
headers and load commands at the start, the section tables at the end, the build-info blob) and
maybe cuts the file short, then reads it. The only exceptions allowed out are InputErrors: a
malformed file must become a one-line error, never a crash.

Standalone: `python fuzz/fuzz_executable.py [--examples N] BINARY...` fuzzes with those seeds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goide.core.errors import InputError
from goide.executables.buildinfo import MAGIC, BuildInfoError, parse_modinfo
from goide.executables.read import read_executable

WINDOW = 8192


def regions(data: bytes) -> list[tuple[int, int]]:
    """Where the parsers read: the first and last 8 KiB, and around every build-info magic."""
    spans = [(0, min(len(data), WINDOW)), (max(0, len(data) - WINDOW), len(data))]
    at = data.find(MAGIC)
    while at >= 0 and len(spans) < 8:
        spans.append((max(0, at - 64), min(len(data), at + 1024)))
        at = data.find(MAGIC, at + 1)
    return spans


@st.composite
def mutated(draw: st.DrawFn, seeds: Sequence[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(list(seeds))))
    spans = regions(bytes(data))
    for _ in range(draw(st.integers(0, 12))):
        start, end = draw(st.sampled_from(spans))
        at = draw(st.integers(start, end - 1))
        value = draw(
            st.sampled_from([0x00, 0xFF, 0x7F, 0x80, 0x01, data[at] ^ 0x01, draw(st.integers(0, 255))])
        )
        data[at] = value
    if draw(st.booleans()):
        start, end = draw(st.sampled_from(spans))
        del data[draw(st.integers(start, end)) :]
    return bytes(data)


def check_executable(data: bytes, directory: Path) -> None:
    """The target: read `data` as an executable; only InputErrors may escape."""
    path = directory / "fuzzed"
    path.write_bytes(data)
    try:
        executable = read_executable(path)
    except InputError as err:
        error: InputError = err
    else:
        assert executable.slices
        return
    assert error.exit_status == 1
    assert "\n" not in error.message


def modinfo_texts(seeds: Sequence[bytes]) -> list[str]:
    """The module info text of each seed that is a Go binary, as the mutation seeds for the parser."""
    texts = []
    for seed in seeds:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "seed"
            path.write_bytes(seed)
            try:
                executable = read_executable(path)
            except InputError:
                continue
        for piece in executable.slices:
            if piece.go is not None:
                from goide.executables.view import modules_lines

                texts.append("".join(line + "\n" for line in modules_lines(piece.go)))
    return texts


@st.composite
def mutated_text(draw: st.DrawFn, texts: Sequence[str]) -> str:
    text = list(draw(st.sampled_from(list(texts))))
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, max(0, len(text) - 1)))
        text[at : at + draw(st.integers(0, 3))] = draw(st.text(alphabet='\t\n="`\\ x=>abuild', max_size=4))
    return "".join(text)


def check_modinfo(text: str) -> None:
    """The target: parse module info text; only BuildInfoError may escape."""
    try:
        parse_modinfo(text)
    except BuildInfoError as err:
        message = err.message
    else:
        return
    assert "\n" not in message


def run(seeds: Sequence[bytes], examples: int, directory: Path) -> None:
    """Run both targets with `examples` examples each."""
    common = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )

    @common
    @given(mutated(seeds))
    def executables(data: bytes) -> None:
        check_executable(data, directory)

    texts = modinfo_texts(seeds)

    @common
    @given(mutated_text(texts))
    def modinfo(text: str) -> None:
        check_modinfo(text)

    executables()
    if texts:
        modinfo()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("binaries", nargs="+", type=Path)
    args = parser.parse_args(argv)
    seeds = [path.read_bytes() for path in args.binaries]
    with tempfile.TemporaryDirectory() as tmp:
        run(seeds, args.examples, Path(tmp))
    print(f"fuzzed {args.examples} examples per target from {len(seeds)} seeds: no crash")
    return 0


if __name__ == "__main__":
    sys.exit(main())
