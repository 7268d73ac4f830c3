"""An unreadable ~/.config/Code (what running VS Code with sudo leaves) is reported with the
ownership fix by `settings check`, `debug check` and `doctor` (issue 17, item 8).

Root reads any folder whatever its mode, so the commands run as `nobody` through setpriv, with a
home folder of their own whose `.config/Code` belongs to root with mode 0700.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534
pytestmark = pytest.mark.integration


@pytest.fixture
def home() -> Iterator[Path]:
    # pytest's tmp_path sits under a 0700 directory that another user cannot even enter.
    base = Path(tempfile.mkdtemp(prefix="goide-home-"))
    base.chmod(0o755)
    home = base / "home"
    user = home / ".config" / "Code" / "User"
    user.mkdir(parents=True)
    (user / "settings.json").write_text('{"go.buildOnSave": "package"}\n')
    workspace = home / "ws" / ".vscode"
    workspace.mkdir(parents=True)
    (workspace / "settings.json").write_text("{}\n")
    for directory, _dirs, files in os.walk(home):
        os.chown(directory, NOBODY, NOBODY)
        for name in files:
            os.chown(Path(directory) / name, NOBODY, NOBODY)
    code = home / ".config" / "Code"
    for directory, _dirs, files in os.walk(code):
        os.chown(directory, 0, 0)
        for name in files:
            os.chown(Path(directory) / name, 0, 0)
    code.chmod(0o700)
    yield home
    shutil.rmtree(base)


def as_nobody(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("setpriv (util-linux) is needed to run goide as another user")
    env = {k: v for k, v in os.environ.items() if k not in ("GOIDE_DEBUG", "XDG_CONFIG_HOME")}
    env |= {"HOME": str(home), "PYTHONPATH": str(ROOT / "src")}
    argv = [
        setpriv,
        f"--reuid={NOBODY}",
        f"--regid={NOBODY}",
        "--clear-groups",
        sys.executable,
        "-m",
        "goide",
    ]
    return subprocess.run(
        [*argv, *args], capture_output=True, text=True, timeout=180, env=env, cwd=home / "ws", check=False
    )


def test_settings_check(home: Path) -> None:
    result = as_nobody(home, "settings", "check", "--json")
    assert "internal error" not in result.stderr, result.stderr
    findings = json.loads(result.stdout)["findings"]
    unreadable = [f for f in findings if f["id"] == "settings.unreadable-directory"]
    assert len(unreadable) == 1, findings
    assert unreadable[0]["title"] == "cannot read ~/.config/Code: permission denied"
    assert unreadable[0]["fix"]["command"] == "sudo chown -R $USER ~/.config/Code"
    assert result.returncode == 2  # a file that cannot be read, as for an unreadable file


def test_debug_check(home: Path) -> None:
    result = as_nobody(home, "debug", "check")
    assert "internal error" not in result.stderr, result.stderr
    assert "cannot read ~/.config/Code: permission denied" in result.stdout
    assert "$ sudo chown -R $USER ~/.config/Code" in result.stdout


def test_doctor(home: Path) -> None:
    result = as_nobody(home, "doctor", "--json")
    assert "internal error" not in result.stderr, result.stderr
    findings = json.loads(result.stdout)["findings"]
    titles = [f["title"] for f in findings]
    assert not any("settings probe crashed" in t.lower() for t in titles), titles
    unreadable = [f for f in findings if "cannot read ~/.config/Code: permission denied" in f["title"]]
    assert len(unreadable) == 1, titles
    assert unreadable[0]["fix"]["command"] == "sudo chown -R $USER ~/.config/Code"
