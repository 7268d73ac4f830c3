"""Proves that debugging works by driving real `dlv dap` through a whole session, step by step.

The steps are the ones VS Code takes when you press F5: start the adapter, initialize, launch
(Delve builds the program), set a breakpoint, configurationDone, stop at the breakpoint, read
the stack, the goroutines, the scopes and a local variable, continue, disconnect. Each step's
outcome and time are recorded as plain facts; `goide.debug.rules` explains a failure.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goide.core import process
from goide.core.redact import redact_text
from goide.core.words import plural
from goide.debug.dap import DapError, DapTimeout, DlvDap
from goide.debug.gosource import MainPackage, find_main_package
from goide.debug.platform import host_platform, read_platforms

STEP_NAMES = (
    "start",
    "initialize",
    "launch",
    "setBreakpoints",
    "configurationDone",
    "stopped",
    "stackTrace",
    "threads",
    "scopes",
    "variables",
    "continue",
    "disconnect",
)

# The generated program: one local of a known value, so the variables step can prove that a
# value is read correctly, and a breakpoint line that runs exactly once.
_GENERATED_MAIN = """package main

import "fmt"

func main() {
\tgreeting := "hello from goide"
\tcount := 42
\tfmt.Println(greeting, count) // goide: breakpoint
}
"""
_GENERATED_LINE = 8
_EXPECTED_LOCAL = ("count", "42")


@dataclass(frozen=True)
class Step:
    name: str
    status: str  # "passed", "failed", "not proven" or "skipped"
    seconds: float = 0.0
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "seconds": round(self.seconds, 4),
            "detail": self.detail,
        }


@dataclass(frozen=True)
class SmokeFacts:
    """Everything a smoke run saw. Plain data: rules judge it, renderers show it."""

    dlv: str
    program: str
    generated: bool
    breakpoint_file: str
    breakpoint_line: int
    steps: tuple[Step, ...]
    host_os: str
    host_arch: str
    timed_out_step: str | None = None
    dlv_start_errno: str | None = None  # ENOENT, ENOEXEC, EACCES when dlv itself cannot start
    debug_console: str = ""  # output events: Delve's build errors and the program's output
    dlv_stderr: str = ""
    go_path: str | None = None  # the `go` that dlv finds on its PATH
    go_env: Mapping[str, str] = field(default_factory=dict)  # GOOS/GOARCH/... as that go sees them
    dlv_platforms: tuple[str, ...] = ()  # read from dlv's headers when it cannot start
    go_hangs: bool = False  # `go env` did not answer within GO_ENV_TIMEOUT after a failed step

    @property
    def passed(self) -> bool:
        """Every step passed: a step that proved nothing ("not proven") is not a pass."""
        return all(step.status == "passed" for step in self.steps)

    @property
    def not_proven(self) -> Step | None:
        return next((s for s in self.steps if s.status == "not proven"), None)

    @property
    def failed_step(self) -> Step | None:
        return next((s for s in self.steps if s.status == "failed"), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "dlv": self.dlv,
            "program": self.program,
            "generated": self.generated,
            "breakpoint": {"file": self.breakpoint_file, "line": self.breakpoint_line},
            "passed": self.passed,
            "steps": [s.to_json() for s in self.steps],
            "host": {"os": self.host_os, "arch": self.host_arch},
            "go": {"path": self.go_path, "env": dict(self.go_env)},
            "timed_out_step": self.timed_out_step,
            "dlv_start_errno": self.dlv_start_errno,
            "dlv_platforms": list(self.dlv_platforms),
            "go_hangs": self.go_hangs,
            "debug_console": redact_text(self.debug_console),
            "dlv_stderr": redact_text(self.dlv_stderr),
        }


@dataclass(frozen=True)
class Timeouts:
    start: float = 20.0
    launch: float = 180.0  # Delve runs `go build` inside launch; a cold cache takes long
    step: float = 10.0
    stop: float = 30.0  # from configurationDone to the breakpoint
    exit: float = 30.0  # for the generated program to finish after continue
    still_running: float = 3.0  # a user's program may run forever; then disconnect ends it


class _StepFailed(Exception):
    pass


class _NotProven(Exception):
    """The step ran without error but saw nothing that proves it works (no local to read)."""


# How many `next` steps the variables step takes through the user's main to reach a local.
MAX_NEXT_FOR_A_LOCAL = 10


def run_smoke(
    dlv: str,
    *,
    program: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeouts: Timeouts | None = None,
    breakpoint: tuple[Path, int] | None = None,
    output_dir: Path | None = None,
    on_step: Callable[[Step], None] | None = None,
) -> SmokeFacts:
    """Run the whole session against `dlv`; never raises for a failing step.

    `on_step` is called with each step as it finishes (to show progress while Delve builds).
    `program` is a directory with a main package (the user's); without it a tiny module is
    generated in a temporary directory. `breakpoint` overrides the line goide picks.
    `output_dir` is where Delve writes the debug binary (a fresh temporary directory by default).
    """
    limits = timeouts or Timeouts()
    full_env = dict(os.environ if env is None else env)
    host_os, host_arch, _translation = host_platform()
    with tempfile.TemporaryDirectory(prefix="goide-debug-") as scratch:
        if program is None:
            package = _generate_module(Path(scratch) / "smoke")
        else:
            package = find_main_package(program.resolve())
        if breakpoint is not None:
            file, line = breakpoint[0].resolve(), breakpoint[1]
            package = MainPackage(package.directory, file, (line,))
        out_dir = output_dir or Path(scratch) / "bin"
        out_dir.mkdir(exist_ok=True)
        session = _Session(
            dlv, package, full_env, limits, out_dir, generated=program is None, on_step=on_step
        )
        steps = session.run()
    go_path = shutil.which("go", path=full_env.get("PATH", os.defpath))
    go_env: dict[str, str] | None = {}
    if session.failed and go_path:
        go_env = _go_env(go_path, full_env)
    return SmokeFacts(
        dlv=dlv,
        program=str(package.directory) if program is not None else "(generated module)",
        generated=program is None,
        breakpoint_file=session.breakpoint_file,
        breakpoint_line=session.breakpoint_line,
        steps=tuple(steps),
        host_os=host_os,
        host_arch=host_arch,
        timed_out_step=session.timed_out_step,
        dlv_start_errno=session.start_errno,
        debug_console=session.debug_console,
        dlv_stderr=session.dlv_stderr,
        go_path=go_path,
        go_env=go_env or {},
        go_hangs=go_env is None,
        dlv_platforms=_platforms(dlv) if session.start_errno == "ENOEXEC" else (),
    )


def _platforms(path: str) -> tuple[str, ...]:
    return read_platforms(path)[0]


def _generate_module(directory: Path) -> MainPackage:
    directory.mkdir(parents=True)
    (directory / "go.mod").write_text("module goide.example/smoke\n\ngo 1.21\n")
    main = directory / "main.go"
    main.write_text(_GENERATED_MAIN)
    return MainPackage(directory, main, (_GENERATED_LINE,))


# `go env` answers in milliseconds from a warm cache; longer means the go command itself hangs.
GO_ENV_TIMEOUT = 3.0


def _go_env(go: str, env: Mapping[str, str]) -> dict[str, str] | None:
    """GOOS/GOARCH as the go that dlv runs sees them, including values set with `go env -w`;
    None when that go does not answer within GO_ENV_TIMEOUT (its process group is killed)."""
    names = ["GOOS", "GOARCH", "GOHOSTOS", "GOHOSTARCH", "GOVERSION", "CGO_ENABLED"]
    result = process.run([go, "env", *names], timeout=GO_ENV_TIMEOUT, env=env)
    if result.timed_out:
        return None
    if not result.ok:
        return {}
    values = result.stdout.splitlines()
    return dict(zip(names, values, strict=False))


class _Session:
    """One smoke run: the steps in order, stopping at the first failure."""

    def __init__(
        self,
        dlv: str,
        package: MainPackage,
        env: dict[str, str],
        limits: Timeouts,
        out_dir: Path,
        *,
        generated: bool,
        on_step: Callable[[Step], None] | None = None,
    ) -> None:
        self.on_step = on_step
        self.dlv = dlv
        self.package = package
        self.env = env
        self.limits = limits
        self.out_dir = out_dir
        self.generated = generated
        self.breakpoint_file = str(package.main_file)
        self.breakpoint_line = package.candidate_lines[0]
        self.steps: list[Step] = []
        self.failed = False
        self.timed_out_step: str | None = None
        self.start_errno: str | None = None
        self.debug_console = ""
        self.dlv_stderr = ""
        self.dap: DlvDap | None = None
        self.thread_id = 1
        self.frame_id = 0
        self.locals_reference = 0
        self.stopped_in = ""  # the function of the breakpoint (main.main)

    def run(self) -> list[Step]:
        actions: dict[str, Callable[[], str]] = {
            "start": self._start,
            "initialize": self._initialize,
            "launch": self._launch,
            "setBreakpoints": self._set_breakpoints,
            "configurationDone": self._configuration_done,
            "stopped": self._stopped,
            "stackTrace": self._stack_trace,
            "threads": self._threads,
            "scopes": self._scopes,
            "variables": self._variables,
            "continue": self._continue,
            "disconnect": self._disconnect,
        }
        try:
            for name in STEP_NAMES:
                if self.failed:
                    self.steps.append(Step(name, "skipped"))
                else:
                    self._record(name, actions[name])
                if self.on_step is not None:
                    self.on_step(self.steps[-1])
        finally:
            if self.dap is not None:
                # At a deadline dlv (and the go build it runs) is not waited for: its process
                # group is killed at once.
                self.dap.close(grace=0.2 if self.timed_out_step else 3.0)
                self.debug_console = self.dap.program_output.text()
                self.dlv_stderr = self.dap.dlv_stderr.text()
        return self.steps

    def _record(self, name: str, action: Callable[[], str]) -> None:
        started = time.monotonic()
        try:
            detail = action()
        except DapTimeout as err:
            self.failed = True
            self.timed_out_step = name
            self.steps.append(Step(name, "failed", time.monotonic() - started, str(err)))
        except (DapError, _StepFailed) as err:
            self.failed = True
            self.steps.append(Step(name, "failed", time.monotonic() - started, str(err)))
        except _NotProven as err:
            self.steps.append(Step(name, "not proven", time.monotonic() - started, str(err)))
        else:
            self.steps.append(Step(name, "passed", time.monotonic() - started, detail))

    def _request(self, command: str, arguments: Mapping[str, Any], timeout: float) -> dict[str, Any]:
        assert self.dap is not None
        response = self.dap.request(command, arguments, timeout=timeout)
        if not response.get("success"):
            raise _StepFailed(_error_text(response))
        body = response.get("body")
        return body if isinstance(body, dict) else {}

    # -- the steps ----------------------------------------------------------------------------

    def _start(self) -> str:
        found = _find_executable(self.dlv, self.env)
        if found is None:
            # Before running it: with no dlv anywhere, a PATH folder that cannot be searched makes
            # exec fail with EACCES, which would read as "dlv is not executable".
            self.start_errno = "ENOENT"
            raise _StepFailed(f"{self.dlv} not found" + ("" if os.sep in self.dlv else " on PATH"))
        try:
            self.dap = DlvDap.start(
                self.dlv, cwd=str(self.package.directory), env=self.env, timeout=self.limits.start
            )
        except OSError as err:
            self.start_errno = errno.errorcode.get(err.errno or 0)
            raise _StepFailed(f"cannot run {self.dlv}: {err.strerror or err}") from None
        return f"dlv dap listening (pid {self.dap.pid})"

    def _initialize(self) -> str:
        body = self._request(
            "initialize",
            {
                "clientID": "goide",
                "clientName": "goide debug smoke",
                "adapterID": "go",
                "linesStartAt1": True,
                "columnsStartAt1": True,
                "pathFormat": "path",
                "supportsVariableType": True,
            },
            self.limits.step,
        )
        return f"{plural(len(body), 'capability', 'capabilities')}"

    def _launch(self) -> str:
        assert self.dap is not None
        self._request(
            "launch",
            {
                "request": "launch",
                "mode": "debug",
                "program": str(self.package.directory),
                "output": str(self.out_dir / "__debug_bin"),
                # The program's output comes back as output events instead of through dlv's
                # pipes, so it is kept (bounded) for the failure explanation.
                "outputMode": "remote",
            },
            self.limits.launch,
        )
        self.dap.wait_event({"initialized"}, timeout=self.limits.step)
        return f"built and started {self.package.directory.name}"

    def _set_breakpoints(self) -> str:
        for line in self.package.candidate_lines:
            body = self._request(
                "setBreakpoints",
                {"source": {"path": str(self.package.main_file)}, "breakpoints": [{"line": line}]},
                self.limits.step,
            )
            breakpoints = body.get("breakpoints") or [{}]
            if breakpoints[0].get("verified"):
                self.breakpoint_line = int(breakpoints[0].get("line", line))
                return f"{self.package.main_file.name}:{self.breakpoint_line} verified"
            reason = breakpoints[0].get("message", "not verified")
        raise _StepFailed(f"no breakpoint could be set in func main of {self.package.main_file}: {reason}")

    def _configuration_done(self) -> str:
        self._request("configurationDone", {}, self.limits.step)
        return "program running"

    def _stopped(self) -> str:
        assert self.dap is not None
        event = self.dap.wait_event({"stopped", "terminated", "exited"}, timeout=self.limits.stop)
        body = event.get("body") or {}
        if event.get("event") != "stopped":
            raise _StepFailed(f"the program ended ({event.get('event')}) before reaching the breakpoint")
        if body.get("reason") != "breakpoint":
            text = body.get("text") or body.get("description") or ""
            raise _StepFailed(f"stopped for {body.get('reason')!r} instead of the breakpoint {text}".rstrip())
        self.thread_id = int(body.get("threadId", 1))
        return f"stopped at the breakpoint (goroutine {self.thread_id})"

    def _stack_trace(self) -> str:
        body = self._request(
            "stackTrace", {"threadId": self.thread_id, "startFrame": 0, "levels": 20}, self.limits.step
        )
        frames = body.get("stackFrames") or []
        if not frames:
            raise _StepFailed("empty stack")
        top = frames[0]
        self.frame_id = int(top.get("id", 0))
        self.stopped_in = str(top.get("name", ""))
        where = f"{Path(str((top.get('source') or {}).get('path', '?'))).name}:{top.get('line')}"
        if top.get("line") != self.breakpoint_line:
            raise _StepFailed(f"top frame {top.get('name')} at {where}, not at line {self.breakpoint_line}")
        return f"{top.get('name')} at {where}, {plural(len(frames), 'frame')}"

    def _threads(self) -> str:
        body = self._request("threads", {}, self.limits.step)
        threads = body.get("threads") or []
        if not threads:
            raise _StepFailed("no goroutines")
        return f"{plural(len(threads), 'goroutine')}"

    def _scopes(self) -> str:
        body = self._request("scopes", {"frameId": self.frame_id}, self.limits.step)
        scopes = body.get("scopes") or []
        names = [str(s.get("name")) for s in scopes]
        locals_scope = next((s for s in scopes if s.get("name") == "Locals"), scopes[0] if scopes else None)
        if locals_scope is None:
            raise _StepFailed("no scopes for the top frame")
        self.locals_reference = int(locals_scope.get("variablesReference", 0))
        return ", ".join(names)

    def _variables(self) -> str:
        variables = self._locals()
        if self.generated:
            name, expected = _EXPECTED_LOCAL
            if variables.get(name) != expected:
                raise _StepFailed(f"local {name} reads {variables.get(name)!r}, expected {expected}")
            return f"{name} = {expected}"
        # A breakpoint on the first statement of main has no local in scope yet: step over lines,
        # as `next` in dlv does, until one is, and read it. Nothing read proves nothing.
        steps = 0
        while not _readable(variables) and steps < MAX_NEXT_FOR_A_LOCAL:
            where = self._next()
            if where is None:
                raise _NotProven(f"the program ended after {steps} steps with no local read")
            if where != self.stopped_in:
                raise _NotProven(f"{self.stopped_in} returned after {steps} steps with no local to read")
            steps += 1
            variables = self._locals()
        readable = _readable(variables)
        if not readable:
            raise _NotProven(f"no local in scope after {steps} steps over main: no value was read")
        shown = ", ".join(f"{k} = {_short(v)}" for k, v in list(readable.items())[:4])
        after = f" (after {plural(steps, 'step')} with next)" if steps else ""
        return redact_text(shown) + after

    def _locals(self) -> dict[str, str]:
        body = self._request("variables", {"variablesReference": self.locals_reference}, self.limits.step)
        return {str(v.get("name")): str(v.get("value")) for v in body.get("variables") or []}

    def _next(self) -> str | None:
        """One `next` in the top frame: the function it stopped in, None when the program ended."""
        assert self.dap is not None
        self._request("next", {"threadId": self.thread_id}, self.limits.step)
        try:
            # A line of the user's main may block (a server's accept, a sleep loop's select).
            event = self.dap.wait_event(
                {"stopped", "terminated", "exited"}, timeout=self.limits.still_running
            )
        except DapTimeout:
            self._request("pause", {"threadId": self.thread_id}, self.limits.step)
            event = self.dap.wait_event({"stopped", "terminated", "exited"}, timeout=self.limits.step)
            if event.get("event") == "stopped":
                self.thread_id = int((event.get("body") or {}).get("threadId", self.thread_id))
            raise _NotProven(
                f"a line of {self.stopped_in} did not finish within {self.limits.still_running:g}s "
                "of next (it blocks): no local was read"
            ) from None
        if event.get("event") != "stopped":
            return None
        self.thread_id = int((event.get("body") or {}).get("threadId", self.thread_id))
        frames = self._request(
            "stackTrace", {"threadId": self.thread_id, "startFrame": 0, "levels": 1}, self.limits.step
        ).get("stackFrames") or [{}]
        self.frame_id = int(frames[0].get("id", 0))
        scopes = self._request("scopes", {"frameId": self.frame_id}, self.limits.step).get("scopes") or []
        local_scope = next((sc for sc in scopes if sc.get("name") == "Locals"), scopes[0] if scopes else {})
        self.locals_reference = int(local_scope.get("variablesReference", 0))
        return str(frames[0].get("name", ""))

    def _continue(self) -> str:
        assert self.dap is not None
        self._request("continue", {"threadId": self.thread_id}, self.limits.step)
        wait = self.limits.exit if self.generated else self.limits.still_running
        try:
            event = self.dap.wait_event({"terminated", "exited", "stopped"}, timeout=wait)
        except DapTimeout:
            if self.generated:
                raise
            return f"still running after {wait:g}s; disconnect ends it"
        if event.get("event") == "stopped":
            return "stopped again"
        return "program exited"

    def _disconnect(self) -> str:
        assert self.dap is not None
        response = self.dap.disconnect(timeout=self.limits.step)
        if not response.get("success"):
            raise _StepFailed(_error_text(response))
        return "session closed"


def _find_executable(name: str, env: Mapping[str, str]) -> str | None:
    """The file that running `name` would execute, if there is one (not checking its mode)."""
    if os.sep in name or (os.altsep and os.altsep in name):
        return name if os.path.exists(name) else None
    for folder in env.get("PATH", os.defpath).split(os.pathsep):
        candidate = os.path.join(folder or ".", name)
        try:
            if os.path.isfile(candidate):
                return candidate
        except OSError:
            continue
    return None


def _readable(variables: Mapping[str, str]) -> dict[str, str]:
    """The locals whose value Delve could read (not `unreadable ...`)."""
    return {k: v for k, v in variables.items() if not v.lstrip("(").startswith("unreadable")}


def _error_text(response: Mapping[str, Any]) -> str:
    """The most specific text of a failed response: Delve puts it in body.error.format."""
    body = response.get("body")
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and error.get("format"):
        return str(error["format"])
    return str(response.get("message") or f"{response.get('command')} failed")


def _short(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 3] + "..."
