"""After the rules: root causes first, and fixes that depend on each other as one numbered list.

The first error or warning a user reads must be the cause, not a symptom: "GOPATH is GOROOT"
before "gopls is not installed", "an amd64 Go on Apple Silicon" before "dlv runs under Rosetta".
Findings keep their areas (the view groups by area in the order areas first appear), so sorting
the findings by how causal their check is puts the cause's area first.

A step every install needs first ("install Go for darwin/arm64") is printed once, as step 1 of
one numbered list, not repeated under every tool.
"""

from __future__ import annotations

import dataclasses

from goide.core.model import Finding, Severity
from goide.doctor.rules.common import AREA_HOST, FIRST_INSTALL_GO

AREA_STEPS = "Fix, in this order"

# Lower runs first. Checks not named here come after the named ones, in rule order.
_CAUSES: tuple[tuple[str, ...], ...] = (
    (
        "host.",
        "toolchain.gccgo",
        "toolchain.gopath-in-goroot",
        "toolchain.gopath-relative",
        "toolchain.gobin-list",
        "toolchain.go-not-on-path",
        "settings.goroot-ignored",
        "settings.goroot-not-on-path",
        "settings.toolsgopath-in-goroot",
        "settings.gopath-in-goroot",
        "toolchain.no-go",
        "toolchain.stale-go-first",
        "toolchain.goroot-mismatch",
        "toolchain.go-env-",
        "toolchain.goos-persistent",
        "toolchain.goarch-persistent",
        "toolchain.goos-not-host",
        "toolchain.goarch-not-host",
        "arch.root-cause",
    ),
    (
        "debug.dlv-go-window",
        "debug.dlv-other-copy",
        "debug.dlv-dwarf5",
        "arch.dlv-rosetta",
        "arch.go-cannot-run",
        "arch.go-translated",
        "arch.cannot-run",
        "tools.extension-gopath-differs",
        "toolchain.gopath-several",
        "tools.golangci-lint-built-with-older-go",
    ),
    ("toolchain.unsupported", "tools.missing.", "tools.built-with-older-go", "arch.", "toolchain.", "tools."),
)


def _rank(finding: Finding) -> int:
    for rank, prefixes in enumerate(_CAUSES):
        if finding.id.startswith(prefixes):
            return rank
    return len(_CAUSES)


def causes_first(findings: list[Finding]) -> list[Finding]:
    """Findings ordered so that each area's place follows its most causal finding."""
    return sorted(findings, key=_rank)


def numbered_steps(findings: list[Finding]) -> list[Finding]:
    """A shared first step (install Go for this machine) said once, with the installs after it."""
    marker = FIRST_INSTALL_GO.split("{", 1)[0]
    dependent = [
        f
        for f in findings
        if f.fix and marker in f.fix.description and f.severity in (Severity.ERROR, Severity.WARNING)
    ]
    if len(dependent) < 2:
        return findings
    first = dependent[0].fix
    assert first is not None
    step_one = first.description[first.description.index(marker) :].removesuffix(", then run:")
    step_one = step_one.removeprefix("First ")
    steps = [step_one[:1].upper() + step_one[1:] + ", then open a new terminal."]
    commands: list[str] = []
    for f in dependent:
        if f.fix and f.fix.command and f.fix.command not in commands:
            commands.append(f.fix.command)
    steps += commands
    out = []
    for f in findings:
        if f in dependent and f.fix:
            number = commands.index(f.fix.command) + 2 if f.fix.command in commands else 1
            why = f.fix.description[: f.fix.description.index(marker)].strip()
            step = dataclasses.replace(f.fix, description=f"{why} Step {number} of '{AREA_STEPS}' below.")
            out.append(dataclasses.replace(f, fix=step))
            continue
        out.append(f)
    text = "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
    out.append(
        Finding(
            "doctor.fix-steps",
            Severity.INFO,
            f"{len(steps)} steps fix the {len(dependent)} findings above",
            AREA_STEPS,
            text,
            evidence=tuple(steps),
        )
    )
    return out


def finish(findings: list[Finding]) -> list[Finding]:
    host = [f for f in findings if f.area == AREA_HOST]
    rest = [f for f in findings if f.area != AREA_HOST]
    return numbered_steps(host + causes_first(rest))
