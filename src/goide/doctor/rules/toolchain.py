"""Rules about the Go toolchain: present, supported, unique on PATH, GOROOT, GOBIN/GOPATH on PATH,
GOOS/GOARCH left set, and `go env` itself answering."""

from __future__ import annotations

from goide.core.model import Finding, Fix, Severity
from goide.core.words import plural
from goide.doctor.facts import Facts, GoCommand
from goide.doctor.known import GO_MAJORS, GO_TABLE_CHECKED, go_major, supported_majors
from goide.doctor.rules.common import (
    AREA_HOST,
    AREA_TOOLCHAIN,
    host_platform,
    path_fix,
    platform_of,
    rules_of,
    unknown,
)
from goide.doctor.rules.registry import reads


def _version_of(go: GoCommand, facts: Facts, first: bool) -> str | None:
    if go.binary.slices and go.binary.slices[0].go_version:
        return go.binary.slices[0].go_version
    if first:
        return (facts.toolchain.go_env or {}).get("GOVERSION")
    return None


@reads("host")
def host(facts: Facts) -> list[Finding]:
    h = facts.host
    cpu = h.cpu
    cores = f"{cpu.logical} CPUs" if cpu.logical else "CPUs unknown"
    if cpu.performance is not None and cpu.efficiency is not None:
        cores += f" ({cpu.performance} performance, {cpu.efficiency} efficiency)"
    evidence = [f"process arch {h.process_arch}", f"translation {h.translation or 'none'}"]
    if h.emulated_archs:
        evidence.append("qemu-user emulates " + ", ".join(h.emulated_archs))
    if facts.source == "report":
        hardware = "not in the report" if unknown(facts, "host.hardware") else h.hardware_arch
        return [
            Finding(
                "host.report",
                Severity.INFO,
                f"Judged from a pasted report: {h.os}, hardware {hardware}",
                AREA_HOST,
                "Only what the report tells is judged; what it does not tell is unknown, not missing"
                + (f" (unknown: {', '.join(facts.unknown)})." if facts.unknown else ".")
                + (
                    f" VS Code ran remotely ({facts.report.remote}): the Go extension, go and the tools run "
                    "on the remote machine, and the facts above are the remote's."
                    if facts.report and facts.report.remote
                    else ""
                ),
                evidence=tuple(facts.report.kinds) if facts.report else (),
            )
        ]
    if h.simulated:
        return [
            Finding(
                "host.simulated",
                Severity.INFO,
                f"Judged as if the hardware were {host_platform(facts)}",
                AREA_HOST,
                "--platform: binaries are judged for that machine; none that cannot run here was executed.",
                evidence=tuple(evidence),
            )
        ]
    title = f"{h.os} {h.os_version} on {h.hardware_arch}, {cores}".replace("  ", " ")
    return [Finding("host.ok", Severity.OK, title, AREA_HOST, evidence=tuple(evidence))]


