"""Reads the texts people paste into bug reports into partial Facts (`goide doctor --from-report`).

Three kinds of text, in any mix, also inside a Markdown issue body (backticks, `<details>`,
`<pre>`, HTML escapes, "- " bullets of the issue templates):

- vscode-go's "Go: Locate Configured Go Tools" (`# Tools Configuration`: `GOBIN:`, `toolsGopath:`,
  `gopath:`, `GOROOT:`, `PATH:`, one line per tool, then `go env` per workspace folder; the older
  "Checking configured tools...." form with `<tool>: <path> installed`);
- `go env` output: Unix `GOPATH="..."` lines and Windows `set GOPATH=...` lines;
- `go version`, `go version -m FILE` (`path`/`mod`/`build` lines), `gopls version` / `gopls -v
  version`, `dlv version` (`Version: 1.7.0`, `Build Details: go1.24.0`).

Only what the text says becomes a fact. Everything it does not tell is listed in `Facts.unknown`
(the hardware, PATH, the shell environment, VS Code, ...), and the rules say nothing about an
unknown part: a tool the report does not mention is unknown, never "missing".
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import IO

from goide import __version__
from goide.doctor.facts import (
    FACTS_SCHEMA,
    BinaryFacts,
    ExtensionsDir,
    Facts,
    GoCommand,
    HostFacts,
    ReportFacts,
    SettingsFile,
    SliceFacts,
    ToolchainFacts,
    ToolCopy,
    ToolFacts,
    VSCodeFacts,
    VSCodeInstall,
)
from goide.doctor.known import TOOLS
from goide.doctor.pathrules import path_rules

MAX_REPORT_BYTES = 16 * 1024 * 1024
MAX_LINE = 64 * 1024  # longer lines (a giant PATH) are cut
MAX_MESSAGES = 40

_TAG = re.compile(
    r"</?(?:details|summary|pre|code|p|b|i|em|strong|kbd|samp|div|span|tt)\b[^>\n]{0,200}>", re.I
)
_BR = re.compile(r"<br\s*/?>", re.I)
_GO_VERSION = re.compile(
    r"go version (go\d+\.\d+(?:\.\d+)?(?:rc\d+|beta\d+)?|devel [^\s]+)"
    r"((?:\s+gccgo\b.*?)?)\s+([a-z0-9]+)/([a-z0-9]+)\b"
)
_GO_VERSION_LOOSE = re.compile(
    r"\bgo version\W{0,8}(?:is\s+)?(?:go)?(\d+\.\d+(?:\.\d+)?)(?:\s+([a-z]+)/([a-z0-9]+))?"
)
_ENV_LINE = re.compile(r"^(set\s+)?([A-Z][A-Z0-9_]*)=(.*)$")
_ENV_KEYS = re.compile(r"^(GO[A-Z0-9_]*|CGO_[A-Z]+|GCCGO|AR|CC|CXX|PKG_CONFIG)$")
_LOCATE_ENV = re.compile(r"^(GOBIN|toolsGopath|gopath|GOROOT|PATH)( \(vscode launched with\))?:[ \t]*(.*)$")
_TOOL_VERSION = re.compile(r"^([a-z][a-z0-9-]*):\s+(\S.*?)\s+\(version: (\S+) built with go: (\S+)\)")
_TOOL_UNKNOWN = re.compile(r"^([a-z][a-z0-9-]*):\s+(\S.*?)\s+\(version: unknown")
_TOOL_NOT_INSTALLED = re.compile(r"^([a-z][a-z0-9-]*):\s+(?:\S+\s+)?not installed\s*$")
_TOOL_INSTALLED = re.compile(r"^([a-z][a-z0-9-]*):\s+(\S.*?)\s+installed\s*$")
_TOOL_GO_LOCATED = re.compile(r"^go:\s+(\S.*?):\s+go version ")
_BUILDINFO_HEAD = re.compile(r"^(?:([a-z][a-z0-9-]*):\s+)?(\S.*?):\s+(go\d+\.\d+\S*|devel \S+)$")
_BUILDINFO_PATH = re.compile(r"^path\s+(\S+)$")
_BUILDINFO_MOD = re.compile(r"^mod\s+(\S+)\s+(\S+)")
_BUILDINFO_BUILD = re.compile(r"^build\s+([A-Za-z0-9_-]+)=(\S*)")
_GOPLS_VERSION = re.compile(r"^golang\.org/x/tools/gopls(?:@|\s+)(v\d\S*|\(devel\))")
_GOPLS_FOUND_GO = re.compile(r"Found Go version (1\.\d+), which (?:is not |will be un)supported")
_GOPLS_BUILT = re.compile(r"^go:\s+(go\d+\.\d+\S*)$")
_DLV_VERSION = re.compile(r"^Version:\s+v?(\d+\.\d+\.\d+)")
_DLV_LOOSE = re.compile(r"(?i)\bdlv version\W{0,8}(?:is\s+)?v?(\d+\.\d+\.\d+)\b")
_GOLANGCI_VERSION = re.compile(r"golangci-lint has version v?(\d+\.\d+\.\d+) built with (go\S+)")
_DLV_BUILD = re.compile(r"^Build Details:\s+(go\d\S*)")
_VSCODE_VERSION = re.compile(
    r"VS Code version: (Code(?: - Insiders)?|VSCodium|Cursor) (\d+\.\d+\.\d+)(?: \(([0-9a-f]{40}))?"
)
_EXTENSION_VERSION = re.compile(r"^Extension version: (\d+\.\d+\.\d+)")
_OS_VERSION = re.compile(r"^(Remote )?OS version: (Darwin|Windows_NT|Linux) (x64|arm64|ia32|arm)\b")
_REMOTE = re.compile(r"\|\s*Remote\s*\|\s*(SSH|WSL|Dev Container|Codespaces|Container|Tunnel)")
_UNAME_ARM = re.compile(r"(?i)RELEASE_ARM64|apple m[1-4]\b|\bm[1-4]\b.*\bmac|\bmac.*\bm[1-4]\b|apple silicon")
_SETTING = re.compile(r'^"(go\.[A-Za-z.]+)"\s*:\s*("(?:[^"\\]|\\.)*"|true|false)\s*,?$')
_MESSAGE = re.compile(
    r"(?i)(too old for|can not run under Rosetta|GOPATH set to GOROOT|GOPATH and GOROOT are the same|"
    r"GOPATH entry is relative|requires go >=|not supported by this version of gopls|need recompiling|"
    r"exec format error|bad CPU type|Failed to find a go command|used to build golangci-lint is lower|"
    r"could not launch process|unknown revision|cannot use path@version|not supported|is not installed|"
    r"could not parse \.eh_frame|when using gccgo|need Delve built by Go|go command required|"
    r"decoding dwarf section info|Found Go version)"
)
_ARCH = {"x64": "amd64", "arm64": "arm64", "ia32": "386", "arm": "arm"}
_OS = {"Darwin": "darwin", "Windows_NT": "windows", "Linux": "linux"}
_KNOWN_TOOLS = {t.name for t in TOOLS}
# Module paths of the tools when only their own version command was pasted.
_MODULES = {"gopls": "golang.org/x/tools/gopls", "dlv": "github.com/go-delve/delve"}


@dataclass
class _Binary:
    name: str
    path: str
    go_version: str | None = None
    module_path: str | None = None
    module_version: str | None = None
    package_path: str | None = None
    settings: dict[str, str] = field(default_factory=dict)
    where: str = "report"


@dataclass
class _Reading:
    kinds: list[str] = field(default_factory=list)
    go_version: str | None = None
    go_os: str | None = None
    go_arch: str | None = None
    go_path: str | None = None
    gccgo_line: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    windows_env: bool = False
    located: dict[str, str] = field(default_factory=dict)
    binaries: dict[str, _Binary] = field(default_factory=dict)
    not_installed: set[str] = field(default_factory=set)
    vscode: tuple[str, str, str | None] | None = None  # flavour, version, commit
    extension_version: str | None = None
    vscode_os: tuple[str, str] | None = None  # local VS Code's OS and process arch
    remote: str | None = None
    arm_hardware: bool = False
    messages: list[str] = field(default_factory=list)
    settings: dict[str, object] = field(default_factory=dict)

    def kind(self, name: str) -> None:
        if name not in self.kinds:
            self.kinds.append(name)


def clean(text: str) -> list[str]:
    """The text's lines with Markdown and HTML wrapping removed, indentation kept."""
    text = _BR.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = html.unescape(_TAG.sub("", text))
    lines = []
    for raw in text.split("\n"):
        line = raw[:MAX_LINE].replace("`", "").rstrip()
        stripped = line.lstrip(" >")
        if stripped.startswith(("```", "~~~")):
            continue
        lines.append(line)
    return lines


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _body(line: str) -> str:
    """A line without its indentation and the bullets of issue templates ("- ", "* ", "$ ")."""
    body = line.strip()
    for _ in range(3):
        for prefix in ("- ", "* ", "$ ", "> ", "% ", "PS> "):
            if body.startswith(prefix):
                body = body[len(prefix) :].lstrip()
    return body


