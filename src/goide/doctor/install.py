"""Installs and reinstalls Go tools for `goide doctor --fix`: the plan comes from the findings'
`install-tool:NAME@VERSION` actions, each step runs `go install` with the right go into the
right GOBIN, with a progress bar, and every failure is reported rather than raised.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO

from goide.core.model import Finding, Severity
from goide.core.process import run
from goide.doctor.facts import Facts
from goide.doctor.known import TOOLS_BY_NAME
from goide.doctor.platforms import RunMode, best_slice

ACTION_PREFIX = "install-tool:"


@dataclass(frozen=True)
class InstallStep:
    tool: str
    version: str
    package: str
    go: str  # full path of the go that runs natively here
    gobin: str  # where the tool lands

    @property
    def command(self) -> str:
        return f"GOBIN={self.gobin} {self.go} install {self.package}@{self.version}"


@dataclass(frozen=True)
class StepResult:
    step: InstallStep
    ok: bool
    message: str


def native_go_path(facts: Facts) -> str | None:
    for go in facts.toolchain.gos:
        if best_slice(go.binary, facts.host)[1] is RunMode.NATIVE:
            return go.binary.path
    return None


def plan(findings: list[Finding], facts: Facts) -> tuple[list[InstallStep], list[str]]:
    """Install steps for the warnings and errors that carry an install action, and what cannot be
    done (no native go to install with)."""
    steps: dict[str, InstallStep] = {}
    blocked: list[str] = []
    go = native_go_path(facts)
    tc = facts.toolchain
    gobin = tc.gobin or os.path.join((tc.gopath.split(os.pathsep) or [""])[0], "bin")
    for f in findings:
        if f.severity.rank < Severity.WARNING.rank or not f.fix or not f.fix.action:
            continue
        if not f.fix.action.startswith(ACTION_PREFIX):
            continue
        name, _, version = f.fix.action.removeprefix(ACTION_PREFIX).partition("@")
        if name not in TOOLS_BY_NAME or name in steps:
            continue
        if go is None:
            blocked.append(f"{name}: no go for {facts.host.os}/{facts.host.hardware_arch} to install it with")
            continue
        steps[name] = InstallStep(name, version, TOOLS_BY_NAME[name].package, go, gobin)
    return list(steps.values()), blocked


def install_environment(environ: Mapping[str, str], gobin: str) -> dict[str, str]:
    """The environment for `go install`: as the Go extension does, drop variables that would build
    for another platform, and send the tool to GOBIN."""
    env = {k: v for k, v in environ.items() if k not in ("GOOS", "GOARCH")}
    env["GOBIN"] = gobin
    return env


def apply(
    steps: list[InstallStep], out: IO[str], *, environ: Mapping[str, str], timeout: float = 900
) -> list[StepResult]:
    """Run the steps one by one (go install already builds in parallel) under a progress bar."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=out, highlight=False)
    results = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("installing tools", total=len(steps))
        for step in steps:
            progress.update(task, description=f"installing {step.tool}@{step.version}")
            try:
                os.makedirs(step.gobin, exist_ok=True)
            except OSError as err:
                results.append(StepResult(step, False, f"cannot create {step.gobin}: {err.strerror}"))
                progress.advance(task)
                continue
            result = run(
                [step.go, "install", f"{step.package}@{step.version}"],
                timeout=timeout,
                env=install_environment(environ, step.gobin),
            )
            if result.ok:
                results.append(StepResult(step, True, "installed"))
            elif result.timed_out:
                results.append(StepResult(step, False, f"timed out after {timeout:g} s"))
            else:
                lines = (result.stderr or result.start_error or "").strip().splitlines()
                results.append(
                    StepResult(step, False, lines[-1] if lines else f"exit status {result.returncode}")
                )
            progress.advance(task)
    return results


def confirm_and_apply(
    findings: list[Finding],
    facts: Facts,
    out: IO[str],
    stdin: IO[str],
    *,
    assume_yes: bool,
    environ: Mapping[str, str],
) -> bool:
    """Show the plan, ask (y/N on a terminal; --yes skips the question), apply it. True if anything ran."""
    steps, blocked = plan(findings, facts)
    for reason in blocked:
        out.write(f"cannot fix {reason}\n")
    if not steps:
        out.write("Nothing to fix automatically.\n\n")
        return False
    out.write("goide will run:\n")
    for step in steps:
        out.write(f"  {step.command}\n")
    if not assume_yes:
        if not stdin.isatty():
            out.write("Not a terminal: nothing done. Run again with --yes to apply.\n\n")
            return False
        out.write("Apply? [y/N] ")
        out.flush()
        if stdin.readline().strip().lower() not in ("y", "yes"):
            out.write("Nothing done.\n\n")
            return False
    results = apply(steps, out, environ=environ)
    for r in results:
        out.write(f"  {'ok' if r.ok else 'FAILED'}: {r.step.tool}@{r.step.version}: {r.message}\n")
    return True
