"""What is wrong with a module route or with the configuration behind it, as Findings (pure).

`config_findings` judges the configuration once (GOPROXY syntax, GOAUTH, .netrc, unknown variables,
patterns); `route_findings` judges one module's route (a private path sent to a public proxy or
checksum database, GONOPROXY hiding GOPRIVATE, no credentials for a private repository).
"""

from __future__ import annotations

import shlex

from goide.core.model import Finding, Fix, Severity
from goide.mod.config import MEANT, ModConfig
from goide.mod.goauth import parse_goauth
from goide.mod.hosts import PUBLIC_PROXIES, PUBLIC_SUMDBS, effective, host_of, netrc_key
from goide.mod.patterns import bad_pattern, split_patterns
from goide.mod.proxy import parse_goproxy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from goide.mod.route import Route

AREA = "Modules"
PATTERN_VARIABLES = ("GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE")


def _f(
    id_: str, severity: Severity, title: str, detail: str = "", fix: Fix | None = None, *evidence: str
) -> Finding:
    return Finding(f"mod.{id_}", severity, title, AREA, detail, fix, tuple(evidence))


def _where(config: ModConfig, name: str) -> str:
    return f"{name}={config.value(name)} ({config.source(name)})"


def config_findings(config: ModConfig) -> list[Finding]:
    found: list[Finding] = []
    for problem in config.problems:
        found.append(_f("config-unreadable", Severity.WARNING, problem))
    proxies = parse_goproxy(config.value("GOPROXY"))
    if proxies.error:
        found.append(
            _f(
                "goproxy-invalid",
                Severity.ERROR,
                f"GOPROXY is invalid: {proxies.error}",
                "Every `go` command that downloads a module stops with this error.",
                Fix(
                    "Give each entry a scheme (https://, http://, file://), or `direct` / `off`",
                    command="go env -w GOPROXY=https://proxy.golang.org,direct",
                ),
                _where(config, "GOPROXY"),
            )
        )
    if proxies.ignored:
        found.append(
            _f(
                "goproxy-ignored",
                Severity.WARNING,
                f"GOPROXY entries after `direct` or `off` are never tried: {', '.join(proxies.ignored)}",
                "`direct` and `off` end the list; put them last.",
                None,
                _where(config, "GOPROXY"),
            )
        )
    for entry in proxies.entries:
        if entry.has_credentials and entry.url.startswith("http://"):
            found.append(
                _f(
                    "proxy-credentials-http",
                    Severity.WARNING,
                    f"GOPROXY sends a password in clear text to {entry.url}",
                    "The user and password in the URL are sent as basic authentication over plain HTTP.",
                    Fix("Use https:// for this proxy, and keep the password in .netrc instead of the URL"),
                )
            )
        elif entry.has_credentials:
            found.append(
                _f(
                    "proxy-credentials-in-url",
                    Severity.INFO,
                    f"GOPROXY carries a password in the URL of {entry.url}",
                    "It is stored in plain text in the environment or the go env file and shows in "
                    "`go env`; a .netrc entry or a GOAUTH command keeps it out.",
                    Fix(f"Move it to .netrc: machine {host_of(entry.url)} login USER password TOKEN"),
                )
            )
    if config.value("GOSUMDB") == "off":
        found.append(
            _f(
                "gosumdb-off",
                Severity.WARNING,
                "GOSUMDB=off: no module is checked against a checksum database",
                "For private modules set GONOSUMDB or GOPRIVATE instead; that keeps public modules verified.",
                Fix("Verify public modules again", command="go env -u GOSUMDB"),
                _where(config, "GOSUMDB"),
            )
        )
    flags = config.value("GOFLAGS").split()
    if any(f in ("-insecure", "--insecure") or f.startswith("-insecure=") for f in flags):
        found.append(
            _f(
                "goflags-insecure",
                Severity.ERROR,
                "GOFLAGS has -insecure, which Go no longer supports",
                "go: -insecure flag is no longer supported; use GOINSECURE instead",
                Fix("Remove -insecure from GOFLAGS and list the hosts in GOINSECURE"),
                _where(config, "GOFLAGS"),
            )
        )
    found.extend(_goauth_findings(config))
    found.extend(_netrc_findings(config))
    for name, setting in sorted(config.unknown.items()):
        meant = MEANT.get(name)
        source = setting.source
        hint = f"; you probably meant {meant}" if meant else ""
        found.append(
            _f(
                "unknown-variable",
                Severity.WARNING,
                f"{name} is not a Go variable: Go ignores it{hint}",
                f"Set in the {source}. Go reads GOPRIVATE, GONOPROXY, GONOSUMDB, GOINSECURE, GOPROXY, "
                "GOSUMDB and GOAUTH; nothing else changes how modules are fetched.",
                Fix(
                    f"Use {meant or 'the variable Go reads'} instead",
                    # Setting GONOSUMDB/GONOPROXY replaces GOPRIVATE for it: keep what applied before.
                    command=_env_w(meant, _joined(effective(config, meant), setting.value))
                    if meant and setting.value
                    else None,
                ),
                name,
            )
        )
    found.extend(_pattern_findings(config))
    goprivate = config.value("GOPRIVATE")
    for name, decision in (("GONOPROXY", "the proxy"), ("GONOSUMDB", "the checksum database")):
        if config.value(name) and goprivate and config.value(name) != goprivate:
            found.append(
                _f(
                    f"{name.lower()}-replaces-goprivate",
                    Severity.INFO,
                    f"{name} is set, so GOPRIVATE no longer decides which paths skip {decision}",
                    f"{_where(config, name)} replaces {_where(config, 'GOPRIVATE')} for that decision "
                    "(the two are not merged).",
                )
            )
    return found


