"""Every JSON output of goide stays valid UTF-8 JSON when file names or contents are not UTF-8.

Linux file names are bytes; Python hands an undecodable byte to goide as a lone surrogate, which
orjson refuses. Each command below gets a file whose name (and, where it reads text, whose
content) holds the byte 0xff, and must print valid JSON that shows the byte as `\\xff`.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from goide.core.jsonout import dumps, valid_text
from tests.helpers import go_build, goide, tool, write_module
from tests.trace.test_trace_badinput import gopls_pair

BAD = os.fsdecode(b"bad\xffname")
PANIC = b"panic: boom\xff\n\ngoroutine 1 [running]:\nmain.main()\n\t/tmp/x/main.go:5 +0x1d\nexit status 2\n"
TEST_EVENTS = (
    b'{"Action":"start","Package":"ex"}\n'
    b'{"Action":"run","Package":"ex","Test":"TestA"}\n'
    b'{"Action":"output","Package":"ex","Test":"TestA","Output":"bad \xff byte\\n"}\n'
    b'{"Action":"fail","Package":"ex","Test":"TestA","Elapsed":0}\n'
    b'{"Action":"fail","Package":"ex","Elapsed":0}\n'
)


def _crash(tmp: Path) -> tuple[list[str], list[Path]]:
    (tmp / BAD).write_bytes(PANIC)
    return ["crash", "--json", str(tmp / BAD)], []


def _trace(tmp: Path) -> tuple[list[str], list[Path]]:
    (tmp / BAD).write_bytes(gopls_pair(1, params='{"uri": "file:///x\xff.go"}').encode("latin-1"))
    return ["trace", "--json", str(tmp / BAD)], []


def _bench(tmp: Path) -> tuple[list[str], list[Path]]:
    (tmp / BAD).write_bytes(b"BenchmarkX\xff-2 \t 1 \t 5 ns/op\n")
    return ["bench", "compare", "--format", "json", str(tmp / BAD)], []


def _settings(tmp: Path) -> tuple[list[str], list[Path]]:
    (tmp / BAD).write_bytes(b'{"go.formatTool": "goimport", "go.toolsEnvVars": {"X\xff": "1"}}')
    return ["settings", "check", "--json", "--gopls", str(tool("gopls")), str(tmp / BAD)], []


def _inspect(tmp: Path) -> tuple[list[str], list[Path]]:
    files = {"go.mod": "module example.com/m\n\ngo 1.22\n", "main.go": "package main\n\nfunc main() {}\n"}
    module = write_module(tmp / "mod", files)
    shutil.copy(go_build(module, goos="linux", goarch="amd64"), tmp / BAD)
    return ["inspect", "--json", str(tmp / BAD)], []


def _test(tmp: Path) -> tuple[list[str], list[Path]]:
    (tmp / BAD).write_bytes(TEST_EVENTS)
    report = tmp / (BAD + ".json")
    return ["test", "--input", str(tmp / BAD), "--json", str(report)], [report]


def _workspace(tmp: Path) -> Path:
    folder = tmp / BAD
    (folder / ".vscode").mkdir(parents=True)
    (folder / ".vscode" / "launch.json").write_bytes(
        b'{"version": "0.2.0", "configurations": [{"name": "L\xff", "type": "go", "request": "launch",'
        b' "program": "${workspaceFolder}/x\xff"}]}'
    )
    return folder


def _debug(tmp: Path) -> tuple[list[str], list[Path]]:
    return ["debug", "check", "--json", "--workspace", str(_workspace(tmp))], []


def _doctor(tmp: Path) -> tuple[list[str], list[Path]]:
    folder = _workspace(tmp)
    facts = folder / (BAD + "-facts.json")
    return ["doctor", "--json", "--workspace", str(folder), "--facts-out", str(facts)], [facts]


COMMANDS: dict[str, Callable[[Path], tuple[list[str], list[Path]]]] = {
    "crash": _crash,
    "trace": _trace,
    "bench": _bench,
    "settings": _settings,
    "inspect": _inspect,
    "test": _test,
    "debug": _debug,
    "doctor": _doctor,
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_json_output_with_invalid_utf8_names(command: str, tmp_path: Path) -> None:
    args, files = COMMANDS[command](tmp_path)
    result = goide(*args, env={"HOME": str(tmp_path)})
    stderr = result.stderr.decode(errors="replace")
    assert result.returncode != 3, stderr
    assert "internal error" not in stderr
    # `goide test` prints its summary as text; its JSON goes to the --json file.
    documents = [*([] if command == "test" else [result.stdout]), *(f.read_bytes() for f in files)]
    for data in documents:
        json.loads(data.decode("utf-8"))  # strict: every byte written is valid UTF-8
    # `goide test` reads output as go test -json does, with U+FFFD for a byte that is not UTF-8.
    shown = "\ufffd".encode() if command == "test" else b"\\\\xff"
    assert shown in b"".join(documents), "the odd byte is shown"
    assert not [p.name for p in tmp_path.rglob("*.goide-tmp")]


def test_dumps_keeps_valid_text_and_escapes_surrogates() -> None:
    assert valid_text("héllo") == "héllo"
    assert valid_text(BAD) == "bad\\xffname"
    assert valid_text("lone \ud800") == "lone \\ud800"
    document = {BAD: [BAD, ("t", 1)], "ok": None}
    assert json.loads(dumps(document)) == {"bad\\xffname": ["bad\\xffname", ["t", 1]], "ok": None}
