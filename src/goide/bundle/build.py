"""`goide bundle build`: each tool for each target with the real `go`, in parallel, into a staging
directory beside `--out` that is renamed into place only when everything built. A failure
leaves nothing behind: no half-written bundle, no scratch GOPATH.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from goide.bundle.failures import BuildFailure
from goide.bundle.gobuild import GoTool, Running, build_tool, find_go, go_targets
from goide.bundle.manifest import MANIFEST, SUMS, Entry, Manifest, sha256_file, sums_text
from goide.bundle.plan import ToolSpec, default_tools, parse_tool
from goide.bundle.settings import COMMON_FLAGS, settings_for
from goide.bundle.target import Target, parse_target
from goide.core.errors import InputError


@dataclass(frozen=True)
class Job:
    spec: ToolSpec
    target: Target


class Progress(Protocol):
    """Told the number of builds, then each build's start, end or failure (with seconds)."""

    def planned(self, total: int) -> None: ...

    def __call__(self, event: str, job: Job, seconds: float, error: BuildFailure | None) -> None: ...


@dataclass(frozen=True)
class Request:
    targets: tuple[str, ...]
    tools: tuple[str, ...]  # empty: the Go extension's tools
    out: Path
    go: str = "go"
    jobs: int = 2
    timeout: float = 1800
    check_reproducible: bool = False


@dataclass(frozen=True)
class BuildResult:
    out: Path
    manifest: Manifest
    seconds: float


def plan(request: Request, go: GoTool) -> list[Job]:
    """The jobs, after every target and tool named was checked (nothing is built before)."""
    if not request.targets:
        raise InputError("no --target given", hint="name at least one, e.g. --target darwin/arm64")
    targets = sorted({parse_target(t) for t in request.targets})
    buildable = go_targets(go)
    for target in targets:
        if target not in buildable:
            raise BuildFailure(
                f"{go.version} cannot build for {target}",
                "`go tool dist list` names every target this Go can build for",
                tool="",
                target=str(target),
                kind="unsupported-target",
            )
    specs = [parse_tool(t, go.version) for t in request.tools] or default_tools(go.version)
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise InputError("a tool is named twice", hint="name each tool once, with the version you want")
    return [Job(spec, target) for target in targets for spec in specs]


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(
            f"--out {out}: already exists and is not a directory",
            hint="choose a new directory; goide never builds over an existing file",
        )
    if out.exists() and any(out.iterdir()):
        raise InputError(
            f"--out {out}: already exists and is not empty",
            hint="choose a new directory; goide never builds over an existing bundle",
        )
    if not out.parent.is_dir():
        raise InputError(f"--out {out}: {out.parent} is not a directory", hint="create the parent first")


def _entry(job: Job, binary: Path, staging: Path, go: GoTool) -> Entry:
    from goide.executables.read import read_executable

    relative = f"{job.target.dirname}/bin/{binary.name}"
    final = staging / relative
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(binary, final)
    info = read_executable(final).slices[0].go
    main = info.main if info else None
    return Entry(
        tool=job.spec.name,
        package=job.spec.package,
        module=main.path if main else "",
        version=main.version if main else job.spec.version,
        go_version=info.version if info else go.version,
        target=str(job.target),
        path=relative,
        sha256=sha256_file(final),
        size=final.stat().st_size,
        notes=settings_for(job.spec.package, job.target).notes,
    )


@dataclass(frozen=True)
class _Run:
    """What every job of one build shares."""

    go: GoTool
    request: Request
    staging: Path
    work: Path
    environ: Mapping[str, str]
    running: Running


def _build_one(job: Job, run: _Run) -> Entry:
    def build(work: Path) -> Path:
        return build_tool(
            run.go,
            job.spec,
            job.target,
            work=work,
            environ=run.environ,
            timeout=run.request.timeout,
            running=run.running,
        )

    binary = build(run.work / "first")
    entry = _entry(job, binary, run.staging, run.go)
    if run.request.check_reproducible and sha256_file(build(run.work / "second")) != entry.sha256:
        raise BuildFailure(
            f"{job.spec} for {job.target}: a second build gave different bytes",
            "report it to the tool's maintainers; check that nothing sets -ldflags with a date",
            tool=job.spec.name,
            target=str(job.target),
            kind="not-reproducible",
        )
    return entry


def build_bundle(
    request: Request, environ: Mapping[str, str], progress: Progress | None = None
) -> BuildResult:
    started = time.monotonic()
    out = request.out.absolute()
    _check_out(out)
    go = find_go(request.go, environ)
    jobs = plan(request, go)
    if progress:
        progress.planned(len(jobs))
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.work-", dir=out.parent))
    try:
        run = _Run(go, request, staging, work, environ, Running())
        entries = _run_jobs(jobs, run, progress)
        manifest = Manifest(go.version, tuple(entries), COMMON_FLAGS)
        from goide.core.jsonout import dumps

        try:
            (staging / MANIFEST).write_bytes(dumps(manifest.to_json()) + b"\n")
            (staging / SUMS).write_text(sums_text(manifest))
            os.chmod(staging, 0o755)  # mkdtemp made it private; a bundle is for sharing
            os.rename(staging, out)
        except OSError as err:
            raise InputError(
                f"cannot write the bundle to {out}: {err.strerror or err}",
                hint="check free space and permissions where --out lives",
            ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out, manifest, time.monotonic() - started)


def _run_jobs(jobs: Sequence[Job], run: _Run, progress: Progress | None) -> list[Entry]:
    def one(job: Job) -> Entry:
        began = time.monotonic()
        if progress:
            progress("start", job, 0.0, None)
        try:
            entry = _build_one(job, run)
        except BuildFailure as err:
            if progress and not run.running.stopped:
                progress("failed", job, time.monotonic() - began, err)
            raise
        if progress:
            progress("done", job, time.monotonic() - began, None)
        return entry

    pool = ThreadPoolExecutor(max_workers=max(1, run.request.jobs), thread_name_prefix="goide-bundle")
    finished = False
    try:
        futures: list[Future[Entry]] = [pool.submit(one, job) for job in jobs]
        done, _ = wait(futures, return_when=FIRST_EXCEPTION)
        for future in futures:
            error = future.exception() if future in done else None
            if error is not None:
                raise error
        finished = True
        return [f.result() for f in futures]
    finally:
        if not finished:
            # A failure or Ctrl-C: stop the builds still running (each leads its own process
            # group, so the terminal's SIGINT never reached them) instead of waiting for them.
            run.running.kill_all()
        pool.shutdown(wait=True, cancel_futures=True)
