"""`goide debug smoke` and `goide debug check` against the real dlv v1.27.2 and the real go.

The failures are provoked for real: GOARCH=arm64 on this amd64 machine, no go on PATH, a dlv
built for arm64, a dlv that is not there, a program another user cannot read, a dlv run as
another user, a program that never reaches its breakpoint.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from goide.debug.platform import host_platform
from goide.debug.rules import explain_smoke
from goide.debug.smoke import STEP_NAMES, Timeouts, run_smoke
from tests.helpers import go_build, goide, read_terminal, tool, write_module

pytestmark = pytest.mark.integration


def _smoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    result = goide("debug", "smoke", "--dlv", str(tool("dlv")), "--json", *args, env=env)
    assert "Traceback" not in result.stderr.decode()
    return result.returncode, json.loads(result.stdout)


def _statuses(document: dict[str, Any]) -> dict[str, str]:
    return {step["name"]: step["status"] for step in document["steps"]}


def _ids(document: dict[str, Any]) -> list[str]:
    return [finding["id"] for finding in document["findings"]]


def test_smoke_passes_with_real_dlv() -> None:
    status, document = _smoke()
    assert status == 0, document
    assert list(_statuses(document)) == list(STEP_NAMES)
    assert set(_statuses(document).values()) == {"passed"}
    details = {step["name"]: step["detail"] for step in document["steps"]}
    assert details["variables"] == "count = 42"  # read from the stopped program's locals
    assert details["stackTrace"].startswith("main.main at main.go:8")
    assert "goroutines" in details["threads"]
    assert _ids(document) == ["debug.smoke"]
    assert "hello from goide 42" in document["debug_console"]  # the program ran to its end


def test_smoke_table_on_the_terminal() -> None:
    result = goide("debug", "smoke", "--dlv", str(tool("dlv")))
    text = result.stdout.decode()
    assert result.returncode == 0, text
    for name in STEP_NAMES:
        assert name in text
    assert "debugging works" in text
    assert " ms " in text


def test_foreign_goarch_is_explained() -> None:
    # GOARCH=arm64 on this amd64 machine (amd64 on an arm64 one): dlv builds what it cannot run.
    foreign = "amd64" if host_platform()[1] == "arm64" else "arm64"
    status, document = _smoke(env={"GOARCH": foreign})
    assert status == 1
    assert _statuses(document)["launch"] == "failed"
    assert _ids(document) == ["debug.wrong-goarch"]
    finding = document["findings"][0]
    assert f"linux/{foreign}" in finding["title"]
    assert any("exec format error" in line for line in finding["evidence"])
    assert finding["fix"]["command"] == "go env -u GOOS GOARCH"


def test_no_go_on_path_is_explained(tmp_path: Path) -> None:
    # PATH keeps everything but the directory of go.
    go_dir = str(tool("go").parent)
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p and Path(p) != Path(go_dir))
    assert shutil.which("go", path=path) is None
    status, document = _smoke(env={"PATH": path})
    assert status == 1
    assert _ids(document) == ["debug.go-missing"]
    assert document["go"]["path"] is None


def test_missing_dlv_is_explained(tmp_path: Path) -> None:
    result = goide("debug", "smoke", "--dlv", str(tmp_path / "dlv"), "--json")
    document = json.loads(result.stdout)
    assert result.returncode == 1
    assert _statuses(document)["start"] == "failed"
    assert _ids(document) == ["debug.dlv-missing"]


@pytest.fixture(scope="module")
def arm64_dlv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real linux/arm64 Go executable named dlv, as left by `GOARCH=arm64 go install`."""
    module = write_module(
        tmp_path_factory.mktemp("fakedlv"),
        {"go.mod": "module dlv\n\ngo 1.21\n", "main.go": "package main\n\nfunc main() {}\n"},
    )
    built = go_build(module, goos="linux", goarch="arm64", name="dlv")
    target = tmp_path_factory.mktemp("armbin") / "dlv"
    shutil.copy(built, target)
    return target


