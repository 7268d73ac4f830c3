"""Pure: CI workflows -> Findings about the lint caches.

- setup-go and golangci-lint-action both caching the Go caches: actions/setup-go caches GOMODCACHE
  and GOCACHE by default from v4 (`cache: true`); golangci-lint-action v1-v3 also cached
  `~/go/pkg/mod` and `~/.cache/go-build` unless `skip-pkg-cache`/`skip-build-cache` were true (the
  inputs were removed in v4, which caches only golangci-lint's own cache). Two restores of the same
  paths fail with tar "Cannot open: File exists" (golangci-lint-action#135, #244).
- a cache of Go paths whose key does not hash go.sum: it never changes when dependencies do;
- GOLANGCI_LINT_CACHE that is not absolute: golangci-lint stops with "build cache is required, but
  could not be located: GOLANGCI_LINT_CACHE is not an absolute path" (internal/go/cache/default.go);
- GOMODCACHE cached without GOCACHE: modules come back, but every package is compiled and
  type-checked again on every run.
"""

from __future__ import annotations

import re

from goide.core.model import Finding, Fix, Severity
from goide.lint.workflows import Cache, Job, Step, Workflow

AREA = "Lint and format"
_ACTION = re.compile(r"^([\w.-]+/[\w.-]+)(?:/[^@]*)?@(\S*)")
_TAG = re.compile(r"v?(\d+)(?:\.\d+)*")  # v5, v3.7.0, 4: a release tag, not a commit
_MOD_CACHE = re.compile(
    r"(go/pkg/mod|pkg/mod|GOMODCACHE|go-mod|gomodcache|/go/pkg\b|~/go/pkg$)", re.IGNORECASE
)
_BUILD_CACHE = re.compile(r"(go-build|GOCACHE|gocache|/go/cache|Library/Caches/go-build)", re.IGNORECASE)
_LINT_CACHE = re.compile(r"(golangci-lint|GOLANGCI_LINT_CACHE)", re.IGNORECASE)


def action(step: Step) -> tuple[str, int | None] | None:
    """(owner/name, major) of a `uses:`; major None for a commit or branch (a commit id that
    starts with digits, `@0c52d54...`, is not a version)."""
    if not step.uses:
        return None
    match = _ACTION.match(step.uses.strip())
    if not match:
        return None
    tag = _TAG.fullmatch(match.group(2))
    return match.group(1).lower(), int(tag.group(1)) if tag else None


def _where(workflow: Workflow, line: int | None) -> str:
    return f"{workflow.path}:{line}" if line else workflow.path


def _truthy(value: str | None) -> bool | None:
    if value is None:
        return None
    text = value.strip().lower()
    if text in ("true", "yes", "on", "1"):
        return True
    if text in ("false", "no", "off", "0", ""):
        return False
    return None  # an expression: unknown


def setup_go_caches(step: Step) -> bool:
    found = action(step)
    if not found or found[0] != "actions/setup-go":
        return False
    explicit = _truthy(step.with_.get("cache"))
    if explicit is not None:
        return explicit
    major = found[1]
    return major is None or major >= 4


def lint_action_caches_go(step: Step) -> bool:
    found = action(step)
    if not found or found[0] != "golangci/golangci-lint-action":
        return False
    major = found[1]
    if major is None or major >= 4:
        return False  # v4+ caches only its own cache; a commit or branch is not judged
    if _truthy(step.with_.get("skip-cache")):
        return False
    return not (_truthy(step.with_.get("skip-pkg-cache")) and _truthy(step.with_.get("skip-build-cache")))


def runs_golangci_lint(job: Job) -> bool:
    for step in job.steps:
        found = action(step)
        if found and found[0] == "golangci/golangci-lint-action":
            return True
        if step.run and "golangci-lint" in step.run:
            return True
    return False


