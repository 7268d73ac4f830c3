"""The shapes every check shares: a Finding (what is wrong or right), its Severity and its Fix.

Rules produce Findings from Facts; renderers and fixers consume them. Findings are plain
data and serialise to the JSON documented in docs/doctor.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    OK = "ok"

    @property
    def rank(self) -> int:
        """Higher is worse; used to pick an area's status and to sort."""
        return _RANK[self]


_RANK = {Severity.OK: 0, Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


@dataclass(frozen=True)
class Fix:
    """How to repair a finding: words for a person, and where it is safe, a command or an action.

    `command` is a shell command the user can run as is; `action` names a fix goide itself can
    apply with `--fix` (for example `install-tool:gopls`).
    """

    description: str
    command: str | None = None
    action: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"description": self.description, "command": self.command, "action": self.action}


@dataclass(frozen=True)
class Finding:
    """One result of one check. `id` is stable across releases so that people can grep for it."""

    id: str
    severity: Severity
    title: str
    area: str
    detail: str = ""
    fix: Fix | None = None
    evidence: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "severity": self.severity.value,
            "area": self.area,
            "title": self.title,
            "detail": self.detail,
            "fix": self.fix.to_json() if self.fix else None,
            "evidence": list(self.evidence),
        }


def worst(findings: list[Finding]) -> Severity:
    """The most severe severity among `findings` (OK for none)."""
    return max((f.severity for f in findings), key=lambda s: s.rank, default=Severity.OK)
