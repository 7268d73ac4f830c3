"""Variants from the flags, their names, and the interleaved order."""

from __future__ import annotations

from pathlib import Path

import pytest

from goide.core.errors import InputError
from goide.gopls.ab import schedule, variants


def test_two_settings_files(tmp_path: Path) -> None:
    a = tmp_path / "plain.json"
    b = tmp_path / "tokens.json"
    a.write_text("{}")
    b.write_text('{\n  // as in VS Code\n  "gopls": {"ui.semanticTokens": true},\n}')
    found = variants([], [str(a), str(b)], [], "/bin/gopls")
    assert [v.name for v in found] == ["plain", "tokens"]
    assert found[1].settings == {"ui.semanticTokens": True}
    assert all(v.gopls == "/bin/gopls" for v in found)


def test_env_and_gopls_variants() -> None:
    env = variants([], [], ["GOGC=100", "GOGC=50"], "/g")
    assert [(v.name, dict(v.env)) for v in env] == [
        ("GOGC=100", {"GOGC": "100"}),
        ("GOGC=50", {"GOGC": "50"}),
    ]
    two = variants(["/a/gopls", "/b/gopls"], [], ["GOMEMLIMIT=2GiB"], "")
    assert [(v.name, v.gopls, dict(v.env)) for v in two] == [
        ("a", "/a/gopls", {"GOMEMLIMIT": "2GiB"}),
        ("b", "/b/gopls", {"GOMEMLIMIT": "2GiB"}),
    ]
    same = variants(["/x/gopls", "/x/gopls"], [], [], "")
    assert [v.name for v in same] == ["x#1", "x#2"]
    assert [v.name for v in variants([], [], [], "/g")] == ["default"]


def test_interleaved() -> None:
    a, b = variants([], [], ["X=1", "X=2"], "/g")
    assert [v.name for v in schedule([a, b], 3)] == ["X=1", "X=2"] * 3


@pytest.mark.parametrize(
    ("gopls", "settings", "env", "message"),
    [
        ([], [], ["GOGC"], "not NAME=VALUE"),
        (["/a", "/b"], [], ["A=1", "A=2"], "only one of"),
        ([], ["/no/such.json"], [], "cannot read --settings"),
    ],
)
def test_bad_flags(gopls: list[str], settings: list[str], env: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        variants(gopls, settings, env, "/g")


def test_settings_that_are_not_an_object(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(InputError, match="not a JSON object"):
        variants([], [str(bad)], [], "/g")
    bad.write_text("{ nope")
    with pytest.raises(InputError, match="--settings"):
        variants([], [str(bad)], [], "/g")


def test_secrets_in_env_variants_are_redacted() -> None:
    from goide.gopls.ab import to_json

    found = variants([], [], ["GOPROXY=https://me:hunter2@proxy.example", "GOPROXY=direct"], "/g")
    assert "hunter2" not in found[0].name
    assert found[0].env == {"GOPROXY": "https://me:hunter2@proxy.example"}  # gopls gets the real value
    assert "hunter2" not in str(to_json(found[0]))
    token = variants([], [], ["GITHUB_TOKEN=abc123"], "/g")[0]
    assert to_json(token)["env"]["GITHUB_TOKEN"] != "abc123"
