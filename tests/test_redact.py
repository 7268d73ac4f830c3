"""Secrets never leave through goide: URLs with credentials, tokens, auth headers, secret env values."""

from __future__ import annotations

import pytest

from goide.redact import REDACTED, is_secret_name, redact_env_value, redact_text


@pytest.mark.parametrize(
    ("text", "secret", "kept"),
    [
        ("GOPROXY=https://alice:s3cr3t@proxy.corp.example/go,direct", "s3cr3t", "alice"),
        (
            "remote: https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/x/y",
            "ghp_abcdef",
            "github.com",
        ),
        ("git@github.com:org/repo.git", None, "git@github.com:org/repo.git"),
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payloadpayload.sig", "eyJhbGciOiJIUzI1NiJ9", "Bearer"),
        ('"authorization": "Basic dXNlcjpwYXNz"', "dXNlcjpwYXNz", "Basic"),
        ("machine git.corp.example login bob password hunter2", "hunter2", "login bob"),
        ("token glpat-AbCdEfGhIjKlMnOpQrStUv in the log", "glpat-AbCd", "in the log"),
        ("aws AKIAIOSFODNN7EXAMPLE key", "AKIAIOSFODNN7EXAMPLE", "aws"),
    ],
)
def test_redact_text(text: str, secret: str | None, kept: str) -> None:
    out = redact_text(text)
    if secret is not None:
        assert secret not in out
        assert REDACTED in out
    else:
        assert out == text
    assert kept in out


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("GITHUB_TOKEN", True),
        ("NPM_AUTH_TOKEN", True),
        ("AWS_SECRET_ACCESS_KEY", True),
        ("DB_PASSWORD", True),
        ("OPENAI_API_KEY", True),
        ("GOPATH", False),
        ("PWD", False),
        ("GOAUTH", False),
        ("GOPRIVATE", False),
        ("SSH_AUTH_SOCK", False),
    ],
)
def test_secret_names(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


def test_env_value_redaction() -> None:
    assert redact_env_value("GITHUB_TOKEN", "abc") == REDACTED
    assert redact_env_value("GOPROXY", "https://u:p@h/") == f"https://u:{REDACTED}@h/"
    assert redact_env_value("GOPATH", "/home/me/go") == "/home/me/go"
    assert redact_env_value("GITHUB_TOKEN", "") == ""
