"""Explains `go` module errors in any text (terminal, CI log, VS Code output): which step failed
(proxy, checksum database, VCS, authentication, go.sum, configuration, network), the probable cause
given the current configuration, and the exact fix.

Streaming and bounded: lines come through `core/lines.py` (a line over 64 KiB is cut), each line is
matched against the error shapes of cmd/go (reference §5.5 and real reports in tests/data/mod), and
at most `MAX_ERRORS` distinct errors are kept (the rest are counted).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from goide.core.lines import LineStats, read_line_blocks
from goide.core.logprefix import strip as strip_prefix
from goide.core.model import Fix
from goide.mod.config import ModConfig
from goide.mod.patterns import matching_pattern
from goide.mod.route import PUBLIC_PROXIES, PUBLIC_SUMDBS, effective, host_of

MAX_LINE = 64 * 1024
MAX_ERRORS = 200
MAX_EVIDENCE = 8


@dataclass
class DecodedError:
    kind: str  # stable id, e.g. proxy-not-found
    step: str  # proxy, checksum-db, vcs, auth, go.sum, config, network, tls, module-path
    line: int
    message: str  # the line that matched, prefixes stripped, capped
    module: str | None
    cause: str
    fix: Fix
    evidence: list[str] = field(default_factory=list)
    count: int = 1


@dataclass
class Decoded:
    errors: list[DecodedError]
    dropped: int  # distinct errors beyond MAX_ERRORS
    stats: LineStats


# `go: example.com/m@v1.2.3: ...`, `module example.com/m: ...`, `verifying example.com/m@v1: ...`
_MODULE_AT = re.compile(
    r"(?:^|\s|\")((?:[a-z0-9][a-z0-9.\-]*\.[a-z]{2,}|[a-z0-9\-]+\.[a-z0-9\-]+)(?:/[\w.\-~]+)*)@(v[\w.\-+]+|"
    r"latest|upgrade|patch|master|main)\b"
)
_MODULE_WORD = re.compile(r"\bmodule ((?:[a-z0-9][\w\-]*\.)+[a-z]{2,}(?:/[\w.\-~]+)*)(?::|\s|$)")
_URL = re.compile(r"(https?|file)://[^\s'\"]+")
# Lines cmd/go prints after an error, which belong to it.
_FOLLOW_UPS = (
    "Confirm the import path",
    "If this is a private repository",
    "SECURITY ERROR",
    "This download",
    "For more information",
)


@dataclass(frozen=True)
class _Shape:
    kind: str
    step: str
    pattern: re.Pattern[str]
    explain: Callable[[re.Match[str], str, str | None, ModConfig | None], tuple[str, Fix]]


def _private_pattern(module: str | None, host: str = "") -> str:
    if module:
        parts = module.split("/")
        if parts[0] in ("github.com", "gitlab.com", "bitbucket.org") and len(parts) >= 2:
            return "/".join(parts[:2])
        return parts[0]
    return host or "HOST"


def _goprivate_fix(module: str | None, config: ModConfig | None, what: str) -> tuple[str, Fix]:
    pattern = _private_pattern(module)
    current = config.value("GOPRIVATE") if config else ""
    value = f"{current},{pattern}" if current and pattern not in current.split(",") else (current or pattern)
    cause = ""
    if config and module:
        replaced = config.value(what) if what in ("GONOPROXY", "GONOSUMDB") else ""
        if matching_pattern(config.value("GOPRIVATE"), module) and replaced:
            cause = (
                f" GOPRIVATE matches it, but {what}={replaced} is set and replaces GOPRIVATE "
                "for this decision."
            )
            return cause, Fix(
                f"Add {pattern} to {what} too (or unset {what})",
                command=f"go env -w {what}={shlex.quote(replaced + ',' + pattern)}",
            )
        if matching_pattern(effective(config, what), module) is None:
            cause = " Nothing in GOPRIVATE or " + what + " matches it in the current environment."
    return cause, Fix(f"Mark {pattern} private", command=f"go env -w GOPRIVATE={shlex.quote(value)}")


def _proxy_not_found(
    m: re.Match[str], line: str, module: str | None, config: ModConfig | None
) -> tuple[str, Fix]:
    url = m.group("url")
    host = host_of(url)
    if host in PUBLIC_PROXIES:
        extra, fix = _goprivate_fix(module, config, "GONOPROXY")
        return (
            f"The public proxy {host} does not have this module or version: a private repository, a typo "
            f"in the path, or a version that does not exist.{extra} Private modules must skip the proxy.",
            fix,
        )
    return (
        f"The proxy {host or url} answered {m.group('status')}: it does not have this module or version. "
        "With `,` Go goes on to the next GOPROXY entry; this was the last one it tried.",
        Fix(
            "Check the module path and version, or add the module to that proxy; `goide mod explain "
            f"{module or 'MODULE'}` shows the whole route"
        ),
    )


def _sumdb_not_found(
    m: re.Match[str], line: str, module: str | None, config: ModConfig | None
) -> tuple[str, Fix]:
    host = host_of(m.group("url"))
    extra, fix = _goprivate_fix(module, config, "GONOSUMDB")
    where = (
        "the public checksum database"
        if host in PUBLIC_SUMDBS or "/sumdb/sum.golang" in line
        else f"the checksum database at {host}"
    )
    return (
        f"The module was downloaded, but {where} has no record of it: it cannot see private "
        f"repositories.{extra}",
        fix,
    )


def _fixed(
    cause: str, fix: Fix
) -> Callable[[re.Match[str], str, str | None, ModConfig | None], tuple[str, Fix]]:
    def explain(m: re.Match[str], line: str, module: str | None, config: ModConfig | None) -> tuple[str, Fix]:
        return cause.format(**m.groupdict(), module=module or "the module"), Fix(
            fix.description.format(**m.groupdict(), module=module or "MODULE"),
            command=fix.command.format(**m.groupdict(), module=module or "MODULE") if fix.command else None,
        )

    return explain


def _prompts(m: re.Match[str], line: str, module: str | None, config: ModConfig | None) -> tuple[str, Fix]:
    host = m.group("host")
    cause = (
        f"git needed a user name for {host} and Go runs git with prompts disabled (GIT_TERMINAL_PROMPT=0): "
        "there is no .netrc entry, credential helper or ssh rewrite for it."
    )
    if config and config.netrc and config.netrc.entry_for(host) is None and config.netrc.entries:
        cause += f" {config.netrc.path} has entries, but none for machine {host}."
    return cause, Fix(
        f"Give git credentials for {host}: a ~/.netrc line `machine {host} login USER password TOKEN`, "
        f"or use ssh keys with the rewrite below",
        command=f'git config --global url."git@{host}:".insteadOf https://{host}/',
    )


def _unrecognized(
    m: re.Match[str], line: str, module: str | None, config: ModConfig | None
) -> tuple[str, Fix]:
    path = m.group("path")
    host = path.split("/", 1)[0]
    if re.search(r"no such host|dial tcp|i/o timeout|connection refused", line):
        return (
            f"Go could not reach https://{path}?go-get=1 to find the repository (network or DNS).",
            Fix(f"Check that {host} resolves and is reachable from here; behind a VPN, connect it first"),
        )
    return (
        f'Go asked https://{path}?go-get=1 for a <meta name="go-import"> tag and did not get one: the host '
        "needs authentication for that page, or the path is not a Go module path.",
        Fix(
            f"Give Go credentials for {host} (.netrc line `machine {host} login USER password TOKEN`, or a "
            "GOAUTH command), or name the repository with its VCS suffix (host/group/repo.git)",
        ),
    )


_SHAPES: tuple[_Shape, ...] = (
    _Shape(
        "goproxy-off",
        "config",
        re.compile(r"module lookup disabled by GOPROXY=off"),
        _fixed(
            "GOPROXY=off forbids every download; only modules already in the module cache work.",
            Fix("Allow downloads again", command="go env -w GOPROXY=https://proxy.golang.org,direct"),
        ),
    ),
    _Shape(
        "goproxy-invalid",
        "config",
        re.compile(
            r"invalid proxy URL (?:missing scheme|scheme \(must be https, http, file\))(?:: "
            r"(?P<entry>\S*))?|GOPROXY list is not the empty string, but contains no entries|invalid "
            r"file:// proxy URL with non-path elements"
        ),
        _fixed(
            "A GOPROXY entry is not a URL Go accepts; every download stops here.",
            Fix(
                "Give each entry a scheme, or use direct/off",
                command="go env -w GOPROXY=https://proxy.golang.org,direct",
            ),
        ),
    ),
    _Shape(
        "goauth-invalid",
        "config",
        re.compile(
            r"GOAUTH encountered an empty command|GOAUTH=off cannot be combined|GOAUTH=git dir method "
            r"requires an absolute path|GOAUTH=git encountered an error"
        ),
        _fixed(
            "GOAUTH is malformed: it is a `;` list of `netrc`, `git /absolute/dir`, `off` (alone) or "
            "commands.",
            Fix("Fix GOAUTH, or go back to the default", command="go env -u GOAUTH"),
        ),
    ),
    _Shape(
        "insecure-flag",
        "config",
        re.compile(r"-insecure flag is no longer supported"),
        _fixed(
            "`-insecure` was removed in Go 1.17 (from the command line or GOFLAGS).",
            Fix("List the hosts in GOINSECURE instead", command="go env -w GOINSECURE={module}"),
        ),
    ),
    _Shape(
        "sumdb-off-toolchain",
        "checksum-db",
        re.compile(r"checksum database disabled by GOSUMDB=off"),
        _fixed(
            "A download that must be verified (a Go toolchain always is) met GOSUMDB=off.",
            Fix("Turn the checksum database back on", command="go env -u GOSUMDB"),
        ),
    ),
    _Shape(
        "sumdb-not-found",
        "checksum-db",
        re.compile(r"reading (?P<url>\S+?/(?:lookup|tile)/\S*?): (?P<status>404 Not Found|410 Gone)"),
        _sumdb_not_found,
    ),
    _Shape(
        "sumdb-unreachable",
        "checksum-db",
        re.compile(
            r"verifying \S+: .*?(?:dial tcp|i/o timeout|connection refused|no such host|TLS handshake "
            r"timeout|(?P<status>50\d [A-Za-z ]+))"
        ),
        _fixed(
            "The checksum database could not be reached to verify {module}.",
            Fix(
                "Reach it (network, proxy), or if the module is private skip it",
                command="go env -w GONOSUMDB={module}",
            ),
        ),
    ),
    _Shape(
        "sumdb-mismatch",
        "checksum-db",
        re.compile(
            r"verifying (?:module|go\.mod): checksum mismatch|This download does NOT match the one "
            r"reported by the checksum server"
        ),
        _fixed(
            "The code served for {module} differs from what the checksum database recorded: the tag was "
            "moved, or the proxy or repository serves something else.",
            Fix(
                "Do not trust this download; check the tag upstream, then clean the cache",
                command="go clean -modcache",
            ),
        ),
    ),
    _Shape(
        "gosum-mismatch",
        "go.sum",
        re.compile(r"verifying (?P<mod>\S+): checksum mismatch"),
        _fixed(
            "The downloaded {mod} differs from the hash in go.sum (or go.work.sum): the tag was moved, "
            "a replace points elsewhere, or the cache is corrupt.",
            Fix(
                "Check which is right; if the new code is trusted, drop its go.sum lines and download again",
                command="go clean -modcache && go mod download",
            ),
        ),
    ),
    _Shape(
        "sumdb-missing",
        "checksum-db",
        re.compile(r"checksum missing from sumdb response"),
        _fixed(
            "The checksum database answered without {module}'s hash.",
            Fix("Retry; if it persists, set GONOSUMDB for private paths"),
        ),
    ),
    _Shape(
        "gosum-missing",
        "go.sum",
        re.compile(r"missing go\.sum entry for (?:module providing package|go\.mod file)[^;]*"),
        _fixed(
            "go.sum lacks a hash Go needs, and Go does not add hashes during a build.",
            Fix("Add the missing hashes", command="go mod tidy"),
        ),
    ),
    _Shape(
        "terminal-prompts-disabled",
        "auth",
        re.compile(
            r"could not read (?:Username|Password) for '(?:https?://)?(?P<host>[^'/]+)[^']*': terminal "
            r"prompts disabled"
        ),
        _prompts,
    ),
    _Shape(
        "ssh-denied",
        "auth",
        re.compile(r"Permission denied \(publickey[^)]*\)|Host key verification failed"),
        _fixed(
            "git used ssh (an insteadOf rewrite or an ssh URL) and the server refused the key, or its host "
            "key is unknown.",
            Fix("Load a key that the server accepts (ssh-add) and add the host key (ssh HOST once)"),
        ),
    ),
    _Shape(
        "git-auth-failed",
        "auth",
        re.compile(
            r"Authentication failed for '(?P<url>[^']+)'|The requested URL returned error: (?P<status>40[13])"
        ),
        _fixed(
            "git sent credentials and the server rejected them: a wrong or expired token in .netrc, a "
            "credential helper or an insteadOf URL.",
            Fix("Replace the token (check `git credential fill` and ~/.netrc for the host)"),
        ),
    ),
    _Shape(
        "proxy-auth",
        "auth",
        re.compile(r"reading (?P<url>\S+?/@(?:v|latest)\S*): (?P<status>401 Unauthorized|403 Forbidden)"),
        _fixed(
            "The proxy at {url} wants credentials that Go did not send or that are wrong.",
            Fix(
                "Add a .netrc line for the proxy host (machine HOST login USER password TOKEN), or a "
                "GOAUTH command"
            ),
        ),
    ),
    _Shape(
        "proxy-not-found",
        "proxy",
        re.compile(r"reading (?P<url>\S+?/@(?:v|latest)\S*): (?P<status>404 Not Found|410 Gone)"),
        _proxy_not_found,
    ),
    _Shape(
        "proxy-error",
        "proxy",
        re.compile(r"reading (?P<url>\S+?/@(?:v|latest)\S*): (?P<status>5\d\d [A-Za-z ]+)"),
        _fixed(
            "The proxy failed ({status}). With `,` after it Go stops here; with `|` it goes on to the next "
            "entry.",
            Fix(
                "Retry, or let Go fall through on any error",
                command="go env -w GOPROXY='https://proxy.golang.org|direct'",
            ),
        ),
    ),
    _Shape(
        "govcs",
        "config",
        re.compile(r"GOVCS disallows using (?P<vcs>\w+) for (?P<scope>private|public)"),
        _fixed(
            "GOVCS forbids {vcs} for {scope} modules.",
            Fix("Allow it", command="go env -w GOVCS='{scope}:git|{vcs}'"),
        ),
    ),
    _Shape(
        "unrecognized-import-path",
        "vcs",
        re.compile(r"unrecognized import path \"(?P<path>[^\"]+)\""),
        _unrecognized,
    ),
    _Shape(
        "no-secure-protocol",
        "vcs",
        re.compile(r"no (?P<secure>secure )?protocol found for repository"),
        _fixed(
            "Go tried every scheme git offers for the repository (https, then ssh) and none answered: no "
            "credentials for https and no working ssh key, or an HTTP-only server.",
            Fix(
                "Give git https credentials (.netrc) or an ssh key; for an HTTP-only server list it in "
                "GOINSECURE",
                command="go env -w GOINSECURE={module}",
            ),
        ),
    ),
    _Shape(
        "unknown-revision",
        "vcs",
        re.compile(r"unknown revision (?P<rev>\S+)"),
        _fixed(
            "The repository has no tag, branch or commit {rev} that the current credentials can see.",
            Fix(
                "Check that {rev} is pushed (git ls-remote REPO) and that your credentials can read the "
                "repository"
            ),
        ),
    ),
    _Shape(
        "repository-not-found",
        "vcs",
        re.compile(r"(?:remote: )?Repository not found|fatal: repository '(?P<url>[^']+)' not found"),
        _fixed(
            "The server says the repository does not exist: a wrong path, or a private repository your "
            "credentials cannot read.",
            Fix("Check the path and that the token has read access to the repository"),
        ),
    ),
    _Shape(
        "insecure-credentials",
        "config",
        re.compile(r"refusing to pass credentials to insecure URL"),
        _fixed(
            "A URL with credentials would have been fetched over plain HTTP.",
            Fix("Use https, or list the host in GOINSECURE only if you accept sending the password in clear"),
        ),
    ),
    _Shape(
        "tls",
        "tls",
        re.compile(
            r"x509: certificate|tls: failed to verify certificate|certificate signed by unknown authority"
        ),
        _fixed(
            "TLS verification failed: a corporate proxy or self-signed certificate that this machine does "
            "not trust.",
            Fix("Install the CA certificate in the system store (or point SSL_CERT_FILE at it)"),
        ),
    ),
    _Shape(
        "path-mismatch",
        "module-path",
        re.compile(r"module declares its path as: (?P<declared>\S+)"),
        _fixed(
            "The go.mod of the downloaded module names another path ({declared}).",
            Fix("Require it as {declared}, or add a replace directive"),
        ),
    ),
    _Shape(
        "malformed-path",
        "module-path",
        re.compile(r"malformed module path \"(?P<path>[^\"]*)\": (?P<why>[^\n]+)"),
        _fixed(
            "{path} is not a valid module path: {why}.",
            Fix("Fix the import path (the first element must be a domain name)"),
        ),
    ),
    _Shape(
        "network",
        "network",
        re.compile(
            r"dial tcp [^:]*:?.*?(?:no such host|i/o timeout|connection refused)|Could not resolve host: "
            r"(?P<host>\S+)|TLS handshake timeout"
        ),
        _fixed(
            "A server on the route could not be reached (DNS, firewall, VPN or an HTTP proxy).",
            Fix("Check the network; `goide mod explain {module}` lists every server Go contacts"),
        ),
    ),
)


# A substring every shape needs: lines without any skip the shapes (most lines of a build log).
_LITERALS = (
    "GOPROXY", "proxy URL", "GOAUTH", "-insecure", "GOSUMDB", "/lookup/", "/tile/", "verifying ",
    "checksum", "go.sum", "terminal prompts", "Permission denied", "Host key", "Authentication failed",
    "returned error", "/@v", "/@latest", "GOVCS", "unrecognized import", "protocol found",
    "unknown revision", "epository", "insecure URL", "x509", "tls:", "certificate", "declares its path",
    "malformed module path", "dial tcp", "Could not resolve", "TLS handshake", "This download",
)  # fmt: skip
# One regex for a short line; for a whole block, `in` per literal is faster than the alternation.
_ANY_SHAPE = re.compile("|".join(re.escape(s) for s in _LITERALS))


def _block_may_match(text: str) -> bool:
    return any(literal in text for literal in _LITERALS)


def _module_of(line: str) -> str | None:
    m = _MODULE_AT.search(line)
    if m:
        return m.group(1)
    m = _MODULE_WORD.search(line)
    return m.group(1) if m else None


def decode_lines(
    lines: Iterable[tuple[int, str]], config: ModConfig | None = None
) -> tuple[list[DecodedError], int]:
    """Decode (number, text) lines; returns the distinct errors in order and how many were dropped."""
    seen: dict[tuple[str, str | None, str], DecodedError] = {}
    dropped = 0
    last: DecodedError | None = None
    last_line = 0
    context_module: str | None = None
    for number, raw in lines:
        if last is None and not _ANY_SHAPE.search(raw):
            # Most lines of a log: no error shape, no error to continue; only remember the module.
            if "@" in raw and (module := _module_of(raw)):
                context_module = module
            continue
        line = strip_prefix(raw).rstrip("\r")
        stripped = line.strip()
        module = _module_of(line) if "@" in line or "module " in line else None
        if module:
            context_module = module
        continues = (
            last is not None
            and number == last_line + 1
            and (line[:1] in " \t" or stripped.startswith(("server response", "not found")))
        )
        if continues and last is not None:
            # An indented line under an error (server response, git's stderr) is that error's evidence.
            if len(last.evidence) < MAX_EVIDENCE:
                last.evidence.append(stripped[:512])
            last_line = number
            continue
        shape_match = None
        for shape in _SHAPES:
            m = shape.pattern.search(line)
            if m:
                shape_match = (shape, m)
                break
        if shape_match is None:
            if stripped.startswith(_FOLLOW_UPS) and last is not None:
                last_line = number
            elif stripped:
                last = None
            continue
        shape, m = shape_match
        mod = module or context_module
        if (
            shape.kind == "sumdb-mismatch"
            and last is not None
            and last.kind == "gosum-mismatch"
            and number - last_line <= 8
        ):
            # `verifying M: checksum mismatch` is the go.sum check until the block names the checksum server.
            last.kind, last.step = shape.kind, shape.step
            last.cause, last.fix = shape.explain(m, line, last.module, config)
            last_line = number
            continue
        url_match = _URL.search(line)
        key = (shape.kind, mod, host_of(url_match.group(0)) if url_match else "")
        last_line = number
        if key in seen:
            seen[key].count += 1
            last = seen[key]
            continue
        if len(seen) >= MAX_ERRORS:
            dropped += 1
            continue
        cause, fix = shape.explain(m, line, mod, config)
        entry = DecodedError(shape.kind, shape.step, number, stripped[:1024], mod, cause, fix)
        seen[key] = entry
        last = entry
    return list(seen.values()), dropped


def _numbered(stream: IO[bytes], stats: LineStats) -> Iterator[tuple[int, str]]:
    """(number, text) of the lines of `stream`, a block (about 1 MiB) at a time. A block in which no
    error shape can match is not handed over line by line: only its first lines (which may continue
    an error of the block before), its last line naming a module, and a separator."""
    number = 0
    for block in read_line_blocks(stream, max_line=MAX_LINE, stats=stats):
        text = b"\n".join(block).decode("utf-8", errors="replace")
        start = number
        number += len(block)
        lines = text.split("\n")
        if _block_may_match(text) or len(lines) != len(block):
            yield from enumerate(lines, start=start + 1)
            continue
        head = lines[: MAX_EVIDENCE + 1]
        yield from enumerate(head, start=start + 1)
        for back in range(len(lines) - 1, len(head) - 1, -1):
            if "@" in lines[back]:
                yield start + 1 + back, lines[back]
                break
        yield number, _SEPARATOR


# Not empty, not indented, no shape: ends the error before it, as any ordinary line does.
_SEPARATOR = "\x00"


def decode_stream(stream: IO[bytes], config: ModConfig | None = None) -> Decoded:
    stats = LineStats()
    errors, dropped = decode_lines(_numbered(stream, stats), config)
    return Decoded(errors, dropped, stats)


def decode_text(text: str, config: ModConfig | None = None) -> list[DecodedError]:
    errors, _ = decode_lines(enumerate(text.split("\n"), start=1), config)
    return errors
