"""What several benchmark scripts share (they run as `python bench/NAME.py`, so this folder is on
sys.path and `import common` finds this file; a script that takes bench/ off sys.path
imports `bench.common` from the repository root)."""

from __future__ import annotations

import subprocess
import sys


def compile_goide() -> None:
    """Byte-compile the goide that `python -m goide` imports, as pip does on install: otherwise a
    shell with PYTHONDONTWRITEBYTECODE set makes every run compile goide from source."""
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import compileall, os, goide; compileall.compile_dir(os.path.dirname(goide.__file__), quiet=1)",
        ],
        check=True,
        timeout=600,
    )
