"""Benchmark: a full `goide doctor` with go, gopls and dlv installed, against its probes run alone.

The peer ("probes alone") is a minimal Python runner, with no goide import, that starts the same
commands doctor runs (PROBES below), all at once as doctor's thread pool does, and waits for
them. Both are whole processes (Python start-up included), run interleaved --runs times; the
figures are the medians of wall time and of CPU time (user + system of the process and its
children), and whole command / probes alone as the ratio. Then, in this process, collection +
judging with the probes concurrent and one after another, and the ratio of those two.

With --settings, the home holds a user settings file and the run passes --workspace with a
.vscode/settings.json and launch.json. Every area of goide.doctor.run.AREAS runs in the whole
command (as users run it); the in-process figures use the areas only with --settings.
Usage: .venv/bin/python bench/doctor.py [--runs 15] [--tools-bin DIR] [--settings]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from goide.doctor.collect.binary import default_reader
from goide.doctor.run import AREAS, Context, Options, collect, diagnose, render

ROOT = Path(__file__).resolve().parent.parent


def _environment(tools_bin: Path, scratch: Path) -> dict[str, str]:
    go = shutil.which("go")
    if not go:
        sys.exit("bench: go is not on PATH")
    gobin = scratch / "gobin"
    gobin.mkdir()
    for name in ("gopls", "dlv"):
        source = tools_bin / name
        if not source.is_file():
            sys.exit(f"bench: {source} is missing; run scripts/tools.sh")
        shutil.copy2(source, gobin / name)
    return {
        "PATH": os.pathsep.join([str(Path(go).parent), str(gobin), "/usr/bin", "/bin"]),
        "HOME": str(scratch / "home"),
        "GOBIN": str(gobin),
        "GOPATH": str(scratch / "home" / "go"),
    }


USER_SETTINGS = """{
    // Go
    "go.lintTool": "staticcheck",
    "gopls": {"ui.diagnostic.staticcheck": false},
}
"""
WORKSPACE_SETTINGS = """{
    "go.formatTool": "goimports",
    "gopls": {
        "build.experimentalWorkspaceModule": true, // from a setup guide
        "ui.documentation.hoverKind": "FullDocumentation",
        "formatting.gofumpt": true,
    },
    "[go]": {"editor.formatOnSave": true},
}
"""
LAUNCH = """{
    "version": "0.2.0",
    "configurations": [
        {"name": "Launch", "type": "go", "request": "launch", "program": "${workspaceFolder}"},
    ],
}
"""


def _settings(scratch: Path) -> Path:
    user = scratch / "home" / ".config" / "Code" / "User"
    user.mkdir(parents=True)
    (user / "settings.json").write_text(USER_SETTINGS)
    vscode = scratch / "project" / ".vscode"
    vscode.mkdir(parents=True)
    (vscode / "settings.json").write_text(WORKSPACE_SETTINGS)
    (vscode / "launch.json").write_text(LAUNCH)
    return vscode.parent


# The commands `goide doctor` runs on this bench's machine once its newest-release cache is warm
# (checked with `strace -f -e trace=execve`), with the collector that runs each:
#   doctor/collect/gotool.py run_go_env          go env -json           (toolchain area)
#   mod/collect.py go_facts                      go env GOROOT GOVERSION (modules area, in the workspace)
#   mod/collect.py read_git_config               git config --list --show-origin -z (modules area)
# Not run here: `go version` (only for a go without build info, gccgo's), golangci-lint (not on the
# bench's PATH), `go list -m -json MODULE@latest` (doctor/collect/newest.py; cached for a day, and
# the warm-up run fills the cache), `gopls api-json` (settings area with --settings: cached per
# gopls binary, filled by the warm-up run too). gopls and dlv are not run for their versions: those
# come from their build info, read from the files.
PROBES: tuple[tuple[tuple[str, ...], bool], ...] = (  # (argv, runs in the workspace)
    (("go", "env", "-json"), False),
    (("go", "env", "GOROOT", "GOVERSION"), True),
    (("git", "config", "--list", "--show-origin", "-z"), True),
)

# The runner: start every probe, then wait for each, reading its output as doctor does.
PROBES_ALONE = """
import subprocess, sys
jobs = {jobs!r}
procs = [
    subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for argv, cwd in jobs
]
for proc in procs:
    proc.communicate()
