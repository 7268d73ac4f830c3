"""Rules: pure functions from Facts to Findings, one module per area.

`judge` runs every rule; a rule that raises (a bug, or a facts file edited into a shape the
rule did not expect) becomes one finding instead of ending the run. A rule that reads the facts of
a probe that crashed or timed out is skipped: judged from the probe's empty default, it would
report something missing ("No `go` on PATH") that nobody looked for. The probe-failure finding
stands alone for what that probe covers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from goide.facts import Facts
from goide.model import Finding, Severity

Rule = Callable[[Facts], list[Finding]]

# rule -> the probes (names in Facts.probe_failures) whose facts it reads.
_READS: dict[Rule, frozenset[str]] = {}


def reads(*probes: str) -> Callable[[Rule], Rule]:
    """Declare the probes a rule judges; the rule is skipped when one of them failed."""

    def mark(rule: Rule) -> Rule:
        _READS[rule] = frozenset(probes)
        return rule

    return mark


def core_rules() -> tuple[Rule, ...]:
    from goide.rules import arch, toolchain, tools, vscode

    return (*toolchain.RULES, *arch.RULES, *tools.RULES, *vscode.RULES)


def probe_failures(facts: Facts) -> list[Finding]:
    from goide.rules.common import AREA_DOCTOR

    return [
        Finding(
            f"doctor.probe-{failure.kind}.{failure.probe}",
            Severity.ERROR if failure.kind == "timed-out" else Severity.WARNING,
            f"The {failure.probe} probe {'timed out' if failure.kind == 'timed-out' else 'crashed'}",
            AREA_DOCTOR,
            f"{failure.message}. Its checks were skipped.",
            evidence=(failure.message,),
        )
        for failure in facts.probe_failures
    ]


def judge(facts: Facts, rules: Iterable[Rule]) -> list[Finding]:
    from goide.rules.common import AREA_DOCTOR

    failed = {failure.probe for failure in facts.probe_failures}
    findings: list[Finding] = []
    for rule in rules:
        if _READS.get(rule, frozenset()) & failed:
            continue
        try:
            findings.extend(rule(facts))
        except Exception as err:  # isolation: one broken rule must not hide the others
            findings.append(
                Finding(
                    f"doctor.rule-crashed.{rule.__name__}",
                    Severity.WARNING,
                    f"The check {rule.__name__} crashed",
                    AREA_DOCTOR,
                    f"{type(err).__name__}: {err}. The other checks ran.",
                )
            )
    findings.extend(probe_failures(facts))
    return findings
