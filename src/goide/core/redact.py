"""Keeps secrets out of everything goide prints or saves.

Passwords in URLs (GOPROXY, git remotes), Authorization headers, well-known token shapes and
environment values whose names look secret are replaced by `REDACTED`. Every renderer and
every facts file passes its text through here.
"""

from __future__ import annotations

import re

REDACTED = "REDACTED"


class _Lazy:
    """A pattern compiled the first time it is used: compiling all of them cost every command
    that imports this module ~3.5 ms (issue 18), and most texts need only a few."""

    __slots__ = ("_compiled", "_flags", "_pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def get(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self._pattern, self._flags)
        return compiled


_SECRET_NAME = _Lazy(
    r"(TOKEN|SECRET|PASSWORD|PASSWD|PASS|PWD|CREDENTIAL|AUTH|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|SESSION|COOKIE)",
    re.IGNORECASE,
)
# Names that match the pattern above but hold no secret.
_NOT_SECRET_NAMES = frozenset(
    {"PWD", "OLDPWD", "GOAUTH", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "SSH_AUTH_SOCK", "XAUTHORITY"}
)

# scheme://user:password@host -> scheme://user:REDACTED@host ; scheme://token@host -> REDACTED@host.
# The userinfo runs to the LAST "@" before the path, so a password holding "@" is still covered.
_URL_USERINFO = _Lazy(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<userinfo>[^/?#\s\"'<>]*)@")
_AUTH_HEADER = _Lazy(
    r"(?i)\b(authorization|proxy-authorization)(\"?\s*[:=]\s*\"?)(\w+\s+)?(?!REDACTED\b)[^\s\",]+"
)
# Headers whose whole value is a secret: a cookie header's value runs to the end of the line.
_COOKIE_HEADER = _Lazy(r"(?i)\b((?:set-)?cookie)(\"?\s*:\s*\"?)[^\r\n\"]+")
_KEY_HEADER = _Lazy(
    r"(?i)\b((?:x-)?(?:api-key|auth-token|access-token)|private-token|x-goog-api-key)(\"?\s*:\s*\"?)[^\s\",]+"
)
# ?access_token=...&sig=... in URLs.
_QUERY_SECRET = _Lazy(
    r"(?i)([?&](?:access_token|refresh_token|id_token|token|key|api_?key|apikey|password|passwd|pwd|sig"
    r"|signature|secret|client_secret|auth|x-amz-signature|x-amz-credential)=)[^&#\s\"'<>]+"
)
# password=..., DB_PASSWORD = "...", "api_key": "...", dbPassword=..., -X=main.githubToken=... in
# free text: the name ends with a secret word and may have any prefix (snake, kebab, camel, Pascal
# or dotted: main.githubToken), at most 48 characters so that a long run costs linear time.
# "password protected" has no value and stays.
_SECRET_WORD = (
    r"(?:password|passwd|passphrase|secret|token|api[_-]?key|secret[_-]?key|private[_-]?key"
    r"|access[_-]?key|credentials?)"
)
_SECRET_KEY = rf"[A-Za-z0-9_.-]{{0,48}}?{_SECRET_WORD}"
_KEY_VALUE = _Lazy(rf"(?i)\b({_SECRET_KEY}\s*=\s*)(?!{REDACTED}\b)(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s&;,\"'<>]+)")
_QUOTED_KEY_VALUE = _Lazy(rf"(?i)([\"']{_SECRET_KEY}[\"']\s*:\s*)(\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*')")
# Well-known token prefixes: GitHub, GitLab, Slack, AWS, JWTs, OpenAI/Anthropic (sk-, sk-proj-),
# Stripe (sk_live_, rk_test_, ...), Google API keys (AIza), npm, PyPI, Hugging Face, DigitalOcean.
_TOKEN_SHAPES = _Lazy(
    r"\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}"
    r"|xox[baprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+"
    r"|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{30,}"
    r"|npm_[A-Za-z0-9]{30,}|pypi-[A-Za-z0-9_-]{40,}|hf_[A-Za-z0-9]{30,}|dop_v1_[a-f0-9]{40,})"
)
# A bare "Bearer X" (a pasted header value without its name).
_BEARER = _Lazy(r"(?i)\b(bearer\s+)(?!REDACTED\b)[A-Za-z0-9._~+/=-]{6,}")
# The value after a secret-named flag: --password X, -token X, and in a JSON or YAML list of
# arguments "--password", "X". (--password=X is a key=value pair, above.)
_FLAG_NAME = rf"--?[A-Za-z0-9_.-]{{0,48}}?{_SECRET_WORD}"
_FLAG_VALUE = _Lazy(rf"(?i)((?:^|(?<=[\s\[(]))(?:{_FLAG_NAME})[ \t]+)(?!-|REDACTED\b)([^\s\"',\]]+)")
_FLAG_ITEM = _Lazy(rf"(?i)([\"'](?:{_FLAG_NAME})[\"']\s*,\s*[\"'])(?!REDACTED[\"'])([^\"'\n]*)(?=[\"'])")
# netrc: "password X" after "login Y" or at the start of a line, not "password protected" in prose.
_NETRC_PASSWORD = _Lazy(r"(?m)((?:^[ \t]*|\blogin\s+\S+\s+)password\s+)(\S+)")
# Words that name a secret only as a whole _- separated part: GH_PAT, but not PATH or GOPATH.
_SECRET_PARTS = frozenset({"PAT"})
_PARTS = _Lazy(r"[_-]")
_FLAG_NAME_ALONE = _Lazy(_FLAG_NAME, re.IGNORECASE)


def is_secret_name(name: str) -> bool:
    """True when an environment variable's name suggests its value is a secret."""
    upper = name.upper()
    if upper in _NOT_SECRET_NAMES:
        return False
    if _SECRET_NAME.get().search(upper):
        return True
    return not _SECRET_PARTS.isdisjoint(_PARTS.get().split(upper))


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
    """`text` with credentials in URLs, auth and cookie headers, secret key=value pairs, netrc
    passwords and token shapes removed."""
    if not text:
        return text
    # Each pattern runs only when a string that every match of it holds is in the text: most
    # texts carry none, and a search for a few fixed strings is cheaper than any pattern.
    lower = text.lower()
    # The patterns are case-insensitive, and in Unicode `(?i)` also matches a few letters
    # that .lower() does not map to ASCII (U+017F, the long s, to "s"; U+212A, the Kelvin sign,
    # to "k"): the secret-word test is exact for ASCII text only (str.isascii costs nothing).
    # It is made once: a substitution adds only "REDACTED" (and keeps what is around it), and no
    # secret word can be formed across either end of that word, so none appears that was not there.
    secret_word = not text.isascii() or _has_secret_word(lower)
    if "://" in text and "@" in text:
        text = _URL_USERINFO.get().sub(_userinfo, text)
    if "auth" in lower:
        text = _AUTH_HEADER.get().sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3) or ''}{REDACTED}", text)
    if "=" in text:
        if "?" in text or "&" in text:
            text = _QUERY_SECRET.get().sub(_keep_name, text)
        if secret_word:
            text = _KEY_VALUE.get().sub(_keep_name, text)
    if ":" in text:
        if "cookie" in lower:
            text = _COOKIE_HEADER.get().sub(_keep_name_two, text)
        if "-key" in lower or "-token" in lower:
            text = _KEY_HEADER.get().sub(_keep_name_two, text)
        if secret_word and ('"' in text or "'" in text):
            text = _QUOTED_KEY_VALUE.get().sub(lambda m: f'{m.group(1)}"{REDACTED}"', text)
    if "password" in lower:
        text = _NETRC_PASSWORD.get().sub(_keep_name, text)
    if secret_word and "-" in text:
        text = _FLAG_VALUE.get().sub(_keep_name, text)
        if '"' in text or "'" in text:
            text = _FLAG_ITEM.get().sub(_keep_name, text)
    if "bearer" in lower:
        text = _BEARER.get().sub(_keep_name, text)
    if _has_token_start(text):
        text = _TOKEN_SHAPES.get().sub(REDACTED, text)
    return text


def _has_secret_word(lower: str) -> bool:
    """False when lowercase ASCII `lower` holds no match of _SECRET_WORD (its words hold one of
    these; a chain of `in` is cheaper than a search or a generator)."""
    return "pass" in lower or "secret" in lower or "token" in lower or "key" in lower or "credential" in lower


def _has_token_start(text: str) -> bool:
    """False when `text` holds no match of _TOKEN_SHAPES (case-sensitive, as that pattern is): each
    shape starts with one of these."""
    return (
        "gh" in text  # ghp_ gho_ ghu_ ghs_ ghr_
        or "github_pat_" in text
        or "glpat-" in text
        or "xox" in text
        or "AKIA" in text
        or "eyJ" in text
        or "sk-" in text
        or "k_" in text  # sk_live_ rk_test_ ...
        or "AIza" in text
        or "npm_" in text
        or "pypi-" in text
        or "hf_" in text
        or "dop_v1_" in text
    )


def is_secret_flag(argument: str) -> bool:
    """True for a command-line flag whose next argument is a secret (`--password`, `-token`)."""
    return _FLAG_NAME_ALONE.get().fullmatch(argument) is not None


def _keep_name(match: re.Match[str]) -> str:
    return f"{match.group(1)}{REDACTED}"


def _keep_name_two(match: re.Match[str]) -> str:
    return f"{match.group(1)}{match.group(2)}{REDACTED}"


def home_to_tilde(text: str, home: str) -> str:
    """`text` with the home directory `home` written as `~`, as a whole path only: with
    HOME=/home/me, /home/me/go becomes ~/go and /home/meg stays as it is."""
    home = home.rstrip("/\\")
    if not home or home == "~" or home not in text:
        return text
    return re.sub(re.escape(home) + r"(?![\w-]|\.\w)", "~", text)