@reads("toolchain")
def go_command(facts: Facts) -> list[Finding]:
    tc = facts.toolchain
    if not tc.gos and unknown(facts, "toolchain.go"):
        return []
    if not tc.gos:
        return [
            Finding(
                "toolchain.no-go",
                Severity.ERROR,
                "No `go` on PATH",
                AREA_TOOLCHAIN,
                "The Go extension, gopls and every `go install` need the go command.",
                Fix(
                    f"Install Go for {host_platform(facts)} from https://go.dev/dl/ and open a new terminal."
                ),
                evidence=(f"PATH has {len(tc.path_dirs)} directories",),
            )
        ]
    first = tc.gos[0]
    rules = rules_of(facts)
    go_dir = rules.dirname(first.binary.path)
    reported_path = facts.source == "report" and not unknown(facts, "toolchain.path")
    if reported_path and rules.is_absolute(go_dir):  # noqa: SIM102 (the second test reads the PATH)
        if not any(rules.same(d, go_dir) for d in tc.path_dirs):
            return [
                Finding(
                    "toolchain.go-not-on-path",
                    Severity.ERROR,
                    f"{go_dir} is not on the PATH VS Code runs tools with",
                    AREA_TOOLCHAIN,
                    "The extension found go in GOROOT or a default place, but gopls, dlv and the other tools "
                    'look for go on PATH only ("go command required, not found: exec: "go": executable file '
                    'not found in $PATH").',
                    path_fix(facts, go_dir, f"Add {go_dir} to PATH."),
                    evidence=(f"PATH: {rules.list_separator.join(tc.path_dirs)[:300]}",),
                )
            ]
    version = _version_of(first, facts, True)
    if version is None and tc.go_version_output and "gccgo" in tc.go_version_output:
        return []  # versions.gccgo says what this go is
    where = platform_of(first.binary, facts) or (
        f"{tc.go_env['GOHOSTOS']}/{tc.go_env['GOHOSTARCH']}"
        if tc.go_env and "GOHOSTOS" in tc.go_env and "GOHOSTARCH" in tc.go_env
        else "platform unknown"
    )
    evidence = [f"{first.binary.path} -> {first.binary.real_path}", f"GOROOT {first.goroot}"]
    if first.binary.error:
        evidence.append(f"build info: {first.binary.error}")
    findings = []
    major = go_major(version) if version else None
    supported = supported_majors()
    newest = supported[0]
    if major is None and facts.source == "report":
        pass  # the report does not say: unknown, not a problem
    elif major is None:
        findings.append(
            Finding(
                "toolchain.version-unknown",
                Severity.WARNING,
                "Cannot tell which Go this is",
                AREA_TOOLCHAIN,
                f"{first.binary.path} has no readable build info and `go env` did not answer.",
                evidence=tuple(evidence),
            )
        )
    elif major < supported[-1] and (better := _newer_on_path(facts, major)) is not None:
        findings.append(
            Finding(
                "toolchain.stale-go-first",
                Severity.ERROR,
                f"An old Go ({version}) comes first on PATH; {better[1]} is installed further down",
                AREA_TOOLCHAIN,
                f"A terminal and VS Code run {first.binary.path} ({version}); {better[0]} ({better[1]}) is "
                "never "
                "used. Tools are then installed and judged with the old one.",
                Fix(
                    f"Remove the old Go ({rules_of(facts).dirname(first.binary.path)}) or put "
                    f"{rules_of(facts).dirname(better[0])} before it on PATH; do not install Go again."
                ),
                evidence=(f"{first.binary.path}: {version}", f"{better[0]}: {better[1]}"),
            )
        )
    elif major < supported[-1]:
        from goide.doctor.known import TOOLS_BY_NAME

        names = " and ".join(f"{a}.{b}" for a, b in supported)
        gopls = TOOLS_BY_NAME["gopls"].newest_for(major)
        builds = (
            "no gopls release builds with it"
            if major < TOOLS_BY_NAME["gopls"].needs_go[-1][1]
            else f"gopls {gopls} is the newest this Go can build"
        )
        old_note = (
            f" The Go extension installs no tools with a Go older than 1.21; {builds}."
            if major < (1, 21)
            else ""
        )
        findings.append(
            Finding(
                "toolchain.unsupported",
                Severity.WARNING,
                f"Go {version} is no longer supported",
                AREA_TOOLCHAIN,
                f"Go supports the two newest majors ({names}, as of {GO_TABLE_CHECKED}); gopls supports the "
                "same two for the go command on PATH." + old_note,
                Fix(
                    f"Install Go {newest[0]}.{newest[1]} for {host_platform(facts)} from https://go.dev/dl/."
                ),
                evidence=(*evidence, f"known majors: {', '.join(m for m, _ in GO_MAJORS[:3])}"),
            )
        )
    else:
        findings.append(
            Finding(
                "toolchain.go",
                Severity.OK,
                f"Go {version} {where} at {first.binary.path}",
                AREA_TOOLCHAIN,
                evidence=tuple(evidence),
            )
        )
    return findings


def _newer_on_path(facts: Facts, major: tuple[int, int]) -> tuple[str, str] | None:
    """(path, version) of a supported Go further down PATH than the first, old one."""
    for go in facts.toolchain.gos[1:]:
        version = _version_of(go, facts, False)
        later = go_major(version or "")
        if version and later and later > major and later >= supported_majors()[-1]:
            return go.binary.path, version
    return None


@reads("toolchain")
def several_go(facts: Facts) -> list[Finding]:
    gos = facts.toolchain.gos
    rules = rules_of(facts)
    distinct = {rules.norm(g.binary.real_path) for g in gos}
    if len(distinct) < 2:
        return []
    lines = []
    for g in gos:
        version = g.binary.slices[0].go_version if g.binary.slices else None
        lines.append(
            f"{g.binary.path}: {version or 'version unknown'} {platform_of(g.binary, facts) or ''}".strip()
        )
    return [
        Finding(
            "toolchain.several-go",
            Severity.WARNING,
            f"{len(distinct)} different `go` commands on PATH",
            AREA_TOOLCHAIN,
            "A terminal runs the first; VS Code, a Makefile or a tool started elsewhere may run "
            "another, and tools "
            "installed by one are built for its version and architecture.\n" + "\n".join(lines),
            Fix("Remove the ones you do not use, or put the one you want first on PATH."),
            evidence=tuple(lines),
        )
    ]


