"""CI workflow files read into what the cache rules need: jobs, their env, steps and caches.

GitHub Actions: `.github/workflows/*.yml|*.yaml` (jobs -> steps with `uses`/`with`/`env`/`run`).
GitLab CI: `.gitlab-ci.yml` (top-level keys that are jobs: `script`, `variables`, `cache`).
Anchors, aliases and merge keys are expanded by the reader (`document.py`); `${{ ... }}`
expressions (matrix expansions, contexts) are kept as written and judged as unknown values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goide.core.errors import InputError
from goide.lint.document import Document, read_document

# GitLab top-level keys that are not jobs (docs.gitlab.com/ci/yaml).
GITLAB_GLOBAL = {
    "stages",
    "variables",
    "default",
    "include",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "types",
    "spec",
    "pages",
}
MAX_FILES = 200


@dataclass(frozen=True)
class Cache:
    line: int | None
    paths: tuple[str, ...]
    key: str  # as written (GitHub) or the key's prefix/files joined (GitLab)
    key_files: tuple[str, ...] = ()  # GitLab cache:key:files


@dataclass(frozen=True)
class Step:
    line: int | None
    uses: str | None = None
    with_: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    run: str | None = None


@dataclass(frozen=True)
class Job:
    name: str
    line: int | None
    env: dict[str, str] = field(default_factory=dict)  # workflow env + job env (GitLab: variables)
    env_lines: dict[str, int] = field(default_factory=dict)
    steps: tuple[Step, ...] = ()
    caches: tuple[Cache, ...] = ()  # GitLab cache: entries
    matrix: bool = False


@dataclass(frozen=True)
class Workflow:
    path: str
    kind: str  # github | gitlab
    jobs: tuple[Job, ...] = ()
    error: str | None = None
    hint: str | None = None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _str_map(value: Any) -> dict[str, str]:
    return {str(k): _text(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _env(doc: Document, key: tuple[str | int, ...], value: Any) -> tuple[dict[str, str], dict[str, int]]:
    """The variables of the mapping at `key` (`env:`, `variables:`) and the line of each."""
    env = _str_map(value)
    lines = {name: line for name in env if (line := doc.line_of((*key, name))) is not None}
    return env, lines


def _root(doc: Document, message: str, hint: str) -> dict[Any, Any]:
    if not isinstance(doc.value, dict):
        raise InputError(f"{doc.path}: {message}", hint=hint)
    return doc.value


def github_jobs(doc: Document) -> tuple[Job, ...]:
    root = _root(doc, "a workflow must be a mapping with `jobs:`", "is this a workflow file?")
    workflow_env, workflow_env_lines = _env(doc, ("env",), root.get("env"))
    jobs = root.get("jobs")
    if not isinstance(jobs, dict):
        return ()
    out = []
    for name, job in jobs.items():
        if not isinstance(job, dict):
            continue
        job_env, job_env_lines = _env(doc, ("jobs", name, "env"), job.get("env"))
        steps = []
        raw_steps = job.get("steps")
        for i, step in enumerate(raw_steps if isinstance(raw_steps, list) else []):
            if not isinstance(step, dict):
                continue
            steps.append(
                Step(
                    line=doc.line_of(("jobs", name, "steps", i)),
                    uses=_text(step["uses"]) if "uses" in step else None,
                    with_=_str_map(step.get("with")),
                    env=_str_map(step.get("env")),
                    run=_text(step["run"]) if "run" in step else None,
                )
            )
        strategy = job.get("strategy")
        out.append(
            Job(
                name=str(name),
                line=doc.line_of(("jobs", name)),
                env={**workflow_env, **job_env},
                env_lines={**workflow_env_lines, **job_env_lines},
                steps=tuple(steps),
                matrix=isinstance(strategy, dict) and "matrix" in strategy,
            )
        )
    return tuple(out)


def _gitlab_caches(doc: Document, key: tuple[str | int, ...], value: Any) -> list[Cache]:
    entries = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
    caches = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        raw_key = entry.get("key")
        files: tuple[str, ...] = ()
        if isinstance(raw_key, dict):
            raw_files = raw_key.get("files")
            files = tuple(_text(f) for f in raw_files) if isinstance(raw_files, list) else ()
            key_text = _text(raw_key.get("prefix"))
        else:
            key_text = _text(raw_key)
        paths = entry.get("paths")
        caches.append(
            Cache(
                line=doc.line_of((*key, i) if isinstance(value, list) else key),
                paths=tuple(_text(p) for p in paths) if isinstance(paths, list) else (),
                key=key_text,
                key_files=files,
            )
        )
    return caches


def gitlab_jobs(doc: Document) -> tuple[Job, ...]:
    root = _root(doc, ".gitlab-ci.yml must be a mapping of jobs", "is this a GitLab CI file?")
    global_vars, global_lines = _env(doc, ("variables",), root.get("variables"))
    default = root.get("default")
    global_cache = root.get("cache", default.get("cache") if isinstance(default, dict) else None)
    out = []
    for name, job in root.items():
        if name in GITLAB_GLOBAL or str(name).startswith(".") or not isinstance(job, dict):
            continue
        if not any(k in job for k in ("script", "trigger", "run")):
            continue
        variables, variable_lines = _env(doc, (name, "variables"), job.get("variables"))
        cache_value = job.get("cache", global_cache)
        cache_key: tuple[str | int, ...] = (name, "cache") if "cache" in job else ("cache",)
        script = job.get("script")
        lines = script if isinstance(script, list) else [script] if script is not None else []
        out.append(
            Job(
                name=str(name),
                line=doc.line_of((name,)),
                env={**global_vars, **variables},
                env_lines={**global_lines, **variable_lines},
                steps=(Step(line=doc.line_of((name, "script")), run="\n".join(_text(s) for s in lines)),),
                caches=tuple(_gitlab_caches(doc, cache_key, cache_value)),
                matrix="parallel" in job,
            )
        )
    return tuple(out)


def read_workflow(path: Path, kind: str) -> Workflow:
    try:
        doc = read_document(path, what="CI workflow")
        jobs = github_jobs(doc) if kind == "github" else gitlab_jobs(doc)
    except InputError as err:
        return Workflow(str(path), kind, error=err.message, hint=err.hint)
    return Workflow(str(path), kind, jobs=jobs)


def find_workflows(root: Path, kinds: tuple[str, ...] = ("github", "gitlab")) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    if "github" in kinds:
        directory = root / ".github" / "workflows"
        if directory.is_dir():
            names = sorted(p for p in directory.iterdir() if p.suffix in (".yml", ".yaml"))
            found += [(p, "github") for p in names[:MAX_FILES]]
    if "gitlab" in kinds:
        gitlab = root / ".gitlab-ci.yml"
        if gitlab.exists():
            found.append((gitlab, "gitlab"))
    return found
