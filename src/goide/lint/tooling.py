"""Drivers of the real golangci-lint: `config verify` of the config, and `migrate` run on a copy.

Each run has a timeout that kills the process group (core/process.py). `migrate` rewrites its
input and leaves a backup, so it only ever sees a copy in a temporary directory: reading commands
never write the user's files.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from goide.core.errors import InputError
from goide.core.process import run
from goide.lint.document import Key, read_document
from goide.lint.model import MigratePreview, VerifyResult

_SCHEMA = re.compile(r'^jsonschema: "([^"]*)" does not validate with "[^"]*": (.*)$')
_EXTRA = re.compile(r"additional properties '([^']+)'")
_LEVEL = re.compile(r'^level=\w+ msg="(.*)"$')
V1_TOP_LEVEL = {"run", "output", "linters-settings", "linters", "issues", "severity", "version"}


def _env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1"}


def _key(pointer: str) -> Key:
    parts: list[str | int] = []
    for part in pointer.split(".") if pointer else []:
        parts.append(int(part) if part.isdigit() else part)
    return tuple(parts)


def parse_verify(stdout: str, stderr: str, config: Path) -> list[tuple[str, int | None]]:
    """The problems `config verify` printed, each with its line in the config when known."""
    try:
        doc = read_document(config)
    except InputError:
        doc = None
    problems: list[tuple[str, int | None]] = []
    for raw in (stdout + "\n" + stderr).splitlines():
        line = raw.strip()
        match = _SCHEMA.match(line)
        if match:
            pointer, message = match.groups()
            key = _key(pointer)
            extra = _EXTRA.search(message)
            if extra:  # point at the first key that is not allowed, not at its parent
                key = (*key, extra.group(1))
            where = doc.line_of(key) if doc else None
            problems.append((f"{pointer or '(top level)'}: {message}", where))
        elif line.startswith("Error: ") or line.startswith("Failed executing command with error: "):
            problems.append((line.split(": ", 1)[1], None))
    return problems


def verify(binary: str, config: Path, directory: Path, timeout: float) -> VerifyResult:
    result = run(
        [binary, "config", "verify", "-c", str(config)], timeout=timeout, env=_env(), cwd=str(directory)
    )
    if result.timed_out:
        return VerifyResult(binary, False, error=f"`config verify` did not finish in {timeout:g} s (killed)")
    if result.start_error:
        return VerifyResult(binary, False, error=f"cannot start: {result.start_error}")
    if result.ok:
        return VerifyResult(binary, True)
    problems = parse_verify(result.stdout, result.stderr, config)
    network = [m for m, _ in problems if "failing loading" in m or "dial tcp" in m]
    if network:
        return VerifyResult(binary, False, error=f"the JSON schema could not be fetched: {network[0]}")
    if not problems:
        tail = (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
        problems = [(tail, None)]
    return VerifyResult(binary, False, problems=tuple(problems))


def count_comments(config: Path) -> int:
    try:
        text = config.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    if config.suffix == ".json":
        return 0
    return sum(1 for line in text.splitlines() if re.search(r"(^|\s)#", line))


def migrate_preview(binary: str, config: Path, timeout: float) -> MigratePreview:
    """Run `golangci-lint migrate` on a copy of `config` and keep what it warned about."""
    comments = count_comments(config)
    with tempfile.TemporaryDirectory(prefix="goide-migrate-") as tmp:
        copy = Path(tmp) / config.name
        shutil.copyfile(config, copy)
        result = run(
            [binary, "migrate", "-c", str(copy), "--skip-validation"], timeout=timeout, env=_env(), cwd=tmp
        )
        if result.timed_out or result.start_error or not result.ok:
            why = (
                "timed out"
                if result.timed_out
                else result.start_error
                or (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
            )
            return MigratePreview(binary, comments=comments, error=why)
    warnings = []
    for line in result.stderr.splitlines():
        match = _LEVEL.match(line.strip())
        text = match.group(1) if match else line.strip()
        if text and "Details about the migration" not in text:
            warnings.append(text.replace('\\"', '"'))
    try:
        original = read_document(config).value
    except InputError:
        original = None
    if isinstance(original, dict):
        unknown = sorted(str(k) for k in original if str(k) not in V1_TOP_LEVEL)
        warnings += [f"unknown field `{name}` is dropped" for name in unknown]
    return MigratePreview(binary, tuple(warnings), comments)
