"""GOPATH rules and the extension's view of GOPATH, judged from facts (macOS and Windows machines
cannot run here; the facts follow what `go env -json` and `go version -m` print)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from goide.doctor.facts import (
    BinaryFacts,
    Facts,
    GoCommand,
    HostFacts,
    SettingsFile,
    SliceFacts,
    ToolchainFacts,
    ToolCopy,
    ToolFacts,
    VSCodeFacts,
)
from goide.doctor.rules.judge import core_rules, judge

MAC = HostFacts(os="darwin", os_version="15", hardware_arch="arm64", process_arch="arm64")


def _go(path: str, version: str) -> GoCommand:
    binary = BinaryFacts(path, path, "macho", (SliceFacts("darwin", "arm64", version),))
    return GoCommand(binary, 0, path.rsplit("/bin/", 1)[0])


def _facts(
    *, gopath: str, settings: dict[str, object] | None = None, gos: tuple[GoCommand, ...] = (), **kw: object
) -> Facts:
    gos = gos or (_go("/opt/homebrew/opt/go/libexec/bin/go", "go1.26.8"),)
    tc = ToolchainFacts(
        path_dirs=("/opt/homebrew/opt/go/libexec/bin", "/Users/me/go/bin"),
        gos=gos,
        go_env={"GOROOT": gos[0].goroot, "GOPATH": gopath, "GOVERSION": "go1.26.8"},
        gopath=gopath,
        **kw,  # type: ignore[arg-type]
    )
    vs = VSCodeFacts(
        settings=(SettingsFile("stable", "/Users/me/settings.json", True, go_settings=settings or {}),)
    )
    return Facts(1, "0", MAC, tc, vscode=vs, home="/Users/me")


def _ids(facts: Facts) -> dict[str, object]:
    return {f.id: f for f in judge(facts, core_rules())}


def test_gopath_inside_a_symlinked_goroot_is_found_through_the_collectors_real_paths() -> None:
    # Homebrew: GOROOT is /opt/homebrew/opt/go/libexec -> ../Cellar/go/1.26.8/libexec; GOPATH points
    # into the Cellar path. The rule compares the real paths the collector stored, never realpath.
    facts = _facts(
        gopath="/opt/homebrew/Cellar/go/1.26.8/libexec/gopath",
        real_paths={"/opt/homebrew/opt/go/libexec": "/opt/homebrew/Cellar/go/1.26.8/libexec"},
    )
    ids = _ids(facts)
    assert "toolchain.gopath-in-goroot" in ids
    problems = [f.id for f in judge(facts, core_rules()) if f.severity.value in ("error", "warning")]
    assert problems[0] == "toolchain.gopath-in-goroot"  # the cause comes first


def test_tools_in_a_later_gopath_entry() -> None:
    dlv = BinaryFacts(
        "/Users/me/old/bin/dlv",
        "/Users/me/old/bin/dlv",
        "macho",
        (
            SliceFacts(
                "darwin",
                "arm64",
                "go1.26.8",
                "github.com/go-delve/delve",
                "v1.27.2",
                "github.com/go-delve/delve/cmd/dlv",
            ),
        ),
    )
    facts = dataclasses.replace(
        _facts(gopath="/Users/me/go:/Users/me/old"), tools=(ToolFacts("dlv", (ToolCopy("GOPATH/bin", dlv),)),)
    )
    found = _ids(facts)["toolchain.gopath-several"]
    assert "/Users/me/go/bin" in found.detail  # type: ignore[attr-defined]
    assert found.fix.command == "go env -w GOBIN=/Users/me/go/bin"  # type: ignore[attr-defined]


def test_tools_gopath_setting_inside_goroot_and_extension_gopath_differs() -> None:
    facts = _facts(
        gopath="/Users/me/go",
        settings={"go.toolsGopath": "/opt/homebrew/opt/go/libexec/tools", "go.gopath": "/Users/me/work"},
    )
    ids = _ids(facts)
    assert "settings.toolsgopath-in-goroot" in ids
    differs = ids["tools.extension-gopath-differs"]
    assert "/Users/me/work" in differs.detail
    assert "/Users/me/go" in differs.detail
    assert "go.gopath" in differs.fix.description  # type: ignore[attr-defined]


def test_stale_go_first_on_path_names_both_and_does_not_say_install() -> None:
    old, new = _go("/usr/local/go/bin/go", "go1.19.4"), _go("/opt/homebrew/bin/go", "go1.26.8")
    new = dataclasses.replace(new, path_index=1)
    ids = _ids(_facts(gopath="/Users/me/go", gos=(old, new)))
    stale = ids["toolchain.stale-go-first"]
    assert "go1.19.4" in stale.title
    assert "go1.26.8" in stale.title
    assert "do not install Go again" in stale.fix.description  # type: ignore[attr-defined]
    assert "toolchain.unsupported" not in ids


def test_extension_looks_in_the_go_gopath_setting_not_the_shells(tmp_path: Path) -> None:
    from goide.doctor.collect.tools import search_dirs

    tc = ToolchainFacts(path_dirs=(), gopath=str(tmp_path / "shell-gopath"))
    dirs = [
        d
        for where, d in search_dirs(tc, {"go.gopath": str(tmp_path / "vscode-gopath")})
        if where == "GOPATH/bin"
    ]
    assert dirs == [str(tmp_path / "vscode-gopath" / "bin")]
    dirs = [d for where, d in search_dirs(tc, {}) if where == "GOPATH/bin"]
    assert dirs == [str(tmp_path / "shell-gopath" / "bin")]


# go.goroot, as the Go extension applies it (vscode-go goEnv.ts setGOROOTEnvVar, util.ts
# getBinPathWithExplanation, goEnvironmentStatus.ts addGoRuntimeBaseToPATH): the setting's Go runs
# and its bin goes first on the tools' PATH, unless go.terminal.activateEnvironment is false.
OLD_GO = "/Users/me/sdk/go1.24.3"


def test_go_goroot_on_a_machine_is_what_vscode_runs_a_warning_not_an_error() -> None:
    found = judge(_facts(gopath="/Users/me/go", settings={"go.goroot": OLD_GO}), core_rules())
    ids = {f.id: f for f in found}
    assert "settings.goroot-ignored" not in ids
    warning = ids["settings.goroot-overrides-path"]
    assert warning.severity.value == "warning"
    assert f"{OLD_GO}/bin/go" in warning.detail
    assert not [f for f in found if f.severity.value == "error"]


def test_go_goroot_with_the_terminal_environment_off_mixes_two_gos() -> None:
    settings = {"go.goroot": OLD_GO, "go.terminal.activateEnvironment": False}
    ids = _ids(_facts(gopath="/Users/me/go", settings=settings))
    error = ids["settings.goroot-not-on-path"]
    assert error.severity.value == "error"  # type: ignore[attr-defined]
    assert "settings.goroot-overrides-path" not in ids


def test_go_goroot_in_a_report_that_shows_another_goroot_was_ignored() -> None:
    machine = _facts(gopath="/Users/me/go", settings={"go.goroot": OLD_GO})
    facts = dataclasses.replace(machine, source="report")
    ids = _ids(facts)
    assert ids["settings.goroot-ignored"].severity.value == "error"  # type: ignore[attr-defined]
    assert "settings.goroot-overrides-path" not in ids


def test_go_goroot_naming_the_go_in_use_says_nothing() -> None:
    goroot = "/opt/homebrew/opt/go/libexec"
    ids = _ids(_facts(gopath="/Users/me/go", settings={"go.goroot": goroot + "/"}))
    assert not [i for i in ids if i.startswith("settings.goroot")]