def test_dlv_built_for_another_arch_is_explained(arm64_dlv: Path) -> None:
    result = goide("debug", "smoke", "--dlv", str(arm64_dlv), "--json")
    document = json.loads(result.stdout)
    assert result.returncode == 1
    assert document["dlv_start_errno"] == "ENOEXEC"
    assert document["dlv_platforms"] == ["linux/arm64"]
    assert _ids(document) == ["debug.dlv-wrong-platform"]
    host = "/".join(host_platform()[:2])
    assert f"built for linux/arm64; this machine is {host}" in document["findings"][0]["title"]


def test_check_reads_the_arch_of_a_foreign_dlv(arm64_dlv: Path, tmp_path: Path) -> None:
    result = goide("debug", "check", "--dlv", str(arm64_dlv), "--workspace", str(tmp_path), "--json")
    document = json.loads(result.stdout)
    assert result.returncode == 1
    assert document["delve"]["platforms"] == ["linux/arm64"]
    assert document["delve"]["build_info"]["GOARCH"] == "arm64"
    assert [f["id"] for f in document["findings"]] == [
        "debug.dlv-wrong-platform",
        "debug.launch-json-missing",
    ]
    assert "built for linux/arm64" in document["findings"][0]["title"]


def _as_nobody(tmp_path: Path, *dlv_flags: str) -> tuple[Path, dict[str, str]]:
    """A dlv wrapper (like a go.alternateTools.dlv script) that runs the real dlv as user nobody."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("setpriv (util-linux) is needed to run dlv as another user")
    wrapper = tmp_path / "dlv-as-nobody"
    flags = " ".join(dlv_flags)
    wrapper.write_text(
        f'#!/bin/sh\nexec {setpriv} --reuid=65534 --regid=65534 --clear-groups {tool("dlv")} {flags} "$@"\n'
    )
    wrapper.chmod(0o755)
    cache = tmp_path / "gocache"
    cache.mkdir()
    cache.chmod(0o777)
    return wrapper, {**os.environ, "GOCACHE": str(cache), "HOME": str(cache)}


SMOKE_MAIN = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tcount := 7\n\tfmt.Println(count)\n}\n'


def test_unreadable_program_is_explained(tmp_path: Path) -> None:
    program = write_module(tmp_path / "prog", {"go.mod": "module p\n\ngo 1.21\n", "main.go": SMOKE_MAIN})
    program.chmod(0o700)  # owned by root: user nobody cannot enter it
    wrapper, env = _as_nobody(tmp_path, "--only-same-user=false")
    facts = run_smoke(str(wrapper), program=program, env=env)
    assert [s.status for s in facts.steps][:3] == ["passed", "passed", "failed"]
    findings = explain_smoke(facts)
    assert [f.id for f in findings] == ["debug.permission-denied"]
    assert findings[0].title == f"permission denied on {program}"


def test_dlv_as_another_user_is_explained(tmp_path: Path) -> None:
    wrapper, env = _as_nobody(tmp_path)
    facts = run_smoke(str(wrapper), env=env)
    assert facts.failed_step is not None
    assert facts.failed_step.name == "initialize"
    assert [f.id for f in explain_smoke(facts)] == ["debug.different-user"]


HANGS = """package main

import (
\t"os"
\t"strconv"
\t"time"
)

func never() {
\tprintln("never")
}

