"""Finds VS Code installations (stable, Insiders, VSCodium, Cursor) in each OS's usual places, and
reads their version, commit and architecture, the `code` CLI on PATH, the installed Go extension
(golang.go) and the user settings file.

Layout (from VS Code's own builds): an installation keeps `resources/app/product.json` (commit,
nameShort, applicationName, dataFolderName) and `resources/app/package.json` (version). On macOS
that directory is `<App>.app/Contents/Resources/app` and the main executable is named by
`Contents/Info.plist` CFBundleExecutable; on Linux the executable is `<install>/<applicationName>`;
on Windows `<install>\\<nameShort>.exe`, with newer builds keeping `resources` one folder deeper
(named after the commit). Extensions live in `~/<dataFolderName>/extensions` (folders
`<publisher>.<name>-<version>[-<platform>]` and an `extensions.json` index); user settings in
`<user config dir>/<nameShort>/User/settings.json`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from goide.core.errors import InputError
from goide.doctor.collect.binary import Reader, describe
from goide.doctor.collect.gotool import find_on_path
from goide.doctor.facts import ExtensionsDir, SettingsFile, VSCodeFacts, VSCodeInstall

GO_EXTENSION_ID = "golang.go"


@dataclass(frozen=True)
class Flavour:
    name: str
    mac_app: str
    linux_dirs: tuple[str, ...]
    windows_dir: str  # under %LOCALAPPDATA%\Programs and %ProgramFiles%
    name_short: str  # user data folder name
    data_folder: str  # ~/<data_folder>/extensions
    cli: str


FLAVOURS = (
    Flavour(
        "stable",
        "Visual Studio Code.app",
        ("/usr/share/code", "/snap/code/current/usr/share/code", "/opt/visual-studio-code"),
        "Microsoft VS Code",
        "Code",
        ".vscode",
        "code",
    ),
    Flavour(
        "insiders",
        "Visual Studio Code - Insiders.app",
        ("/usr/share/code-insiders", "/snap/code-insiders/current/usr/share/code-insiders"),
        "Microsoft VS Code Insiders",
        "Code - Insiders",
        ".vscode-insiders",
        "code-insiders",
    ),
    Flavour(
        "vscodium",
        "VSCodium.app",
        ("/usr/share/codium", "/snap/codium/current/usr/share/codium", "/opt/vscodium-bin"),
        "VSCodium",
        "VSCodium",
        ".vscode-oss",
        "codium",
    ),
    Flavour(
        "cursor",
        "Cursor.app",
        ("/opt/Cursor", "/opt/cursor", "/usr/share/cursor"),
        "cursor",
        "Cursor",
        ".cursor",
        "cursor",
    ),
)
_BY_DATA_FOLDER = {f.data_folder: f for f in FLAVOURS}

# The `go.*` settings doctor itself needs; other keys are the settings checks' business.
DOCTOR_SETTINGS = (
    "go.alternateTools",
    "go.toolsGopath",
    "go.gopath",
    "go.goroot",
    "go.toolsManagement.go",
    "go.useLanguageServer",
    "go.lintTool",
    "go.formatTool",
    "go.toolsEnvVars",
)


def _read_json(path: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8-sig") as f:
            data = json.loads(f.read(4 << 20))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _app_dir(location: str, goos: str) -> str | None:
    """The `resources/app` directory of an installation, wherever this OS's layout keeps it."""
    candidates = [os.path.join(location, "Contents", "Resources", "app")] if goos == "darwin" else []
    candidates.append(os.path.join(location, "resources", "app"))
    if goos == "windows":
        try:
            subdirs = sorted(e.path for e in os.scandir(location) if e.is_dir())
        except OSError:
            subdirs = []
        candidates += [os.path.join(d, "resources", "app") for d in subdirs]
    return next((c for c in candidates if os.path.isfile(os.path.join(c, "product.json"))), None)


