"""Describes an executable as BinaryFacts by reading its headers and Go build info, never running it.

The reading itself is `goide.executables.read.read_executable` (the `goide inspect` reader); it
is passed in as a function so that collectors can be tested with any reader.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Protocol

from goide.core.errors import InputError
from goide.doctor.facts import BinaryFacts, SliceFacts


class _Module(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def version(self) -> str: ...


class _BuildInfo(Protocol):
    @property
    def version(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def main(self) -> _Module | None: ...
    @property
    def settings(self) -> tuple[tuple[str, str], ...]: ...


class _Slice(Protocol):
    @property
    def os(self) -> str: ...
    @property
    def arch(self) -> str: ...
    @property
    def go(self) -> _BuildInfo | None: ...


class _Executable(Protocol):
    @property
    def format(self) -> str: ...
    @property
    def slices(self) -> tuple[_Slice, ...]: ...


Reader = Callable[[str], _Executable]


def default_reader() -> Reader:
    """The executable reader of `goide inspect`."""
    from goide.executables.read import read_executable

    return read_executable


def describe(path: str, reader: Reader) -> BinaryFacts:
    """BinaryFacts for `path`; an unreadable file gives facts with `error` set, never an exception."""
    real = os.path.realpath(path)
    try:
        exe = reader(path)
    except InputError as err:
        return BinaryFacts(path=path, real_path=real, error=err.message)
    except OSError as err:
        return BinaryFacts(path=path, real_path=real, error=err.strerror or str(err))
    return BinaryFacts(
        path=path, real_path=real, format=exe.format, slices=tuple(_slice(s) for s in exe.slices)
    )


def _slice(s: _Slice) -> SliceFacts:
    go = s.go
    if go is None:
        return SliceFacts(os=s.os, arch=s.arch)
    return SliceFacts(
        os=s.os,
        arch=s.arch,
        go_version=go.version or None,
        module_path=go.main.path if go.main else None,
        module_version=go.main.version if go.main else None,
        package_path=go.path or None,
        settings=dict(go.settings),
    )
