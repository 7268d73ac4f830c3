"""Pure: LintFacts -> Findings. Every disagreement between the golangci-lint config, the binaries,
the module's Go version, VS Code's lint and format settings and the formatter CI enforces."""

from __future__ import annotations

from goide.core.goversion import go_major
from goide.core.model import Finding, Fix, Severity
from goide.lint.binaries import Binary
from goide.lint.config import FORMATTERS, MERGED_IN_V2, REMOVED_IN_V2, LintConfig
from goide.lint.model import LintFacts

AREA = "Lint and format"
INSTALL = {
    1: "github.com/golangci/golangci-lint/cmd/golangci-lint",
    2: "github.com/golangci/golangci-lint/v2/cmd/golangci-lint",
}
# v1 flags that v2 replaced (golangci-lint migration guide, "Command line flags").
V1_TO_V2_FLAGS = {
    "--out-format": "--output.text.path=stdout (and --output.<format>.path for others)",
    "--fast": "--fast-only",
    "--enable-all": "--default=all",
    "--disable-all": "--default=none",
    "--print-issued-lines": "--output.text.print-issued-lines",
    "--print-linter-name": "--output.text.print-linter-name",
    "--exclude-use-default": "linters.exclusions.presets in the config",
    "--skip-dirs": "linters.exclusions.paths in the config",
    "--skip-files": "linters.exclusions.paths in the config",
    "--sort-results": "(removed: results are always sorted)",
}
# What the Go extension adds itself when go.lintTool is golangci-lint (v1 mode): vscode-go
# extension/src/goLint.ts. v2 rejects it with "unknown flag: --out-format".
EXTENSION_V1_FLAG = "--out-format"


def _module(binary: Binary) -> str:
    return INSTALL.get(binary.major or 2, INSTALL[2])


def _lines(config: LintConfig, key: str) -> str:
    line = config.lines.get(key)
    return f"{config.path}:{line}" if line else config.path


def editor_binary(facts: LintFacts) -> Binary | None:
    """The binary VS Code runs for go.lintTool (the first copy of that name), None when it runs none."""
    tool = facts.editor.lint_tool
    if tool not in ("golangci-lint", "golangci-lint-v2"):
        return None
    return next((b for b in facts.binaries if b.name == tool), None)


def command_line_binary(facts: LintFacts) -> Binary | None:
    return next((b for b in facts.binaries if b.name == "golangci-lint"), None)


def judged_binaries(facts: LintFacts) -> list[Binary]:
    """The binaries whose disagreements matter: the editor's and the command line's (each once)."""
    out: list[Binary] = []
    for binary in (editor_binary(facts), command_line_binary(facts)):
        if binary is not None and binary.path not in {b.path for b in out}:
            out.append(binary)
    return out


def check(facts: LintFacts) -> list[Finding]:
    findings: list[Finding] = []
    findings += _config_findings(facts)
    for binary in facts.binaries:
        findings += _binary_findings(facts, binary)
    findings += _editor_findings(facts)
    findings += _formatter_findings(facts)
    if not findings:
        findings.append(
            Finding(
                "lint.ok",
                Severity.OK,
                "golangci-lint, its config, VS Code and CI agree",
                AREA,
                evidence=tuple(
                    f"{b.path}: {b.version or '?'} built with {b.go or '?'}" for b in facts.binaries
                ),
            )
        )
    return findings