func main() {
\tos.WriteFile(os.Getenv("GOIDE_TEST_PIDFILE"), []byte(strconv.Itoa(os.Getpid())), 0o644)
\tif len(os.Args) > 5 {
\t\tnever()
\t}
\tfor {
\t\ttime.Sleep(50 * time.Millisecond)
\t}
}
"""


def _gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def test_breakpoint_never_reached_times_out_and_the_program_is_ended(tmp_path: Path) -> None:
    program = write_module(tmp_path / "hang", {"go.mod": "module h\n\ngo 1.21\n", "main.go": HANGS})
    pidfile = tmp_path / "pid"
    facts = run_smoke(
        str(tool("dlv")),
        program=program,
        env={**os.environ, "GOIDE_TEST_PIDFILE": str(pidfile)},
        timeouts=Timeouts(stop=2),
        breakpoint=(program / "main.go", 10),  # inside never()
    )
    assert facts.timed_out_step == "stopped"
    assert [f.id for f in explain_smoke(facts)] == ["debug.timeout"]
    pid = int(pidfile.read_text())
    assert _gone(pid), f"the debugged program {pid} is still running"


def test_users_program_that_runs_forever(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    main_go = HANGS.replace('"time"\n', '"time"\n\n\t"example.com/server"\n').replace(
        "\tfor {", "\t_ = server.Port()\n\tfor {"
    )
    first_statement = (
        main_go.splitlines().index(
            '\tos.WriteFile(os.Getenv("GOIDE_TEST_PIDFILE"), []byte(strconv.Itoa(os.Getpid())), 0o644)'
        )
        + 1
    )
    write_module(
        root,
        {
            "go.mod": "module example.com/server\n\ngo 1.21\n",
            "server.go": "package server\n\nfunc Port() int { return 8080 }\n",
            "cmd/server/main.go": main_go,
        },
    )
    pidfile = tmp_path / "pid"
    result = goide(
        "debug",
        "smoke",
        "--dlv",
        str(tool("dlv")),
        "--program",
        str(root),
        "--json",
        env={"GOIDE_TEST_PIDFILE": str(pidfile)},
    )
    document = json.loads(result.stdout)
    # main has no local to read: stepping through it proves nothing about variables (issue 16).
    assert result.returncode == 1, document
    assert _statuses(document)["variables"] == "not proven"
    assert _ids(document) == ["debug.smoke-not-proven"]
    assert document["program"] == str(root / "cmd" / "server")
    details = {step["name"]: step["detail"] for step in document["steps"]}
    assert details["setBreakpoints"] == f"main.go:{first_statement} verified"  # main's first statement
    # Each `next` over the sleep loop blocks (dlv v1.27.2): the program is paused and the step says so.
    assert details["variables"] in (
        "a line of main.main did not finish within 3s of next (it blocks): no local was read",
        "no local in scope after 10 steps over main: no value was read",
    )
    assert details["continue"].startswith("still running")
    assert _gone(int(pidfile.read_text()))


FIRST_STATEMENT_THEN_LOCALS = """package main

import "fmt"

func main() {
	fmt.Println("start")
	name := "gopher"
	n := len(name)
	fmt.Println(name, n)
}
"""

NO_LOCALS_IN_MAIN = """package main

import "fmt"

func main() {
	fmt.Println("no locals here")
	run()
}

