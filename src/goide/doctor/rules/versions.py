"""Versions that cannot work together, judged from the tools' own tables, not from "newest":
Delve's window of Go versions per release (and its DWARFv5 rule), gccgo as `go`, and a `go` too
old for the tools the extension installs."""

from __future__ import annotations

import re

from goide.core.model import Finding, Fix, Severity
from goide.doctor.facts import Facts, ToolFacts
from goide.doctor.known import (
    DELVE_TABLE_CHECKED,
    DELVE_WINDOWS,
    delve_for_go,
    delve_window,
    go_major,
    supported_majors,
)
from goide.doctor.rules.common import (
    AREA_TOOLCHAIN,
    AREA_TOOLS,
    host_platform,
    install_fix,
    installed_package,
    toolchain_major,
)
from goide.doctor.rules.registry import reads

# Delve's messages (pkg/goversion/compat.go; the older texts of v1.3-v1.7.2 have no version in them).
_DELVE_TOO_OLD_GO = re.compile(r"(?i)(?:Go version \S+|Version of Go) is too old for this version of Delve")
_DELVE_TOO_OLD_DLV = re.compile(
    r"(?i)version of Delve is too old for (?:Go version (\d[^\s(]*)|this version of Go)|need Delve "
    r"built by Go|decoding dwarf section info at offset 0x0: too short"
)
_MAX = re.compile(r"maximum supported version (\d+)\.(\d+)")
_MIN = re.compile(r"minimum supported version (\d+)\.(\d+)")


def _fmt(major: tuple[int, int]) -> str:
    return f"{major[0]}.{major[1]}"


def _dlv(facts: Facts) -> ToolFacts | None:
    return next((t for t in facts.tools if t.name == "dlv" and t.copies), None)


def _delve_messages(facts: Facts) -> list[str]:
    if not facts.report:
        return []
    return [m for m in facts.report.messages if _DELVE_TOO_OLD_GO.search(m) or _DELVE_TOO_OLD_DLV.search(m)]


def _dlv_fix(facts: Facts, go: tuple[int, int], tool: ToolFacts | None, why: str) -> Fix:
    target = delve_for_go(go)
    if target is None:
        oldest = DELVE_WINDOWS[0]
        if go < oldest.min_go:
            newest = supported_majors()[0]
            return Fix(
                f"{why} No Delve release since {oldest.first} debugs Go {_fmt(go)}: upgrade Go first "
                f"(Go {_fmt(newest)} for {host_platform(facts)} from https://go.dev/dl/), then "
                "reinstall dlv.",
            )
        return Fix(
            f"{why} No Delve release goide knows (table checked {DELVE_TABLE_CHECKED}) supports Go "
            f"{_fmt(go)} yet; "
            "install the newest and check https://github.com/go-delve/delve/releases.",
            command="go install github.com/go-delve/delve/cmd/dlv@latest",
        )
    package = (installed_package(tool) if tool else None) or "github.com/go-delve/delve/cmd/dlv"
    return install_fix(
        facts, "dlv", target, f"{why} Install dlv {target}, the newest that debugs Go {_fmt(go)}:", package
    )


