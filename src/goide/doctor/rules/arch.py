"""Rules about architecture: does every binary (the go toolchain, each tool, VS Code) fit the
hardware, and when many do not, which one thing explains them (the root cause)."""

from __future__ import annotations

from dataclasses import dataclass

from goide.core.model import Finding, Fix, Severity
from goide.core.words import plural
from goide.doctor.facts import BinaryFacts, Facts
from goide.doctor.platforms import RunMode, best_slice, translator
from goide.doctor.rules.common import AREA_ARCH, host_platform, install_fix, native_go, reinstall_version
from goide.doctor.rules.registry import reads

# Delve's own words (go-delve/delve pkg/proc/macutil/rosetta_darwin.go, wrapped by
# service/debugger/debugger.go); VS Code shows them after "Failed to launch: ".
DELVE_ROSETTA_MESSAGE = (
    "could not launch process: can not run under Rosetta, "
    "check that the installed build of Go is right for your CPU architecture"
)
# A native dlv started from a translated shell: debugserver crashes, and Delve (since v1.23.1,
# pkg/proc/gdbserial/gdbserver.go checkRosettaExpensive, which reads `uname -m`) says:
DELVE_ROSETTA_SHELL_MESSAGE = (
    "could not launch process: can not run under Rosetta, "
    "check that the terminal/shell in use is right for your CPU architecture"
)


@dataclass(frozen=True)
class _Placed:
    name: str  # go, gopls, dlv, VS Code ...
    binary: BinaryFacts
    platform: str
    mode: RunMode


def _placed(name: str, binary: BinaryFacts, facts: Facts) -> _Placed | None:
    chosen, mode = best_slice(binary, facts.host)
    if chosen is None:
        return None
    return _Placed(name, binary, f"{chosen.os}/{chosen.arch}", mode)


def _tools(facts: Facts) -> list[_Placed]:
    placed = []
    for tool in facts.tools:
        if tool.copies:
            p = _placed(tool.name, tool.copies[0].binary, facts)
            if p:
                placed.append(p)
    return placed


def _go(facts: Facts) -> _Placed | None:
    return _placed("go", facts.toolchain.gos[0].binary, facts) if facts.toolchain.gos else None


def _vscode(facts: Facts) -> list[_Placed]:
    placed = []
    for install in facts.vscode.installs:
        if install.executable:
            p = _placed(f"VS Code ({install.flavour})", install.executable, facts)
            if p:
                placed.append(p)
    return placed


@reads("host", "tools", "toolchain")
def tools(facts: Facts) -> list[Finding]:
    findings = []
    hw = host_platform(facts)
    layer = translator(facts.host)
    for p in _tools(facts):
        tool = next(t for t in facts.tools if t.name == p.name)
        evidence = (f"{p.binary.path}: {p.platform}", f"hardware: {hw}")
        why = f"Reinstall {p.name} for {hw}."
        if p.mode is RunMode.CANNOT_RUN:
            findings.append(
                Finding(
                    "arch.cannot-run",
                    Severity.ERROR,
                    f"{p.name} is built for {p.platform} and cannot run on {hw}",
                    AREA_ARCH,
                    'VS Code fails to start it ("exec format error" or "bad CPU type in executable").',
                    install_fix(facts, p.name, reinstall_version(tool, facts), why),
                    evidence,
                )
            )
        elif (
            p.mode in (RunMode.TRANSLATED, RunMode.EMULATED) and p.name == "dlv" and facts.host.os == "darwin"
        ):
            findings.append(
                Finding(
                    "arch.dlv-rosetta",
                    Severity.ERROR,
                    f"dlv is {p.platform} and runs under Rosetta 2: debugging fails",
                    AREA_ARCH,
                    f"Delve refuses to debug when translated. VS Code shows:\n  Failed to launch: "
                    f"{DELVE_ROSETTA_MESSAGE}",
                    install_fix(facts, "dlv", reinstall_version(tool, facts), why),
                    evidence,
                )
            )
        elif p.mode in (RunMode.TRANSLATED, RunMode.EMULATED):
            how = layer if p.mode is RunMode.TRANSLATED else "qemu-user"
            findings.append(
                Finding(
                    "arch.translated",
                    Severity.WARNING,
                    f"{p.name} is {p.platform} and runs under {how}",
                    AREA_ARCH,
                    "It works, but slower and with more memory than a native build"
                    + (
                        " (gopls type-checks the whole workspace: the difference shows)."
                        if p.name == "gopls"
                        else "."
                    ),
                    install_fix(facts, p.name, reinstall_version(tool, facts), why),
                    evidence,
                )
            )
    return findings