func run() { fmt.Println("done") }
"""


def test_variables_step_steps_to_a_local_and_reads_it(tmp_path: Path) -> None:
    """The breakpoint lands on main's first statement, where no local is in scope yet: the step
    goes on with next, as dlv would, until `name` is assigned and reads its value."""
    write_module(
        tmp_path, {"go.mod": "module example.com/up\n\ngo 1.22\n", "main.go": FIRST_STATEMENT_THEN_LOCALS}
    )
    status, document = _smoke("--program", str(tmp_path))
    assert status == 0, document
    details = {step["name"]: step["detail"] for step in document["steps"]}
    assert details["setBreakpoints"] == "main.go:6 verified"
    assert details["variables"] == 'name = "gopher" (after 2 steps with next)'


def test_variables_step_that_reads_nothing_is_not_proven(tmp_path: Path) -> None:
    write_module(tmp_path, {"go.mod": "module example.com/up2\n\ngo 1.22\n", "main.go": NO_LOCALS_IN_MAIN})
    status, document = _smoke("--program", str(tmp_path))
    assert status == 1, document
    assert _statuses(document)["variables"] == "not proven"
    # Stepping out of main into the runtime's locals is not a read of the user's program.
    details = {step["name"]: step["detail"] for step in document["steps"]}
    assert details["variables"] == "main.main returned after 2 steps with no local to read"
    assert _ids(document) == ["debug.smoke-not-proven"]
    assert document["passed"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--program", "/nonexistent/dir"], "does not exist"),
        (["--timeout", "0"], "--timeout must be"),
        (["--timeout", "soon"], "--timeout must be"),
        # nan and 1e308 went on to Delve's launch wait: ValueError / OverflowError, an internal error.
        (["--timeout", "nan"], "--timeout must be"),
        (["--timeout", "1e308"], "--timeout must be"),
        (["--timeout=-inf"], "--timeout must be"),
    ],
)
def test_bad_input_is_exit_2(args: list[str], message: str) -> None:
    result = goide("debug", "smoke", *args)
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert stderr.startswith("error: ")
    assert message in stderr
    assert "hint: " in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["debug"], "missing subcommand"),
        (["debug", "check", "--workspace", "/nonexistent/ws"], "is not a directory"),
        (["debug", "frobnicate"], "invalid choice"),
    ],
)
def test_bad_command_lines_are_exit_2(args: list[str], message: str) -> None:
    result = goide(*args)
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert stderr.startswith("error: ")
    assert message in stderr
    assert "Traceback" not in stderr


def test_check_finds_the_real_dlv_on_gobin_before_path(tmp_path: Path) -> None:
    gobin = tmp_path / "gobin"
    gobin.mkdir()
    (gobin / "dlv").symlink_to(tool("dlv"))
    path = os.pathsep.join([str(tool("dlv").parent), os.environ["PATH"]])
    result = goide("debug", "check", "--json", env={"GOBIN": str(gobin), "PATH": path}, cwd=tmp_path)
    document = json.loads(result.stdout)
    assert result.returncode == 0, document
    delve = document["delve"]
    assert delve["source"] == "GOBIN"
    assert delve["candidates"][0]["source"] == "GOBIN"
    assert "PATH" in [c["source"] for c in delve["candidates"]]
    # The version goide read agrees with the module version in the binary's build info.
    assert f"v{delve['version']}" == delve["build_info"]["mod"]
    assert delve["dap_subcommand"] is True
    assert [f["id"] for f in document["findings"]] == ["debug.dlv", "debug.launch-json-missing"]


CGO_MAIN = """package main

// int two() { return 2; }
import "C"

func main() {
\tprintln(C.two())
}
"""


def test_missing_c_compiler_is_explained(tmp_path: Path) -> None:
    program = write_module(tmp_path / "cgo", {"go.mod": "module c\n\ngo 1.21\n", "main.go": CGO_MAIN})
    status, document = _smoke(
        "--program", str(program), env={"CC": str(tmp_path / "no-such-gcc"), "CGO_ENABLED": "1"}
    )
    assert status == 1
    assert _ids(document) == ["debug.c-compiler-missing"]
    assert any("no-such-gcc" in line for line in document["findings"][0]["evidence"])


def test_compile_error_is_shown(tmp_path: Path) -> None:
    broken = "package main\n\nfunc main() {\n\tprintln(undefinedThing)\n}\n"
    program = write_module(tmp_path / "broken", {"go.mod": "module b\n\ngo 1.21\n", "main.go": broken})
    status, document = _smoke("--program", str(program))
    assert status == 1
    assert _ids(document) == ["debug.build-failed"]
    assert "undefined: undefinedThing" in document["findings"][0]["detail"]


def test_dlv_that_never_listens_times_out_and_is_killed(tmp_path: Path) -> None:
    # A wrapper that hangs before exec'ing dlv (as a stuck `arch -arm64 dlv` wrapper would).
    pidfile = tmp_path / "pid"
    wrapper = tmp_path / "dlv"
    wrapper.write_text(f"#!/bin/sh\nsleep 120 &\necho $! > {pidfile}\nwait\n")
    wrapper.chmod(0o755)
    facts = run_smoke(str(wrapper), timeouts=Timeouts(start=1))
    assert facts.timed_out_step == "start"
    finding = explain_smoke(facts)[0]
    assert finding.id == "debug.timeout"
    assert "listening address" in finding.title
    assert _gone(int(pidfile.read_text()))  # the whole process group went with it


def _dlv_built_with_go_1_24() -> Path:
    """A real dlv v1.26.2 built with Go 1.24.0 (fetched by the go command as GOTOOLCHAIN), cached:
    it cannot read the DWARF 5 that this machine's Go writes (tool-versions-and-compat.md §1.3)."""
    import fcntl
    import subprocess

    from tests.helpers import CACHE

    folder = CACHE / "olddlv" / "go1.24.0-dlv-v1.26.2"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "dlv").is_file():
            env = {**os.environ, "GOTOOLCHAIN": "go1.24.0", "GOBIN": str(folder), "GOFLAGS": "-mod=mod"}
            built = subprocess.run(
                [str(tool("go")), "install", "github.com/go-delve/delve/cmd/dlv@v1.26.2"],
                env=env,
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=1200,
                check=False,
            )
            if built.returncode != 0:
                pytest.fail(f"building dlv v1.26.2 with go1.24.0 failed:\n{built.stderr}")
    return folder / "dlv"


