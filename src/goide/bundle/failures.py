"""Why a `go install` failed, in one line and a hint: a target Go cannot build for, a version the
module proxy does not have, a network failure, a full disk, a tool that needs a newer Go.

The message keeps go's own words (the proxy's error line); the hint says what to do.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from goide.core.errors import EXIT_USAGE, InputError

if TYPE_CHECKING:
    from goide.bundle.plan import ToolSpec
    from goide.bundle.target import Target
    from goide.core.process import ProcessResult

EXIT_BUILD_FAILED = 1  # the machine or network failed: disk full, network, timeout, a build error
# What the user named cannot be built: the same command will fail again (exit 2, bad input).
INPUT_KINDS = ("unsupported-target", "no-such-version", "needs-newer-go")

_NETWORK = re.compile(
    r"dial tcp|no such host|connection refused|connection reset|i/o timeout|TLS handshake|"
    r"unexpected EOF|network is unreachable|server misbehaving|proxyconnect|EOF$",
    re.MULTILINE,
)
_DISK = re.compile(r"no space left on device|file too large|disk quota exceeded", re.IGNORECASE)
_NO_VERSION = re.compile(
    r"unknown revision|invalid version|no matching versions for query|404 Not Found|410 Gone|403 Forbidden|"
    r"not found: |malformed module path|cannot find module providing package|is not a main package|"
    r"module .* found .*, but does not contain package"
)
_NEEDS_GO = re.compile(r"requires go >= ?([0-9][0-9.]*)")


class BuildFailure(InputError):
    """One tool could not be built for one target; nothing of the bundle is written."""

    def __init__(self, message: str, hint: str | None, *, tool: str, target: str, kind: str) -> None:
        super().__init__(
            message, hint=hint, exit_status=EXIT_USAGE if kind in INPUT_KINDS else EXIT_BUILD_FAILED
        )
        self.tool = tool
        self.target = target
        self.kind = kind


def _telling_line(stderr: str, pattern: re.Pattern[str]) -> str:
    """The line of go's stderr that says what went wrong (the last matching one), trimmed."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    matching = [line for line in lines if pattern.search(line)]
    chosen = (matching or lines or ["no output"])[-1]
    # go puts the reason at the end of a long line (after a path that can be hundreds of
    # characters), so a long line keeps its head and its tail.
    return chosen if len(chosen) <= 400 else chosen[:180] + " ... " + chosen[-215:]


_READING = re.compile(r"reading https?://[^\s/]+/(\S+?)/@v/")


def _module_of(stderr: str, package: str) -> str:
    """The module to list versions of: the one go says it read from the proxy
    (`reading https://proxy/MODULE/@v/...`, upper case encoded as !x), unless that is only the
    package path go tried first; then the path above `/cmd/`."""
    found = _READING.findall(stderr)
    module = re.sub(r"!([a-z])", lambda m: m.group(1).upper(), found[-1]) if found else package
    return module.split("/cmd/")[0] if module == package else module


def explain_failure(spec: ToolSpec, target: Target, result: ProcessResult, go_version: str) -> BuildFailure:
    what = f"{spec} for {target}"

    def failure(message: str, hint: str | None, kind: str) -> BuildFailure:
        return BuildFailure(message, hint, tool=spec.name, target=str(target), kind=kind)

    if result.timed_out:
        return failure(
            f"{what}: go install timed out after {result.seconds:.0f} s", "raise --timeout", "timeout"
        )
    if result.start_error is not None:
        return failure(
            f"{what}: cannot run go: {result.start_error}", "install Go or pass --go PATH", "no-go"
        )
    err = result.stderr
    if "unsupported GOOS/GOARCH pair" in err:
        return failure(
            f"{go_version} cannot build for {target} ({_telling_line(err, re.compile('unsupported'))})",
            "`go tool dist list` names every target this Go can build for",
            "unsupported-target",
        )
    if _DISK.search(err):
        return failure(
            f"{what}: the disk is full ({_telling_line(err, _DISK)})",
            "free space where --out, the Go build cache (go env GOCACHE) and the module cache live",
            "disk-full",
        )
    needs = _NEEDS_GO.search(err)
    if needs:
        return failure(
            f"{what}: {_telling_line(err, _NEEDS_GO)}",
            f"build with Go {needs.group(1)} or newer (--go PATH), or name an older version of {spec.name}",
            "needs-newer-go",
        )
    if _NO_VERSION.search(err):
        said = _telling_line(err, _NO_VERSION)
        response = _telling_line(err, re.compile(r"^server response:"))
        if response.startswith("server response:") and response not in said:
            said += f" ({response})"
        return failure(
            f"{what}: the module proxy has no such version: {said}",
            f"list the versions with `go list -m -versions {_module_of(err, spec.package)}`",
            "no-such-version",
        )
    if _NETWORK.search(err):
        return failure(
            f"{what}: network failure while downloading: {_telling_line(err, _NETWORK)}",
            "check the connection and GOPROXY (go env GOPROXY), then run the same command again",
            "network",
        )
    return failure(
        f"{what}: go install failed: {_telling_line(err, re.compile(r'.'))}",
        f"run it yourself to see everything: GOOS={target.os} GOARCH={target.arch} go install {spec}",
        "build-failed",
    )
