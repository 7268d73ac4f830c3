"""What every doctor probe may read (`Context`) and how a check area plugs in (`Area`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from goide.doctor.collect.binary import Reader
from goide.doctor.rules.registry import Rule


@dataclass(frozen=True)
class Context:
    """What every probe may read: the environment it judges, not the machine's global state."""

    environ: Mapping[str, str]
    home: str
    reader: Reader
    timeout: float  # for each command a probe runs
    workspace: str | None = None
    vscode_dirs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area:
    name: str
    collect: Callable[[Context], Any] | None  # returns JSON-serialisable data for Facts.extra[name]
    judge: Rule