def _config_findings(facts: LintFacts) -> list[Finding]:
    if facts.config_error:
        message, hint = facts.config_error
        return [
            Finding(
                "lint.config.unreadable",
                Severity.ERROR,
                f"the golangci-lint config cannot be read: {message}",
                AREA,
                detail="golangci-lint stops on it too (`can't load config`).",
                fix=Fix(hint or "correct the file"),
                evidence=(message,),
            )
        ]
    config = facts.config
    if config is None:
        return [
            Finding(
                "lint.config.none",
                Severity.INFO,
                "no golangci-lint config: the default linters run",
                AREA,
                detail="Searched: "
                + ", ".join(facts.searched[:6])
                + (" ..." if len(facts.searched) > 6 else ""),
                fix=Fix('add a .golangci.yml with `version: "2"` to pin what CI and the editor check'),
            )
        ]
    findings: list[Finding] = []
    if config.shape == "unknown":
        findings.append(
            Finding(
                "lint.config.unknown-version",
                Severity.ERROR,
                f"{config.path}: `version: {config.version}` is no golangci-lint config version",
                AREA,
                detail=f'{_lines(config, "version")}: golangci-lint v2 accepts only "2"; '
                "v1 configs have no version.",
                fix=Fix('set `version: "2"`'),
            )
        )
    majors = {b.major for b in judged_binaries(facts) if b.major}
    if config.shape == "v1" and 2 in majors:
        findings.append(_migrate_finding(facts, config))
    if config.shape == "v2" and 1 in majors:
        v1 = next(b for b in judged_binaries(facts) if b.major == 1)
        findings.append(
            Finding(
                "lint.config.v2-for-v1-binary",
                Severity.ERROR,
                f"{config.path} is a v2 config but {v1.path} is golangci-lint {v1.version or 'v1'}",
                AREA,
                detail="v1 does not know `version`, `linters.default` or `formatters:` and silently "
                "runs something else than the config says.",
                fix=Fix("install golangci-lint v2", command=f"go install {INSTALL[2]}@latest"),
            )
        )
    for verified in facts.verify:
        if verified.error:
            findings.append(
                Finding(
                    "lint.config.not-verified",
                    Severity.INFO,
                    f"{config.path} could not be verified with {verified.binary}",
                    AREA,
                    detail=verified.error,
                    evidence=(verified.error,),
                )
            )
        for message, line in verified.problems:
            findings.append(
                Finding(
                    "lint.config.invalid",
                    Severity.ERROR,
                    f"{config.path}{f':{line}' if line else ''}: {message}",
                    AREA,
                    detail=f"`golangci-lint config verify` ({verified.binary}) rejects the config.",
                    fix=Fix(
                        "correct the config; check with `golangci-lint config verify`",
                        command="golangci-lint config verify",
                    ),
                    evidence=(message,),
                )
            )
    if config.shape == "v2" or (config.shape == "v1" and 2 in majors):
        findings += _v2_names(config)
    for binary in judged_binaries(facts):
        if binary.major == {"v1": 1, "v2": 2}.get(config.shape):
            findings += _names_in(config, binary)
    return findings


# v1 accepted these old names for current linters (pkg/lint/lintersdb AlternativeNames).
V1_ALIASES = {"vet", "vetshadow", "gas", "megacheck", "gomnd", "goerr113", "logrlint"}


def _names_in(config: LintConfig, binary: Binary) -> list[Finding]:
    """Names the config enables that this binary's own `help linters/formatters --json` lacks."""
    import difflib

    findings: list[Finding] = []
    covered = set(MERGED_IN_V2) | REMOVED_IN_V2 | set(FORMATTERS) if binary.major == 2 else V1_ALIASES
    version = binary.version or f"v{binary.major}"
    checks = [("linter", config.linters, binary.linters, "linters.enable")]
    if binary.major == 2:
        checks.append(("formatter", config.formatters, binary.formatters, "formatters.enable"))
    for kind, names, known, key in checks:
        if known is None:
            continue
        for name in names:
            where = _lines(config, f"{key}.{name}")
            if name in known:
                if name in binary.deprecated:
                    findings.append(
                        Finding(
                            "lint.config.deprecated-linter",
                            Severity.WARNING,
                            f"{where}: linter `{name}` is deprecated in golangci-lint {version}",
                            AREA,
                            detail=f"`{binary.path} help linters` marks it deprecated; it will be removed.",
                            fix=Fix(f"remove `{name}` or replace it (see `golangci-lint help linters`)"),
                        )
                    )
                continue
            if kind == "linter" and name in covered:
                continue
            close = difflib.get_close_matches(name, known, n=1)
            findings.append(
                Finding(
                    f"lint.config.unknown-{kind}",
                    Severity.ERROR,
                    f"{where}: {kind} `{name}` does not exist in golangci-lint {version}",
                    AREA,
                    detail=f"`{binary.path} help {kind}s --json` does not list it; `golangci-lint run` "
                    + (
                        f"stops with \"unknown linters: '{name}'\"."
                        if kind == "linter"
                        else f'stops with "can\'t load config: {name} is not a formatter".'
                    ),
                    fix=Fix(f"did you mean `{close[0]}`?" if close else f"remove `{name}`"),
                )
            )
    return findings


