"""Pure parts of `goide bundle`: tool specs, target names, build settings, the explanation of
go's failures (stderr texts recorded from real go1.26.8 runs), manifest and SHA256SUMS reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from goide.bundle.failures import explain_failure
from goide.bundle.manifest import load_manifest, load_sums
from goide.bundle.plan import default_tools, parse_tool
from goide.bundle.settings import settings_for
from goide.bundle.target import Target, parse_target, target_of_dirname
from goide.core.errors import InputError
from goide.core.process import ProcessResult


@pytest.mark.parametrize(
    ("text", "name", "package", "version"),
    [
        ("gopls", "gopls", "golang.org/x/tools/gopls", "v0.23.0"),  # newest go1.26 builds
        ("dlv@v1.26.3", "dlv", "github.com/go-delve/delve/cmd/dlv", "v1.26.3"),
        (
            "golang.org/x/tools/cmd/goimports@v0.52.0",
            "goimports",
            "golang.org/x/tools/cmd/goimports",
            "v0.52.0",
        ),
        (
            "github.com/golangci/golangci-lint/v2/cmd/golangci-lint",
            "golangci-lint",
            "github.com/golangci/golangci-lint/v2/cmd/golangci-lint",
            "latest",
        ),
        ("example.test/tool/v2@v2.0.1", "tool", "example.test/tool/v2", "v2.0.1"),
    ],
)
def test_parse_tool(text: str, name: str, package: str, version: str) -> None:
    spec = parse_tool(text, "go1.26.8")
    assert (spec.name, spec.package, spec.version) == (name, package, version)


def test_gopls_version_follows_the_building_go() -> None:
    assert parse_tool("gopls", "go1.27.1").version == "v0.24.0"
    assert [t.name for t in default_tools("go1.26.8")] == [
        "gopls",
        "gotests",
        "impl",
        "goplay",
        "dlv",
        "staticcheck",
    ]


@pytest.mark.parametrize("text", ["nosuchtool", "dlv@1.2.3", "dlv@master;rm", "gopls@"])
def test_bad_tool(text: str) -> None:
    with pytest.raises(InputError):
        parse_tool(text, "go1.26.8")


def test_targets() -> None:
    assert parse_target(" Darwin/ARM64 ") == Target("darwin", "arm64")
    assert parse_target("windows/arm64").dirname == "windows_arm64"
    assert target_of_dirname("linux_amd64") == Target("linux", "amd64")
    assert target_of_dirname("bin") is None
    for bad in ("arm64", "darwin-arm64", "darwin/", "../x/y"):
        with pytest.raises(InputError):
            parse_target(bad)


def test_settings_per_target() -> None:
    dlv = "github.com/go-delve/delve/cmd/dlv"
    win = settings_for(dlv, Target("windows", "arm64"))
    assert "-tags=exp.winarm64" in win.flags
    assert "-trimpath" in win.flags
    assert win.env["CGO_ENABLED"] == "0"
    assert win.env["GOTOOLCHAIN"] == "local"
    assert any("debugserver" in n for n in settings_for(dlv, Target("darwin", "arm64")).notes)
    assert settings_for("golang.org/x/tools/gopls", Target("windows", "arm64")).flags == ("-trimpath",)


def _failed(stderr: str) -> ProcessResult:
    return ProcessResult(("go", "install"), 1, "", stderr, 1.0)


# go1.26.8's own words, recorded from the runs named.
_REAL = [
    (  # the module proxy without that version (dlv@v1.99.0)
        "go: github.com/go-delve/delve/cmd/dlv@v1.99.0: github.com/go-delve/delve/cmd/dlv@v1.99.0: reading "
        "https://proxy.golang.org/github.com/go-delve/delve/cmd/dlv/@v/v1.99.0.info: 403 Forbidden\n"
        "\tserver response: This module version is not available.\n",
        "no-such-version",
        2,
    ),
    (  # dlv for windows/arm64 without -tags=exp.winarm64
        "/root/go/pkg/mod/github.com/go-delve/delve@v1.27.2/service/debugger/debugger.go:32:2: "
        "found packages native (dump_other.go) and your_windows_architecture_is_not_supported_by_delve "
        "(support_sentinel_windows.go) in "
        "/root/go/pkg/mod/github.com/go-delve/delve@v1.27.2/pkg/proc/native\n",
        "build-failed",
        1,
    ),
    (  # gopls v0.24.0 with go1.26.8 (shared/reference/tool-versions-and-compat.md §2.1)
        "go: golang.org/x/tools/gopls@v0.24.0: golang.org/x/tools/gopls@v0.24.0 requires go >= 1.27.0 "
        "(running go 1.26.8; GOTOOLCHAIN=local)\n",
        "needs-newer-go",
        2,
    ),
    (  # the cut download of test_build_bad_input.py
        "go: example.test/hello@v1.0.0: unexpected EOF\n",
        "network",
        1,
    ),
    (
        "go: downloading golang.org/x/tools v0.51.0\ngo: golang.org/x/tools@v0.51.0: Get "
        '"https://proxy.golang.org/golang.org/x/tools/@v/v0.51.0.zip": dial tcp: lookup proxy.golang.org: '
        "no such host\n",
        "network",
        1,
    ),
    (
        "go: copying /tmp/go-build1/b001/exe/a.out: write /mnt/b/gopath/bin/linux_arm64/dlv: "
        "no space left on device\n",
        "disk-full",
        1,
    ),
]


@pytest.mark.parametrize(("stderr", "kind", "status"), _REAL)
def test_explain_failure(stderr: str, kind: str, status: int) -> None:
    spec = parse_tool("dlv", "go1.26.8")
    failure = explain_failure(spec, Target("linux", "arm64"), _failed(stderr), "go1.26.8")
    assert failure.kind == kind
    assert failure.exit_status == status
    assert "\n" not in failure.message
    assert failure.hint


def test_manifest_errors(tmp_path: Path) -> None:
    path = tmp_path / "bundle.json"
    for text, why in [
        ("{", "not JSON"),
        ('{"schema": "other"}', "not a goide.bundle/1 manifest"),
        (
            '{"schema": "goide.bundle/1", "go_version": "go1.26.8", "tools": [{"tool": 1, "size": 1}]}',
            "'tool'",
        ),
        ('{"schema": "goide.bundle/1", "go_version": "go1.26.8", "tools": {}}', "'tools'"),
    ]:
        path.write_text(text)
        with pytest.raises(InputError, match=why):
            load_manifest(path)
    sums = tmp_path / "SHA256SUMS"
    sums.write_text("a" * 64 + "  linux_amd64/bin/dlv\n" + "b" * 64 + " *linux_amd64/bin/gopls\n")
    assert load_sums(sums) == {"linux_amd64/bin/dlv": "a" * 64, "linux_amd64/bin/gopls": "b" * 64}
    sums.write_text("not a sum line\n")
    with pytest.raises(InputError, match="line 1"):
        load_sums(sums)
