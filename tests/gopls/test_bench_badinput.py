"""`goide gopls bench` on bad input: no Go files, an unwritable output, a module that does not
build, a gopls that crashes mid-run and one that hangs (both real gopls v0.23.0, stopped by a
wrapper script with SIGQUIT — the Go runtime's goroutine dump, a real traceback — or SIGSTOP)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import goide, write_module

pytestmark = pytest.mark.integration


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    with open(f"/proc/{pid}/stat") as stat:  # a zombie (killed, not yet reaped) is gone too
        return stat.read().rsplit(")", 1)[-1].split()[0] == "Z"


def _wrapper(tmp_path: Path, gopls: str, signal: str, after: float) -> tuple[Path, Path]:
    """A gopls that gets `signal` `after` seconds into its life; it writes its pid (exec keeps it)."""
    pid_file = tmp_path / "gopls.pid"
    script = tmp_path / f"gopls-{signal}.sh"
    script.write_text(
        f'#!/bin/sh\necho $$ > {pid_file}\n(sleep {after}; kill -{signal} $$) &\nexec {gopls} "$@"\n'
    )
    script.chmod(0o755)
    return script, pid_file


def _bench(root: Path, gopls: str | Path, *more: str) -> tuple[int, str, str]:
    result = goide("gopls", "bench", str(root), "--gopls", str(gopls), "--warmup", "0", *more, timeout=240)
    return result.returncode, result.stdout.decode(errors="replace"), result.stderr.decode()


def test_no_go_files(gopls: str, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no Go here")
    status, out, err = _bench(tmp_path, gopls)
    assert status == 2
    assert not out
    assert err.splitlines() == [f"error: no Go files in {tmp_path}", err.splitlines()[1]]
    assert err.splitlines()[1].startswith("hint: ")


def test_not_a_directory(gopls: str, tmp_path: Path) -> None:
    status, _out, err = _bench(tmp_path / "missing", gopls)
    assert status == 2
    assert "not a directory" in err


@pytest.mark.parametrize("where", ["directory", "no-parent", "parent-is-a-file"])
def test_unwritable_output_fails_before_gopls_starts(
    gopls: str, small_module: Path, tmp_path: Path, where: str
) -> None:
    target = {
        "directory": tmp_path,
        "no-parent": tmp_path / "no" / "such" / "out.txt",
        "parent-is-a-file": small_module / "go.mod" / "out.txt",
    }[where]
    # A gopls that leaves a mark when started: the refusal comes before any round.
    marker = tmp_path / "started"
    spy = tmp_path / "spy-gopls"
    spy.write_text(f'#!/bin/sh\ntouch {marker}\nexec {gopls} "$@"\n')
    spy.chmod(0o755)
    status, out, err = _bench(small_module, spy, "--out", str(target))
    assert status == 2
    assert not out
    assert err.startswith(f"error: cannot write {target}")
    assert "\nhint: " in err
    assert not marker.exists()


def test_bad_flags(gopls: str, small_module: Path, tmp_path: Path) -> None:
    for args, message in (
        (("--count", "0"), "--count must be at least 1"),
        (("--env", "GOGC"), "is not NAME=VALUE"),
        (("--settings", str(tmp_path / "none.json")), "cannot read --settings"),
        (("--timeout", "nan"), "--timeout must be"),
    ):
        status, _out, err = _bench(small_module, gopls, *args)
        assert status == 2, args
        assert message in err.splitlines()[0], err
    status, _out, err = _bench(small_module, tmp_path / "no-gopls")
    assert status == 2
    assert err.startswith("error: gopls not found")
    # A wrong count is said first, not hidden behind a gopls that is not installed.
    empty_path = {"PATH": str(tmp_path / "empty"), "HOME": str(tmp_path), "GOPATH": str(tmp_path / "gp")}
    late = goide("gopls", "bench", str(small_module), "--count", "0", env=empty_path)
    assert late.returncode == 2
    assert late.stderr.decode().startswith("error: --count must be at least 1"), late.stderr


def test_a_module_that_does_not_build(gopls: str, tmp_path: Path) -> None:
    module = write_module(
        tmp_path,
        {
            "go.mod": "module example.com/broken\n\ngo 1.22\n",
            "b.go": 'package broken\n\nfunc F() int { return "not an int" }\n\nfunc G() { missing() }\n',
        },
    )
    status, out, err = _bench(module, gopls, "--count", "1", "--positions", "1")
    assert status == 0, err
    assert "error diagnostics in the opened files (the workspace does not build)" in out
    assert "InitialWorkspaceLoad" in out


def test_gopls_crashing_mid_run_is_explained(gopls: str, small_module: Path, tmp_path: Path) -> None:
    script, pid_file = _wrapper(tmp_path, gopls, "QUIT", 2)
    out_file = tmp_path / "partial.txt"
    status, _out, err = _bench(small_module, script, "--count", "500", "--out", str(out_file))
    assert status == 1, err
    # goide crash's explanation of the real goroutine dump gopls wrote, then error/hint last.
    assert "crash 1/1 (gopls)" in err
    assert "SIGQUIT: quit" in err
    assert "[gopls v0.23.0]" in err
    lines = err.rstrip("\n").splitlines()
    assert lines[-2].startswith("error: gopls stopped during ")
    assert lines[-1].startswith("hint: ")
    assert _gone(int(pid_file.read_text()))
    if out_file.exists():  # rounds finished before the crash are kept
        assert out_file.read_text().startswith("goos: ")


def test_a_hanging_gopls_times_out_and_is_killed(gopls: str, small_module: Path, tmp_path: Path) -> None:
    script, pid_file = _wrapper(tmp_path, gopls, "STOP", 2)
    status, _out, err = _bench(small_module, script, "--count", "500", "--timeout", "3")
    assert status == 1, err
    assert "did not answer within 3s" in err
    assert "process group were killed" in err
    assert _gone(int(pid_file.read_text()))


def test_a_file_name_that_is_not_utf8(gopls: str, tmp_path: Path) -> None:
    module = write_module(tmp_path / "w", {"go.mod": "module example.com/bad\n\ngo 1.22\n"})
    name = os.fsdecode(b"x\xff.go")
    (module / name).write_text(
        "package bad\n\n// Thing is.\ntype Thing struct{ N int }\n\nfunc Use(t Thing) int { return t.N }\n"
    )
    out = tmp_path / "out.txt"
    status, _out, err = _bench(module, gopls, "--count", "1", "--positions", "1", "--out", str(out))
    assert status == 0, err
    # gopls v0.23.0 itself cannot load such a file; goide says so and keeps the name's bytes.
    assert b"x\xff.go" in out.read_bytes()
    compared = goide("bench", "compare", str(out))
    assert compared.returncode == 0
    assert b"DocumentSymbol/file=x\xff.go" in compared.stdout