def _read(lines: list[str]) -> _Reading:
    r = _Reading()
    current: _Binary | None = None  # the binary whose build info lines follow
    dlv_block = False
    for line in lines:
        body = _body(line)
        if not body:
            continue
        if current is not None and line[:1] in ("\t", " "):
            if body.startswith(("dep", "=>")):
                continue
            if m := _BUILDINFO_PATH.match(body):
                current.package_path = m.group(1)
                continue
            if m := _BUILDINFO_MOD.match(body):
                current.module_path, current.module_version = m.group(1), m.group(2)
                continue
            if m := _BUILDINFO_BUILD.match(body):
                current.settings[m.group(1)] = m.group(2)
                continue
        current = None
        if _MESSAGE.search(body) and len(r.messages) < MAX_MESSAGES:
            r.messages.append(body[:300])
        if _UNAME_ARM.search(body):
            r.arm_hardware = True
        if m := _OS_VERSION.match(body):
            if m.group(1):
                r.remote = r.remote or "remote"
            else:
                r.vscode_os = (_OS[m.group(2)], _ARCH[m.group(3)])
            continue
        if m := _REMOTE.search(body):
            r.remote = m.group(1)
            continue
        if m := _VSCODE_VERSION.search(body):
            flavour = {"Code": "stable", "Code - Insiders": "insiders"}.get(m.group(1), m.group(1).lower())
            r.vscode = (flavour, m.group(2), m.group(3))
            continue
        if m := _EXTENSION_VERSION.match(body):
            r.extension_version = m.group(1)
            continue
        if body.startswith(("# Tools Configuration", "Checking configured tools")):
            r.kind("tools-configuration")
            continue
        if m := _LOCATE_ENV.match(body):
            r.kind("tools-configuration")
            key = "PATH (vscode launched with)" if m.group(2) else m.group(1)
            r.located.setdefault(key, m.group(3).strip())
            continue
        if m := _TOOL_GO_LOCATED.match(body):
            r.go_path = r.go_path or m.group(1)
        if m := _GO_VERSION.search(body):
            r.kind("go-version")
            r.go_version = r.go_version or m.group(1)
            r.go_os, r.go_arch = r.go_os or m.group(3), r.go_arch or m.group(4)
            if m.group(2).strip():
                r.gccgo_line = body[m.start() :][:300]
            continue
        if m := _ENV_LINE.match(body):
            key = m.group(2)
            if _ENV_KEYS.match(key):
                r.kind("go-env")
                r.env.setdefault(key, _unquote(m.group(3)))
                r.windows_env = r.windows_env or bool(m.group(1))
            continue
        if m := _SETTING.match(body):
            value = m.group(2)
            r.settings[m.group(1)] = (
                True if value == "true" else False if value == "false" else _unquote(value)
            )
            continue
        if m := _TOOL_VERSION.match(body):
            r.kind("tools-configuration")
            name = m.group(1)
            r.binaries[name] = _Binary(
                name, m.group(2), m.group(4), module_version=m.group(3), where="extension"
            )
            continue
        if m := _TOOL_NOT_INSTALLED.match(body):
            if m.group(1) in _KNOWN_TOOLS:
                r.not_installed.add(m.group(1))
            continue
        if m := _TOOL_UNKNOWN.match(body):
            name = m.group(1)
            r.binaries.setdefault(name, _Binary(name, m.group(2), where="extension"))
            continue
        if (m := _GOPLS_BUILT.match(body)) and "gopls" in r.binaries and not r.binaries["gopls"].go_version:
            r.binaries["gopls"].go_version = m.group(1)
            continue
        if m := _BUILDINFO_HEAD.match(body):
            r.kind("go-version-m")
            path = m.group(2)
            name = m.group(1) or path.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".exe")
            if name not in ("go", "gopath", "GOROOT", "PATH", "toolsGopath", "GOBIN"):
                current = _Binary(name, path, m.group(3), where="extension" if m.group(1) else "report")
                r.binaries[name] = current
            continue
        if m := _TOOL_INSTALLED.match(body):
            name = m.group(1)
            if name in _KNOWN_TOOLS and name not in r.binaries:
                r.binaries[name] = _Binary(name, m.group(2), where="extension")
            continue
        if m := _GOPLS_VERSION.match(body):
            r.kind("gopls-version")
            b = r.binaries.setdefault("gopls", _Binary("gopls", "gopls"))
            b.module_path, b.module_version = "golang.org/x/tools/gopls", b.module_version or m.group(1)
            b.package_path = b.package_path or "golang.org/x/tools/gopls"
            continue
        if m := _GOLANGCI_VERSION.search(body):
            r.kind("golangci-lint-version")
            v2 = m.group(1).startswith("2")
            module = "github.com/golangci/golangci-lint" + ("/v2" if v2 else "")
            r.binaries["golangci-lint"] = _Binary(
                "golangci-lint",
                "golangci-lint",
                m.group(2),
                module,
                "v" + m.group(1),
                module + "/cmd/golangci-lint",
            )
            continue
        if body.startswith("Delve Debugger"):
            r.kind("dlv-version")
            dlv_block = True
            continue
        if dlv_block and (m := _DLV_VERSION.match(body)):
            _dlv(r).module_version = "v" + m.group(1)
            continue
        if m := _DLV_BUILD.match(body):
            _dlv(r).go_version = m.group(1)
            continue
        if "dlv" not in r.binaries and (m := _DLV_LOOSE.search(body)):
            r.kind("dlv-version")
            _dlv(r).module_version = "v" + m.group(1)
        if r.go_version is None and (m := _GOPLS_FOUND_GO.search(body)):
            r.kind("gopls-message")
            r.go_version = "go" + m.group(1)
        if r.go_version is None and (m := _GO_VERSION_LOOSE.search(body)):
            r.kind("go-version")
            r.go_version = "go" + m.group(1)
            if m.group(2):
                r.go_os, r.go_arch = m.group(2), m.group(3)
    return r


