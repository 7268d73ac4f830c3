"""Rules about VS Code: installed, the Go extension (golang.go) present and current, the `code`
command on PATH, and the user settings file readable."""

from __future__ import annotations

from goide.core.model import Finding, Fix, Severity
from goide.doctor.collect.vscode import SERVER_NAMES
from goide.doctor.facts import Facts
from goide.doctor.known import GO_EXTENSION_LATEST, semver_key
from goide.doctor.rules.common import AREA_VSCODE, host_platform, unknown
from goide.doctor.rules.registry import reads

_CLI = {"stable": "code", "insiders": "code-insiders", "vscodium": "codium", "cursor": "cursor"}


@reads("vscode")
def vscode(facts: Facts) -> list[Finding]:
    vs = facts.vscode
    findings = []
    if not vs.installs and not unknown(facts, "vscode"):
        findings.append(
            Finding(
                "vscode.not-found",
                Severity.INFO,
                "VS Code not found",
                AREA_VSCODE,
                "No VS Code, Insiders, VSCodium or Cursor in the usual places; its checks are skipped.",
                Fix(
                    f"Install VS Code for {host_platform(facts)} from "
                    f"https://code.visualstudio.com/, or pass "
                    "--vscode DIR for an installation elsewhere."
                ),
            )
        )
    for install in vs.installs:
        title = f"VS Code {install.flavour} {install.version or '(version unknown)'}"
        evidence = [install.location]
        if install.commit:
            evidence.append(f"commit {install.commit}")
        if install.error:
            evidence.append(install.error)
        findings.append(
            Finding(
                "vscode.install",
                Severity.OK,
                title + f" at {install.location}",
                AREA_VSCODE,
                evidence=tuple(evidence),
            )
        )
        cli = _CLI.get(install.flavour, "code")
        if unknown(facts, "vscode.cli") or install.flavour in SERVER_NAMES:
            continue  # on a remote, `code` exists only in VS Code's own terminal
        if not any(p.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].split(".")[0] == cli for p in vs.cli_on_path):
            how = (
                "Command Palette > \"Shell Command: Install 'code' command in PATH\""
                if facts.host.os == "darwin"
                else f"add the installation's bin directory to PATH ({install.location})"
            )
            findings.append(
                Finding(
                    f"vscode.cli-not-on-path.{install.flavour}",
                    Severity.WARNING,
                    f"`{cli}` is not on PATH",
                    AREA_VSCODE,
                    "Opening folders and installing extensions from a terminal needs it.",
                    Fix(how),
                )
            )
    latest, released = GO_EXTENSION_LATEST
    installed_flavours = {i.flavour for i in vs.installs}
    for ext in vs.extensions:
        if ext.error:
            findings.append(
                Finding(
                    "vscode.extensions-unreadable",
                    Severity.WARNING,
                    f"Cannot read {ext.path}",
                    AREA_VSCODE,
                    ext.error,
                    evidence=(ext.path,),
                )
            )
            continue
        cli = _CLI.get(ext.flavour, "code")
        if ext.go_extension_version is None:
            if ext.flavour in installed_flavours:
                findings.append(
                    Finding(
                        f"vscode.go-extension-missing.{ext.flavour}",
                        Severity.WARNING,
                        f"The Go extension (golang.go) is not installed in VS Code {ext.flavour}",
                        AREA_VSCODE,
                        "Without it VS Code knows nothing of Go: no gopls, no debugging, no tests."
                        + (
                            " It runs on the remote side (a workspace extension), so it must be installed "
                            "here, not only on the desktop: Extensions view > golang.go > 'Install in "
                            "SSH/WSL/Dev Container', or the command below in VS Code's own terminal."
                            if ext.flavour in SERVER_NAMES
                            else ""
                        ),
                        Fix("Install it.", command=f"{cli} --install-extension golang.go"),
                        (ext.path,),
                    )
                )
            continue
        installed = semver_key(ext.go_extension_version)
        if installed is not None and installed < (semver_key(latest) or installed):
            findings.append(
                Finding(
                    f"vscode.go-extension-old.{ext.flavour}",
                    Severity.WARNING,
                    f"Go extension {ext.go_extension_version} is older than {latest}",
                    AREA_VSCODE,
                    f"{latest} was released {released}; older releases miss fixes for current gopls and Go.",
                    Fix("Update it.", command=f"{cli} --install-extension golang.go --force"),
                    (ext.path,),
                )
            )
        else:
            findings.append(
                Finding(
                    f"vscode.go-extension.{ext.flavour}",
                    Severity.OK,
                    f"Go extension {ext.go_extension_version} ({ext.flavour})",
                    AREA_VSCODE,
                    evidence=(ext.path,),
                )
            )
    for settings in vs.settings:
        if settings.error and settings.error.endswith(": permission denied"):
            # A folder on the way is not the user's (UnreadableDirectory): the fix is ownership.
            folder = settings.error.removeprefix("cannot read ").removesuffix(": permission denied")
            findings.append(
                Finding(
                    f"vscode.settings-unreadable.{settings.flavour}",
                    Severity.ERROR,
                    f"Cannot read the user settings of VS Code {settings.flavour}: {settings.error}",
                    AREA_VSCODE,
                    f"{settings.path} is in a folder this user cannot read (VS Code run with sudo "
                    "leaves it owned by root); VS Code running as you cannot read it either.",
                    Fix("Give the folder back to your user", command=f"sudo chown -R $USER {folder}"),
                    (settings.path,),
                )
            )
        elif settings.error:
            findings.append(
                Finding(
                    f"vscode.settings-unreadable.{settings.flavour}",
                    Severity.WARNING,
                    f"Cannot read the user settings of VS Code {settings.flavour}",
                    AREA_VSCODE,
                    f"{settings.path}: {settings.error}. VS Code ignores a settings file it cannot "
                    f"parse, and goide "
                    "could not see go.alternateTools or go.toolsGopath.",
                    Fix(
                        "Open it in VS Code (Preferences: Open User Settings (JSON)) and fix the "
                        "marked error."
                    ),
                    (settings.path,),
                )
            )
    return findings


RULES = (vscode,)
