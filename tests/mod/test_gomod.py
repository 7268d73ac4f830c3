"""mod/gomod.py, the one go.mod reader of `mod` (requirements) and `lint` (module, go, toolchain),
checked against the real `go mod edit -json` on the same texts. What the two old readers disagreed
on: lint's regexes read every line, block lines too, and mod's opened `WORKSPACE/go.mod` with a
plain open, which waits for ever on a named pipe; now blocks are read as blocks (as go does) and
only a regular file is read."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import threading
from pathlib import Path

import pytest

from goide.mod.gomod import MAX_GOMOD_BYTES, find_gomod, parse_gomod, read_gomod, read_gomod_text, requires
from tests.helpers import tool

GOMODS = {
    "plain": "module example.com/m\n\ngo 1.22\n",
    "everything": (
        "// a comment first\nmodule example.com/m // the module\n\ngo 1.23.4\n\n"
        "toolchain go1.24.1 // pinned\n\n"
        "require corp.example/a v1.0.0 // indirect\n\nrequire (\n"
        '\t"github.com/o/b" v0.2.0\n\tgolang.org/x/mod v0.42.0 // indirect\n)\n\n'
        "replace example.com/x => ../x\n\nexclude example.com/y v1.0.0\n"
    ),
    "quoted module, no space before the block": (
        'module "example.com/quoted"\ngo 1.21\nrequire(\n\tgo.uber.org/zap v1.27.0\n)\n'
    ),
    "release candidate, toolchain first": "toolchain go1.27rc1\nmodule m\ngo 1.27rc1\n",
    "no go line": "module example.com/old\n\nrequire golang.org/x/text v0.3.0\n",
    "tabs and blocks of other verbs": (
        "module\texample.com/t\n\ngo\t1.22\n\ngodebug (\n\tdefault=go1.21\n)\n\n"
        "tool (\n\texample.com/t/cmd/gen\n)\n\nretract (\n\tv1.0.0 // go 1.20 broke it\n)\n\n"
        "require (\n\texample.com/a v1.1.0\n\texample.com/b v1.2.0-pre\n)\n"
    ),
}


@pytest.mark.parametrize("name", list(GOMODS))
def test_reads_what_go_reads(name: str, tmp_path: Path) -> None:
    text = GOMODS[name]
    (tmp_path / "go.mod").write_text(text)
    go = subprocess.run(
        [str(tool("go")), "mod", "edit", "-json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "GOFLAGS": "", "GOTOOLCHAIN": "local"},
    )
    want = json.loads(go.stdout)
    gomod = parse_gomod(text, "go.mod")
    assert gomod.module == want["Module"]["Path"]
    assert gomod.go == want.get("Go")
    assert gomod.toolchain == ((want.get("Toolchain") or "").removeprefix("go") or None)
    assert requires(text) == [(r["Path"], r["Version"]) for r in want.get("Require") or ()]
    assert read_gomod(tmp_path) == dataclasses.replace(gomod, path=str(tmp_path.resolve() / "go.mod"))


def test_target_is_the_toolchain_else_go() -> None:
    assert parse_gomod(GOMODS["everything"], "go.mod").target == "1.24.1"
    assert parse_gomod(GOMODS["plain"], "go.mod").target == "1.22"
    assert parse_gomod(GOMODS["no go line"], "go.mod").target is None
    assert parse_gomod("module m\ngo banana\ntoolchain default\n", "go.mod").target is None


def test_the_nearest_go_mod_up_the_tree(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text(GOMODS["plain"])
    (tmp_path / "inner" / "deeper").mkdir(parents=True)
    assert find_gomod(tmp_path / "inner" / "deeper") == tmp_path.resolve() / "go.mod"
    gomod = read_gomod(tmp_path / "inner" / "deeper")
    assert gomod is not None
    assert (gomod.path, gomod.module, gomod.go) == (
        str(tmp_path.resolve() / "go.mod"),
        "example.com/m",
        "1.22",
    )


def test_a_named_pipe_called_go_mod_is_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "go.mod")
    outcome: list[str | None] = []
    thread = threading.Thread(
        target=lambda: outcome.append(read_gomod_text(tmp_path / "go.mod")), daemon=True
    )
    thread.start()
    thread.join(30)
    if thread.is_alive():
        with open(tmp_path / "go.mod", "wb"):
            pass
        pytest.fail("reading a FIFO go.mod blocked")
    assert outcome == [None]
    assert read_gomod_text(tmp_path / "missing.mod") is None


def test_only_the_first_mebibyte_is_read(tmp_path: Path) -> None:
    path = tmp_path / "go.mod"
    path.write_text(
        "module m\ngo 1.22\n" + "// padding\n" * (MAX_GOMOD_BYTES // 11) + "require late.example v1.0.0\n"
    )
    text = read_gomod_text(path)
    assert text is not None
    assert len(text) == MAX_GOMOD_BYTES
    assert requires(text) == []
