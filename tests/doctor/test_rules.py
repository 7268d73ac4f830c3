"""Rules judged directly from Facts: situations this Linux machine cannot produce (a Mac, Windows on
ARM, a translated terminal) and the toolchain configurations people get wrong. Each Facts value is
what the collectors produce on such a machine."""

from __future__ import annotations

import dataclasses

import pytest

from goide.core.model import Finding, Severity
from goide.doctor.context import Area
from goide.doctor.facts import (
    BinaryFacts,
    CommandOutcome,
    Facts,
    GoCommand,
    HostFacts,
    ProbeFailure,
    SliceFacts,
    ToolchainFacts,
    ToolCopy,
    ToolFacts,
    VSCodeFacts,
    VSCodeInstall,
)
from goide.doctor.run import diagnose

MAC = HostFacts(os="darwin", os_version="15.6", hardware_arch="arm64", process_arch="arm64")


def _binary(
    path: str,
    goos: str,
    arch: str,
    *,
    go: str | None = "go1.26.8",
    module: str | None = None,
    version: str | None = None,
) -> BinaryFacts:
    return BinaryFacts(path, path, "macho", (SliceFacts(goos, arch, go, module, version, module),))


def _go(
    path: str, goos: str = "darwin", arch: str = "arm64", version: str = "go1.26.8", index: int = 0
) -> GoCommand:
    return GoCommand(_binary(path, goos, arch, go=version, module="cmd"), index, path.rsplit("/bin/", 1)[0])


def _facts(
    host: HostFacts = MAC,
    gos: tuple[GoCommand, ...] = (),
    tools: tuple[ToolFacts, ...] = (),
    **toolchain: object,
) -> Facts:
    tc = ToolchainFacts(
        path_dirs=("/usr/local/go/bin", "/Users/me/go/bin"), gos=gos, gopath="/Users/me/go", **toolchain
    )  # type: ignore[arg-type]
    return Facts(1, "0.1.0", host, tc, tools=tools)


def _tool(
    name: str, module: str, version: str, *, goos: str = "darwin", arch: str = "arm64", go: str = "go1.26.8"
) -> ToolFacts:
    path = f"/Users/me/go/bin/{name}"
    return ToolFacts(
        name, (ToolCopy("GOPATH/bin", _binary(path, goos, arch, go=go, module=module, version=version)),)
    )


def _ids(findings: list[Finding]) -> dict[str, Finding]:
    return {f.id: f for f in findings}


GOPLS = ("gopls", "golang.org/x/tools/gopls", "v0.23.0")
DLV = ("dlv", "github.com/go-delve/delve/cmd/dlv", "v1.27.2")


def test_no_go_is_an_error_with_the_hardware_in_the_fix() -> None:
    f = _ids(diagnose(_facts()))["toolchain.no-go"]
    assert f.severity is Severity.ERROR
    assert f.fix is not None
    assert "darwin/arm64" in f.fix.description


def test_go_outside_the_two_newest_majors() -> None:
    ids = _ids(diagnose(_facts(gos=(_go("/usr/local/go/bin/go", version="go1.24.3"),))))
    assert ids["toolchain.unsupported"].severity is Severity.WARNING
    assert "1.27 and 1.26" in ids["toolchain.unsupported"].detail
    assert "toolchain.go" in _ids(diagnose(_facts(gos=(_go("/usr/local/go/bin/go", version="go1.27.2"),))))
    # A Go newer than goide's table is not "unsupported".
    assert "toolchain.go" in _ids(diagnose(_facts(gos=(_go("/usr/local/go/bin/go", version="go1.29rc1"),))))


def test_several_go_and_goroot_mismatch() -> None:
    gos = (_go("/usr/local/go/bin/go"), _go("/opt/homebrew/bin/go", version="go1.27.2", index=2))
    ids = _ids(diagnose(_facts(gos=gos, environ={"GOROOT": "/opt/homebrew/Cellar/go/1.27.2/libexec"})))
    assert ids["toolchain.several-go"].severity is Severity.WARNING
    assert "/opt/homebrew/bin/go: go1.27.2" in ids["toolchain.several-go"].detail
    mismatch = ids["toolchain.goroot-mismatch"]
    assert mismatch.severity is Severity.ERROR
    assert mismatch.fix is not None
    assert mismatch.fix.command is None
    from_file = _ids(
        diagnose(
            _facts(
                gos=gos[:1],
                env_file="/Users/me/Library/Application Support/go/env",
                env_file_values={"GOROOT": "/usr/local/go1.22"},
            )
        )
    )
    fix = from_file["toolchain.goroot-mismatch"].fix
    assert fix is not None
    assert fix.command == "go env -u GOROOT"


