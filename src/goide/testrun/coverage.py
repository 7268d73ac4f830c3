"""Coverage per package, its total, colour bands and the change against an earlier run.

The per-package figure is what `go test -cover` prints (`coverage: 91.1% of statements`). The
total is exact when a `-coverprofile` file is given (covered statements over all statements,
each block counted once, as `go tool cover -func` totals it); otherwise it is the mean of the
packages' figures, and says so. `--compare FILE` reads an earlier `goide test --json` report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goide.core.errors import InputError

_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)% of statements")
_BLOCK = re.compile(r"^(?P<block>\S+:\d+\.\d+,\d+\.\d+) (?P<statements>\d+) (?P<count>\d+)$")

GOOD = 80.0  # bands of gotestsum/Codecov-like reports: >= 80 green, >= 50 yellow, else red
FAIR = 50.0
# --compare reads a whole report; a bigger file is not one goide wrote for any real module.
MAX_REPORT_BYTES = 256 << 20


@dataclass(frozen=True)
class Total:
    percent: float
    exact: bool  # from a coverage profile, not the mean of the packages


def percent(coverage: str) -> float | None:
    """`91.1% of statements` -> 91.1; None when there is no figure."""
    match = _PERCENT.match(coverage.strip())
    return float(match.group(1)) if match else None


def band(value: float) -> str:
    return "good" if value >= GOOD else "fair" if value >= FAIR else "poor"


def profile_total(path: Path) -> float | None:
    """Covered statements over all statements of a `-coverprofile` file (blocks merged)."""
    blocks: dict[str, tuple[int, bool]] = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as profile:
            for line in profile:
                match = _BLOCK.match(line.strip())
                if match is None:
                    continue
                statements, covered = int(match.group("statements")), int(match.group("count")) > 0
                old = blocks.get(match.group("block"))
                blocks[match.group("block")] = (statements, covered or (old is not None and old[1]))
    except OSError:
        return None
    total = sum(s for s, _ in blocks.values())
    if total == 0:
        return None
    return 100.0 * sum(s for s, c in blocks.values() if c) / total


def total(packages: list[dict[str, Any]], profile: Path | None = None) -> Total | None:
    exact = profile_total(profile) if profile is not None else None
    if exact is not None:
        return Total(exact, True)
    values = [v for v in (percent(p.get("coverage", "")) for p in packages) if v is not None]
    if not values:
        return None
    return Total(sum(values) / len(values), False)


def read_earlier(path: Path) -> dict[str, float]:
    """Package -> coverage of an earlier `goide test --json` report (at most MAX_REPORT_BYTES)."""
    import orjson

    from goide.core.inputs import check_input

    hint = "pass a report written by goide test --json"
    check_input(str(path), what="a goide test --json report", example=hint)
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_REPORT_BYTES + 1)
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}", hint=hint) from err
    if len(data) > MAX_REPORT_BYTES:
        raise InputError(
            f"{path} is larger than {MAX_REPORT_BYTES >> 20} MiB: not a goide test report", hint=hint
        )
    try:
        report = orjson.loads(data)
    except orjson.JSONDecodeError as err:
        raise InputError(f"{path} is not JSON", hint=hint) from err
    if not isinstance(report, dict) or not isinstance(report.get("packages"), list):
        raise InputError(f"{path} is not a goide test report", hint=hint)
    earlier: dict[str, float] = {}
    for package in report["packages"]:
        if isinstance(package, dict):
            value = percent(str(package.get("coverage", "")))
            if value is not None:
                earlier[str(package.get("name", ""))] = value
    return earlier


def table(packages: list[dict[str, Any]], earlier: dict[str, float] | None) -> list[dict[str, Any]]:
    """Rows for the views: package, coverage, band, and the change against `earlier`."""
    rows = []
    for package in packages:
        value = percent(package.get("coverage", ""))
        if value is None:
            continue
        before = (earlier or {}).get(package["name"])
        rows.append(
            {
                "package": package["name"],
                "percent": value,
                "band": band(value),
                "change": None if before is None else round(value - before, 1),
            }
        )
    return rows


def profile_flag(go_flags: list[str]) -> Path | None:
    """The file of `-coverprofile=FILE` (or `-coverprofile FILE`) among the go test flags."""
    for i, flag in enumerate(go_flags):
        name, _, value = flag.lstrip("-").partition("=")
        if name in ("coverprofile", "test.coverprofile"):
            if value:
                return Path(value)
            if i + 1 < len(go_flags):
                return Path(go_flags[i + 1])
    return None


COVERAGE_LINE = re.compile(r"\d+\.\d%  (good|fair|poor)\b")


def summary_lines(coverage: dict[str, Any]) -> list[str]:
    """The coverage section of the terminal summary: per package, its band, its change."""
    rows = coverage["packages"]
    if not rows:
        return []
    lines = ["", "Coverage"]
    for row in rows:
        change = "" if row["change"] is None else f"  ({row['change']:+.1f})"
        lines.append(f"  {row['percent']:5.1f}%  {row['band']:<4}  {row['package']}{change}")
    if coverage["total"] is not None:
        kind = "" if coverage["total_exact"] else " (mean of the packages)"
        lines.append(f"  {coverage['total']:5.1f}%  total{kind}")
    return lines