@reads("host", "toolchain", "vscode")
def toolchain_and_editor(facts: Facts) -> list[Finding]:
    findings = []
    hw = host_platform(facts)
    layer = translator(facts.host)
    go = _go(facts)
    if go and go.mode is RunMode.CANNOT_RUN:
        findings.append(
            Finding(
                "arch.go-cannot-run",
                Severity.ERROR,
                f"The go on PATH is {go.platform} and cannot run on {hw}",
                AREA_ARCH,
                "Nothing that needs go works: builds, tests, gopls, tool installs.",
                Fix(f"Install Go for {hw} from https://go.dev/dl/ and put it first on PATH."),
                (f"{go.binary.path}: {go.platform}",),
            )
        )
    elif go and go.mode is not RunMode.NATIVE:
        findings.append(
            Finding(
                "arch.go-translated",
                Severity.WARNING,
                f"The go on PATH is {go.platform} and runs under {layer}",
                AREA_ARCH,
                f"It builds {go.platform.split('/')[1]} programs by default, and every tool "
                f"installed with it "
                f"(gopls, dlv, ...) is {go.platform.split('/')[1]} too.",
                Fix(f"Install Go for {hw} from https://go.dev/dl/ and put it first on PATH."),
                (f"{go.binary.path}: {go.platform}",),
            )
        )
    elif go:
        findings.append(Finding("arch.go-native", Severity.OK, f"go is native ({go.platform})", AREA_ARCH))
    for p in _vscode(facts):
        if p.mode is RunMode.NATIVE:
            findings.append(
                Finding("arch.vscode-native", Severity.OK, f"{p.name} is native ({p.platform})", AREA_ARCH)
            )
            continue
        cannot = p.mode is RunMode.CANNOT_RUN
        findings.append(
            Finding(
                "arch.vscode-cannot-run" if cannot else "arch.vscode-translated",
                Severity.ERROR if cannot else Severity.WARNING,
                f"{p.name} is {p.platform}" + ("" if cannot else f" and runs under {layer}"),
                AREA_ARCH,
                "Its integrated terminal, and every tool it installs or starts, runs as "
                f"{p.platform.split('/')[1]} too.",
                Fix(
                    f"Download VS Code for {hw} (on a Mac: the Apple Silicon or Universal build) "
                    f"and replace this one."
                ),
                (f"{p.binary.path}: {p.platform}",),
            )
        )
    if facts.host.translation and not facts.host.simulated:
        findings.append(
            Finding(
                "arch.terminal-translated",
                Severity.WARNING,
                f"This terminal runs as {facts.host.process_arch} under {layer}",
                AREA_ARCH,
                "Programs started from it, `go install` included, run translated.",
                Fix(
                    'Open a native terminal (on a Mac: untick "Open using Rosetta" '
                    "in the terminal app's Get Info)."
                ),
                (f"process {facts.host.process_arch} on {facts.host.hardware_arch} hardware",),
            )
        )
    return findings


