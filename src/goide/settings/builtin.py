"""Built-in facts about VS Code Go settings, gopls options and launch attributes.

Names, types, enum values, removals and replacements, written down from the sources they come
from (no prose copied): golang/vscode-go extension/package.json at v0.56/v0.57 for `go.*` and
launch attributes, its history (tags v0.20.0 to v0.40.0) for removed `go.*` settings, and gopls
v0.23.0 (`gopls api-json` and internal/settings/settings.go `setOne`) for gopls options.
These are used when the installed extension or gopls cannot be read, and always for what no
installed file says (what was removed and what replaced it). tests/settings/test_settings_schema.py keeps
the gopls part equal to the real `gopls api-json` of gopls v0.23.0.
"""

from __future__ import annotations

from typing import Any

from goide.settings.schema import Setting

GOPLS_VERSION = "v0.23.0"

_BOOL = ("boolean",)
_STR = ("string",)
_STR_NULL = ("string", "null")
_ARR = ("array",)
_OBJ = ("object",)
_NUM = ("number",)
_USE_GOPLS = "gopls reports build errors while you type; this setting is not used with the language server"
_SEMANTIC_TOKENS = "use semanticTokenTypes instead"


def _s(
    name: str, types: tuple[str, ...], enum: tuple[Any, ...] = (), deprecated: str | None = None
) -> Setting:
    return Setting(name, types, enum, deprecated=deprecated)


def _o(
    name: str,
    types: tuple[str, ...],
    enum: tuple[Any, ...] = (),
    status: str = "",
    deprecated: str | None = None,
) -> Setting:
    return Setting(name, types, enum, status=status, deprecated=deprecated)


def _by_last_segment(options: list[Setting]) -> dict[str, Setting]:
    return {o.name.rsplit(".", 1)[-1]: o for o in options}


# The `go.*` settings of extension/package.json contributes.configuration.
GO_SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in [
        _s("go.showWelcome", _BOOL),
        _s("go.buildOnSave", _STR, enum=("package", "workspace", "off"), deprecated=_USE_GOPLS),
        _s("go.buildFlags", _ARR),
        _s("go.buildTags", _STR),
        _s("go.testTags", _STR_NULL),
        _s("go.disableConcurrentTests", _BOOL),
        _s("go.installDependenciesWhenBuilding", _BOOL),
        _s("go.lintOnSave", _STR, enum=("file", "package", "workspace", "off")),
        _s(
            "go.lintTool", _STR, enum=("staticcheck", "golint", "golangci-lint", "golangci-lint-v2", "revive")
        ),
        _s("go.lintFlags", _ARR),
        _s("go.vetOnSave", _STR, enum=("package", "workspace", "off")),
        _s("go.vetFlags", _ARR),
        _s("go.formatTool", _STR, enum=("default", "gofmt", "goimports", "goformat", "gofumpt", "custom")),
        _s("go.formatFlags", _ARR),
        _s("go.inferGopath", _BOOL),
        _s("go.gopath", _STR_NULL),
        _s("go.toolsGopath", _STR_NULL),
        _s("go.goroot", _STR_NULL),
        _s("go.testOnSave", _BOOL),
        _s("go.coverOnSave", _BOOL),
        _s("go.coverOnTestPackage", _BOOL),
        _s("go.coverOnSingleTest", _BOOL),
        _s("go.coverOnSingleTestFile", _BOOL),
        _s("go.coverMode", _STR, enum=("default", "set", "count", "atomic")),
        _s("go.coverShowCounts", _BOOL),
        _s(
            "go.coverageOptions",
            _STR,
            enum=("showCoveredCodeOnly", "showUncoveredCodeOnly", "showBothCoveredAndUncoveredCode"),
        ),
        _s("go.coverageDecorator", _OBJ),
        _s("go.testTimeout", _STR),
        _s("go.testEnvVars", _OBJ),
        _s("go.testEnvFile", _STR),
        _s("go.testFlags", ("array", "null")),
        _s("go.testExplorer.enable", _BOOL),
        _s("go.testExplorer.packageDisplayMode", _STR, enum=("flat", "nested")),
        _s("go.testExplorer.alwaysRunBenchmarks", _BOOL),
        _s("go.testExplorer.concatenateMessages", _BOOL),
        _s("go.testExplorer.showDynamicSubtestsInEditor", _BOOL),
        _s("go.testExplorer.showOutput", _BOOL),
        _s("go.experiments", _OBJ),
        _s("go.generateTestsFlags", _ARR),
        _s("go.toolsEnvVars", _OBJ),
        _s("go.useLanguageServer", _BOOL),
        _s("go.languageServerFlags", _ARR),
        _s("go.trace.server", _STR, enum=("off", "messages", "verbose")),
        _s("go.logging.level", _STR, deprecated="use the command 'Developer: Set Log Level...'"),
        _s("go.toolsManagement.go", _STR),
        _s("go.toolsManagement.checkForUpdates", _STR, enum=("proxy", "local", "off")),
        _s("go.toolsManagement.autoUpdate", _BOOL),
        # vscode-go's package.json: {"runtest": boolean}, additionalProperties false.
        Setting("go.enableCodeLens", _OBJ, properties=("runtest",), closed=True),
        _s("go.addTags", _OBJ),
        _s("go.removeTags", _OBJ),
        _s("go.playground", _OBJ),
        _s("go.survey.prompt", _BOOL),
        _s("go.editorContextMenuCommands", _OBJ),
        _s("go.delveConfig", _OBJ),
        _s("go.alternateTools", _OBJ),
        _s("go.tasks.provideDefault", _BOOL),
        _s("go.terminal.activateEnvironment", _BOOL),
        _s("go.diagnostic.vulncheck", _STR, enum=("Imports", "Off", "Prompt")),
        _s("go.inlayHints.assignVariableTypes", _BOOL),
        _s("go.inlayHints.compositeLiteralFields", _BOOL),
        _s("go.inlayHints.compositeLiteralTypes", _BOOL),
        _s("go.inlayHints.constantValues", _BOOL),
        _s("go.inlayHints.functionTypeParameters", _BOOL),
        _s("go.inlayHints.parameterNames", _BOOL),
        _s("go.inlayHints.rangeVariableTypes", _BOOL),
        _s("go.inlayHints.ignoredError", _BOOL),
        _s("gopls", _OBJ),
    ]
}