@reads("tools", "toolchain")
def delve_window_rule(facts: Facts) -> list[Finding]:
    go = toolchain_major(facts)
    tool = _dlv(facts)
    messages = _delve_messages(facts)
    if go is None and facts.source == "report":
        # The report shows no go, but the tools next to it say which Go built them.
        builders = [
            go_major(s.go_version)
            for t in facts.tools
            for c in t.copies
            for s in c.binary.slices
            if s.go_version
        ]
        go = max((b for b in builders if b), default=None)
    if go is None and messages:
        m = _DELVE_TOO_OLD_DLV.search(messages[0])
        go = go_major("go" + m.group(1)) if m and m.group(1) else None
    if go is None:
        return []
    chosen = tool.copies[0].binary.slices[0] if tool and tool.copies[0].binary.slices else None
    version = chosen.module_version if chosen else None
    window = delve_window(version) if version else None
    findings: list[Finding] = []
    if window is not None and messages and window.min_go <= go <= window.max_go:
        findings.append(
            Finding(
                "debug.dlv-other-copy",
                Severity.ERROR,
                f"The dlv that ran is not {tool.copies[0].binary.path if tool else 'dlv'} ({version})",
                AREA_TOOLS,
                f"dlv {version} debugs Go {_fmt(window.min_go)} to {_fmt(window.max_go)}, so it "
                "cannot have said: "
                f"{messages[0]}\nAnother, older dlv runs: an IDE's bundled Delve, "
                "go.alternateTools.dlv, or an "
                "older copy earlier in the extension's lookup (GOBIN, GOPATH/bin, GOROOT/bin, PATH).",
                Fix(
                    "Find the copies (`which -a dlv`, or `Get-Command -All dlv` on Windows) and "
                    "the dlvFlags / "
                    "go.alternateTools settings; remove the old one."
                ),
                evidence=(f"dlv {version}", *messages[:2]),
            )
        )
    elif window is not None:
        if not window.min_go <= go <= window.max_go:
            too_new = go > window.max_go
            said = (
                f"Version of Delve is too old for Go version go{_fmt(go)}.N (maximum supported version "
                f"{_fmt(window.max_go)}, ...)"
                if too_new
                else f"Go version go{_fmt(go)}.N is too old for this version of Delve (minimum supported "
                f"version {_fmt(window.min_go)}, ...)"
            )
            findings.append(
                Finding(
                    "debug.dlv-go-window",
                    Severity.ERROR,
                    f"dlv {version} debugs Go {_fmt(window.min_go)} to {_fmt(window.max_go)}; the "
                    f"toolchain is Go {_fmt(go)}",
                    AREA_TOOLS,
                    f'Debugging fails with "{said}" (Delve pkg/goversion/compat.go).',
                    _dlv_fix(facts, go, tool, "Reinstall dlv."),
                    evidence=(f"dlv {version}", f"go {_fmt(go)}", *messages[:2]),
                )
            )
    elif messages:
        m_max, m_min = _MAX.search(messages[0]), _MIN.search(messages[0])
        limit = f" (its maximum is Go {m_max.group(1)}.{m_max.group(2)})" if m_max else ""
        limit = limit or (f" (its minimum is Go {m_min.group(1)}.{m_min.group(2)})" if m_min else "")
        findings.append(
            Finding(
                "debug.dlv-go-window",
                Severity.ERROR,
                f"dlv {version or '(version not reported)'} cannot debug Go {_fmt(go)}{limit}",
                AREA_TOOLS,
                f"Delve said: {messages[0]}",
                _dlv_fix(facts, go, tool, "Reinstall dlv."),
                evidence=tuple(messages[:3]),
            )
        )
    if chosen and chosen.go_version and go >= (1, 25):
        built = go_major(chosen.go_version)
        if built and built < (1, 25):
            findings.append(
                Finding(
                    "debug.dlv-dwarf5",
                    Severity.ERROR,
                    f"dlv was built with {chosen.go_version}; Go {_fmt(go)} programs need a dlv "
                    "built with Go 1.25+",
                    AREA_TOOLS,
                    'Go 1.25 and later write DWARF 5; Delve says "To debug executables using '
                    "DWARFv5 or later "
                    'Delve must be built with Go version 1.25.0 or later".',
                    _dlv_fix(facts, go, tool, "Rebuild dlv with this Go."),
                    evidence=(f"dlv built with {chosen.go_version}",),
                )
            )
    return findings


@reads("toolchain")
def gccgo(facts: Facts) -> list[Finding]:
    line = facts.toolchain.go_version_output or ""
    if "gccgo" not in line:
        return []
    return [
        Finding(
            "toolchain.gccgo",
            Severity.ERROR,
            "The `go` on PATH is gccgo's",
            AREA_TOOLCHAIN,
            "gopls and Delve support only the gc toolchain: Delve cannot debug gccgo programs "
            '("gccgo is not supported", go-delve/delve#2438), and gccgo\'s go command is Go 1.18 at most, '
            "too old for current gopls and for the Go extension's tool installs (Go 1.21+).",
            Fix(
                f"Install Go (gc) for {host_platform(facts)} from https://go.dev/dl/ and put its "
                "bin first on "
                "PATH (keep gccgo as `gccgo`)."
            ),
            evidence=(line,),
        )
    ]


_GOLANGCI_OLDER = re.compile(
    r"the Go language version \((go[\d.]+)\) used to build golangci-lint is lower than the targeted"
    r" Go version \(([\d.]+)\)"
)


