"""VS Code running on this machine for a client elsewhere: VS Code Server (Remote-SSH, WSL, dev
containers), Codespaces' ~/.vscode-remote and code-server. VS Code cannot run here, so the tests lay
out the directories as the sources and real logs show them:
- VS Code Server: data root ~/<serverDataFolderName> (.vscode-server, .vscode-server-insiders),
  falling back to ~/.vscode-remote; `<root>/data/Machine/settings.json`, `<root>/extensions`
  (microsoft/vscode src/vs/server/node/server.main.ts, quoted in coder/code-server
  patches/integration.diff); servers in the legacy `<root>/bin/<commit>/` (vscode-remote-release#8204)
  or the CLI's `<root>/cli/servers/Stable-<commit>/server/` (microsoft/vscode cli/src/tunnels/paths.rs,
  vscode-remote-release#11079), each with product.json (commit) and package.json (version), and node;
- code-server: `$XDG_DATA_HOME/code-server` or `~/.local/share/code-server` with `User/`, `Machine/`
  and `extensions/` directly under it (coder/code-server src/node/util.ts, src/node/cli.ts).
"""

from __future__ import annotations

import json
from pathlib import Path

from goide.doctor.collect.binary import default_reader
from goide.doctor.collect.vscode import collect_vscode
from goide.doctor.facts import FACTS_SCHEMA, Facts, HostFacts, ToolchainFacts
from goide.doctor.run import diagnose
from tests.doctor.conftest import install_go_extension, place
from tests.helpers import go_build, write_module

COMMIT = "8b640eef2a6d5b1d1c4c4d1d4f1d8a7c3e2b1a09"


def _node(tmp_path: Path) -> Path:
    module = write_module(
        tmp_path / "node-src",
        {"go.mod": "module example.com/node\n\ngo 1.22\n", "main.go": "package main\n\nfunc main() {}\n"},
    )
    return go_build(module, goos="linux", goarch="arm64", name="node")


def _server(directory: Path, node: Path, version: str) -> None:
    directory.mkdir(parents=True)
    (directory / "product.json").write_text(json.dumps({"commit": COMMIT, "quality": "stable"}))
    (directory / "package.json").write_text(json.dumps({"name": "Code", "version": version}))
    place(node, directory, "node")


def _collect(home: Path, environ: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return collect_vscode(
        default_reader(),
        goos="linux",
        home=str(home),
        environ=environ or {},
        path_dirs=(),
        root=str(home / "root"),
    )


def test_vscode_server_legacy_layout_with_machine_settings(tmp_path: Path) -> None:
    home = tmp_path / "home"
    root = home / ".vscode-server"
    _server(root / "bin" / COMMIT, _node(tmp_path), "1.119.0")
    install_go_extension(home, "0.56.0", data_folder=".vscode-server")
    (root / "data" / "Machine").mkdir(parents=True)
    (root / "data" / "Machine" / "settings.json").write_text(
        '{\n  // set by the dev container\n  "go.toolsGopath": "/opt/tools"\n}\n'
    )

    vs = _collect(home)

    (install,) = vs.installs
    assert (install.flavour, install.version, install.commit) == ("vscode-server", "1.119.0", COMMIT)
    assert install.executable is not None
    assert install.executable.slices[0].arch == "arm64"
    assert [(e.flavour, e.go_extension_version) for e in vs.extensions] == [("vscode-server", "0.56.0")]
    (machine,) = vs.settings
    assert machine.path.endswith("data/Machine/settings.json")
    assert machine.go_settings == {"go.toolsGopath": "/opt/tools"}


def test_cli_layout_and_no_go_extension_on_the_remote(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _server(
        home / ".vscode-server" / "cli" / "servers" / f"Stable-{COMMIT}" / "server",
        _node(tmp_path),
        "1.120.0",
    )

    vs = _collect(home)
    host = HostFacts(os="linux", os_version="", hardware_arch="arm64", process_arch="arm64")
    facts = Facts(FACTS_SCHEMA, "0", host, ToolchainFacts(path_dirs=()), vscode=vs)
    ids = {f.id: f for f in diagnose(facts)}

    assert ids["vscode.install"].title.startswith("VS Code vscode-server 1.120.0")
    assert "vscode.not-found" not in ids  # the bug of issue 11: a remote VS Code is installed and in use
    assert "vscode.go-extension-missing.vscode-server" in ids
    assert not any(i.startswith("vscode.cli-not-on-path") for i in ids)  # `code` exists only in its terminal


def test_codespaces_and_code_server(tmp_path: Path) -> None:
    home = tmp_path / "home"
    install_go_extension(home, "0.55.0", data_folder=".vscode-remote")
    data = tmp_path / "xdg-data"
    code_server = data / "code-server"
    (code_server / "User").mkdir(parents=True)
    (code_server / "User" / "settings.json").write_text('{"go.gopath": "/workspaces/gopath"}')
    install_go_extension(data, "0.56.0", data_folder="code-server")

    vs = _collect(home, {"XDG_DATA_HOME": str(data)})

    flavours = {e.flavour: e.go_extension_version for e in vs.extensions}
    assert flavours == {"vscode-remote": "0.55.0", "code-server": "0.56.0"}
    assert [(s.flavour, s.go_settings) for s in vs.settings] == [
        ("code-server", {"go.gopath": "/workspaces/gopath"})
    ]
