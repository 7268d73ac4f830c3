"""Doctor rules register here which probes they read, so that `judge` can skip a rule whose probe failed."""

from __future__ import annotations

from collections.abc import Callable

from goide.core.model import Finding
from goide.doctor.facts import Facts

Rule = Callable[[Facts], list[Finding]]

# rule -> the probes (names in Facts.probe_failures) whose facts it reads.
_READS: dict[Rule, frozenset[str]] = {}


def reads(*probes: str) -> Callable[[Rule], Rule]:
    """Declare the probes a rule judges; the rule is skipped when one of them failed."""

    def mark(rule: Rule) -> Rule:
        _READS[rule] = frozenset(probes)
        return rule

    return mark


def probes_read_by(rule: Rule) -> frozenset[str]:
    """The probes `rule` declared with `@reads` (none for an undeclared rule)."""
    return _READS.get(rule, frozenset())