# `go.*` settings the extension removed; None: no replacement (the language server does the job).
_REMOVED_GO: dict[str, tuple[str | None, str]] = {
    "go.gocodeFlags": (None, "gocode was replaced by gopls"),
    "go.gocodeAutoBuild": (None, "gocode was replaced by gopls"),
    "go.gocodePackageLookupMode": (None, "gocode was replaced by gopls"),
    "go.autocompleteUnimportedPackages": (None, "gopls completes unimported packages"),
    "go.docsTool": (None, "gopls provides hover documentation"),
    "go.liveErrors": (None, "gopls reports errors while you type"),
    "go.gotoSymbol.includeImports": (None, "gopls provides symbol search"),
    "go.gotoSymbol.includeGoroot": (None, "gopls provides symbol search"),
    "go.gotoSymbol.ignoreFolders": (None, "gopls provides symbol search"),
    "go.useCodeSnippetsOnFunctionSuggest": ("gopls.ui.completion.usePlaceholders", ""),
    "go.useCodeSnippetsOnFunctionSuggestWithoutType": ("gopls.ui.completion.usePlaceholders", ""),
    "go.useGoProxyToCheckForToolUpdates": ("go.toolsManagement.checkForUpdates", ""),
    "go.languageServerExperimentalFeatures": (None, "the features are always on in gopls"),
    "go.overwriteGoplsMiddleware": (None, "no longer read by the extension"),
}

REMOVED_GO_SETTINGS: dict[str, Setting] = {
    name: Setting(name, removed=True, replacement=replacement, note=note)
    for name, (replacement, note) in _REMOVED_GO.items()
}

