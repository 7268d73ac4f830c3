"""What a crash was: its kind, the goroutine that crashed, the culprit frame, goroutine groups.

Pure functions from parsed `Crash` records (goide.crash.traceback) to `CrashSummary` records
and doctor `Finding`s; no I/O. The culprit is the first frame outside the Go runtime and the
standard library of the crashing goroutine, and for gopls the first gopls frame, because that is
the code a maintainer has to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from goide.core.model import Finding, Fix, Severity
from goide.crash.stdlib import goroot_of, is_std_package
from goide.crash.traceback import Crash, Frame, Goroutine, Panic, RaceAccess

GOPLS_MODULE = "golang.org/x/tools/gopls"
# Code that gopls maintainers read as gopls's own when it is on a crashing stack: the gopls module,
# the rest of x/tools (x/tools/internal, and the old layout x/tools/internal/lsp, where gopls lived
# before v0.12) and x/mod.
GOPLS_CODE = ("golang.org/x/tools/", "golang.org/x/mod/")
# Packages that only exist in gopls (the module, and x/tools/internal/lsp before gopls v0.12).
_GOPLS_ONLY = (GOPLS_MODULE, "golang.org/x/tools/internal/lsp")
GOPLS_ISSUES = "https://github.com/golang/go/issues/new?title=x/tools/gopls:%20"


class Kind(StrEnum):
    """The kinds of crash goide tells apart; the values are stable (JSON, finding ids)."""

    NIL_DEREFERENCE = "nil-dereference"
    INDEX_OUT_OF_RANGE = "index-out-of-range"
    NIL_MAP_WRITE = "nil-map-write"
    CONCURRENT_MAP_ACCESS = "concurrent-map-access"
    DEADLOCK = "deadlock"
    TIMEOUT = "timeout"
    OUT_OF_MEMORY = "out-of-memory"
    STACK_OVERFLOW = "stack-overflow"
    SIGNAL_IN_CGO = "signal-in-cgo"
    RACE = "race"
    RUNTIME_ERROR = "runtime-error"
    EXPLICIT_PANIC = "explicit-panic"
    FATAL_ERROR = "fatal-error"
    SIGNAL = "signal"
    GOROUTINE_DUMP = "goroutine-dump"


DESCRIPTIONS = {
    Kind.NIL_DEREFERENCE: "nil pointer dereference",
    Kind.INDEX_OUT_OF_RANGE: "index out of range",
    Kind.NIL_MAP_WRITE: "write to a nil map",
    Kind.CONCURRENT_MAP_ACCESS: "concurrent map access",
    Kind.DEADLOCK: "deadlock: all goroutines are asleep",
    Kind.TIMEOUT: "test timed out",
    Kind.OUT_OF_MEMORY: "out of memory",
    Kind.STACK_OVERFLOW: "stack overflow",
    Kind.SIGNAL_IN_CGO: "signal during cgo (C) code",
    Kind.RACE: "data race",
    Kind.RUNTIME_ERROR: "runtime error",
    Kind.EXPLICIT_PANIC: "panic",
    Kind.FATAL_ERROR: "fatal runtime error",
    Kind.SIGNAL: "fatal signal",
    Kind.GOROUTINE_DUMP: "goroutine dump",
}

_CGO_FRAMES = ("runtime.cgocall", "runtime.asmcgocall", "runtime.cgocallback")
# A name under `running tests:`; subtest names contain `/` and anything but spaces (testing's
# rewriteSubtestName turns spaces into `_`); the duration follows in parentheses.
_TEST_NAME = re.compile(r"^(?P<name>(?:Test|Example|Fuzz|Benchmark)[^\s/]*(?:/\S+)?)(?: \(|$)")


@dataclass(frozen=True)
class GoroutineGroup:
    """Goroutines with identical stacks (a bucket), for the report."""

    count: int
    ids: tuple[int, ...]
    states: dict[str, int]
    top: Frame | None
    frames: tuple[Frame, ...]
    created_by: Frame | None
    crashed: bool
    runs_user_code: bool  # a frame outside the runtime and standard library (or in gopls)


@dataclass
class CrashSummary:
    """One crash explained: the crash itself plus what the rules made of it."""

    crash: Crash
    kind: Kind
    message: str
    goroutine: Goroutine | None
    culprit: Frame | None
    is_gopls: bool
    groups: list[GoroutineGroup] = field(default_factory=list)
    groups_hidden: int = 0  # groups left out by --match / --exclude
    race_accesses: list[RaceAccess] = field(default_factory=list)
    running_tests: list[str] = field(default_factory=list)
    # The running tests that timed out themselves: those with no running subtest of their own
    # (`TestOuter/stuck/inner`, not its parents `TestOuter` and `TestOuter/stuck`, which wait).
    stuck_tests: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        where = f" in {self.culprit.function}" if self.culprit else ""
        return f"{DESCRIPTIONS[self.kind]}{where}"

    @property
    def signature(self) -> tuple[str, str]:
        """What makes two crashes the same crash: the kind and the culprit's function and line."""
        culprit = f"{self.culprit.function} {self.culprit.location()}" if self.culprit else ""
        return (self.kind.value, culprit)


