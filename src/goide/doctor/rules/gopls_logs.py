"""The "gopls logs" area of `goide doctor`: crashes found in recent gopls logs
(`Facts.extra["gopls-logs"]`, collected by `goide.doctor.collect.gopls_logs`), one finding per log and
distinct crash (same kind and culprit), with the culprit frame and `goide crash FILE` as the fix.

A crash is a warning, not an error: the log says gopls crashed in the last days, not that it
still does (a newer gopls may have fixed it). Ids follow `goide.crash.classify`: `crash.gopls.<kind>`
when the culprit is gopls's own code, `crash.<kind>` otherwise. Pure.
"""

from __future__ import annotations

import shlex
from typing import Any

from goide.core.model import Finding, Fix, Severity
from goide.core.words import plural
from goide.doctor.facts import Facts
from goide.doctor.rules.registry import reads

AREA = "gopls logs"


def _finding(path: str, crash: dict[str, Any], count: int) -> Finding:
    culprit = crash.get("culprit")
    times = f" ({count} times)" if count > 1 else ""
    evidence = [f"{path}:{crash['line']}" if crash.get("line") else path, str(crash.get("message", ""))]
    detail = str(crash.get("message", ""))
    if isinstance(culprit, dict):
        evidence.append(f"{culprit['function']} at {culprit['location']}")
        detail += f"\nCulprit: {culprit['function']} at {culprit['location']}."
    if crash.get("gopls_version"):
        evidence.append(f"gopls {crash['gopls_version']}")
    quoted = shlex.quote(path)
    if crash.get("is_gopls"):
        title = f"gopls crashed: {crash['title']}{times}"
        fix = Fix(
            "See the whole crash; if your gopls is the newest, report it to the Go team with the "
            f"Markdown from `goide crash --markdown --redact-paths {quoted}`",
            command=f"goide crash {quoted}",
        )
        finding_id = f"crash.gopls.{crash['kind']}"
    else:
        title = f"A crash in a gopls log: {crash['title']}{times}"
        fix = Fix("See the whole crash", command=f"goide crash {quoted}")
        finding_id = f"crash.{crash['kind']}"
    return Finding(finding_id, Severity.WARNING, title, AREA, detail, fix, tuple(evidence))


@reads("gopls-logs")
def judge_gopls_logs(facts: Facts) -> list[Finding]:
    data = facts.extra.get("gopls-logs")
    if not isinstance(data, dict):
        return []
    findings: list[Finding] = []
    logs = data.get("logs") or []
    for log in logs:
        path = str(log["path"])
        if log.get("error"):
            findings.append(
                Finding(
                    "gopls-logs.unreadable",
                    Severity.INFO,
                    f"Cannot read the gopls log {path}",
                    AREA,
                    str(log["error"]),
                    evidence=(path,),
                )
            )
            continue
        distinct: dict[tuple[str, str], tuple[dict[str, Any], int]] = {}
        for crash in log.get("crashes") or []:
            culprit = crash.get("culprit") or {}
            key = (str(crash["kind"]), f"{culprit.get('function')} {culprit.get('location')}")
            first, count = distinct.get(key, (crash, 0))
            distinct[key] = (first, count + 1)
        findings += [_finding(path, crash, count) for crash, count in distinct.values()]
    if not findings:
        findings.append(
            Finding(
                "gopls-logs.no-crash",
                Severity.OK,
                f"No crash in {plural(len(logs), 'recent gopls log')}",
                AREA,
                evidence=tuple(str(log["path"]) for log in logs),
            )
        )
    return findings