def test_goos_goarch_left_in_go_env_file() -> None:
    # golang/go#57693: GOOS=linux GOARCH=amd64 left by `go env -w` on an Apple Silicon Mac.
    ids = _ids(
        diagnose(
            _facts(
                gos=(_go("/usr/local/go/bin/go"),),
                env_file="/Users/me/Library/Application Support/go/env",
                env_file_values={"GOOS": "linux", "GOARCH": "arm64"},
            )
        )
    )
    assert ids["toolchain.goos-persistent"].severity is Severity.ERROR
    assert (
        ids["toolchain.goarch-persistent"].severity is Severity.WARNING
    )  # same as the hardware: a trap only
    assert ids["toolchain.goos-persistent"].fix.command == "go env -u GOOS"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("shell", "command"),
    [
        ("zsh", """echo 'export PATH="$PATH:/Users/me/bin"' >> ~/.zprofile"""),
        ("bash", """echo 'export PATH="$PATH:/Users/me/bin"' >> ~/.bash_profile"""),  # macOS: login shells
        ("fish", "mkdir -p /Users/me/bin; and fish_add_path /Users/me/bin"),
        ("", """echo 'export PATH="$PATH:/Users/me/bin"' >> ~/.zprofile"""),  # macOS's default shell is zsh
    ],
)
def test_gobin_not_on_path_fix_lasts_in_the_users_shell(shell: str, command: str) -> None:
    facts = dataclasses.replace(
        _facts(gos=(_go("/usr/local/go/bin/go"),), gobin="/Users/me/bin"), shell=shell
    )
    ids = _ids(diagnose(facts))
    assert ids["toolchain.bin-not-on-path"].severity is Severity.WARNING
    assert ids["toolchain.bin-not-on-path"].fix.command == command  # type: ignore[union-attr]


def test_gobin_not_on_path_on_windows_is_a_user_path_change() -> None:
    windows = HostFacts(os="windows", os_version="11", hardware_arch="amd64", process_arch="amd64")
    tc = ToolchainFacts(
        path_dirs=("C:\\Program Files\\Go\\bin",),
        gos=(_go("C:\\Program Files\\Go\\bin\\go.exe"),),
        gopath="C:\\Users\\me\\go",
    )
    ids = _ids(diagnose(Facts(1, "0.1.0", windows, tc)))
    command = ids["toolchain.bin-not-on-path"].fix.command  # type: ignore[union-attr]
    assert command is not None
    assert command.startswith("[Environment]::SetEnvironmentVariable('Path',")
    assert "C:\\Users\\me\\go\\bin" in command
    assert "'User')" in command


def test_bin_dir_missing_is_said_once() -> None:
    facts = _facts(gos=(_go("/usr/local/go/bin/go"),), missing_path_dirs=("/Users/me/go/bin",))
    findings = diagnose(facts)
    about = [f for f in findings if "/Users/me/go/bin" in f.title or "/Users/me/go/bin" in f.detail]
    assert [f.id for f in about] == ["toolchain.bin-on-path"]
    assert "the first `go install` creates it" in about[0].title


def test_go_env_outcomes() -> None:
    for status, finding_id in (
        ("timed-out", "toolchain.go-env-timeout"),
        ("bad-output", "toolchain.go-env-garbage"),
        ("failed", "toolchain.go-env-failed"),
    ):
        outcome = CommandOutcome(("/usr/local/go/bin/go", "env", "-json"), status, "why", 1.0)
        ids = _ids(diagnose(_facts(gos=(_go("/usr/local/go/bin/go"),), go_env_outcome=outcome)))
        assert ids[finding_id].severity is Severity.ERROR


def test_tools_built_with_older_go_and_older_than_known() -> None:
    tools = (_tool(*GOPLS, go="go1.25.3"), _tool("dlv", DLV[1], "v1.26.0"))
    ids = _ids(diagnose(_facts(gos=(_go("/usr/local/go/bin/go", version="go1.26.8"),), tools=tools)))
    older = ids["tools.built-with-older-go"]
    assert older.severity is Severity.WARNING
    assert "gopls" in older.title
    assert older.fix is not None
    assert older.fix.command == "go install golang.org/x/tools/gopls@v0.23.0"
    assert older.fix.action == "install-tool:gopls@v0.23.0"
    newer = ids["tools.newer-release"]
    assert newer.severity is Severity.INFO
    assert newer.title == "dlv v1.26.0: v1.27.2 is out"
    assert "tools.ok.dlv" in ids  # info only: dlv still counts as fine


