"""Text and JSON views of `goide mod explain`, `decode` and `check`. Every string passes through a
`Scrubber` holding the secrets read from the configuration, then `core.redact`."""

from __future__ import annotations

import io
from typing import Any

from goide.core.findings import render_text, summary_counts
from goide.core.model import Finding
from goide.core.words import plural
from goide.mod.check import CheckResult, observe
from goide.mod.config import ModConfig
from goide.mod.decode import Decoded, DecodedError
from goide.mod.route import Route
from goide.mod.scrub import Scrubber

EXPLAIN_SCHEMA = "goide.mod.explain/1"
DECODE_SCHEMA = "goide.mod.decode/1"
CHECK_SCHEMA = "goide.mod.check/1"
SHOWN_SETTINGS = (
    "GOPROXY",
    "GOPRIVATE",
    "GONOPROXY",
    "GONOSUMDB",
    "GOSUMDB",
    "GOINSECURE",
    "GOAUTH",
    "GOFLAGS",
    "NETRC",
)


def route_json(route: Route, findings: list[Finding]) -> dict[str, Any]:
    vcs = route.vcs
    return {
        "module": route.module,
        "version": route.version,
        "proxies": route.proxies,
        "direct": route.direct,
        "checksum_db": route.checksum_db,
        "checksum_db_url": route.checksum_db_url,
        "insecure": route.insecure,
        "private": route.private,
        "matched": route.matched,
        "steps": [
            {
                "kind": s.kind,
                "url": s.url,
                "falls_through": s.falls_through or None,
                "credentials": list(s.credentials),
                "note": s.note,
            }
            for s in route.steps
        ],
        "skipped_proxies": list(route.skipped_proxies),
        "ignored_proxies": list(route.ignored_proxies),
        "vcs": None
        if vcs is None
        else {
            "vcs": vcs.vcs or None,
            "repo_root": vcs.repo_root or None,
            "meta_urls": list(vcs.meta_urls),
            "urls": list(vcs.urls),
            "rewrites": list(vcs.rewrites),
            "credentials": list(vcs.credentials),
            "ssh": vcs.ssh,
        },
        "ends_with_error": route.ends_with_error,
        "findings": [f.to_json() for f in findings],
    }


def settings_json(config: ModConfig) -> dict[str, Any]:
    return {name: {"value": config.value(name), "source": config.source(name)} for name in SHOWN_SETTINGS}


def explain_json(
    config: ModConfig, config_findings: list[Finding], routes: list[tuple[Route, list[Finding]]]
) -> dict[str, Any]:
    everything = config_findings + [f for _, fs in routes for f in fs]
    doc = {
        "schema": EXPLAIN_SCHEMA,
        "settings": settings_json(config),
        "netrc": config.netrc_path or None,
        "go_version": config.go_version or None,
        "findings": [f.to_json() for f in config_findings],
        "modules": [route_json(r, fs) for r, fs in routes],
        "summary": summary_counts(everything),
    }
    return Scrubber(config.secrets).document(doc)  # type: ignore[no-any-return]


def _route_text(route: Route) -> list[str]:
    lines = [f"{route.module}{'@' + route.version if route.version else ''}"]
    marks = [f"{k} {v!r}" for k, v in route.matched.items() if v is not None]
    lines.append(
        f"  matched: {', '.join(marks)}"
        if marks
        else "  matched: no GOPRIVATE/GONOPROXY/GONOSUMDB/GOINSECURE pattern"
    )
    if route.skipped_proxies:
        lines.append(f"  proxies skipped (GONOPROXY): {', '.join(route.skipped_proxies)}")
    for i, step in enumerate(route.steps, start=1):
        text = f"  {i}. {step.kind}" + (f" {step.url}" if step.kind == "proxy" else "")
        if step.falls_through:
            text += f"  (next entry {step.falls_through})"
        if step.note:
            text += f"  [{step.note}]"
        lines.append(text)
        for cred in step.credentials:
            lines.append(f"       sends: {cred}")
    vcs = route.vcs
    if vcs is not None:
        for url in vcs.meta_urls:
            lines.append(f"       go-import meta tag from {url}")
        if vcs.vcs:
            lines.append(f"       {vcs.vcs} repository {vcs.repo_root}, tried as: {', '.join(vcs.urls)}")
        for rewrite in vcs.rewrites:
            lines.append(f"       rewritten: {rewrite}")
        for cred in vcs.credentials:
            lines.append(f"       sends: {cred}")
        if not vcs.credentials:
            lines.append("       sends: no credentials over http(s)")
        if vcs.ssh:
            lines.append("       over ssh: your ssh keys (ssh-agent, ~/.ssh), never a prompt")
    if route.ends_with_error:
        lines.append(f"  ends with: {route.ends_with_error}")
    if route.checksum_db:
        lines.append(f"  checksum database: {route.checksum_db} ({route.checksum_db_url})")
    else:
        lines.append("  checksum database: not consulted")
    lines.append(
        f"  plain HTTP: {'allowed for direct fetches (GOINSECURE)' if route.insecure else 'not allowed'}"
    )
    return lines


