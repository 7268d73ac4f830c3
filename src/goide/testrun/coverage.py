"""Coverage per package with a total, and the change against an earlier run (`--compare FILE`).

A package's coverage is what go test printed (`coverage: 81.2% of statements`). A total needs the
statement counts, which only a cover profile has: with `-coverprofile=F` among the go test flags the
total is read from F as `go tool cover -func` computes it (each block's statements once, covered
when any count is above 0); without one no total is made up. The earlier run is a saved stream
(`--jsonfile`, `go test -json`, `go test -v`) or a goide `--json` report. Bands, as the colours
show them: at least 80 % good, at least 50 % fair, below poor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goide.core.errors import InputError
from goide.testrun.aggregate import Aggregate
from goide.testrun.model import FAIL, walk_tests

_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)% of statements")
_BLOCK = re.compile(rb"^(.+:\d+\.\d+,\d+\.\d+) (\d+) (\d+)$")
GOOD, FAIR = 80.0, 50.0


@dataclass
class RunFigures:
    """What a comparison reads from one run."""

    coverage: dict[str, float] = field(default_factory=dict)
    elapsed: dict[str, float] = field(default_factory=dict)
    failed_tests: set[tuple[str, str]] = field(default_factory=set)
    packages: set[str] = field(default_factory=set)


def percent(text: str) -> float | None:
    found = _PERCENT.match(text)
    return float(found[1]) if found else None


def figures(agg: Aggregate) -> RunFigures:
    result = RunFigures()
    for package in agg.packages.values():
        result.packages.add(package.name)
        value = percent(package.coverage)
        if value is not None:
            result.coverage[package.name] = value
        if package.elapsed is not None and not package.cached:
            result.elapsed[package.name] = package.elapsed
        result.failed_tests.update(
            (package.name, t.name) for t in walk_tests(package.tests) if t.status == FAIL
        )
    return result


def profile_total(path: Path) -> float | None:
    """Total statement coverage of a cover profile, as `go tool cover -func` prints it."""
    blocks: dict[bytes, tuple[int, bool]] = {}
    try:
        with open(path, "rb") as profile:
            for line in profile:
                found = _BLOCK.match(line.rstrip(b"\r\n"))
                if found is None:
                    continue
                statements, covered = int(found[2]), int(found[3]) > 0
                seen = blocks.get(found[1])
                blocks[found[1]] = (statements, covered or (seen is not None and seen[1]))
    except OSError:
        return None
    total = sum(s for s, _ in blocks.values())
    if total == 0:
        return None
    return 100.0 * sum(s for s, c in blocks.values() if c) / total


def read_earlier(path: Path) -> RunFigures:
    """The figures of an earlier run: a goide `--json` report or a saved stream."""
    try:
        with open(path, "rb") as file:
            head = file.read(256)
    except OSError as err:
        raise InputError(
            f"cannot read --compare {path}: {err.strerror or err}",
            hint="pass a stream saved with --jsonfile, or a report written with --json",
        ) from err
    if b'"schema_version"' in head:
        return _from_report(path)
    from goide.testrun.streamin import consume_stream
    from goide.testrun.testjson import ReadStats

    agg = Aggregate(keep_passed=True)
    stats = ReadStats()
    with open(path, "rb") as stream:
        consume_stream(stream, agg, stats)
    agg.finish()
    if stats.events == 0:
        raise InputError(
            f"--compare {path} holds no test events",
            hint="pass a stream saved with --jsonfile, or a report written with --json",
        )
    return figures(agg)


def _from_report(path: Path) -> RunFigures:
    import orjson

    try:
        report: Any = orjson.loads(path.read_bytes())
        result = RunFigures()
        for package in report["packages"]:
            name = str(package["name"])
            result.packages.add(name)
            value = percent(str(package.get("coverage") or ""))
            if value is not None:
                result.coverage[name] = value
            elapsed = package.get("elapsed")
            if isinstance(elapsed, int | float) and not package.get("cached"):
                result.elapsed[name] = float(elapsed)
            for test in package.get("tests") or []:
                if test.get("status") == FAIL:
                    result.failed_tests.add((name, str(test["name"])))
    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError) as err:
        raise InputError(
            f"--compare {path} is not a goide --json report ({err})",
            hint="pass a report written by `goide test --json FILE`, or a saved stream",
        ) from err
    return result


def band(value: float) -> str:
    return "good" if value >= GOOD else "fair" if value >= FAIR else "poor"


def coverage_lines(now: RunFigures, total: float | None) -> list[str]:
    """The `Coverage` block of --coverage: each package with its band, and the profile's total."""
    out = ["", "Coverage"]
    for name in sorted(now.coverage):
        out.append(f"  {name}  {_change(now.coverage[name], None, '%').removesuffix(' (new)')}")
    if total is not None:
        out.append(f"  total (cover profile)  {total:.1f}% [{band(total)}]")
    elif not now.coverage:
        out.append("  no coverage in this run (go test -cover, or -coverprofile=FILE for a total)")
    else:
        out.append("  no total: add -coverprofile=FILE to the go test flags for one")
    return out


def comparison_lines(now: RunFigures, earlier: RunFigures, source: str, total: float | None) -> list[str]:
    """The `Compared with FILE` block: coverage and time per package, new and fixed failures."""
    out = ["", f"Compared with {source}"]
    names = sorted(set(now.coverage) | set(earlier.coverage))
    if names or total is not None:
        out.append("  coverage")
        for name in names:
            out.append(f"    {name}  {_change(now.coverage.get(name), earlier.coverage.get(name), '%')}")
        if total is not None:
            out.append(f"    total (cover profile)  {total:.1f}% [{band(total)}]")
    slower = sorted(
        ((now.elapsed[n] - earlier.elapsed[n], n) for n in set(now.elapsed) & set(earlier.elapsed)),
        reverse=True,
    )
    if slower:
        out.append("  time (most slowed first)")
        for delta, name in slower[:10]:
            out.append(f"    {name}  {now.elapsed[name]:.3f}s ({delta:+.3f}s)")
    # Only packages both runs tested: a package not run now has not been fixed.
    both = set(now.packages) & set(earlier.packages)
    new = sorted(t for t in now.failed_tests - earlier.failed_tests if t[0] in both)
    fixed = sorted(t for t in earlier.failed_tests - now.failed_tests if t[0] in both)
    out.append(f"  failing now, not before: {len(new)}")
    out.extend(f"    {p} {t}" for p, t in new[:50])
    out.append(f"  failing before, not now: {len(fixed)}")
    out.extend(f"    {p} {t}" for p, t in fixed[:50])
    return out


def _change(now: float | None, before: float | None, unit: str) -> str:
    if now is None:
        return f"(gone; was {before:.1f}{unit})" if before is not None else ""
    text = f"{now:.1f}{unit} [{band(now)}]"
    if before is None:
        return text + " (new)"
    return text + f" ({now - before:+.1f})"