def trace_goroot(crash: Crash) -> str | None:
    """GOROOT as the crash shows it, from any frame of a standard package under `.../src/<package>/`.

    `panic(` is runtime.gopanic (`/usr/local/go/src/runtime/panic.go`); `testing.tRunner` and
    `net/http` frames show it as well, so a default (GOTRACEBACK=single) trace usually has one.
    """
    stacks = [crash.runtime_stack, *(g.frames for g in crash.goroutines[:20])]
    stacks.extend(access.frames for access in crash.race[:4])
    for frames in stacks:
        for frame in frames:
            if "/src/" in frame.file:
                found = goroot_of(frame.function, frame.package, frame.file)
                if found:
                    return found
    return None


def is_standard_library(frame: Frame, goroot: str | None = None) -> bool:
    """True for the runtime, the standard library and code Go generates (cgo stubs, `_testmain.go`).

    A package is the user's when its path has a dot in the first element, or its file is not
    under the GOROOT the trace shows; without a GOROOT (or with file names only, as vscode-go's
    reports write them), when its first element is not one of the standard library's.
    """
    function = frame.function
    if function.startswith("non-Go function") or function == "panic":
        return True
    if "._Cfunc_" in function or "._cgo_" in function or frame.file.endswith("_testmain.go"):
        return True
    package = frame.package
    first = package.split("/", 1)[0]
    if "." in first or package in ("main", "command-line-arguments") or first.startswith("_"):
        return False
    if frame.file.startswith("<autogenerated>"):
        return True
    if goroot and "/" in frame.file:
        # Under GOROOT: standard; anywhere else (a module without a dot, GOPATH mode): the user's.
        return frame.file.startswith(goroot + "/src/")
    return is_std_package(package)


def is_gopls_code(frame: Frame) -> bool:
    """A frame of gopls, the rest of x/tools or x/mod (see GOPLS_CODE)."""
    return frame.function.startswith(GOPLS_CODE)


# is_standard_library by (function, file, GOROOT): logs repeat the same frames crash after crash.
_STANDARD: dict[tuple[str, str, str | None], bool] = {}
_STANDARD_SIZE = 4096


def _culprit(frames: Iterable[Frame], goroot: str | None, gopls: bool) -> Frame | None:
    frames = list(frames)
    if gopls:
        for frame in frames:
            if is_gopls_code(frame):
                return frame
    known = _STANDARD
    for frame in frames:
        key = (frame.function, frame.file, goroot)
        standard = known.get(key)
        if standard is None:
            standard = is_standard_library(frame, goroot)
            if len(known) >= _STANDARD_SIZE:
                known.clear()
            known[key] = standard
        if not standard:
            return frame
    return None


