"""The CI lint job goide prints: golangci-lint pinned to the version the editor uses, the three
caches (GOCACHE, GOMODCACHE, GOLANGCI_LINT_CACHE) at absolute paths in one cache keyed on go.sum
and the golangci-lint config, and setup-go's own cache off so nothing is restored twice.

golangci-lint is installed with `go install` by the job's Go (the go.mod version), so it is never
built with a Go older than the module's `go` line, and its build lands in the cached GOCACHE.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from goide.lint.rules import INSTALL

# Home of GitHub's hosted Ubuntu runners (ubuntu-latest): /home/runner.
GITHUB_HOME = "/home/runner"


@dataclass(frozen=True)
class JobPlan:
    version: str  # v2.15.0
    major: int
    config: str | None  # relative to the repository root
    key_files: tuple[str, ...]  # go.sum files (or go.mod when there is none) and the config
    go_version_file: str  # go.mod, relative


def plan(root: Path, version: str, config: Path | None) -> JobPlan:
    major = 1 if version.lstrip("v").startswith("1.") else 2
    rel_config = None
    if config is not None:
        try:
            rel_config = config.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel_config = None  # a config outside the repository (e.g. $HOME): CI cannot see it
    gosum = "go.sum" if (root / "go.sum").is_file() else "go.mod"
    key_files = (gosum, *([rel_config] if rel_config else []))
    return JobPlan(
        version if version.startswith("v") else f"v{version}", major, rel_config, key_files, "go.mod"
    )


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def github_job(job: JobPlan) -> str:
    caches = {
        "GOCACHE": f"{GITHUB_HOME}/.cache/go-build",
        "GOMODCACHE": f"{GITHUB_HOME}/go/pkg/mod",
        "GOLANGCI_LINT_CACHE": f"{GITHUB_HOME}/.cache/golangci-lint",
    }
    hashed = ", ".join(_quote(f) for f in job.key_files)
    config_flag = f" --config {job.config}" if job.config else ""
    lines = [
        "name: lint",
        "on:",
        "  push:",
        "  pull_request:",
        "permissions:",
        "  contents: read",
        "jobs:",
        "  golangci-lint:",
        "    runs-on: ubuntu-latest",
        "    env:",
        *[f"      {name}: {path}" for name, path in caches.items()],
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - uses: actions/setup-go@v5",
        "        with:",
        f"          go-version-file: {job.go_version_file}",
        "          cache: false  # the step below caches all three; two restores of one path fail",
        "      - uses: actions/cache@v4",
        "        with:",
        "          path: |",
        *[f"            {path}" for path in caches.values()],
        f"          key: golangci-lint-{job.version}-${{{{ runner.os }}}}-${{{{ hashFiles({hashed}) }}}}",
        "          restore-keys: |",
        f"            golangci-lint-{job.version}-${{{{ runner.os }}}}-",
        f"      - name: Install golangci-lint {job.version}",
        f"        run: go install {INSTALL[job.major]}@{job.version}",
        "      - name: golangci-lint",
        f"        run: golangci-lint run{config_flag} ./...",
    ]
    return "\n".join(lines) + "\n"


def gitlab_job(job: JobPlan, go: str | None) -> str:
    image = f"golang:{'.'.join(go.split('.')[:2])}" if go else "golang:latest"
    files = ", ".join(job.key_files[:2])  # GitLab hashes at most two files for a key
    config_flag = f" --config {job.config}" if job.config else ""
    lines = [
        "golangci-lint:",
        f"  image: {image}",
        "  variables:",
        "    # $CI_PROJECT_DIR is absolute; GitLab caches only paths inside the project.",
        "    GOCACHE: $CI_PROJECT_DIR/.cache/go-build",
        "    GOMODCACHE: $CI_PROJECT_DIR/.cache/go-mod",
        "    GOLANGCI_LINT_CACHE: $CI_PROJECT_DIR/.cache/golangci-lint",
        "  cache:",
        "    key:",
        f"      files: [{files}]",
        f"      prefix: golangci-lint-{job.version}",
        "    paths:",
        "      - .cache/go-build",
        "      - .cache/go-mod",
        "      - .cache/golangci-lint",
        "  script:",
        f"    - go install {INSTALL[job.major]}@{job.version}",
        f"    - golangci-lint run{config_flag} ./...",
    ]
    return "\n".join(lines) + "\n"