def explain_text(
    config: ModConfig,
    config_findings: list[Finding],
    routes: list[tuple[Route, list[Finding]]],
    verbose: bool = False,
) -> str:
    out = io.StringIO()
    for name in SHOWN_SETTINGS:
        if config.value(name):
            out.write(f"{name}={config.value(name)}  ({config.source(name)})\n")
    out.write("\n")
    for route, _ in routes:
        out.write("\n".join(_route_text(route)) + "\n\n")
    render_text(config_findings + [f for _, fs in routes for f in fs], out, verbose=verbose)
    return Scrubber(config.secrets).text(out.getvalue())


def decoded_json(error: DecodedError) -> dict[str, Any]:
    return {
        "kind": error.kind,
        "step": error.step,
        "line": error.line,
        "module": error.module,
        "message": error.message,
        "cause": error.cause,
        "fix": error.fix.to_json(),
        "evidence": error.evidence,
        "count": error.count,
    }


def decode_json(decoded: Decoded, source: str, secrets: tuple[str, ...]) -> dict[str, Any]:
    doc = {
        "schema": DECODE_SCHEMA,
        "source": source,
        "lines": decoded.stats.lines,
        "cut_lines": decoded.stats.long_lines,
        "errors": [decoded_json(e) for e in decoded.errors],
        "dropped": decoded.dropped,
    }
    return Scrubber(secrets).document(doc)  # type: ignore[no-any-return]


def decoded_text(errors: list[DecodedError]) -> list[str]:
    lines = []
    for e in errors:
        times = f" ({e.count} times)" if e.count > 1 else ""
        lines.append(
            f"✗ [{e.step}] {e.kind}{times}: line {e.line}" + (f", module {e.module}" if e.module else "")
        )
        lines.append(f"    {e.message}")
        for ev in e.evidence:
            lines.append(f"      {ev}")
        lines.append(f"    why: {e.cause}")
        lines.append(f"    fix: {e.fix.description}")
        if e.fix.command:
            lines.append(f"      $ {e.fix.command}")
    return lines


def decode_text(decoded: Decoded, source: str, secrets: tuple[str, ...]) -> str:
    from goide.core.safe_text import printable_line

    lines = [
        f"{source}: {plural(decoded.stats.lines, 'line')}, {plural(len(decoded.errors), 'module error')}"
    ]
    lines.extend(printable_line(line) for line in decoded_text(decoded.errors))
    if decoded.dropped:
        lines.append(f"... and {decoded.dropped} more distinct errors not shown")
    if not decoded.errors:
        lines.append("No Go module error found.")
    return Scrubber(secrets).text("\n".join(lines) + "\n")


def check_json(
    result: CheckResult, route: tuple[Route, list[Finding]], secrets: tuple[str, ...]
) -> dict[str, Any]:
    doc = {
        "schema": CHECK_SCHEMA,
        "module": result.module,
        "version": result.version,
        "ok": result.ok,
        "timed_out": result.timed_out,
        "seconds": round(result.seconds, 3),
        "steps": [{"kind": s.kind, "target": s.target, "status": s.status} for s in result.steps],
        "error": result.error,
        "errors": [decoded_json(e) for e in result.errors],
        "route": route_json(*route),
        "observed": _observed_json(result, route[0]),
    }
    return Scrubber(secrets).document(doc)  # type: ignore[no-any-return]


def _observed_json(result: CheckResult, route: Route) -> dict[str, Any]:
    seen = observe(result.steps, route)
    return {
        "proxies": list(seen.proxies),
        "direct": seen.direct,
        "checksum_db": seen.checksum_db,
        "agrees": seen.agrees,
    }


def check_text(result: CheckResult, route: tuple[Route, list[Finding]], secrets: tuple[str, ...]) -> str:
    from goide.core.safe_text import printable_line

    lines = [
        f"go mod download {result.module}@{result.version or 'latest'}: " + ("ok" if result.ok else "FAILED")
    ]
    for step in result.steps:
        status = f"  -> {step.status}" if step.status else ""
        lines.append(f"  {step.kind:4} {step.target}{status}")
    if result.error:
        lines.append(f"error: {result.error}")
    lines.extend(decoded_text(result.errors))
    lines.append("")
    lines.append("predicted route:")
    lines.extend(_route_text(route[0]))
    observed = _observed_json(result, route[0])
    verdict = "agrees with" if observed["agrees"] else "DIFFERS from"
    lines.append(
        f"what go did {verdict} the prediction: proxies asked {observed['proxies'] or 'none'}, "
        f"direct {'yes' if observed['direct'] else 'no'}, "
        f"checksum database {'asked' if observed['checksum_db'] else 'not asked'}"
    )
    # go's stderr and the servers' answers it quotes are echoed: control characters escaped.
    return Scrubber(secrets).text("\n".join(printable_line(line) for line in lines) + "\n")