def _is_gopls(crash: Crash) -> bool:
    if crash.gopls_version:
        return True
    for goroutine in crash.goroutines[:50]:
        for frame in goroutine.frames:
            if frame.function.startswith(_GOPLS_ONLY):
                return True
        created = goroutine.created_by
        if created is not None and created.function.startswith(_GOPLS_ONLY):
            return True
    return any(f.function.startswith(_GOPLS_ONLY) for a in crash.race for f in a.frames)


def _running_tests(message: str) -> list[str]:
    """Names under `running tests:` in a `panic: test timed out after 1s` message, subtests whole.

    Go 1.21+ indents the list under the panic (`\trunning tests:` / `\t\tTestA/sub (2s)`); Go
    1.20 printed `running tests:` at the start of a line; both arrive here as inner lines.
    """
    names = []
    for line in message.splitlines()[1:]:
        match = _TEST_NAME.match(line.strip())
        if match:
            names.append(match["name"])
    return names


_TEST_FUNCTION = re.compile(r"\.(?:Test|Fuzz|Benchmark|Example)[^./]*(?:\.func\d+)*$")
_FILE_LINE = re.compile(r"(?P<file>[\w.+-]+\.go):(?P<line>\d+)\b")


def _named_in_panic(value: str, frames: list[Frame]) -> Frame | None:
    """The frame at a `file.go:123` that the panic value names (`stmt.go:932: assertion failed`)."""
    match = _FILE_LINE.search(value)
    if match is None:
        return None
    name, line = match["file"], int(match["line"])
    for frame in frames:
        if frame.line == line and frame.file.rsplit("/", 1)[-1] == name:
            return frame
    return None


def _runs_test(goroutine: Goroutine, test: str) -> int:
    """How closely `goroutine` runs `test` (`TestOuter/stuck/inner`): 0 when it does not, else
    1 + the nesting of the closure it runs (`TestOuter.func1.1` runs a subtest two levels down),
    and 0 for a parent blocked in `testing.(*T).Run` waiting for its subtest."""
    root = test.split("/", 1)[0]
    for index, frame in enumerate(goroutine.frames):
        function = frame.function
        at = function.rfind("." + root)
        if at < 0:
            continue
        rest = function[at + 1 + len(root) :]
        if rest and not rest.startswith(".func"):
            continue
        if any(f.function == "testing.(*T).Run" for f in goroutine.frames[:index]):
            return 0
        return 1 + rest.count(".")
    return 0


def classify(crash: Crash) -> Kind:
    """The kind of `crash`, from its panic values, fatal error, signal and runtime messages."""
    if crash.race:
        return Kind.RACE
    panic = crash.panics[-1].value if crash.panics else ""
    fatal = crash.fatal_error or ""
    messages = " ".join(crash.runtime_messages)
    if panic.startswith("test timed out after"):
        return Kind.TIMEOUT
    if "concurrent map" in fatal:
        return Kind.CONCURRENT_MAP_ACCESS
    if "deadlock!" in fatal:
        return Kind.DEADLOCK
    if "stack overflow" in fatal or "stack exceeds" in messages:
        return Kind.STACK_OVERFLOW
    if "out of memory" in fatal or "out of memory" in messages:
        return Kind.OUT_OF_MEMORY
    if crash.signal_in_cgo or (crash.signal and _in_cgo(crash)):
        return Kind.SIGNAL_IN_CGO
    if "nil pointer dereference" in panic:
        return Kind.NIL_DEREFERENCE
    if "index out of range" in panic or "slice bounds out of range" in panic:
        return Kind.INDEX_OUT_OF_RANGE
    if "assignment to entry in nil map" in panic:
        return Kind.NIL_MAP_WRITE
    if crash.panics:
        if panic.startswith(("runtime error: ", "interface conversion: ")):
            return Kind.RUNTIME_ERROR
        return Kind.EXPLICIT_PANIC
    if fatal:
        return Kind.FATAL_ERROR
    if crash.signal:
        return Kind.SIGNAL
    return Kind.GOROUTINE_DUMP


