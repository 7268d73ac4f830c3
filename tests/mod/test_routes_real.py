"""`goide mod explain` against the real `go mod download`, on loopback servers the tests start.

For each scenario, goide predicts the route (`mod explain --json`, through the real CLI and the
real collector: environment, go env file, .netrc, git config); then the real `go mod download -x`
runs with a scratch GOPATH/GOMODCACHE and GOFLAGS=-mod=mod, and the servers' request logs must
agree with the prediction: the same proxies asked in the same order (with `,` / `|` fall-through
given what each server answers), the checksum database asked or not, credentials sent or not, and
the same outcome (success, or the predicted failing step, as `mod decode` classifies go's error).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from goide.mod.decode import decode_text
from tests.helpers import goide, tool
from tests.mod.servers import (
    GIT_HTTP_BACKEND,
    Server,
    add_module,
    escape_path,
    git_server,
    make_git_repo,
    module_proxy,
    self_signed_cert,
    status_server,
)

PUBLIC = "example.com/pub"
PRIVATE = "git.private.example/repo.git"
PROXY_PRIVATE = "corp.example/authed"
USER, PASSWORD = "alice", "Pl4nted-Secret-Git"
PROXY_PASSWORD = "Pl4nted-Secret-Proxy"


@dataclass
class World:
    root: Path
    proxy: Server  # HTTP proxy with PUBLIC
    file_proxy: Path  # the same directory, for file://
    auth_proxy: Server  # HTTPS proxy with PROXY_PRIVATE, basic auth
    cert: Path
    sumdb: Server  # answers 404
    broken: Server  # answers 500
    git: Server

    def all(self) -> list[Server]:
        return [self.proxy, self.auth_proxy, self.sumdb, self.broken, self.git]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    assert GIT_HTTP_BACKEND.is_file(), "git http-backend is missing: apt-get install git"
    root = tmp_path_factory.mktemp("modworld")
    proxy_dir = root / "proxy"
    add_module(proxy_dir, PUBLIC, "v1.0.0")
    auth_dir = root / "authproxy"
    add_module(auth_dir, PROXY_PRIVATE, "v1.2.0")
    repos = root / "repos"
    repos.mkdir()
    make_git_repo(repos, "repo.git", PRIVATE, "v1.0.0")
    cert, key = self_signed_cert(root)
    with (
        module_proxy(proxy_dir) as proxy,
        module_proxy(auth_dir, auth=(USER, PROXY_PASSWORD), tls=(cert, key)) as auth_proxy,
        status_server(404) as sumdb,
        status_server(500, "proxy exploded\n") as broken,
        git_server(repos, (USER, PASSWORD)) as git,
    ):
        yield World(root, proxy, proxy_dir, auth_proxy, cert, sumdb, broken, git)


@dataclass
class Scenario:
    name: str
    module: str
    env: dict[str, str]
    gitconfig: str = ""
    netrc: str = ""
    env_file: str = ""
    files: dict[str, str] = field(default_factory=dict)


def scenarios(w: World) -> list[Scenario]:
    sumdb = f"sum.golang.org {w.sumdb.url}"
    rewrite = f'[url "{w.git.url}/"]\n\tinsteadOf = https://git.private.example/\n'
    http_rewrite = f'[url "{w.git.url}/"]\n\tinsteadOf = http://git.private.example/\n'
    netrc = f"machine 127.0.0.1 login {USER} password {PASSWORD}\n"
    proxy_netrc = f"machine {w.auth_proxy.url[8:]} login {USER} password {PROXY_PASSWORD}\n"
    host_only_netrc = f"machine 127.0.0.1 login {USER} password {PROXY_PASSWORD}\n"
    helper = f'[credential]\n\thelper = "!f() {{ echo username={USER}; echo password={PASSWORD}; }}; f"\n'
    return [
        Scenario("public", PUBLIC, {"GOPROXY": f"{w.proxy.url},direct", "GOSUMDB": sumdb}),
        Scenario("public-file-proxy", PUBLIC, {"GOPROXY": f"file://{w.file_proxy}", "GOSUMDB": sumdb}),
        Scenario(
            "goprivate-in-go-env-file",
            PRIVATE,
            {"GOPROXY": f"{w.proxy.url},direct", "GOSUMDB": sumdb},
            gitconfig=rewrite,
            netrc=netrc,
            env_file="GOPRIVATE=git.private.example\n",
        ),
        Scenario(
            "gonoproxy-overrides-goprivate",
            PRIVATE,
            {
                "GOPROXY": f"{w.proxy.url},direct",
                "GOSUMDB": sumdb,
                "GOPRIVATE": "git.private.example",
                "GONOPROXY": "none.example",
            },
            gitconfig=rewrite,
            netrc=netrc,
        ),
        Scenario(
            "gonosumdb-only", PUBLIC, {"GOPROXY": w.proxy.url, "GOSUMDB": sumdb, "GONOSUMDB": "example.com"}
        ),
        Scenario(
            "goinsecure-http",
            PRIVATE,
            {
                "GOPROXY": "direct",
                "GOSUMDB": sumdb,
                "GOPRIVATE": "git.private.example",
                "GOINSECURE": "git.private.example",
            },
            gitconfig=http_rewrite,
            netrc=netrc,
        ),
        Scenario(
            "http-only-without-goinsecure",
            PRIVATE,
            {"GOPROXY": "direct", "GOSUMDB": sumdb, "GOPRIVATE": "git.private.example"},
            gitconfig=http_rewrite,
            netrc=netrc,
        ),
        Scenario(
            "comma-stops-on-500",
            PUBLIC,
            {"GOPROXY": f"{w.broken.url},{w.proxy.url}", "GOSUMDB": "off"},
        ),
        Scenario(
            "pipe-falls-through-500",
            PUBLIC,
            {"GOPROXY": f"{w.broken.url}|{w.proxy.url}", "GOSUMDB": "off"},
        ),
        Scenario(
            "comma-falls-through-404",
            PUBLIC,
            {"GOPROXY": f"{w.sumdb.url},{w.proxy.url}", "GONOSUMDB": "example.com", "GOSUMDB": sumdb},
        ),
        Scenario("off", PUBLIC, {"GOPROXY": "off", "GOSUMDB": sumdb}),
        Scenario(
            "direct-private-without-goprivate",
            PRIVATE,
            {"GOPROXY": "direct", "GOSUMDB": sumdb},
            gitconfig=rewrite,
            netrc=netrc,
        ),
        Scenario(
            "netrc-https-proxy",
            PROXY_PRIVATE,
            {
                "GOPROXY": w.auth_proxy.url,
                "GOSUMDB": sumdb,
                "GONOSUMDB": "corp.example",
                "SSL_CERT_FILE": str(w.cert),
            },
            netrc=proxy_netrc,
        ),
        Scenario(
            "netrc-machine-without-port",
            PROXY_PRIVATE,
            {
                "GOPROXY": w.auth_proxy.url,
                "GOSUMDB": sumdb,
                "GONOSUMDB": "corp.example",
                "SSL_CERT_FILE": str(w.cert),
            },
            netrc=host_only_netrc,
        ),
        Scenario(
            "goauth-command",
            PROXY_PRIVATE,
            {
                "GOPROXY": w.auth_proxy.url,
                "GONOSUMDB": "corp.example",
                "SSL_CERT_FILE": str(w.cert),
                "GOAUTH": "{root}/goauth.sh",
            },
            files={
                "goauth.sh": "#!/bin/sh\nprintf '%s\\n\\n%s\\n\\n' '"
                + w.auth_proxy.url
                + "' 'Authorization: Basic "
                + __import__("base64").b64encode(f"{USER}:{PROXY_PASSWORD}".encode()).decode()
                + "'\n"
            },
        ),
        Scenario(
            "goauth-off-no-credentials",
            PROXY_PRIVATE,
            {
                "GOPROXY": w.auth_proxy.url,
                "GONOSUMDB": "corp.example",
                "SSL_CERT_FILE": str(w.cert),
                "GOAUTH": "off",
            },
            netrc=proxy_netrc,
        ),
        Scenario(
            "credential-helper",
            PRIVATE,
            {"GOPROXY": f"{w.proxy.url},direct", "GOPRIVATE": "git.private.example", "GOSUMDB": sumdb},
            gitconfig=rewrite + helper,
        ),
        Scenario(
            "no-credentials",
            PRIVATE,
            {"GOPROXY": "direct", "GOPRIVATE": "git.private.example", "GOSUMDB": sumdb},
            gitconfig=rewrite,
        ),
        Scenario(
            "no-insteadof",
            PRIVATE,
            {"GOPROXY": "direct", "GOPRIVATE": "git.private.example", "GOSUMDB": sumdb},
            netrc=netrc,
        ),
    ]


def _environment(w: World, s: Scenario, base: Path) -> dict[str, str]:
    home = base / "home"
    home.mkdir(parents=True)
    if s.gitconfig:
        (home / ".gitconfig").write_text(s.gitconfig)
    if s.netrc:
        (home / ".netrc").write_text(s.netrc)
        (home / ".netrc").chmod(0o600)
    for name, text in s.files.items():
        (base / name).write_text(text)
        (base / name).chmod(0o700)
    (base / "goenv").write_text(s.env_file)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GOPATH": str(base / "gopath"),
        "GOMODCACHE": str(base / "modcache"),
        "GOCACHE": str(base / "gocache"),
        "GOENV": str(base / "goenv"),
        "GOTOOLCHAIN": "local",
        "GOFLAGS": "-mod=mod",
    }
    env.update({k: v.replace("{root}", str(base)) for k, v in s.env.items()})
    return env


def _answers(w: World, module: str, route: dict[str, Any]) -> dict[str, int]:
    """What each loopback proxy answers for `module`, as the test built them: the HTTPS proxy
    answers 401 unless the request carries credentials, so its answer is what it would be if goide's
    prediction of the credentials sent is right (checked against its request log below)."""
    sent = any(s["credentials"] for s in route["steps"] if s["url"] == w.auth_proxy.url)
    return {
        w.proxy.url: 200 if module == PUBLIC else 404,
        f"file://{w.file_proxy}": 200 if module == PUBLIC else 404,
        w.broken.url: 500,
        w.sumdb.url: 404,
        w.auth_proxy.url: (200 if sent else 401) if module == PROXY_PRIVATE else 404,
    }


def _walk(route: dict[str, Any], answers: dict[str, int]) -> tuple[list[str], bool, int | None]:
    """The proxies Go asks, in order, given the route and each server's answer; whether it goes
    on to direct access; the answer of the last proxy asked."""
    asked: list[str] = []
    last: int | None = None
    for step in route["steps"]:
        if step["kind"] == "direct":
            return asked, True, last
        if step["kind"] == "off":
            return asked, False, last
        asked.append(step["url"])
        last = answers[step["url"]]
        if last == 200:
            return asked, False, last
        if last not in (404, 410) and step["falls_through"] != "on any error":
            return asked, False, last
    return asked, False, last


def _asked(server: Server, module: str) -> bool:
    """Asked as a module proxy (GOPROXY protocol paths), not as a checksum database."""
    wanted = (f"/{escape_path(module)}/@v/", f"/{escape_path(module)}/@latest")
    return any(p.startswith(wanted) for p in server.paths())


def _first_asked(server: Server, module: str) -> int:
    return min(r.order for r in server.requests if escape_path(module) in r.path)


def _go_download(env: dict[str, str], cwd: Path, module: str) -> subprocess.CompletedProcess[str]:
    (cwd / "go.mod").write_text("module scratch.test/m\n\ngo 1.21\n")
    return subprocess.run(
        [str(tool("go")), "mod", "download", "-json", "-x", f"{module}@latest"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


SCENARIO_NAMES = [
    "public",
    "public-file-proxy",
    "goprivate-in-go-env-file",
    "gonoproxy-overrides-goprivate",
    "gonosumdb-only",
    "goinsecure-http",
    "http-only-without-goinsecure",
    "comma-stops-on-500",
    "pipe-falls-through-500",
    "comma-falls-through-404",
    "off",
    "direct-private-without-goprivate",
    "netrc-https-proxy",
    "netrc-machine-without-port",
    "goauth-command",
    "goauth-off-no-credentials",
    "credential-helper",
    "no-credentials",
    "no-insteadof",
]


# What each scenario is about, so that agreement cannot be vacuous: (proxies asked, direct access
# reached, checksum database asked, outcome as the step of go's error or "ok").
EXPECTED = {
    "public": (1, False, True, "checksum-db"),
    "public-file-proxy": (0, False, True, "checksum-db"),
    "goprivate-in-go-env-file": (0, True, False, "ok"),
    "gonoproxy-overrides-goprivate": (1, True, False, "ok"),
    "gonosumdb-only": (1, False, False, "ok"),
    "goinsecure-http": (0, True, False, "ok"),
    "http-only-without-goinsecure": (0, False, False, "vcs"),
    "comma-stops-on-500": (1, False, False, "proxy"),
    "pipe-falls-through-500": (2, False, False, "ok"),
    "comma-falls-through-404": (2, False, False, "ok"),
    "off": (0, False, False, "config"),
    "direct-private-without-goprivate": (0, True, True, "checksum-db"),
    "netrc-https-proxy": (1, False, False, "ok"),
    "netrc-machine-without-port": (1, False, False, "auth"),
    "goauth-command": (1, False, False, "ok"),
    "goauth-off-no-credentials": (1, False, False, "auth"),
    "credential-helper": (0, True, False, "ok"),
    "no-credentials": (0, True, False, "vcs"),
    "no-insteadof": (0, False, False, "vcs"),
}


@pytest.mark.parametrize("name", SCENARIO_NAMES)
def test_prediction_agrees_with_go(world: World, tmp_path: Path, name: str) -> None:
    scenario = {s.name: s for s in scenarios(world)}[name]
    env = _environment(world, scenario, tmp_path)
    for server in world.all():
        server.requests.clear()
    explained = goide("mod", "explain", "--json", scenario.module, env=env, cwd=tmp_path, timeout=60)
    assert explained.returncode in (0, 1), explained.stderr.decode()
    route = json.loads(explained.stdout)["modules"][0]
    for secret in (PASSWORD, PROXY_PASSWORD):
        assert secret.encode() not in explained.stdout + explained.stderr

    done = _go_download(env, tmp_path, scenario.module)
    go_output = done.stdout + done.stderr
    answers = _answers(world, scenario.module, route)
    predicted_proxies, predicted_direct, last_answer = _walk(route, answers)

    # 1. The same proxies, in the same order, and direct access or not.
    observed = sorted(
        (url for url in answers if url.startswith("http") and _asked(_server(world, url), scenario.module)),
        key=lambda url: _first_asked(_server(world, url), scenario.module),
    )
    if scenario.name == "public-file-proxy":
        assert predicted_proxies == [f"file://{world.file_proxy}"]
    else:
        assert observed == [u for u in predicted_proxies if u.startswith("http")], go_output
    git_asked = bool(world.git.requests)
    reachable = bool(route["vcs"]) and any(u.startswith(world.git.url) for u in route["vcs"]["urls"])
    assert git_asked == (predicted_direct and reachable), go_output
    # 2. Credentials: sent exactly when goide says a step sends some.
    creds_for_git = bool(route["vcs"] and route["vcs"]["credentials"])
    if git_asked:
        assert any(r.authorized for r in world.git.requests) == creds_for_git, go_output
    proxy_steps = {s["url"]: s["credentials"] for s in route["steps"] if s["kind"] == "proxy"}
    if _asked(world.auth_proxy, scenario.module):
        assert any(r.authorized for r in world.auth_proxy.requests) == bool(
            proxy_steps[world.auth_proxy.url]
        ), go_output
    # 3. The outcome: success, or the step goide predicts, as `mod decode` reads go's error.
    found_module = last_answer == 200 or (git_asked and creds_for_git)
    if route["ends_with_error"]:
        expected = "config"
    elif not found_module:
        expected = {401: "auth", 500: "proxy"}.get(last_answer or 0, "vcs")
    elif route["checksum_db"]:
        expected = "checksum-db"
    else:
        expected = "ok"
    looked_up = any(p.startswith("/lookup/") for p in world.sumdb.paths())
    assert looked_up == (found_module and route["checksum_db"] is not None), go_output
    asked_count = len(observed) if scenario.name != "public-file-proxy" else 0
    assert (asked_count, git_asked, looked_up, expected) == EXPECTED[name], go_output
    if expected == "ok":
        assert done.returncode == 0, go_output
    else:
        assert done.returncode != 0
        steps = [e.step for e in decode_text(go_output)]
        assert expected in steps, (steps, go_output)


def _server(world: World, url: str) -> Server:
    return next(s for s in world.all() if s.url == url)


@pytest.fixture(autouse=True)
def _writable(tmp_path: Path) -> Iterator[None]:
    yield
    subprocess.run(["chmod", "-R", "u+w", str(tmp_path)], check=False)
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_mod_check_success_and_failure(world: World, tmp_path: Path) -> None:
    """`goide mod check` runs the real go mod download: the steps it shows are the requests the
    servers saw, a failure is explained by the decoder, and no planted secret is printed."""
    scenario = {s.name: s for s in scenarios(world)}["goprivate-in-go-env-file"]
    env = _environment(world, scenario, tmp_path)
    world.git.requests.clear()
    done = goide("mod", "check", "--json", f"{PRIVATE}@v1.0.0", env=env, cwd=tmp_path, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    doc = json.loads(done.stdout)
    assert doc["ok"]
    assert doc["version"] == "v1.0.0"
    assert doc["observed"] == {"proxies": [], "direct": True, "checksum_db": False, "agrees": True}
    assert any(s["kind"] == "vcs" and "ls-remote" in s["target"] for s in doc["steps"])
    assert world.git.requests
    assert PASSWORD.encode() not in done.stdout + done.stderr

    scenario = {s.name: s for s in scenarios(world)}["public"]
    env = _environment(world, scenario, tmp_path / "second")
    done = goide("mod", "check", f"{PUBLIC}@v1.0.0", env=env, cwd=tmp_path, timeout=180)
    assert done.returncode == 1
    text = done.stdout.decode()
    assert f"get  {world.proxy.url}/example.com/pub/@v/v1.0.0.info  -> 200 OK" in text
    assert "[checksum-db] sumdb-not-found" in text
    assert "go env -w GOPRIVATE=example.com" in text


def test_mod_check_hanging_go_is_killed(tmp_path: Path) -> None:
    """A proxy that accepts and never answers makes the real go hang; --timeout kills it."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        port = listener.getsockname()[1]
        env = {
            "HOME": str(tmp_path),
            "GOENV": str(tmp_path / "goenv"),
            "GOPATH": str(tmp_path / "gopath"),
            "GOPROXY": f"http://127.0.0.1:{port}",
            "GOSUMDB": "off",
            "GOTOOLCHAIN": "local",
        }
        done = goide(
            "mod", "check", "--timeout", "3", "example.com/pub@v1.0.0", env=env, cwd=tmp_path, timeout=60
        )
    finally:
        listener.close()
    assert done.returncode == 1
    assert b"did not finish within 3 s (killed)" in done.stdout
    assert b"Traceback" not in done.stderr


