"""GitHub Actions annotations for failed tests, with the file and line where the test failed.

A `t.Error` line says only the file's base name (`bad_test.go:18: ...`): the package's directory is
its import path below the module path, read from the `go.mod` above the working directory. A panic
names absolute paths in its stack: the first frame inside the module is the culprit. Paths are
given relative to `$GITHUB_WORKSPACE` (the checkout), else to the working directory, which is
what GitHub needs to put the annotation on the line of the diff. Workflow command escaping follows
GitHub's toolkit (`@actions/core`, command.ts: `escapeData` and `escapeProperty`).
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from goide.testrun.failure import failure_message, own_lines
from goide.testrun.model import TestResult

_LOGGED = re.compile(r"^\s*([\w.-]+\.go):(\d+): ")
_FRAME = re.compile(r"^\t(/\S+\.go):(\d+)(?: \+0x[0-9a-f]+)?$")
_MODULE = re.compile(r"^module\s+\"?([^\s\"]+)\"?", re.MULTILINE)


@dataclass(frozen=True)
class SourceRoots:
    module_path: str = ""
    module_dir: Path | None = None
    base: Path | None = None  # annotation paths are relative to this

    @classmethod
    def here(cls, cwd: Path | None = None, environ: dict[str, str] | None = None) -> SourceRoots:
        environ = dict(os.environ) if environ is None else environ
        start = (cwd or Path.cwd()).resolve()
        base = Path(environ["GITHUB_WORKSPACE"]).resolve() if environ.get("GITHUB_WORKSPACE") else start
        for directory in (start, *start.parents):
            go_mod = directory / "go.mod"
            try:
                text = go_mod.read_text(errors="replace")[: 64 * 1024]
            except OSError:
                continue
            found = _MODULE.search(text)
            if found:
                return cls(found[1], directory, base)
            break
        return cls("", None, base)

    def package_dir(self, package: str) -> Path | None:
        if self.module_dir is None:
            return None
        if package == self.module_path:
            return self.module_dir
        if package.startswith(self.module_path + "/"):
            return self.module_dir / package[len(self.module_path) + 1 :]
        return None

    def relative(self, path: Path) -> str | None:
        if self.base is None:
            return None
        try:
            return path.relative_to(self.base).as_posix()
        except ValueError:
            return None


@functools.cache
def roots_here() -> SourceRoots:
    """The roots of the working directory, read once per process."""
    return SourceRoots.here()


def location(package: str, test: TestResult, roots: SourceRoots) -> tuple[str, int] | None:
    """(file relative to the checkout, line) where `test` failed, when it can be told."""
    lines = [line for line, _ in own_lines(test)]
    if test.panicked or test.crash == "panic":
        inside = roots.module_dir
        for line in lines:
            frame = _FRAME.match(line)
            if frame and inside is not None and Path(frame[1]).is_relative_to(inside):
                relative = roots.relative(Path(frame[1]))
                if relative is not None:
                    return relative, int(frame[2])
    directory = roots.package_dir(package)
    if directory is None:
        return None
    for line in [*failure_message(test), *reversed(lines)]:
        logged = _LOGGED.match(line)
        if logged:
            relative = roots.relative(directory / logged[1])
            if relative is not None:
                return relative, int(logged[2])
    return None


def annotation(package: str, test: TestResult, roots: SourceRoots | None) -> str:
    """One `::error ...::message` workflow command for a failed test."""
    where = location(package, test, roots) if roots is not None else None
    message = "\n".join(line.strip() for line in failure_message(test)[:20]) or "failed"
    properties = []
    if where is not None:
        properties += [f"file={_property(where[0])}", f"line={where[1]}"]
    properties.append(f"title={_property(f'{package} {test.name}')}")
    return f"::error {','.join(properties)}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