"""


def _timed(argv: list[str], env: dict[str, str], cwd: str | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of argv, children included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def _median_seconds(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--settings", action="store_true", help="with user and workspace settings")
    parser.add_argument(
        "--tools-bin", type=Path, default=Path(os.environ.get("GOIDE_TOOLS_BIN", ROOT / ".tools/bin"))
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = _environment(args.tools_bin, Path(tmp))
        env["XDG_CONFIG_HOME"] = str(Path(tmp) / "home" / ".config")
        env["TMPDIR"] = tmp
        workspace = str(_settings(Path(tmp))) if args.settings else None
        areas = AREAS if args.settings else []
        # As installed by pip, goide's modules are byte-compiled; a PYTHONDONTWRITEBYTECODE in the
        # caller's environment would make every run compile every module from source.
        full_env = {k: v for k, v in {**os.environ, **env}.items() if k != "PYTHONDONTWRITEBYTECODE"}
        argv = [sys.executable, "-m", "goide", "doctor", *(["--workspace", workspace] if workspace else [])]
        go = shutil.which("go", path=env["PATH"]) or "go"
        git = shutil.which("git", path=env["PATH"]) or "git"
        jobs = [
            ([{"go": go, "git": git}[probe[0]], *probe[1:]], workspace if in_workspace else None)
            for probe, in_workspace in PROBES
        ]
        peer = [sys.executable, "-c", PROBES_ALONE.format(jobs=jobs)]

        def command() -> None:
            subprocess.run(argv, env=full_env, capture_output=True, check=False)

        ctx = Context(environ=env, home=env["HOME"], reader=default_reader(), timeout=10, workspace=workspace)

        def in_process(concurrent: bool) -> None:
            findings = diagnose(collect(ctx, concurrent=concurrent, areas=areas), areas)
            render(findings, Options(), io.StringIO(), home=env["HOME"])

        command()  # warm the OS file cache, Python's bytecode cache and the newest-release cache
        _timed(peer, full_env)
        whole_runs: list[tuple[float, float]] = []
        peer_runs: list[tuple[float, float]] = []
        for _ in range(args.runs):  # interleaved, so machine drift hits both alike
            whole_runs.append(_timed(argv, full_env))
            peer_runs.append(_timed(peer, full_env))
        whole, whole_cpu = (statistics.median(r[i] for r in whole_runs) for i in (0, 1))
        alone, alone_cpu = (statistics.median(r[i] for r in peer_runs) for i in (0, 1))
        concurrent = _median_seconds(lambda: in_process(True), args.runs)
        sequential = _median_seconds(lambda: in_process(False), args.runs)
    print(f"machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"median of {args.runs} interleaved runs{' (with settings and a workspace)' if args.settings else ''}"
    )
    print(f"{'command':<44} {'wall ms':>8} {'cpu ms':>8}")
    print(f"{'goide doctor (whole command)':<44} {whole * 1000:8.1f} {whole_cpu * 1000:8.1f}")
    peer_name = f"its probes alone ({len(PROBES)} commands, concurrent)"
    print(f"{peer_name:<44} {alone * 1000:8.1f} {alone_cpu * 1000:8.1f}")
    print(f"{'whole command / probes alone':<44} {whole / alone:7.2f}x {whole_cpu / alone_cpu:7.2f}x")
    print(f"probes concurrent (collect + judge + render):            {concurrent * 1000:7.1f} ms")
    print(f"probes one after another:                                 {sequential * 1000:7.1f} ms")
    print(f"sequential / concurrent:                                  {sequential / concurrent:7.2f}x")


if __name__ == "__main__":
    main()
