"""Benchmark: the wall time of a full `goide doctor` with go, gopls and dlv installed, against the
same probes run one after another.

Prints three figures (median of --runs): the whole command as a user runs it (Python start-up
included), and in-process collection + judging with the probes concurrent and sequential, and the
ratio of the last two. With --settings, the home holds a user settings file and the run passes
--workspace with a .vscode/settings.json and launch.json, so the settings and gopls logs areas
(goide.doctor.run.AREAS) run too. Usage: .venv/bin/python bench/doctor.py [--runs 15] [--tools-bin DIR]
[--settings]
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
        full_env = {**os.environ, **env}
        argv = [sys.executable, "-m", "goide", "doctor", *(["--workspace", workspace] if workspace else [])]

        def command() -> None:
            subprocess.run(argv, env=full_env, capture_output=True, check=False)

        ctx = Context(environ=env, home=env["HOME"], reader=default_reader(), timeout=10, workspace=workspace)

        def in_process(concurrent: bool) -> None:
            findings = diagnose(collect(ctx, concurrent=concurrent, areas=areas), areas)
            render(findings, Options(), io.StringIO(), home=env["HOME"])

        command()  # warm the OS file cache and Python's bytecode cache once
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        whole = _median_seconds(command, args.runs)
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        whole_cpu = (
            cpu_after.ru_utime + cpu_after.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime
        ) / args.runs
        concurrent = _median_seconds(lambda: in_process(True), args.runs)
        sequential = _median_seconds(lambda: in_process(False), args.runs)
    print(f"machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"goide doctor, whole command (python start-up included): {whole * 1000:7.1f} ms wall")
    print(f"  CPU time of the command and its children (mean):      {whole_cpu * 1000:7.1f} ms")
    print(f"probes concurrent (collect + judge + render):            {concurrent * 1000:7.1f} ms")
    print(f"probes one after another:                                 {sequential * 1000:7.1f} ms")
    print(f"sequential / concurrent:                                  {sequential / concurrent:7.2f}x")


if __name__ == "__main__":
    main()
