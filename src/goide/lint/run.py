"""The two commands as functions: `check` (collect, judge) and `ci` (workflows, the job, measure)."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from goide.core.errors import InputError
from goide.core.model import Finding
from goide.lint.model import LintFacts

# What `go install ...@VERSION` in the printed job accepts: a release, not `(devel)` or a word.
_RELEASE = re.compile(r"^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$")


@dataclass(frozen=True)
class CheckResult:
    facts: LintFacts
    findings: list[Finding]


@dataclass(frozen=True)
class CiResult:
    workflows: list[str]
    findings: list[Finding]
    job_format: str
    job: str
    version: str
    version_source: str
    measured: list[dict[str, object]] = field(default_factory=list)


def _directory(path: Path) -> Path:
    if not path.exists():
        raise InputError(f"{path}: no such directory", hint="pass the repository or module directory")
    if not path.is_dir():
        raise InputError(f"{path}: not a directory", hint="pass the repository or module directory")
    return path.resolve()


def run_check(
    directory: Path, *, timeout: float, binaries: Sequence[str] = (), config: Path | None = None
) -> CheckResult:
    from goide.lint.collect import collect
    from goide.lint.rules import check

    root = _directory(directory)
    facts = collect(root, timeout=timeout, binaries=binaries, config=config)
    return CheckResult(facts, check(facts))


def run_ci(
    directory: Path,
    *,
    kind: str | None,
    timeout: float,
    version: str | None = None,
    measure_runs: bool = False,
    binaries: Sequence[str] = (),
    measure_timeout: float = 900.0,
) -> CiResult:
    from goide.lint.ci_rules import check_pinned_version, check_workflow
    from goide.lint.cijob import github_job, gitlab_job, plan
    from goide.lint.collect import collect
    from goide.lint.rules import command_line_binary, editor_binary
    from goide.lint.workflows import find_workflows, read_workflow

    root = _directory(directory)
    kinds = (kind,) if kind else ("github", "gitlab")
    workflows = [read_workflow(path, k) for path, k in find_workflows(root, kinds)]
    facts = collect(root, timeout=timeout, binaries=binaries)
    editor = editor_binary(facts)
    chosen = editor or command_line_binary(facts)
    source = "--version"
    if version is None:
        if chosen is None or not chosen.version:
            raise InputError(
                "no golangci-lint with a known version: cannot pin the CI job to the editor's",
                hint="install golangci-lint, or pass --version v2.15.0",
            )
        version = chosen.version
        source = f"{chosen.path} ({'go.lintTool' if chosen is editor else 'first on PATH'})"
    if not _RELEASE.match(version):
        raise InputError(
            f"{source}: {version!r} is not a golangci-lint release to pin in CI",
            hint="pass --version v2.15.0",
        )
    findings: list[Finding] = []
    for workflow in workflows:
        findings += check_workflow(workflow)
    findings += check_pinned_version(workflows, version)
    job_kind = kind or ("gitlab" if workflows and all(w.kind == "gitlab" for w in workflows) else "github")
    config_path = Path(facts.config.path) if facts.config else None
    job_plan = plan(root, version, config_path)
    go = facts.module.go if facts.module else None
    job = github_job(job_plan) if job_kind == "github" else gitlab_job(job_plan, go)
    measured: list[dict[str, object]] = []
    if measure_runs:
        from goide.lint.measure import measure

        binary = chosen.path if chosen else None
        if binary is None:
            raise InputError(
                "--measure needs a golangci-lint", hint="install golangci-lint or pass --golangci-lint PATH"
            )
        passes = measure(
            binary,
            root,
            timeout=measure_timeout,
            config=config_path,
            progress=lambda line: print(f"goide lint: {line}", file=sys.stderr, flush=True),
        )
        measured = [p.to_json() for p in passes]
    return CiResult([w.path for w in workflows], findings, job_kind, job, version, source, measured)