def _migrate_finding(facts: LintFacts, config: LintConfig) -> Finding:
    v2 = next(b for b in judged_binaries(facts) if b.major == 2)
    dropped: list[str] = []
    migrate = facts.migrate
    if migrate is not None:
        if migrate.comments:
            dropped.append(f"{migrate.comments} comment line(s) are dropped")
        dropped += list(migrate.warnings)
        if migrate.error:
            dropped.append(f"`golangci-lint migrate` failed on a copy: {migrate.error}")
    return Finding(
        "lint.config.v1-for-v2-binary",
        Severity.ERROR,
        f"{config.path} is a v1 config but {v2.path} is golangci-lint {v2.version or 'v2'}",
        AREA,
        detail='golangci-lint v2 stops: `can\'t load config: unsupported version of the configuration: ""`. '
        "`golangci-lint migrate` rewrites it (keeping a .bck copy); on a copy of this config it reports: "
        + ("; ".join(d.rstrip(".") for d in dropped) or "comments and unknown fields are not migrated")
        + ".",
        fix=Fix(
            f"migrate the config with {v2.path}, then review the result",
            command=f"{v2.path} migrate -c {config.path}",
        ),
        evidence=tuple(dropped) or ("comments and unknown fields are not migrated",),
    )


def _v2_names(config: LintConfig) -> list[Finding]:
    findings = []
    for name in config.linters:
        where = _lines(config, f"linters.enable.{name}")
        if name in MERGED_IN_V2:
            findings.append(
                Finding(
                    "lint.config.merged-linter",
                    Severity.ERROR,
                    f"{where}: linter `{name}` does not exist in golangci-lint v2",
                    AREA,
                    detail=f"v2 merged gosimple and stylecheck into {MERGED_IN_V2[name]}; "
                    f"`golangci-lint run` stops with \"unknown linters: '{name}'\".",
                    fix=Fix(f"enable `{MERGED_IN_V2[name]}` instead of `{name}`"),
                )
            )
        elif name in REMOVED_IN_V2:
            findings.append(
                Finding(
                    "lint.config.removed-linter",
                    Severity.ERROR,
                    f"{where}: linter `{name}` was removed in golangci-lint v2",
                    AREA,
                    fix=Fix(f"remove `{name}` from linters.enable"),
                )
            )
        elif name in FORMATTERS and config.shape == "v2":
            findings.append(
                Finding(
                    "lint.config.formatter-as-linter",
                    Severity.ERROR,
                    f"{where}: `{name}` is a formatter in golangci-lint v2, not a linter",
                    AREA,
                    detail="v2 moved gofmt, gofumpt, goimports, gci, golines and swaggo under `formatters:`.",
                    fix=Fix(f"move `{name}` to formatters.enable"),
                )
            )
    return findings


