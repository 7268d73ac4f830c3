"""`goide lint ci`: cache problems in real and made workflow files (tests/data/lint/workflows,
sources in its README), and the printed job: valid YAML, passes the real actionlint, caches right."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from goide.lint.ci_rules import check_pinned_version, check_workflow
from goide.lint.cijob import github_job, gitlab_job, plan
from goide.lint.workflows import read_workflow
from tests.helpers import ROOT, TOOLS_BIN, goide
from tests.lint.lintenv import V2_CONFIG, bin_dir_with, environment, module, v2

DATA = ROOT / "tests" / "data" / "lint" / "workflows"


def ids(name: str, kind: str = "github") -> list[str]:
    return [f.id for f in check_workflow(read_workflow(DATA / name, kind))]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Real files: none of them caches twice or keys a cache badly.
        ("gqlgen-golangci-lint.yml", []),
        ("blocky-golangci-lint.yml", []),  # setup-go v3 does not cache unless told to
        ("1password-srp-golangci-lint.yml", []),
        ("minimal-money-golangci-lint.yml", []),
        ("sonic-golangci-lint.yml", []),  # lint action v9 caches only golangci-lint's cache
        ("made-double-cache.yml", ["lint.ci.double-cache"]),
        ("made-key-without-gosum.yml", ["lint.ci.key-without-go-sum"]),
        ("made-relative-cache.yml", ["lint.ci.relative-cache-path", "lint.ci.relative-cache-path"]),
        ("made-modcache-only.yml", ["lint.ci.modcache-without-gocache"]),
        ("made-anchors-matrix.yml", ["lint.ci.key-without-go-sum", "lint.ci.key-without-go-sum"]),
        ("made-invalid.yml", ["lint.ci.unreadable"]),
    ],
)
def test_github_workflows(name: str, expected: list[str]) -> None:
    assert ids(name) == expected


def _pinned(tmp_path: Path, setup_go: str, lint_action: str) -> list[str]:
    text = (
        "on: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n"
        f"      - uses: actions/setup-go@{setup_go}\n"
        f"      - uses: golangci/golangci-lint-action@{lint_action}\n"
    )
    (tmp_path / "lint.yml").write_text(text)
    return [f.id for f in check_workflow(read_workflow(tmp_path / "lint.yml", "github"))]


def test_actions_pinned_to_commits_are_not_versions(tmp_path: Path) -> None:
    # Made-up 40-hex commit ids: their leading digits are not a major version.
    assert _pinned(tmp_path, "v5", "3cfe3a4abbb849e10058ce4af15d205b6da42804") == []
    assert _pinned(tmp_path, "0c52d547c9bc32b1aa3301fd7a9cb496313a4491", "v3") == ["lint.ci.double-cache"]
    assert _pinned(tmp_path, "v5", "v3.7.0") == ["lint.ci.double-cache"]
    assert _pinned(tmp_path, "v3", "v3") == []  # setup-go v3 does not cache unless told to


def test_anchored_job_is_expanded_with_lines() -> None:
    workflow = read_workflow(DATA / "made-anchors-matrix.yml", "github")
    first, second = workflow.jobs
    assert first.matrix
    assert not second.matrix
    assert [s.uses for s in second.steps[:2]] == ["actions/setup-go@v5", "actions/cache@v4"]
    findings = check_workflow(workflow)
    # both findings point at the anchored step (the second job reuses it through `*cache`)
    assert all("made-anchors-matrix.yml:19:" in f.detail for f in findings)


def test_invalid_workflow_names_file_and_line() -> None:
    workflow = read_workflow(DATA / "made-invalid.yml", "github")
    assert workflow.error is not None
    assert "made-invalid.yml:7:" in workflow.error


def test_gitlab() -> None:
    found = check_workflow(read_workflow(DATA / "made-gitlab-ci.yml", "gitlab"))
    assert sorted(f.id for f in found) == [
        "lint.ci.key-without-go-sum",
        "lint.ci.modcache-without-gocache",
        "lint.ci.relative-cache-path",
    ]
    relative = next(f for f in found if f.id == "lint.ci.relative-cache-path")
    assert "GOLANGCI_LINT_CACHE=.cache/golangci-lint" in relative.title
    assert "made-gitlab-ci.yml:3" in relative.detail


def test_pinned_version_differs() -> None:
    workflows = [read_workflow(DATA / "blocky-golangci-lint.yml", "github")]
    assert [f.id for f in check_pinned_version(workflows, "v2.15.0")] == ["lint.ci.version-differs"]
    assert check_pinned_version([read_workflow(DATA / "made-double-cache.yml", "github")], "v1.64.8") == []
    assert check_pinned_version([read_workflow(DATA / "sonic-golangci-lint.yml", "github")], "v2.12.2") == []


def _repo(tmp_path: Path) -> Path:
    repo = module(tmp_path / "repo", config=V2_CONFIG)
    (repo / "go.sum").write_text("")
    return repo


def test_github_job_is_valid_and_caches_right(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    text = github_job(plan(repo, "v2.15.0", repo / ".golangci.yml"))
    job = yaml.safe_load(text)["jobs"]["golangci-lint"]
    env = job["env"]
    assert set(env) == {"GOCACHE", "GOMODCACHE", "GOLANGCI_LINT_CACHE"}
    assert all(value.startswith("/") for value in env.values())
    setup, cache = job["steps"][1], job["steps"][2]
    assert setup["with"]["cache"] is False
    assert cache["with"]["path"].split() == list(env.values())
    assert "hashFiles('go.sum', '.golangci.yml')" in cache["with"]["key"]
    assert "golangci-lint/v2/cmd/golangci-lint@v2.15.0" in job["steps"][3]["run"]


def test_github_job_passes_actionlint_and_goide(tmp_path: Path) -> None:
    actionlint = TOOLS_BIN / "actionlint"
    if not actionlint.is_file():
        pytest.fail(f"actionlint is not installed in {TOOLS_BIN}; run scripts/tools.sh")
    repo = _repo(tmp_path)
    workflows = repo / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "lint.yml").write_text(github_job(plan(repo, "v2.15.0", repo / ".golangci.yml")))
    result = subprocess.run(
        [str(actionlint), "-no-color", str(workflows / "lint.yml")],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert check_workflow(read_workflow(workflows / "lint.yml", "github")) == []
    # actionlint does fail on a broken workflow (the check above can fail).
    (workflows / "broken.yml").write_text(
        "on: [push]\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ matrix.nope }}\n"
    )
    broken = subprocess.run(
        [str(actionlint), "-no-color", str(workflows / "broken.yml")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert broken.returncode == 1


def test_gitlab_job_is_judged_clean(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / ".gitlab-ci.yml").write_text(gitlab_job(plan(repo, "v1.64.8", repo / ".golangci.yml"), "1.25.3"))
    data = yaml.safe_load((repo / ".gitlab-ci.yml").read_text())["golangci-lint"]
    assert data["image"] == "golang:1.25"
    assert data["cache"]["key"]["files"] == ["go.sum", ".golangci.yml"]
    assert "github.com/golangci/golangci-lint/cmd/golangci-lint@v1.64.8" in data["script"][0]
    assert check_workflow(read_workflow(repo / ".gitlab-ci.yml", "gitlab")) == []


@pytest.mark.integration
def test_cli_pins_the_editors_version(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    workflows = repo / ".github" / "workflows"
    workflows.mkdir(parents=True)
    shutil.copy(DATA / "made-double-cache.yml", workflows / "lint.yml")
    (repo / ".vscode").mkdir()
    (repo / ".vscode" / "settings.json").write_text('{"go.lintTool": "golangci-lint-v2"}')
    env = environment(tmp_path, bin_dir_with(tmp_path, "golangci-lint-v2", v2()))
    result = goide("lint", "ci", "--json", str(repo), env=env)
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["schema"] == "goide.lint.ci/1"
    assert document["version"] == "v2.15.0"
    assert "golangci-lint-v2" in document["version_source"]
    assert {f["id"] for f in document["findings"]} == {"lint.ci.double-cache", "lint.ci.version-differs"}
    assert "@v2.15.0" in document["job"]["text"]


def test_cli_bad_directory_is_one_error(tmp_path: Path) -> None:
    result = goide("lint", "ci", str(tmp_path / "nope"))
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith("error: ")
    assert lines[1].startswith("hint: ")
    assert len(lines) == 2


def test_cli_without_golangci_lint_asks_for_a_version(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    result = goide("lint", "ci", str(repo), env=environment(tmp_path))
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert lines == [
        "error: no golangci-lint with a known version: cannot pin the CI job to the editor's",
        "hint: install golangci-lint, or pass --version v2.15.0",
    ]
    pinned = goide("lint", "ci", "--gitlab", "--version", "v1.64.8", str(repo), env=environment(tmp_path))
    assert pinned.returncode == 0, pinned.stderr
    assert "golangci-lint/cmd/golangci-lint@v1.64.8" in pinned.stdout.decode()
    # Not a release: it would become `go install ...@vlatest; rm` in the printed job.
    bad = goide("lint", "ci", "--version", "latest; rm", str(repo), env=environment(tmp_path))
    assert bad.returncode == 2
    assert bad.stderr.decode().splitlines() == [
        "error: --version: 'latest; rm' is not a golangci-lint release to pin in CI",
        "hint: pass --version v2.15.0",
    ]
    assert bad.stdout == b""


def test_cli_bad_timeout_is_one_error(tmp_path: Path) -> None:
    result = goide("lint", "check", "--timeout", "nan", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.decode().startswith("error: --timeout must be a number of seconds")
