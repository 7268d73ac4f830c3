"""The public module proxies and checksum databases, a URL's host, and GONOPROXY/GONOSUMDB as Go
reads them: what judging a module configuration needs without working out any route.

Kept apart from `route.py` (which re-exports them) so that `goide doctor`'s Modules area judges
the configuration without importing the route tables; it imports `route` only for a workspace
go.mod's requirements.
"""

from __future__ import annotations

from urllib.parse import urlsplit

TYPE_CHECKING = False
if TYPE_CHECKING:
    from goide.mod.config import ModConfig

PUBLIC_PROXIES = frozenset(
    {"proxy.golang.org", "goproxy.io", "goproxy.cn", "proxy.golang.com.cn", "mirrors.aliyun.com"}
)
PUBLIC_SUMDBS = frozenset({"sum.golang.org", "sum.golang.google.cn"})


def effective(config: ModConfig, name: str) -> str:
    """GONOPROXY and GONOSUMDB fall back to GOPRIVATE only when unset (cfg.EnvOr)."""
    if name in ("GONOPROXY", "GONOSUMDB"):
        return config.value(name) or config.value("GOPRIVATE")
    return config.value(name)


def host_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def netrc_key(url: str) -> str:
    """host[:port] of `url`, without userinfo: what Go's netrc lookup compares machines with."""
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return ""
    return netloc.rpartition("@")[2]