@reads("host", "tools", "toolchain", "vscode")
def root_cause(facts: Facts) -> list[Finding]:
    """One finding naming the cause when the foreign tools share the architecture of the go toolchain,
    of VS Code, or of the terminal: fixing that one thing, then reinstalling, fixes them all."""
    foreign = [p for p in _tools(facts) if p.mode is not RunMode.NATIVE]
    if not foreign:
        return []
    hw = host_platform(facts)
    causes: list[tuple[str, str]] = []  # (what, the platform it imposes)
    go = _go(facts)
    if go and go.mode is not RunMode.NATIVE:
        causes.append((f"the Go toolchain on PATH is {go.platform} ({go.binary.path})", go.platform))
    for p in _vscode(facts):
        if p.mode is not RunMode.NATIVE:
            causes.append(
                (
                    f"{p.name} is {p.platform}: tools it installs and its terminal run as {p.platform}",
                    p.platform,
                )
            )
    if facts.host.translation and not facts.host.simulated:
        causes.append(
            (
                f"the terminal runs translated as {facts.host.process_arch}",
                f"{facts.host.os}/{facts.host.process_arch}",
            )
        )
    causes = [c for c in causes if any(t.platform == c[1] for t in foreign)]
    if not causes:
        return []
    explained = {platform for _, platform in causes}
    affected = [p for p in foreign if p.platform in explained]
    names = ", ".join(f"{p.name} ({p.platform})" for p in affected)
    debug_broken = any(p.name == "dlv" for p in affected) and facts.host.os == "darwin"
    cannot_run = any(p.mode is RunMode.CANNOT_RUN for p in affected)
    severity = Severity.ERROR if debug_broken or cannot_run else Severity.WARNING
    steps = []
    if native_go(facts) is None:
        steps.append(f"Install Go for {hw} from https://go.dev/dl/ and put it first on PATH")
    steps.append(
        "reinstall " + ", ".join(p.name for p in affected) + " with it (`goide doctor --fix` does this)"
    )
    steps.append("restart VS Code")
    steps[0] = steps[0][0].upper() + steps[0][1:]
    others = "; ".join(c for c, _ in causes[1:])
    return [
        Finding(
            "arch.root-cause",
            severity,
            f"Root cause: {causes[0][0]}",
            AREA_ARCH,
            f"It explains {plural(len(affected), 'tool')} built for the "
            f"wrong architecture: "
            f"{names}." + (f" Also: {others}." if others else ""),
            Fix("; ".join(steps) + "."),
            tuple(c for c, _ in causes),
        )
    ]


@reads("host", "tools", "vscode")
def dlv_from_translated_shell(facts: Facts) -> list[Finding]:
    """A native dlv still fails on Apple Silicon when what starts it runs translated: an amd64
    VS Code (its terminal and debug adapter) or a Rosetta terminal."""
    host = facts.host
    if host.os != "darwin" or host.hardware_arch != "arm64":
        return []
    dlv = next((p for p in _tools(facts) if p.name == "dlv"), None)
    if dlv is None or dlv.mode is not RunMode.NATIVE:
        return []
    shells = [f"{p.name} ({p.platform})" for p in _vscode(facts) if p.mode is RunMode.TRANSLATED]
    if host.translation == "rosetta" and not host.simulated:
        shells.append(f"this terminal ({host.os}/{host.process_arch})")
    if not shells:
        return []
    return [
        Finding(
            "arch.dlv-rosetta-shell",
            Severity.ERROR,
            f"dlv is native but is started from a translated {' and '.join(shells)}: debugging fails",
            AREA_ARCH,
            "Programs it starts (and `uname -m`) run as x86_64, debugserver crashes, and Delve says:\n"
            f"  {DELVE_ROSETTA_SHELL_MESSAGE}",
            Fix(
                "Run VS Code and the terminal natively: install the Apple Silicon (or Universal) VS Code, "
                'and untick "Open using Rosetta" in the terminal app\'s Get Info.'
            ),
            (f"{dlv.binary.path}: {dlv.platform}", *shells),
        )
    ]


RULES = (toolchain_and_editor, tools, dlv_from_translated_shell, root_cause)
