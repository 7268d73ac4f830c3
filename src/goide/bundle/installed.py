"""`goide doctor --bundle DIR --platform OS/ARCH`: the bundle judged as if it were installed on
such a machine. For each tool, the binary that machine would use (its own OS_ARCH directory
first, else one it can run translated), and how it runs there (doctor/platforms.py); then the
bundle's own checks for that directory, and the Go extension's tools that are missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from goide.bundle.inventory import FoundBinary, Inventory, read_bundle
from goide.bundle.judge import judge_bundle
from goide.bundle.target import Target
from goide.core.errors import EXIT_FINDINGS, EXIT_OK, InputError
from goide.core.model import Finding, Fix, Severity
from goide.doctor.collect.binary import default_reader, describe
from goide.doctor.collect.host import simulated_host
from goide.doctor.facts import HostFacts
from goide.doctor.known import TOOLS
from goide.doctor.platforms import RunMode, best_slice, translator

AREA = "bundle on this machine"


def _tool(b: FoundBinary) -> str:
    name = b.path.rsplit("/", 1)[-1]
    return name.removesuffix(".exe")


def _chosen(inv: Inventory, host: HostFacts) -> dict[str, tuple[FoundBinary, RunMode, str]]:
    """tool -> (binary, how it runs, slice OS/ARCH): the native one if any, else the best."""
    reader = default_reader()
    chosen: dict[str, tuple[FoundBinary, RunMode, str]] = {}
    order = (RunMode.NATIVE, RunMode.TRANSLATED, RunMode.EMULATED, RunMode.CANNOT_RUN, RunMode.UNKNOWN)
    for b in inv.binaries:
        if b.target.os != host.os:
            continue
        facts = describe(str(Path(inv.root) / b.path), reader)
        piece, mode = best_slice(facts, host)
        where = f"{piece.os}/{piece.arch}" if piece else "unreadable"
        have = chosen.get(_tool(b))
        if have is None or order.index(mode) < order.index(have[1]):
            chosen[_tool(b)] = (b, mode, where)
    return chosen


def judge_installed(root: Path, platform: str) -> list[Finding]:
    host = simulated_host(platform)
    inv = read_bundle(root)
    machine = Target(host.os, host.hardware_arch)
    findings: list[Finding] = []
    if machine not in inv.targets:
        findings.append(
            Finding(
                "bundle-no-target",
                Severity.ERROR,
                f"the bundle has no {machine.dirname} directory",
                area=AREA,
                detail="Targets in the bundle: " + (", ".join(map(str, inv.targets)) or "none"),
                fix=Fix(f"add {machine}", command=f"goide bundle build --target {machine} --out NEW_DIR"),
            )
        )
    for tool, (b, mode, where) in sorted(_chosen(inv, host).items()):
        findings.append(_run_finding(tool, b, mode, where, host))
    present = {_tool(b) for b in inv.binaries if b.target == machine}
    for known in TOOLS:
        if known.importance in ("required", "debugging") and known.name not in present:
            findings.append(
                Finding(
                    "bundle-tool-missing",
                    Severity.WARNING,
                    f"no {known.name} for {machine}: the Go extension will ask to install it",
                    area=AREA,
                    detail="Offline, that install fails; the extension needs it for "
                    + ("language features" if known.importance == "required" else "debugging")
                    + ".",
                    fix=Fix(
                        f"add {known.name}",
                        command=f"goide bundle build --target {machine} {known.name} --out NEW_DIR",
                    ),
                )
            )
    if machine in inv.targets:
        findings.extend(judge_bundle(read_bundle(root, machine)))
    return findings


def _run_finding(tool: str, b: FoundBinary, mode: RunMode, where: str, host: HostFacts) -> Finding:
    machine = f"{host.os}/{host.hardware_arch}"
    if mode is RunMode.NATIVE:
        return Finding("bundle-runs-native", Severity.OK, f"{tool} runs natively ({b.path})", area=AREA)
    if mode is RunMode.TRANSLATED:
        layer = translator(host)
        dlv = tool == "dlv"
        return Finding(
            "bundle-runs-translated",
            Severity.ERROR if dlv else Severity.WARNING,
            f"{tool} would run under {layer} ({where} on {machine})",
            area=AREA,
            detail=(
                f"Delve under {layer} cannot debug native {host.hardware_arch} programs."
                if dlv
                else f"It works, slower, and reports {where} to the tools it starts."
            ),
            fix=Fix(
                f"build {tool} for {machine}",
                command=f"goide bundle build --target {machine} {tool} --out NEW_DIR",
            ),
        )
    return Finding(
        "bundle-cannot-run",
        Severity.ERROR,
        f"{tool} cannot run on {machine} ({b.path} is {where})",
        area=AREA,
        fix=Fix(
            f"build {tool} for {machine}",
            command=f"goide bundle build --target {machine} {tool} --out NEW_DIR",
        ),
    )


def doctor_bundle(root: str, platform: str | None, *, output: str, verbose: bool, out: IO[str]) -> int:
    """The `doctor --bundle` command: judge, render like doctor, exit 1 on any error."""
    from goide.core.findings import render_markdown, render_text, to_json

    if not platform:
        raise InputError("--bundle needs --platform", hint="say which machine, e.g. --platform darwin/arm64")
    findings = judge_installed(Path(root), platform)
    if output == "json":
        from goide.core import jsonout

        jsonout.write(to_json(findings), out)
    elif output == "markdown":
        out.write("## goide doctor --bundle\n\n" + render_markdown(findings))
    else:
        render_text(findings, out, verbose=verbose)
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK
