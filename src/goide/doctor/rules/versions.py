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
_DELVE_TOO_OLD_DLV = re.compile(r"(?i)version of Delve is too old for (?:Go version (\S+)|this version of Go)")
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
                f"(Go {_fmt(newest)} for {host_platform(facts)} from https://go.dev/dl/), then reinstall dlv.",
            )
        return Fix(
            f"{why} No Delve release goide knows (table checked {DELVE_TABLE_CHECKED}) supports Go {_fmt(go)} yet; "
            "install the newest and check https://github.com/go-delve/delve/releases.",
            command="go install github.com/go-delve/delve/cmd/dlv@latest",
        )
    package = (installed_package(tool) if tool else None) or "github.com/go-delve/delve/cmd/dlv"
    return install_fix(facts, "dlv", target, f"{why} Install dlv {target}, the newest that debugs Go {_fmt(go)}:", package)


@reads("tools", "toolchain")
def delve_window_rule(facts: Facts) -> list[Finding]:
    go = toolchain_major(facts)
    tool = _dlv(facts)
    messages = _delve_messages(facts)
    if go is None and messages:
        m = _DELVE_TOO_OLD_DLV.search(messages[0])
        go = go_major("go" + m.group(1)) if m and m.group(1) else None
    if go is None:
        return []
    chosen = tool.copies[0].binary.slices[0] if tool and tool.copies[0].binary.slices else None
    version = chosen.module_version if chosen else None
    window = delve_window(version) if version else None
    findings: list[Finding] = []
    if window is not None:
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
                    f"dlv {version} debugs Go {_fmt(window.min_go)} to {_fmt(window.max_go)}; the toolchain is Go {_fmt(go)}",
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
                    f"dlv was built with {chosen.go_version}; Go {_fmt(go)} programs need a dlv built with Go 1.25+",
                    AREA_TOOLS,
                    "Go 1.25 and later write DWARF 5; Delve says \"To debug executables using DWARFv5 or later "
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
                f"Install Go (gc) for {host_platform(facts)} from https://go.dev/dl/ and put its bin first on "
                "PATH (keep gccgo as `gccgo`)."
            ),
            evidence=(line,),
        )
    ]


RULES = (delve_window_rule, gccgo)
