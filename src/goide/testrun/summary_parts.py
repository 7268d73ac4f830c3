"""`--hide-summary PARTS`: sections left out of the end-of-run summary, as gotestsum's flag.

Parts: `packages`, `errors` (build and vet failures, package failures with no failed test),
`failed` (failed tests, panics and timeouts), `output` (the output of failed tests; their failure
messages stay), `skipped`, `slowest`, `other` (non-JSON output). The totals line and its notes
are always printed. The summary's lines are filtered by their section titles (`summary.py`).
"""

from __future__ import annotations

PARTS = ("packages", "errors", "failed", "output", "skipped", "slowest", "other")
_SECTIONS = {
    "Packages": "packages",
    "Build and vet failures": "errors",
    "Package failures with no failed test": "errors",
    "Failed tests": "failed",
    "Panics and timeouts": "failed",
    "Skipped": "skipped",
    "Slowest tests": "slowest",
    "Other output": "other",
}


def parse_parts(text: str) -> frozenset[str]:
    parts = {p.strip() for p in text.split(",") if p.strip()}
    unknown = sorted(parts - set(PARTS))
    if unknown:
        from goide.core.errors import InputError

        raise InputError(f"--hide-summary: unknown part {unknown[0]!r}", hint="parts: " + ",".join(PARTS))
    return frozenset(parts)


def hide(lines: list[str], parts: frozenset[str]) -> list[str]:
    if not parts:
        return lines
    out: list[str] = []
    hidden = False
    output_indent: int | None = None
    for i, line in enumerate(lines):
        is_title = bool(line) and not line.startswith(" ") and (i == 0 or lines[i - 1] == "")
        if is_title:
            section = next((part for title, part in _SECTIONS.items() if line.startswith(title)), None)
            hidden = section in parts
            if hidden and out and out[-1] == "":
                out.pop()
            output_indent = None
            if hidden:
                continue
        if hidden:
            continue
        indent = len(line) - len(line.lstrip(" "))
        if output_indent is not None and (indent > output_indent or not line):
            continue
        output_indent = None
        if "output" in parts and line.strip() == "output:":
            output_indent = indent
            continue
        out.append(line)
    return out
