"""`goide mod explain` rules and output: findings for the mistakes of issue 12, planted secrets
never shown, bad input as one error/hint line, the doctor's Modules area."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from goide.core.model import Severity
from goide.mod.config import ModConfig, Setting
from goide.mod.explain import config_findings, explain_all, route_findings
from goide.mod.netrc import read_netrc
from goide.mod.route import route
from tests.helpers import goide

SECRETS = ("N3trcPlanted99", "Pr0xyPlanted77", "G1tPlanted55", "AuthOutPlanted33")


def _config(**values: str) -> ModConfig:
    return ModConfig(settings={k: Setting(v, "environment") for k, v in values.items()})


def _ids(findings: list) -> set[str]:  # type: ignore[type-arg]
    return {f.id for f in findings}


def test_gonoproxy_replaces_goprivate_sends_private_path_to_public_proxy() -> None:
    config = _config(GOPRIVATE="corp.example", GONOPROXY="other.example")
    r = route("corp.example/lib@v1.0.0", config)
    assert r.proxies == ["https://proxy.golang.org"]
    assert r.checksum_db is None
    found = route_findings(r, config)
    assert "mod.private-to-public-proxy" in _ids(found)
    fix = next(f for f in found if f.id == "mod.private-to-public-proxy").fix
    assert fix is not None
    assert fix.command == "go env -w GONOPROXY=other.example,corp.example"
    assert "mod.gonoproxy-replaces-goprivate" in _ids(config_findings(config))


def test_gonosumdb_only_sends_private_path_to_public_sumdb() -> None:
    config = _config(GOPRIVATE="corp.example", GONOSUMDB="x.example", GONOPROXY="corp.example")
    r = route("corp.example/lib", config)
    assert r.direct
    assert r.checksum_db == "sum.golang.org"
    assert "mod.private-to-public-sumdb" in _ids(route_findings(r, config))
    assert "mod.gonosumdb-replaces-goprivate" in _ids(config_findings(config))
    assert "mod.gonoproxy-replaces-goprivate" not in _ids(config_findings(config))


def test_goinsecure_does_not_disable_sumdb() -> None:
    config = _config(GOINSECURE="corp.example", GONOPROXY="corp.example")
    r = route("corp.example/team/repo.git", config)
    assert r.insecure
    assert r.checksum_db == "sum.golang.org"
    assert r.vcs is not None
    assert r.vcs.urls[0] == "git://corp.example/team/repo"
    assert "mod.insecure-still-verified" in _ids(route_findings(r, config))


def test_pattern_mistakes() -> None:
    config = _config(GOPRIVATE="https://corp.example, github.com/org/*,[bad")
    found = [f for f in config_findings(config) if f.id == "mod.pattern"]
    titles = " ".join(f.title for f in found)
    assert "URL scheme" in titles
    assert "spaces" in titles
    assert "/*" in titles
    assert "syntax error" in titles
    assert all(f.fix and f.fix.command and f.fix.command.startswith("go env -w GOPRIVATE=") for f in found)


def test_unknown_variable_goauth_and_goflags() -> None:
    config = ModConfig(
        settings={
            "GOAUTH": Setting("git relative/dir", "environment"),
            "GOFLAGS": Setting("-insecure", "environment"),
            "GOPROXY": Setting("proxy.invalid", "environment"),
        },
        unknown={"GONOSUMCHECK": Setting("corp.example", "environment")},
    )
    found = {f.id: f for f in config_findings(config)}
    assert found["mod.unknown-variable"].severity is Severity.WARNING
    assert "GONOSUMDB" in found["mod.unknown-variable"].title
    fix = found["mod.unknown-variable"].fix
    assert fix is not None
    assert fix.command == "go env -w GONOSUMDB=corp.example"
    assert found["mod.goauth-invalid"].severity is Severity.ERROR
    assert found["mod.goflags-insecure"].severity is Severity.ERROR
    assert "mod.goproxy-invalid" not in found  # scheme-less with a dot is https://proxy.invalid


def test_netrc_findings() -> None:
    netrc = read_netrc(
        "/h/.netrc",
        "machine corp.example login bot\nmacdef init\ncd /\n\ndefault login a password b\n",
        0o644,
    )
    config = ModConfig(settings={}, netrc=netrc, netrc_path="/h/.netrc")
    ids = _ids(config_findings(config))
    assert {"mod.netrc-permissions", "mod.netrc-incomplete", "mod.netrc-macdef", "mod.netrc-default"} <= ids


def test_no_credentials_for_private_repository() -> None:
    config = _config(GOPRIVATE="github.com/org")
    _, routes = explain_all(["github.com/org/priv"], config)
    [(r, found)] = routes
    assert r.vcs is not None
    assert r.vcs.urls == ("https://github.com/org/priv",)
    assert "mod.no-credentials" in _ids(found)


def test_ssh_rewrite_counts_as_credentials() -> None:
    from goide.mod.gitconfig import parse_config_list

    git = parse_config_list("file:/h/.gitconfig\0url.git@github.com:.insteadof\nhttps://github.com/\0")
    config = ModConfig(settings={"GOPRIVATE": Setting("github.com/org", "environment")}, git=git)
    _, [(r, found)] = explain_all(["github.com/org/priv"], config)
    assert r.vcs is not None
    assert r.vcs.urls == ("git@github.com:org/priv",)
    assert r.vcs.ssh
    assert "mod.no-credentials" not in _ids(found)


def _planted_home(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".netrc").write_text(f"machine corp.example login bot password {SECRETS[0]}\n")
    (home / ".gitconfig").write_text(
        f'[url "https://bot:{SECRETS[2]}@corp.example/"]\n\tinsteadOf = https://corp.example/\n'
        f'[credential]\n\thelper = "!f() {{ echo password={SECRETS[2]}; }}; f"\n'
    )
    auth = tmp_path / "auth.sh"
    auth.write_text(
        f"#!/bin/sh\nprintf 'https://corp.example\\n\\nAuthorization: Bearer {SECRETS[3]}\\n\\n'\n"
    )
    auth.chmod(0o700)
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GOENV": str(tmp_path / "goenv"),
        "GOPRIVATE": "corp.example",
        "GOPROXY": f"https://user:{SECRETS[1]}@proxy.corp.example,direct",
        "GOAUTH": f"{auth};netrc",
    }


def test_planted_secrets_never_printed(tmp_path: Path) -> None:
    env = _planted_home(tmp_path)
    env["GONOPROXY"] = "none.example"
    outputs = []
    for args in (["explain", "corp.example/lib"], ["explain", "--json", "-v", "corp.example/lib"]):
        done = goide("mod", *args, env=env, cwd=tmp_path)
        assert done.returncode in (0, 1), done.stderr
        outputs.append(done.stdout + done.stderr)
    log = tmp_path / "log"
    log.write_text(
        f"go: reading https://user:{SECRETS[1]}@proxy.corp.example/corp.example/lib/@v/list: 401 "
        "Unauthorized\n"
        f"fatal: Authentication failed for 'https://bot:{SECRETS[2]}@corp.example/lib/'\n"
        f"password {SECRETS[0]}\nAuthorization: Bearer {SECRETS[3]}\n"
    )
    for args in (["decode", str(log)], ["decode", "--json", str(log)]):
        done = goide("mod", *args, env=env, cwd=tmp_path)
        outputs.append(done.stdout + done.stderr)
    facts = tmp_path / "facts.json"
    done = goide("doctor", "--json", "--facts-out", str(facts), env=env, cwd=tmp_path, timeout=120)
    outputs.extend([done.stdout + done.stderr, facts.read_bytes()])
    assert b"mod.proxy-credentials-in-url" in done.stdout
    doc = json.loads(outputs[1])
    assert doc["modules"][0]["proxies"] == ["https://proxy.corp.example"]
    assert any("credentials" in s and s["credentials"] for s in doc["modules"][0]["steps"])
    for out in outputs:
        for secret in SECRETS:
            assert secret.encode() not in out


def test_bad_input_is_one_error_line(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "GOENV": str(tmp_path / "goenv")}
    for bad in ("https://github.com/org/repo", "has space/x", "-x", ""):
        done = goide("mod", "explain", "--", bad, env=env, cwd=tmp_path)
        err = done.stderr.decode()
        assert done.returncode == 2, (bad, err)
        assert err.startswith("error: "), err
        assert "\nhint: " in err, err
        assert "Traceback" not in err
    done = goide("mod", "explain", "--json", "corp.example/x", env={**env, "GOPROXY": "proxy"}, cwd=tmp_path)
    assert done.returncode == 1
    doc = json.loads(done.stdout)
    assert doc["modules"][0]["ends_with_error"] == "invalid proxy URL missing scheme: proxy"
    assert any(f["id"] == "mod.goproxy-invalid" for f in doc["findings"])
    done = goide(
        "mod",
        "explain",
        "--json",
        "corp.example/x",
        env={**env, "GOPRIVATE": "corp.example, x.example/*"},
        cwd=tmp_path,
    )
    assert any(f["id"] == "mod.pattern" for f in json.loads(done.stdout)["findings"])


def test_doctor_modules_area_from_facts(tmp_path: Path) -> None:
    from goide.mod.area import judge_modules

    config = _config(GOPRIVATE="corp.example", GONOSUMDB="x.example", GONOPROXY="corp.example")

    class Facts:
        extra: ClassVar[dict[str, Any]] = {
            "modules": {
                "config": config.to_json(),
                "go_mod": "/w/go.mod",
                "requires": [["corp.example/lib", "v1.0.0"], ["golang.org/x/mod", "v0.42.0"]],
            }
        }

    found = judge_modules(Facts())
    assert {f.area for f in found} == {"Modules"}
    assert "mod.private-to-public-sumdb" in _ids(found)
    Facts.extra["modules"]["config"] = _config().to_json()
    assert [f.id for f in judge_modules(Facts())] == ["mod.ok"]


def test_doctor_modules_area_on_a_workspace(tmp_path: Path) -> None:
    """The real `goide doctor` reads the workspace's go.mod and judges its private requirements."""
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "go.mod").write_text(
        "module example.com/app\n\ngo 1.23\n\n"
        "require (\n\tcorp.example/lib v1.0.0\n\tgolang.org/x/mod v0.42.0\n)\n"
    )
    env = {
        "HOME": str(tmp_path),
        "GOENV": str(tmp_path / "goenv"),
        "GOPRIVATE": "corp.example",
        "GONOSUMDB": "x.example",
        "GONOSUMCHECK": "corp.example",
    }
    done = goide("doctor", "--json", "--workspace", str(workspace), env=env, cwd=tmp_path, timeout=120)
    doc = json.loads(done.stdout)
    modules = {f["id"]: f for f in doc["findings"] if f["area"] == "Modules"}
    assert "mod.private-to-public-sumdb" in modules, modules
    assert "corp.example/lib" in modules["mod.private-to-public-sumdb"]["title"]
    assert "mod.unknown-variable" in modules
    assert done.returncode == 1
    # Run in the project without --workspace: the go.mod of the current directory is read.
    done = goide("doctor", "--json", env=env, cwd=workspace, timeout=120)
    titles = [f["title"] for f in json.loads(done.stdout)["findings"] if f["area"] == "Modules"]
    assert any("corp.example/lib" in t for t in titles), titles


