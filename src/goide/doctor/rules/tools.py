"""Rules about the Go tools the extension uses: missing, built with an older Go than the toolchain
(the extension's own "needs recompiling" rule), older than the newest release goide knows, or a
terminal running another copy than VS Code."""

from __future__ import annotations

from typing import Any

from goide.core.model import Finding, Fix, Severity
from goide.doctor.facts import Facts, SliceFacts, ToolFacts
from goide.doctor.known import GOLANGCI_LINT_V1, TOOLS_BY_NAME, go_major, semver_key
from goide.doctor.platforms import best_slice
from goide.doctor.rules.common import (
    AREA_TOOLS,
    install_fix,
    installed_package,
    newest_installable,
    newest_source,
    platform_of,
    reinstall_version,
    too_old_to_build,
)
from goide.doctor.rules.registry import reads

_PURPOSE = {
    "gopls": "the language server: completion, diagnostics, navigation, formatting",
    "dlv": "the debugger",
    "staticcheck": "lint (go.lintTool)",
    "golangci-lint": "lint (go.lintTool)",
    "gofumpt": "formatting (go.formatTool)",
    "goimports": "formatting (go.formatTool)",
    "gotests": "Go: Generate Unit Tests",
    "impl": "Go: Generate Interface Stubs",
    "goplay": "Go: Run on Go Playground",
}


def user_settings(facts: Facts) -> dict[str, Any]:
    """The go.* settings of the first readable user settings file (stable VS Code first)."""
    for s in facts.vscode.settings:
        if s.exists and not s.error:
            return s.go_settings
    return {}


def _configured(name: str, settings: dict[str, Any]) -> bool:
    return settings.get("go.lintTool") == name or settings.get("go.formatTool") == name


def _toolchain_go_version(facts: Facts) -> str | None:
    tc = facts.toolchain
    if tc.gos and tc.gos[0].binary.slices and tc.gos[0].binary.slices[0].go_version:
        return tc.gos[0].binary.slices[0].go_version
    return (tc.go_env or {}).get("GOVERSION")


def _missing(tool: ToolFacts, facts: Facts, settings: dict[str, Any]) -> Finding:
    if tool.name == "gopls" and settings.get("go.useLanguageServer") is not False:
        severity = Severity.ERROR
    elif tool.name == "dlv" or _configured(tool.name, settings):
        severity = Severity.WARNING
    else:
        severity = Severity.INFO
    fix = install_fix(facts, tool.name, newest_installable(facts, tool.name), f"Install {tool.name}.")
    if too_old_to_build(facts, tool.name):
        fix = Fix(
            f"No {tool.name} release goide knows builds with this Go: upgrade Go first "
            f"(https://go.dev/dl/), then run:",
            command=f"go install {TOOLS_BY_NAME[tool.name].package}@latest",
        )
    return Finding(
        f"tools.missing.{tool.name}",
        severity,
        f"{tool.name} is not installed",
        AREA_TOOLS,
        f"Used for {_PURPOSE[tool.name]}.",
        fix,
        ("looked in go.alternateTools, GOBIN, go.toolsGopath, GOPATH/bin, GOROOT/bin, PATH",),
    )


