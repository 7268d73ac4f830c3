"""Rules about GOPATH: equal to or inside the Go installation (GOROOT), relative, several entries
with the tools in a later one, and the GOPATH the VS Code Go extension uses differing from the
shell's `go env GOPATH` (the tools are then "missing" in VS Code while present in a terminal).

Paths are compared with the path rules of the machine the facts describe (`goide.doctor.pathrules`).
"""

from __future__ import annotations

from typing import Any

from goide.core.model import Finding, Fix, Severity
from goide.doctor.facts import Facts
from goide.doctor.pathrules import PathRules
from goide.doctor.rules.common import AREA_TOOLCHAIN, AREA_TOOLS, rules_of, unknown
from goide.doctor.rules.registry import reads
from goide.doctor.rules.tools import user_settings

# What go says (go1.26: cmd/go/internal/modload; older releases: "GOPATH set to GOROOT (%s) has no effect").
GO_SAME_WARNING = "warning: both GOPATH and GOROOT are the same directory"
GO_OLD_SAME_WARNING = "GOPATH set to GOROOT"
GO_RELATIVE_ERROR = "go: GOPATH entry is relative; must be absolute path"


def goroot_of(facts: Facts) -> str:
    tc = facts.toolchain
    return (tc.go_env or {}).get("GOROOT") or (tc.gos[0].goroot if tc.gos else "")


def _real(facts: Facts, path: str) -> str:
    return facts.toolchain.real_paths.get(path, path)


def _in_goroot(facts: Facts, rules: PathRules, path: str, goroot: str) -> bool:
    return rules.inside(path, goroot) or rules.inside(_real(facts, path), _real(facts, goroot))


def _unset_gopath_fix(facts: Facts, rules: PathRules, goroot: str, why: str) -> Fix:
    tc = facts.toolchain
    default = (
        rules.join(facts.home, "go") if facts.home else ("%USERPROFILE%\\go" if rules.windows else "~/go")
    )
    after = f"go then uses the default {default}"
    if facts.home and _in_goroot(facts, rules, default, goroot):
        after = (
            f"the default {default} is the Go installation itself, so also set GOPATH to another folder "
            f"(`go env -w GOPATH={rules.join(facts.home, 'gopath')}`)"
        )
    if tc.env_file_values.get("GOPATH"):
        return Fix(f"{why} It is set with `go env -w`; remove it ({after}):", command="go env -u GOPATH")
    if rules.windows:
        return Fix(
            f"{why} Remove the user variable GOPATH ({after}), then open a new terminal and restart VS Code:",
            command="[Environment]::SetEnvironmentVariable('GOPATH', $null, 'User')",
        )
    where = (
        "your shell profile" if tc.environ.get("GOPATH") or facts.source == "report" else "where it is set"
    )
    return Fix(
        f"{why} Remove the `export GOPATH=...` line from {where} ({after}), open a new terminal, "
        "restart VS Code, and reinstall the tools."
    )