def _caches(job: Job) -> list[tuple[Cache, str]]:
    """Every explicit cache of the job: actions/cache steps and GitLab cache entries."""
    out = [(c, "cache") for c in job.caches]
    for step in job.steps:
        found = action(step)
        if found and found[0] in ("actions/cache", "actions/cache/restore"):
            paths = tuple(p.strip() for p in step.with_.get("path", "").splitlines() if p.strip())
            out.append((Cache(step.line, paths, step.with_.get("key", "")), found[0]))
    return out


def _absolute(value: str, kind: str) -> bool | None:
    text = value.strip()
    if text.startswith("${{"):
        return None
    if text.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", text) or text.startswith("\\\\"):
        return True
    # GitLab expands variables in `variables:` before the job starts.
    return kind == "gitlab" and bool(re.match(r"^\$\{?(CI_PROJECT_DIR|CI_BUILDS_DIR|HOME|TMPDIR)\b", text))


def check_workflow(workflow: Workflow) -> list[Finding]:
    if workflow.error:
        return [
            Finding(
                "lint.ci.unreadable",
                Severity.ERROR,
                f"{workflow.path} cannot be read: {workflow.error}",
                AREA,
                detail="The CI system rejects this file too; no cache in it was checked.",
                fix=Fix(workflow.hint or "correct the file"),
                evidence=(workflow.error,),
            )
        ]
    findings: list[Finding] = []
    for job in workflow.jobs:
        findings += _check_job(workflow, job)
    return findings


def _check_job(workflow: Workflow, job: Job) -> list[Finding]:
    findings: list[Finding] = []
    setup = [s for s in job.steps if setup_go_caches(s)]
    lint = [s for s in job.steps if lint_action_caches_go(s)]
    if setup and lint:
        findings.append(
            Finding(
                "lint.ci.double-cache",
                Severity.ERROR,
                f"job {job.name}: actions/setup-go and golangci-lint-action both cache "
                "the Go module and build caches",
                AREA,
                detail=f"{_where(workflow, setup[0].line)} ({setup[0].uses}) and "
                f"{_where(workflow, lint[0].line)} ({lint[0].uses}) restore the same ~/go/pkg/mod and "
                "~/.cache/go-build; the second restore "
                'fails with tar "Cannot open: File exists" and the job runs with a half-restored cache.',
                fix=Fix(
                    "set `cache: false` on actions/setup-go, or move to golangci-lint-action v6 or later "
                    "(it caches only golangci-lint's own cache)",
                    command="goide lint ci --github",
                ),
                evidence=(f"{setup[0].uses}", f"{lint[0].uses}"),
            )
        )
    cached_by_setup = bool(setup)
    for cache, source in _caches(job):
        findings += _check_cache(workflow, job, cache, source, cached_by_setup)
    for name in ("GOLANGCI_LINT_CACHE", "GOCACHE", "GOMODCACHE"):
        found = [(job.env.get(name), job.env_lines.get(name))] + [
            (s.env.get(name), s.line) for s in job.steps
        ]
        for value, line in found:
            if value is None:
                continue
            absolute = _absolute(value, workflow.kind)
            if absolute is False:
                message = (
                    'golangci-lint stops: "build cache is required, but could not be located: '
                    'GOLANGCI_LINT_CACHE is not an absolute path"'
                    if name == "GOLANGCI_LINT_CACHE"
                    else f'go stops: "{name} entry is relative; must be absolute path"'
                )
                literal = (
                    " (CI `env:` values are not expanded by a shell)" if workflow.kind == "github" else ""
                )
                findings.append(
                    Finding(
                        "lint.ci.relative-cache-path",
                        Severity.ERROR,
                        f"job {job.name}: {name}={value} is not an absolute path{literal}",
                        AREA,
                        detail=f"{_where(workflow, line)}: {message}.",
                        fix=Fix(
                            f"set {name} to an absolute path, e.g. "
                            + (
                                f"${{{{ github.workspace }}}}/.cache/{name.lower()}"
                                if workflow.kind == "github"
                                else f"$CI_PROJECT_DIR/.cache/{name.lower()}"
                            )
                        ),
                        evidence=(f"{name}={value}",),
                    )
                )
    return findings


