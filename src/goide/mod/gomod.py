"""The `require` lines of a go.mod file (module paths and versions), read the way `go` writes them:
single lines and `require ( ... )` blocks, comments removed. Bounded: at most 1 MiB is read."""

from __future__ import annotations

import re

MAX_GOMOD_BYTES = 1 << 20
_LINE = re.compile(r'^\s*"?(?P<path>[^\s"]+)"?\s+(?P<version>v\S+)')


def requires(text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    in_block = False
    for raw in text.splitlines():
        line = raw.split("//", 1)[0].strip()
        if in_block:
            if line.startswith(")"):
                in_block = False
                continue
            m = _LINE.match(line)
            if m:
                found.append((m.group("path"), m.group("version")))
            continue
        if line.startswith("require"):
            rest = line[len("require") :].strip()
            if rest.startswith("("):
                in_block = True
                continue
            m = _LINE.match(rest)
            if m:
                found.append((m.group("path"), m.group("version")))
    return found
