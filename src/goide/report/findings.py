"""Renders a list of Findings: grouped terminal view, JSON document, Markdown for a bug report.

One status line per area (its worst severity), the findings indented under it, and a summary
line, in the manner of `flutter doctor`. Colour only on a terminal. All text passes through
`goide.redact` first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from goide.model import Finding, Severity, worst
from goide.redact import redact_text

_MARK = {Severity.OK: "✓", Severity.INFO: "•", Severity.WARNING: "!", Severity.ERROR: "✗"}
_STYLE = {Severity.OK: "green", Severity.INFO: "cyan", Severity.WARNING: "yellow", Severity.ERROR: "red"}


def group_by_area(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Findings by area, areas in first-seen order, each area's findings worst first."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.area, []).append(finding)
    for items in groups.values():
        items.sort(key=lambda f: -f.severity.rank)
    return groups


def summary_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts


def summary_line(findings: list[Finding]) -> str:
    counts = summary_counts(findings)
    errors, warnings = counts["error"], counts["warning"]
    if not errors and not warnings:
        return "No issues found."
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return "Found " + " and ".join(parts) + "."


def render_text(findings: list[Finding], out: IO[str], *, verbose: bool = False) -> None:
    """The grouped view. Uses rich (colour) on a terminal, plain text otherwise."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=out, highlight=False, soft_wrap=True)
    for area, items in group_by_area(findings).items():
        status = worst(items)
        console.print(f"[{_STYLE[status]}]\\[{_MARK[status]}][/] [bold]{escape(area)}[/]")
        for f in items:
            if f.severity is Severity.OK and not verbose:
                console.print(
                    f"    [{_STYLE[f.severity]}]{_MARK[f.severity]}[/] {escape(redact_text(f.title))}"
                )
                continue
            console.print(f"    [{_STYLE[f.severity]}]{_MARK[f.severity]}[/] {escape(redact_text(f.title))}")
            if f.detail:
                for line in redact_text(f.detail).splitlines():
                    console.print(f"        {escape(line)}")
            if f.fix:
                console.print(f"        [bold]fix:[/] {escape(redact_text(f.fix.description))}")
                if f.fix.command:
                    console.print(f"          $ {escape(redact_text(f.fix.command))}")
            if verbose:
                for line in f.evidence:
                    console.print(f"        [dim]evidence: {escape(redact_text(line))}[/]")
    console.print()
    console.print(summary_line(findings))


def to_json(findings: list[Finding]) -> dict[str, Any]:
    """The JSON document of docs/doctor.md: findings (redacted) and counts by severity."""
    items = []
    for f in findings:
        item = f.to_json()
        item["title"] = redact_text(item["title"])
        item["detail"] = redact_text(item["detail"])
        item["evidence"] = [redact_text(e) for e in item["evidence"]]
        if item["fix"]:
            item["fix"] = {k: redact_text(v) if isinstance(v, str) else v for k, v in item["fix"].items()}
        items.append(item)
    return {"findings": items, "summary": summary_counts(findings)}


def render_markdown(findings: list[Finding]) -> str:
    """Markdown for pasting into a bug report; secrets already redacted."""
    lines: list[str] = []
    for area, items in group_by_area(findings).items():
        lines.append(f"### {_MARK[worst(items)]} {area}")
        lines.append("")
        for f in items:
            lines.append(f"- **{f.severity.value}** `{f.id}`: {redact_text(f.title)}")
            if f.detail:
                for detail_line in redact_text(f.detail).splitlines():
                    lines.append(f"  {detail_line}")
            if f.fix:
                lines.append(f"  - fix: {redact_text(f.fix.description)}")
                if f.fix.command:
                    lines.append(f"    `{redact_text(f.fix.command)}`")
            for e in f.evidence:
                lines.append(f"  - evidence: `{redact_text(e)}`")
        lines.append("")
    lines.append(summary_line(findings))
    return "\n".join(lines) + "\n"
