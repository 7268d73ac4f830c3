"""Secrets never leave through goide: URLs with credentials, tokens, auth headers, secret env values."""

from __future__ import annotations

import pytest

from goide.core.redact import REDACTED, is_secret_name, redact_env_value, redact_text


@pytest.mark.parametrize(
    ("text", "secret", "kept"),
    [
        ("GOPROXY=https://alice:s3cr3t@proxy.corp.example/go,direct", "s3cr3t", "alice"),
        # names in every case style, and values after secret-named flags (issue 17 item 7)
        ("dbPassword=camelleak01 next", "camelleak01", "dbPassword="),
        ("GithubToken=pascalleak02", "pascalleak02", "GithubToken="),
        ("-ldflags=-X=main.githubToken=ldleak03", "ldleak03", "-X=main.githubToken="),
        ('"service.apiKey": "dottedleak04"', "dottedleak04", '"service.apiKey"'),
        ("run --password flagleak05 --verbose", "flagleak05", "--verbose"),
        ('"args": ["--token", "flagleak06", "-v"]', "flagleak06", '"-v"'),
        ("Authorization=Bearer authzleak07", "authzleak07", "Authorization=Bearer "),
        ("curl -H 'Bearer bareleak0008'", "bareleak0008", "Bearer "),
        ("key sk-proj-abcdefghijklmnopqrstuvwx used", "sk-proj-abcdef", "used"),
        ("sk_live_abcdefghijklmnop1234 here", "sk_live_abcdef", "here"),
        ("AIzaSyAbcdefghijklmnopqrstuvwxyz0123456 x", "AIzaSyAbcdef", " x"),
        (
            "//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789",
            "npm_abcdef",
            "registry",
        ),
        ("slack xoxb-1234567890-abcdefghij", "xoxb-1234567890", "slack"),
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
        ("GET https://api.example/v1?access_token=qsleak111&page=2", "qsleak111", "page=2"),
        ("https://x.example/a?page=1&token=qsleak112", "qsleak112", "page=1&token="),
        ("https://x.example/a?key=qsleak113", "qsleak113", "?key="),
        ("https://blob.example/f?sv=2020&sig=qsleak114&se=1", "qsleak114", "se=1"),
        ("https://x.example/?secret=qsleak115#top", "qsleak115", "#top"),
        ("https://x.example/?auth=qsleak116", "qsleak116", "?auth="),
        ("https://x.example/?password=qsleak117 next", "qsleak117", " next"),
        ("Cookie: session=cookieleak222; theme=dark", "cookieleak222", "Cookie: "),
        ("Set-Cookie: id=cookieleak223; Path=/; HttpOnly", "cookieleak223", "Set-Cookie: "),
        ('"cookie": "session=cookieleak224", "x": 1', "cookieleak224", '"x": 1'),
        ("X-Api-Key: apikeyleak333", "apikeyleak333", "X-Api-Key: "),
        ("X-Auth-Token: apikeyleak334 more", "apikeyleak334", " more"),
        ("postgres://app:pa@ssleak444@db/x", "ssleak444", "@db/x"),
        ("dial postgres://app:pa@ssleak445@db:5432/x failed", "ssleak445", "postgres://app:"),
        ("connecting with password=jsonleak555 to db", "jsonleak555", "to db"),
        ('config {"password": "jsonleak556", "user": "bob"}', "jsonleak556", '"user": "bob"'),
        ("DB_PASSWORD = 'jsonleak557'", "jsonleak557", "DB_PASSWORD = "),
        ("passwd=jsonleak558", "jsonleak558", "passwd="),
        ("secret=jsonleak559 token=jsonleak560", "jsonleak560", "token="),
        ("secret=jsonleak559 token=jsonleak560", "jsonleak559", "secret="),
        ('{"api_key": "jsonleak561"}', "jsonleak561", "api_key"),
        ("--api-key=jsonleak562", "jsonleak562", "--api-key="),
        ("'token': 'jsonleak563'", "jsonleak563", "'token'"),
        # Look-alikes that hold no secret stay as they are.
        ("PATH=/usr/bin:/bin GOPATH=/home/me/go", None, "GOPATH=/home/me/go"),
        ("the file is password protected", None, "password protected"),
        ("key=value name=x", None, "key=value"),
        ("https://proxy.golang.org/github.com/x/y/@v/list", None, "@v/list"),
        ("https://example.com/a@b/c?q=1&page=2", None, "example.com/a@b/c"),
        ("unexpected token: EOF", None, "token: EOF"),
        ("tokens=5 monkey=banana", None, "monkey=banana"),
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
        ("GH_PAT", True),
        ("PAT", True),
        ("ADO-PAT-TOKEN", True),
        ("PATH", False),
        ("PATTERN", False),
        ("MY_PATH_LIST", False),
    ],
)
def test_secret_names(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


def test_env_value_redaction() -> None:
    assert redact_env_value("GITHUB_TOKEN", "abc") == REDACTED
    assert redact_env_value("GOPROXY", "https://u:p@h/") == f"https://u:{REDACTED}@h/"
    assert redact_env_value("GOPATH", "/home/me/go") == "/home/me/go"
    assert redact_env_value("GITHUB_TOKEN", "") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/home/me/go/bin/gopls", "~/go/bin/gopls"),
        ("/home/meg/go/bin/gopls", "/home/meg/go/bin/gopls"),
        ("at /home/me: done", "at ~: done"),
        ("/home/me.old/x", "/home/me.old/x"),
    ],
)
def test_home_to_tilde_replaces_the_whole_path_only(text: str, expected: str) -> None:
    from goide.core.redact import home_to_tilde

    assert home_to_tilde(text, "/home/me") == expected
