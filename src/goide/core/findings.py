"""Renders a list of Findings: grouped terminal view, JSON document, Markdown for a bug report.

One status line per area (its worst severity), the findings indented under it, and a summary
line, in the manner of `flutter doctor`. Colour only on a terminal. All text passes through
`goide.core.redact` first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import IO, Any

from goide.core.model import Finding, Severity, worst
from goide.core.redact import redact_text
from goide.core.safe_text import printable_line
from goide.core.words import plural

_MARK = {Severity.OK: "✓", Severity.INFO: "•", Severity.WARNING: "!", Severity.ERROR: "✗"}
_STYLE = {Severity.OK: "green", Severity.INFO: "cyan", Severity.WARNING: "yellow", Severity.ERROR: "red"}


def _redacted(f: Finding) -> Finding:
    """`f` with every text a user sees passed through goide.core.redact."""
    fix = f.fix
    if fix is not None:
        fix = replace(
            fix,
            description=redact_text(fix.description),
            command=redact_text(fix.command) if fix.command else fix.command,
        )
    return replace(
        f,
        title=redact_text(f.title),
        detail=redact_text(f.detail),
        fix=fix,
        evidence=tuple(redact_text(e) for e in f.evidence),
    )


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
        parts.append(plural(errors, "error"))
    if warnings:
        parts.append(plural(warnings, "warning"))
    return "Found " + " and ".join(parts) + "."


def render_text(findings: list[Finding], out: IO[str], *, verbose: bool = False) -> None:
    """The grouped view. Uses rich (colour) on a terminal, plain text otherwise."""
    from rich.console import Console
    from rich.markup import escape as markup_escape

    def escape(text: str) -> str:
        # Text from the user's files (a package name, a file name) may hold escape sequences that
        # would drive the terminal: each line is shown with its control characters as \xNN.
        return markup_escape("\n".join(printable_line(line, limit=1 << 16) for line in text.split("\n")))

    console = Console(file=out, highlight=False, soft_wrap=True)
    for area, items in group_by_area(findings).items():
        status = worst(items)
        console.print(f"[{_STYLE[status]}]\\[{_MARK[status]}][/] [bold]{escape(area)}[/]")
        for f in map(_redacted, items):
            console.print(f"    [{_STYLE[f.severity]}]{_MARK[f.severity]}[/] {escape(f.title)}")
            if f.severity is Severity.OK and not verbose:
                continue
            for line in f.detail.splitlines():
                console.print(f"        {escape(line)}")
            if f.fix:
                console.print(f"        [bold]fix:[/] {escape(f.fix.description)}")
                if f.fix.command:
                    console.print(f"          $ {escape(f.fix.command)}")
            if verbose:
                for line in f.evidence:
                    console.print(f"        [dim]evidence: {escape(line)}[/]")
    console.print()
    console.print(summary_line(findings))


def to_json(findings: list[Finding]) -> dict[str, Any]:
    """The JSON document of docs/doctor.md: findings (redacted) and counts by severity."""
    items = [_redacted(f).to_json() for f in findings]
    return {"findings": items, "summary": summary_counts(findings)}


def render_markdown(findings: list[Finding]) -> str:
    """Markdown for pasting into a bug report; secrets already redacted."""
    lines: list[str] = []
    for area, items in group_by_area(findings).items():
        lines.append(f"### {_MARK[worst(items)]} {area}")
        lines.append("")
        for f in map(_redacted, items):
            lines.append(f"- **{f.severity.value}** `{f.id}`: {f.title}")
            lines.extend(f"  {detail_line}" for detail_line in f.detail.splitlines())
            if f.fix:
                lines.append(f"  - fix: {f.fix.description}")
                if f.fix.command:
                    lines.append(f"    `{f.fix.command}`")
            lines.extend(f"  - evidence: `{e}`" for e in f.evidence)
        lines.append("")
    lines.append(summary_line(findings))
    return "\n".join(lines) + "\n"
