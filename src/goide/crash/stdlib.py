"""Which import paths are Go's standard library, without asking a `go` command.

A path is standard when its first element is one of the standard library's top-level names
(`go list std` of Go 1.26, plus `cmd` and `builtin`); a test checks the list against the real
toolchain. The rule "no dot in the first element" is wrong: `go mod init myapp` and the
tutorial's `example/hello` make module paths without a dot.
"""

from __future__ import annotations

# The first elements of every package `go list std` prints (Go 1.26), and `cmd`, `builtin`.
STD_ROOTS = frozenset(
    {
        "archive",
        "bufio",
        "builtin",
        "bytes",
        "cmd",
        "cmp",
        "compress",
        "container",
        "context",
        "crypto",
        "database",
        "debug",
        "embed",
        "encoding",
        "errors",
        "expvar",
        "flag",
        "fmt",
        "go",
        "hash",
        "html",
        "image",
        "index",
        "internal",
        "io",
        "iter",
        "log",
        "maps",
        "math",
        "mime",
        "net",
        "os",
        "path",
        "plugin",
        "reflect",
        "regexp",
        "runtime",
        "slices",
        "sort",
        "strconv",
        "strings",
        "structs",
        "sync",
        "syscall",
        "testing",
        "text",
        "time",
        "unicode",
        "unique",
        "unsafe",
        "vendor",
        "weak",
    }
)


def is_std_package(package: str) -> bool:
    """True for a standard library import path (`net/http`, `internal/poll`, `vendor/golang.org/x/net`)."""
    slash = package.find("/")
    return (package if slash < 0 else package[:slash]) in STD_ROOTS


def goroot_of(function: str, package: str, file: str) -> str | None:
    """GOROOT as a frame of a standard package shows it: `/usr/local/go` from
    `/usr/local/go/src/net/http/server.go`; None for any other frame."""
    if function == "panic":  # runtime.gopanic is printed as `panic(`
        package = "runtime"
    if not file or not is_std_package(package):
        return None
    marker = f"/src/{package}/"
    at = file.rfind(marker)
    return file[:at] if at > 0 else None
