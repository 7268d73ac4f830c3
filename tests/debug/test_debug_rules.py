"""The debug rules on facts from other machines: Rosetta, ptrace in containers, old Delve, Intel dlv on a Mac.

Each failure text below is the real one, assembled as Delve assembles it (file named beside it);
the failures this Linux machine can provoke for real are tested in test_debug_smoke.py.
"""

from __future__ import annotations

import pytest

from goide.core.model import Severity
from goide.debug.delve import Candidate, DelveFacts
from goide.debug.rules import check_delve, explain_smoke
from goide.debug.smoke import STEP_NAMES, SmokeFacts, Step

PROGRAM = "/Users/me/src/hello"


def _smoke(failed_at: str, detail: str, **more: object) -> SmokeFacts:
    steps = []
    failed = False
    for name in STEP_NAMES:
        if failed:
            steps.append(Step(name, "skipped"))
        elif name == failed_at:
            steps.append(Step(name, "failed", 0.2, detail))
            failed = True
        else:
            steps.append(Step(name, "passed", 0.01, "ok"))
    facts: dict[str, object] = {
        "dlv": "/Users/me/go/bin/dlv",
        "program": PROGRAM,
        "generated": False,
        "breakpoint_file": PROGRAM + "/main.go",
        "breakpoint_line": 6,
        "steps": tuple(steps),
        "host_os": "darwin",
        "host_arch": "arm64",
        **more,
    }
    return SmokeFacts(**facts)  # type: ignore[arg-type]


# service/dap/server.go: "Failed to launch" + " " + program + ": " + err, where err comes from
# service/debugger/debugger.go ("could not launch process: %s") around
# pkg/proc/macutil/rosetta_darwin.go's message.
ROSETTA = (
    f"Failed to launch {PROGRAM}: could not launch process: can not run under Rosetta, check that the "
    "installed build of Go is right for your CPU architecture"
)
# pkg/proc/gdbserial/gdbserver.go checkRosettaExpensive (Delve >= 1.23.1).
ROSETTA_SHELL = (
    f"Failed to launch {PROGRAM}: could not launch process: can not run under Rosetta, check that the "
    "terminal/shell in use is right for your CPU architecture"
)
# pkg/proc/native/proc_linux.go: fork/exec with Ptrace in a container without CAP_SYS_PTRACE.
PTRACE = (
    f"Failed to launch {PROGRAM}: could not launch process: fork/exec {PROGRAM}/__debug_bin: "
    "operation not permitted"
)
# pkg/goversion/compat.go dlvTooOldErr, surfaced by the launch response.
TOO_NEW_GO = (
    f"Failed to launch {PROGRAM}: Version of Delve is too old for Go version go1.99.0 (maximum supported "
    "version 1.26, suppress this error with --check-go-version=false)"
)
CGO = (
    "Build Error: go build -o /tmp/__debug_bin -gcflags all=-N -l .\n"
    'runtime/cgo: exec: "gcc": executable file not found in $PATH (exit status 1)\n'
)


@pytest.mark.parametrize(
    ("facts", "finding_id", "words"),
    [
        (_smoke("launch", ROSETTA), "debug.rosetta", "Intel (amd64) build"),
        (_smoke("launch", ROSETTA_SHELL), "debug.rosetta", "shell"),
        (_smoke("launch", PTRACE, host_os="linux", host_arch="amd64"), "debug.ptrace-blocked", "trace"),
        (_smoke("launch", TOO_NEW_GO), "debug.go-version", "Delve is too old"),
        (
            _smoke(
                "launch",
                "Failed to launch: Build error: Check the debug console for details.",
                debug_console=CGO,
            ),
            "debug.c-compiler-missing",
            "C compiler",
        ),
        (
            _smoke(
                "launch",
                "Failed to launch: Build error: Check the debug console for details.",
                debug_console="Build Error: go build -o x .\n./main.go:4:2: undefined: y (exit status 1)\n",
            ),
            "debug.build-failed",
            "could not build",
        ),
        (
            _smoke("stopped", "dlv dap did not send event stopped in time", timed_out_step="stopped"),
            "debug.timeout",
            "never reached the breakpoint",
        ),
        (_smoke("threads", "something unheard of"), "debug.step-failed", "threads"),
        (
            _smoke("start", "cannot run dlv: Permission denied", dlv_start_errno="EACCES"),
            "debug.dlv-not-executable",
            "permission denied",
        ),
    ],
)
def test_explain_smoke(facts: SmokeFacts, finding_id: str, words: str) -> None:
    findings = explain_smoke(facts)
    assert [f.id for f in findings] == [finding_id]
    assert findings[0].severity is Severity.ERROR
    assert words in findings[0].title
    assert findings[0].fix is not None


def test_exec_format_error_with_native_goarch_is_not_blamed_on_goarch() -> None:
    facts = _smoke(
        "launch",
        "Failed to launch x: could not launch process: fork/exec /tmp/__debug_bin: exec format error",
        host_os="linux",
        host_arch="amd64",
        go_env={"GOOS": "linux", "GOARCH": "amd64"},
    )
    assert [f.id for f in explain_smoke(facts)] == ["debug.cannot-execute"]


