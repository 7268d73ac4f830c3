"""Collect LintFacts for a directory: the config golangci-lint would use, the module's Go line,
VS Code's settings, every golangci-lint binary (build info, `run --help` flags), the real
`config verify` of the config and a `migrate` preview, and the formatters CI workflows run.
Impure (files, processes with timeouts); it never judges."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from goide.core.errors import InputError
from goide.core.goos import host_goarch, host_goos
from goide.lint.binaries import Binary, locate, probe_flags, read_binary
from goide.lint.config import LintConfig, candidates, find_config, read_config
from goide.lint.editor import EditorSettings, read_editor_settings
from goide.lint.model import LintFacts, MigratePreview, VerifyResult
from goide.lint.workflows import find_workflows, read_workflow
from goide.mod.gomod import read_gomod

_FORMAT_STEP = re.compile(r"\b(gofumpt|goimports|gofmt|gci|golines)\b[^\n|;&]*\s-(l|d|list)\b")


def this_host() -> tuple[str, str]:
    return host_goos(), host_goarch()


def workflow_formatters(root: Path) -> list[tuple[str, str]]:
    """Formatters a CI step checks with `-l`/`-d` (e.g. `test -z "$(gofumpt -l .)"`)."""
    found: list[tuple[str, str]] = []
    for path, kind in find_workflows(root):
        workflow = read_workflow(path, kind)
        for job in workflow.jobs:
            for step in job.steps:
                for match in _FORMAT_STEP.finditer(step.run or ""):
                    where = f"{path}:{step.line}" if step.line else str(path)
                    found.append((match.group(1), where))
    return found


def collect_binaries(
    environ: Mapping[str, str],
    home: str,
    settings: EditorSettings,
    *,
    host: tuple[str, str],
    timeout: float,
    extra: Sequence[str] = (),
) -> tuple[Binary, ...]:
    located = [("golangci-lint", "--golangci-lint", os.path.abspath(p)) for p in extra]
    located += locate(environ, home, settings.values, host[0])
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="goide-lint") as pool:
        read = list(pool.map(lambda entry: read_binary(*entry), located))
        return tuple(pool.map(lambda b: probe_flags(b, host, timeout), read))


def collect(
    directory: Path,
    *,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
    cwd: Path | None = None,
    host: tuple[str, str] | None = None,
    timeout: float = 20.0,
    binaries: Sequence[str] = (),
    config: Path | None = None,
) -> LintFacts:
    env = dict(environ if environ is not None else os.environ)
    home = home or Path(os.path.expanduser("~"))
    host = host or this_host()
    directory = directory.resolve()
    searched = tuple(str(d) for d in candidates(cwd or directory, directory, home))
    config_path = config or find_config(cwd or directory, directory, home)
    lint_config: LintConfig | None = None
    config_error: tuple[str, str | None] | None = None
    if config_path is not None:
        try:
            lint_config = read_config(config_path)
        except InputError as err:
            config_error = (err.message, err.hint)
    editor = read_editor_settings(directory, env, home)
    found = collect_binaries(env, str(home), editor, host=host, timeout=timeout, extra=binaries)
    facts = LintFacts(
        directory=str(directory),
        host=host,
        config=lint_config,
        config_error=config_error,
        searched=searched,
        module=read_gomod(directory),
        editor=editor,
        binaries=found,
        ci_formatters=tuple(workflow_formatters(directory)),
    )
    return _run_config_tools(facts, directory, timeout)


def _run_config_tools(facts: LintFacts, directory: Path, timeout: float) -> LintFacts:
    import dataclasses

    from goide.lint.rules import judged_binaries
    from goide.lint.tooling import migrate_preview, verify

    config = facts.config
    if config is None:
        return facts
    runnable = [b for b in judged_binaries(facts) if b.major and not b.run_error]
    wanted = 2 if config.shape == "v2" else 1
    verifier = next((b for b in runnable if b.major == wanted), None)
    verified: tuple[VerifyResult, ...] = ()
    if verifier is not None:
        verified = (verify(verifier.path, Path(config.path), directory, timeout),)
    preview: MigratePreview | None = None
    migrator = next((b for b in runnable if b.major == 2), None)
    if config.shape == "v1" and migrator is not None:
        preview = migrate_preview(migrator.path, Path(config.path), timeout)
    return dataclasses.replace(facts, verify=verified, migrate=preview)
