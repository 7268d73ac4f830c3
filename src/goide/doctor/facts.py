"""The facts `goide doctor` collects about a machine: plain typed data that round-trips through JSON.

Collectors fill these in and never judge; rules read them and never touch the machine. A facts
file (`goide doctor --facts-out`) carries `schema` so that a file from a newer goide, or one a
person edited by hand, is refused with one clear line instead of being misread.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goide.core.errors import InputError
from goide.core.redact import redact_env_value, redact_text

# Bump when a field changes meaning or a required field appears; adding an optional field with a
# default keeps the version (older files still load).
FACTS_SCHEMA = 1


@dataclass(frozen=True)
class SliceFacts:
    """One architecture of an executable (a universal Mach-O has several) and its Go build info."""

    os: str  # GOOS name: darwin, linux, windows, ...
    arch: str  # GOARCH name: amd64, arm64, ...
    go_version: str | None = None  # "go1.26.8" when it is a Go binary
    module_path: str | None = None  # main module, e.g. golang.org/x/tools/gopls
    module_version: str | None = None  # e.g. v0.23.0, or "(devel)"
    package_path: str | None = None  # the main package, e.g. golang.org/x/tools/gopls
    settings: dict[str, str] = field(default_factory=dict)  # build settings (GOOS, GOARCH, CGO_ENABLED, ...)


@dataclass(frozen=True)
class BinaryFacts:
    """What goide read from an executable's own bytes, without running it."""

    path: str
    real_path: str  # symlinks resolved
    format: str | None = None  # elf, macho, macho-universal, pe; None when unreadable
    slices: tuple[SliceFacts, ...] = ()
    error: str | None = None  # why it could not be read (not an executable, truncated, permission)


@dataclass(frozen=True)
class CpuFacts:
    logical: int | None = None
    physical: int | None = None
    performance: int | None = None  # performance cores, where the OS tells
    efficiency: int | None = None  # efficiency cores, where the OS tells


@dataclass(frozen=True)
class HostFacts:
    """The machine: its OS, the hardware architecture, and what the running process sees."""

    os: str  # GOOS name of the machine
    os_version: str
    hardware_arch: str  # GOARCH name of the CPU (arm64 on Apple Silicon even under Rosetta)
    process_arch: str  # GOARCH name goide (and so the shell that started it) runs as
    translation: str | None = None  # "rosetta", "x64-emulation", "qemu-user" when the process is translated
    emulated_archs: tuple[str, ...] = ()  # foreign architectures the OS runs through emulators (binfmt_misc)
    cpu: CpuFacts = field(default_factory=CpuFacts)
    simulated: bool = False  # True when --platform replaced the real host


@dataclass(frozen=True)
class GoCommand:
    """One `go` found on PATH."""

    binary: BinaryFacts
    path_index: int  # position of its directory in PATH
    goroot: str  # the GOROOT this go belongs to (from its location)


@dataclass(frozen=True)
class CommandOutcome:
    """How running a command went, kept so that rules can say what failed."""

    argv: tuple[str, ...]
    status: str  # ok, timed-out, failed, not-started, bad-output, skipped
    message: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class ToolchainFacts:
    path_dirs: tuple[str, ...]  # PATH, in order
    missing_path_dirs: tuple[str, ...] = ()  # PATH entries that do not exist or cannot be read
    gos: tuple[GoCommand, ...] = ()  # every go on PATH, in PATH order
    go_env: dict[str, str] | None = None  # `go env -json` of the first go, when it could run
    go_env_outcome: CommandOutcome | None = None
    environ: dict[str, str] = field(default_factory=dict)  # Go variables set in goide's environment
    env_file: str | None = None  # the `go env -w` file (GOENV)
    env_file_values: dict[str, str] = field(default_factory=dict)
    goroot_env_file: str | None = None  # $GOROOT/go.env
    goroot_env_values: dict[str, str] = field(default_factory=dict)
    gopath: str = ""  # effective GOPATH (list, separated as on the OS the facts describe)
    gobin: str = ""  # effective GOBIN ("" when unset)
    # Symlinks the collector resolved (GOROOT, GOPATH entries): rules never call realpath.
    real_paths: dict[str, str] = field(default_factory=dict)
    go_version_output: str | None = None  # `go version` when the go has no build info (gccgo)
    go_warnings: tuple[
        str, ...
    ] = ()  # what `go env` printed on stderr ("warning: both GOPATH and GOROOT ...")


@dataclass(frozen=True)
class ToolCopy:
    """One copy of a tool, where the Go extension would look for it."""

    where: str  # alternateTools, GOBIN, toolsGopath, GOPATH/bin, GOROOT/bin, PATH
    binary: BinaryFacts


@dataclass(frozen=True)
class ToolFacts:
    name: str  # gopls, dlv, ...
    copies: tuple[ToolCopy, ...] = ()  # in the Go extension's lookup order; the first is the one it runs


@dataclass(frozen=True)
class VSCodeInstall:
    flavour: str  # stable, insiders, vscodium, cursor
    location: str  # the installation directory (the .app on macOS)
    version: str | None = None  # from resources/app/package.json
    commit: str | None = None  # from resources/app/product.json
    data_folder: str | None = None  # product.json dataFolderName, e.g. .vscode
    executable: BinaryFacts | None = None
    error: str | None = None


@dataclass(frozen=True)
class ExtensionsDir:
    flavour: str
    path: str
    go_extension_version: str | None = None  # installed golang.go, newest when several
    error: str | None = None