# Options of `gopls api-json` (gopls v0.23.0), keyed by the last segment of their name.
GOPLS_OPTIONS: dict[str, Setting] = _by_last_segment(
    [
        _o("build.buildFlags", ("array",)),
        _o("build.env", ("object",)),
        _o("build.directoryFilters", ("array",)),
        _o("build.templateExtensions", ("array",)),
        _o("build.memoryMode", ("string",), status="experimental"),
        _o("build.expandWorkspaceToModule", ("boolean",), status="experimental"),
        _o("build.standaloneTags", ("array",)),
        _o("build.workspaceFiles", ("array",)),
        _o(
            "ui.documentation.hoverKind",
            ("string",),
            enum=(
                "FullDocumentation",
                "NoDocumentation",
                "SingleLine",
                "Structured",
                "SynopsisDocumentation",
            ),
        ),
        _o("ui.documentation.linkTarget", ("string",)),
        _o("ui.documentation.linksInHover", ("boolean", "string"), enum=(False, True, "gopls")),
        _o("ui.completion.usePlaceholders", ("boolean",)),
        _o("ui.completion.completionBudget", ("string",), status="debug"),
        _o(
            "ui.completion.matcher",
            ("string",),
            enum=("CaseInsensitive", "CaseSensitive", "Fuzzy"),
            status="advanced",
        ),
        _o("ui.completion.experimentalPostfixCompletions", ("boolean",), status="experimental"),
        _o("ui.completion.completeFunctionCalls", ("boolean",)),
        _o("ui.navigation.importShortcut", ("string",), enum=("Both", "Definition", "Link")),
        _o(
            "ui.navigation.symbolMatcher",
            ("string",),
            enum=("CaseInsensitive", "CaseSensitive", "FastFuzzy", "Fuzzy"),
            status="advanced",
        ),
        _o("ui.navigation.symbolStyle", ("string",), enum=("Dynamic", "Full", "Package"), status="advanced"),
        _o("ui.navigation.symbolScope", ("string",), enum=("all", "workspace")),
        _o("ui.diagnostic.analyses", ("object",)),
        _o("ui.diagnostic.staticcheck", ("boolean",), status="experimental"),
        _o("ui.diagnostic.annotations", ("object",)),
        _o("ui.diagnostic.vulncheck", ("string",), enum=("Imports", "Off", "Prompt"), status="experimental"),
        _o("ui.diagnostic.diagnosticsDelay", ("string",), status="advanced"),
        _o("ui.diagnostic.diagnosticsTrigger", ("string",), enum=("Edit", "Save"), status="experimental"),
        _o("ui.diagnostic.analysisProgressReporting", ("boolean",)),
        _o("ui.inlayhint.hints", ("object",), status="experimental"),
        _o("ui.codelenses", ("object",)),
        _o("ui.semanticTokens", ("boolean",), status="experimental"),
        _o("ui.noSemanticString", ("boolean",), status="experimental", deprecated=_SEMANTIC_TOKENS),
        _o("ui.noSemanticNumber", ("boolean",), status="experimental", deprecated=_SEMANTIC_TOKENS),
        _o("ui.semanticTokenTypes", ("object",), status="experimental"),
        _o("ui.semanticTokenModifiers", ("object",), status="experimental"),
        _o("ui.newGoFileHeader", ("boolean",)),
        _o("ui.renameMovesSubpackages", ("boolean",), status="experimental"),
        _o("ui.moveType", ("boolean",), status="experimental"),
        _o("formatting.local", ("string",)),
        _o("formatting.gofumpt", ("boolean",)),
        _o("fileWatcher", ("string",), enum=("fsnotify", "off", "poll"), status="experimental"),
        _o("maxFileCacheBytes", ("number",), status="experimental"),
        _o("verboseOutput", ("boolean",), status="debug"),
    ]
)

# Names gopls accepts although api-json does not list them (settings.go setOne).
GOPLS_HIDDEN: dict[str, Setting] = {
    s.name: s
    for s in [
        Setting("completionDocumentation", _BOOL, hidden=True),
        Setting("deepCompletion", _BOOL, hidden=True),
        Setting("completeUnimported", _BOOL, hidden=True),
        Setting("codelens", _OBJ, hidden=True, deprecated="use codelenses", replacement="codelenses"),
        Setting("verboseWorkDoneProgress", _BOOL, hidden=True),
        Setting("showBugReports", _BOOL, hidden=True),
        Setting("subdirWatchPatterns", _STR, ("on", "off", "auto"), hidden=True),
        Setting("reportAnalysisProgressAfter", _STR, hidden=True),
        Setting("telemetryPrompt", _BOOL, hidden=True),
        Setting("linkifyShowMessage", _BOOL, hidden=True),
        Setting("includeReplaceInWorkspace", _BOOL, hidden=True),
        Setting("zeroConfig", _BOOL, hidden=True),
        Setting("pullDiagnostics", _BOOL, hidden=True),
        Setting("mcpTools", _OBJ, hidden=True),
        Setting("allExperiments", (), hidden=True),
        Setting(
            "importsSource",
            _STR,
            hidden=True,
            deprecated="no longer needed",
            note="deprecated in gopls v0.22.0; gopls warns about it",
        ),
    ]
}

# Options gopls answers with "this setting is deprecated": (replacement option, value carries over).
_DEPRECATED_GOPLS: dict[str, tuple[str | None, bool, str]] = {
    "experimentalDisabledAnalyses": ("analyses", False, ""),
    "disableDeepCompletion": ("deepCompletion", False, "the new option has the opposite meaning"),
    "disableFuzzyMatching": ("matcher", False, ""),
    "wantCompletionDocumentation": ("completionDocumentation", True, ""),
    "wantUnimportedCompletions": ("completeUnimported", True, ""),
    "fuzzyMatching": ("matcher", False, ""),
    "caseSensitiveCompletion": ("matcher", False, ""),
    "experimentalDiagnosticsDelay": ("diagnosticsDelay", True, ""),
    "allowImplicitNetworkAccess": (None, False, "removed in gopls v0.17.0"),
    "memoryMode": (None, False, "removed in gopls v0.15.0; it has no effect"),
    "tempModFile": (None, False, ""),
    "experimentalWorkspaceModule": (
        None,
        False,
        "removed in gopls v0.12.0; use a go.work file (go work init)",
    ),
    "experimentalTemplateSupport": (None, False, ""),
    "experimentalWatchedFileDelay": (None, False, ""),
    "experimentalPackageCacheKey": (None, False, ""),
    "allowModfileModifications": (None, False, ""),
    "experimentalUseInvalidMetadata": (None, False, ""),
    "newDiff": (None, False, ""),
    "wantSuggestedFixes": (None, False, ""),
    "noIncrementalSync": (None, False, ""),
    "watchFileChanges": (None, False, ""),
    "go-diff": (None, False, ""),
}

