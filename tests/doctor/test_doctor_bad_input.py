"""Bad input to `goide doctor`: a go that hangs or prints garbage, broken symlinks and unreadable
directories on PATH, a settings file that is not JSONC, facts files from a newer goide or edited by
hand. Each gives a finding or a one-line error (exit 2), never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.doctor.conftest import doctor_env, findings_by_id, make_vscode_linux, place, write_user_settings
from tests.helpers import goide, tool


def _script(directory: Path, name: str, body: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return path


def _json(result: object) -> dict[str, object]:
    assert b"Traceback" not in result.stderr  # type: ignore[attr-defined]
    return json.loads(result.stdout)  # type: ignore[attr-defined,no-any-return]


def test_go_that_hangs_becomes_a_finding(tmp_path: Path) -> None:
    # A shim (asdf, mise, a wrapper script) that never answers: goide waits --timeout, then reports it.
    shims = tmp_path / "shims"
    _script(shims, "go", "exec sleep 60")
    result = goide(
        "doctor", "--json", "--timeout", "1", env=doctor_env(tmp_path / "home", [shims, Path("/bin")])
    )
    doc = _json(result)
    assert result.returncode == 1
    finding = findings_by_id(doc)["toolchain.go-env-timeout"]
    assert finding["severity"] == "error"
    assert "go env -json" in str(finding["title"])


def test_go_that_prints_garbage_becomes_a_finding(tmp_path: Path) -> None:
    shims = tmp_path / "shims"
    _script(shims, "go", "echo 'go: \\001\\377 garbage {not json'")
    result = goide("doctor", "--json", env=doctor_env(tmp_path / "home", [shims, Path("/bin")]))
    ids = findings_by_id(_json(result))
    assert ids["toolchain.go-env-garbage"]["severity"] == "error"
    assert ids["toolchain.version-unknown"]["severity"] == "warning"


def test_broken_symlinks_and_unreadable_dirs_on_path(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "go").symlink_to(tmp_path / "nowhere" / "go")
    (broken / "gopls").symlink_to(tmp_path / "nowhere" / "gopls")
    locked = tmp_path / "locked"
    locked.mkdir()
    place(tool("dlv"), locked, "dlv")
    locked.chmod(0)
    try:
        env = doctor_env(tmp_path / "home", [broken, locked, tmp_path / "missing", tool("go").parent])
        result = goide("doctor", "--json", env=env)
    finally:
        locked.chmod(0o755)
    ids = findings_by_id(_json(result))
    # The broken `go` is skipped as a shell skips it: the real go after it is the one used.
    assert ids["toolchain.go"]["severity"] == "ok"
    assert str(tool("go")) in str(ids["toolchain.go"]["title"])
    assert "tools.missing.gopls" in ids
    missing = ids["toolchain.path-dir-missing"]
    assert str(tmp_path / "missing") in str(missing["detail"])
    if os.geteuid() != 0:  # root reads a mode-000 directory anyway
        assert str(locked) in str(missing["detail"])


def test_tool_that_is_not_a_go_binary(tmp_path: Path) -> None:
    gobin = tmp_path / "gobin"
    # The Rosetta workaround from golang/vscode-go#2391: a shell wrapper in place of dlv.
    _script(gobin, "dlv", 'exec /usr/bin/arch -arch arm64 "$HOME/go/bin/dlv" "$@"')
    env = doctor_env(tmp_path / "home", [tool("go").parent, gobin], GOBIN=str(gobin))
    ids = findings_by_id(_json(goide("doctor", "--json", env=env)))
    assert ids["tools.unreadable"]["severity"] == "info"
    assert "dlv" in str(ids["tools.unreadable"]["title"])


def test_settings_file_that_is_not_jsonc(tmp_path: Path, hello_module: Path) -> None:
    from tests.doctor.conftest import linux_binary

    home = tmp_path / "home"
    write_user_settings(home, '{\n  "go.toolsGopath": "/opt/tools",\n  "go.lintTool": \n')
    vscode = make_vscode_linux(tmp_path / "opt", linux_binary(hello_module))
    env = doctor_env(home, [tool("go").parent])
    ids = findings_by_id(_json(goide("doctor", "--json", "--vscode", str(vscode), env=env)))
    finding = ids["vscode.settings-unreadable.stable"]
    assert finding["severity"] == "warning"
    assert "not valid JSONC" in str(finding["detail"])
    assert "line 4:1: unexpected end of file" in str(finding["detail"])  # goide's JSONC reader says where
    assert "settings.syntax-error" not in ids  # the settings area does not report it a second time


def _facts_file(tmp_path: Path) -> Path:
    path = tmp_path / "facts.json"
    env = doctor_env(tmp_path / "home", [tool("go").parent])
    result = goide("doctor", "--json", "--facts-out", str(path), env=env)
    assert result.returncode in (0, 1)
    return path


def _one_line_error(result: object, fragment: str) -> None:
    stderr = result.stderr.decode()  # type: ignore[attr-defined]
    assert result.returncode == 2, stderr  # type: ignore[attr-defined]
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert lines[0].startswith("error: ")
    assert fragment in lines[0]
    assert len(lines) == 2
    assert lines[1].startswith("hint: ")


def test_facts_from_a_newer_goide(tmp_path: Path) -> None:
    path = _facts_file(tmp_path)
    data = json.loads(path.read_text())
    data["schema"] = 99
    path.write_text(json.dumps(data))
    _one_line_error(goide("doctor", "--facts", str(path)), "schema 99, newer than this goide")


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda d: d["host"].__setitem__("os", 7), "does not match schema"),
        (lambda d: d.__delitem__("toolchain"), "does not match schema"),
        (lambda d: d["toolchain"]["gos"].append({"path_index": "first"}), "does not match schema"),
        (lambda d: d.__setitem__("schema", "1"), "no integer 'schema'"),
        (lambda d: d.__setitem__("surprise", True), "does not match schema"),
    ],
)
def test_facts_edited_by_hand(tmp_path: Path, edit: object, fragment: str) -> None:
    path = _facts_file(tmp_path)
    data = json.loads(path.read_text())
    edit(data)  # type: ignore[operator]
    path.write_text(json.dumps(data))
    _one_line_error(goide("doctor", "--facts", str(path)), fragment)


@pytest.mark.parametrize("content", [b"", b'{"schema": 1,', b"\xff\xfe\x00", b"[1, 2]"])
def test_facts_that_are_not_facts(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "facts.json"
    path.write_bytes(content)
    result = goide("doctor", "--facts", str(path))
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert result.stderr.startswith(b"error: ")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--platform", "darwin"], "is not OS/ARCH"),
        (["--platform", "plan10/arm64"], "is not OS/ARCH"),
        (["--fix", "--platform", "darwin/arm64"], "--fix works on this machine only"),
        (["--yes"], "--yes only goes with --fix"),
        (["--facts", "x.json", "--facts-out", "y.json"], "collects nothing"),
        (["--timeout", "0"], "--timeout must be"),
        (["--timeout", "nan"], "--timeout must be"),
        (["--timeout", "inf"], "--timeout must be"),
        # 1e10 s overflowed the thread wait: every probe "crashed" and doctor said "No `go` on PATH".
        (["--timeout", "1e10"], "--timeout must be"),
        (["--timeout", "1e308"], "--timeout must be"),
        (["--timeout", "ten"], "--timeout must be"),
        (["--workspace", "/nonexistent/dir"], "not a directory"),
        (["--facts", "/nonexistent/facts.json"], "cannot read facts file"),
    ],
)
def test_usage_errors(args: list[str], fragment: str) -> None:
    _one_line_error(goide("doctor", *args), fragment)


def test_facts_from_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    # /dev/zero never ends: reading it whole before the size check ran out of memory (an internal
    # error, exit 3). The address-space limit turns a regression into a failure, not a swapping machine.
    result = subprocess.run(
        ["sh", "-c", 'ulimit -v 1500000 && exec "$0" -m goide doctor --facts /dev/zero', sys.executable],
        capture_output=True,
        timeout=120,
        check=False,
    )
    _one_line_error(result, "not a regular file")


def test_facts_from_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "facts.fifo"
    os.mkfifo(fifo)  # nobody writes: opening it for reading used to wait forever
    _one_line_error(goide("doctor", "--facts", str(fifo), timeout=60), "not a regular file")


def test_facts_larger_than_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "facts.json"
    with big.open("wb") as file:
        file.truncate(64 * 1024 * 1024 + 1)  # sparse: costs no disk
    _one_line_error(goide("doctor", "--facts", str(big)), "larger than 64 MiB")


def test_a_crashed_probe_stands_alone(tmp_path: Path) -> None:
    """When the toolchain and tools probes crash, collect() keeps their defaults (a toolchain with
    no go, no tools). Judging those defaults said "No `go` on PATH" though nobody looked for go: the
    probe failures must be the only findings about those areas."""
    path = _facts_file(tmp_path)
    data = json.loads(path.read_text())
    intact = goide("doctor", "--json", "--facts", str(path))
    assert "toolchain.go" in findings_by_id(_json(intact))  # the real go was found
    data["toolchain"] = {"path_dirs": data["toolchain"]["path_dirs"]}  # the crash default
    data["tools"] = []
    data["probe_failures"] = [
        {"probe": "toolchain", "kind": "crashed", "message": "OverflowError: timeout value is too large"},
        {"probe": "tools", "kind": "timed-out", "message": "no result within 25 s"},
    ]
    path.write_text(json.dumps(data))
    crashed = goide("doctor", "--json", "--facts", str(path))
    ids = findings_by_id(_json(crashed))
    assert ids["doctor.probe-crashed.toolchain"]["severity"] == "warning"
    assert ids["doctor.probe-timed-out.tools"]["severity"] == "error"
    judged = [i for i in ids if i.startswith(("toolchain.", "tools.", "arch."))]
    assert judged == []
    assert "host.ok" in ids  # the probes that worked are still judged
    assert crashed.returncode == 1  # the timed-out probe is an error

    data["probe_failures"] = data["probe_failures"][:1]  # only the toolchain crashed: a warning
    path.write_text(json.dumps(data))
    warned = goide("doctor", "--json", "--facts", str(path))
    assert "toolchain.no-go" not in findings_by_id(_json(warned))
    assert warned.returncode == 0
