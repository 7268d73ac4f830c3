"""Keeps secrets out of everything goide prints or saves.

Passwords in URLs (GOPROXY, git remotes), Authorization headers, well-known token shapes and
environment values whose names look secret are replaced by `REDACTED`. Every renderer and
every facts file passes its text through here.
"""

from __future__ import annotations

import re

REDACTED = "REDACTED"

_SECRET_NAME = re.compile(
    r"(TOKEN|SECRET|PASSWORD|PASSWD|PASS|PWD|CREDENTIAL|AUTH|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|SESSION|COOKIE)",
    re.IGNORECASE,
)
# Names that match the pattern above but hold no secret.
_NOT_SECRET_NAMES = frozenset(
    {"PWD", "OLDPWD", "GOAUTH", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "SSH_AUTH_SOCK", "XAUTHORITY"}
)

# scheme://user:password@host -> scheme://user:REDACTED@host ; scheme://token@host -> REDACTED@host
_URL_USERINFO = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<userinfo>[^/\s@:]+(?::[^/\s@]*)?)@")
_AUTH_HEADER = re.compile(r"(?i)\b(authorization|proxy-authorization)(\"?\s*[:=]\s*\"?)(\w+\s+)?[^\s\",]+")
_TOKEN_SHAPES = re.compile(
    r"\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}"
    r"|xox[baprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+)"
)
_NETRC_PASSWORD = re.compile(r"(?m)(\bpassword\s+)(\S+)")


def is_secret_name(name: str) -> bool:
    """True when an environment variable's name suggests its value is a secret."""
    upper = name.upper()
    if upper in _NOT_SECRET_NAMES:
        return False
    return bool(_SECRET_NAME.search(upper))


def redact_env_value(name: str, value: str) -> str:
    """The value to show for environment variable `name`."""
    if value and is_secret_name(name):
        return REDACTED
    return redact_text(value)


def _userinfo(match: re.Match[str]) -> str:
    userinfo = match.group("userinfo")
    user, sep, _password = userinfo.partition(":")
    if sep:
        return f"{match.group('scheme')}{user}:{REDACTED}@"
    # A lone userinfo is usually a token (https://TOKEN@github.com).
    return f"{match.group('scheme')}{REDACTED}@"


def redact_text(text: str) -> str:
    """`text` with credentials in URLs, auth headers, netrc passwords and token shapes removed."""
    if not text:
        return text
    text = _URL_USERINFO.sub(_userinfo, text)
    text = _AUTH_HEADER.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3) or ''}{REDACTED}", text)
    text = _NETRC_PASSWORD.sub(lambda m: f"{m.group(1)}{REDACTED}", text)
    return _TOKEN_SHAPES.sub(REDACTED, text)
