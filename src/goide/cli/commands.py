"""Every goide command: its module and its one-line help, in the order of `goide --help`."""

from __future__ import annotations

# name -> (module, one-line help). The order is the order of `goide --help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "doctor": ("goide.cli.doctor", "check the whole Go + VS Code environment; --fix repairs it"),
    "inspect": ("goide.cli.inspect", "read executables of any platform and their Go build info"),
    "settings": ("goide.cli.settings", "validate and fix VS Code settings for Go and gopls"),
    "debug": ("goide.cli.debug", "check Delve and prove debugging works with real dlv dap"),
    "test": ("goide.cli.test", "run or read `go test -json`: progress, summary, JUnit/JSON/HTML"),
    "bench": ("goide.cli.bench", "benchmark statistics like benchstat, history and plots"),
    "crash": ("goide.cli.crash", "triage Go panics and fatal errors from any log"),
    "trace": ("goide.cli.trace", "LSP latency from VS Code and gopls traces"),
    "gopls": ("goide.cli.gopls", "gopls on your workspace: stats, benchmark, A/B of settings"),
    "mod": ("goide.cli.mod", "how Go fetches a module, module errors explained, real go mod download"),
    "lint": ("goide.cli.lint", "golangci-lint and formatter setup across editor, CLI and CI; CI caches"),
    "bundle": ("goide.cli.bundle", "build Go tool bundles for target machines and verify every binary"),
    "vsix": ("goide.cli.vsix", "inspect a VS Code extension package: target platform, native code"),
    "completion": ("goide.cli.completion", "print a bash, zsh or fish completion script"),
}
