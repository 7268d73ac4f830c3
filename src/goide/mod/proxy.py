"""GOPROXY as the `go` command reads it (cmd/go/internal/modfetch/proxy.go `proxyList`, `newProxyRepo`).

`,` falls through to the next entry only on 404 or 410, `|` on any error; `direct` and `off` end
the list. Credentials embedded in a proxy URL are removed from everything this module returns.
"""

from __future__ import annotations

import os.path
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_GOPROXY = "https://proxy.golang.org,direct"


@dataclass(frozen=True)
class ProxyEntry:
    """One entry of the list: a proxy URL (credentials removed), `direct` or `off`."""

    url: str
    fall_through_on_any_error: bool  # `|` after it; `,` falls through on 404/410 only
    has_credentials: bool = False
    written: str = ""  # the entry as written, credentials removed

    @property
    def kind(self) -> str:
        return self.url if self.url in ("direct", "off") else "proxy"


@dataclass(frozen=True)
class ProxyList:
    entries: tuple[ProxyEntry, ...]
    ignored: tuple[str, ...]  # entries after `direct` or `off`, never tried (credentials removed)
    error: str | None  # the error `go` stops with, in its words
    secrets: tuple[str, ...]  # passwords and tokens embedded in the URLs, only for scrubbing


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def strip_credentials(url: str) -> tuple[str, bool, tuple[str, ...]]:
    """`url` without its userinfo, whether it had any, and the secret part(s) of it."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url, False, ()
    authority_end = len(rest)
    for ch in "/?#":
        at = rest.find(ch)
        if at >= 0:
            authority_end = min(authority_end, at)
    authority = rest[:authority_end]
    if "@" not in authority:
        return url, False, ()
    userinfo, _, host = authority.rpartition("@")
    user, colon, password = userinfo.partition(":")
    secret = password if colon else user
    return f"{scheme}://{host}{rest[authority_end:]}", True, (secret,) if secret else ()


def parse_goproxy(value: str) -> ProxyList:
    """The proxy list of GOPROXY=`value` (empty means Go's default)."""
    goproxy = value if value else DEFAULT_GOPROXY
    entries: list[ProxyEntry] = []
    ignored: list[str] = []
    secrets: list[str] = []
    error: str | None = None
    ended = False
    while goproxy:
        cut = min((i for i in (goproxy.find(","), goproxy.find("|")) if i >= 0), default=-1)
        if cut >= 0:
            url, any_error, goproxy = goproxy[:cut], goproxy[cut] == "|", goproxy[cut + 1 :]
        else:
            url, any_error, goproxy = goproxy, False, ""
        url = url.strip(" \t\n\r\v\f")
        if not url:
            continue
        shown, has_credentials, found = strip_credentials(url)
        secrets.extend(found)
        if ended:
            ignored.append(shown)
            continue
        if error is not None:
            continue
        if url in ("off", "direct"):
            entries.append(ProxyEntry(url, any_error, written=url))
            ended = True
            continue
        if (
            any(c in url for c in ".:/")
            and ":/" not in url
            and not os.path.isabs(url)
            and not posixpath.isabs(url)
        ):
            url = "https://" + url
            shown = "https://" + shown
        error = _url_error(url, shown)
        if error is None:
            entries.append(ProxyEntry(shown, any_error, has_credentials, shown))
    if error is None and not entries:
        error = "GOPROXY list is not the empty string, but contains no entries"
    return ProxyList(tuple(entries), tuple(ignored), error, tuple(secrets))


def _url_error(url: str, shown: str) -> str | None:
    """newProxyRepo's check of one URL, in Go's words (with the URL's credentials removed)."""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return f'parse "{shown}": net/url: invalid control character in URL'
    if not _SCHEME.match(url):
        if url.startswith(":"):
            return f'parse "{shown}": missing protocol scheme'
        return f"invalid proxy URL missing scheme: {shown}"
    scheme = url.split(":", 1)[0].lower()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port, as url.Parse does
    except ValueError as err:
        return f'parse "{shown}": {err}'
    if scheme in ("http", "https"):
        return None
    if scheme == "file":
        if parts.netloc or parts.query or parts.fragment or "?" in url or "#" in url:
            return f"invalid file:// proxy URL with non-path elements: {shown}"
        return None
    return f"invalid proxy URL scheme (must be https, http, file): {shown}"
