"""`--markdown FILE` and `$GITHUB_STEP_SUMMARY`: the run as GitHub-flavoured Markdown.

Made from the `--json` report (the view never re-reads the stream) and short enough for a pull
request comment (GitHub's limit is 65,536 characters): the status line, a table of the packages,
the failures with their messages (at most `MAX_FAILURES`, `MAX_MESSAGE_LINES` lines each),
build errors, flaky tests, the slowest tests and the coverage with its change.
"""

from __future__ import annotations

from html import escape
from typing import Any

from goide.core.words import plural

MAX_FAILURES = 20
MAX_MESSAGE_LINES = 12
MAX_CHARS = 60_000
_ICON = {"pass": "✅", "fail": "❌", "skip": "⏭️", "interrupted": "⚠️", "error": "⚠️"}


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _fence(lines: list[str]) -> list[str]:
    longest = max((len(line) - len(line.lstrip("`")) for line in lines), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, *lines, fence]


def render_markdown(report: dict[str, Any]) -> str:
    totals = report["totals"]
    status = report["status"]
    out = [
        f"## {_ICON.get(status, '')} go test: {status.upper()}",
        "",
        f"{totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped, "
        f"{plural(totals['build_errors'], 'build error')}, in {plural(totals['packages'], 'package')}"
        + (f", {len(report['flaky'])} flaky" if report.get("flaky") else ""),
        "",
    ]
    if report.get("interrupted"):
        out += [f"The run was interrupted by {report['interrupted']}: the results are incomplete.", ""]
    packages = report["packages"]
    if packages:
        out += [
            "| Package | Status | Passed | Failed | Skipped | Time | Coverage |",
            "|---|---|--:|--:|--:|--:|--:|",
        ]
        for package in packages:
            tests = package["tests"]
            count = {s: sum(1 for t in tests if t["status"] == s) for s in ("pass", "fail", "skip")}
            elapsed = f"{package['elapsed']:.2f}s" if package.get("elapsed") is not None else ""
            coverage = package["coverage"].split(" of ")[0] if package.get("coverage") else ""
            out.append(
                f"| `{_cell(package['name'])}` | {_ICON.get(package['status'], '')} {package['status']} | "
                f"{count['pass']} | {count['fail']} | {count['skip']} | {elapsed} | {coverage} |"
            )
        out.append("")
    # The failures themselves: a parent that failed only through its subtests is left out.
    failures = [
        (p["name"], t)
        for p in packages
        for t in p["tests"]
        if t["status"] == "fail"
        and (
            t.get("message")
            or not any(o["name"].startswith(t["name"] + "/") and o["status"] == "fail" for o in p["tests"])
        )
    ]
    if failures:
        out += ["### Failures", ""]
        for package, test in failures[:MAX_FAILURES]:
            message = (test.get("message") or "").splitlines()[:MAX_MESSAGE_LINES]
            name, where = escape(test["name"], quote=False), escape(package, quote=False)
            out.append(f"<details><summary><code>{name}</code> in {where}</summary>")
            out.append("")
            out += _fence(message or ["(no message)"])
            out += ["", "</details>", ""]
        if len(failures) > MAX_FAILURES:
            out += [f"… and {len(failures) - MAX_FAILURES} more failed tests (see the full report).", ""]
    builds = report.get("build_failures") or []
    if builds:
        out += ["### Build errors", ""]
        for build in builds[:MAX_FAILURES]:
            broke = ", ".join(build["broken_packages"]) or "no package reported it"
            out.append(f"`{_cell(build['import_path'])}` (broke: {_cell(broke)})")
            out += _fence(build["output"].splitlines()[:MAX_MESSAGE_LINES])
            out.append("")
    if report.get("flaky"):
        out += ["### Flaky (failed, then passed on a rerun)", ""]
        out += [
            f"- `{_cell(f['name'])}` in `{_cell(f['package'])}` (rerun {f['rerun']})" for f in report["flaky"]
        ]
        out.append("")
    slowest = [s for s in report.get("slowest", []) if s["elapsed"] > 0]
    if slowest:
        out += ["### Slowest tests", "", "| Test | Package | Time |", "|---|---|--:|"]
        out += [f"| `{_cell(s['name'])}` | `{_cell(s['package'])}` | {s['elapsed']:.2f}s |" for s in slowest]
        out.append("")
    coverage = report.get("coverage") or {}
    if coverage.get("packages"):
        total = coverage.get("total")
        kind = "" if coverage.get("total_exact") else " (mean of the packages)"
        out += ["### Coverage", ""]
        if total is not None:
            out += [f"Total: **{total:.1f}%**{kind}", ""]
        out += ["| Package | Coverage | Change |", "|---|--:|--:|"]
        for row in coverage["packages"]:
            change = "" if row["change"] is None else f"{row['change']:+.1f}"
            out.append(f"| `{_cell(row['package'])}` | {row['percent']:.1f}% | {change} |")
        out.append("")
    text = "\n".join(out)
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS] + "\n\n… (cut to fit a pull request comment; see the full report)\n"
    return text
