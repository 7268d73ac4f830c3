"""Module path patterns exactly as golang.org/x/mod `module.MatchPrefixPatterns` and Go's `path.Match`
read them (GOPRIVATE, GONOPROXY, GONOSUMDB, GOINSECURE).

A port line by line of x/mod module.go and src/path/match.go, so that goide and the `go` command
agree on every pattern, including malformed ones (never matching) and entries with spaces.
"""

from __future__ import annotations


class BadPatternError(Exception):
    """path.ErrBadPattern: `syntax error in pattern`."""


def match_prefix_patterns(globs: str, target: str) -> bool:
    """module.MatchPrefixPatterns: does any comma-separated glob match a leading prefix of `target`?"""
    return matching_pattern(globs, target) is not None


def matching_pattern(globs: str, target: str) -> str | None:
    """The first glob of `globs` (as written) that matches a prefix of `target`, or None."""
    while globs:
        glob, sep, rest = globs.partition(",")
        globs = rest if sep else ""
        written = glob
        glob = glob.removesuffix("/")
        if not glob:
            continue
        n = glob.count("/")
        prefix = target
        for i, ch in enumerate(target):
            if ch == "/":
                if n == 0:
                    prefix = target[:i]
                    break
                n -= 1
        if n > 0:
            continue
        try:
            if path_match(glob, prefix):
                return written
        except BadPatternError:
            continue
    return None


def split_patterns(globs: str) -> list[str]:
    """The entries of a comma-separated pattern list as Go walks them (empty entries dropped)."""
    return [g for g in globs.split(",") if g.removesuffix("/")]


def bad_pattern(glob: str) -> bool:
    """True when path.Match reports ErrBadPattern for `glob` (Go then ignores the entry)."""
    try:
        path_match(glob.removesuffix("/"), "")
    except BadPatternError:
        return True
    return False


def path_match(pattern: str, name: str) -> bool:
    """Go's path.Match; raises BadPatternError where Go returns ErrBadPattern."""
    while pattern:
        star, chunk, pattern = _scan_chunk(pattern)
        if star and chunk == "":
            return "/" not in name
        t, ok = _match_chunk(chunk, name)
        if ok and (len(t) == 0 or len(pattern) > 0):
            name = t
            continue
        if star:
            matched_later = False
            i = 0
            while i < len(name) and name[i] != "/":
                t, ok = _match_chunk(chunk, name[i + 1 :])
                if ok:
                    if len(pattern) == 0 and len(t) > 0:
                        i += 1
                        continue
                    name = t
                    matched_later = True
                    break
                i += 1
            if matched_later:
                continue
        while pattern:
            _, chunk, pattern = _scan_chunk(pattern)
            _match_chunk(chunk, "")
        return False
    return len(name) == 0


def _scan_chunk(pattern: str) -> tuple[bool, str, str]:
    star = False
    while pattern and pattern[0] == "*":
        pattern = pattern[1:]
        star = True
    in_range = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if i + 1 < len(pattern):
                i += 1
        elif c == "[":
            in_range = True
        elif c == "]":
            in_range = False
        elif c == "*" and not in_range:
            return star, pattern[:i], pattern[i:]
        i += 1
    return star, pattern, ""


def _match_chunk(chunk: str, s: str) -> tuple[str, bool]:
    failed = False
    while chunk:
        failed = failed or len(s) == 0
        c = chunk[0]
        if c == "[":
            r = ""
            if not failed:
                r, s = s[0], s[1:]
            chunk = chunk[1:]
            negated = False
            if chunk and chunk[0] == "^":
                negated = True
                chunk = chunk[1:]
            match = False
            nrange = 0
            while True:
                if chunk and chunk[0] == "]" and nrange > 0:
                    chunk = chunk[1:]
                    break
                lo, chunk = _get_esc(chunk)
                hi = lo
                if chunk[0] == "-":
                    hi, chunk = _get_esc(chunk[1:])
                match = match or (r != "" and lo <= r <= hi)
                nrange += 1
            failed = failed or match == negated
        elif c == "?":
            if not failed:
                failed = s[0] == "/"
                s = s[1:]
            chunk = chunk[1:]
        else:
            if c == "\\":
                chunk = chunk[1:]
                if not chunk:
                    raise BadPatternError("syntax error in pattern")
            if not failed:
                failed = chunk[0] != s[0]
                s = s[1:]
            chunk = chunk[1:]
    if failed:
        return "", False
    return s, True


def _get_esc(chunk: str) -> tuple[str, str]:
    if not chunk or chunk[0] in "-]":
        raise BadPatternError("syntax error in pattern")
    if chunk[0] == "\\":
        chunk = chunk[1:]
        if not chunk:
            raise BadPatternError("syntax error in pattern")
    r, rest = chunk[0], chunk[1:]
    if not rest:
        raise BadPatternError("syntax error in pattern")
    return r, rest