GOPLS_DEPRECATED: dict[str, Setting] = {
    name: Setting(
        name,
        deprecated="gopls no longer reads it" if replacement is None else f"use {replacement}",
        removed=replacement is None,
        replacement=replacement,
        renamable=renamable,
        note=note,
    )
    for name, (replacement, renamable, note) in _DEPRECATED_GOPLS.items()
}

# Attributes every VS Code launch configuration may carry, whatever its debugger.
COMMON_LAUNCH_ATTRIBUTES = frozenset(
    {
        "type",
        "request",
        "name",
        "preLaunchTask",
        "postDebugTask",
        "presentation",
        "internalConsoleOptions",
        "debugServer",
        "suppressMultipleSessionWarning",
        "serverReadyAction",
        "windows",
        "osx",
        "linux",
    }
)

_LAUNCH_COMMON = [
    Setting("debugAdapter", _STR, ("legacy", "dlv-dap")),
    Setting("stopOnEntry", _BOOL),
    Setting("showLog", _BOOL),
    Setting("cwd", _STR),
    Setting("substitutePath", _ARR),
    Setting("dlvFlags", _ARR),
    Setting("port", _NUM),
    Setting("host", _STR),
    Setting("trace", _STR, ("verbose", "trace", "log", "info", "warn", "error")),
    Setting("backend", _STR, ("default", "native", "lldb", "rr")),
    Setting("logOutput", _STR, ("debugger", "gdbwire", "lldbout", "debuglineerr", "rpc", "dap")),
    Setting("logDest", _STR),
    Setting("dlvLoadConfig", _OBJ),
    Setting("apiVersion", _NUM, (1, 2)),
    Setting("stackTraceDepth", _NUM),
    Setting("maxStringLen", _NUM),
    Setting("maxArrayValues", _NUM),
    Setting("showGlobalVariables", _BOOL),
    Setting("showRegisters", _BOOL),
    Setting("hideSystemGoroutines", _BOOL),
    Setting("console", _STR, ("internalConsole", "integratedTerminal", "externalTerminal")),
    Setting("asRoot", _BOOL),
    Setting("goroutineFilters", _STR),
    Setting("showPprofLabels", _ARR),
]

# configurationAttributes of the "go" debugger in extension/package.json.
LAUNCH_ATTRIBUTES: dict[str, dict[str, Setting]] = {
    "launch": {
        s.name: s
        for s in [
            *_LAUNCH_COMMON,
            Setting("program", _STR),
            Setting("mode", _STR, ("auto", "debug", "test", "exec", "replay", "core")),
            Setting("traceDirPath", _STR),
            Setting("coreFilePath", _STR),
            Setting("args", ("array", "string")),
            Setting("env", _OBJ),
            Setting("buildFlags", ("string", "array")),
            Setting("envFile", ("string", "array")),
            Setting("output", _STR),
            Setting("outputMode", _STR, ("local", "remote")),
            Setting("stdinFrom", _STR),
            Setting("stdoutTo", _STR),
            Setting("stderrTo", _STR),
            Setting("followExec", _BOOL),
            Setting("followExecRegex", _STR),
        ]
    },
    "attach": {
        s.name: s
        for s in [
            *_LAUNCH_COMMON,
            Setting("processId", ("number", "string")),
            Setting("mode", _STR, ("local", "remote")),
            Setting("remotePath", _STR, deprecated="use substitutePath", replacement="substitutePath"),
            Setting("waitFor", _STR),
        ]
    },
}

# Attributes that only one debug adapter reads (the other ignores them).
LEGACY_ONLY_ATTRIBUTES = frozenset({"dlvLoadConfig", "apiVersion", "remotePath"})
DLV_DAP_ONLY_ATTRIBUTES = frozenset({"maxStringLen", "maxArrayValues", "logDest"})


# Analyzers that gopls once had and no longer has (absent from the Analyzers of `gopls api-json`
# v0.23.0, which the test sends to the real gopls): gopls ignores their names in "analyses"
# without a word, so a user who turns one off or on changes nothing.
REMOVED_ANALYZERS = {
    "undeclaredname": "its fix is now the 'Declare missing variable/function' code action",
    "fillstruct": "its fix is now the 'Fill struct' code action",
    "stubmethods": "its fix is now the 'Declare missing methods' code action",
    "useany": "removed from gopls",
}