@reads("tools", "toolchain")
def golangci_lint_go(facts: Facts) -> list[Finding]:
    """golangci-lint refuses a module whose Go is newer than the Go it was built with."""
    if not facts.report:
        return []
    said = next((m for msg in facts.report.messages if (m := _GOLANGCI_OLDER.search(msg))), None)
    if said is None:
        return []
    tool = next((t for t in facts.tools if t.name == "golangci-lint" and t.copies), None)
    package = installed_package(tool) if tool else None
    version = None
    if tool and tool.copies[0].binary.slices:
        version = tool.copies[0].binary.slices[0].module_version
    if package is None:
        v2 = version is None or version.lstrip("v").startswith("2")
        package = (
            "github.com/golangci/golangci-lint/v2/cmd/golangci-lint"
            if v2
            else "github.com/golangci/golangci-lint/cmd/golangci-lint"
        )
    target = said.group(2)
    latest = "v1.64.8" if "/v2/" not in package else "latest"
    return [
        Finding(
            "tools.golangci-lint-built-with-older-go",
            Severity.ERROR,
            f"golangci-lint was built with {said.group(1)}, older than the module's Go {target}",
            AREA_TOOLS,
            f"golangci-lint only checks code for the Go it was built with. It said: {said.group(0)}",
            Fix(
                f"Rebuild it with Go {target} or newer (GOTOOLCHAIN downloads it):",
                command=(
                    f"GOTOOLCHAIN=go{target if target.count('.') == 2 else target + '.0'}+auto "
                    f"go install {package}@{latest}"
                ),
            ),
            evidence=(said.group(0),),
        )
    ]


@reads("toolchain")
def rosetta_reported(facts: Facts) -> list[Finding]:
    """Delve's Rosetta message in a report that does not show the go: the cause is still the amd64 Go."""
    if not facts.report or facts.toolchain.gos:
        return []
    said = next((m for m in facts.report.messages if "can not run under Rosetta" in m), None)
    if said is None:
        return []
    shell = "terminal/shell in use" in said
    return [
        Finding(
            "arch.root-cause",
            Severity.ERROR,
            "Root cause: "
            + ("the shell runs under Rosetta 2" if shell else "an amd64 (Intel) Go on Apple Silicon"),
            "Architecture",
            f"Delve said: {said}. "
            + (
                "dlv is native but was started from a translated terminal or VS Code."
                if shell
                else "dlv is built by the go on PATH; an amd64 go builds an amd64 dlv, which runs under "
                "Rosetta 2."
            ),
            Fix(
                "Run VS Code and the terminal natively (Get Info > uncheck 'Open using Rosetta'), "
                "then restart VS Code."
                if shell
                else "1. Install Go for darwin/arm64 from https://go.dev/dl/ and put it first on PATH. "
                "2. Reinstall dlv with it: go install github.com/go-delve/delve/cmd/dlv@latest. 3. "
                "Restart VS Code.",
            ),
            evidence=(said,),
        )
    ]


@reads("toolchain")
def toolchain_switched(facts: Facts) -> list[Finding]:
    """GOTOOLCHAIN (or a go.mod toolchain line) makes another Go run than the go on PATH."""
    tc = facts.toolchain
    if not tc.gos or not tc.gos[0].binary.slices or not tc.go_env:
        return []
    on_path = tc.gos[0].binary.slices[0].go_version or ""
    running = tc.go_env.get("GOVERSION", "")
    if not running or not on_path or go_major(running) == go_major(on_path):
        return []
    setting = tc.go_env.get("GOTOOLCHAIN", "") or "auto"
    older = [
        f"{t.name} ({s.go_version})"
        for t in facts.tools
        for c in t.copies[:1]
        for s in c.binary.slices[:1]
        if s.go_version and (go_major(s.go_version) or (0, 0)) < (go_major(running) or (0, 0))
    ]
    return [
        Finding(
            "toolchain.switched",
            Severity.WARNING if older else Severity.INFO,
            f"The go on PATH is {on_path}, but {running} runs (GOTOOLCHAIN={setting})",
            AREA_TOOLCHAIN,
            "Go switches toolchains for GOTOOLCHAIN or a go.mod `go`/`toolchain` line newer than itself. "
            + (
                "These tools were built with an older Go than the one that runs, so the Go extension asks to "
                "rebuild them: " + ", ".join(older) + "."
                if older
                else "Tools built with the PATH go are older than the Go that runs."
            ),
            Fix(
                f"Install Go {running.removeprefix('go')} itself (https://go.dev/dl/) so that PATH and the "
                "running Go agree, or rebuild the tools with the running Go (go install in the workspace)."
            ),
            evidence=(f"go on PATH: {on_path}", f"go env GOVERSION: {running}", f"GOTOOLCHAIN={setting}"),
        )
    ]


RULES = (delve_window_rule, gccgo, golangci_lint_go, rosetta_reported, toolchain_switched)