def _main_executable(location: str, goos: str, product: Mapping[str, Any]) -> str | None:
    if goos == "darwin":
        import plistlib  # macOS only

        try:
            with open(os.path.join(location, "Contents", "Info.plist"), "rb") as f:
                name = plistlib.load(f).get("CFBundleExecutable")
        except (OSError, plistlib.InvalidFileException, ValueError):
            name = None
        return os.path.join(location, "Contents", "MacOS", str(name)) if name else None
    if goos == "windows":
        return os.path.join(location, f"{product.get('nameShort', 'Code')}.exe")
    return os.path.join(location, str(product.get("applicationName", "code")))


def read_install(location: str, flavour: str | None, goos: str, reader: Reader) -> VSCodeInstall | None:
    """One installation, or None when `location` holds no VS Code. A macOS `.app` bundle is read as
    one on any OS, so a bundle copied elsewhere can be judged with --platform darwin/arm64."""
    if os.path.isdir(os.path.join(location, "Contents", "Resources", "app")):
        goos = "darwin"
    app = _app_dir(location, goos)
    if app is None:
        return None
    product = _read_json(os.path.join(app, "product.json")) or {}
    package = _read_json(os.path.join(app, "package.json")) or {}
    data_folder = product.get("dataFolderName")
    if flavour is None:
        known = _BY_DATA_FOLDER.get(str(data_folder))
        flavour = known.name if known else "stable"
    exe_path = _main_executable(location, goos, product)
    executable = describe(exe_path, reader) if exe_path and os.path.exists(exe_path) else None
    return VSCodeInstall(
        flavour=flavour,
        location=location,
        version=str(package["version"]) if "version" in package else None,
        commit=str(product["commit"]) if "commit" in product else None,
        data_folder=str(data_folder) if data_folder else None,
        executable=executable,
        error=None if exe_path and executable else f"main executable not found ({exe_path})",
    )


def install_locations(
    flavour: Flavour, goos: str, home: str, environ: Mapping[str, str], root: str
) -> list[str]:
    if goos == "darwin":
        return [
            os.path.join(root, "Applications", flavour.mac_app),
            os.path.join(home, "Applications", flavour.mac_app),
        ]
    if goos == "windows":
        bases = [
            os.path.join(environ.get("LOCALAPPDATA", os.path.join(home, "AppData", "Local")), "Programs")
        ]
        bases += [environ[v] for v in ("ProgramFiles", "ProgramFiles(x86)") if v in environ]
        return [os.path.join(b, flavour.windows_dir) for b in bases]
    return [os.path.join(root, d.lstrip("/")) for d in flavour.linux_dirs]


_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)")


def version_key(version: str) -> tuple[int, ...]:
    m = _VERSION.match(version)
    return tuple(int(x) for x in m.groups()) if m else (-1,)


def go_extension_version(extensions_dir: str) -> tuple[str | None, str | None]:
    """The installed golang.go version (newest when several) and an error, from extensions.json
    or, failing that, the folder names. Folders named in `.obsolete` are uninstalled ones."""
    try:
        names = os.listdir(extensions_dir)
    except FileNotFoundError:
        return None, None
    except OSError as err:
        return None, f"cannot read {extensions_dir}: {err.strerror}"
    obsolete = _read_json(os.path.join(extensions_dir, ".obsolete")) or {}
    versions: list[str] = []
    index = os.path.join(extensions_dir, "extensions.json")
    entries: Any = None
    try:
        with open(index, encoding="utf-8-sig") as f:
            entries = json.load(f)
    except (OSError, ValueError):
        entries = None
    if isinstance(entries, list):
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            ident = entry.get("identifier")
            folder = entry.get("relativeLocation")
            if (
                isinstance(ident, dict)
                and str(ident.get("id", "")).lower() == GO_EXTENSION_ID
                and isinstance(entry.get("version"), str)
                and (not isinstance(folder, str) or (folder in names and not obsolete.get(folder)))
            ):
                versions.append(entry["version"])
    if not versions:
        prefix = GO_EXTENSION_ID + "-"
        for name in names:
            if name.lower().startswith(prefix) and not obsolete.get(name):
                m = _VERSION.match(name[len(prefix) :])
                if m:
                    versions.append(m.group(0))
    if not versions:
        return None, None
    return max(versions, key=version_key), None


