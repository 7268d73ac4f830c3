"""Pure rules for debugging: what a Delve installation and a smoke run's results mean, as Findings.

No I/O here. The messages matched are Delve's and Go's own (quoted with their source below), so
that a finding names the cause a person can act on: Rosetta, no `go`, a wrong GOARCH, missing
permissions, a ptrace-less container, a dlv built for another machine, a step that hung.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from goide.core.model import Finding, Fix, Severity
from goide.core.words import plural
from goide.doctor.known import TOOLS_BY_NAME

if TYPE_CHECKING:  # the facts are plain data; importing their collectors at run time is not needed
    from goide.debug.delve import DelveFacts
    from goide.debug.smoke import SmokeFacts

AREA = "Debugging (Delve)"
# The version doctor advises (doctor/known.py), not @latest: the same command from both.
DLV_PACKAGE = TOOLS_BY_NAME["dlv"].package
INSTALL_DLV = f"go install {DLV_PACKAGE}@{TOOLS_BY_NAME['dlv'].latest}"
# vscode-go's dlv-dap adapter needs `dlv dap` with --client-addr and dlvCwd, both new in 1.7.3
# (Delve CHANGELOG 1.7.3).
MIN_DAP_VERSION = (1, 7, 3)
# Before each dlv-dap session the extension compares dlv with this version (its hard-coded
# "latest known" dlv in goTools.ts) and offers an update when dlv is older.
EXTENSION_LATEST_KNOWN = (1, 8, 3)

# pkg/proc/macutil/rosetta_darwin.go and pkg/proc/gdbserial/gdbserver.go (go-delve/delve).
_ROSETTA = "can not run under Rosetta"
_ROSETTA_SHELL = "check that the terminal/shell in use is right for your CPU architecture"
# Go's os/exec error when a program is not on PATH, as Delve's build step reports it.
_GO_MISSING = re.compile(r'exec: "go": executable file not found')
_C_COMPILER_MISSING = re.compile(
    r'(exec: "(?:gcc|clang|cc)": executable file not found|C compiler "[^"]+" not found)'
)
_EXEC_FORMAT = re.compile(r"exec format error|cannot execute binary file", re.IGNORECASE)
# pkg/goversion/compat.go, every generation (tool-versions-and-compat.md §1.2): since v1.7.3 the
# version is in the sentence ("Go version go1.24.0 is too old ...", "Version of Delve is too old for
# Go version go1.27.0 ..."), before it was not; the warn-only form has a lower-case "version of
# Delve". Group "go_old": the program's Go is below Delve's window; "dlv_old": above it.
_GO_VERSION = re.compile(
    r"(?i)(?P<go_old>Go version (?P<go>\S+) is too old for this version of Delve"
    r"|Version of Go is too old for this version of Delve)"
    r"|(?P<dlv_old>version of Delve is too old for (?:Go version (?P<go2>\S+)|this version of Go))"
    r"(?:[^\n]*?\((?P<window>(?:minimum|maximum) supported version [0-9.]+))?"
)
# compat.go since v1.24.2: dlv built with Go < 1.25 cannot read DWARF 5, which Go 1.25+ writes.
_DWARF5 = re.compile(
    r"To debug executables using DWARFv5 or later Delve must be built with Go version (\S+) or later"
)
_NOT_PERMITTED = re.compile(r"operation not permitted", re.IGNORECASE)
_DENIED = re.compile(
    r"(?:open|stat|mkdir|fork/exec|remove|lstat|chdir)?\s*(\S+): (permission denied|read-only file system)"
)
_BUILD_ERROR = re.compile(r"^Build Error: .*$", re.MULTILINE)


def _version_tuple(version: str | None) -> tuple[int, ...] | None:
    if not version:
        return None
    numbers = re.match(r"v?(\d+)\.(\d+)(?:\.(\d+))?", version)
    if not numbers:
        return None
    return tuple(int(n or 0) for n in numbers.groups())


def _lines_with(text: str, needle: re.Pattern[str] | str, limit: int = 4) -> tuple[str, ...]:
    found = []
    for line in text.splitlines():
        hit = needle.search(line) if isinstance(needle, re.Pattern) else needle in line
        if hit:
            found.append(line.strip())
            if len(found) >= limit:
                break
    return tuple(found)


# -- goide debug check ------------------------------------------------------------------------


def check_delve(facts: DelveFacts) -> list[Finding]:
    """Findings about the dlv the Go extension would run."""
    host = f"{facts.host_os}/{facts.host_arch}"
    searched = tuple(f"{c.source}: {c.path}{'' if c.exists else ' (absent)'}" for c in facts.candidates)
    if facts.path is None:
        return [
            Finding(
                "debug.dlv-missing",
                Severity.ERROR,
                "Delve (dlv) is not installed where the Go extension looks for it",
                AREA,
                "VS Code cannot start a debug session without dlv. Looked in: GOBIN, GOPATH/bin, "
                "GOROOT/bin and PATH" + (f" ({plural(len(searched), 'place')})" if searched else "") + ".",
                Fix("Install Delve with the Go toolchain of this machine", command=INSTALL_DLV),
                searched,
            )
        ]
    built_for = " + ".join(facts.platforms) or None
    # A universal Mach-O fits when one of its slices is the host's.
    foreign = bool(facts.platforms) and host not in facts.platforms
    evidence = (f"{facts.source}: {facts.path}", *((f"built for {built_for}",) if built_for else ()))
    if foreign and host == "darwin/arm64" and "darwin/amd64" in facts.platforms:
        return [
            Finding(
                "debug.rosetta",
                Severity.ERROR,
                "dlv is an Intel (amd64) build; on Apple Silicon it runs under Rosetta and refuses to debug",
                AREA,
                "Delve exits with 'can not run under Rosetta, check that the installed build of Go is "
                "right for your CPU architecture'. The dlv (and usually the go) installed is for "
                "darwin/amd64.",
                Fix(
                    "Install the arm64 (Apple Silicon) Go from go.dev/dl, then reinstall dlv with it and "
                    "restart VS Code",
                    command=INSTALL_DLV,
                ),
                evidence,
            )
        ]
    if facts.run_error is not None:
        if facts.run_errno == "ENOEXEC" or foreign:
            return [_dlv_wrong_platform(facts, built_for, host, evidence)]
        if facts.run_errno == "EACCES":
            return [
                Finding(
                    "debug.dlv-not-executable",
                    Severity.ERROR,
                    f"dlv at {facts.path} cannot be executed (permission denied)",
                    AREA,
                    "The file exists but this user may not execute it, or it sits on a noexec mount.",
                    Fix("Make it executable, or reinstall it", command=f"chmod +x {facts.path}"),
                    evidence,
                )
            ]
        return [
            Finding(
                "debug.dlv-cannot-run",
                Severity.ERROR,
                f"`dlv version` failed: {facts.run_error.splitlines()[0] if facts.run_error else ''}",
                AREA,
                facts.run_error,
                Fix("Reinstall Delve", command=INSTALL_DLV),
                evidence,
            )
        ]
    if facts.host_translation == "rosetta":
        return [
            Finding(
                "debug.rosetta-shell",
                Severity.ERROR,
                "this shell runs under Rosetta (x86_64): dlv started from it refuses to debug",
                AREA,
                "Delve checks the architecture of what starts it and says 'can not run under Rosetta, "
                "check that the terminal/shell in use is right for your CPU architecture'.",
                Fix(
                    "Use an arm64 terminal and VS Code (`uname -m` must say arm64), or point "
                    "go.alternateTools.dlv at a wrapper running `arch -arm64 dlv`"
                ),
                evidence,
            )
        ]
    if foreign:
        # It ran, so something (qemu-user, Rosetta, x64 emulation) translates it; Delve cannot
        # trace a process under translation.
        return [_dlv_wrong_platform(facts, built_for, host, evidence)]
    findings: list[Finding] = []
    version = _version_tuple(facts.version)
    label = f"dlv {facts.version or '(unknown version)'}"
    if facts.build_info.get("go"):
        label += f" built with {facts.build_info['go']}"
    if built_for:
        label += f" for {built_for}"
    if (version is not None and version < MIN_DAP_VERSION) or facts.dap_help_ok is False:
        findings.append(
            Finding(
                "debug.dlv-no-dap",
                Severity.ERROR,
                f"{label} is too old for the Go extension's debug adapter (dlv-dap needs 1.7.3 or newer)",
                AREA,
                "The extension runs `dlv dap`; this dlv lacks it or the options the extension passes.",
                Fix("Update Delve", command=INSTALL_DLV),
                evidence,
            )
        )
    elif version is not None and version < EXTENSION_LATEST_KNOWN:
        findings.append(
            Finding(
                "debug.dlv-old",
                Severity.WARNING,
                f"{label} is older than 1.8.3; the Go extension will ask to update it before each session",
                AREA,
                fix=Fix("Update Delve", command=INSTALL_DLV),
                evidence=evidence,
            )
        )
    else:
        findings.append(
            Finding("debug.dlv", Severity.OK, f"{label} at {facts.path}", AREA, evidence=evidence)
        )
    return findings


def _dlv_wrong_platform(
    facts: DelveFacts, built_for: str | None, host: str, evidence: tuple[str, ...]
) -> Finding:
    what = f"built for {built_for}" if built_for else "built for another OS or architecture"
    return Finding(
        "debug.dlv-wrong-platform",
        Severity.ERROR,
        f"dlv at {facts.path} is {what}; this machine is {host}",
        AREA,
        "Delve must be a native build: it cannot debug when the system cannot run it or runs it "
        "under emulation. This happens when it was installed with GOOS/GOARCH set, or copied from "
        "another machine.",
        Fix(
            "Reinstall dlv natively (with GOOS and GOARCH unset)",
            command=f"env -u GOOS -u GOARCH {INSTALL_DLV}",
        ),
        evidence + ((f"error: {facts.run_error}",) if facts.run_error else ()),
    )


def launch_summary(launch_findings: Mapping[str, list[Finding]]) -> list[Finding]:
    """An ok line for each launch file the launch rules found nothing in; a hint when there is none."""
    if not launch_findings:
        return [
            Finding(
                "debug.launch-json-missing",
                Severity.INFO,
                "no .vscode/launch.json: F5 debugs the package of the open file with default settings",
                AREA,
                fix=Fix(
                    "Write launch configurations (launch the package, debug a test, attach)",
                    command="goide settings init",
                ),
            )
        ]
    return [
        Finding("debug.launch-json", Severity.OK, f"{path}: launch configurations valid", AREA)
        for path, findings in launch_findings.items()
        if not findings
    ]


# -- goide debug smoke ------------------------------------------------------------------------


def explain_smoke(facts: SmokeFacts) -> list[Finding]:
    """One finding: success, or the most specific explanation of the first failed step."""
    failed = facts.failed_step
    unproven = facts.not_proven
    if failed is None and unproven is not None:
        return [
            Finding(
                "debug.smoke-not-proven",
                Severity.WARNING,
                f"debugging not proven: the session ran, but step '{unproven.name}' read nothing "
                f"({unproven.detail})",
                AREA,
                "Stopping at a breakpoint works; reading a variable was not shown, so whether Delve "
                "reads this program's values is still open.",
                Fix(
                    "Give a breakpoint after a local is assigned, or let goide use its own program",
                    command="goide debug smoke",
                ),
                (
                    f"dlv: {facts.dlv}",
                    f"program: {facts.program}",
                    f"breakpoint line: {facts.breakpoint_line}",
                ),
            )
        ]
    if failed is None:
        total = sum(step.seconds for step in facts.steps)
        variables = next((s.detail for s in facts.steps if s.name == "variables"), "")
        return [
            Finding(
                "debug.smoke",
                Severity.OK,
                f"debugging works: stopped at line {facts.breakpoint_line}, read {variables} ({total:.2f}s)",
                AREA,
                evidence=(f"dlv: {facts.dlv}", f"program: {facts.program}"),
            )
        ]
    text = "\n".join((failed.detail, facts.debug_console, facts.dlv_stderr))
    where = f"step '{failed.name}' failed"
    for explain in _EXPLANATIONS:
        finding = explain(facts, failed.detail, text, where)
        if finding is not None:
            return [finding]
    first_line = failed.detail.splitlines()[0] if failed.detail else ""
    return [
        Finding(
            "debug.step-failed",
            Severity.ERROR,
            f"debugging failed at step '{failed.name}': {first_line}",
            AREA,
            failed.detail,
            Fix("Run the same session with Delve's log to see why", command="dlv dap --log --log-output=dap"),
            _tail(facts.debug_console) + _tail(facts.dlv_stderr),
        )
    ]


def _tail(text: str, lines: int = 6) -> tuple[str, ...]:
    return tuple(line for line in text.strip().splitlines()[-lines:] if line.strip())


def _dlv_start(facts: SmokeFacts, detail: str, text: str, where: str) -> Finding | None:
    if facts.dlv_start_errno == "ENOENT":
        return Finding(
            "debug.dlv-missing",
            Severity.ERROR,
            f"dlv not found: {facts.dlv}",
            AREA,
            detail,
            Fix("Install Delve", command=INSTALL_DLV),
            (where,),
        )
    if facts.dlv_start_errno == "ENOEXEC":
        what = f"built for {' + '.join(facts.dlv_platforms)}" if facts.dlv_platforms else "not an executable"
        return Finding(
            "debug.dlv-wrong-platform",
            Severity.ERROR,
            f"dlv at {facts.dlv} is {what}; this machine is {facts.host_os}/{facts.host_arch}",
            AREA,
            "The system refused to run it (exec format error): it was built for another OS or "
            "architecture, or it is not a program at all.",
            Fix(
                "Reinstall dlv natively (with GOOS and GOARCH unset)",
                command=f"env -u GOOS -u GOARCH {INSTALL_DLV}",
            ),
            (where, detail),
        )
    if facts.dlv_start_errno == "EACCES":
        return Finding(
            "debug.dlv-not-executable",
            Severity.ERROR,
            f"dlv at {facts.dlv} cannot be executed (permission denied)",
            AREA,
            detail,
            Fix("Make it executable, or reinstall it", command=f"chmod +x {facts.dlv}"),
            (where,),
        )
    return None


def _other_user(facts: SmokeFacts, detail: str, text: str, where: str) -> Finding | None:
    # service/dap/server.go (--only-same-user, on by default): the client and dlv run as different users.
    if "only accepted from the same UNIX user" not in text:
        return None
    return Finding(
        "debug.different-user",
        Severity.ERROR,
        "dlv runs as another user than its client and refuses the connection",
        AREA,
        "Delve accepts local connections only from the user that started it. A wrapper that runs "
        "dlv through sudo or as another user (go.alternateTools.dlv) triggers this.",
        Fix("Run dlv as the same user as VS Code, or let the wrapper pass --only-same-user=false"),
        (where, *_lines_with(text, "same UNIX user", 1)),
    )


def _rosetta(facts: SmokeFacts, detail: str, text: str, where: str) -> Finding | None:
    if _ROSETTA not in text:
        return None
    shell = _ROSETTA_SHELL in text
    return Finding(
        "debug.rosetta",
        Severity.ERROR,
        "Delve refuses to run under Rosetta: "
        + (
            "the shell VS Code started is an Intel (x86_64) one"
            if shell
            else "dlv or go is an Intel (amd64) build"
        ),
        AREA,
        "On Apple Silicon an amd64 dlv (or a dlv started from an amd64 shell) runs translated by "
        "Rosetta, and Delve cannot debug from there.",
        Fix(
            "Use an arm64 shell for VS Code's terminal (check `uname -m` says arm64), or point "
            "go.alternateTools.dlv at a wrapper running `arch -arm64 dlv`"
            if shell
            else "Install the arm64 Go from go.dev/dl, reinstall dlv with it, restart VS Code",
            command=None if shell else INSTALL_DLV,
        ),
        (where, *_lines_with(text, _ROSETTA)),
    )


def _go_missing(facts: SmokeFacts, detail: str, text: str, where: str) -> Finding | None:
    if not _GO_MISSING.search(text):
        return None
    return Finding(
        "debug.go-missing",
        Severity.ERROR,
        "Delve cannot build the program: no `go` on the PATH it runs with",
        AREA,
        "In launch mode `debug` Delve runs `go build`; the go command must be on the PATH of the "
        "process that starts dlv (VS Code's environment, not only your shell's).",
        Fix("Install Go, or add its bin directory to PATH (or set go.alternateTools.go) and restart VS Code"),
        (where, *_lines_with(text, _GO_MISSING)),
    )


def _c_compiler_missing(facts: SmokeFacts, detail: str, text: str, where: str) -> Finding | None:
    if not _C_COMPILER_MISSING.search(text):
        return None
    return Finding(
        "debug.c-compiler-missing",
        Severity.ERROR,
        "the program needs cgo but there is no C compiler",
        AREA,
        'A package of the program uses cgo (import "C"), so `go build` needs gcc or clang.',
        Fix("Install a C compiler (build-essential, Xcode command line tools), or build with CGO_ENABLED=0"),
        (where, *_lines_with(text, _C_COMPILER_MISSING)),
    )


def _wrong_arch(facts: SmokeFacts, detail: str, text: str, where: str) -> Finding | None:
    if not _EXEC_FORMAT.search(text):
        return None
    goos = facts.go_env.get("GOOS", "")
    goarch = facts.go_env.get("GOARCH", "")
    host = f"{facts.host_os}/{facts.host_arch}"
    target = f"{goos}/{goarch}"
    evidence = (where, *_lines_with(text, _EXEC_FORMAT), f"go env: GOOS={goos} GOARCH={goarch}, host {host}")
    if goos and goarch and target != host:
        return Finding(
            "debug.wrong-goarch",
            Severity.ERROR,
            f"Delve built the program for {target}, which this {host} machine cannot run",
            AREA,
            f"GOOS/GOARCH are set to {target} in the environment dlv runs with (or with `go env -w`), "
            "so `go build` cross-compiles and the debug binary cannot start.",
            Fix(
                "Unset GOOS/GOARCH where VS Code starts (shell profile, go.toolsEnvVars, launch.json env) "
                "and remove any `go env -w` value",
                command="go env -u GOOS GOARCH",
            ),
            evidence,
        )
    return Finding(
        "debug.cannot-execute",
        Severity.ERROR,
        "the debug binary cannot be executed on this machine (exec format error)",
        AREA,
        detail,
        Fix("Check GOOS/GOARCH/GOFLAGS in the environment and `go env`; build natively"),
        evidence,
    )


def _go_version(facts: SmokeFacts, detail: str, text: str, where: str) -> Finding | None:
    dwarf = _DWARF5.search(text)
    if dwarf:
        return Finding(
            "debug.dlv-built-with-old-go",
            Severity.ERROR,
            f"this dlv was built with a Go older than {dwarf.group(1).removesuffix('.0')}, which cannot "
            "read the DWARF 5 debug data Go 1.25 and later write",
            AREA,
            dwarf.group(0),
            Fix(
                "Rebuild dlv with this machine's Go (1.25 or later); building the program with "
                "GOEXPERIMENT=nodwarf5 is the stopgap",
                command=INSTALL_DLV,
            ),
            (where, dwarf.group(0)),
        )
    found = _GO_VERSION.search(text)
    if not found:
        return None
    line_start = text.rfind("\n", 0, found.start()) + 1
    message = text[line_start:].splitlines()[0].strip()  # the whole line: a WARNING: prefix says it all
    if found.group("go_old"):
        title = "the program's Go is too old for this Delve"
        fix = Fix(
            "Build with a newer Go (this Delve's window is in the message), or install the last Delve "
            "that supports it; --check-go-version=false in launch.json dlvFlags only hides the check",
        )
    else:
        title = "this Delve is too old for the program's Go"
        fix = Fix("Update Delve (each release supports the three newest Go releases)", command=INSTALL_DLV)
    return Finding("debug.go-version", Severity.ERROR, title, AREA, message, fix, (where, message))


def _ptrace(facts: SmokeFacts, detail: str, text: str, where: str) -> Finding | None:
    if not _NOT_PERMITTED.search(detail):
        return None
    return Finding(
        "debug.ptrace-blocked",
        Severity.ERROR,
        "the system does not let Delve trace the program (operation not permitted)",
        AREA,
        "Delve uses ptrace. Containers drop it by default, and Linux's Yama setting "
        "(kernel.yama.ptrace_scope=3) or a seccomp profile can forbid it.",
        Fix(
            "In Docker run with --cap-add=SYS_PTRACE --security-opt seccomp=unconfined; on a host check "
            "`sysctl kernel.yama.ptrace_scope`"
        ),
        (where, *_lines_with(text, _NOT_PERMITTED)),
    )


def _permission(facts: SmokeFacts, detail: str, text: str, where: str) -> Finding | None:
    found = _DENIED.search(text)
    if not found:
        return None
    path, reason = found.group(1).rstrip(":"), found.group(2)
    if path == ".":  # Go's "cannot determine current directory: stat ." — dlv runs in the program's directory
        path = facts.program
    return Finding(
        "debug.permission-denied",
        Severity.ERROR,
        f"{reason} on {path}",
        AREA,
        "Delve could not read the program's sources or write the debug binary (launch.json "
        "`output`, by default __debug_bin in a temporary directory) as this user.",
        Fix(f"Give this user access to {path}, or set `output` in launch.json to a writable directory"),
        (where, *_lines_with(text, reason)),
    )


def _timeout(facts: SmokeFacts, detail: str, text: str, where: str) -> Finding | None:
    step = facts.timed_out_step
    if step is None:
        return None
    if facts.go_hangs:
        # Not a cold build cache: `go env`, which needs no build, did not answer either.
        return Finding(
            "debug.go-hangs",
            Severity.ERROR,
            f"step '{step}' timed out: the go command does not answer ({facts.go_path} env took "
            "longer than 3 s)",
            AREA,
            "Delve builds the program with `go build`; the go on PATH hangs even for `go env`, "
            "which reads no code. goide stopped dlv and everything it started.",
            Fix(
                f"Run `{facts.go_path} env` in a terminal: a wrapper script in its place, a GOROOT on a "
                "network file system or a locked GOMODCACHE/GOCACHE makes it wait"
            ),
            (where, f"go: {facts.go_path}"),
        )
    why = {
        "start": "dlv did not print its listening address",
        "launch": "building the program took too long (a cold build cache can take minutes)",
        "stopped": "the program never reached the breakpoint (it blocked or runs elsewhere first)",
        "continue": "the program did not finish after the breakpoint",
    }.get(step, "Delve did not answer")
    return Finding(
        "debug.timeout",
        Severity.ERROR,
        f"step '{step}' timed out: {why}",
        AREA,
        detail,
        Fix(
            "Rerun with a longer --timeout, or with --program pointing at a program that reaches main quickly"
        ),
        (where, *_tail(facts.debug_console, 3)),
    )


def _build_failed(facts: SmokeFacts, detail: str, text: str, where: str) -> Finding | None:
    if "Build error" not in detail and not _BUILD_ERROR.search(text):
        return None
    output = facts.debug_console.split("Build Error:", 1)[-1].strip().splitlines()
    return Finding(
        "debug.build-failed",
        Severity.ERROR,
        "Delve could not build the program",
        AREA,
        "\n".join(output[:12]),
        Fix("Fix the build (`go build` in the package directory shows the same errors)"),
        (where, *_lines_with(text, _BUILD_ERROR, 1)),
    )


_EXPLANATIONS: tuple[Callable[[SmokeFacts, str, str, str], Finding | None], ...] = (
    _dlv_start,
    _other_user,
    _rosetta,
    _go_version,
    _go_missing,
    _c_compiler_missing,
    _wrong_arch,
    _ptrace,
    _permission,
    _timeout,
    _build_failed,
)
