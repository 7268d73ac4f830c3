"""`goide mod decode`: every error shape of the reference (§5.5, cmd/go's own texts), real error texts
from public issues (tests/data/mod/issues.json), and hostile input (a 10 MB log, binary data)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from goide.mod.decode import decode_text
from tests.helpers import goide, read_terminal, tool

DATA = Path(__file__).resolve().parent.parent / "data" / "mod"

# The literal shapes of reference §5.5 and the configuration errors of cmd/go (go 1.26 sources:
# codehost/git.go, web/api.go, modfetch/fetch.go, sumdb.go, proxy.go, auth/auth.go, vcs/vcs.go).
REFERENCE = {
    "terminal-prompts-disabled": (
        "go: github.com/org/priv@v1.2.3: reading github.com/org/priv/go.mod at revision v1.2.3: git "
        "ls-remote -q "
        "--end-of-options origin in /home/u/go/pkg/mod/cache/vcs/0123abcd: exit status 128:\n"
        "\tfatal: could not read Username for 'https://github.com': terminal prompts disabled\n"
        "Confirm the import path was entered correctly.\n"
        "If this is a private repository, see https://go.dev/doc/faq#git_https for additional information.\n"
    ),
    "proxy-not-found": (
        "go: module github.com/org/priv: reading https://proxy.golang.org/github.com/org/priv/@v/list: 410 "
        "Gone\n"
        "\tserver response:\n\tnot found: github.com/org/priv@latest: terminal prompts disabled\n"
    ),
    "proxy-not-found/info": (
        "go: example.com/m@v1.0.0: reading https://proxy.golang.org/example.com/m/@v/v1.0.0.info: 404 Not "
        "Found\n"
        "\tserver response: not found: example.com/m@v1.0.0: invalid version: unknown revision v1.0.0\n"
    ),
    "sumdb-not-found": (
        "go: corp.example/x@v0.0.2: verifying module: corp.example/x@v0.0.2: reading "
        "https://sum.golang.org/lookup/corp.example/x@v0.0.2: 404 Not Found\n\tserver response:\n"
        "\tnot found: corp.example/x@v0.0.2: invalid version: git ls-remote -q origin: exit status 128:\n"
        "\t\tfatal: could not read Username for 'https://corp.example': terminal prompts disabled\n"
    ),
    "gosum-mismatch": (
        "verifying example.com/m@v1.0.0: checksum mismatch\n\tdownloaded: h1:AAA=\n\tgo.sum:     h1:BBB=\n\n"
        "SECURITY ERROR\nThis download does NOT match an earlier download recorded in go.sum.\n"
        "For more information, see 'go help module-auth'.\n"
    ),
    "sumdb-mismatch": (
        "go: example.com/m@v1.0.0: verifying module: checksum mismatch\n\tdownloaded: h1:AAA=\n"
        "\tsum.golang.org: h1:BBB=\n\nSECURITY ERROR\nThis download does NOT match the one reported by the "
        "checksum server.\n"
    ),
    "sumdb-missing": "go: example.com/m@v1.0.0: verifying module: checksum missing from sumdb response\n",
    "unrecognized-import-path": (
        'go: example.com/module/c@v1.0.0: unrecognized import path "example.com/module/c": reading '
        "https://example.com/module/c?go-get=1: 404 Not Found\n"
    ),
    "unrecognized-import-path/dial": (
        'go: unrecognized import path "corp.example/m": https fetch: Get "https://corp.example/m?go-get=1": '
        "dial tcp: lookup corp.example: no such host\n"
    ),
    "govcs": (
        'go: example.com/m@v1: unrecognized import path "x": GOVCS disallows using bzr for public '
        "example.com; see 'go help vcs'\n"
    ),
    "no-secure-protocol": (
        "go: git.corp.example/team/repo.git@v1.0.0: no secure protocol found for repository\n"
    ),
    "unknown-revision": "go: example.com/m@v1.9.9: invalid version: unknown revision v1.9.9\n",
    "proxy-error": (
        "go: example.com/m@v1.0.0: reading https://goproxy.corp.example/example.com/m/@v/v1.0.0.info: "
        "502 Bad Gateway\n"
    ),
    "goproxy-invalid": "go: example.com/m@v1.0.0: invalid proxy URL missing scheme: proxy\n",
    "goproxy-invalid/scheme": (
        "go: invalid proxy URL scheme (must be https, http, file): ftp://mirror.example\n"
    ),
    "goauth-invalid": "go: GOAUTH encountered an empty command (GOAUTH=netrc;)\n",
    "goauth-invalid/off": (
        "go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)\n"
    ),
    "goauth-invalid/git": (
        "go: GOAUTH=git dir method requires an absolute path to the git working directory, "
        "dir is not absolute\n"
    ),
    "insecure-flag": "go: -insecure flag is no longer supported; use GOINSECURE instead\n",
    "goproxy-off": "go: example.com/m@v1.0.0: module lookup disabled by GOPROXY=off\n",
    "sumdb-off-toolchain": (
        "go: downloading go1.99.0: verifying golang.org/toolchain@v0.0.1-go1.99.0.linux-amd64: "
        "checksum database disabled by GOSUMDB=off\n"
    ),
}


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_reference_shapes(name: str) -> None:
    errors = decode_text(REFERENCE[name])
    kind = name.split("/", 1)[0]
    assert [e.kind for e in errors][:1] == [kind], [e.kind for e in errors]
    first = errors[0]
    assert first.cause
    assert first.fix.description


def test_context_gives_the_fix_for_this_environment() -> None:
    from goide.mod.config import ModConfig, Setting

    config = ModConfig(
        settings={
            "GOPRIVATE": Setting("corp.example", "environment"),
            "GONOSUMDB": Setting("other.example", "environment"),
        }
    )
    [error] = decode_text(REFERENCE["sumdb-not-found"], config)
    assert "GONOSUMDB=other.example is set and replaces GOPRIVATE" in error.cause
    assert error.fix.command == "go env -w GONOSUMDB=other.example,corp.example"
    [error] = decode_text(REFERENCE["proxy-not-found"])
    assert error.fix.command == "go env -w GOPRIVATE=github.com/org"
    assert any("terminal prompts disabled" in e for e in error.evidence)


@pytest.mark.parametrize("name", ["issues.json", "holdout.json"])
def test_real_issue_texts(name: str) -> None:
    corpus = json.loads((DATA / name).read_text())
    right = 0
    wrong = []
    for entry in corpus:
        kinds = [e.kind for e in decode_text(entry["text"])]
        if kinds and kinds[0] == entry["expect"]:
            right += 1
        else:
            wrong.append((entry["url"], entry["expect"], kinds))
    print(f"decode explains {right} of {len(corpus)} real error texts of {name}")
    assert not wrong, wrong


def test_cli_decode_json(tmp_path: Path) -> None:
    log = tmp_path / "ci.log"
    log.write_text(
        "2026-08-21 10:02:11.481 [error] " + REFERENCE["proxy-not-found"] + REFERENCE["sumdb-not-found"]
    )
    done = goide("mod", "decode", "--json", str(log), env={"HOME": str(tmp_path)})
    assert done.returncode == 1, done.stderr
    doc = json.loads(done.stdout)
    assert doc["schema"] == "goide.mod.decode/1"
    assert [e["step"] for e in doc["errors"]] == ["proxy", "checksum-db"]


def test_ten_megabyte_log_and_binary(tmp_path: Path) -> None:
    big = tmp_path / "big.log"
    with big.open("w") as f:
        for i in range(150_000):
            f.write(f"line {i} of a noisy build log with nothing in it\n")
        f.write("x" * 3_000_000 + "\n")
        f.write(REFERENCE["goproxy-off"])
    assert big.stat().st_size > 10_000_000
    done = goide("mod", "decode", str(big), env={"HOME": str(tmp_path)})
    assert done.returncode == 1, done.stderr
    assert b"goproxy-off" in done.stdout
    binary = tmp_path / "core"
    binary.write_bytes(b"\x7fELF\x00\x00" + bytes(range(256)) * 10)
    done = goide("mod", "decode", str(binary), env={"HOME": str(tmp_path)})
    assert done.returncode == 2
    assert done.stderr.decode().startswith("error: ")
    assert "\nhint: " in done.stderr.decode()
    done = goide("mod", "decode", str(tmp_path / "missing.log"), env={"HOME": str(tmp_path)})
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    """A log over core.inputs.PROGRESS_MIN_BYTES: a bar on a terminal's stderr, none into a pipe."""
    import os
    import pty
    import subprocess
    import sys

    big = tmp_path / "big.log"
    with big.open("w") as f:
        for i in range(180_000):
            f.write(f"line {i} of a noisy build log with nothing in it\n")
        f.write(REFERENCE["goproxy-off"])
    main, secondary = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "goide", "mod", "decode", str(big)],
            stdout=subprocess.DEVNULL,
            stderr=secondary,
            env={**os.environ, "HOME": str(tmp_path)},
        )
        os.close(secondary)
        drawn = read_terminal(main, proc, timeout=300)
        proc.wait(timeout=300)
    finally:
        os.close(main)
    assert proc.returncode == 1
    assert b"reading big.log [" in drawn
    assert b"%" in drawn
    piped = goide("mod", "decode", str(big), env={"HOME": str(tmp_path)})
    assert piped.returncode == 1
    assert b"\r" not in piped.stderr


