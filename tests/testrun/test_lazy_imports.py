"""Issue 18: `goide test` loads only what the chosen flags use, so that start-up does not cost more
than reading a small stream. Each case runs the real command under `python -X importtime` (the
interpreter lists every module it imports on stderr) and checks which modules were loaded; the
--junit and --watch cases are the controls that show the check sees an import when there is one.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.testrun.gomodule import Recording, module_dir

# Loaded by `--junit` only (xml.etree; socket for the default hostname) or by report writers.
JUNIT = {"xml.etree.ElementTree", "socket", "goide.testrun.junit"}
WRITERS = {"goide.core.safe_write", "goide.testrun.html", "goide.testrun.markdown"}
# Loaded only when goide runs go (subprocess, shutil), reruns, or watches (termios, tty).
RUNNING = {"subprocess", "shutil", "goide.testrun.gotest", "goide.core.process"}
OTHERS = {"goide.testrun.rerun", "goide.testrun.watch", "termios", "tty", "watchfiles"}


def _imported(*args: str, cwd: Path | None = None) -> tuple[subprocess.CompletedProcess[bytes], set[str]]:
    env = dict(os.environ)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GOIDE_DEBUG"):
        env.pop(name, None)  # a CI job's step summary would (rightly) load the Markdown writer
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "goide", "test", *args],
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=300,
        check=False,
    )
    modules = set()
    for line in result.stderr.decode(errors="replace").splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            modules.add(line.rsplit("|", 1)[1].strip())
    assert "goide.testrun.session" in modules, result.stderr.decode()[-2000:]  # the check itself works
    return result, modules


def test_input_loads_no_junit_writer_or_process_code(recordings: dict[str, Recording]) -> None:
    stream = str(recordings["all"].stream)  # failures, panics (the crash parser runs), build errors
    result, modules = _imported("--input", stream)
    assert result.returncode == 1, result.stderr.decode()[-2000:]
    assert b"FAIL: " in result.stdout
    assert modules & (JUNIT | WRITERS | RUNNING | OTHERS) == set()


def test_format_and_jsonfile_load_no_junit_or_process_code(
    recordings: dict[str, Recording], tmp_path: Path
) -> None:
    stream = str(recordings["all"].stream)
    copy = tmp_path / "copy.json"
    result, modules = _imported("--input", stream, "--format", "testname", "--jsonfile", str(copy))
    assert result.returncode == 1, result.stderr.decode()[-2000:]
    assert copy.read_bytes() == recordings["all"].stream.read_bytes()
    assert "goide.testrun.formats" in modules
    assert modules & (JUNIT | RUNNING | OTHERS) == set()


def test_junit_loads_xml_and_keeps_the_default_hostname(
    recordings: dict[str, Recording], tmp_path: Path
) -> None:
    out = tmp_path / "junit.xml"
    result, modules = _imported("--input", str(recordings["all"].stream), "--junit", str(out))
    assert result.returncode == 1, result.stderr.decode()[-2000:]
    assert {"xml.etree.ElementTree", "goide.testrun.junit", "goide.core.safe_write"} <= modules
    hosts = {suite.get("hostname") for suite in ET.parse(out).getroot().iter("testsuite")}
    assert hosts == {socket.gethostname()}  # asked when written, as before the options moved


def test_running_go_loads_no_junit(tmp_path: Path) -> None:
    result, modules = _imported("./good", cwd=module_dir())
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert {"subprocess", "goide.testrun.gotest"} <= modules
    assert modules & (JUNIT | WRITERS | OTHERS) == set()


def test_passing_stream_loads_no_redaction_or_crash_parser(
    recordings: dict[str, Recording], tmp_path: Path
) -> None:
    """Redaction patterns and the crash parser load only for output that is shown (failures, skip
    reasons, crashes): here the recorded cached run without its skipped tests."""
    events = [json.loads(line) for line in recordings["cached"].stream.read_bytes().splitlines()]
    skipped = {e["Test"].split("/")[0] for e in events if e.get("Action") == "skip" and e.get("Test")}
    assert skipped  # else this test would not test the filtering
    kept = [e for e in events if e.get("Test", "").split("/")[0] not in skipped]
    stream = tmp_path / "passing.json"
    stream.write_text("".join(json.dumps(e) + "\n" for e in kept))
    result, modules = _imported("--input", str(stream))
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert b"0 failed, 0 skipped" in result.stdout
    assert modules & {"goide.core.redact", "goide.crash.traceback"} == set()
    _, failing = _imported("--input", str(recordings["all"].stream))
    assert {"goide.core.redact", "goide.crash.traceback"} <= failing  # the control: both are used there
