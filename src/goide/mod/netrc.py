"""`.netrc` / `_netrc` as the `go` command reads it (cmd/go/internal/auth/netrc.go), and what it gets wrong.

`parse_netrc` is a port of Go's parser, so the entries goide reports are the entries Go uses.
`netrc_problems` explains what Go silently skips: entries without login or password, `macdef`
blocks, a `default` entry, tokens without a value. No password ever leaves this module: an
entry records only that it has one.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_NETRC_BYTES = 1 << 20
# Shorter passwords are not scrubbed from free text: "x" would blank every x of a log.
MIN_SECRET = 4


@dataclass(frozen=True)
class NetrcEntry:
    """One machine Go will send credentials to (the password is never kept)."""

    machine: str
    login: str
    line: int


@dataclass(frozen=True)
class NetrcProblem:
    line: int
    kind: str  # incomplete, macdef, default, dangling, url-machine, unknown-token
    message: str


@dataclass(frozen=True)
class Netrc:
    path: str
    entries: tuple[NetrcEntry, ...]
    problems: tuple[NetrcProblem, ...]
    secrets: tuple[str, ...]  # every password (of 4 characters or more), only for scrubbing output
    mode: int | None = None  # permission bits, None where unknown (Windows)

    def entry_for(self, host: str) -> NetrcEntry | None:
        """The entry Go uses for `host` (the first one; later duplicates are ignored)."""
        for entry in self.entries:
            if entry.machine == host:
                return entry
        return None


def shown_login(login: str) -> str:
    """A login as goide prints it. GitHub accepts a token as the login (`login TOKEN password
    x-oauth-basic`), so a long or token-like login is not shown."""
    if len(login) >= 20 or (len(login) >= 12 and any(c.isdigit() for c in login) and "@" not in login):
        return f"a token-like login of {len(login)} characters"
    return login


def parse_netrc(data: str) -> list[tuple[str, str, str, int]]:
    """Go's parseNetrc: (machine, login, password, line) for each complete entry, in order."""
    found: list[tuple[str, str, str, int]] = []
    machine = login = password = ""
    in_macro = False
    for number, line in enumerate(data.split("\n"), start=1):
        if in_macro:
            if line == "":
                in_macro = False
            continue
        fields = line.split()
        i = 0
        while i < len(fields) - 1:
            key, value = fields[i], fields[i + 1]
            if key == "machine":
                machine, login, password = value, "", ""
            elif key == "login":
                login = value
            elif key == "password":
                password = value
            elif key == "macdef":
                in_macro = True
            if machine and login and password:
                found.append((machine, login, password, number))
                machine = login = password = ""
            i += 2
        if i < len(fields) and fields[i] == "default":
            break
    return found


_KEYWORDS = frozenset({"machine", "login", "password", "account", "macdef", "default", "port"})


def netrc_problems(data: str) -> list[NetrcProblem]:
    """What Go ignores in `data`, one problem per line at most, in the order of the file."""
    problems: list[NetrcProblem] = []
    machine_line = 0
    machine = ""
    have_login = have_password = False
    in_macro = False

    def close() -> None:
        if machine and not (have_login and have_password):
            missing = " and ".join(
                n for n, have in (("login", have_login), ("password", have_password)) if not have
            )
            problems.append(
                NetrcProblem(
                    machine_line,
                    "incomplete",
                    f"machine {machine} has no {missing}: Go skips the entry and sends no credentials",
                )
            )

    for number, line in enumerate(data.split("\n"), start=1):
        if in_macro:
            if line == "":
                in_macro = False
            continue
        fields = line.split()
        i = 0
        while i < len(fields):
            key = fields[i]
            value = fields[i + 1] if i + 1 < len(fields) else None
            if key == "default":
                problems.append(
                    NetrcProblem(
                        number,
                        "default",
                        "a `default` entry: Go never uses it, and a `default` at the end of a line "
                        "stops Go reading the rest of the file",
                    )
                )
            elif value is None:
                problems.append(
                    NetrcProblem(number, "dangling", f"`{key}` has no value: Go ignores the token")
                )
            elif key == "machine":
                close()
                machine, machine_line, have_login, have_password = value, number, False, False
                if "/" in value or "://" in value:
                    problems.append(
                        NetrcProblem(
                            number,
                            "url-machine",
                            f"machine {value} is not a host name: Go matches the host only "
                            "(write `machine HOST`, no scheme or path)",
                        )
                    )
            elif key == "login":
                have_login = True
            elif key == "password":
                have_password = True
            elif key == "macdef":
                problems.append(
                    NetrcProblem(
                        number, "macdef", "a `macdef` block: Go skips everything up to the next empty line"
                    )
                )
                in_macro = True
            elif key not in _KEYWORDS:
                problems.append(
                    NetrcProblem(number, "unknown-token", f"`{key}` is not a netrc keyword: Go ignores it")
                )
            if machine and have_login and have_password:
                machine = ""
            i += 2
    close()
    return problems


def read_netrc(path: str, data: str, mode: int | None) -> Netrc:
    """The `Netrc` of file `path` with text `data` (capped by the caller at MAX_NETRC_BYTES)."""
    parsed = parse_netrc(data)
    entries: list[NetrcEntry] = []
    secrets: list[str] = []
    for machine, login, _password, line in parsed:
        entries.append(NetrcEntry(machine, shown_login(login), line))
        if shown_login(login) != login:
            secrets.append(login)
    # Passwords of incomplete entries are scrubbed too: a password with no login is still a password.
    words = data.split()
    for i, word in enumerate(words[:-1]):
        if word in ("password", "account") and len(words[i + 1]) >= MIN_SECRET:
            secrets.append(words[i + 1])
    return Netrc(path, tuple(entries), tuple(netrc_problems(data)), tuple(sorted(set(secrets))), mode)
