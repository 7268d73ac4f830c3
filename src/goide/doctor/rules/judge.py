"""Rules: pure functions from Facts to Findings, one module per area.

`judge` runs every rule; a rule that raises (a bug, or a facts file edited into a shape the
rule did not expect) becomes one finding instead of ending the run. A rule that reads the facts of
a probe that crashed or timed out is skipped: judged from the probe's empty default, it would
report something missing ("No `go` on PATH") that nobody looked for. The probe-failure finding
stands alone for what that probe covers.
"""

from __future__ import annotations

from collections.abc import Iterable

from goide.core.model import Finding, Severity
from goide.doctor.facts import Facts
from goide.doctor.rules import arch, gopath, toolchain, tools, versions, vscode
from goide.doctor.rules.common import AREA_DOCTOR
from goide.doctor.rules.order import finish
from goide.doctor.rules.registry import Rule, probes_read_by


def core_rules() -> tuple[Rule, ...]:
    return (*toolchain.RULES, *gopath.RULES, *versions.RULES, *arch.RULES, *tools.RULES, *vscode.RULES)


def probe_failures(facts: Facts) -> list[Finding]:
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
    failed = {failure.probe for failure in facts.probe_failures}
    findings: list[Finding] = []
    for rule in rules:
        if probes_read_by(rule) & failed:
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
    return finish(findings)
