"""A real bundle for the bundle tests: gopls, dlv and staticcheck at pinned versions, built by
`goide bundle build` with the real Go for the four targets of issue 15, cached under
.cache/fixtures/bundle/ between runs (the key names the Go version, the tools and the targets,
and the build settings module, so a change of settings builds anew)."""

from __future__ import annotations

import fcntl
import hashlib
import subprocess
from pathlib import Path

import pytest

from tests.helpers import CACHE, ROOT, goide, tool

TOOLS = ("gopls@v0.23.0", "dlv@v1.27.2", "staticcheck@v0.8.2")
TARGETS = ("darwin/arm64", "windows/arm64", "linux/arm64", "linux/amd64")


def build_args(out: Path, tools: tuple[str, ...] = TOOLS, targets: tuple[str, ...] = TARGETS) -> list[str]:
    args = ["bundle", "build", *tools, "--out", str(out)]
    for target in targets:
        args += ["--target", target]
    return args


def _key() -> str:
    goversion = subprocess.run(
        [str(tool("go")), "env", "GOVERSION"], capture_output=True, text=True, check=True
    ).stdout.strip()
    digest = hashlib.sha256(repr((goversion, TOOLS, TARGETS)).encode())
    for module in ("settings.py", "gobuild.py", "build.py"):
        digest.update((ROOT / "src" / "goide" / "bundle" / module).read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def real_bundle() -> Path:
    """The four-target bundle (built once, then reused); never modify it in a test."""
    home = CACHE / "bundle"
    home.mkdir(parents=True, exist_ok=True)
    out = home / _key()
    with open(home / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not out.is_dir():
            result = goide(*build_args(out), timeout=3600)
            if result.returncode != 0:
                pytest.fail(f"goide bundle build failed:\n{result.stderr.decode()}")
    return out


def copy_bundle(source: Path, dest: Path) -> Path:
    """A private copy of a bundle a test may damage."""
    subprocess.run(["cp", "-a", str(source), str(dest)], check=True)
    return dest
