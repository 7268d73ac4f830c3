"""The route `go` takes to fetch one module path: which proxies in which order and when it falls
through, direct VCS access and with which URLs, the checksum database, HTTP, and the credentials
each step would send. Pure: a function of the module path and a `ModConfig`.

The decisions follow cmd/go: modfetch/proxy.go (`proxyList`, `TryProxies`), modfetch/repo.go
(`lookup`: GONOPROXY), modfetch/sumdb.go (`useSumDB`, `dbDial`), vcs/vcs.go (`vcsPaths`, schemes),
auth/auth.go (GOAUTH, HTTPS only) and git's own URL rewriting and credential lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from goide.mod.config import ModConfig
from goide.mod.gitconfig import rewrite_url
from goide.mod.goauth import parse_goauth
from goide.mod.hosts import PUBLIC_PROXIES, PUBLIC_SUMDBS, effective, host_of, netrc_key
from goide.mod.patterns import matching_pattern
from goide.mod.proxy import ProxyEntry, parse_goproxy, strip_credentials

__all__ = [
    "PUBLIC_PROXIES",
    "PUBLIC_SUMDBS",
    "Route",
    "Step",
    "VcsAccess",
    "effective",
    "goauth_credentials",
    "host_of",
    "netrc_key",
    "proxy_credentials",
    "route",
    "strip_module_escape",
]

# vcs.go vcsPaths for git hosts whose repository root Go knows without asking the server.
_KNOWN_GIT = (
    re.compile(r"^(?P<root>github\.com/[\w.\-]+/[\w.\-]+)(/[\w.\-]+)*$"),
    re.compile(r"^(?P<root>bitbucket\.org/[\w.\-]+/[\w.\-]+)(/[\w.\-]+)*$"),
    re.compile(r"^(?P<root>hub\.jazz\.net/git/[a-z0-9]+/[\w.\-]+)(/[\w.\-]+)*$"),
    re.compile(r"^(?P<root>git\.apache\.org/[a-z0-9_.\-]+\.git)(/[\w.\-]+)*$"),
    re.compile(r"^(?P<root>git\.openstack\.org/[\w.\-]+/[\w.\-]+)(\.git)?(/[\w.\-]+)*$"),
)
_VCS_SUFFIX = re.compile(
    r"(?P<root>(?P<repo>([a-z0-9.\-]+\.)+[a-z0-9.\-]+(:[0-9]+)?(/~?[\w.\-]+)+?)\.(?P<vcs>bzr|fossil|git|hg|"
    r"svn))(/~?[\w.\-]+)*$"
)
# vcs.go: git's schemes in the order Go pings them, and the ones it calls secure.
_GIT_SCHEMES = ("git", "https", "http", "git+ssh", "ssh")
_SECURE = frozenset({"https", "git+ssh", "ssh"})


@dataclass(frozen=True)
class Step:
    """One place Go asks for the module."""

    kind: str  # proxy, direct, off
    url: str  # credentials removed
    falls_through: str  # "on 404 or 410", "on any error", or "" for the last step
    credentials: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class VcsAccess:
    """Direct access: how Go finds the repository and the URLs git is run against."""

    vcs: str  # git, hg, ... or "" when the go-import meta tag decides
    repo_root: str
    meta_urls: tuple[str, ...]  # https://PATH?go-get=1 (and http:// when GOINSECURE matches)
    urls: tuple[str, ...]  # repository URLs in the order Go tries them, after insteadOf (no credentials)
    rewrites: tuple[str, ...]  # "https://x/ -> ssh://git@x/ (insteadOf, from file:...)"
    credentials: tuple[str, ...]  # what git sends over http(s)
    ssh: bool = False  # some URL tried is ssh: git offers the user's ssh keys (no prompt)


@dataclass(frozen=True)
class Route:
    module: str
    version: str | None
    matched: dict[str, str | None]  # GOPRIVATE / GONOPROXY / GONOSUMDB / GOINSECURE -> the pattern matched
    steps: tuple[Step, ...]
    direct: bool
    vcs: VcsAccess | None
    checksum_db: str | None
    checksum_db_url: str | None
    insecure: bool
    ends_with_error: str | None  # the error this route ends with whatever the servers say
    ignored_proxies: tuple[str, ...] = ()
    skipped_proxies: tuple[str, ...] = field(default_factory=tuple)  # skipped because of GONOPROXY

    @property
    def private(self) -> bool:
        """The user marked this path private in some variable."""
        return any(self.matched.get(n) for n in ("GOPRIVATE", "GONOPROXY", "GONOSUMDB"))

    @property
    def proxies(self) -> list[str]:
        return [s.url for s in self.steps if s.kind == "proxy"]


def strip_module_escape(path: str) -> str:
    """module.EscapePath: an upper-case letter as `!` and its lower case (how proxies spell paths)."""
    return "".join(f"!{c.lower()}" if "A" <= c <= "Z" else c for c in path)


def proxy_credentials(entry: ProxyEntry, config: ModConfig) -> tuple[str, ...]:
    """What Go would send to a proxy: URL userinfo (any scheme), GOAUTH credentials (HTTPS only)."""
    found: list[str] = []
    if entry.has_credentials:
        found.append("user and password embedded in the GOPROXY URL")
    if entry.url.startswith("https://"):
        found.extend(goauth_credentials(entry.url, config))
    return tuple(found)


def goauth_credentials(url: str, config: ModConfig) -> list[str]:
    auth = parse_goauth(config.value("GOAUTH"))
    if auth.fatal:
        return []
    host = host_of(url)
    found = []
    # Go runs the methods in reverse of the written order; the first written wins.
    for method in reversed(auth.methods):
        if method.kind == "netrc":
            # Go stores a netrc entry under its machine and looks a URL up by host[:port]/path
            # prefixes, so a proxy on a port needs `machine HOST:PORT` (curl, for git, wants HOST).
            entry = config.netrc.entry_for(netrc_key(url)) if config.netrc else None
            if entry:
                found.append(f".netrc machine {entry.machine} (login {entry.login}) from {config.netrc_path}")
        elif method.kind == "git":
            found.append(f"GOAUTH `git credential fill` in {method.directory}")
        elif method.kind == "command":
            found.append(f"GOAUTH command {method.program} (if it prints credentials for {host})")
    return found


def _vcs(module: str, insecure: bool, config: ModConfig) -> VcsAccess:
    root = repo = vcs = ""
    for pattern in _KNOWN_GIT:
        m = pattern.match(module)
        if m:
            root = repo = m.group("root")
            vcs = "git"
            break
    if not vcs:
        m = _VCS_SUFFIX.search(module)
        if m and m.start() == 0:
            # vcs.go: the repository URL is the path before the VCS suffix (repo.git -> repo).
            root, repo, vcs = m.group("root"), m.group("repo"), m.group("vcs")
    if not vcs:
        meta = [f"https://{module}?go-get=1"]
        if insecure:
            meta.append(f"http://{module}?go-get=1")
        creds = tuple(goauth_credentials(meta[0], config))
        return VcsAccess("", "", tuple(meta), (), (), creds)
    if root.startswith(("github.com/", "bitbucket.org/", "hub.jazz.net/", "git.openstack.org/")):
        schemes: tuple[str, ...] = ("https",)
    elif vcs == "git":
        schemes = tuple(s for s in _GIT_SCHEMES if insecure or s in _SECURE)
    else:
        schemes = ("https", "http") if insecure else ("https",)
    urls: list[str] = []
    rewrites: list[str] = []
    credentials: list[str] = []
    for scheme in schemes:
        url = f"{scheme}://{repo}"
        rewritten, rule = rewrite_url(url, config.git.rewrites) if vcs == "git" else (url, None)
        urls.append(rewritten)
        if rule is not None:
            rewrites.append(f"{url} -> {rewritten} (insteadOf from {rule.origin or 'git config'})")
            if rule.has_credentials:
                credentials.append(f"user or token embedded in the insteadOf URL {rule.base}")
        credentials.extend(_git_credentials(rewritten, config))
    ssh = any(u.startswith(("ssh://", "git+ssh://")) or ("://" not in u and ":" in u) for u in urls)
    return VcsAccess(vcs, root, (), tuple(urls), tuple(rewrites), tuple(dict.fromkeys(credentials)), ssh)


def _git_credentials(url: str, config: ModConfig) -> list[str]:
    """What git itself would use for `url`: credential helpers, ~/.netrc (read by curl), ssh keys."""
    scheme = url.split("://", 1)[0] if "://" in url else "ssh"
    if scheme not in ("http", "https"):
        return []
    found = []
    for helper in config.git.helpers:
        if not helper.scope or url.startswith(helper.scope) or host_of(helper.scope) == host_of(url):
            scope = f" for {helper.scope}" if helper.scope else ""
            found.append(f"git credential helper `{helper.helper}`{scope} (from {helper.origin})")
    # git's curl reads $HOME/.netrc; Go's $NETRC does not move it.
    if config.netrc and not config.value("NETRC"):
        entry = config.netrc.entry_for(host_of(url))
        if entry:
            found.append(f".netrc machine {entry.machine} (login {entry.login}), read by git's curl")
    return found


def route(module_arg: str, config: ModConfig) -> Route:
    """The route for `module_arg` (PATH or PATH@VERSION)."""
    module, _, version = module_arg.partition("@")
    matched = {
        "GOPRIVATE": matching_pattern(config.value("GOPRIVATE"), module),
        "GONOPROXY": matching_pattern(effective(config, "GONOPROXY"), module),
        "GONOSUMDB": matching_pattern(effective(config, "GONOSUMDB"), module),
        "GOINSECURE": matching_pattern(config.value("GOINSECURE"), module),
    }
    insecure = matched["GOINSECURE"] is not None
    proxies = parse_goproxy(config.value("GOPROXY"))
    steps: list[Step] = []
    skipped: list[str] = []
    ends_with: str | None = None
    direct = False
    if proxies.error:
        ends_with = proxies.error
    elif matched["GONOPROXY"] is not None:
        skipped = [e.url for e in proxies.entries if e.kind == "proxy"]
        steps.append(
            Step("direct", "direct", "", note=f"GONOPROXY/GOPRIVATE pattern {matched['GONOPROXY']!r}")
        )
        direct = True
    else:
        for i, entry in enumerate(proxies.entries):
            last = i == len(proxies.entries) - 1
            if entry.kind == "off":
                steps.append(Step("off", "off", ""))
                ends_with = "module lookup disabled by GOPROXY=off"
                break
            if entry.kind == "direct":
                steps.append(Step("direct", "direct", ""))
                direct = True
                break
            falls = "" if last else ("on any error" if entry.fall_through_on_any_error else "on 404 or 410")
            steps.append(Step("proxy", entry.url, falls, proxy_credentials(entry, config)))
    gosumdb = config.value("GOSUMDB") or "sum.golang.org"
    checksum_db: str | None = None
    checksum_url: str | None = None
    if module == "golang.org/toolchain" or (gosumdb != "off" and matched["GONOSUMDB"] is None):
        fields = gosumdb.split()
        if gosumdb == "sum.golang.google.cn":
            fields = ["sum.golang.org", "https://sum.golang.google.cn"]
        key = fields[0] if fields else "sum.golang.org"
        checksum_db = key.split("+", 1)[0]
        if len(fields) >= 2:
            checksum_url, _, _ = strip_credentials(fields[1])
        else:
            # sumdb.go dbClient.initBase: each GOPROXY proxy's /sumdb/NAME/supported (GONOPROXY
            # does not apply), and when none supports it, the database itself.
            via = [e.url for e in proxies.entries if e.kind == "proxy"]
            checksum_url = ", then ".join(
                [f"{u}/sumdb/{checksum_db}" for u in via] + [f"https://{checksum_db}"]
            )
    return Route(
        module=module,
        version=version or None,
        matched=matched,
        steps=tuple(steps),
        direct=direct,
        vcs=_vcs(module, insecure, config) if direct else None,
        checksum_db=checksum_db,
        checksum_db_url=checksum_url,
        insecure=insecure,
        ends_with_error=ends_with,
        ignored_proxies=proxies.ignored,
        skipped_proxies=tuple(skipped),
    )