def _dlv(r: _Reading) -> _Binary:
    b = r.binaries.setdefault("dlv", _Binary("dlv", "dlv"))
    b.module_path = b.module_path or "github.com/go-delve/delve"
    b.package_path = b.package_path or "github.com/go-delve/delve/cmd/dlv"
    return b


def _goos(r: _Reading) -> str | None:
    for candidate in (r.env.get("GOHOSTOS"), r.env.get("GOOS"), r.go_os):
        if candidate:
            return candidate
    paths = (*r.located.values(), *r.env.values(), *(b.path for b in r.binaries.values()))
    if r.windows_env or any(re.match(r"^[A-Za-z]:\\", v) for v in paths):
        return "windows"
    if r.vscode_os and not r.remote:
        return r.vscode_os[0]
    return None


def facts_from_report(text: str) -> Facts:
    """Partial Facts from a pasted report; what the report does not tell is in `unknown`."""
    r = _read(clean(text))
    unknown: list[str] = []
    goos = _goos(r)
    if goos is None:
        unknown.append("host.os")
        goos = "linux"
    rules = path_rules(goos)
    go_arch = r.env.get("GOHOSTARCH") or r.go_arch or r.env.get("GOARCH")
    hardware: str | None = None
    if r.arm_hardware or any("under Rosetta" in m for m in r.messages):
        hardware = "arm64" if goos == "darwin" else None
    if (
        hardware is None
        and r.vscode_os
        and not r.remote
        and r.vscode_os[0] == goos
        and r.vscode_os[1] == "arm64"
    ):
        hardware = "arm64"  # an arm64 VS Code only runs on arm64 hardware
    if hardware is None:
        unknown.append("host.hardware")
        hardware = go_arch or "amd64"
    if not r.env:
        unknown.append("toolchain.environment")
    host = HostFacts(os=goos, os_version="", hardware_arch=hardware, process_arch=hardware)

    goroot = r.env.get("GOROOT") or r.located.get("GOROOT", "")
    path_text = r.located.get("PATH")
    path_dirs = rules.split_list(path_text) if path_text else ()
    if path_text is None:
        unknown.append("toolchain.path")
    gos: tuple[GoCommand, ...] = ()
    version = r.go_version or r.env.get("GOVERSION")
    if version or r.go_path or goroot:
        go_path = r.go_path or (rules.join(goroot, "bin", rules.exe("go")) if goroot else "go")
        slices: tuple[SliceFacts, ...] = ()
        if version and not r.gccgo_line and (r.go_os or goos):
            slices = (SliceFacts(r.go_os or goos, r.go_arch or go_arch or hardware, version),)
        index = next(
            (i for i, d in enumerate(path_dirs) if rules.same(rules.join(d, rules.exe("go")), go_path)), 0
        )
        gos = (GoCommand(BinaryFacts(go_path, go_path, slices=slices), index, goroot),)
    else:
        unknown.append("toolchain.go")

    def located(key: str) -> str | None:
        value = r.located.get(key)
        return None if value is None or value in ("undefined", "") else value

    gopath = r.env.get("GOPATH") or located("gopath") or ""
    gobin = r.env.get("GOBIN") or located("GOBIN") or ""
    toolchain = ToolchainFacts(
        path_dirs=path_dirs,
        gos=gos,
        go_env=dict(r.env) if r.env else None,
        gopath=gopath,
        gobin=gobin,
        go_version_output=r.gccgo_line,
        go_warnings=tuple(m for m in r.messages if "warning:" in m),
    )

    tools: list[ToolFacts] = []
    tool_arch = go_arch or hardware
    for name in sorted(_KNOWN_TOOLS):
        b = r.binaries.get(name)
        if b is None:
            if name in r.not_installed:
                tools.append(ToolFacts(name))
            continue
        settings = dict(b.settings)
        slice_os, slice_arch = settings.get("GOOS") or goos, settings.get("GOARCH") or tool_arch
        module_path = b.module_path or _MODULES.get(name)
        s = SliceFacts(
            slice_os, slice_arch, b.go_version, module_path, b.module_version, b.package_path, settings
        )
        where = "report" if b.where == "report" else _where(b.path, r, rules)
        tools.append(ToolFacts(name, (ToolCopy(where, BinaryFacts(b.path, b.path, slices=(s,))),)))
    if not tools:
        unknown.append("tools")

    installs: tuple[VSCodeInstall, ...] = ()
    extensions: tuple[ExtensionsDir, ...] = ()
    if r.vscode:
        flavour, vs_version, commit = r.vscode
        installs = (VSCodeInstall(flavour, "(from the report)", vs_version, commit),)
        if r.extension_version:
            extensions = (ExtensionsDir(flavour, "(from the report)", r.extension_version),)
    else:
        unknown.append("vscode")
    unknown.append("vscode.cli")
    settings_files: tuple[SettingsFile, ...] = ()
    if r.settings:
        settings_files = (SettingsFile("stable", "(from the report)", True, go_settings=dict(r.settings)),)
    else:
        unknown.append("settings")
    report = ReportFacts(
        kinds=tuple(r.kinds),
        extension_gopath=located("gopath"),
        extension_tools_gopath=located("toolsGopath"),
        extension_gobin=located("GOBIN"),
        messages=tuple(r.messages),
        remote=r.remote,
    )
    return Facts(
        FACTS_SCHEMA,
        __version__,
        host,
        toolchain,
        tools=tuple(tools),
        vscode=VSCodeFacts(installs=installs, extensions=extensions, settings=settings_files),
        source="report",
        unknown=tuple(unknown),
        report=report,
    )


