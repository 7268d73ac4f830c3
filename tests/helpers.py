"""Shared helpers for the tests: the real tools, goide's CLI, and Go builds cached for the run.

Integration tests use the real `go`, `gopls`, `dlv`, ... A missing tool is a failure, never a
skip: scripts/test installs every tool at its pinned version into .tools/bin.
"""

from __future__ import annotations

import hashlib
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS_BIN = Path(os.environ.get("GOIDE_TOOLS_BIN", ROOT / ".tools" / "bin"))
CACHE = ROOT / ".cache" / "fixtures"


def tool(name: str) -> Path:
    """The path of a pinned Go tool (gopls, dlv, gotestsum, benchstat, golangci-lint) or `go`."""
    if name == "go":
        found = shutil.which("go")
        if not found:
            pytest.fail("`go` is not on PATH; the tests need the real Go toolchain")
        return Path(found)
    path = TOOLS_BIN / name
    if not path.is_file():
        pytest.fail(f"{name} is not installed in {TOOLS_BIN}; run scripts/tools.sh")
    return path


def goide(
    *args: str,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[bytes]:
    """Run the real `goide` command (as `python -m goide`) and capture its output."""
    full_env = dict(os.environ)
    full_env.pop("GOIDE_DEBUG", None)
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "goide", *args],
        input=stdin,
        capture_output=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


def read_terminal(fd: int, proc: subprocess.Popen[bytes], *, timeout: float = 120) -> bytes:
    """What a program shows on the pseudo-terminal whose controlling side is `fd` (`pty.openpty()`'s
    first), read as it comes so that the program never blocks on a full terminal. It ends when the
    terminal closes (EOF, or EIO once no process holds it), when `proc` has exited and nothing more
    is waiting (a child it left behind may hold the terminal open for ever), or after `timeout`
    seconds; then the caller's `proc.wait(timeout=...)` says whether `proc` hung."""
    chunks = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the last process holding the terminal closed it
                break
            if not chunk:
                break
            chunks.append(chunk)
        elif proc.poll() is not None:
            break
    return b"".join(chunks)


def write_module(directory: Path, files: Mapping[str, str]) -> Path:
    """Write a small Go module (file name -> contents) into `directory`."""
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return directory


def go_build(
    module: Path,
    *,
    goos: str,
    goarch: str,
    flags: Sequence[str] = (),
    package: str = ".",
    env: Mapping[str, str] | None = None,
    name: str = "prog",
) -> Path:
    """Cross-compile `package` of `module` with the real Go, cached across the whole run.

    The cache key covers the sources, the target and the flags, so every test and every xdist
    worker that asks for the same build gets the same file; it is written atomically.
    """
    extra_env = {"GOOS": goos, "GOARCH": goarch, "GOFLAGS": "-mod=mod", **(env or {})}
    key = hashlib.sha256()
    for path in sorted(module.rglob("*")):
        if path.is_file():
            key.update(str(path.relative_to(module)).encode())
            key.update(path.read_bytes())
    key.update(repr((goos, goarch, tuple(flags), package, sorted(extra_env.items()))).encode())
    suffix = ".exe" if goos == "windows" else ""
    out = CACHE / key.hexdigest()[:20] / f"{name}-{goos}-{goarch}{suffix}"
    if out.is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + f".{os.getpid()}.tmp")
    full_env = {**os.environ, "CGO_ENABLED": "0", **extra_env}
    result = subprocess.run(
        [str(tool("go")), "build", *flags, "-o", str(tmp), package],
        cwd=module,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"go build {goos}/{goarch} {flags} failed:\n{result.stderr}")
    os.replace(tmp, out)
    return out


def go_tool_build(package: str, version: str, *, goos: str, goarch: str, flags: Sequence[str] = ()) -> Path:
    """Cross-compile a real Go tool (`golang.org/x/tools/gopls`, `cmd/go`, ...) for another platform.

    `go install pkg@version` refuses to cross-compile into a GOBIN, so the tool is required from a
    scratch module kept in the cache and built from there with `go build`. `version` "std" builds a
    command of the local Go toolchain itself (for example `cmd/go`).
    """
    import fcntl

    name = package.rstrip("/").rsplit("/", 1)[-1]
    if version == "std":
        goversion = subprocess.run(
            [str(tool("go")), "env", "GOVERSION"], capture_output=True, text=True, check=True
        ).stdout.strip()
        std = CACHE / "std" / goversion
        std.mkdir(parents=True, exist_ok=True)
        (std / "GOVERSION").write_text(goversion)
        return go_build(std, goos=goos, goarch=goarch, flags=flags, package=package, name=name)
    slug = hashlib.sha256(f"{package}@{version}".encode()).hexdigest()[:16]
    module = CACHE / "toolmods" / slug
    module.mkdir(parents=True, exist_ok=True)
    with open(module.parent / f"{slug}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (module / "go.sum").is_file():
            (module / "go.mod").write_text("module goide.test/toolbuild\n\ngo 1.23\n")
            got = subprocess.run(
                [str(tool("go")), "get", f"{package}@{version}"],
                cwd=module,
                capture_output=True,
                text=True,
                timeout=1200,
                check=False,
            )
            if got.returncode != 0:
                pytest.fail(f"go get {package}@{version} failed:\n{got.stderr}")
        return go_build(module, goos=goos, goarch=goarch, flags=flags, package=package, name=name)
