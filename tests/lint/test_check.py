"""`goide lint check` on real module setups with the real golangci-lint v2 (v2.15.0) and v1 (v1.64.8):
every disagreement of issue 14, each confirmed by what the real binary does with the same setup."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from goide.lint.collect import collect
from goide.lint.model import LintFacts
from goide.lint.rules import check
from tests.helpers import go_build, goide, tool, write_module
from tests.lint.lintenv import V1_BIN, V1_CONFIG, V2_CONFIG, bin_dir_with, environment, module, v1, v2

pytestmark = pytest.mark.integration


def _facts(directory: Path, env: dict[str, str], timeout: float = 60) -> LintFacts:
    return collect(directory, environ=env, home=Path(env["HOME"]), timeout=timeout)


def _ids(facts: LintFacts) -> list[str]:
    return sorted(f.id for f in check(facts))


def _real_run(
    binary: Path, directory: Path, env: dict[str, str], *flags: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(binary), "run", *flags, "./..."],
        cwd=directory,
        env={**env, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _settings(directory: Path, text: str) -> None:
    (directory / ".vscode").mkdir(exist_ok=True)
    (directory / ".vscode" / "settings.json").write_text(text)


def test_v1_config_with_v2_binary_and_what_migrate_drops(tmp_path: Path) -> None:
    mod = module(tmp_path / "m", config=V1_CONFIG)
    env = environment(tmp_path, v2().parent)
    real = _real_run(v2(), mod, env)
    assert 'unsupported version of the configuration: ""' in real.stderr
    facts = _facts(mod, env)
    findings = {f.id: f for f in check(facts)}
    shape = findings["lint.config.v1-for-v2-binary"]
    assert "migrate" in (shape.fix.command or "") if shape.fix else False
    # from the real `golangci-lint migrate`, run on a copy:
    assert "2 comment line(s) are dropped" in shape.detail
    assert "run.timeout" in shape.detail
    assert (mod / ".golangci.yml").read_text() == V1_CONFIG  # the user's file is untouched
    assert not (mod / ".golangci.bck.yml").exists()
    # v2 names: gosimple and stylecheck merged into staticcheck, gofumpt is a formatter
    merged = [f for f in check(facts) if f.id == "lint.config.merged-linter"]
    assert [f.title.split(": ")[0] for f in merged] == [f"{mod}/.golangci.yml:5", f"{mod}/.golangci.yml:6"]


def test_v2_config_verified_by_the_real_binary_with_lines(tmp_path: Path) -> None:
    config = V2_CONFIG.replace(
        "      local-prefixes:\n        - example.com/m", "      local-prefixes: example.com/m"
    )
    config += "unknown-key: 1\n"
    lines = config.splitlines()
    prefixes_line = next(i for i, line in enumerate(lines, 1) if "local-prefixes" in line)
    mod = module(tmp_path / "m", config=config)
    env = environment(tmp_path, v2().parent)
    facts = _facts(mod, env)
    invalid = sorted(f.title for f in check(facts) if f.id == "lint.config.invalid")
    assert invalid == sorted(
        [
            f"{mod}/.golangci.yml:{prefixes_line}: formatters.settings.goimports.local-prefixes: "
            "got string, want array",
            f"{mod}/.golangci.yml:{len(lines)}: (top level): additional properties 'unknown-key' not allowed",
        ]
    )


def test_merged_and_moved_names_in_a_v2_config(tmp_path: Path) -> None:
    config = 'version: "2"\nlinters:\n  enable:\n    - gosimple\n    - gofumpt\n'
    mod = module(tmp_path / "m", config=config)
    env = environment(tmp_path, v2().parent)
    real = _real_run(v2(), mod, env)
    assert "unknown linters: 'gosimple" in real.stderr or "gofumpt" in real.stderr
    found = {f.id: f.title for f in check(_facts(mod, env))}
    assert "lint.config.merged-linter" in found
    assert ":4:" in found["lint.config.merged-linter"]
    assert "lint.config.formatter-as-linter" in found
    assert ":5:" in found["lint.config.formatter-as-linter"]


def test_v2_config_with_v1_binary(tmp_path: Path) -> None:
    mod = module(tmp_path / "m", config=V2_CONFIG)
    env = environment(tmp_path, V1_BIN)
    v1()
    facts = _facts(mod, env)
    assert facts.binaries[0].major == 1
    assert facts.binaries[0].version == "v1.64.8"
    assert "lint.config.v2-for-v1-binary" in _ids(facts)


def test_binary_built_with_an_older_go_than_the_module(tmp_path: Path) -> None:
    mod = module(tmp_path / "m", go="1.27.0", config='version: "2"\n')
    env = environment(tmp_path, v2().parent)
    real = _real_run(v2(), mod, {**env, "GOTOOLCHAIN": "local"})
    assert "used to build golangci-lint is lower than the targeted Go version (1.27.0)" in real.stderr
    found = {f.id: f for f in check(_facts(mod, env))}
    old = found["lint.binary.old-go"]
    assert "(go1.26) used to build golangci-lint is lower than the targeted Go version (1.27.0)" in old.detail
    # the module's go line equal to the build Go: no finding
    (mod / "go.mod").write_text("module example.com/m\n\ngo 1.26.0\n")
    assert "lint.binary.old-go" not in _ids(_facts(mod, env))


def test_vscode_lint_tool_v1_mode_with_a_v2_binary(tmp_path: Path) -> None:
    mod = module(tmp_path / "m", config='version: "2"\n')
    _settings(
        mod, '{\n  // lint on save\n  "go.lintTool": "golangci-lint",\n  "go.lintFlags": ["--fast"],\n}\n'
    )
    env = environment(tmp_path, v2().parent)
    real = _real_run(v2(), mod, env, "--out-format=colored-line-number")
    assert "unknown flag: --out-format" in real.stderr
    found = {f.id: f for f in check(_facts(mod, env))}
    assert "golangci-lint-v2" in (found["lint.editor.lint-tool-major"].fix.description or "")
    assert "--fast-only" in found["lint.editor.lint-flag-rejected"].fix.description  # type: ignore[union-attr]
    assert "unknown flag: --fast" in _real_run(v2(), mod, env, "--fast").stderr


def test_vscode_lint_tool_v2_installed_and_v1_flags_on_v1(tmp_path: Path) -> None:
    mod = module(tmp_path / "m", config='version: "2"\nlinters:\n  default: none\n  enable: [govet]\n')
    _settings(mod, '{"go.lintTool": "golangci-lint-v2", "go.lintFlags": ["--fast-only"]}')
    env = environment(tmp_path, bin_dir_with(tmp_path, "golangci-lint-v2", v2()))
    facts = _facts(mod, env)
    assert [b.name for b in facts.binaries] == ["golangci-lint-v2"]
    ids = _ids(facts)
    assert not [i for i in ids if i.startswith("lint.editor.")]
    # go.lintTool golangci-lint-v2, but only v1 installed under the plain name
    env = environment(tmp_path, V1_BIN)
    assert "lint.editor.lint-tool-missing" in _ids(_facts(mod, env))


def test_go_gopath_setting_wins_over_the_environment(tmp_path: Path) -> None:
    # vscode-go getCurrentGoPath: go.gopath, when set, is the GOPATH whose bin/ it searches.
    mod = module(tmp_path / "m", config='version: "2"\n')
    gopath = tmp_path / "editor-gopath"
    (gopath / "bin").mkdir(parents=True)
    shutil.copy2(v2(), gopath / "bin" / "golangci-lint")
    env = environment(tmp_path)
    assert [b.where for b in _facts(mod, env).binaries] == []
    _settings(mod, json.dumps({"go.gopath": str(gopath)}))
    found = [(b.where, b.path) for b in _facts(mod, env).binaries]
    assert found == [("GOPATH/bin", str(gopath / "bin" / "golangci-lint"))]


def test_a_golangci_lint_only_in_goroot_bin_is_found(tmp_path: Path) -> None:
    # vscode-go pathUtils.ts looks in GOROOT/bin after GOPATH/bin (doctor did); lint used to skip it.
    mod = module(tmp_path / "m", config='version: "2"\n')
    goroot = tmp_path / "goroot"
    (goroot / "bin").mkdir(parents=True)
    shutil.copy2(v2(), goroot / "bin" / "golangci-lint")
    env = {**environment(tmp_path), "GOROOT": str(goroot)}
    found = [(b.where, b.path) for b in _facts(mod, env).binaries]
    assert found == [("GOROOT/bin", str(goroot / "bin" / "golangci-lint"))]
    # No $GOROOT: the GOROOT of the first go on PATH, found as go finds its own (through the link).
    (goroot / "bin" / "go").write_text(f'#!/bin/sh\nexec "{tool("go")}" "$@"\n')
    (goroot / "bin" / "go").chmod(0o755)
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "go").symlink_to(goroot / "bin" / "go")
    env = {k: v for k, v in environment(tmp_path, tmp_path / "links").items() if k != "GOROOT"}
    found = [(b.where, b.path) for b in _facts(mod, env).binaries]
    assert found == [("GOROOT/bin", str(goroot / "bin" / "golangci-lint"))]


def test_v1_binary_accepts_fast(tmp_path: Path) -> None:
    mod = module(tmp_path / "m", config=None)
    _settings(mod, '{"go.lintTool": "golangci-lint", "go.lintFlags": ["--fast", "--bogus-flag"]}')
    v1()
    env = environment(tmp_path, V1_BIN)
    rejected = [f.title for f in check(_facts(mod, env)) if f.id == "lint.editor.lint-flag-rejected"]
    assert len(rejected) == 1
    assert "--bogus-flag" in rejected[0]


def test_formatter_in_editor_and_ci_and_local_prefix(tmp_path: Path) -> None:
    """gofumpt in CI (config formatters + a workflow step), gofmt in the editor: a real file that gofmt
    accepts is rejected by the real gofumpt, and the real goimports -local regroups what gopls left."""
    source = (
        'package main\n\nimport (\n\t"example.com/m/inner"\n\t"fmt"\n)\n\n'
        "func main() {\n\n\tfmt.Println(inner.X)\n}\n"
    )
    mod = module(tmp_path / "m", config=V2_CONFIG)
    write_module(mod, {"main.go": source, "inner/inner.go": "package inner\n\nconst X = 1\n"})
    gofmt = subprocess.run(
        [str(tool("go").parent / "gofmt"), "-l", "main.go"],
        cwd=mod,
        capture_output=True,
        text=True,
        check=True,
    )
    assert gofmt.stdout == ""
    gofumpt = subprocess.run(
        [str(tool("gofumpt")), "-l", "main.go"], cwd=mod, capture_output=True, text=True, check=False
    )
    assert gofumpt.stdout.strip() == "main.go"
    goimports = subprocess.run(
        [str(tool("goimports")), "-local", "example.com/m", "-l", "main.go"],
        cwd=mod,
        capture_output=True,
        text=True,
        check=False,
    )
    assert goimports.stdout.strip() == "main.go"
    env = environment(tmp_path, v2().parent)
    ids = _ids(_facts(mod, env))
    assert "lint.format.editor-not-gofumpt" in ids
    assert "lint.format.local-prefix" in ids
    _settings(mod, '{"gopls": {"formatting.gofumpt": true, "formatting.local": "example.com/m"}}')
    ids = _ids(_facts(mod, env))
    assert "lint.format.editor-not-gofumpt" not in ids
    assert "lint.format.local-prefix" not in ids
    # a workflow step `gofumpt -l` is CI enforcing gofumpt too
    (mod / ".golangci.yml").write_text('version: "2"\n')
    workflows = mod / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "fmt.yml").write_text(
        "on: [push]\njobs:\n  fmt:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: test -z "$(gofumpt -l .)"\n'
    )
    _settings(mod, '{"go.formatTool": "goimports"}')
    found = [f for f in check(_facts(mod, env)) if f.id == "lint.format.editor-not-gofumpt"]
    assert found
    assert "fmt.yml:6" in found[0].title


def test_a_golangci_lint_that_hangs_is_killed(tmp_path: Path) -> None:
    bin_dir = tmp_path / "hang"
    bin_dir.mkdir()
    script = bin_dir / "golangci-lint"
    script.write_text("#!/bin/sh\nsleep 300\n")
    script.chmod(0o755)
    mod = module(tmp_path / "m", config='version: "2"\n')
    env = environment(tmp_path, bin_dir)
    facts = _facts(mod, env, timeout=1)
    ids = _ids(facts)
    assert "lint.binary.unresponsive" in ids
    assert "lint.binary.unreadable" in ids
    leftover = subprocess.run(["pgrep", "-f", f"{script}"], capture_output=True, text=True, check=False)
    assert leftover.stdout.strip() == ""


def test_a_golangci_lint_for_another_architecture_is_not_run(tmp_path: Path) -> None:
    other = "arm64" if os.uname().machine in ("x86_64", "amd64") else "amd64"
    program = write_module(
        tmp_path / "fake",
        {"go.mod": "module example.com/fake\n\ngo 1.22\n", "main.go": "package main\n\nfunc main() {}\n"},
    )
    built = go_build(program, goos="linux", goarch=other, name="golangci-lint")
    bin_dir = bin_dir_with(tmp_path, "golangci-lint", built)
    mod = module(tmp_path / "m", config='version: "2"\n')
    facts = _facts(mod, environment(tmp_path, bin_dir))
    binary = facts.binaries[0]
    assert binary.goarch == other
    assert binary.flags is None
    assert "built for linux/" + other in (binary.run_error or "")
    assert "lint.binary.wrong-platform" in _ids(facts)


def test_cli_json_and_a_config_that_is_a_directory(tmp_path: Path) -> None:
    mod = module(tmp_path / "m")
    (mod / ".golangci.yml").mkdir()
    env = environment(tmp_path, v2().parent)
    result = goide("lint", "check", "--json", str(mod), env=env)
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["schema"] == "goide.lint.check/1"
    finding = next(f for f in document["findings"] if f["id"] == "lint.config.unreadable")
    assert "is a directory" in finding["title"]
    assert LintFacts.from_json(document["facts"]).to_json() == document["facts"]


def test_cli_invalid_yaml_is_a_finding_with_the_line(tmp_path: Path) -> None:
    mod = module(tmp_path / "m", config='version: "2"\nlinters:\n  enable: [errcheck\n')
    env = environment(tmp_path, v2().parent)
    result = goide("lint", "check", str(mod), env=env)
    assert result.returncode == 1
    assert f"{mod}/.golangci.yml:4:1: invalid YAML" in result.stdout.decode()


def test_json_facts_are_redacted(tmp_path: Path) -> None:
    mod = module(tmp_path / "m", config='version: "2"\n')
    _settings(mod, '{"go.lintFlags": ["--new-from-rev=https://bob:hunter2@git.example.com/x"]}')
    env = environment(tmp_path, v2().parent)
    result = goide("lint", "check", "--json", str(mod), env=env)
    assert b"hunter2" not in result.stdout
    assert json.loads(result.stdout)["facts"]["editor"]["values"]["go.lintFlags"]


def test_names_the_binary_itself_does_not_know(tmp_path: Path) -> None:
    linters = 'version: "2"\nlinters:\n  default: none\n  enable:\n    - errchek\n    - wsl\n'
    config = linters + "formatters:\n  enable:\n    - gofumt\n"
    mod = module(tmp_path / "m", config=config)
    env = environment(tmp_path, v2().parent)
    assert "gofumt is not a formatter" in _real_run(v2(), mod, env).stderr
    (mod / ".golangci.yml").write_text(linters)
    assert "unknown linters: 'errchek'" in _real_run(v2(), mod, env).stderr
    (mod / ".golangci.yml").write_text(config)
    facts = _facts(mod, env)
    # Judged again from its JSON (doctor --facts-out / --facts): the same findings.
    again = LintFacts.from_json(json.loads(json.dumps(facts.to_json())))
    assert [f.id for f in check(again)] == [f.id for f in check(facts)]
    found = {f.id: f for f in check(facts)}
    unknown = found["lint.config.unknown-linter"]
    assert unknown.title.endswith(":5: linter `errchek` does not exist in golangci-lint v2.15.0")
    assert unknown.fix is not None
    assert unknown.fix.description == "did you mean `errcheck`?"
    assert found["lint.config.deprecated-linter"].title.endswith(
        ":6: linter `wsl` is deprecated in golangci-lint v2.15.0"
    )
    assert ":9: formatter `gofumt`" in found["lint.config.unknown-formatter"].title


def test_v1_names_checked_by_the_v1_binary(tmp_path: Path) -> None:
    config = "linters:\n  enable:\n    - vet\n    - tenv\n    - gosimple\n    - errchek\n"
    mod = module(tmp_path / "m", config=config)
    v1()
    env = environment(tmp_path, V1_BIN)
    titles = [f.title for f in check(_facts(mod, env)) if f.id.startswith("lint.config.")]
    assert any(t.endswith(":4: linter `tenv` is deprecated in golangci-lint v1.64.8") for t in titles)
    assert any(t.endswith(":6: linter `errchek` does not exist in golangci-lint v1.64.8") for t in titles)
    assert not [t for t in titles if "`vet`" in t or "`gosimple`" in t]  # an alias and a v1 linter


def test_escape_sequences_in_workspace_settings_are_not_sent_to_the_terminal(tmp_path: Path) -> None:
    # A cloned repository's .vscode/settings.json is not the user's own words.
    mod = module(tmp_path / "m", config='version: "2"\n')
    _settings(mod, '{"go.lintTool": "golangci-lint\\u001b]0;pwned\\u0007"}')
    result = goide("lint", "check", str(mod), env=environment(tmp_path, v2().parent))
    header = result.stdout.decode().split("\n\n")[0]
    assert "\x1b" not in header
    assert "editor:   go.lintTool=golangci-lint\\x1b]0;pwned\\x07, formats with" in header