def _binary_findings(facts: LintFacts, binary: Binary) -> list[Finding]:
    findings: list[Finding] = []
    host = f"{facts.host[0]}/{facts.host[1]}"
    if binary.goos and binary.goarch and f"{binary.goos}/{binary.goarch}" != host:
        findings.append(
            Finding(
                "lint.binary.wrong-platform",
                Severity.ERROR,
                f"{binary.path} is built for {binary.goos}/{binary.goarch}; this machine is {host}",
                AREA,
                detail="It cannot run here (exec format error), or runs under emulation.",
                fix=Fix(
                    "reinstall it with this machine's Go",
                    command=f"go install {_module(binary)}@{binary.version or 'latest'}",
                ),
            )
        )
    elif binary.run_error:
        findings.append(
            Finding(
                "lint.binary.unresponsive",
                Severity.WARNING,
                f"{binary.path}: {binary.run_error}",
                AREA,
                detail="goide could not read its flags; VS Code and CI will wait on it the same way.",
                fix=Fix("reinstall golangci-lint", command=f"go install {INSTALL[2]}@latest"),
            )
        )
    if binary.read_error:
        findings.append(
            Finding(
                "lint.binary.unreadable",
                Severity.INFO,
                f"{binary.path}: {binary.read_error}",
                AREA,
                detail="Its version and build Go are unknown (a wrapper script?).",
            )
        )
    target = (facts.config.run_go if facts.config and facts.config.run_go else None) or (
        facts.module.target if facts.module else None
    )
    built, wanted = go_major(binary.go), go_major(target)
    if built and wanted and built < wanted:
        lang = f"go{built[0]}.{built[1]}"
        findings.append(
            Finding(
                "lint.binary.old-go",
                Severity.ERROR,
                f"{binary.path} was built with {binary.go}, older than the module's Go {target}",
                AREA,
                detail='golangci-lint stops: "the Go language version ('
                f'{lang}) used to build golangci-lint is lower than the targeted Go version ({target})".',
                fix=Fix(
                    f"rebuild it with Go {target} or newer",
                    command=f"GOTOOLCHAIN=go{target} go install "
                    f"{INSTALL.get(binary.major or 2, INSTALL[2])}@{binary.version or 'latest'}",
                ),
                evidence=(
                    f"{binary.path}: built with {binary.go}",
                    f"{facts.module.path if facts.module else 'config run.go'}: {target}",
                ),
            )
        )
    return findings


def _editor_findings(facts: LintFacts) -> list[Finding]:
    editor = facts.editor
    findings: list[Finding] = []
    for path, error in editor.unreadable:
        findings.append(
            Finding(
                "lint.editor.unreadable-settings",
                Severity.WARNING,
                f"{path} cannot be read: {error}",
                AREA,
                fix=Fix("correct the file", command=f"goide settings check {path}"),
            )
        )
    tool = editor.lint_tool
    source = editor.sources.get("go.lintTool", "settings")
    if tool not in ("golangci-lint", "golangci-lint-v2"):
        return findings
    binary = editor_binary(facts)
    if binary is None:
        findings.append(
            Finding(
                "lint.editor.lint-tool-missing",
                Severity.ERROR,
                f"go.lintTool is {tool} but no `{tool}` is installed where VS Code looks",
                AREA,
                detail=f"{source}: VS Code shows 'Failed to run {tool}' on every save.",
                fix=Fix(
                    "run 'Go: Install/Update Tools' in VS Code and pick " + tool,
                    command=f"go install {INSTALL[2 if tool.endswith('v2') else 1]}@latest",
                ),
            )
        )
        return findings
    if tool == "golangci-lint" and binary.major == 2:
        rejects = binary.flags is not None and EXTENSION_V1_FLAG not in binary.flags
        findings.append(
            Finding(
                "lint.editor.lint-tool-major",
                Severity.ERROR,
                f"go.lintTool is golangci-lint (v1 mode) but {binary.path} is {binary.version or 'v2'}",
                AREA,
                detail=f"{source}: the Go extension calls it with v1 flags ({EXTENSION_V1_FLAG}"
                + (", which this binary's `run --help` does not list" if rejects else "")
                + '), so linting fails with "unknown flag". The extension has a separate tool for v2.',
                fix=Fix(
                    'set "go.lintTool": "golangci-lint-v2" and install it with \'Go: Install/Update Tools\''
                ),
                evidence=(f"{binary.path}: module {binary.module}",),
            )
        )
    if tool == "golangci-lint-v2" and binary.major == 1:
        findings.append(
            Finding(
                "lint.editor.lint-tool-major",
                Severity.ERROR,
                f"go.lintTool is golangci-lint-v2 but {binary.path} is {binary.version or 'v1'}",
                AREA,
                detail=f"{source}: the extension calls it with v2 flags, which v1 rejects.",
                fix=Fix("reinstall golangci-lint-v2 with 'Go: Install/Update Tools'"),
            )
        )
    if binary.flags is not None:
        for flag in editor.lint_flags:
            if not flag.startswith("-"):
                continue
            name = flag.split("=", 1)[0]
            if name not in binary.flags:
                instead = V1_TO_V2_FLAGS.get(name) if binary.major == 2 else None
                findings.append(
                    Finding(
                        "lint.editor.lint-flag-rejected",
                        Severity.ERROR,
                        f"go.lintFlags has {flag}, which {binary.path} ({binary.version or '?'}) rejects",
                        AREA,
                        detail=f"{editor.sources.get('go.lintFlags', 'settings')}: "
                        f"`{binary.name} run --help` "
                        f'does not list {name}; the run fails with "unknown flag: {name}".',
                        fix=Fix(f"use {instead}" if instead else f"remove {flag} from go.lintFlags"),
                    )
                )
    return findings


