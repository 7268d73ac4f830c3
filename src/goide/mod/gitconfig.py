"""What of git's configuration changes how `go` reaches a repository: `url.<base>.insteadOf` rewrites
and credential helpers, read from `git config --list --show-origin -z` output.

URLs are kept without their credentials (an insteadOf base often carries a token); the secrets
found are kept apart, only to scrub other output.
"""

from __future__ import annotations

from dataclasses import dataclass

from goide.mod.proxy import strip_credentials


@dataclass(frozen=True)
class Rewrite:
    base: str  # the URL git uses instead, credentials removed
    instead_of: str  # the prefix it replaces
    has_credentials: bool
    origin: str  # file:/home/u/.gitconfig


@dataclass(frozen=True)
class CredentialHelper:
    scope: str  # "" for all URLs, else the URL of credential.<url>.helper
    helper: str
    origin: str


@dataclass(frozen=True)
class GitConfig:
    rewrites: tuple[Rewrite, ...]
    helpers: tuple[CredentialHelper, ...]
    secrets: tuple[str, ...]


def parse_config_list(output: str) -> GitConfig:
    """`git config --list --show-origin -z` output: records `origin NUL key NEWLINE value NUL`."""
    rewrites: list[Rewrite] = []
    helpers: list[CredentialHelper] = []
    secrets: list[str] = []
    fields = output.split("\0")
    for i in range(0, len(fields) - 1, 2):
        origin, entry = fields[i], fields[i + 1]
        key, _, value = entry.partition("\n")
        lower = key.lower()
        if lower.startswith("url.") and lower.endswith(".insteadof"):
            base = key[4 : -len(".insteadof")]
            shown, has_credentials, found = strip_credentials(base)
            secrets.extend(found)
            prefix, more, found_in_prefix = strip_credentials(value)
            secrets.extend(found_in_prefix)
            rewrites.append(Rewrite(shown, prefix, has_credentials or more, origin))
        elif lower == "credential.helper" or (lower.startswith("credential.") and lower.endswith(".helper")):
            scope = key[len("credential.") : -len(".helper")] if lower != "credential.helper" else ""
            shown_scope, _, found = strip_credentials(scope)
            secrets.extend(found)
            helpers.append(CredentialHelper(shown_scope, value, origin))
    return GitConfig(tuple(rewrites), tuple(helpers), tuple(secrets))


def rewrite_url(url: str, rewrites: tuple[Rewrite, ...]) -> tuple[str, Rewrite | None]:
    """`url` as git rewrites it: the longest matching insteadOf prefix wins (git's rule)."""
    best: Rewrite | None = None
    for rewrite in rewrites:
        longer = best is None or len(rewrite.instead_of) > len(best.instead_of)
        if rewrite.instead_of and url.startswith(rewrite.instead_of) and longer:
            best = rewrite
    if best is None:
        return url, None
    return best.base + url[len(best.instead_of) :], best