def test_newest_gopls_is_the_newest_the_toolchain_can_build() -> None:
    # gopls v0.24.0 needs go1.27: with go1.26 the newest to suggest is v0.23.0.
    on_126 = _ids(
        diagnose(_facts(gos=(_go("/usr/local/go/bin/go"),), tools=(ToolFacts("gopls"), _tool(*GOPLS))))
    )
    assert on_126["tools.missing.gopls"].fix.command == "go install golang.org/x/tools/gopls@v0.23.0"  # type: ignore[union-attr]
    assert "tools.newer-release" not in on_126
    on_127 = _ids(
        diagnose(_facts(gos=(_go("/usr/local/go/bin/go", version="go1.27.2"),), tools=(_tool(*GOPLS),)))
    )
    assert on_127["tools.newer-release"].title == "gopls v0.23.0: v0.24.0 is out"


def test_missing_tools_severity_follows_the_extension() -> None:
    ids = _ids(
        diagnose(
            _facts(
                gos=(_go("/usr/local/go/bin/go"),),
                tools=(ToolFacts("gopls"), ToolFacts("dlv"), ToolFacts("impl")),
            )
        )
    )
    assert ids["tools.missing.gopls"].severity is Severity.ERROR
    assert ids["tools.missing.dlv"].severity is Severity.WARNING
    assert ids["tools.optional-missing"].severity is Severity.INFO
    assert "impl" in ids["tools.optional-missing"].title


def test_amd64_vscode_is_the_root_cause_of_amd64_tools() -> None:
    code = VSCodeInstall(
        "stable",
        "/Applications/Visual Studio Code.app",
        "1.106.3",
        "abc",
        executable=_binary(
            "/Applications/Visual Studio Code.app/Contents/MacOS/Electron", "darwin", "amd64", go=None
        ),
    )
    facts = dataclasses.replace(
        _facts(gos=(_go("/usr/local/go/bin/go"),), tools=(_tool(*GOPLS, arch="amd64"),)),
        vscode=VSCodeFacts(installs=(code,)),
    )
    ids = _ids(diagnose(facts))
    assert ids["arch.vscode-translated"].severity is Severity.WARNING
    root = ids["arch.root-cause"]
    assert root.severity is Severity.WARNING  # gopls only: slow, not broken
    assert "VS Code (stable) is darwin/amd64" in root.title
    assert "Install Go" not in root.fix.description  # type: ignore[union-attr]


def test_translated_terminal_is_named() -> None:
    host = dataclasses.replace(MAC, process_arch="amd64", translation="rosetta")
    ids = _ids(
        diagnose(_facts(host=host, gos=(_go("/usr/local/go/bin/go"),), tools=(_tool(*DLV, arch="amd64"),)))
    )
    assert ids["arch.terminal-translated"].severity is Severity.WARNING
    assert "terminal runs translated" in ids["arch.root-cause"].title
    assert ids["arch.dlv-rosetta"].severity is Severity.ERROR


def test_windows_on_arm_x64_tools_are_translated_not_broken() -> None:
    host = HostFacts(os="windows", os_version="10.0.26100", hardware_arch="arm64", process_arch="arm64")
    go = _go("C:/Program Files/Go/bin/go.exe", goos="windows", arch="amd64")
    ids = _ids(diagnose(_facts(host=host, gos=(go,), tools=(_tool(*DLV, goos="windows", arch="amd64"),))))
    assert ids["arch.translated"].severity is Severity.WARNING
    assert "x64 emulation" in ids["arch.translated"].title
    assert "arch.dlv-rosetta" not in ids
    assert ids["arch.root-cause"].severity is Severity.WARNING


def test_universal_binary_runs_its_native_slice() -> None:
    both = BinaryFacts(
        "/Users/me/go/bin/dlv",
        "/Users/me/go/bin/dlv",
        "macho-universal",
        (
            SliceFacts("darwin", "amd64", "go1.26.8", DLV[1], DLV[2]),
            SliceFacts("darwin", "arm64", "go1.26.8", DLV[1], DLV[2]),
        ),
    )
    ids = _ids(
        diagnose(
            _facts(gos=(_go("/usr/local/go/bin/go"),), tools=(ToolFacts("dlv", (ToolCopy("GOBIN", both),)),))
        )
    )
    assert "arch.dlv-rosetta" not in ids
    assert "tools.ok.dlv" in ids


def test_probe_failures_and_a_crashing_rule_become_findings() -> None:
    facts = dataclasses.replace(
        _facts(), probe_failures=(ProbeFailure("vscode", "timed-out", "no result within 25 s"),)
    )

    def broken(_: Facts) -> list[Finding]:
        raise KeyError("surprise")

    ids = _ids(diagnose(facts, [Area("broken", None, broken)]))
    assert ids["doctor.probe-timed-out.vscode"].severity is Severity.ERROR
    assert "KeyError" in ids["doctor.rule-crashed.broken"].detail
    assert "toolchain.no-go" in ids  # the other rules still ran


