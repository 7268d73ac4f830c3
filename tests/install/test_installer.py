"""`./install` run for real, as a new user would: Debian's own externally-managed python3, a pyenv
Python first on PATH, and a machine whose only Python is too old, each under a scratch HOME.

pip downloads goide's dependencies from PyPI; the tests share one pip cache (outside the scratch
HOME, through PIP_CACHE_DIR, which the installer respects) so only the first run downloads.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALL = ROOT / "install"
DEBIAN_PYTHON = Path("/usr/bin/python3")
UTILITIES = ("sh", "uname", "dirname", "mkdir", "rm", "rmdir", "cat", "chmod", "mv", "grep", "sed", "mktemp")
DEBIAN = ("apt-get",)  # what tells the installer which package manager to name


def _files(home: Path) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*"))


def _run(
    home: Path,
    path: str,
    *args: str,
    pip_cache: Path,
    extra: dict[str, str] | None = None,
    script: Path = INSTALL,
) -> subprocess.CompletedProcess[str]:
    env = {
        "HOME": str(home),
        "PATH": path,
        "SHELL": "/bin/bash",
        "PIP_CACHE_DIR": str(pip_cache),
        "LANG": "C.UTF-8",
    }
    env.update(extra or {})
    return subprocess.run(
        [str(script), *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def pip_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pip-cache")


def _checkout_copy(dest: Path) -> Path:
    """The files of this checkout that git tracks or would add (what a clone has), copied to `dest`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


@pytest.mark.integration
def test_debian_python_installs_upgrades_survives_a_moved_checkout_and_uninstalls(
    tmp_path: Path, pip_cache: Path
) -> None:
    assert DEBIAN_PYTHON.exists(), "Debian's python3 is needed for this test"
    managed = list(Path("/usr/lib").glob("python3*/EXTERNALLY-MANAGED"))
    assert managed, "this test is about Debian's externally-managed python3 (PEP 668)"
    home = tmp_path / "home"
    home.mkdir()
    before = _files(home)
    checkout = _checkout_copy(tmp_path / "checkout")

    first = _run(home, "/usr/bin:/bin", pip_cache=pip_cache, script=checkout / "install")
    assert first.returncode == 0, first.stderr
    assert "Using Python 3.11: /usr/bin/python3" in first.stdout
    assert "Installed: goide " in first.stdout
    # doctor ran at the end and judged this machine (go is not on this PATH, so it says so).
    assert "Running goide doctor:" in first.stdout
    assert "No `go` on PATH" in first.stdout
    # not on PATH: the exact line for bash, the shell of this test
    assert "echo 'export PATH=\"$HOME/.local/bin:$PATH\"' >> ~/.bashrc" in first.stdout

    launcher = home / ".local" / "bin" / "goide"
    version = subprocess.run([str(launcher), "--version"], capture_output=True, text=True, check=False)
    assert version.returncode == 0
    assert version.stdout.startswith("goide ")
    assert (
        (home / ".local/share/bash-completion/completions/goide").read_text().startswith("# goide completion")
    )
    assert (home / ".config/fish/completions/goide.fish").is_file()
    # the system Python was not touched: goide is not importable from it
    probe = subprocess.run(
        [str(DEBIAN_PYTHON), "-c", "import goide"],
        capture_output=True,
        check=False,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
        cwd=home,
    )
    assert probe.returncode != 0

    second = _run(home, "/usr/bin:/bin", "--no-doctor", pip_cache=pip_cache, script=checkout / "install")
    assert second.returncode == 0, second.stderr
    assert "Upgrading goide in" in second.stdout
    assert "Upgraded: goide " in second.stdout

    shutil.rmtree(checkout)  # the launcher must not depend on the checkout
    doctor = subprocess.run(
        [str(launcher), "doctor", "--json"],
        capture_output=True,
        text=True,
        check=False,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
    )
    assert doctor.returncode in (0, 1), doctor.stderr
    assert '"findings"' in doctor.stdout

    removed = _run(home, "/usr/bin:/bin", "--uninstall", pip_cache=pip_cache)
    assert removed.returncode == 0, removed.stderr
    assert "goide is uninstalled." in removed.stdout
    assert _files(home) == before


