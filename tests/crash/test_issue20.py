"""Issue 20 (`goide crash` as panicparse's pp is used) and issue 17 items 9 and 11, with real
programs, real pipes, a real SIGQUIT to the process group and a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.crash.realprogs import build
from tests.helpers import goide, read_terminal

pytestmark = pytest.mark.integration

GOIDE = [sys.executable, "-m", "goide"]
DATA = Path(__file__).parent.parent / "data" / "crash"


@pytest.fixture(scope="module")
def programs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("issue20")
    return {"crashy": build(tmp, "crashy"), "workers": build(tmp, "workers")}


def test_pass_through_replaces_only_the_traceback(programs: dict[str, Path]) -> None:
    script = f"echo before; echo 'some log line'; {programs['crashy']} nil; echo after"
    result = subprocess.run(
        f"({script}) 2>&1 | {' '.join(GOIDE)} crash",
        shell=True,
        capture_output=True,
        timeout=120,
        check=False,
        executable="/bin/sh",
    )
    out = result.stdout.decode()
    assert result.returncode == 1, result.stderr
    assert out.startswith("before\nsome log line\n")
    assert out.endswith("after\n")
    assert "goide crash 1: nil pointer dereference in main.nilDeref" in out
    # The raw traceback is replaced: no header at the start of a line, no `+0x` offsets.
    assert not any(line.startswith("goroutine ") for line in out.splitlines())
    assert "+0x" not in out
    assert "panic: runtime error" in out  # the explanation quotes the panic


def test_sigquit_to_the_process_group_while_reading_a_pipe(programs: dict[str, Path]) -> None:
    program = subprocess.Popen(
        [str(programs["crashy"]), "hang"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        process_group=0,  # a group of its own, as a shell job is; goide joins it below
    )
    assert program.stdout is not None
    reader = subprocess.Popen(
        [*GOIDE, "crash"], stdin=program.stdout, stdout=subprocess.PIPE, process_group=program.pid
    )
    program.stdout.close()
    assert reader.stdout is not None
    try:
        # "ready" passes through as soon as the program prints it: the program is asleep now.
        assert reader.stdout.readline() == b"ready\n"
        os.killpg(program.pid, signal.SIGQUIT)  # what Ctrl-\ does to the foreground group
        rest, _ = reader.communicate(timeout=120)
    finally:
        program.kill()
        reader.kill()
        program.wait()
    assert reader.returncode == 1
    assert b"goide crash 1: fatal signal in main.hang" in rest
    assert b"SIGQUIT: quit" in rest


def _groups(dump: str, *flags: str) -> list[dict[str, object]]:
    result = goide("crash", "-", "--json", *flags, stdin=dump.encode())
    assert result.returncode == 1, result.stderr
    groups = json.loads(result.stdout)["crashes"][0]["groups"]
    assert isinstance(groups, list)
    return groups


def _dump(programs: dict[str, Path]) -> str:
    result = subprocess.run(
        [str(programs["workers"])],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "GOTRACEBACK": "all"},
        check=False,
    )
    assert result.returncode == 2
    return result.stderr


def _worker_groups(groups: list[dict[str, object]]) -> list[dict[str, object]]:
    return [g for g in groups if "main.worker" in json.dumps(g["top"])]


def test_strict_lines_and_functions_grouping(programs: dict[str, Path]) -> None:
    dump = _dump(programs)
    assert [len(_worker_groups(_groups(dump, "--group", g))) for g in ("strict", "lines", "functions")] == [
        4,
        2,
        1,
    ]
    assert sum(g["count"] for g in _worker_groups(_groups(dump))) == 4  # type: ignore[misc]


def test_match_and_exclude(programs: dict[str, Path]) -> None:
    dump = _dump(programs)
    matched = _groups(dump, "--match", r"main\.worker")
    # The crashed goroutine's group (main.main) is always kept.
    assert {("worker" in json.dumps(g["top"])) or bool(g["crashed"]) for g in matched} == {True}
    excluded = _groups(dump, "--exclude", "worker")
    assert not _worker_groups(excluded)
    assert any(g["crashed"] for g in excluded)
    bad = goide("crash", "-", "--match", "(", stdin=dump.encode())
    assert bad.returncode == 2
    assert bad.stderr.decode().startswith("error: --match '(' is not a regular expression")


def test_html_page(programs: dict[str, Path], tmp_path: Path) -> None:
    log = tmp_path / "crash.log"
    log.write_text(_dump(programs))
    page = tmp_path / "crash.html"
    result = goide("crash", str(log), "--html", str(page))
    assert result.returncode == 1, result.stderr
    html = page.read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert '<details open class="crashed">' in html
    assert 'class="culprit"' in html
    assert "main.main" in html
    assert "vscode://file/" in html
    assert "/workers/main.go:" in html
    assert html.count("<details") >= 3


def test_rebase(tmp_path: Path) -> None:
    log = tmp_path / "crash.log"
    log.write_text((DATA / "go-43972.txt").read_text())
    explicit = goide("crash", str(log), "--json", "--rebase", "/Users/kgr/go/pkg/mod=/mnt/mod")
    frames = json.loads(explicit.stdout)["crashes"][0]["goroutine"]["frames"]
    assert frames[0]["file"].startswith("/mnt/mod/golang.org/x/tools@")
    auto = goide("crash", str(log), "--json", "--rebase")
    modcache = subprocess.run(
        ["go", "env", "GOMODCACHE"], capture_output=True, text=True, check=True
    ).stdout.strip()
    frames = json.loads(auto.stdout)["crashes"][0]["goroutine"]["frames"]
    assert frames[0]["file"].startswith(modcache + "/golang.org/x/tools@")
    bad = goide("crash", str(log), "--rebase", "nonsense")
    assert bad.returncode == 2
    assert b"is not OLD=NEW" in bad.stderr


# -- issue 17 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["crash", "trace"])
def test_character_devices_are_refused(command: str) -> None:
    by_name = goide(command, "/dev/zero", timeout=30)
    assert by_name.returncode == 2
    assert by_name.stderr.decode().splitlines()[0] == "error: /dev/zero is a device, not " + (
        "a log" if command == "crash" else "a trace"
    )
    with open("/dev/zero", "rb") as zero:
        redirected = subprocess.run(
            [*GOIDE, command], stdin=zero, capture_output=True, timeout=30, check=False
        )
    assert redirected.returncode == 2
    assert b"standard input is a device" in redirected.stderr


@pytest.mark.parametrize("command", ["crash", "trace"])
def test_no_argument_on_a_terminal_says_what_to_pipe_in(command: str) -> None:
    main, secondary = pty.openpty()
    try:
        result = subprocess.run(
            [*GOIDE, command], stdin=secondary, capture_output=True, timeout=30, check=False
        )
    finally:
        os.close(main)
        os.close(secondary)
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith("error: no file given, and standard input is a terminal")
    assert lines[1].startswith("hint: ")
    assert "| goide " + command in lines[1]


@pytest.mark.parametrize("command", ["crash", "trace"])
def test_progress_bar_on_a_terminal_only(command: str, tmp_path: Path) -> None:
    if command == "crash":
        unit = (DATA / "go-30098.txt").read_bytes() + b"some other log line\n" * 50
    else:
        unit = (Path(__file__).parent.parent / "data" / "trace" / "vscode-go-299.txt").read_bytes()
    big = tmp_path / "big.log"
    big.write_bytes(unit * (12_000_000 // len(unit) + 1))
    main, secondary = pty.openpty()
    try:
        proc = subprocess.Popen(
            [*GOIDE, command, str(big), *(["--report"] if command == "crash" else [])],
            stdout=subprocess.DEVNULL,
            stderr=secondary,
        )
        os.close(secondary)
        drawn = read_terminal(main, proc, timeout=300)
        proc.wait(timeout=300)
    finally:
        os.close(main)
    assert proc.returncode in (0, 1)
    assert b"reading " in drawn
    assert b"%" in drawn
    assert b"MB" in drawn
    piped = goide(command, str(big), *(["--report"] if command == "crash" else []))
    assert b"reading " not in piped.stderr
    assert b"\r" not in piped.stderr
