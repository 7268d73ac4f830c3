"""`goide vsix inspect` as one function: arguments checked, package read, rules applied."""

from __future__ import annotations

import re
from pathlib import Path

from goide.core.errors import InputError
from goide.core.model import Finding
from goide.vsix.inspect import Package, read_package
from goide.vsix.judge import judge_package
from goide.vsix.platforms import machine_of


def check_vsix(path: Path, *, platform: str | None, vscode: str | None) -> tuple[Package, list[Finding]]:
    machine = machine_of(platform) if platform else None
    if vscode is not None and not re.match(r"^\d+\.\d+\.\d+$", vscode.strip()):
        raise InputError(f"--vscode {vscode!r} is not a VS Code version", hint="for example --vscode 1.95.3")
    package = read_package(path)
    return package, judge_package(package, machine=machine, vscode=vscode)