def test_dlv_built_with_an_old_go_cannot_read_dwarf5() -> None:
    result = goide("debug", "smoke", "--dlv", str(_dlv_built_with_go_1_24()), "--json")
    document = json.loads(result.stdout)
    assert result.returncode == 1
    assert _statuses(document)["launch"] == "failed"
    assert _ids(document) == ["debug.dlv-built-with-old-go"]
    finding = document["findings"][0]
    assert "DWARFv5 or later Delve must be built with Go version 1.25.0 or later" in finding["detail"]
    assert finding["fix"]["command"] == "go install github.com/go-delve/delve/cmd/dlv@v1.27.2"


def test_no_dlv_and_an_unsearchable_path_folder_is_not_installed(tmp_path: Path) -> None:
    """exec reports EACCES when a PATH folder cannot be searched and no dlv is found: goide
    looks for the file first, so this is "not found", not "chmod +x dlv" (issue 17, item 10)."""
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o000)
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {"PATH": f"{locked}:{empty}:{Path(str(tool('go'))).parent}"}
    try:
        facts = run_smoke("dlv", env={**os.environ, **env})
    finally:
        locked.chmod(0o755)
    assert facts.dlv_start_errno == "ENOENT"
    assert [f.id for f in explain_smoke(facts)] == ["debug.dlv-missing"]


def test_hung_go_is_named_and_stopped_at_the_deadline(tmp_path: Path) -> None:
    """A go that never answers: dlv's launch (its go build) times out, dlv's whole process group
    is killed, and the finding blames the go command, not a cold build cache (issue 17, item 10)."""
    fake = tmp_path / "bin"
    fake.mkdir()
    pidfile = tmp_path / "sleep.pid"
    (fake / "go").write_text(f"#!/bin/sh\necho $$ >> {pidfile}\nexec sleep 300\n")
    (fake / "go").chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"}
    started = time.monotonic()
    facts = run_smoke(str(tool("dlv")), env=env, timeouts=Timeouts(launch=5))
    elapsed = time.monotonic() - started
    assert facts.timed_out_step == "launch"
    assert facts.go_hangs
    assert [f.id for f in explain_smoke(facts)] == ["debug.go-hangs"]
    # Every go that was started (by dlv's build and by goide's `go env`) is gone.
    for pid in pidfile.read_text().split():
        assert _gone(int(pid)), pid
    assert elapsed < 60, elapsed  # bounded, not the 300 s the fake go sleeps (not a speed test)


def test_steps_are_shown_as_they_finish_on_a_terminal() -> None:
    """On a terminal each step is printed when it finishes, before the final table (issue 17, 11)."""
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "GOIDE_DEBUG"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "goide", "debug", "smoke", "--dlv", str(tool("dlv"))],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    text = read_terminal(leader, proc, timeout=300).decode("utf-8", "replace")
    proc.wait(timeout=120)
    os.close(leader)
    assert proc.returncode == 0, text
    assert "✓ start" in text
    assert "… launch: Delve builds the program (up to 180 s)" in text
    assert text.index("✓ variables") < text.index("┏")  # the live lines come before the table
