"""The Markdown summary of a `goide test` run, for a pull-request comment or a GitHub job summary.

Order: the verdict line (as the terminal's totals line), failures with their messages (each in a
collapsed `<details>`), build failures, a package table (failed packages first, with coverage),
flaky tests, the slowest tests. It is kept short: at most `MAX_FAILURES` failures are detailed,
each message cut at `MAX_MESSAGE_LINES`, the table at `MAX_PACKAGE_ROWS`, and the whole text stays
under `MAX_CHARS` (GitHub refuses a comment over 65 536 characters). Test output is redacted where
it is kept (`output.Output`), so no secret reaches the comment.
"""

from __future__ import annotations

import re

from goide.testrun.aggregate import Aggregate
from goide.testrun.failure import crash_description, failure_message
from goide.testrun.model import FAIL, PASS, SKIP, PackageResult, TestResult, walk_tests
from goide.testrun.summary import totals_line

MAX_FAILURES = 20
MAX_MESSAGE_LINES = 15
MAX_LINE = 200
MAX_PACKAGE_ROWS = 50
MAX_CHARS = 60_000
SLOWEST = 10

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#!~])")


def render_markdown(
    agg: Aggregate, flaky: list[dict[str, str]] | None = None, coverage_total: float | None = None
) -> str:
    failed = not _passed(agg)
    icon = "❌" if failed else "✅"
    out = [f"## {icon} goide test: {_text(totals_line(agg, None))}", ""]
    out.extend(_failures(agg))
    out.extend(_builds(agg))
    out.extend(_packages(agg))
    if coverage_total is not None:
        out.extend([f"Total coverage (cover profile): **{coverage_total:.1f}%**", ""])
    if flaky:
        out.append("### Flaky (failed, then passed on a rerun)")
        out.append("")
        out.extend(f"- {_text(f['package'])} {_text(f['name'])} (rerun {f['rerun']})" for f in flaky)
        out.append("")
    slowest = [s for s in agg.slowest()[:SLOWEST] if s.elapsed > 0]
    if slowest:
        out.append("### Slowest tests")
        out.append("")
        out.append("| time | package | test |")
        out.append("|---:|---|---|")
        out.extend(f"| {s.elapsed:.2f}s | {_text(s.package)} | {_text(s.name)} |" for s in slowest)
        out.append("")
    return _bounded("\n".join(out) + "\n")


def _passed(agg: Aggregate) -> bool:
    return not agg.any_failure()


def _failures(agg: Aggregate) -> list[str]:
    found = [
        (p, t)
        for p in sorted(agg.packages.values(), key=lambda p: p.name)
        for t in walk_tests(p.tests)
        if t.status == FAIL and not any(s.status == FAIL for s in t.subtests)
    ]
    if not found:
        return []
    out = [f"### Failed tests ({len(found)})", ""]
    for package, test in found[:MAX_FAILURES]:
        out.extend(_failure(package, test))
    if len(found) > MAX_FAILURES:
        out.append(f"… and {len(found) - MAX_FAILURES} more failed tests (see the JUnit or HTML report)")
        out.append("")
    return out


def _failure(package: PackageResult, test: TestResult) -> list[str]:
    time = f" ({test.elapsed:.2f}s)" if test.elapsed is not None else ""
    why = crash_description(test) if test.crash else ""
    message = failure_message(test)
    lines = [line[:MAX_LINE] + ("…" if len(line) > MAX_LINE else "") for line in message[:MAX_MESSAGE_LINES]]
    if len(message) > MAX_MESSAGE_LINES:
        lines.append(f"… {len(message) - MAX_MESSAGE_LINES} more lines")
    out = [
        "<details>",
        f"<summary><b>{_html(test.name)}</b> in {_html(package.name)}{time}"
        + (f": {_html(why)}" if why else "")
        + "</summary>",
        "",
    ]
    if lines:
        body = "\n".join(lines)
        fence = "`" * max(3, _longest_backtick_run(body) + 1)
        out.extend([fence + "text", body, fence])
    out.extend(["", "</details>", ""])
    return out


def _builds(agg: Aggregate) -> list[str]:
    builds = [b for b in agg.builds.values() if b.failed or b.broken_packages]
    if not builds:
        return []
    out = ["### Build and vet failures", ""]
    for build in builds[:MAX_FAILURES]:
        broke = ", ".join(build.broken_packages) or "no package reported it"
        out.append(f"**{_text(build.import_path)}** (broke: {_text(broke)})")
        body = "\n".join(
            line[:MAX_LINE] for line in build.output[:MAX_MESSAGE_LINES] if not line.startswith("# ")
        )
        if body:
            fence = "`" * max(3, _longest_backtick_run(body) + 1)
            out.extend(["", fence + "text", body, fence])
        out.append("")
    return out


def _packages(agg: Aggregate) -> list[str]:
    packages = sorted(agg.packages.values(), key=lambda p: (p.status != FAIL, p.name))
    if not packages:
        return []
    out = [
        "### Packages",
        "",
        "| | package | passed | failed | skipped | time | coverage |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for package in packages[:MAX_PACKAGE_ROWS]:
        mark = {PASS: "✅", FAIL: "❌", SKIP: "➖"}.get(package.status, "…")
        time = (
            "(cached)"
            if package.cached
            else (f"{package.elapsed:.2f}s" if package.elapsed is not None else "")
        )
        coverage = package.coverage.removesuffix(" of statements")
        if package.failed_build:
            note = " (build failed)"
        elif package.no_test_files:
            note = " (no test files)"
        else:
            note = ""
        out.append(
            f"| {mark} | {_text(package.name)}{note} | {package.passed} | {package.failed} | "
            f"{package.skipped} | {time} | {_text(coverage)} |"
        )
    if len(packages) > MAX_PACKAGE_ROWS:
        rest = packages[MAX_PACKAGE_ROWS:]
        out.append(
            f"| | … {len(rest)} more packages ({sum(p.status == FAIL for p in rest)} failed) | | | | | |"
        )
    out.append("")
    return out


def _bounded(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    # At a section or a failure's end, so that no code fence or <details> is left open.
    limit = MAX_CHARS - 200
    cut = max(text.rfind("\n### ", 0, limit), text.rfind("</details>\n", 0, limit) + len("</details>"))
    note = "\n\n… the summary was cut to stay short enough for a comment (see the JUnit or HTML report)\n"
    return text[:cut] + note


def _text(value: str) -> str:
    """Plain text in Markdown (table cells, lists): Markdown and HTML characters escaped."""
    return _SPECIAL.sub(r"\\\1", value.replace("\n", " "))


def _html(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def _longest_backtick_run(text: str) -> int:
    runs = re.findall(r"`+", text)
    return max((len(r) for r in runs), default=0)
