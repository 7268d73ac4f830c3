"""Helpers the rule modules share: describing binaries and choosing the right `go` for a fix.

Pure functions of Facts: no I/O, no clock.
"""

from __future__ import annotations

from goide.core.model import Fix
from goide.doctor.facts import BinaryFacts, Facts, ToolFacts
from goide.doctor.known import TOOLS_BY_NAME, go_major, semver_key
from goide.doctor.pathrules import PathRules, path_rules
from goide.doctor.platforms import RunMode, best_slice

AREA_HOST = "Host"
AREA_TOOLCHAIN = "Go toolchain"
AREA_ARCH = "Architecture"
AREA_TOOLS = "Go tools"
AREA_VSCODE = "VS Code"
AREA_DOCTOR = "Doctor"


def platform_of(binary: BinaryFacts, facts: Facts) -> str | None:
    """ "darwin/amd64" for the slice the host would run; None when goide could not read the file."""
    chosen, _mode = best_slice(binary, facts.host)
    return f"{chosen.os}/{chosen.arch}" if chosen else None


def host_platform(facts: Facts) -> str:
    """The machine's OS/ARCH as Go names it; what a report does not tell is not made up."""
    if unknown(facts, "host.os"):
        return "your OS and CPU"
    if unknown(facts, "host.hardware"):
        return f"{facts.host.os} and your CPU (arm64 or amd64)"
    return f"{facts.host.os}/{facts.host.hardware_arch}"


def too_old_to_build(facts: Facts, name: str) -> bool:
    """The toolchain is older than every release goide knows of this tool needs to build."""
    needs = TOOLS_BY_NAME[name].needs_go
    major = toolchain_major(facts)
    return bool(needs) and major is not None and major < needs[-1][1]


def native_go(facts: Facts) -> str | None:
    """The go to install tools with: the first go on PATH that runs natively on the hardware.

    "go" when that is the first on PATH (what a terminal runs); its full path when a shadowed one
    is the right one; None when no native go is installed.
    """
    for index, go in enumerate(facts.toolchain.gos):
        if best_slice(go.binary, facts.host)[1] is RunMode.NATIVE:
            return "go" if index == 0 else go.binary.path
    if not facts.toolchain.gos and unknown(facts, "toolchain.go"):
        return "go"  # a report that shows no go: nothing says it is the wrong one
    return None


def toolchain_major(facts: Facts) -> tuple[int, int] | None:
    """The Go major of the go on PATH: what `go install` builds with."""
    tc = facts.toolchain
    version = tc.gos[0].binary.slices[0].go_version if tc.gos and tc.gos[0].binary.slices else None
    return go_major(version or (tc.go_env or {}).get("GOVERSION", ""))


def newest_installable(facts: Facts, name: str) -> str:
    """The newest release the toolchain can build: the module proxy's answer when it came with the
    facts and its go.mod allows this Go, else goide's dated table."""
    major = toolchain_major(facts)
    from_table = TOOLS_BY_NAME[name].newest_for(major)
    for release in facts.newest:
        if release.tool != name:
            continue
        needs = go_major("go" + release.go_version) if release.go_version else None
        newer = (semver_key(release.version) or (0,)) > (semver_key(from_table) or (0,))
        if newer and (major is None or needs is None or needs <= major):
            return release.version
    return from_table


def newest_source(facts: Facts, name: str) -> str:
    """Where the newest version came from, with its date."""
    for release in facts.newest:
        if release.tool == name and release.source:
            return release.source
    return TOOLS_BY_NAME[name].source


def reinstall_version(tool: ToolFacts, facts: Facts) -> str:
    """The version to (re)install: the one installed when it is a release, else the newest the
    toolchain can build."""
    if tool.copies:
        chosen = tool.copies[0].binary.slices[0] if tool.copies[0].binary.slices else None
        version = chosen.module_version if chosen else None
        if version and semver_key(version) and "-0." not in version and "+" not in version:
            return version
    return newest_installable(facts, tool.name)


FIRST_INSTALL_GO = "First install Go for {platform} from https://go.dev/dl/, then run:"


def installed_package(tool: ToolFacts) -> str | None:
    """The package path the installed binary was built from (its build info `path` line): a
    reinstall must use it (golangci-lint v1 and v2 are different modules)."""
    for copy in tool.copies:
        for s in copy.binary.slices:
            if s.package_path and s.package_path != "command-line-arguments":
                return s.package_path
    return None


def install_command(facts: Facts, go: str, package: str, version: str) -> str:
    """`go install pkg@version`; before Go 1.16 `go install` takes no version, so `go get` in module mode."""
    major = toolchain_major(facts)
    if major is not None and major < (1, 16):
        if facts.host.os == "windows":
            return f"$env:GO111MODULE='on'; {go} get {package}@{version}"
        return f"GO111MODULE=on {go} get {package}@{version}"
    return f"{go} install {package}@{version}"


def install_fix(facts: Facts, name: str, version: str, why: str, package: str | None = None) -> Fix:
    """`go install pkg@version` with the right go, or the step that must come first."""
    package = package or TOOLS_BY_NAME[name].package
    go = native_go(facts)
    if go is None:
        # The Go installed first is the newest: install what it builds (old tools may not compile with it).
        from goide.doctor.known import supported_majors

        version = TOOLS_BY_NAME[name].newest_for(supported_majors()[0])
        return Fix(
            f"{why} {FIRST_INSTALL_GO.format(platform=host_platform(facts))}",
            command=f"go install {package}@{version}",
            action=f"install-tool:{name}@{version}",
        )
    return Fix(
        why, command=install_command(facts, go, package, version), action=f"install-tool:{name}@{version}"
    )


def rules_of(facts: Facts) -> PathRules:
    """The path rules of the machine the facts describe (never the judging machine's)."""
    return path_rules(facts.host.os)


def unknown(facts: Facts, part: str) -> bool:
    """Nobody looked at `part` (a report does not tell it): say nothing about it."""
    return any(part == u or part.startswith(u + ".") for u in facts.unknown)


def shell_of(facts: Facts) -> str:
    if facts.host.os == "windows":
        return "powershell"
    return facts.shell or ""


def path_fix(facts: Facts, directory: str, why: str) -> Fix:
    """A PATH change that lasts: the line for the profile of the user's shell, or on Windows the
    user PATH set with PowerShell (an `export` would last one terminal)."""
    shell = shell_of(facts)
    if shell == "powershell":
        command = (
            "[Environment]::SetEnvironmentVariable('Path', "
            f"[Environment]::GetEnvironmentVariable('Path', 'User') + ';{directory}', 'User')"
        )
        return Fix(f"{why} Run in PowerShell, then open a new terminal and restart VS Code:", command=command)
    if shell == "fish":
        # fish_add_path ignores a folder that does not exist yet (GOPATH/bin before the first install).
        return Fix(
            f"{why} fish keeps it for every new shell:",
            command=f"mkdir -p {directory}; and fish_add_path {directory}",
        )
    if shell == "zsh" or (not shell and facts.host.os == "darwin"):  # zsh: the macOS default since 10.15
        profile = "~/.zprofile"
    elif shell == "bash":
        profile = "~/.bash_profile" if facts.host.os == "darwin" else "~/.bashrc"
    else:
        profile = "~/.profile"
    line = f'export PATH="$PATH:{directory}"'
    return Fix(
        f"{why} Add it to {profile} (your login shell reads it), then open a new terminal and restart "
        "VS Code:",
        command=f"echo '{line}' >> {profile}",
    )