def test_vscode_extension_cli_and_settings() -> None:
    from goide.doctor.facts import ExtensionsDir, SettingsFile

    code = VSCodeInstall(
        "stable",
        "/Applications/Visual Studio Code.app",
        "1.106.3",
        "abc",
        executable=_binary(
            "/Applications/Visual Studio Code.app/Contents/MacOS/Electron", "darwin", "arm64", go=None
        ),
    )
    insiders = dataclasses.replace(
        code, flavour="insiders", location="/Applications/Visual Studio Code - Insiders.app"
    )
    vs = VSCodeFacts(
        installs=(code, insiders),
        cli_on_path=("/usr/local/bin/code",),
        extensions=(
            ExtensionsDir("stable", "/Users/me/.vscode/extensions", "0.44.0"),
            ExtensionsDir("insiders", "/Users/me/.vscode-insiders/extensions", None),
        ),
        settings=(
            SettingsFile(
                "stable",
                "/Users/me/Library/Application Support/Code/User/settings.json",
                True,
                error="not valid JSONC: <string>:3 Unexpected end of input at column 1",
            ),
        ),
    )
    ids = _ids(diagnose(dataclasses.replace(_facts(gos=(_go("/usr/local/go/bin/go"),)), vscode=vs)))
    assert ids["vscode.go-extension-old.stable"].severity is Severity.WARNING
    assert ids["vscode.go-extension-old.stable"].fix.command == "code --install-extension golang.go --force"  # type: ignore[union-attr]
    assert (
        ids["vscode.go-extension-missing.insiders"].fix.command
        == "code-insiders --install-extension golang.go"
    )  # type: ignore[union-attr]
    assert "vscode.cli-not-on-path.stable" not in ids
    assert "Shell Command" in ids["vscode.cli-not-on-path.insiders"].fix.description  # type: ignore[union-attr]
    assert ids["vscode.settings-unreadable.stable"].severity is Severity.WARNING
    assert ids["arch.vscode-native"].severity is Severity.OK


def test_terminal_and_vscode_run_different_copies() -> None:
    old = ToolCopy(
        "PATH", _binary("/usr/local/bin/gopls", "darwin", "amd64", module=GOPLS[1], version="v0.16.2")
    )
    tool = ToolFacts("gopls", (_tool(*GOPLS).copies[0], old))
    ids = _ids(diagnose(_facts(gos=(_go("/usr/local/go/bin/go"),), tools=(tool,))))
    shadowed = ids["tools.shadowed"]
    assert shadowed.severity is Severity.INFO
    assert "/usr/local/bin/gopls (v0.16.2, darwin/amd64)" in shadowed.detail
    assert "arch.translated" not in ids  # VS Code runs the native copy


def test_goarch_in_the_environment() -> None:
    ids = _ids(diagnose(_facts(gos=(_go("/usr/local/go/bin/go"),), environ={"GOARCH": "amd64"})))
    assert ids["toolchain.goarch-in-environment"].severity is Severity.WARNING
    assert "toolchain.goos-in-environment" not in ids


def test_native_dlv_started_from_an_amd64_vscode_fails_too() -> None:
    code = VSCodeInstall(
        "stable",
        "/Applications/Visual Studio Code.app",
        "1.106.3",
        "abc",
        executable=_binary(
            "/Applications/Visual Studio Code.app/Contents/MacOS/Electron", "darwin", "amd64", go=None
        ),
    )
    facts = dataclasses.replace(
        _facts(gos=(_go("/usr/local/go/bin/go"),), tools=(_tool(*DLV),)), vscode=VSCodeFacts(installs=(code,))
    )
    ids = _ids(diagnose(facts))
    shell = ids["arch.dlv-rosetta-shell"]
    assert shell.severity is Severity.ERROR
    assert "check that the terminal/shell in use is right for your CPU architecture" in shell.detail
    assert "VS Code (stable) (darwin/amd64)" in shell.title
    assert "arch.dlv-rosetta" not in ids
    assert "arch.root-cause" not in ids
    native_code = dataclasses.replace(
        code, executable=_binary(code.location + "/Contents/MacOS/Electron", "darwin", "arm64", go=None)
    )
    fine = dataclasses.replace(facts, vscode=VSCodeFacts(installs=(native_code,)))
    assert "arch.dlv-rosetta-shell" not in _ids(diagnose(fine))