def _check_copy(tool: ToolFacts, chosen: SliceFacts, facts: Facts) -> list[Finding]:
    path = tool.copies[0].binary.path
    version = chosen.module_version or "version unknown"
    built = chosen.go_version or "Go unknown"
    evidence = (
        f"{path} ({tool.copies[0].where})",
        f"module {chosen.module_path} {version}",
        f"built with {built}",
        f"for {chosen.os}/{chosen.arch}",
    )
    findings = []
    toolchain = _toolchain_go_version(facts)
    tool_major = go_major(chosen.go_version or "")
    go_now = go_major(toolchain or "")
    if tool_major and go_now and tool_major < go_now:
        findings.append(
            Finding(
                "tools.built-with-older-go",
                Severity.WARNING,
                f"{tool.name} was built with {chosen.go_version}, older than the toolchain ({toolchain})",
                AREA_TOOLS,
                "The Go extension asks to recompile such tools; gopls built with an older Go may "
                "not understand "
                "newer language features and standard library.",
                install_fix(
                    facts,
                    tool.name,
                    reinstall_version(tool, facts),
                    f"Rebuild {tool.name} with {toolchain}.",
                    installed_package(tool),
                ),
                evidence,
            )
        )
    newest = newest_installable(facts, tool.name)
    package, source = None, newest_source(facts, tool.name)
    if tool.name == "golangci-lint" and chosen.module_path == "github.com/golangci/golangci-lint":
        # v1 and v2 are two modules: a v1 binary updates on the v1 path (never a v2 version there).
        package, newest = GOLANGCI_LINT_V1
        source = "the last v1 release; v2 is github.com/golangci/golangci-lint/v2/cmd/golangci-lint"
    have, latest = semver_key(chosen.module_version or ""), semver_key(newest)
    if have and latest and have < latest and not too_old_to_build(facts, tool.name):
        fix = install_fix(
            facts, tool.name, newest, f"Update {tool.name}.", package or installed_package(tool)
        )
        newest = (fix.action or "").rpartition("@")[2] or newest  # after "install Go first": the new Go's
        findings.append(
            Finding(
                "tools.newer-release",
                Severity.INFO,
                f"{tool.name} {version}: {newest} is out",
                AREA_TOOLS,
                f"Newest release goide knows ({source}).",
                fix,
                evidence,
            )
        )
    if not findings or all(f.severity is Severity.INFO for f in findings):
        findings.append(
            Finding(
                f"tools.ok.{tool.name}",
                Severity.OK,
                f"{tool.name} {version} ({built}, {chosen.os}/{chosen.arch})",
                AREA_TOOLS,
                evidence=evidence,
            )
        )
    return findings


def _shadowed(tool: ToolFacts, facts: Facts) -> list[Finding]:
    first = tool.copies[0]
    terminal = next((c for c in tool.copies if c.where == "PATH"), None)
    if terminal is None or terminal is first or terminal.binary.real_path == first.binary.real_path:
        return []

    def describe(binary: Any) -> str:
        s = binary.slices[0] if binary.slices else None
        version = s.module_version if s else "unknown"
        return f"{binary.path} ({version}, {platform_of(binary, facts) or 'unreadable'})"

    a, b = first.binary.slices, terminal.binary.slices
    if a and b and a[0].module_version == b[0].module_version and a[0].arch == b[0].arch:
        return []
    return [
        Finding(
            "tools.shadowed",
            Severity.INFO,
            f"A terminal runs another {tool.name} than VS Code",
            AREA_TOOLS,
            f"VS Code runs {describe(first.binary)}; a terminal runs {describe(terminal.binary)}.",
            evidence=(first.binary.path, terminal.binary.path),
        )
    ]


# Where tools are looked for comes from the toolchain (GOBIN, GOPATH) and the VS Code settings.
@reads("tools", "toolchain", "vscode")
def tools(facts: Facts) -> list[Finding]:
    settings = user_settings(facts)
    findings = []
    optional: list[str] = []
    for tool in facts.tools:
        if tool.name not in TOOLS_BY_NAME:
            continue
        if not tool.copies:
            missing = _missing(tool, facts, settings)
            if missing.severity is Severity.INFO:
                optional.append(tool.name)
            else:
                findings.append(missing)
            continue
        binary = tool.copies[0].binary
        chosen, _mode = best_slice(binary, facts.host)
        if chosen is None or (chosen.go_version is None and chosen.module_version is None):
            if facts.source == "report":
                continue  # the report names the file, not its build info: unknown, not unreadable
            findings.append(
                Finding(
                    "tools.unreadable",
                    Severity.INFO,
                    f"Cannot read the build info of {tool.name}",
                    AREA_TOOLS,
                    f"{binary.path}: {binary.error or 'not a Go executable'}. Its version and "
                    f"architecture are unknown.",
                    evidence=(binary.path,),
                )
            )
            continue
        findings += _check_copy(tool, chosen, facts)
        findings += _shadowed(tool, facts)
    if optional:
        findings.append(
            Finding(
                "tools.optional-missing",
                Severity.INFO,
                "Not installed (optional): " + ", ".join(optional),
                AREA_TOOLS,
                "\n".join(
                    f"{name}: {_PURPOSE[name]}, go install "
                    f"{TOOLS_BY_NAME[name].package}@{newest_installable(facts, name)}"
                    for name in optional
                ),
            )
        )
    return findings


RULES = (tools,)