def test_hanging_go_env_becomes_a_finding(tmp_path: Path) -> None:
    """A real go that hangs: GOTOOLCHAIN asks for a toolchain from a proxy that never answers."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        env = {
            "HOME": str(tmp_path),
            "GOENV": str(tmp_path / "goenv"),
            "GOPATH": str(tmp_path / "gopath"),
            "GOTOOLCHAIN": "go1.99.0",
            "GOPROXY": f"http://127.0.0.1:{listener.getsockname()[1]}",
        }
        done = goide("mod", "explain", "--json", "--timeout", "2", "corp.example/x", env=env, cwd=tmp_path)
    finally:
        listener.close()
    assert done.returncode in (0, 1), done.stderr
    found = json.loads(done.stdout)["findings"]
    assert any(
        f["id"] == "mod.config-unreadable" and "did not answer within 2 s" in f["title"] for f in found
    )


def test_check_text_escapes_control_characters_from_go() -> None:
    """go quotes a server's answer in its error; an escape sequence in it must not reach the terminal."""
    from goide.mod.check import CheckResult, CheckStep
    from goide.mod.view import check_text

    config = _config()
    r = route("example.com/m@v1.0.0", config)
    result = CheckResult(
        "example.com/m",
        "v1.0.0",
        ok=False,
        timed_out=False,
        steps=[CheckStep("get", "https://proxy.golang.org/example.com/m/@v/v1.0.0.info", "404 Not Found")],
        error="example.com/m@v1.0.0: reading https://proxy.golang.org/...: 404 Not Found\x1b[2J\x07",
    )
    text = check_text(result, (r, route_findings(r, config)), config.secrets)
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "404 Not Found" in text


def test_goauth_command_missing_is_read_on_the_machine_and_kept_in_facts(tmp_path: Path) -> None:
    """Whether a GOAUTH command's program exists is read by the collector (here, with the real go
    and git) and judged from the facts, so a facts file from another machine is judged right."""
    import os

    from goide.mod.collect import collect_config
    from goide.mod.config import config_from_json

    environ = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "GOENV": str(tmp_path / "goenv"),
        "GOTOOLCHAIN": "local",
        "GOAUTH": "netrc; goide-no-such-helper --scope corp; git-credential-x; sh -c true",
    }
    config = collect_config(environ, home=str(tmp_path), goos="linux", timeout=30)
    # In the order Go runs them: the last entry first.
    assert config.goauth_missing == ("git-credential-x", "goide-no-such-helper")
    saved = config_from_json(json.loads(json.dumps(config.to_json())))
    found = [f for f in config_findings(saved) if f.id == "mod.goauth-command-missing"]
    assert [f.title for f in found] == [
        "GOAUTH command git-credential-x cannot be found",
        "GOAUTH command goide-no-such-helper cannot be found",
    ]