def ci_formatters(facts: LintFacts) -> list[tuple[str, str]]:
    found = (
        [(name, f"{facts.config.path} formatters") for name in facts.config.formatters]
        if facts.config
        else []
    )
    return found + list(facts.ci_formatters)


def _formatter_findings(facts: LintFacts) -> list[Finding]:
    editor = facts.editor
    enforced = ci_formatters(facts)
    findings: list[Finding] = []
    names = {name for name, _ in enforced}
    mine = editor.formatter
    where_editor = (
        f"go.formatTool={editor.format_tool}"
        if editor.format_tool
        else (
            "gopls formatting.gofumpt=true"
            if editor.gofumpt
            else "gopls (gofmt; formatting.gofumpt is false)"
        )
    )
    if "gofumpt" in names and mine != "gofumpt":
        where = next(w for n, w in enforced if n == "gofumpt")
        findings.append(
            Finding(
                "lint.format.editor-not-gofumpt",
                Severity.ERROR,
                f"CI enforces gofumpt ({where}) but VS Code formats with {mine}",
                AREA,
                detail=f"The editor uses {where_editor}. gofumpt is stricter than gofmt: files saved in "
                "the editor fail CI, and `gofumpt -w` in CI rewrites what the editor wrote.",
                fix=Fix('set "gopls": {"formatting.gofumpt": true} (and leave go.formatTool at default)'),
            )
        )
    elif mine == "gofumpt" and names and "gofumpt" not in names:
        findings.append(
            Finding(
                "lint.format.editor-stricter",
                Severity.INFO,
                f"VS Code formats with gofumpt but CI enforces only {', '.join(sorted(names))}",
                AREA,
                detail="gofumpt output passes gofmt, but teammates without gofumpt reformat your files.",
                fix=Fix("enable gofumpt in formatters.enable of the golangci-lint config"),
            )
        )
    config = facts.config
    prefixes = set(config.local_prefixes) if config else set()
    if prefixes:
        local = editor.local
        if local is None or set(local.split(",")) != prefixes:
            findings.append(
                Finding(
                    "lint.format.local-prefix",
                    Severity.WARNING,
                    f"the config groups local imports by {', '.join(sorted(prefixes))} but gopls "
                    f"formatting.local is {local or 'not set'}",
                    AREA,
                    detail="Organize Imports in the editor puts the module's imports with third-party "
                    "ones; goimports/gci in CI then report every file the editor touched.",
                    fix=Fix(f'set "gopls": {{"formatting.local": "{",".join(sorted(prefixes))}"}}'),
                )
            )
    return findings
