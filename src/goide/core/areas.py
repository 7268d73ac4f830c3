"""What a doctor check area of another capability sees: the probe's context and the stored facts.

Typed as protocols so that a capability (mod, lint) can plug an area into `goide doctor` without
importing doctor, which imports the capability for its `AREAS` line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class ProbeContext(Protocol):
    """The parts of doctor's `Context` an area's collector reads."""

    @property
    def environ(self) -> Mapping[str, str]: ...
    @property
    def home(self) -> str: ...
    @property
    def timeout(self) -> float: ...
    @property
    def workspace(self) -> str | None: ...


class StoredFacts(Protocol):
    """The part of doctor's `Facts` an area's rule reads: its plain JSON under its name."""

    @property
    def extra(self) -> Mapping[str, Any]: ...
