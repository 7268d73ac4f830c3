"""Renders a list of Findings: grouped terminal view, JSON document, Markdown for a bug report.

One status line per area (its worst severity), the findings indented under it, and a summary
line, in the manner of `flutter doctor`. Colour only on a terminal. All text passes through
`goide.core.redact` first.
"""

from __future__ import annotations

import os
import re
import sys
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
    lines = _plain_lines(findings, verbose) if _plain_output(out) else None
    if lines is not None:
        for line in lines:  # one write per line, as rich writes each print
            out.write(line + "\n")
        return
    _render_rich(findings, out, verbose=verbose)


def _plain_output(out: IO[str]) -> bool:
    """Whether rich would write `out` without colour (the same test rich makes): then the lines
    are written directly, without importing rich (a tenth of `goide doctor`'s start-up)."""
    if sys.platform == "win32" or "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ:
        return False
    import builtins

    if hasattr(builtins, "get_ipython"):  # Jupyter: rich's own rendering
        return False
    isatty = getattr(out, "isatty", None)
    try:
        return not (isatty and isatty())
    except ValueError:
        return True


# What rich's rendering would change in plain text: a tab (expanded), a backslash (markup
# escapes, which rich leaves doubled in a line with no markup), and an :emoji: code. Emoji codes
# are found as rich finds them (rich/_emoji_replace.py); a code whose name could be one of rich's
# (its names use only these characters, tests/core check it) sends the findings to rich. Every
# colon starts a candidate (a lookahead, so candidates overlap): rich reads the text between markup
# pieces apart, so in ":[bold]:smile:" it finds ":smile:" where one left-to-right scan would not.
_TAB_OR_BACKSLASH = re.compile(r"[\t\\]")
_EMOJI_CODE = re.compile(r"(?=:(\S*?)(?:-(?:emoji|text))?:)")
EMOJI_NAME = re.compile(r"[\w!#&()*+.\u2019-]+")


def _rich_would_change(line: str) -> bool:
    if _TAB_OR_BACKSLASH.search(line):
        return True
    return any(EMOJI_NAME.fullmatch(m.group(1)) for m in _EMOJI_CODE.finditer(line))


def _plain_lines(findings: list[Finding], verbose: bool) -> list[str] | None:
    """render_text's lines as rich writes them to a file, or None when rich must write them."""

    def shown(text: str) -> str:
        return "\n".join(printable_line(line, limit=1 << 16) for line in text.split("\n"))

    lines = []
    for area, items in group_by_area(findings).items():
        lines.append(f"[{_MARK[worst(items)]}] {shown(area)}")
        for f in map(_redacted, items):
            lines.append(f"    {_MARK[f.severity]} {shown(f.title)}")
            if f.severity is Severity.OK and not verbose:
                continue
            lines.extend(f"        {shown(line)}" for line in f.detail.splitlines())
            if f.fix:
                lines.append(f"        fix: {shown(f.fix.description)}")
                if f.fix.command:
                    lines.append(f"          $ {shown(f.fix.command)}")
            if verbose:
                lines.extend(f"        evidence: {shown(line)}" for line in f.evidence)
    lines.append("")
    lines.append(summary_line(findings))
    if any(map(_rich_would_change, lines)):
        return None
    return lines


def _render_rich(findings: list[Finding], out: IO[str], *, verbose: bool) -> None:
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