@reads("toolchain")
def goroot(facts: Facts) -> list[Finding]:
    tc = facts.toolchain
    if not tc.gos:
        return []
    set_in, value = None, None
    if tc.environ.get("GOROOT"):
        set_in, value = "the environment", tc.environ["GOROOT"]
    elif tc.env_file_values.get("GOROOT"):
        set_in, value = f"the go env file {tc.env_file}", tc.env_file_values["GOROOT"]
    if value is None:
        return []
    own = tc.gos[0].goroot
    rules = rules_of(facts)
    if rules.same(tc.real_paths.get(value, value), tc.real_paths.get(own, own)) or rules.same(value, own):
        return []
    fix_cmd = "go env -u GOROOT" if set_in and set_in.startswith("the go env") else None
    return [
        Finding(
            "toolchain.goroot-mismatch",
            Severity.ERROR,
            "GOROOT points at another Go than the one on PATH",
            AREA_TOOLCHAIN,
            f"GOROOT={value} is set in {set_in}, but {tc.gos[0].binary.path} belongs to {own}. The "
            f"go command then "
            "compiles with another Go's standard library "
            '("compile: version ... does not match go tool version").',
            Fix(
                "Unset GOROOT: go finds its own." if fix_cmd else "Remove GOROOT from your shell profile.",
                command=fix_cmd,
            ),
            evidence=(f"GOROOT={value}", f"go on PATH: {tc.gos[0].binary.real_path}"),
        )
    ]


def bin_target(facts: Facts) -> tuple[str, str] | None:
    """(directory, name) where `go install` puts tools: GOBIN, else the first GOPATH entry's bin."""
    tc = facts.toolchain
    rules = rules_of(facts)
    if tc.gobin:
        if len(rules.split_list(tc.gobin)) > 1:
            return None  # a list: gopath.gobin-list says so
        return tc.gobin, "GOBIN"
    entries = rules.split_list(tc.gopath)
    if not entries:
        return None
    return rules.join(entries[0], "bin"), "GOPATH/bin"


@reads("toolchain")
def bin_dirs_on_path(facts: Facts) -> list[Finding]:
    tc = facts.toolchain
    if not tc.gos or unknown(facts, "toolchain.path"):
        return []
    target_name = bin_target(facts)
    if target_name is None:
        return []
    target, name = target_name
    rules = rules_of(facts)
    if any(rules.same(d, target) for d in tc.path_dirs):
        missing = any(rules.same(d, target) for d in tc.missing_path_dirs)
        title = f"{name} ({target}) is on PATH" + (
            "; it does not exist yet, the first `go install` creates it" if missing else ""
        )
        return [Finding("toolchain.bin-on-path", Severity.OK, title, AREA_TOOLCHAIN)]
    return [
        Finding(
            "toolchain.bin-not-on-path",
            Severity.WARNING,
            f"{name} ({target}) is not on PATH",
            AREA_TOOLCHAIN,
            "`go install` puts tools there; a terminal will not find them (the Go extension looks "
            "there itself).",
            path_fix(facts, target, f"Add {target} to PATH."),
            evidence=(f"{name}={target}",),
        )
    ]


@reads("toolchain")
def goos_goarch_persistent(facts: Facts) -> list[Finding]:
    tc = facts.toolchain
    findings = []
    for name, expected in (("GOOS", facts.host.os), ("GOARCH", facts.host.hardware_arch)):
        value = tc.env_file_values.get(name)
        if value:
            wrong = value != expected
            findings.append(
                Finding(
                    f"toolchain.{name.lower()}-persistent",
                    Severity.ERROR if wrong else Severity.WARNING,
                    f"{name}={value} is set with `go env -w`",
                    AREA_TOOLCHAIN,
                    f"Every go command in every terminal and in VS Code builds for {name}={value}"
                    + (
                        '; `go run`, `go test` and debugging fail with "exec format error" '
                        f"on this {expected} machine."
                        if wrong
                        else "; cross-compiling later silently keeps it."
                    ),
                    Fix(
                        "Remove it from the go env file; set it per command when cross-compiling.",
                        command=f"go env -u {name}",
                    ),
                    evidence=(f"{tc.env_file}: {name}={value}",),
                )
            )
        env_value = tc.environ.get(name)
        if env_value and env_value != expected:
            findings.append(
                Finding(
                    f"toolchain.{name.lower()}-in-environment",
                    Severity.WARNING,
                    f"{name}={env_value} is set in the environment",
                    AREA_TOOLCHAIN,
                    f"go builds for {name}={env_value} in this shell; programs it builds cannot run "
                    f"on this machine.",
                    Fix(
                        f"Unset it in your shell profile (unset {name}) and set it per command when "
                        f"cross-compiling."
                    ),
                    evidence=(f"{name}={env_value}",),
                )
            )
    return findings