def test_mod_check_goauth_secret_never_printed(world: World, tmp_path: Path) -> None:
    """The GOAUTH command prints a real Authorization header: neither the password nor the header
    value shows in `mod check`'s output, text or JSON, while go uses it and succeeds."""
    import base64

    scenario = {s.name: s for s in scenarios(world)}["goauth-command"]
    env = _environment(world, scenario, tmp_path)
    header = base64.b64encode(f"{USER}:{PROXY_PASSWORD}".encode())
    for args in (["--json"], []):
        world.auth_proxy.requests.clear()
        done = goide("mod", "check", *args, f"{PROXY_PRIVATE}@v1.2.0", env=env, cwd=tmp_path, timeout=180)
        assert done.returncode == 0, done.stdout + done.stderr
        assert any(r.authorized for r in world.auth_proxy.requests)
        out = done.stdout + done.stderr
        assert PROXY_PASSWORD.encode() not in out
        assert header not in out


@pytest.mark.parametrize(
    "name",
    ["public", "gonoproxy-overrides-goprivate", "comma-falls-through-404", "pipe-falls-through-500", "off"],
)
def test_mod_check_reports_agreement(world: World, tmp_path: Path, name: str) -> None:
    """`mod check` compares what go did (its -x steps) with the route: they agree in every scenario."""
    scenario = {s.name: s for s in scenarios(world)}[name]
    env = _environment(world, scenario, tmp_path)
    done = goide("mod", "check", "--json", f"{scenario.module}@latest", env=env, cwd=tmp_path, timeout=180)
    doc = json.loads(done.stdout)
    observed = doc["observed"]
    assert observed["agrees"], (observed, doc["steps"])
    assert observed["proxies"] == [u for u in doc["route"]["proxies"] if u in observed["proxies"]]
    assert observed["checksum_db"] == (EXPECTED[name][2])
