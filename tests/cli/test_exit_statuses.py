"""Every command's exit statuses, as docs/cli.md's table states them, checked against the real CLI.

Each case below is a real run of `goide` on a small input made here; the docs table must have a
row for every command, and every status a case produces must be in that command's row.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from goide.cli.commands import COMMANDS
from tests.helpers import goide, tool

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "cli.md").read_text()

FILES = {
    "plain.txt": "hello\n",
    "panic.txt": (
        "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/tmp/x/main.go:5 +0x25\nexit status 2\n"
    ),
    "trace.txt": (
        "[Trace - 10:00:00 AM] Sending request 'initialize - (0)'.\nParams: {}\n\n\n"
        "[Trace - 10:00:00 AM] Received response 'initialize - (0)' in 5ms.\nResult: {}\n\n\n"
    ),
    "moderr.txt": (
        "go: example.com/x@v1.0.0: reading https://proxy.golang.org/example.com/x/@v/v1.0.0.info: 410 Gone\n"
    ),
    "ok.json": '{"go.lintTool": "staticcheck"}\n',
    "bad.json": '{"go.formatTool": 5}\n',
    "broken.json": '{"go.x": \n',
    "bench.txt": "BenchmarkA 10 100 ns/op\n",
    "empty.txt": "",
    "pass.json": (
        '{"Action":"start","Package":"example.com/a"}\n'
        '{"Action":"run","Package":"example.com/a","Test":"TestA"}\n'
        '{"Action":"pass","Package":"example.com/a","Test":"TestA","Elapsed":0}\n'
        '{"Action":"pass","Package":"example.com/a","Elapsed":0.01}\n'
    ),
    "fail.json": (
        '{"Action":"start","Package":"example.com/a"}\n'
        '{"Action":"run","Package":"example.com/a","Test":"TestA"}\n'
        '{"Action":"output","Package":"example.com/a","Test":"TestA","Output":"    a_test.go:5: no\\n"}\n'
        '{"Action":"fail","Package":"example.com/a","Test":"TestA","Elapsed":0}\n'
        '{"Action":"fail","Package":"example.com/a","Elapsed":0.01}\n'
    ),
}

# (command as in the docs table, argv, expected exit status). The test2json streams above are in
# the shape `go test -json` writes (cmd/test2json), reduced to one test.
CASES: list[tuple[str, list[str], int]] = [
    ("doctor", ["doctor", "--platform", "bogus"], 2),
    ("inspect", ["inspect", "{pp}"], 0),
    ("inspect", ["inspect", "plain.txt"], 1),
    ("inspect", ["inspect"], 2),
    ("settings check", ["settings", "check", "ok.json"], 0),
    ("settings check", ["settings", "check", "bad.json"], 1),
    ("settings check", ["settings", "check", "broken.json"], 2),
    ("test", ["test", "--input", "pass.json"], 0),
    ("test", ["test", "--input", "fail.json"], 1),
    ("test", ["test", "--input", "empty.txt"], 2),
    ("test", ["test", "--input", "/dev/zero"], 2),
    ("bench compare", ["bench", "compare", "bench.txt"], 0),
    ("bench compare", ["bench", "compare", "empty.txt"], 2),
    ("bench compare", ["bench", "compare", "old=/dev/zero", "bench.txt"], 2),
    ("crash", ["crash", "plain.txt"], 0),
    ("crash", ["crash", "panic.txt"], 1),
    ("crash", ["crash", "missing.txt"], 2),
    ("trace", ["trace", "trace.txt"], 0),
    ("trace", ["trace", "missing.txt"], 2),
    ("mod explain", ["mod", "decode", "plain.txt"], 0),
    ("mod explain", ["mod", "decode", "moderr.txt"], 1),
    ("mod explain", ["mod", "decode", "missing.txt"], 2),
    ("mod explain", ["mod", "decode", "/dev/zero"], 2),
    ("crash", ["crash", "/dev/zero"], 2),
    ("trace", ["trace", "/dev/zero"], 2),
    ("lint check", ["lint", "check", "no-such-dir"], 2),
    ("bundle verify", ["bundle", "verify", "no-such-dir"], 2),
    ("vsix inspect", ["vsix", "inspect", "plain.txt"], 2),
    ("completion", ["completion", "bash"], 0),
    ("completion", ["completion", "pwsh"], 2),
]


def _rows() -> dict[str, dict[int, str]]:
    """docs/cli.md's table: the first cell's command names -> {status: text}."""
    start = DOC.index("## Exit status of every command")
    rows: dict[str, dict[int, str]] = {}
    for line in DOC[start:].splitlines()[1:]:
        if line.startswith("## "):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        statuses = {0: cells[1], 1: cells[2], 2: cells[3]}
        first, *others = [n.strip().strip("`") for n in cells[0].split("/")]
        rows[first] = statuses
        base = first.split()[0]
        for other in others:  # "`settings fix` / `init`" -> "settings init"
            rows[other if " " in other or other == base else f"{base} {other}"] = statuses
    return rows


def test_the_table_has_a_row_for_every_command() -> None:
    commands = {name.split()[0] for name in _rows()}
    assert commands == set(COMMANDS)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("exit")
    for name, text in FILES.items():
        (root / name).write_text(text)
    return root


@pytest.mark.parametrize(("command", "argv", "status"), CASES, ids=[" ".join(a) for _, a, _ in CASES])
def test_exit_status(workdir: Path, command: str, argv: list[str], status: int) -> None:
    row = _rows()[command]
    assert row[status] not in ("", "—"), f"docs/cli.md says {command} never exits {status}"
    result = goide(*[a.format(pp=tool("pp")) for a in argv], cwd=workdir, timeout=120)
    assert result.returncode == status, result.stderr.decode(errors="replace")
    if status == 2:
        if argv[:2] == ["settings", "check"]:
            # a file that does not parse is a settings.syntax-error finding, with its line and column
            assert "cannot be read: " in result.stdout.decode(errors="replace")
        else:
            lines = result.stderr.decode(errors="replace").splitlines()
            assert any(line.startswith("error: ") for line in lines), lines
            assert lines[-1].startswith("hint: "), lines


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_an_unknown_flag_is_a_usage_error(name: str) -> None:
    result = goide(name, "--no-such-flag")
    assert result.returncode == 2
    err = result.stderr.decode()
    # argparse names the flag, or first the argument the command needs before any flag
    assert re.search(r"^error: .*(--no-such-flag|required)", err, re.M), err
    assert "\nhint: " in err
    # the hint sends the user to the command's own help, not to `goide --help`
    assert f"goide {name}" in err.split("\nhint: ", 1)[1], err


def test_an_unknown_flag_of_a_subcommand_names_its_help() -> None:
    result = goide("bench", "compare", "--no-such-flag", "x.txt")
    assert result.returncode == 2
    assert result.stderr.decode().endswith("hint: run 'goide bench compare --help' for usage\n")


def test_ctrl_c_exits_130(workdir: Path) -> None:
    # `goide crash -` waiting on a pipe whose writer stays open, then Ctrl-C (SIGINT).
    env = {k: v for k, v in os.environ.items() if k != "GOIDE_DEBUG"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "goide", "crash", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=workdir,
    )
    try:
        assert proc.stdin is not None
        proc.stdin.write(b"starting\n")
        proc.stdin.flush()
        time.sleep(1.0)  # let it import and start reading
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130, err.decode(errors="replace")
    assert b"Traceback" not in err