def user_settings_path(flavour: Flavour, goos: str, home: str, environ: Mapping[str, str]) -> str:
    if goos == "darwin":
        base = os.path.join(home, "Library", "Application Support")
    elif goos == "windows":
        base = environ.get("APPDATA", os.path.join(home, "AppData", "Roaming"))
    else:
        base = environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    return os.path.join(base, flavour.name_short, "User", "settings.json")


def read_settings(flavour: str, path: str) -> SettingsFile:
    """The `go.*` settings doctor needs; a file that does not parse is reported, never guessed at.

    Read with goide's own JSONC reader, the one `goide settings` checks and edits with, so both
    commands agree on what is valid (comments and trailing commas yes, JSON5 extras no, as in VS Code).
    """
    from goide.settings.jsonc import MAX_FILE_BYTES, parse

    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return SettingsFile(flavour, path, exists=False)
    except OSError as err:
        from pathlib import Path

        from goide.settings.check import UnreadableDirectory, unreadable_directory

        directory = unreadable_directory(Path(path).absolute())
        if directory is not None:  # VS Code once run with sudo: the folder is root's
            return SettingsFile(flavour, path, exists=True, error=UnreadableDirectory(directory).message)
        return SettingsFile(flavour, path, exists=True, error=f"cannot read: {err.strerror}")
    if len(raw) > MAX_FILE_BYTES:
        return SettingsFile(flavour, path, exists=True, error=f"larger than {MAX_FILE_BYTES} bytes")
    try:
        data = parse(raw.decode("utf-8-sig")).to_value()
    except UnicodeDecodeError:
        return SettingsFile(flavour, path, exists=True, error="not UTF-8")
    except InputError as err:  # JsoncError: the reason with its line and column
        return SettingsFile(flavour, path, exists=True, error=f"not valid JSONC: {err.message}")
    if not isinstance(data, dict):
        return SettingsFile(flavour, path, exists=True, error="not a JSON object")
    wanted = {k: data[k] for k in DOCTOR_SETTINGS if k in data}
    return SettingsFile(flavour, path, exists=True, go_settings=wanted)


@dataclass(frozen=True)
class ServerFlavour:
    """A VS Code that runs on this machine for a client elsewhere (Remote-SSH, WSL, dev containers,
    Codespaces, code-server): its data root holds `extensions/` and the settings of this machine."""

    name: str
    folder: str  # under the home directory
    data_level: bool  # settings under <root>/data/... (VS Code Server) or <root>/... (code-server)


# VS Code Server: REMOTE_DATA_FOLDER = ~/<product.serverDataFolderName>, else ~/.vscode-remote;
# USER_DATA_PATH = <root>/data; machine settings data/Machine/settings.json; extensions <root>/extensions
# (microsoft/vscode src/vs/server/node/server.main.ts, as quoted in coder/code-server
# patches/integration.diff). code-server: <XDG_DATA_HOME or ~/.local/share>/code-server with User/ and
# Machine/ directly under it (coder/code-server src/node/util.ts getEnvPaths, patches/integration.diff).
SERVER_FLAVOURS = (
    ServerFlavour("vscode-server", ".vscode-server", True),
    ServerFlavour("vscode-server-insiders", ".vscode-server-insiders", True),
    ServerFlavour("vscode-remote", ".vscode-remote", True),  # dev containers, Codespaces
    ServerFlavour("vscodium-server", ".vscodium-server", True),
    ServerFlavour("cursor-server", ".cursor-server", True),
    ServerFlavour("openvscode-server", ".openvscode-server", True),
    ServerFlavour("code-server", "", False),
)
SERVER_NAMES = frozenset(f.name for f in SERVER_FLAVOURS)


def server_root(flavour: ServerFlavour, home: str, environ: Mapping[str, str]) -> str:
    if flavour.name == "code-server":
        data = environ.get("XDG_DATA_HOME") or os.path.join(home, ".local", "share")
        return os.path.join(data, "code-server")
    if flavour.name == "vscode-server" and environ.get("VSCODE_AGENT_FOLDER"):
        return environ["VSCODE_AGENT_FOLDER"]
    return os.path.join(home, flavour.folder)