@reads("toolchain")
def target_not_host(facts: Facts) -> list[Finding]:
    """`go env` builds for another GOOS/GOARCH than the host, from a setting the other rules did not
    see (a report shows only `go env`; or GOENV, $GOROOT/go.env)."""
    tc = facts.toolchain
    env = tc.go_env or {}
    findings = []
    for name, host_name in (("GOOS", "GOHOSTOS"), ("GOARCH", "GOHOSTARCH")):
        value, host_value = env.get(name), env.get(host_name)
        if not value or not host_value or value == host_value:
            continue
        if tc.env_file_values.get(name) or tc.environ.get(name):
            continue  # goos_goarch_persistent says where it is set
        findings.append(
            Finding(
                f"toolchain.{name.lower()}-not-host",
                Severity.ERROR,
                f"go builds for {name}={value}, not for this {host_name}={host_value}",
                AREA_TOOLCHAIN,
                f"`go run`, `go test` and debugging build programs for {name}={value} and then fail to start "
                'them ("exec format error", "cannot execute binary file"). VS Code uses the same go env.',
                Fix(
                    f"Remove the setting: `go env -u {name}` when it was set with `go env -w`, otherwise the "
                    f"`export {name}=...` line of your shell profile; set it per command to cross-compile.",
                    command=f"go env -u {name}",
                ),
                evidence=(f"{name}={value}", f"{host_name}={host_value}"),
            )
        )
    return findings


@reads("toolchain")
def go_env_answered(facts: Facts) -> list[Finding]:
    outcome = facts.toolchain.go_env_outcome
    if outcome is None or outcome.status in ("ok", "skipped"):
        return []
    command = " ".join(outcome.argv)
    titles = {
        "timed-out": ("toolchain.go-env-timeout", f"`{command}` did not answer"),
        "failed": ("toolchain.go-env-failed", f"`{command}` failed"),
        "bad-output": ("toolchain.go-env-garbage", f"`{command}` printed something that is not its JSON"),
        "not-started": ("toolchain.go-env-not-started", f"`{command}` could not start"),
    }
    finding_id, title = titles.get(outcome.status, ("toolchain.go-env-failed", f"`{command}` failed"))
    return [
        Finding(
            finding_id,
            Severity.ERROR,
            title,
            AREA_TOOLCHAIN,
            f"{outcome.message}. VS Code runs `go env` at start-up and gives up the same way. The "
            f"go on PATH may be "
            "a broken wrapper or shim, or waiting for a toolchain download (GOTOOLCHAIN).",
            Fix("Run the command in a terminal to see what it does; reinstall Go if it is broken."),
            evidence=(command, f"{outcome.status} after {outcome.seconds:.1f} s"),
        )
    ]


@reads("toolchain")
def path_dirs(facts: Facts) -> list[Finding]:
    rules = rules_of(facts)
    target = bin_target(facts)
    # GOBIN or GOPATH/bin missing is said once, by bin_dirs_on_path ("the first go install creates it").
    missing = tuple(d for d in facts.toolchain.missing_path_dirs if not (target and rules.same(d, target[0])))
    if not missing:
        return []
    return [
        Finding(
            "toolchain.path-dir-missing",
            Severity.INFO,
            f"{plural(len(missing), 'PATH entry', 'PATH entries')} "
            f"{'does' if len(missing) == 1 else 'do'} not exist or cannot be read",
            AREA_TOOLCHAIN,
            "\n".join(missing),
            evidence=tuple(missing),
        )
    ]


RULES = (
    host,
    go_command,
    several_go,
    goroot,
    bin_dirs_on_path,
    goos_goarch_persistent,
    target_not_host,
    go_env_answered,
    path_dirs,
)