def _in_cgo(crash: Crash) -> bool:
    """The crashing thread was in C: its goroutine's innermost frames are the cgo call."""
    goroutine = _signal_goroutine(crash)
    return goroutine is not None and any(f.function in _CGO_FRAMES for f in goroutine.frames[:3])


def _signal_goroutine(crash: Crash) -> Goroutine | None:
    if crash.signal is None or crash.signal.m is None:
        return None
    for goroutine in crash.goroutines:
        if goroutine.id != 0 and goroutine.m == crash.signal.m:
            return goroutine
    return None


def _crashed_goroutine(crash: Crash, kind: Kind, tests: list[str]) -> Goroutine | None:
    """The goroutine the crash is about."""
    if kind is Kind.TIMEOUT and tests:
        # The deepest running subtest's goroutine: its parents only wait in testing.(*T).Run.
        best, best_depth = None, 0
        for test in sorted(tests, key=lambda name: -name.count("/")):
            for goroutine in crash.goroutines:
                depth = _runs_test(goroutine, test)
                if depth > best_depth:
                    best, best_depth = goroutine, depth
            if best is not None:
                return best
    if kind is Kind.SIGNAL and crash.signal is not None and crash.signal.name.startswith("SIGQUIT"):
        # A dump someone asked for (kill -QUIT, Ctrl-\): nothing crashed; the main goroutine
        # says what the program was doing.
        main = crash.goroutine(1)
        if main is not None:
            return main
    if kind is not Kind.DEADLOCK:
        for goroutine in crash.goroutines:
            if goroutine.id != 0 and goroutine.state == "running":
                return goroutine
        found = _signal_goroutine(crash)
        if found is not None:
            return found
    for goroutine in crash.goroutines:
        if goroutine.id != 0:
            return goroutine
    return crash.goroutines[0] if crash.goroutines else None


def _groups(crash: Crash, crashed: Goroutine | None, goroot: str | None, gopls: bool) -> list[GoroutineGroup]:
    """Buckets as groups: the crashing one first, then those running user code, then by size.

    A group's `top` is its first frame of user (or gopls) code, else its first frame, since
    `runtime.gopark` says nothing about what a goroutine waits for.
    """
    groups = []
    for bucket in crash.buckets.values():
        example = bucket.example
        user = _culprit(example.frames, goroot, gopls)
        groups.append(
            GoroutineGroup(
                count=bucket.count,
                ids=tuple(bucket.ids),
                states=dict(bucket.states),
                top=user or (example.frames[0] if example.frames else None),
                frames=tuple(example.frames),
                created_by=example.created_by,
                crashed=crashed is not None and crashed.id in bucket.ids and example.state == crashed.state,
                runs_user_code=user is not None,
            )
        )
    return sorted(groups, key=lambda g: (not g.crashed, not g.runs_user_code, -g.count))


