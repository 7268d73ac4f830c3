"""GOAUTH as the `go` command reads it (cmd/go/internal/auth/auth.go `runGoAuth`, Go 1.24+).

A `;`-separated list run in reverse order (so the first entry wins), each entry split into words
with no quoting: `off` (alone), `netrc`, `git DIR` (DIR absolute), or any other command, which
prints credential sets. GOAUTH applies to HTTPS module proxy and `go-get=1` requests only, never
to `git` itself.
"""

from __future__ import annotations

import os.path
import posixpath
import shutil
from dataclasses import dataclass


@dataclass(frozen=True)
class AuthMethod:
    kind: str  # netrc, git, command, off
    text: str  # as written (a command's arguments may hold a secret: shown redacted by the view)
    directory: str | None = None  # for `git DIR`
    program: str | None = None  # for a custom command, its first word


@dataclass(frozen=True)
class GoAuth:
    methods: tuple[AuthMethod, ...]  # in the order Go runs them (reverse of the written order)
    fatal: str | None  # the error `go` stops with, in its words


def parse_goauth(value: str) -> GoAuth:
    """The methods of GOAUTH=`value` (empty means `netrc`) and the fatal error Go would stop with."""
    goauth = value or "netrc"
    commands = goauth.split(";")
    methods: list[AuthMethod] = []
    for command in reversed(commands):
        words = command.strip().split()
        if not words:
            return GoAuth(tuple(methods), f"go: GOAUTH encountered an empty command (GOAUTH={goauth})")
        head = words[0]
        if head == "off":
            if len(commands) != 1:
                return GoAuth(
                    tuple(methods),
                    f"go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH={goauth})",
                )
            methods.append(AuthMethod("off", "off"))
        elif head == "netrc":
            methods.append(AuthMethod("netrc", command.strip()))
        elif head == "git":
            if len(words) != 2:
                return GoAuth(
                    tuple(methods),
                    "go: GOAUTH=git dir method requires an absolute path to the git working directory",
                )
            directory = words[1]
            if not (os.path.isabs(directory) or posixpath.isabs(directory) or _windows_abs(directory)):
                return GoAuth(
                    tuple(methods),
                    "go: GOAUTH=git dir method requires an absolute path to the git working directory,"
                    " dir is not absolute",
                )
            methods.append(AuthMethod("git", command.strip(), directory=directory))
        else:
            methods.append(AuthMethod("command", command.strip(), program=head))
    return GoAuth(tuple(methods), None)


def _windows_abs(path: str) -> bool:
    return len(path) >= 3 and path[1] == ":" and path[2] in "\\/" and path[0].isalpha()


def program_found(program: str, path_env: str) -> bool:
    """Whether a custom GOAUTH command's program can be started (exec.Command looks it up on PATH)."""
    if os.sep in program or "/" in program:
        return os.path.isfile(program) and os.access(program, os.X_OK)
    return shutil.which(program, path=path_env) is not None