def _goauth_findings(config: ModConfig) -> list[Finding]:
    auth = parse_goauth(config.value("GOAUTH"))
    found = []
    if auth.fatal:
        found.append(
            _f(
                "goauth-invalid",
                Severity.ERROR,
                "GOAUTH stops every download",
                auth.fatal,
                Fix("GOAUTH is a `;` list of `netrc`, `git /absolute/dir`, `off` (alone) or commands"),
                _where(config, "GOAUTH"),
            )
        )
    for program in config.goauth_missing:  # looked up by collect.py on the machine judged
        found.append(
            _f(
                "goauth-command-missing",
                Severity.ERROR,
                f"GOAUTH command {program} cannot be found",
                "Go runs it with the words of the entry (no quoting); it is not on PATH. "
                "The error is shown only with -x (GOAUTH encountered errors ...).",
                Fix("Use an absolute path without spaces, or install the command"),
                _where(config, "GOAUTH"),
            )
        )
    return found


def _netrc_findings(config: ModConfig) -> list[Finding]:
    netrc = config.netrc
    if netrc is None:
        return []
    found = []
    if netrc.mode is not None and netrc.mode & 0o077:
        found.append(
            _f(
                "netrc-permissions",
                Severity.WARNING,
                f"{netrc.path} is readable by other users (mode {netrc.mode:o})",
                "It holds passwords; git's curl and other tools expect it private.",
                Fix("Make it readable by you only", command=f"chmod 600 {shlex.quote(netrc.path)}"),
            )
        )
    for problem in netrc.problems:
        severity = (
            Severity.WARNING if problem.kind in ("incomplete", "default", "url-machine") else Severity.INFO
        )
        found.append(
            _f(
                f"netrc-{problem.kind}",
                severity,
                f"{netrc.path}:{problem.line}: {problem.message}",
                "Go reads machine, login and password on the same or following lines; an entry is "
                "used only when all three are there.",
                Fix("Write the entry as: machine HOST login USER password TOKEN"),
            )
        )
    return found


def _pattern_findings(config: ModConfig) -> list[Finding]:
    found = []
    for name in PATTERN_VARIABLES:
        value = config.value(name)
        if not value:
            continue
        for glob in split_patterns(value):
            clean = glob.strip()
            problem = ""
            suggestion = clean
            if glob != clean or " " in clean:
                problem = "has spaces, which Go keeps: it never matches a module path"
                suggestion = clean.replace(" ", "")
            elif "://" in clean:
                problem = "has a URL scheme: patterns are module path prefixes and never match one"
                suggestion = clean.split("://", 1)[1]
            elif bad_pattern(clean):
                problem = "is not a valid pattern (path.Match syntax error): Go ignores it"
            elif clean.endswith("/*") and "*" not in clean[:-2]:
                problem = (
                    f"ends in /*, which matches paths under {clean[:-2]} but not {clean[:-2]} itself; "
                    f"a pattern already matches every path below it"
                )
                suggestion = clean[:-2]
            elif clean.endswith(".git") or "@" in clean:
                problem = "looks like a repository URL, not a module path prefix"
            if problem:
                rest = ",".join(suggestion if g == glob else g for g in split_patterns(value))
                found.append(
                    _f(
                        "pattern",
                        Severity.WARNING,
                        f"{name} entry {glob!r} {problem}",
                        f"{_where(config, name)}",
                        Fix(
                            f"Write the module path prefix: {suggestion}",
                            command=f"go env -w {name}={shlex.quote(rest)}",
                        ),
                    )
                )
    return found