def _check_cache(
    workflow: Workflow, job: Job, cache: Cache, source: str, setup_caches: bool
) -> list[Finding]:
    findings: list[Finding] = []
    paths = " ".join(cache.paths)
    has_mod = bool(_MOD_CACHE.search(paths))
    has_build = bool(_BUILD_CACHE.search(paths))
    go_paths = has_mod or has_build or bool(_LINT_CACHE.search(paths))
    where = _where(workflow, cache.line)
    if not go_paths:
        return findings
    key_text = " ".join((cache.key, *cache.key_files))
    if "go.sum" not in key_text:
        findings.append(
            Finding(
                "lint.ci.key-without-go-sum",
                Severity.WARNING,
                f"job {job.name}: the cache key of {', '.join(cache.paths)} does not hash go.sum",
                AREA,
                detail=f"{where}: key `{key_text.strip() or '(none)'}` stays the same when "
                "dependencies change, so the cache is never refreshed (or, with a per-run key, never hit).",
                fix=Fix(
                    "key the cache on go.sum and the golangci-lint config: "
                    + (
                        "`key: ${{ runner.os }}-lint-${{ hashFiles('**/go.sum', '.golangci.yml') }}`"
                        if workflow.kind == "github"
                        else "`key: {files: [go.sum, .golangci.yml]}`"
                    ),
                    command="goide lint ci",
                ),
                evidence=(f"key: {key_text.strip()}",),
            )
        )
    if has_mod and not has_build and runs_golangci_lint(job) and not setup_caches:
        findings.append(
            Finding(
                "lint.ci.modcache-without-gocache",
                Severity.WARNING,
                f"job {job.name}: GOMODCACHE is cached but GOCACHE is not",
                AREA,
                detail=f"{where}: modules come back from the cache, but golangci-lint type-checks every "
                "package again on every run; cache GOCACHE and GOLANGCI_LINT_CACHE too.",
                fix=Fix(
                    "add the build cache (`go env GOCACHE`) and GOLANGCI_LINT_CACHE to the cached paths",
                    command="goide lint ci",
                ),
                evidence=cache.paths,
            )
        )
    if setup_caches and source.startswith("actions/cache") and (has_mod or has_build):
        findings.append(
            Finding(
                "lint.ci.double-cache",
                Severity.WARNING,
                f"job {job.name}: actions/cache and actions/setup-go both cache the Go caches",
                AREA,
                detail=f"{where}: setup-go (v4 and later: `cache: true` by default) already restores "
                'GOMODCACHE and GOCACHE; restoring them twice fails with tar "Cannot open: File exists".',
                fix=Fix("set `cache: false` on actions/setup-go", command="goide lint ci --github"),
                evidence=cache.paths,
            )
        )
    return findings


def check_pinned_version(workflows: list[Workflow], editor_version: str | None) -> list[Finding]:
    """A golangci-lint-action `version:` or `go install ...golangci-lint@vX` that differs from the
    version the editor runs: the editor and CI then report different issues."""
    if not editor_version:
        return []
    wanted = editor_version.lstrip("v")
    findings = []
    for workflow in workflows:
        for job in workflow.jobs:
            for step in job.steps:
                pinned = None
                found = action(step)
                if found and found[0] == "golangci/golangci-lint-action":
                    pinned = step.with_.get("version") or "latest"
                elif step.run:
                    match = re.search(r"golangci-lint(?:/v2)?/cmd/golangci-lint@(\S+)", step.run)
                    pinned = match.group(1) if match else None
                if pinned is None or pinned.startswith("${{"):
                    continue
                got = pinned.lstrip("v")
                if got == "latest" or not (wanted == got or wanted.startswith(got + ".")):
                    findings.append(
                        Finding(
                            "lint.ci.version-differs",
                            Severity.WARNING,
                            f"job {job.name}: CI runs golangci-lint {pinned}, the editor {editor_version}",
                            AREA,
                            detail=f"{_where(workflow, step.line)}: different versions report "
                            "different issues (and `latest` changes under you).",
                            fix=Fix(f"pin version {editor_version} in CI", command="goide lint ci"),
                        )
                    )
    return findings