@pytest.mark.integration
def test_pyenv_python_first_on_path_is_used(tmp_path: Path, pip_cache: Path) -> None:
    pyenv_root = Path(os.environ.get("PYENV_ROOT", "/root/.pyenv"))
    shims = pyenv_root / "shims"
    assert shims.is_dir(), f"pyenv is needed for this test (no {shims})"
    home = tmp_path / "home"
    home.mkdir()
    result = _run(
        home,
        f"{shims}:/usr/bin:/bin",
        "--no-doctor",
        pip_cache=pip_cache,
        extra={"PYENV_ROOT": str(pyenv_root)},
    )
    assert result.returncode == 0, result.stderr
    # pyenv's shims for versions that are not selected (python3.13 here) fail; they are skipped.
    chosen = next(line for line in result.stdout.splitlines() if line.startswith("Using Python"))
    assert str(shims) in chosen
    cfg = (home / ".local/share/goide/venv/pyvenv.cfg").read_text()
    assert str(pyenv_root / "versions") in cfg
    assert _run(home, "/usr/bin:/bin", "--uninstall", pip_cache=pip_cache).returncode == 0
    assert _files(home) == []


def _path_with(tmp_path: Path, python: Path | None) -> str:
    """A PATH with the shell utilities the installer uses and, at most, one python3."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in UTILITIES + DEBIAN:
        found = shutil.which(name, path="/usr/bin:/bin")
        assert found, name
        (bin_dir / name).symlink_to(found)
    if python is not None:
        (bin_dir / "python3").symlink_to(python)
    return str(bin_dir)


def _old_python(tmp_path: Path) -> Path:
    """A real Python 3.9 (pyenv's) when there is one; otherwise a stand-in that answers the
    installer's version question as Python 3.9 does (the test says which it used)."""
    real = sorted(Path(os.environ.get("PYENV_ROOT", "/root/.pyenv"), "versions").glob("3.9.*/bin/python3.9"))
    if real:
        return real[-1]
    stand_in = tmp_path / "python3.9-stand-in"
    stand_in.write_text("#!/bin/sh\necho 3.9\n")
    stand_in.chmod(0o755)
    return stand_in


def test_only_a_too_old_python_says_which_to_get_and_creates_nothing(tmp_path: Path, pip_cache: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    old = _old_python(tmp_path)
    result = _run(home, _path_with(tmp_path, old), pip_cache=pip_cache)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: goide needs Python 3.11 or newer; found only ")
    assert "(3.9)" in lines[0]
    assert lines[1].startswith("hint: ")
    assert (
        lines[1]
        == "hint: sudo apt install python3 python3-venv   (Debian 12 / Ubuntu 23.04 and newer ship 3.11+)"
    )
    assert _files(home) == []


def test_no_python_at_all(tmp_path: Path, pip_cache: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = _run(home, _path_with(tmp_path, None), pip_cache=pip_cache)
    assert result.returncode == 2
    assert result.stderr.startswith("error: goide needs Python 3.11 or newer; no Python was found\nhint: ")
    assert _files(home) == []


def test_unknown_option_and_uninstall_without_install(tmp_path: Path, pip_cache: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    bad = _run(home, "/usr/bin:/bin", "--frobnicate", pip_cache=pip_cache)
    assert bad.returncode == 2
    assert bad.stderr == "error: unknown option: --frobnicate\nhint: run ./install --help\n"
    nothing = _run(home, "/usr/bin:/bin", "--uninstall", pip_cache=pip_cache)
    assert nothing.returncode == 0
    assert "nothing to remove" in nothing.stdout
    assert _files(home) == []


@pytest.mark.parametrize(
    ("shell", "advice"),
    [
        ("/usr/bin/zsh", ">> ~/.zprofile"),
        ("/usr/bin/fish", "fish_add_path ~/.local/bin"),
        ("/bin/bash", ">> ~/.bashrc"),
    ],
)
def test_path_advice_follows_the_login_shell(shell: str, advice: str) -> None:
    # The function the installer prints its PATH advice with, run alone by the real sh.
    text = INSTALL.read_text()
    start = text.index("path_advice() {")
    end = text.index("\n}\n", start) + 3
    script = f'say() {{ printf "%s\\n" "$*"; }}\nsystem=Linux\n{text[start:end]}path_advice\n'
    out = subprocess.run(
        ["sh", "-c", script],
        env={"SHELL": shell, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert advice in out
