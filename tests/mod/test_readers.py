"""The pure readers of `goide mod`: .netrc (Go's own test table), GOPROXY, GOAUTH, go env files,
git config, go.mod requires."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from goide.mod.config import effective_settings, parse_env_file, unknown_variables
from goide.mod.gitconfig import parse_config_list, rewrite_url
from goide.mod.goauth import parse_goauth
from goide.mod.gomod import requires
from goide.mod.netrc import netrc_problems, parse_netrc, read_netrc
from goide.mod.proxy import parse_goproxy
from tests.helpers import tool

# cmd/go/internal/auth/netrc_test.go's input (go1.26), for the problems goide finds in it; the
# entries Go keeps are checked against the installed Go's own table (test_netrc_matches_go_test_table).
GO_NETRC = """
machine incomplete
password none

machine api.github.com
  login user
  password pwd

machine incomlete.host
  login justlogin

machine test.host
login user2
password pwd2

machine oneline login user3 password pwd3

machine ignore.host macdef ignore
  login nobody
  password nothing

machine hasmacro.too macdef ignore-next-lines login user4 password pwd4
  login nobody
  password nothing

default
login anonymous
password gopher@golang.org

machine after.default
login oops
password too-late-in-file
"""


def _go_netrc_table() -> tuple[str, list[tuple[str, str, str]]]:
    """TestParseNetrc's input and wanted entries, from the installed Go's source (GOROOT/src)."""
    done = subprocess.run(
        [str(tool("go")), "env", "GOROOT"], capture_output=True, text=True, timeout=60, check=True
    )
    source = (Path(done.stdout.strip()) / "src/cmd/go/internal/auth/netrc_test.go").read_text()
    text = source.split("var testNetrc = `", 1)[1].split("`", 1)[0]
    want = source.split("want := []netrcLine{", 1)[1].split("\n\t}", 1)[0]
    return text, re.findall(r'\{"([^"]*)", "([^"]*)", "([^"]*)"\}', want)


def test_netrc_matches_go_test_table() -> None:
    text, want = _go_netrc_table()
    assert len(want) >= 4
    assert [e[:3] for e in parse_netrc(text)] == want


def test_netrc_problems_and_no_password_kept() -> None:
    text = GO_NETRC + "machine https://git.corp.example/x login a password Secr3tValue\nmachine\n"
    kinds = {p.kind for p in netrc_problems(text)}
    assert {"incomplete", "macdef", "default", "url-machine", "dangling"} <= kinds
    netrc = read_netrc("/h/.netrc", text, 0o644)
    assert "pwd2" in netrc.secrets
    assert "Secr3tValue" not in repr(netrc.entries)
    assert netrc.entry_for("test.host") is not None
    assert netrc.entry_for("incomplete") is None


@pytest.mark.parametrize(
    ("value", "entries", "error"),
    [
        ("", ["https://proxy.golang.org", "direct"], None),
        (
            "https://a.example|https://b.example,direct",
            ["https://a.example", "https://b.example", "direct"],
            None,
        ),
        ("corp.example/goproxy", ["https://corp.example/goproxy"], None),
        ("proxy", [], "invalid proxy URL missing scheme: proxy"),
        ("ftp://m.example", [], "invalid proxy URL scheme (must be https, http, file): ftp://m.example"),
        ("file://host/dir", [], "invalid file:// proxy URL with non-path elements: file://host/dir"),
        (",", [], "GOPROXY list is not the empty string, but contains no entries"),
        ("off,https://never.example", ["off"], None),
        ("https://u:Pa55word@p.example/x,direct", ["https://p.example/x", "direct"], None),
    ],
)
def test_goproxy(value: str, entries: list[str], error: str | None) -> None:
    parsed = parse_goproxy(value)
    assert [e.url for e in parsed.entries] == entries
    assert parsed.error == error
    assert "Pa55word" not in repr(parsed.entries) + repr(parsed.ignored)


def test_goproxy_separators_and_ignored() -> None:
    parsed = parse_goproxy("https://a.example|https://b.example,direct,https://c.example")
    assert [e.fall_through_on_any_error for e in parsed.entries] == [True, False, False]
    assert parsed.ignored == ("https://c.example",)


@pytest.mark.parametrize(
    ("value", "kinds", "fatal"),
    [
        ("", ["netrc"], None),
        ("netrc;/usr/bin/auth-helper --x", ["command", "netrc"], None),
        ("git /abs/dir", ["git"], None),
        (
            "git rel/dir",
            [],
            "go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not "
            "absolute",
        ),
        (
            "off;netrc",
            ["netrc"],
            "go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)",
        ),
        ("netrc;", [], "go: GOAUTH encountered an empty command (GOAUTH=netrc;)"),
    ],
)
def test_goauth(value: str, kinds: list[str], fatal: str | None) -> None:
    parsed = parse_goauth(value)
    assert [m.kind for m in parsed.methods] == kinds
    assert parsed.fatal == fatal


def test_env_files_and_sources() -> None:
    user = parse_env_file(
        "GOPRIVATE=corp.example\n# comment\nGONOSUMCHECK=corp.example\nGOPRIVATE=later.example\nbad\n"
    )
    goroot = parse_env_file("GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\n")
    settings = effective_settings({"GOPROXY": "", "GOFLAGS": "-mod=mod"}, user, "/h/.config/go/env", goroot)
    assert settings["GOPRIVATE"].value == "later.example"
    assert "go env file" in settings["GOPRIVATE"].source
    assert settings["GOPROXY"].source == "GOROOT/go.env"  # an empty environment value does not count
    assert settings["GOFLAGS"].source == "environment"
    found = unknown_variables({"GONOSUMCHECK": "x", "GOPATH": "/g"}, user, "f")
    assert {k: (v.value, v.source) for k, v in found.items()} == {"GONOSUMCHECK": ("x", "environment")}


def test_git_config_rewrites_and_helpers() -> None:
    listing = (
        "file:/h/.gitconfig\0url.https://bot:Gh0stToken@git.corp.example/.insteadof\nhttps://git.corp.example/\0"
        "file:/h/.gitconfig\0url.git@github.com:.insteadof\nhttps://github.com/\0"
        "file:/h/.gitconfig\0credential.helper\nstore\0"
        "file:/h/.gitconfig\0credential.https://git.corp.example.helper\n!corp-helper\0"
    )
    config = parse_config_list(listing)
    assert "Gh0stToken" in config.secrets
    assert "Gh0stToken" not in repr(config.rewrites)
    url, rule = rewrite_url("https://github.com/org/repo", config.rewrites)
    assert url == "git@github.com:org/repo"
    assert rule is not None
    assert [h.scope for h in config.helpers] == ["", "https://git.corp.example"]


def test_gomod_requires(tmp_path: Path) -> None:
    text = (
        "module x\n\nrequire corp.example/a v1.0.0 // indirect\nrequire (\n"
        '\t"github.com/o/b" v0.2.0\n\tgolang.org/x/mod v0.42.0 // indirect\n)\n'
    )
    assert requires(text) == [
        ("corp.example/a", "v1.0.0"),
        ("github.com/o/b", "v0.2.0"),
        ("golang.org/x/mod", "v0.42.0"),
    ]


def test_where_go_looks_per_platform(tmp_path: Path) -> None:
    from goide.mod.collect import env_file_path, netrc_path

    home = str(tmp_path)
    assert netrc_path({}, home, "linux") == f"{home}/.netrc"
    assert netrc_path({"NETRC": "/etc/n"}, home, "windows") == "/etc/n"
    assert netrc_path({}, home, "windows") == f"{home}/.netrc"  # _netrc only when it exists
    (tmp_path / "_netrc").write_text("machine a login b password c\n")
    assert netrc_path({}, home, "windows") == f"{home}/_netrc"
    assert env_file_path({}, home, "linux") == f"{home}/.config/go/env"
    assert env_file_path({"XDG_CONFIG_HOME": "/x"}, home, "linux") == "/x/go/env"
    assert env_file_path({}, home, "darwin") == f"{home}/Library/Application Support/go/env"
    assert env_file_path({"APPDATA": "C:/Users/u/AppData/Roaming"}, home, "windows").startswith(
        "C:/Users/u/AppData"
    )
    assert env_file_path({"GOENV": "off"}, home, "linux") == ""


def test_token_as_login_is_not_kept() -> None:
    token = "0123456789abcdef0123456789abcdef01234567"
    netrc = read_netrc("/h/.netrc", f"machine github.com login {token} password x-oauth-basic\n", 0o600)
    [entry] = netrc.entries
    assert token not in repr(entry)
    assert token in netrc.secrets
    assert read_netrc("/h/.netrc", "machine h login alice password p\n", 0o600).entries[0].login == "alice"
