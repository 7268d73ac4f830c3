"""The two path-pattern languages that decide what is watched and loaded: VS Code globs
(`files.watcherExclude`) and gopls `build.directoryFilters`.

VS Code globs (vs/base/common/glob.ts): `**` is any number of path segments, `*` any run of
characters in one segment, `?` one character, `{a,b}` alternatives, `[...]` a class. gopls
directory filters (gopls/doc/settings.md): `+` or `-` then a path relative to the workspace folder,
`**` allowed as a whole segment; evaluated in order, the last match wins; a filter covers the
directory and everything below it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache


@lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    i = 0
    depth = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
            continue
        if pattern.startswith("/**", i) and i + 3 == len(pattern):
            out.append("(?:/.*)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "{":
            out.append("(?:")
            depth += 1
        elif char == "}" and depth:
            out.append(")")
            depth -= 1
        elif char == "," and depth:
            out.append("|")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    out.append(")" * depth)
    return re.compile("".join(out))


def glob_matches(pattern: str, path: str) -> bool:
    """Whether the VS Code glob `pattern` matches the workspace-relative `path` (with `/`)."""
    pattern = pattern.strip()
    if not pattern:
        return False
    if pattern.startswith("./"):
        pattern = pattern[2:]
    try:
        return _glob_regex(pattern).fullmatch(path) is not None
    except re.error:
        return False


def watch_excluded(directory: str, patterns: Iterable[str]) -> bool:
    """A directory is not watched when a pattern matches it (a trailing `/**` also matches the
    directory itself, as in VS Code)."""
    return any(glob_matches(p, directory) for p in patterns)


@lru_cache(maxsize=512)
def _filter_regex(rule: str) -> re.Pattern[str]:
    parts = [p for p in rule.split("/") if p]
    return re.compile("".join("(?:[^/]+/)*" if part == "**" else re.escape(part) + "/" for part in parts))


def filtered_out(directory: str, filters: Sequence[str]) -> bool:
    """Whether gopls's `build.directoryFilters` exclude `directory` (relative, with `/`)."""
    excluded = False
    for raw in filters:
        text = raw.strip()
        if len(text) < 2 or text[0] not in "+-":
            continue
        if _filter_regex(text[1:]).match(directory + "/"):
            excluded = text[0] == "-"
    return excluded