def route_findings(route: Route, config: ModConfig) -> list[Finding]:
    found: list[Finding] = []
    m = route.module
    if route.ends_with_error:
        found.append(
            _f(
                "route-fails",
                Severity.WARNING if "GOPROXY=off" in route.ends_with_error else Severity.ERROR,
                f"{m}: {route.ends_with_error}",
                "Unless it is already in the module cache, Go cannot fetch it with this configuration.",
                None,
                _where(config, "GOPROXY"),
            )
        )
    private = route.private
    public = [u for u in route.proxies if host_of(u) in PUBLIC_PROXIES]
    host = m.split("/", 1)[0]
    if private and public:
        found.append(
            _f(
                "private-to-public-proxy",
                Severity.ERROR,
                f"{m} is private but is asked of the public proxy {public[0]}",
                "GONOPROXY is set and does not match it, so GOPRIVATE does not keep it off the proxy: the "
                "path "
                "leaks to the proxy and the download fails with 404 or 410 Gone.",
                Fix(
                    f"Add {host} to GONOPROXY too (or unset GONOPROXY)",
                    command=_env_w("GONOPROXY", _joined(effective(config, "GONOPROXY"), host)),
                ),
                _where(config, "GONOPROXY"),
            )
        )
    if private and route.checksum_db in PUBLIC_SUMDBS and "+" not in config.value("GOSUMDB"):
        found.append(
            _f(
                "private-to-public-sumdb",
                Severity.ERROR,
                f"{m} is private but is looked up in the public checksum database {route.checksum_db}",
                "The lookup leaks the path and fails: verifying module: ... 404 Not Found (or 410 Gone).",
                Fix(
                    f"Add {host} to GONOSUMDB (or unset GONOSUMDB so that GOPRIVATE applies)",
                    command=_env_w("GONOSUMDB", _joined(effective(config, "GONOSUMDB"), host)),
                ),
                _where(config, "GONOSUMDB") if config.value("GONOSUMDB") else _where(config, "GOPRIVATE"),
            )
        )
    if route.insecure and route.checksum_db:
        found.append(
            _f(
                "insecure-still-verified",
                Severity.INFO,
                f"GOINSECURE allows HTTP for {m}, but its checksums are still checked in {route.checksum_db}",
                "GOINSECURE does not turn off the checksum database; a private module also needs GONOSUMDB "
                "or GOPRIVATE.",
            )
        )
    for step in route.steps:
        key = netrc_key(step.url)
        if step.kind == "proxy" and config.netrc and ":" in key and not config.netrc.entry_for(key):
            entry = config.netrc.entry_for(host_of(step.url))
            if entry and step.url.startswith("https://"):
                found.append(
                    _f(
                        "netrc-port",
                        Severity.WARNING,
                        f".netrc has machine {entry.machine}, but Go looks up {key} for the proxy {step.url}",
                        "Go matches netrc machines against host:port for a URL with a port (git's curl "
                        "matches the host alone), so this entry is not sent to the proxy.",
                        Fix(f"Add an entry: machine {key} login {entry.login} password TOKEN"),
                    )
                )
    if private and route.vcs and not route.vcs.urls and not route.vcs.credentials:
        meta = route.vcs.meta_urls[0]
        found.append(
            _f(
                "no-credentials",
                Severity.WARNING,
                f"{m}: nothing authenticates the request to {meta}",
                "Go asks this page for a go-import meta tag before it runs git; a private server usually "
                "answers it only with credentials (GOAUTH: .netrc or a command), so Go cannot find the "
                "repository.",
                Fix(
                    f"Add a .netrc line for the host: machine {host_of(meta)} login USER password TOKEN, "
                    "or name the module with its VCS suffix (host/group/repo.git)"
                ),
            )
        )
    if private and route.vcs and route.vcs.urls and not route.vcs.credentials and not route.vcs.ssh:
        first = route.vcs.urls[0]
        url_host = host_of(first) or host
        found.append(
            _f(
                "no-credentials",
                Severity.WARNING,
                f"{m}: no credentials for {url_host}; git will fail with `terminal prompts disabled`",
                "Go runs git with GIT_TERMINAL_PROMPT=0, so git cannot ask for a password.",
                Fix(
                    f"Add a .netrc line (machine {url_host} login USER password TOKEN), a git credential "
                    f'helper, or use ssh: git config --global url."git@{url_host}:".insteadOf https://{url_host}/',
                    command=f'git config --global url."git@{url_host}:".insteadOf https://{url_host}/',
                ),
            )
        )
    if (
        route.vcs
        and config.value("NETRC")
        and any(u.startswith(("https://", "http://")) for u in route.vcs.urls)
    ):
        found.append(
            _f(
                "netrc-env-not-git",
                Severity.INFO,
                f"NETRC={config.value('NETRC')} is read by Go, not by git",
                f"git's curl reads ~/.netrc; a direct fetch of {m} through git does not see the NETRC file.",
            )
        )
    return found


def _env_w(name: str, value: str) -> str:
    return f"go env -w {name}={shlex.quote(value)}"


def _joined(current: str, host: str) -> str:
    if host in current.split(","):
        return current
    return f"{current},{host}" if current else host


def explain_all(
    modules: list[str], config: ModConfig
) -> tuple[list[Finding], list[tuple[Route, list[Finding]]]]:
    """The configuration's findings and, for each module, its route and the route's findings."""
    from goide.mod.route import route

    routes = []
    for module in modules:
        r = route(module, config)
        routes.append((r, route_findings(r, config)))
    return config_findings(config), routes