@dataclass(frozen=True)
class SettingsFile:
    flavour: str
    path: str
    exists: bool
    error: str | None = None  # why it could not be read or parsed
    go_settings: dict[str, Any] = field(default_factory=dict)  # the `go.*` keys doctor uses


@dataclass(frozen=True)
class VSCodeFacts:
    installs: tuple[VSCodeInstall, ...] = ()
    cli_on_path: tuple[str, ...] = ()  # code, code-insiders, codium, cursor found on PATH
    extensions: tuple[ExtensionsDir, ...] = ()
    settings: tuple[SettingsFile, ...] = ()


@dataclass(frozen=True)
class NewestRelease:
    """The newest release of a tool's module, and the Go its go.mod asks for."""

    tool: str
    version: str
    go_version: str | None = None  # the `go` line of its go.mod, e.g. "1.27.0"
    source: str = ""  # "module proxy, read 2026-12-06"


@dataclass(frozen=True)
class ReportFacts:
    """What only a pasted report tells (`goide doctor --from-report`)."""

    kinds: tuple[str, ...] = ()  # texts found: tools-configuration, go-env, go-version, go-version-m, ...
    extension_gopath: str | None = (
        None  # "gopath:" of Go: Locate Configured Go Tools (the extension's GOPATH)
    )
    extension_tools_gopath: str | None = None
    extension_gobin: str | None = None
    messages: tuple[str, ...] = ()  # error and warning lines of Go, Delve, gopls and VS Code, verbatim
    remote: str | None = None  # "SSH", "WSL", "Dev Container", "Codespaces" from VS Code's Remote line


@dataclass(frozen=True)
class ProbeFailure:
    probe: str
    kind: str  # crashed, timed-out
    message: str


@dataclass(frozen=True)
class Facts:
    schema: int
    goide_version: str
    host: HostFacts
    toolchain: ToolchainFacts
    tools: tuple[ToolFacts, ...] = ()
    vscode: VSCodeFacts = field(default_factory=VSCodeFacts)
    probe_failures: tuple[ProbeFailure, ...] = ()
    home: str = ""  # the user's home directory, so that --redact-paths works on a facts file too
    # Facts of check areas plugged in through goide.doctor.run.AREAS, by area name, as plain JSON.
    extra: dict[str, Any] = field(default_factory=dict)
    source: str = "machine"  # machine, or report (read from pasted text: many facts unknown)
    # Parts nobody looked at (a report): host.hardware, toolchain.path, toolchain.go, tools, vscode.
    # A rule says nothing about an unknown part: unknown is never "missing".
    unknown: tuple[str, ...] = ()
    shell: str = ""  # the login shell's name (zsh, bash, fish; powershell on Windows), for PATH fixes
    newest: tuple[NewestRelease, ...] = ()  # from the module proxy when it answered
    report: ReportFacts | None = None


def to_json(facts: Facts) -> dict[str, Any]:
    """Facts as JSON data, with secret environment values and credentials redacted."""
    data = dataclasses.asdict(facts)
    tc = data["toolchain"]
    for key in ("environ", "env_file_values", "goroot_env_values", "go_env"):
        if tc.get(key):
            tc[key] = {name: redact_env_value(name, value) for name, value in tc[key].items()}
    for settings in data["vscode"]["settings"]:
        env_vars = settings["go_settings"].get("go.toolsEnvVars")
        if isinstance(env_vars, dict):  # tokens for private modules end up here
            settings["go_settings"]["go.toolsEnvVars"] = {
                str(k): redact_env_value(str(k), v) if isinstance(v, str) else v for k, v in env_vars.items()
            }
    return _redact_strings(data)  # type: ignore[no-any-return]


def _redact_strings(value: Any) -> Any:
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: _redact_strings(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_strings(v) for v in value]
    return value


def from_json(data: Any) -> Facts:
    """Facts from JSON data; raises InputError for a newer schema or a malformed document."""
    import dacite

    if not isinstance(data, dict):
        raise InputError(
            "facts file is not a JSON object", hint="pass a file written by 'goide doctor --facts-out'"
        )
    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise InputError(
            "facts file has no integer 'schema' field",
            hint="pass a file written by 'goide doctor --facts-out'",
        )
    if schema > FACTS_SCHEMA:
        raise InputError(
            f"facts file has schema {schema}, newer than this goide understands ({FACTS_SCHEMA})",
            hint="upgrade goide, or collect the facts again with this goide",
        )
    if schema < 1:
        raise InputError(f"facts file has an invalid schema {schema}", hint="collect the facts again")
    try:
        return dacite.from_dict(Facts, data, config=dacite.Config(strict=True, cast=[tuple]))
    except (dacite.DaciteError, TypeError, ValueError) as err:  # dacite's casts raise TypeError/ValueError
        raise InputError(
            f"facts file does not match schema {FACTS_SCHEMA}: {err}",
            hint="was it edited by hand? collect the facts again with 'goide doctor --facts-out'",
        ) from None


def save(facts: Facts, path: Path) -> None:
    """Write the facts file atomically (temporary file, then rename)."""
    from goide.core.jsonout import write_file

    write_file(to_json(facts), path, what="facts file")


def load(path: Path) -> Facts:
    """Read a facts file; every way it can be wrong is an InputError (one line, exit 2)."""
    from goide.core.inputs import read_regular_file

    raw = read_regular_file(
        path,
        64 * 1024 * 1024,
        what="facts file",
        hint="pass a file written by 'goide doctor --facts-out', not a device, pipe or directory",
    )
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise InputError(
            f"facts file {path} is not JSON: {err}", hint="pass a file written by 'goide doctor --facts-out'"
        ) from None
    return from_json(data)