def _delve(**more: object) -> DelveFacts:
    facts: dict[str, object] = {
        "host_os": "darwin",
        "host_arch": "arm64",
        "candidates": (Candidate("GOPATH/bin", "/Users/me/go/bin/dlv", True),),
        "path": "/Users/me/go/bin/dlv",
        "source": "GOPATH/bin",
        "version": "1.27.2",
        "platforms": ("darwin/arm64",),
        "build_info": {"go": "go1.26.8", "GOOS": "darwin", "GOARCH": "arm64"},
        "dap_help_ok": True,
        **more,
    }
    return DelveFacts(**facts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("facts", "finding_id", "severity"),
    [
        (_delve(), "debug.dlv", Severity.OK),
        (_delve(platforms=("darwin/amd64",)), "debug.rosetta", Severity.ERROR),
        (
            _delve(
                build_info={"GOOS": "linux", "GOARCH": "arm64"},
                run_error="exec format error",
                run_errno="ENOEXEC",
            ),
            "debug.dlv-wrong-platform",
            Severity.ERROR,
        ),
        (_delve(platforms=("darwin/amd64", "darwin/arm64")), "debug.dlv", Severity.OK),  # universal
        (_delve(host_translation="rosetta"), "debug.rosetta-shell", Severity.ERROR),
        (_delve(version="1.7.2"), "debug.dlv-no-dap", Severity.ERROR),
        (_delve(dap_help_ok=False), "debug.dlv-no-dap", Severity.ERROR),
        (_delve(version="1.8.2"), "debug.dlv-old", Severity.WARNING),
        (_delve(path=None, source=None, candidates=()), "debug.dlv-missing", Severity.ERROR),
        (
            _delve(run_error="Permission denied", run_errno="EACCES", build_info={}),
            "debug.dlv-not-executable",
            Severity.ERROR,
        ),
    ],
)
def test_check_delve(facts: DelveFacts, finding_id: str, severity: Severity) -> None:
    findings = check_delve(facts)
    assert [(f.id, f.severity) for f in findings] == [(finding_id, severity)]


# Delve's Go-version messages of every generation (pkg/goversion/compat.go; the texts and their
# releases are in shared/reference/tool-versions-and-compat.md §1.2-1.3, each checked there with a
# real dlv): which side is too old decides the fix.
GENERATIONS = [
    # v1.7.3 ... v1.27.2: the version in the sentence.
    (
        "Go version go1.24.0 is too old for this version of Delve (minimum supported version 1.25, "
        "suppress this error with --check-go-version=false)",
        "the program's Go is too old for this Delve",
        None,
    ),
    (
        "Version of Delve is too old for Go version go1.27.0 (maximum supported version 1.26, suppress "
        "this error with --check-go-version=false)",
        "this Delve is too old for the program's Go",
        "install",
    ),
    # --check-go-version=false (warn-only, since v1.7.3): lower-case "version of Delve".
    (
        "WARNING: undefined behavior - version of Delve is too old for Go version go1.27.0 (maximum "
        "supported version 1.26)",
        "this Delve is too old for the program's Go",
        "install",
    ),
    (
        "WARNING: undefined behavior - Go version go1.24.0 is too old for this version of Delve (minimum "
        "supported version 1.25)",
        "the program's Go is too old for this Delve",
        None,
    ),
    # v1.7.0-v1.7.2 and older: no version in the sentence.
    (
        "Version of Go is too old for this version of Delve (minimum supported version 1.15, suppress "
        "this error with --check-go-version=false)",
        "the program's Go is too old for this Delve",
        None,
    ),
    (
        "Version of Delve is too old for this version of Go (maximum supported version 1.17, suppress "
        "this error with --check-go-version=false)",
        "this Delve is too old for the program's Go",
        "install",
    ),
]


@pytest.mark.parametrize(("message", "title", "command"), GENERATIONS)
def test_delve_version_messages_of_every_generation(message: str, title: str, command: str | None) -> None:
    findings = explain_smoke(_smoke("launch", f"Failed to launch {PROGRAM}: {message}"))
    assert [f.id for f in findings] == ["debug.go-version"]
    assert findings[0].title == title
    assert message in findings[0].detail
    if command:
        # The version doctor advises, not @latest.
        assert findings[0].fix is not None
        assert findings[0].fix.command == "go install github.com/go-delve/delve/cmd/dlv@v1.27.2"
    else:
        assert findings[0].fix is not None
        assert "newer Go" in findings[0].fix.description


def test_dwarf5_needs_a_dlv_built_with_go_1_25() -> None:
    message = (
        "To debug executables using DWARFv5 or later Delve must be built with Go version 1.25.0 or later"
    )
    findings = explain_smoke(
        _smoke("launch", f"Failed to launch {PROGRAM}: could not launch process: {message}")
    )
    assert [f.id for f in findings] == ["debug.dlv-built-with-old-go"]
    assert findings[0].fix is not None
    assert findings[0].fix.command == "go install github.com/go-delve/delve/cmd/dlv@v1.27.2"
    assert "GOEXPERIMENT=nodwarf5" in findings[0].fix.description


def test_debug_advises_the_version_doctor_advises() -> None:
    from goide.debug.rules import INSTALL_DLV
    from goide.doctor.known import TOOLS_BY_NAME

    assert INSTALL_DLV.endswith("@" + TOOLS_BY_NAME["dlv"].latest)
    assert "@latest" not in INSTALL_DLV
