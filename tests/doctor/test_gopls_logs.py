"""The "gopls logs" area of `goide doctor`: a real gopls goroutine dump (the pinned gopls, stopped
with SIGQUIT by tests/crashprogs.py) in the places VS Code and gopls write logs.

VS Code cannot run here, so the tests lay out its log folder as the extension host does
(microsoft/vscode src/vs/workbench/api/common/extHostOutput.ts): an output channel is written to
`<user data>/logs/<session>/window<N>/exthost/output_logging_<YYYYMMDDTHHMMSS>/<n>-<name>.log`, with
the characters `\\/:*?"<>|` removed from the name. Each line carries the prefix
vscode-languageclient >= 10 writes (`2026-11-29 13:00:01.123 [error] `, the format in
shared/reference/crashes-and-traces.md and docs/crash.md).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from goide.doctor.collect.gopls_logs import logfile_flags, vscode_log_roots
from tests.crashprogs import gopls_sigquit
from tests.doctor.conftest import doctor_env
from tests.helpers import goide, tool

pytestmark = pytest.mark.integration

AREA = "gopls logs"


@pytest.fixture(scope="module")
def gopls_dump() -> str:
    return gopls_sigquit()


def _channel_text(stderr: str) -> str:
    stamp = "2026-11-29 13:00:01"
    lines = [f"{stamp}.{i % 1000:03d} [error] {line}" for i, line in enumerate(stderr.splitlines())]
    return "\n".join(
        [
            "2026-11-29 13:00:00.001 [info] Starting client and server",
            *lines,
            "2026-11-29 13:00:02.990 [info] Connection to server got closed. Server will restart.",
        ]
    )


def _vscode_log(home: Path, text: str, session: str = "20261129T125900") -> Path:
    exthost = home / ".config" / "Code" / "logs" / session / "window1" / "exthost"
    folder = exthost / "output_logging_20261129T125902"
    folder.mkdir(parents=True)
    path = folder / "2-gopls (server).log"
    path.write_text(text)
    return path


def _doctor(env: dict[str, str], *args: str) -> tuple[int, list[dict[str, object]]]:
    result = goide("doctor", "--json", *args, env=env)
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    return result.returncode, json.loads(result.stdout)["findings"]


def test_gopls_crash_in_the_vscode_output_channel(tmp_path: Path, gopls_dump: str) -> None:
    home = tmp_path / "home"
    log = _vscode_log(home, _channel_text(gopls_dump))
    # A log of an older session, older than a week: not looked at.
    old = _vscode_log(home, _channel_text(gopls_dump), session="20261101T090000")
    week_ago = time.time() - 8 * 86400
    os.utime(old, (week_ago, week_ago))
    env = doctor_env(home, [tool("go").parent])
    facts = tmp_path / "facts.json"

    _status, findings = _doctor(env, "--facts-out", str(facts))

    ours = [f for f in findings if f["area"] == AREA]
    assert len(ours) == 1, ours
    (crash,) = ours
    assert crash["id"] == "crash.gopls.signal"
    assert crash["severity"] == "warning"
    assert "golang.org/x/tools/gopls/" in str(crash["title"])
    assert "Culprit: golang.org/x/tools/gopls/" in str(crash["detail"])
    assert crash["fix"]["command"] == f"goide crash '{log}'"  # type: ignore[index]
    evidence = [str(e) for e in crash["evidence"]]  # type: ignore[attr-defined]
    # The dump starts on the line after the client's first message.
    assert evidence[0] == f"{log}:{2 + gopls_dump.splitlines().index('SIGQUIT: quit')}"
    assert any(e.startswith("gopls v") for e in evidence)
    # The facts file carries the crash, so the finding is the same on another machine.
    _, judged = _doctor({}, "--facts", str(facts))
    assert [f for f in judged if f["area"] == AREA] == ours


def test_logfile_from_the_workspace_settings_and_a_log_without_crash(tmp_path: Path, gopls_dump: str) -> None:
    home = tmp_path / "home"
    _vscode_log(home, "2026-11-29 13:00:00.001 [info] Starting client and server\n")
    workspace = tmp_path / "project"
    (workspace / ".vscode").mkdir(parents=True)
    (workspace / ".vscode" / "settings.json").write_text(
        "{\n  // gopls writes its own log\n"
        '  "go.languageServerFlags": ["-rpc.trace", "-logfile", "logs/gopls.log"],\n}\n'
    )
    (workspace / "logs").mkdir()
    (workspace / "logs" / "gopls.log").write_text(gopls_dump)
    env = doctor_env(home, [tool("go").parent])

    _status, findings = _doctor(env, "--workspace", str(workspace))

    ours = {str(f["id"]): f for f in findings if f["area"] == AREA}
    assert set(ours) == {"crash.gopls.signal"}
    assert str(workspace / "logs" / "gopls.log") in str(ours["crash.gopls.signal"]["evidence"])

    _status, findings = _doctor(env)
    ours = {str(f["id"]): f for f in findings if f["area"] == AREA}
    assert set(ours) == {"gopls-logs.no-crash"}
    assert ours["gopls-logs.no-crash"]["title"] == "No crash in 1 recent gopls log"


def test_log_folders_of_each_os(tmp_path: Path) -> None:
    home = Path("/Users/me")
    mac = vscode_log_roots("Darwin", {}, home)
    assert mac[0] == home / "Library" / "Application Support" / "Code" / "logs"
    windows = vscode_log_roots("Windows", {"APPDATA": r"C:\Users\me\AppData\Roaming"}, home)
    # Joined with "/" on this Linux machine; on Windows the separators are all "\\".
    assert [str(p) for p in windows[:2]] == [
        r"C:\Users\me\AppData\Roaming/Code/logs",
        r"C:\Users\me\AppData\Roaming/Code - Insiders/logs",
    ]
    linux = vscode_log_roots("Linux", {"XDG_CONFIG_HOME": "/xdg"}, home)
    assert linux[0] == Path("/xdg/Code/logs")
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text(
        '{"go.languageServerFlags": ["-logfile=auto", "-logfile=/var/log/gopls.log", "-rpc.trace"]}'
    )
    assert logfile_flags(tmp_path) == [Path("/var/log/gopls.log")]