def _server_dirs(root: str) -> list[str]:
    """Installed servers, newest first: the legacy `bin/<commit>/` and the CLI's
    `cli/servers/<Quality>-<commit>/server/` (microsoft/vscode cli/src/tunnels/paths.rs)."""
    found = []
    for parent, inner in ((os.path.join(root, "bin"), ""), (os.path.join(root, "cli", "servers"), "server")):
        try:
            names = os.listdir(parent)
        except OSError:
            continue
        for name in names:
            path = os.path.join(parent, name, inner) if inner else os.path.join(parent, name)
            if os.path.isfile(os.path.join(path, "product.json")):
                found.append(path)
    return sorted(found, key=lambda p: os.stat(os.path.join(p, "product.json")).st_mtime, reverse=True)


def read_server(
    flavour: ServerFlavour, home: str, environ: Mapping[str, str], reader: Reader
) -> tuple[VSCodeInstall, ExtensionsDir, list[SettingsFile]] | None:
    root = server_root(flavour, home, environ)
    if not os.path.isdir(root):
        return None
    servers = _server_dirs(root)
    version = commit = None
    executable = None
    if servers:
        product = _read_json(os.path.join(servers[0], "product.json")) or {}
        package = _read_json(os.path.join(servers[0], "package.json")) or {}
        commit = product.get("commit") if isinstance(product.get("commit"), str) else None
        version = package.get("version") if isinstance(package.get("version"), str) else None
        node = os.path.join(servers[0], "node")
        executable = describe(node, reader) if os.path.isfile(node) else None
    ext_dir = os.path.join(root, "extensions")
    ext_version, ext_error = go_extension_version(ext_dir)
    data = os.path.join(root, "data") if flavour.data_level else root
    settings = [
        read_settings(flavour.name, os.path.join(data, "Machine", "settings.json")),
        read_settings(flavour.name, os.path.join(data, "User", "settings.json")),
    ]
    install = VSCodeInstall(flavour.name, root, version, commit, executable=executable)
    extensions = ExtensionsDir(flavour.name, ext_dir, ext_version, ext_error)
    return install, extensions, [s for s in settings if s.exists]


def collect_vscode(
    reader: Reader,
    *,
    goos: str,
    home: str,
    environ: Mapping[str, str],
    path_dirs: tuple[str, ...],
    extra_installs: Sequence[str] = (),
    root: str = "/",
) -> VSCodeFacts:
    installs: list[VSCodeInstall] = []
    seen: set[str] = set()
    candidates: list[tuple[str | None, str]] = [(None, loc) for loc in extra_installs]
    candidates += [(f.name, loc) for f in FLAVOURS for loc in install_locations(f, goos, home, environ, root)]
    for flavour, location in candidates:
        real = os.path.realpath(location)
        if real in seen:
            continue
        found = read_install(location, flavour, goos, reader)
        if found:
            seen.add(real)
            installs.append(found)
    cli_names = [f.cli + (".cmd" if goos == "windows" else "") for f in FLAVOURS]
    cli = tuple(path for name in cli_names for _, path in find_on_path(name, path_dirs)[:1])
    used = {i.flavour for i in installs}
    extensions, settings = [], []
    for f in FLAVOURS:
        ext_dir = os.path.join(home, f.data_folder, "extensions")
        version, error = go_extension_version(ext_dir)
        if f.name in used or version or error:
            extensions.append(ExtensionsDir(f.name, ext_dir, version, error))
        settings_file = read_settings(f.name, user_settings_path(f, goos, home, environ))
        if f.name in used or settings_file.exists:
            settings.append(settings_file)
    if goos != "windows":  # servers run on Linux and macOS remotes, WSL and containers
        for server in SERVER_FLAVOURS:
            found_server = read_server(server, home, environ, reader)
            if found_server:
                install, ext, server_settings = found_server
                installs.append(install)
                extensions.append(ext)
                settings.extend(server_settings)
    return VSCodeFacts(
        installs=tuple(installs), cli_on_path=cli, extensions=tuple(extensions), settings=tuple(settings)
    )