def _where(path: str, r: _Reading, rules: object) -> str:
    """Which of the extension's lookup places a reported tool path is in."""
    from goide.doctor.pathrules import PathRules

    assert isinstance(rules, PathRules)
    gobin = r.located.get("GOBIN") or r.env.get("GOBIN")
    directory = rules.dirname(path)
    if gobin and gobin != "undefined" and rules.same(directory, gobin):
        return "GOBIN"
    for key, where in (("toolsGopath", "toolsGopath"), ("gopath", "GOPATH/bin")):
        for entry in rules.split_list(r.located.get(key, "") or ""):
            if rules.same(directory, rules.join(entry, "bin")):
                return where
    goroot = r.env.get("GOROOT") or r.located.get("GOROOT")
    if goroot and rules.same(directory, rules.join(goroot, "bin")):
        return "GOROOT/bin"
    return "PATH"


def read_report(source: str, data: bytes) -> Facts:
    """Facts from the bytes of a report file (or stdin); InputError when it holds nothing goide reads."""
    from goide.core.errors import InputError

    text = data[:MAX_REPORT_BYTES].decode("utf-8", errors="replace")
    facts = facts_from_report(text)
    if facts.report is None or not facts.report.kinds:
        raise InputError(
            f"{source}: no Go report found in it",
            hint="paste the output of 'go env', 'go version', 'go version -m TOOL', 'dlv version', "
            "'gopls version' or VS Code's 'Go: Locate Configured Go Tools'",
        )
    return facts


def load_report(source: str, stdin: IO[str]) -> Facts:
    """Facts from FILE or, for "-", standard input; a bad file is one InputError line."""
    import sys

    from goide.core.inputs import check_input, read_regular_file

    if source == "-":
        if stdin is sys.stdin:  # a terminal would wait silently for a paste: say what to pipe in
            check_input(
                "-", what="a report", example="save the report to a file: goide doctor --from-report issue.md"
            )
        buffer = getattr(stdin, "buffer", None)
        data = buffer.read(MAX_REPORT_BYTES + 1) if buffer is not None else str(stdin.read()).encode()
        return read_report("stdin", data[:MAX_REPORT_BYTES])
    data = read_regular_file(
        source, MAX_REPORT_BYTES, what="report", hint="pass a text file, or - for stdin", cut=True
    )
    return read_report(source, data)
