"""`goide test slowest`: the slowest tests of a saved stream, as gotestsum's `tool slowest` lists them.

A test seen more than once (`-count`, reruns, several files) is listed once with the median of its
times, as gotestsum does. With `--skip-stmt testing.Short` it says, for each slow top-level test,
where its function starts and the statement to put first in it; it never edits the source (an edit
of the user's code is theirs to make, and a printed line can be reviewed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from goide.testrun.annotations import SourceRoots
from goide.testrun.timings import go_duration, read_timings

SHORT_SKIP = 'if testing.Short() {\n\tt.Skip("too slow for testing.Short")\n}'


@dataclass(frozen=True)
class SlowTest:
    package: str
    name: str
    elapsed: float


def slowest_tests(paths: list[str], *, threshold: float, limit: int | None) -> list[SlowTest]:
    medians = read_timings(paths).test_median()
    slow = [SlowTest(p, n, e) for (p, n), e in medians.items() if e > threshold]
    slow.sort(key=lambda t: -t.elapsed)  # stable: ties stay in the order the tests ended
    return slow[:limit] if limit is not None else slow


def render(slow: list[SlowTest]) -> list[str]:
    """gotestsum's line: `PACKAGE TEST DURATION`."""
    return [f"{t.package} {t.name} {go_duration(t.elapsed)}" for t in slow]


def skip_lines(slow: list[SlowTest], statement: str, roots: SourceRoots) -> list[str]:
    """Where to add `statement` in each slow top-level test function, found in the package's files."""
    out: list[str] = []
    body = "\n".join("\t" + line for line in statement.splitlines())
    for test in slow:
        if "/" in test.name:
            continue  # a subtest is a closure inside its parent: skip the parent instead
        where = _function(roots, test.package, test.name)
        place = f"{where[0]}:{where[1]}" if where else f"{test.package} (source not found here)"
        out.append(f"{place}: {test.name} ({go_duration(test.elapsed)}): add as its first statement:")
        out.append(body)
    return out


def _function(roots: SourceRoots, package: str, name: str) -> tuple[str, int] | None:
    directory = roots.package_dir(package)
    if directory is None or not directory.is_dir():
        return None
    pattern = re.compile(rf"^func {re.escape(name)}\(", re.MULTILINE)
    for path in sorted(directory.glob("*_test.go")):
        try:
            text = path.read_text(errors="replace")
        except OSError:
            continue
        found = pattern.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            shown = roots.relative(path) or str(path)
            return shown, line
    return None


def run_slowest(
    paths: list[str], *, threshold: float, limit: int | None, skip_stmt: str | None, out: IO[str]
) -> int:
    slow = slowest_tests(paths, threshold=threshold, limit=limit)
    if skip_stmt is None:
        lines = render(slow)
    else:
        statement = SHORT_SKIP if skip_stmt == "testing.Short" else skip_stmt
        # Paths relative to the working directory, where the user types the edit.
        lines = skip_lines(slow, statement, SourceRoots.here(Path.cwd(), {}))
    out.write("".join(line + "\n" for line in lines))
    return 0