def test_go_env_fixes_work_when_typed(tmp_path: Path) -> None:
    """Each `go env -w NAME=VALUE` fix, run by bash as a user would paste it, makes the real go
    report VALUE (a `|` in GOPROXY or GOVCS left unquoted would be a shell pipe)."""
    import shlex
    import subprocess

    from goide.mod.config import ModConfig, Setting

    config = ModConfig(settings={"GOPRIVATE": Setting("corp.example", "environment")})
    errors = [e for text in REFERENCE.values() for e in decode_text(text, config)]
    commands = sorted(
        {e.fix.command for e in errors if e.fix.command and e.fix.command.startswith("go env -w ")}
    )
    assert any("|" in c for c in commands)
    for i, command in enumerate(commands):
        name, _, value = shlex.split(command)[3].partition("=")
        env = {**os.environ, "GOENV": str(tmp_path / f"env{i}"), "GOTOOLCHAIN": "local"}
        for variable in ("GOPROXY", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOVCS", "GOFLAGS"):
            env.pop(variable, None)
        subprocess.run(["bash", "-c", command], env=env, capture_output=True, timeout=60, check=True)
        done = subprocess.run(
            [str(tool("go")), "env", name], env=env, capture_output=True, text=True, timeout=60, check=True
        )
        assert done.stdout.strip() == value, (command, done.stdout, done.stderr)
