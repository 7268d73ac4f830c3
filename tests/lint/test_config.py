"""Config discovery and shape, checked against the real golangci-lint (`config path --json`)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from goide.core.errors import InputError
from goide.lint.config import find_config, read_config
from goide.lint.workflows import read_workflow
from tests.lint.lintenv import V1_CONFIG, V2_CONFIG, environment, module, v2


def _real_config_path(directory: Path, env: dict[str, str]) -> str | None:
    result = subprocess.run(
        [str(v2()), "config", "path", "--json"],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if not result.stdout.strip():
        return None
    return str(json.loads(result.stdout)["absolutePath"])


@pytest.mark.integration
@pytest.mark.parametrize(
    ("where", "name"),
    [
        ("module", ".golangci.yml"),
        ("module", ".golangci.yaml"),
        ("module", ".golangci.toml"),
        ("module", ".golangci.json"),
        ("parent", ".golangci.yml"),
        ("home", ".golangci.yml"),
    ],
)
def test_found_where_golangci_lint_finds_it(tmp_path: Path, where: str, name: str) -> None:
    env = environment(tmp_path)
    home = Path(env["HOME"])
    repo = tmp_path / "repo"
    mod = module(repo / "svc")
    texts = {
        ".golangci.toml": 'version = "2"\n[linters]\ndefault = "none"\n',
        ".golangci.json": '{"version": "2", "linters": {"default": "none"}}\n',
    }
    target = {"module": mod, "parent": repo, "home": home}[where] / name
    target.write_text(texts.get(name, 'version: "2"\n'))
    real = _real_config_path(mod, env)
    ours = find_config(mod, mod, home)
    assert real == str(target)
    assert ours == target


@pytest.mark.integration
def test_order_within_one_directory_is_golangci_lints(tmp_path: Path) -> None:
    """viper's extension order: json, toml, yaml, yml (not the order the docs list them in)."""
    env = environment(tmp_path)
    mod = module(tmp_path / "m")
    texts = {".golangci.json": '{"version": "2"}', ".golangci.toml": 'version = "2"\n'}
    names = [".golangci.json", ".golangci.toml", ".golangci.yaml", ".golangci.yml"]
    for name in names:
        (mod / name).write_text(texts.get(name, 'version: "2"\n'))
    for name in names:
        assert find_config(mod, mod, Path(env["HOME"])) == mod / name
        assert _real_config_path(mod, env) == str(mod / name)
        (mod / name).unlink()


def test_v1_shape_with_lines(tmp_path: Path) -> None:
    path = tmp_path / ".golangci.yml"
    path.write_text(V1_CONFIG)
    config = read_config(path)
    assert (config.shape, config.version, config.default) == ("v1", None, "none")
    assert config.linters == ("gosimple", "stylecheck", "errcheck", "gofumpt")
    assert config.formatters == ("gofumpt",)
    assert config.local_prefixes == ("example.com/m",)
    assert config.lines["linters.enable.stylecheck"] == 6


def test_v2_shape(tmp_path: Path) -> None:
    path = tmp_path / ".golangci.yml"
    path.write_text(V2_CONFIG)
    config = read_config(path)
    assert (config.shape, config.version, config.default) == ("v2", "2", "none")
    assert config.formatters == ("gofumpt", "goimports")
    assert config.local_prefixes == ("example.com/m",)


def test_toml_v2_and_gci_prefix(tmp_path: Path) -> None:
    path = tmp_path / ".golangci.toml"
    path.write_text(
        'version = "2"\n[formatters]\nenable = ["gci"]\n[formatters.settings.gci]\n'
        'sections = ["standard", "default", "prefix(example.com/m)"]\n'
    )
    config = read_config(path)
    assert (config.shape, config.format, config.local_prefixes) == ("v2", "toml", ("example.com/m",))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("linters:\n  enable: [errcheck\n", ".golangci.yml:3:1: invalid YAML"),
        ("linters:\n\tenable: []\n", ".golangci.yml:2:1: invalid YAML"),
        ("- a\n- b\n", "the configuration is a list"),
        ("a: &a [*a]\n", "an anchor contains an alias to itself"),
    ],
)
def test_bad_config_is_one_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / ".golangci.yml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        read_config(path)
    assert message in caught.value.message
    assert caught.value.hint


def test_config_that_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / ".golangci.yml").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        read_config(tmp_path / ".golangci.yml")


def test_config_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as caught:
        read_config(tmp_path / "missing.yml")
    assert caught.value.hint == "check the path"


def test_config_and_workflow_that_are_fifos_are_refused_without_waiting(tmp_path: Path) -> None:
    # Opening a FIFO for reading waits for a writer; the readers must refuse it instead.
    os.mkfifo(tmp_path / ".golangci.yml")
    with pytest.raises(InputError, match="not a regular file"):
        read_config(tmp_path / ".golangci.yml")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    os.mkfifo(tmp_path / ".github" / "workflows" / "lint.yml")
    workflow = read_workflow(tmp_path / ".github" / "workflows" / "lint.yml", "github")
    assert workflow.error is not None
    assert workflow.error.endswith("not a regular file")


def test_alias_bomb_is_bounded(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
        for i in range(1, 12)
    ]
    path = tmp_path / ".golangci.yml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match="anchors are expanded"):
        read_config(path)
