"""`goide doctor` as a function: run the probes concurrently (each with a timeout), assemble the
Facts, judge them with the rules of every check area.

A check area beyond the built-in ones plugs in with one line: append an `Area` to `AREAS`. Its
`collect` runs concurrently with the other probes and returns plain JSON data, saved in
`Facts.extra[name]` (so facts files carry it); its `judge` is a rule reading that data.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import IO, TypeVar

from goide import __version__
from goide.core.model import Finding, Severity
from goide.core.redact import home_to_tilde
from goide.doctor.collect.binary import Reader
from goide.doctor.collect.gopls_logs import collect_gopls_logs
from goide.doctor.collect.settings_area import collect_settings
from goide.doctor.collect.workspace_area import collect_workspace
from goide.doctor.context import Area, Context
from goide.doctor.facts import (
    FACTS_SCHEMA,
    Facts,
    HostFacts,
    NewestRelease,
    ProbeFailure,
    ToolchainFacts,
    VSCodeFacts,
)
from goide.doctor.rules.gopls_logs import judge_gopls_logs
from goide.doctor.rules.judge import core_rules, judge
from goide.doctor.rules.registry import reads
from goide.doctor.rules.settings_area import judge_settings
from goide.doctor.rules.workspace_area import judge_workspace_area
from goide.doctor.threads import Job, Jobs
from goide.lint import doctor_area as lint_area
from goide.mod.area import collect_modules, judge_modules

T = TypeVar("T")


# Extra check areas, one line each; their data rides in Facts.extra under the area's name.
AREAS: list[Area] = []
AREAS.append(Area("settings", collect=collect_settings, judge=judge_settings))
AREAS.append(Area("gopls-logs", collect=collect_gopls_logs, judge=judge_gopls_logs))
AREAS.append(Area("modules", collect=collect_modules, judge=reads("modules")(judge_modules)))
AREAS.append(Area("workspace", collect=collect_workspace, judge=judge_workspace_area))
AREAS.append(Area("lint", collect=lint_area.collect_lint, judge=lint_area.judge_lint))


def _fallback_host() -> HostFacts:
    from goide.core.goos import goarch, goos
    from goide.doctor.collect.host import uname

    system, machine, release = uname()
    machine = goarch(machine)
    return HostFacts(os=goos(system), os_version=release, hardware_arch=machine, process_arch=machine)


class _Probes:
    """Runs named probes on threads and turns a crash or a hang into a ProbeFailure and a default."""

    def __init__(self, jobs: Jobs, limit: float) -> None:
        self.jobs = jobs
        self.limit = limit
        self.failures: list[ProbeFailure] = []
        self.started: dict[str, float] = {}

    def submit(self, name: str, fn: Callable[[], T]) -> tuple[str, Job[T]]:
        self.started[name] = time.monotonic()
        return name, self.jobs.start(fn)

    def result(self, submitted: tuple[str, Job[T]], default: T) -> T:
        name, job = submitted
        remaining = max(0.0, self.started[name] + self.limit - time.monotonic())
        try:
            return job.result(timeout=remaining)
        except TimeoutError:
            self.failures.append(ProbeFailure(name, "timed-out", f"no result within {self.limit:g} s"))
        except Exception as err:
            self.failures.append(ProbeFailure(name, "crashed", f"{type(err).__name__}: {err}"))
        return default


def collect(ctx: Context, *, concurrent: bool = True, areas: Sequence[Area] = ()) -> Facts:
    """Collect the facts of this machine. `concurrent=False` runs the probes one after another
    (the benchmark's baseline)."""
    from goide.doctor.collect.gotool import collect_toolchain, split_path
    from goide.doctor.collect.host import collect_host
    from goide.doctor.collect.tools import collect_tools
    from goide.doctor.collect.vscode import collect_vscode
    from goide.doctor.rules.tools import user_settings

    probes = _Probes(Jobs(8 if concurrent else 1, "goide-probe"), limit=ctx.timeout * 2 + 5)
    host_job = probes.submit("host", partial(collect_host, ctx.reader))
    vscode_job = probes.submit(
        "vscode",
        lambda: collect_vscode(
            ctx.reader,
            goos=_fallback_host().os,
            home=ctx.home,
            environ=ctx.environ,
            path_dirs=split_path(ctx.environ.get("PATH", "")),
            extra_installs=ctx.vscode_dirs,
        ),
    )
    area_jobs = [(a, probes.submit(a.name, partial(probe, ctx))) for a in areas if (probe := a.collect)]
    host = probes.result(host_job, _fallback_host())
    toolchain_job = probes.submit(
        "toolchain",
        lambda: collect_toolchain(ctx.reader, host, environ=ctx.environ, home=ctx.home, timeout=ctx.timeout),
    )
    toolchain = probes.result(
        toolchain_job, ToolchainFacts(path_dirs=split_path(ctx.environ.get("PATH", "")))
    )
    vscode = probes.result(vscode_job, VSCodeFacts())
    core = Facts(FACTS_SCHEMA, __version__, host, toolchain, vscode=vscode)
    tools_job = probes.submit(
        "tools",
        lambda: collect_tools(
            ctx.reader, toolchain, user_settings(core), host.os, workers=8 if concurrent else 1
        ),
    )
    tools = probes.result(tools_job, ())
    extra = {area.name: probes.result(job, None) for area, job in area_jobs}
    return dataclasses.replace(
        core,
        tools=tools,
        probe_failures=tuple(probes.failures),
        home=ctx.home,
        extra={k: v for k, v in extra.items() if v is not None},
    )


def with_newest(facts: Facts, ctx: Context, *, offline: bool) -> Facts:
    """The facts with the user's shell and, unless offline, the newest releases from the module proxy."""
    from goide.doctor.collect.newest import collect_newest

    shell = os.path.basename(ctx.environ.get("SHELL", "")) if facts.host.os != "windows" else "powershell"
    newest: tuple[NewestRelease, ...] = ()
    from goide.doctor.platforms import can_execute

    native = [g for g in facts.toolchain.gos if g.binary.slices and can_execute(g.binary, facts.host)]
    if not offline and native:
        from goide.settings.sources import default_cache_dir

        newest = collect_newest(native[0].binary.path, ctx.environ, default_cache_dir())
    return dataclasses.replace(facts, shell=shell, newest=newest)


def judge_as(facts: Facts, platform_arg: str | None) -> Facts:
    """The facts with the host replaced by `--platform OS/ARCH`."""
    if not platform_arg:
        return facts
    from goide.doctor.collect.host import simulated_host

    return dataclasses.replace(facts, host=simulated_host(platform_arg))


def diagnose(facts: Facts, areas: Sequence[Area] = ()) -> list[Finding]:
    return judge(facts, (*core_rules(), *(a.judge for a in areas)))


def default_context(
    *,
    timeout: float,
    workspace: str | None = None,
    vscode_dirs: Sequence[str] = (),
    reader: Reader | None = None,
) -> Context:
    from goide.doctor.collect.binary import default_reader

    return Context(
        environ=dict(os.environ),
        home=os.path.expanduser("~"),
        reader=reader or default_reader(),
        timeout=timeout,
        workspace=workspace,
        vscode_dirs=tuple(vscode_dirs),
    )


@dataclass(frozen=True)
class Options:
    output: str = "text"  # text, json, markdown
    verbose: bool = False
    redact_paths: bool = False
    facts_out: str | None = None
    facts_in: str | None = None
    platform: str | None = None
    fix: bool = False
    assume_yes: bool = False
    workspace: str | None = None
    vscode_dirs: tuple[str, ...] = ()
    timeout: float = 10.0
    from_report: str | None = None  # a pasted report to judge: a file, or "-" for stdin
    offline: bool = False  # do not ask the module proxy for the newest releases


def run_doctor(options: Options, out: IO[str], stdin: IO[str]) -> int:
    """The whole command: collect (or load), judge, fix on request, render. Returns the exit status."""
    from pathlib import Path

    from goide.core.errors import EXIT_FINDINGS, EXIT_OK, GoideError
    from goide.doctor.collect.host import simulated_host
    from goide.doctor.facts import load, save

    if options.platform:
        simulated_host(options.platform)  # a bad OS/ARCH is a usage error before anything runs
    if options.workspace and not Path(options.workspace).is_dir():
        raise GoideError(
            f"--workspace {options.workspace}: not a directory", hint="pass the folder you open in VS Code"
        )

    def gather() -> Facts:
        ctx = default_context(
            timeout=options.timeout, workspace=options.workspace, vscode_dirs=options.vscode_dirs
        )
        return with_newest(collect(ctx, areas=AREAS), ctx, offline=options.offline)

    if options.from_report:
        from goide.doctor.collect.report import load_report

        facts = load_report(options.from_report, stdin)
    elif options.facts_in:
        facts = load(Path(options.facts_in))
    else:
        facts = gather()
        if options.facts_out:
            save(facts, Path(options.facts_out))
    judged = judge_as(facts, options.platform)
    findings = diagnose(judged, AREAS)
    if options.fix:
        from goide.doctor.install import confirm_and_apply

        if confirm_and_apply(findings, judged, out, stdin, assume_yes=options.assume_yes, environ=os.environ):
            judged = gather()
            findings = diagnose(judged, AREAS)
            out.write("\nAfter fixing:\n\n")
    render(findings, options, out, home=judged.home)
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK


def redact_home(findings: list[Finding], home: str) -> list[Finding]:
    """Findings with the home directory replaced by `~` (for --redact-paths)."""
    if not home or home == os.sep:
        return findings

    def r(text: str) -> str:
        return home_to_tilde(text, home)

    redacted = []
    for f in findings:
        fix = (
            dataclasses.replace(
                f.fix, description=r(f.fix.description), command=r(f.fix.command) if f.fix.command else None
            )
            if f.fix
            else None
        )
        redacted.append(
            dataclasses.replace(
                f, title=r(f.title), detail=r(f.detail), fix=fix, evidence=tuple(r(e) for e in f.evidence)
            )
        )
    return redacted


def render(findings: list[Finding], options: Options, out: IO[str], *, home: str) -> None:
    from goide.core.findings import render_markdown, render_text, to_json

    if options.redact_paths:
        findings = redact_home(findings, home)
    if options.output == "json":
        from goide.core import jsonout

        jsonout.write(to_json(findings), out)
    elif options.output == "markdown":
        out.write("## goide doctor\n\n" + render_markdown(findings))
    else:
        render_text(findings, out, verbose=options.verbose)
