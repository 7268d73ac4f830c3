"""`goide doctor` end to end: the real go, the real pinned tools, and real executables for other
platforms cross-compiled by the real Go, laid out in temporary GOROOT/GOPATH/PATH directories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.doctor.conftest import (
    doctor_env,
    findings_by_id,
    install_go_extension,
    linux_binary,
    make_vscode_linux,
    place,
    write_user_settings,
)
from tests.helpers import goide, tool

pytestmark = pytest.mark.integration

DELVE_MESSAGE = (
    "could not launch process: can not run under Rosetta, "
    "check that the installed build of Go is right for your CPU architecture"
)


def _doctor_json(*args: str, env: dict[str, str]) -> tuple[int, dict[str, object]]:
    result = goide("doctor", "--json", *args, env=env)
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    return result.returncode, json.loads(result.stdout)


def _apple_silicon_with_amd64_go(tmp_path: Path, go: Path, dlv: Path, gopls: Path) -> dict[str, str]:
    """A Mac whose Go was installed from the amd64 package: /usr/local/go is darwin/amd64 and the
    tools it installed into ~/go/bin are darwin/amd64 too."""
    home = tmp_path / "home"
    goroot_bin = tmp_path / "usr-local-go" / "bin"
    place(go, goroot_bin, "go")
    gopath_bin = home / "go" / "bin"
    place(dlv, gopath_bin, "dlv")
    place(gopls, gopath_bin, "gopls")
    return doctor_env(home, [goroot_bin, gopath_bin])


def test_all_green_with_real_go_and_pinned_tools(tmp_path: Path, hello_module: Path) -> None:
    home = tmp_path / "home"
    gobin = tmp_path / "gobin"
    for name in ("gopls", "dlv", "golangci-lint"):
        place(tool(name), gobin, name)
    vscode = make_vscode_linux(tmp_path / "opt", linux_binary(hello_module))
    cli_dir = tmp_path / "cli"
    place(vscode / "code", cli_dir, "code")
    install_go_extension(home, "0.56.0")
    write_user_settings(home, '{\n  // Go\n  "go.lintTool": "golangci-lint",\n}\n')
    env = doctor_env(home, [tool("go").parent, gobin, cli_dir], GOBIN=str(gobin))

    status, doc = _doctor_json("--vscode", str(vscode), env=env)

    bad = [f for f in doc["findings"] if f["severity"] in ("error", "warning")]  # type: ignore[union-attr]
    assert bad == []
    assert status == 0
    ids = findings_by_id(doc)
    for expected in (
        "toolchain.go",
        "arch.go-native",
        "tools.ok.gopls",
        "tools.ok.dlv",
        "tools.ok.golangci-lint",
        "arch.vscode-native",
        "vscode.go-extension.stable",
        "toolchain.bin-on-path",
    ):
        assert expected in ids, expected
    assert "v0.23.0" in str(ids["tools.ok.gopls"]["title"])
    assert "linux/amd64" in str(ids["tools.ok.dlv"]["title"])


def test_apple_silicon_with_amd64_toolchain_reports_rosetta_and_root_cause(
    tmp_path: Path, darwin_amd64_go: Path, darwin_amd64_dlv: Path, darwin_amd64_gopls: Path
) -> None:
    env = _apple_silicon_with_amd64_go(tmp_path, darwin_amd64_go, darwin_amd64_dlv, darwin_amd64_gopls)

    status, doc = _doctor_json("--platform", "darwin/arm64", env=env)

    assert status == 1
    ids = findings_by_id(doc)
    rosetta = ids["arch.dlv-rosetta"]
    assert rosetta["severity"] == "error"
    assert DELVE_MESSAGE in str(rosetta["detail"])
    fix = rosetta["fix"]
    assert isinstance(fix, dict)
    # No arm64 go is installed: install one first (said once, as step 1 of one numbered list), then
    # reinstall dlv with it at the newest release that Go builds and debugs.
    assert "Step 2 of 'Fix, in this order'" in fix["description"]
    assert fix["command"] == "go install github.com/go-delve/delve/cmd/dlv@v1.27.2"
    steps = ids["doctor.fix-steps"]["evidence"]
    assert isinstance(steps, list)
    assert steps[0].startswith("Install Go for darwin/arm64 from https://go.dev/dl/")
    assert "go install github.com/go-delve/delve/cmd/dlv@v1.27.2" in steps
    assert not any("First install Go" in str(f["fix"]) for f in doc["findings"] if f["severity"] != "info")
    first_problem = next(f for f in doc["findings"] if f["severity"] in ("error", "warning"))
    assert first_problem["id"] == "arch.root-cause"
    assert ids["arch.translated"]["severity"] == "warning"
    assert "gopls" in str(ids["arch.translated"]["title"])
    root = ids["arch.root-cause"]
    assert root["severity"] == "error"
    assert "Go toolchain on PATH is darwin/amd64" in str(root["title"])
    assert "dlv (darwin/amd64)" in str(root["detail"])
    assert "gopls (darwin/amd64)" in str(root["detail"])
    assert ids["arch.go-translated"]["severity"] == "warning"
    # The darwin go cannot run on this Linux machine, so it was never executed.
    assert "toolchain.go-env-timeout" not in ids
    assert "toolchain.go-env-failed" not in ids


def test_native_go_shadowed_by_amd64_go_is_the_one_the_fix_uses(
    tmp_path: Path,
    darwin_amd64_go: Path,
    darwin_arm64_go: Path,
    darwin_amd64_dlv: Path,
    darwin_amd64_gopls: Path,
) -> None:
    env = _apple_silicon_with_amd64_go(tmp_path, darwin_amd64_go, darwin_amd64_dlv, darwin_amd64_gopls)
    homebrew_bin = tmp_path / "opt-homebrew" / "bin"
    native = place(darwin_arm64_go, homebrew_bin, "go")
    env["PATH"] += f":{homebrew_bin}"

    _, doc = _doctor_json("--platform", "darwin/arm64", env=env)

    ids = findings_by_id(doc)
    assert ids["toolchain.several-go"]["severity"] == "warning"
    fix = ids["arch.dlv-rosetta"]["fix"]
    assert isinstance(fix, dict)
    assert fix["command"] == f"{native} install github.com/go-delve/delve/cmd/dlv@v1.27.2"
    assert "Install Go for" not in str(ids["arch.root-cause"]["fix"])


def test_native_toolchain_with_amd64_dlv_has_no_toolchain_root_cause(
    tmp_path: Path, darwin_arm64_go: Path, darwin_amd64_dlv: Path
) -> None:
    home = tmp_path / "home"
    goroot_bin = tmp_path / "go" / "bin"
    place(darwin_arm64_go, goroot_bin, "go")
    place(darwin_amd64_dlv, home / "go" / "bin", "dlv")
    env = doctor_env(home, [goroot_bin, home / "go" / "bin"])

    status, doc = _doctor_json("--platform", "darwin/arm64", env=env)

    ids = findings_by_id(doc)
    assert status == 1
    assert ids["arch.dlv-rosetta"]["fix"]["command"] == (  # type: ignore[index]
        "go install github.com/go-delve/delve/cmd/dlv@v1.27.2"
    )
    assert "arch.root-cause" not in ids
    assert "arch.go-native" in ids


@pytest.mark.parametrize("platform", ["windows/arm64", "linux/arm64"])
def test_darwin_bundle_cannot_run_on_other_platforms(
    tmp_path: Path, platform: str, darwin_amd64_go: Path, darwin_amd64_dlv: Path, darwin_amd64_gopls: Path
) -> None:
    env = _apple_silicon_with_amd64_go(tmp_path, darwin_amd64_go, darwin_amd64_dlv, darwin_amd64_gopls)

    status, doc = _doctor_json("--platform", platform, env=env)

    assert status == 1
    cannot = [f for f in doc["findings"] if f["id"] == "arch.cannot-run"]  # type: ignore[union-attr]
    assert sorted(str(f["title"]).split()[0] for f in cannot) == ["dlv", "gopls"]
    assert all(f"cannot run on {platform}" in str(f["title"]) for f in cannot)
    assert findings_by_id(doc)["arch.go-cannot-run"]["severity"] == "error"
    assert "arch.dlv-rosetta" not in findings_by_id(doc)


def test_this_machines_tools_judged_for_linux_arm64(tmp_path: Path) -> None:
    gobin = tmp_path / "gobin"
    place(tool("dlv"), gobin, "dlv")
    env = doctor_env(tmp_path / "home", [tool("go").parent, gobin], GOBIN=str(gobin))

    status, doc = _doctor_json("--platform", "linux/arm64", env=env)

    assert status == 1
    ids = findings_by_id(doc)
    assert "dlv is built for linux/amd64 and cannot run on linux/arm64" in str(
        ids["arch.cannot-run"]["title"]
    )
    assert ids["host.simulated"]["severity"] == "info"


def test_text_markdown_and_redacted_paths(
    tmp_path: Path, darwin_amd64_go: Path, darwin_amd64_dlv: Path, darwin_amd64_gopls: Path
) -> None:
    env = _apple_silicon_with_amd64_go(tmp_path, darwin_amd64_go, darwin_amd64_dlv, darwin_amd64_gopls)
    env["GOPROXY"] = "https://alice:s3cr3t@proxy.example.com"
    home = env["HOME"]

    text = goide("doctor", "--platform", "darwin/arm64", env=env)
    markdown = goide("doctor", "--platform", "darwin/arm64", "--markdown", "--redact-paths", env=env)
    verbose = goide("doctor", "--platform", "darwin/arm64", "-v", env=env)

    assert text.returncode == markdown.returncode == 1
    out = text.stdout.decode()
    assert "[✗] Architecture" in out
    assert "\x1b[" not in out
    assert out.rstrip().splitlines()[-1] == "Found 2 errors and 2 warnings."
    assert "evidence:" not in out
    assert "evidence:" in verbose.stdout.decode()
    md = markdown.stdout.decode()
    assert md.startswith("## goide doctor")
    assert "`arch.dlv-rosetta`" in md
    assert home not in md
    assert "~/go/bin/dlv" in md


def test_facts_round_trip_and_rejudge(
    tmp_path: Path, darwin_amd64_go: Path, darwin_amd64_dlv: Path, darwin_amd64_gopls: Path
) -> None:
    env = _apple_silicon_with_amd64_go(tmp_path, darwin_amd64_go, darwin_amd64_dlv, darwin_amd64_gopls)
    env["GOPROXY"] = "https://alice:s3cr3t@proxy.example.com"
    env["GOFLAGS"] = "-mod=mod"
    facts_file = tmp_path / "facts.json"

    live = goide("doctor", "--json", "--platform", "darwin/arm64", "--facts-out", str(facts_file), env=env)
    # Judged from the file, on a machine with nothing: the same findings.
    replay = goide(
        "doctor",
        "--json",
        "--platform",
        "darwin/arm64",
        "--facts",
        str(facts_file),
        env={"PATH": "", "HOME": str(tmp_path / "empty")},
    )

    assert live.returncode == replay.returncode == 1
    assert json.loads(live.stdout) == json.loads(replay.stdout)
    saved = facts_file.read_text()
    assert "s3cr3t" not in saved
    data = json.loads(saved)
    assert data["schema"] == 1
    assert data["toolchain"]["environ"]["GOPROXY"] == "https://alice:REDACTED@proxy.example.com"


def test_amd64_vscode_bundle_is_the_root_cause(
    tmp_path: Path,
    darwin_arm64_go: Path,
    darwin_amd64_go: Path,
    darwin_amd64_dlv: Path,
    darwin_amd64_gopls: Path,
) -> None:
    """An arm64 Go, but VS Code from the Intel download: tools it installed are amd64. The bundle
    follows VS Code's macOS layout (Contents/Info.plist names Contents/MacOS/Electron; product.json
    and package.json in Contents/Resources/app); its executable is a real darwin/amd64 Mach-O."""
    import plistlib

    from tests.doctor.conftest import STABLE_PRODUCT

    home = tmp_path / "home"
    goroot_bin = tmp_path / "go" / "bin"
    place(darwin_arm64_go, goroot_bin, "go")
    place(darwin_amd64_dlv, home / "go" / "bin", "dlv")
    place(darwin_amd64_gopls, home / "go" / "bin", "gopls")
    bundle = tmp_path / "Visual Studio Code.app"
    app = bundle / "Contents" / "Resources" / "app"
    app.mkdir(parents=True)
    (app / "product.json").write_text(json.dumps(STABLE_PRODUCT))
    (app / "package.json").write_text(json.dumps({"name": "code-oss-dev", "version": "1.106.3"}))
    (bundle / "Contents" / "Info.plist").write_bytes(plistlib.dumps({"CFBundleExecutable": "Electron"}))
    place(darwin_amd64_go, bundle / "Contents" / "MacOS", "Electron")
    env = doctor_env(home, [goroot_bin, home / "go" / "bin"])

    status, doc = _doctor_json("--platform", "darwin/arm64", "--vscode", str(bundle), env=env)

    assert status == 1
    ids = findings_by_id(doc)
    assert ids["arch.vscode-translated"]["severity"] == "warning"
    root = ids["arch.root-cause"]
    assert "VS Code (stable) is darwin/amd64" in str(root["title"])
    assert root["severity"] == "error"  # dlv under Rosetta: debugging is broken
    assert ids["arch.dlv-rosetta"]["fix"]["command"] == (  # type: ignore[index]
        "go install github.com/go-delve/delve/cmd/dlv@v1.27.2"
    )


@pytest.mark.parametrize(
    "extra",
    [("--from-report", "-"), ("--workspace", "."), ("--vscode", "."), ("--facts-out", "f.json")],
)
def test_bundle_refuses_flags_it_would_ignore(tmp_path: Path, extra: tuple[str, str]) -> None:
    result = goide("doctor", "--bundle", str(tmp_path), "--platform", "darwin/arm64", *extra, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert lines[0] == "error: --bundle judges a tool bundle and collects nothing from this machine"
    assert lines[1].startswith("hint: ")
    assert not (tmp_path / "f.json").exists()


def test_redact_paths_replaces_the_home_directory_only_as_a_whole_path() -> None:
    from goide.core.model import Finding, Severity
    from goide.doctor.run import redact_home

    finding = Finding(
        "x", Severity.ERROR, "/home/me/go/bin/dlv; /home/meg/go; /home/me.", "Tools", evidence=("/home/me",)
    )
    [redacted] = redact_home([finding], "/home/me")
    assert redacted.title == "~/go/bin/dlv; /home/meg/go; ~."
    assert redacted.evidence == ("~",)
