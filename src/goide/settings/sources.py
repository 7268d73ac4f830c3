"""Where VS Code keeps settings, where the Go extension and gopls are, and their schemas.

Collectors only: they find files and run `gopls api-json`, and return paths and a `Schema`.
The platform is passed in (`system`, `env`, `home`) so that tests can ask for macOS or Windows
paths on Linux. `gopls api-json` output is cached per gopls binary (path, size, mtime).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goide.core.errors import GoideError, InputError
from goide.settings import builtin as facts
from goide.settings.schema import (
    Schema,
    Setting,
    from_extension_package,
    from_gopls_api_json,
    overlay,
)

# VS Code flavour -> (user data folder name, extensions folder under the home directory).
FLAVOURS: dict[str, tuple[str, str]] = {
    "code": ("Code", ".vscode"),
    "insiders": ("Code - Insiders", ".vscode-insiders"),
    "vscodium": ("VSCodium", ".vscode-oss"),
    "cursor": ("Cursor", ".cursor"),
}
EXTENSION_ID = "golang.go"
API_JSON_TIMEOUT = 30.0


@dataclass(frozen=True)
class SettingsFile:
    """A file goide checks: `kind` is user, workspace, code-workspace or launch."""

    path: Path
    kind: str


def user_settings_path(flavour: str, system: str, env: dict[str, str], home: Path) -> Path:
    """The user settings.json of a VS Code flavour on `system` (Linux, Darwin, Windows)."""
    folder = FLAVOURS[flavour][0]
    if system == "Darwin":
        base = home / "Library" / "Application Support"
    elif system == "Windows":
        base = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
    else:
        base = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
    return base / folder / "User" / "settings.json"


def user_settings_files(system: str, env: dict[str, str], home: Path) -> list[SettingsFile]:
    """The user settings files of every flavour that exists on this machine."""
    found = []
    for flavour in FLAVOURS:
        path = user_settings_path(flavour, system, env, home)
        try:
            present = path.is_file()
        except PermissionError:
            # A folder on the way cannot be read: the file is listed so that reading it says which.
            present = True
        if present:
            found.append(SettingsFile(path, "user"))
    return found


def workspace_files(workspace: Path) -> list[SettingsFile]:
    """`.vscode/settings.json`, `.vscode/launch.json` and `*.code-workspace` of a folder."""
    found = []
    for name, kind in (("settings.json", "workspace"), ("launch.json", "launch")):
        path = workspace / ".vscode" / name
        if path.is_file():
            found.append(SettingsFile(path, kind))
    for path in sorted(workspace.glob("*.code-workspace")):
        if path.is_file():
            found.append(SettingsFile(path, "code-workspace"))
    return found


def kind_of(path: Path) -> str:
    """The kind of a file named on the command line, from its name."""
    if path.suffix == ".code-workspace":
        return "code-workspace"
    if path.name == "launch.json":
        return "launch"
    return "workspace" if path.parent.name == ".vscode" else "user"


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", name.removeprefix(EXTENSION_ID)))


def find_extension_manifest(home: Path) -> Path | None:
    """The package.json of the newest golang.go extension installed for any flavour (or remote)."""
    roots = [home / ext / "extensions" for _, ext in FLAVOURS.values()]
    roots += [home / ".vscode-server" / "extensions", home / ".vscode-server-insiders" / "extensions"]
    candidates: list[Path] = []
    for root in roots:
        if root.is_dir():
            candidates += [p for p in root.glob(f"{EXTENSION_ID}-*") if (p / "package.json").is_file()]
    if not candidates:
        return None
    return max(candidates, key=lambda p: _version_key(p.name)) / "package.json"


def find_gopls(settings: dict[str, Any], env: dict[str, str], home: Path) -> Path | None:
    """The gopls the extension would start (core/toolpaths.py: go.alternateTools.gopls, GOBIN,
    go.toolsGopath, GOPATH/bin, GOROOT/bin, then PATH), from the environment alone."""
    from goide.core.goos import host_goos
    from goide.core.toolpaths import environment_dirs, find_tool

    goos = host_goos()
    found = find_tool("gopls", goos, environment_dirs(env, str(home), settings, goos), settings)
    return Path(found[0][1]) if found else None


def gopls_options(
    gopls: Path, cache_dir: Path | None, timeout: float = API_JSON_TIMEOUT
) -> tuple[dict[str, Setting], str]:
    """The options of `gopls api-json` of this binary, cached by path, size and mtime."""
    from goide.core.process import run

    info = gopls.stat()
    key = hashlib.sha256(f"{gopls.resolve()}\0{info.st_size}\0{info.st_mtime_ns}".encode()).hexdigest()[:24]
    cached = cache_dir / f"gopls-api-{key}.json" if cache_dir else None
    if cached and cached.is_file():
        try:
            return from_gopls_api_json(cached.read_bytes(), source=str(cached)), f"{gopls} api-json (cached)"
        except InputError:
            with contextlib.suppress(OSError):
                cached.unlink(missing_ok=True)
    result = run([str(gopls), "api-json"], timeout=timeout)
    if not result.ok:
        why = result.start_error or ("timed out" if result.timed_out else result.stderr.strip()[:200])
        raise InputError(
            f"'{gopls} api-json' failed: {why}",
            # Not @latest: the newest gopls may need a newer Go than this machine has; doctor
            # names the version this Go can build (issue 17, item 12).
            hint="reinstall gopls: `goide doctor` prints the go install command for the version "
            "your Go can build",
        )
    options = from_gopls_api_json(result.stdout, source=f"{gopls} api-json")
    if cached:
        _keep_in_cache(cached, result.stdout)
    return options, f"{gopls} api-json"


def _keep_in_cache(path: Path, text: str) -> None:
    """Save `gopls api-json` output for next time; a cache that cannot be written is only slower."""
    from goide.core.safe_write import write_output

    with contextlib.suppress(OSError, GoideError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_output(path, text.encode("utf-8", "surrogateescape"), what="gopls schema cache")


def default_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("goide"))


def load_schema(
    *,
    extension_manifest: Path | None,
    gopls: Path | None,
    cache_dir: Path | None = None,
    timeout: float = API_JSON_TIMEOUT,
) -> Schema:
    """The schema from the extension's package.json and gopls api-json, with built-in facts overlaid.

    Either source may be None (not installed); its part then comes from the built-in facts of
    gopls v0.23.0 and vscode-go, and `Schema.sources` says so. A manifest that cannot be read is
    an InputError (exit 2); a gopls that cannot run falls back to the facts, noted in `sources`.
    """
    schema = Schema()
    if extension_manifest is not None:
        try:
            package = json.loads(extension_manifest.read_bytes())
        except (OSError, ValueError) as err:
            raise InputError(
                f"{extension_manifest}: cannot read the extension manifest: {err}",
                hint="--extension takes the Go extension's package.json (or its folder)",
            ) from None
        schema = from_extension_package(package, source=str(extension_manifest))
    if not schema.settings:
        schema.settings = dict(facts.GO_SETTINGS)
        schema.sources["settings"] = "built-in facts (vscode-go v0.56)"
    if not schema.launch:
        schema.launch = {request: dict(attrs) for request, attrs in facts.LAUNCH_ATTRIBUTES.items()}
        schema.sources["launch"] = "built-in facts (vscode-go v0.56)"
    fallback = f"built-in facts (gopls {facts.GOPLS_VERSION})"
    if gopls is not None:
        try:
            schema.gopls, schema.sources["gopls"] = gopls_options(gopls, cache_dir, timeout)
        except InputError as err:
            # A gopls that cannot run (wrong architecture, broken install) is the doctor's finding;
            # the settings can still be checked against the facts.
            schema.gopls = {}
            fallback += f"; {err.message}"
    if not schema.gopls:
        schema.gopls = dict(facts.GOPLS_OPTIONS)
        schema.sources["gopls"] = fallback
    schema.settings = overlay(schema.settings, facts.REMOVED_GO_SETTINGS)
    schema.gopls = overlay(overlay(schema.gopls, facts.GOPLS_HIDDEN), facts.GOPLS_DEPRECATED)
    return schema


def load_schema_for(
    settings: dict[str, Any],
    *,
    env: dict[str, str] | None = None,
    home: Path | None = None,
    extension_manifest: Path | None = None,
    gopls: Path | None = None,
    cache_dir: Path | None = None,
    timeout: float = API_JSON_TIMEOUT,
) -> Schema:
    """The schema for this machine: the installed extension and the gopls it would run.

    `settings` are the merged user/workspace settings values (for go.alternateTools.gopls and
    go.toolsGopath). Explicit `extension_manifest`/`gopls` win over discovery.
    """
    env = dict(os.environ) if env is None else env
    home = Path.home() if home is None else home
    manifest = extension_manifest or find_extension_manifest(home)
    binary = gopls or find_gopls(settings, env, home)
    return load_schema(
        extension_manifest=manifest,
        gopls=binary,
        cache_dir=default_cache_dir() if cache_dir is None else cache_dir,
        timeout=timeout,
    )