@reads("toolchain")
def gopath_wrong(facts: Facts) -> list[Finding]:
    tc = facts.toolchain
    rules = rules_of(facts)
    goroot = goroot_of(facts)
    messages = (*tc.go_warnings, *(facts.report.messages if facts.report else ()))
    if tc.go_env_outcome and tc.go_env_outcome.message:
        messages = (*messages, tc.go_env_outcome.message)
    go_said = [
        m for m in messages if GO_SAME_WARNING in m or GO_OLD_SAME_WARNING in m or GO_RELATIVE_ERROR in m
    ]
    findings: list[Finding] = []
    entries = rules.split_list(tc.gopath)
    for entry in entries:
        if not rules.is_absolute(entry):
            findings.append(
                Finding(
                    "toolchain.gopath-relative",
                    Severity.ERROR,
                    f"GOPATH entry {entry!r} is relative",
                    AREA_TOOLCHAIN,
                    f'Every go command fails with "{GO_RELATIVE_ERROR}: {entry!r}", and so does VS Code\'s '
                    "`go env` at start-up.",
                    _unset_gopath_fix(facts, rules, goroot, "Use an absolute path."),
                    evidence=(f"GOPATH={tc.gopath}", *go_said),
                )
            )
        elif goroot and _in_goroot(facts, rules, entry, goroot):
            same = rules.same(_real(facts, entry), _real(facts, goroot)) or rules.same(entry, goroot)
            where = "the Go installation itself (GOROOT)" if same else f"inside the Go installation {goroot}"
            findings.append(
                Finding(
                    "toolchain.gopath-in-goroot",
                    Severity.ERROR,
                    f"GOPATH {entry} is {where}",
                    AREA_TOOLCHAIN,
                    "Go ignores such a GOPATH"
                    + (f' ("{GO_SAME_WARNING} ({goroot})")' if same else "")
                    + ": `go install` puts tools into the Go installation's own bin (or fails), a Go upgrade "
                    "deletes them, and the Go extension looks for them in GOPATH/bin. This is why tools look "
                    "installed and are still reported missing.",
                    _unset_gopath_fix(facts, rules, goroot, "GOPATH must be a folder of its own."),
                    evidence=(f"GOPATH={tc.gopath}", f"GOROOT={goroot}", *go_said),
                )
            )
    if len(entries) > 1 and not tc.gobin:
        later = [
            f"{t.name}: {c.binary.path}"
            for t in facts.tools
            for c in t.copies[:1]
            if any(rules.same(rules.dirname(c.binary.path), rules.join(e, "bin")) for e in entries[1:])
        ]
        if later:
            findings.append(
                Finding(
                    "toolchain.gopath-several",
                    Severity.WARNING,
                    f"GOPATH has {len(entries)} entries and tools sit in a later one",
                    AREA_TOOLCHAIN,
                    f"`go install` writes to the first entry's bin ({rules.join(entries[0], 'bin')}): "
                    "updating a tool there leaves this older copy in use:\n" + "\n".join(later),
                    Fix(
                        "Delete the old copies, or set GOBIN to one folder on PATH for every install.",
                        command=f"go env -w GOBIN={rules.join(entries[0], 'bin')}",
                    ),
                    evidence=tuple(later),
                )
            )
    if not findings and any(GO_SAME_WARNING in m or GO_OLD_SAME_WARNING in m for m in go_said):
        said = next(m for m in go_said if GO_SAME_WARNING in m or GO_OLD_SAME_WARNING in m)
        findings.append(
            Finding(
                "toolchain.gopath-in-goroot",
                Severity.ERROR,
                "GOPATH is the Go installation itself (GOROOT)",
                AREA_TOOLCHAIN,
                f"Go said: {said}. Go then ignores GOPATH; tools land in the Go installation or nowhere the "
                "extension looks.",
                _unset_gopath_fix(facts, rules, goroot, "GOPATH must be a folder of its own."),
                evidence=(said,),
            )
        )
    gobin = tc.gobin or (facts.report.extension_gobin if facts.report else None) or ""
    if len(rules.split_list(gobin)) > 1:
        findings.append(
            Finding(
                "toolchain.gobin-list",
                Severity.ERROR,
                "GOBIN holds a list of folders (a copy of PATH?)",
                AREA_TOOLCHAIN,
                "GOBIN must be one folder: `go install` writes there, and the Go extension looks for tools "
                "in "
                f"each entry first. GOBIN={gobin[:200]}",
                Fix(
                    "Set GOBIN to one folder on PATH, or unset it (tools then go to GOPATH/bin).",
                    command="go env -u GOBIN",
                ),
                evidence=(f"GOBIN={gobin[:300]}",),
            )
        )
    findings += _settings_in_goroot(facts, rules, goroot)
    findings += _goroot_setting_ignored(facts, rules, goroot)
    return findings


def _goroot_setting_ignored(facts: Facts, rules: PathRules, goroot: str) -> list[Finding]:
    """go.goroot names another Go than the one `go env` reports.

    What the extension does with the setting (vscode-go goEnv.ts setGOROOTEnvVar, util.ts
    getBinPathWithExplanation, goInstallTools.ts and goEnvironmentStatus.ts
    addGoRuntimeBaseToPATH): at activation it sets GOROOT to the setting when it names a folder,
    runs that folder's bin/go, and puts that bin first on the PATH of every tool it starts (gopls,
    dlv, go test, its terminals) -- unless go.terminal.activateEnvironment is false, which leaves
    PATH alone, so the tools run PATH's go with GOROOT set to another Go.
    A pasted report's GOROOT is the one the extension applied: differing, it ignored the setting.
    """
    if not goroot or unknown(facts, "settings"):
        return []
    settings = user_settings(facts)
    value = settings.get("go.goroot")
    if not isinstance(value, str) or not value or rules.same(value, goroot):
        return []
    evidence = (f'"go.goroot": "{value}"', f"GOROOT: {goroot}")
    go_exe = "go.exe" if facts.host.os == "windows" else "go"
    if facts.source == "report":
        return [
            Finding(
                "settings.goroot-ignored",
                Severity.ERROR,
                f"go.goroot is {value}, but the Go in use is {goroot}",
                AREA_TOOLS,
                "The Go extension's own report shows it running another Go than go.goroot names (the "
                "folder does not exist, or the extension is older than the setting's support): builds, "
                "diagnostics and debugging use the other Go's version and standard library.",
                Fix(
                    f"Put {rules.join(value, 'bin')} first on PATH (or select it with "
                    "'Go: Choose Go Environment') "
                    "and restart VS Code; then remove go.goroot."
                ),
                evidence=evidence,
            )
        ]
    if settings.get("go.terminal.activateEnvironment") is False:
        return [
            Finding(
                "settings.goroot-not-on-path",
                Severity.ERROR,
                f"go.goroot is {value}, but go.terminal.activateEnvironment is false: tools run the go "
                f"of {goroot} with GOROOT={value}",
                AREA_TOOLS,
                "The Go extension sets GOROOT to go.goroot for gopls, dlv and go test, but with "
                "go.terminal.activateEnvironment false it leaves PATH alone, so they run the go found "
                "on PATH with the other Go's GOROOT: a go command with another version's standard "
                'library fails ("compile: version ... does not match go tool version").',
                Fix(
                    'Remove "go.terminal.activateEnvironment": false (the extension then puts '
                    f"{rules.join(value, 'bin')} first on its tools' PATH), or remove go.goroot to use "
                    "the Go on PATH everywhere; then restart VS Code."
                ),
                evidence=(*evidence, '"go.terminal.activateEnvironment": false'),
            )
        ]
    return [
        Finding(
            "settings.goroot-overrides-path",
            Severity.WARNING,
            f"VS Code uses the Go in go.goroot ({value}), not the Go on PATH ({goroot})",
            AREA_TOOLS,
            f"The Go extension runs {rules.join(value, 'bin', go_exe)} and puts its folder first on the "
            "PATH of gopls, dlv, go test and its terminals; a shell outside VS Code runs the Go on "
            "PATH. A build that works in one can fail in the other, and a go.goroot left from an old "
            "install keeps VS Code on that old Go. (If the folder does not exist, the extension "
            "ignores the setting and says so when it starts.)",
            Fix(
                "Remove go.goroot to use the Go on PATH everywhere, or put "
                f"{rules.join(value, 'bin')} first on PATH so the shell agrees; then restart VS Code."
            ),
            evidence=evidence,
        )
    ]