def summarize(crash: Crash, *, with_groups: bool = True) -> CrashSummary:
    """Classify `crash` and find its goroutine, culprit and (unless told not to) goroutine groups."""
    kind = classify(crash)
    gopls = _is_gopls(crash)
    goroot = trace_goroot(crash)
    if crash.panics:
        message = _panic_lines(crash.panics)
    elif crash.fatal_error:
        message = f"fatal error: {crash.fatal_error}"
    elif crash.race:
        message = "WARNING: DATA RACE"
    elif crash.signal:
        message = crash.signal.name
    else:
        message = crash.context or "goroutine dump"
    tests = _running_tests(crash.panics[-1].value) if kind is Kind.TIMEOUT else []
    goroutine = None if kind is Kind.RACE else _crashed_goroutine(crash, kind, tests)
    culprit: Frame | None = None
    if kind is Kind.RACE:
        for access in crash.race:
            culprit = _culprit(access.frames, goroot, gopls)
            if culprit:
                break
    elif goroutine is not None:
        culprit = _culprit(goroutine.frames, goroot, gopls)
        if culprit is None and goroutine.created_by is not None:
            culprit = _culprit([goroutine.created_by], goroot, gopls)
    if culprit is None and kind is Kind.TIMEOUT:
        # No `running tests:` list (Go before 1.20) or none of its goroutines in the log: the
        # first goroutine that runs a test function of the user's.
        for other in crash.goroutines:
            if other.id == 1:
                continue
            found = _culprit(other.frames, goroot, gopls)
            if found is not None and _TEST_FUNCTION.search(found.function):
                culprit, goroutine = found, other
                break
    if culprit is None and kind in (Kind.SIGNAL, Kind.GOROUTINE_DUMP, Kind.DEADLOCK):
        # A dump requested by SIGQUIT: the first goroutine that runs the user's code.
        for other in crash.goroutines:
            culprit = _culprit(other.frames, goroot, gopls)
            if culprit is not None:
                goroutine = goroutine or other
                break
    if culprit is None and goroutine is not None and crash.panics:
        # Only standard library frames (a go/types assertion inside gopls, pasted without the
        # gopls frames): the frame at the file and line the panic value names, if any.
        culprit = _named_in_panic(crash.panics[0].value, goroutine.frames)
    return CrashSummary(
        crash=crash,
        kind=kind,
        message=message,
        goroutine=goroutine,
        culprit=culprit,
        is_gopls=gopls,
        groups=_groups(crash, goroutine, goroot, gopls) if with_groups else [],
        race_accesses=list(crash.race),
        running_tests=tests,
        stuck_tests=[t for t in tests if not any(o.startswith(t + "/") for o in tests)],
    )


def _panic_lines(panics: list[Panic]) -> str:
    """The panic lines as the runtime printed them: later panics and inner lines indented by a tab."""
    lines = []
    for index, panic in enumerate(panics):
        suffix = " [recovered, repanicked]" if panic.repanicked else " [recovered]" if panic.recovered else ""
        indent = "\t" if index else ""
        value = panic.value.replace("\n", "\n\t")
        lines.append(f"{indent}panic: {value}{suffix}")
    return "\n".join(lines)


def findings(summaries: Iterable[CrashSummary], source: str) -> list[Finding]:
    """One doctor finding per distinct crash (same kind and culprit) found in `source`."""
    seen: dict[tuple[str, str], tuple[CrashSummary, int]] = {}
    for summary in summaries:
        first, count = seen.get(summary.signature, (summary, 0))
        seen[summary.signature] = (first, count + 1)
    result = []
    for summary, count in seen.values():
        times = f" ({count} times)" if count > 1 else ""
        evidence = [f"{source}:{summary.crash.start_line}", summary.message.splitlines()[0]]
        if summary.culprit:
            evidence.append(f"{summary.culprit.function} at {summary.culprit.location()}")
        if summary.is_gopls:
            fix = Fix(
                "Report it to the Go team with the Markdown from `goide crash --markdown --redact-paths`",
                command=f"goide crash --markdown --redact-paths {source}",
            )
            title = f"gopls crashed: {summary.title}{times}"
            finding_id = f"crash.gopls.{summary.kind.value}"
        else:
            fix = Fix("See the whole report", command=f"goide crash {source}")
            title = f"Go program crashed: {summary.title}{times}"
            finding_id = f"crash.{summary.kind.value}"
        result.append(
            Finding(
                id=finding_id,
                severity=Severity.ERROR if summary.is_gopls else Severity.WARNING,
                title=title,
                area="crash",
                detail=summary.message,
                fix=fix,
                evidence=tuple(evidence),
            )
        )
    return result