def _settings_in_goroot(facts: Facts, rules: PathRules, goroot: str) -> list[Finding]:
    if not goroot or unknown(facts, "settings"):
        return []
    settings = user_settings(facts)
    findings = []
    for key in ("go.toolsGopath", "go.gopath"):
        value = settings.get(key)
        if not isinstance(value, str) or not value:
            continue
        inside = [p for p in rules.split_list(value) if _in_goroot(facts, rules, p, goroot)]
        if inside:
            findings.append(
                Finding(
                    f"settings.{key.split('.')[1].lower()}-in-goroot",
                    Severity.ERROR,
                    f"{key} points into the Go installation ({inside[0]})",
                    AREA_TOOLS,
                    "The extension installs and looks for tools there; a Go upgrade deletes them and go "
                    "ignores a GOPATH inside GOROOT.",
                    Fix(f"Remove {key} from your VS Code settings (Preferences: Open User Settings (JSON))."),
                    evidence=(f'"{key}": "{value}"', f"GOROOT={goroot}"),
                )
            )
    return findings


def _extension_gopath(facts: Facts, settings: dict[str, Any]) -> tuple[str | None, str]:
    """The GOPATH the Go extension uses and why (vscode-go util.ts getCurrentGoPath: the inferred
    GOPATH when go.inferGopath, then go.gopath, then the environment)."""
    if facts.report and facts.report.extension_gopath:
        return facts.report.extension_gopath, "Go: Locate Configured Go Tools says `gopath:`"
    value = settings.get("go.gopath")
    if isinstance(value, str) and value:
        return value, "the go.gopath setting wins over the environment"
    return None, ""


@reads("toolchain", "vscode")
def extension_gopath(facts: Facts) -> list[Finding]:
    tc = facts.toolchain
    shell = (tc.go_env or {}).get("GOPATH")
    if not shell:
        return []
    rules = rules_of(facts)
    settings = user_settings(facts)
    ext, why = _extension_gopath(facts, settings)
    if not ext:
        return []
    if [rules.norm(p) for p in rules.split_list(ext)] == [rules.norm(p) for p in rules.split_list(shell)]:
        return []
    gobin = tc.gobin or (facts.report.extension_gobin if facts.report else None)
    detail = f"VS Code uses GOPATH {ext} ({why}); `go env GOPATH` in a terminal is {shell}. " + (
        f"Both install tools into GOBIN ({gobin}), so they agree on tools; packages and the module "
        "cache differ."
        if gobin
        else f"Tools installed from a terminal land in {rules.join(rules.split_list(shell)[0], 'bin')}, "
        "where "
        'VS Code does not look: they are "missing" in VS Code while present in the shell.'
    )
    fix = (
        Fix('Remove "go.gopath" from your VS Code settings so that both use the same GOPATH.')
        if isinstance(settings.get("go.gopath"), str)
        else Fix(
            "Start VS Code from a terminal that has your GOPATH (`code .`), or set go.gopath to it.",
        )
    )
    return [
        Finding(
            "tools.extension-gopath-differs",
            Severity.WARNING if not gobin else Severity.INFO,
            "VS Code's GOPATH differs from the terminal's",
            AREA_TOOLS,
            detail,
            fix,
            evidence=(f"VS Code: {ext}", f"go env GOPATH: {shell}"),
        )
    ]


RULES = (gopath_wrong, extension_gopath)
