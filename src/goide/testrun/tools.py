"""`goide test slowest` and `goide test matrix`: tools over saved `go test -json` streams.

`slowest` lists the slowest tests of a stream as gotestsum's `tool slowest` does, line for line;
with `--skip-stmt` it also prints, for each top-level test, the line to add at the top of its
function so that `go test -short` skips it, and where (it never edits a file: it is a reading
command). `matrix` splits packages into N CI buckets of about equal time, by the durations of
recorded streams, as gotestsum's `tool ci-matrix` does, byte for byte (gostable.py orders equal
times as Go does); packages no stream has are spread over the buckets by count. Output: GitHub
Actions matrix JSON.
"""

from __future__ import annotations

import argparse
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from goide.core.errors import GoideError, InputError
from goide.core.inputs import check_input
from goide.testrun.gostable import slice_stable
from goide.testrun.gotest import package_dir
from goide.testrun.testjson import ReadStats, open_stream

SKIP_STATEMENT = 'if testing.Short() {{ t.Skip("too slow for -short: {seconds:.2f}s") }}'
MAX_BUCKETS = 256  # GitHub Actions: a matrix generates at most 256 jobs per workflow run
_SAVED_STREAM = "pass a stream saved with `goide test --jsonfile FILE` or `go test -json > FILE`"


@dataclass(frozen=True)
class Slow:
    package: str
    name: str
    elapsed: float
    where: str = ""  # file:line of `func TestX(` when found
    nanoseconds: int = 0  # the time as gotestsum prints it (-1 for a test that never ended)


def slowest(path: Path, *, threshold: float, count: int, locate: bool) -> list[Slow]:
    """The tests gotestsum's `tool slowest` lists, in its order: every test, subtest, example and
    fuzz seed that ended (pass, fail or skip), each time cut to the millisecond, and those the
    stream left running (-1ns, as gotestsum counts them); a test seen more than once (-count,
    reruns) once, with the median of its times (the upper one of an even count). The `count`
    slowest when `count` > 0, else those at or over `threshold`; none when both are 0. Ties, which
    gotestsum leaves in no fixed order, go by package and name."""
    times = _test_times(path)
    if threshold <= 0 and count == 0:
        return []
    found = []
    for (package, name), values in times.items():
        values.sort()
        median = values[len(values) // 2]
        found.append(Slow(package, name, median / 1e9, nanoseconds=median))
    found.sort(key=lambda s: (-s.nanoseconds, s.package, s.name))
    if count > 0:
        found = found[:count]
    else:
        limit = round(threshold * 1e9)
        found = [s for s in found if s.nanoseconds >= limit]
    if locate:
        found = [Slow(s.package, s.name, s.elapsed, _where(s.package, s.name), s.nanoseconds) for s in found]
    return found


class _Package:
    """gotestsum's view of one package's tests (testjson.Package): running by name, passed, and
    each root test's subtests, so that what it counts as never finished is counted the same."""

    def __init__(self) -> None:
        self.total = 0
        self.running: dict[str, int] = {}  # name -> id
        self.passed: dict[str, list[int]] = {}  # name -> ids of its passed runs
        self.subtests: dict[int, set[int]] = {}  # id of a root test -> ids of its subtests

    def test_event(self, action: str, name: str) -> tuple[str, int] | None:
        """The result of a test-end event (`pass`, `fail`, `skip` with the test's id), else None."""
        if action == "run":
            self.total += 1
            self.running[name] = self.total
            if "/" in name:
                root = self.running.get(name.split("/", 1)[0], 0)
                self.subtests.setdefault(root, set()).add(self.total)
            return None
        test_id = self.running.get(name, 0)
        if test_id == 0:  # no run event: gotestsum makes the test running here
            self.total += 1
            test_id = self.running[name] = self.total
        if action in ("output", "bench", "attr", "pause", "cont"):
            return None
        del self.running[name]
        if action == "pass":
            self.passed.setdefault(name, []).append(test_id)
        return (action, test_id) if action in ("pass", "fail", "skip") else None

    def never_finished(self) -> list[str]:
        """Tests still running at the end, but a subtest whose root test passed (golang/go#40771)."""
        left = []
        for name, test_id in self.running.items():
            if "/" in name:
                root = name.split("/", 1)[0]
                if any(test_id in self.subtests.get(i, ()) for i in self.passed.get(root, ())):
                    continue
            left.append(name)
        return left


def _test_times(path: Path) -> dict[tuple[str, str], list[int]]:
    """Nanoseconds of each test of a saved stream as gotestsum counts them: each result's
    `Elapsed` cut to the millisecond (time.Duration(elapsed*1000) * time.Millisecond), -1 for a
    test the stream left running."""
    from goide.testrun.testjson import read_events

    check_input(str(path), what="a `go test -json` stream", example=_SAVED_STREAM)
    stats = ReadStats()
    times: dict[tuple[str, str], list[int]] = {}
    packages: dict[str, _Package] = {}
    try:
        with open(path, "rb") as stream:
            for event in read_events(open_stream(stream, stats), stats):
                if isinstance(event, str):
                    continue
                package, name = event.get("Package"), event.get("Test")
                if type(package) is not str or type(name) is not str or not name:
                    continue
                ended = packages.setdefault(package, _Package()).test_event(event["Action"], name)
                if ended is not None:
                    elapsed = event.get("Elapsed")
                    number = float(elapsed) if isinstance(elapsed, int | float) else 0.0
                    times.setdefault((package, name), []).append(_milliseconds(number) * 1_000_000)
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}", hint=_SAVED_STREAM) from err
    if stats.events == 0:
        raise InputError(f"no `go test -json` events in {path}", hint="pass a saved `go test -json` stream")
    for package, tests in packages.items():
        for name in tests.never_finished():
            times.setdefault((package, name), []).append(-1)
    return times


def _milliseconds(elapsed: float) -> int:
    """Go's int64(elapsed*1000): toward zero."""
    scaled = elapsed * 1000
    return int(scaled) if -(2**62) < scaled < 2**62 else 0


def go_duration(nanoseconds: int) -> str:
    """time.Duration.String: `0s`, `-1ns`, `1.5µs`, `10ms`, `1.5s`, `2m0.25s`, `1h0m0s`."""
    if nanoseconds == 0:
        return "0s"
    sign, u = ("-", -nanoseconds) if nanoseconds < 0 else ("", nanoseconds)
    if u < 1_000_000_000:
        for unit, scale in (("ns", 1), ("µs", 1_000), ("ms", 1_000_000)):
            if u < scale * 1000:
                return sign + _fraction(u, scale) + unit
    hours, rest = divmod(u, 3_600_000_000_000)
    minutes, rest = divmod(rest, 60_000_000_000)
    text = _fraction(rest, 1_000_000_000) + "s"
    if hours:
        return f"{sign}{hours}h{minutes}m{text}"
    if minutes:
        return f"{sign}{minutes}m{text}"
    return sign + text


def _fraction(value: int, scale: int) -> str:
    whole, part = divmod(value, scale)
    digits = len(str(scale)) - 1
    return f"{whole}.{part:0{digits}d}".rstrip("0").rstrip(".") if digits else str(whole)


def _where(package: str, name: str) -> str:
    """`dir/x_test.go:12` of `func Name(` in the package's directory (go list under a deadline)."""
    found = package_dir(package, timeout=30)
    directory = Path(found) if found else None
    if directory is None or not directory.is_dir():
        return ""
    pattern = re.compile(rf"^func {re.escape(name)}\(")
    for file in sorted(directory.glob("*_test.go")):
        try:
            lines = file.read_text(errors="replace").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines, 1):
            if pattern.match(line):
                return f"{_shown(file)}:{number}"
    return ""


def _shown(path: Path) -> str:
    """`path` relative to the current directory when it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def matrix(paths: list[Path], buckets: int, packages: list[str]) -> dict[str, Any]:
    """Split `packages` (or every package of the streams) into `buckets` as gotestsum's
    `tool ci-matrix` does: each package's time the 85th percentile of its times in the streams,
    packages longest first (Go's stable sort with gotestsum's `>=`), each into the bucket with the
    least time so far (then the fewest packages, then the first). Packages no stream has are then
    spread over the buckets by count (gotestsum counts them as 0 s: all in one bucket)."""
    times: dict[str, list[int]] = {}
    for path in paths:
        for name, nanoseconds in _package_times(path).items():
            times.setdefault(name, []).append(nanoseconds)
    timing = {name: _percentile85(values) for name, values in times.items()}
    names = list(packages or sorted(timing))
    timed = [n for n in names if n in timing]
    slice_stable(timed, lambda a, b: timing[a] >= timing[b])
    totals = [0] * buckets
    members: list[list[str]] = [[] for _ in range(buckets)]
    for name in timed:
        i = _min_bucket(totals, members)
        totals[i] += timing[name]
        members[i].append(name)
    for name in (n for n in names if n not in timing):
        i = min(range(buckets), key=lambda b: (len(members[b]), b))
        members[i].append(name)
    prefix = _module_prefix(Path.cwd())
    include = []
    for i in range(buckets):
        description = ""
        if members[i]:
            first = members[i][0]
            shown = "." if first == prefix else first.removeprefix(prefix + "/") if prefix else first
            others = f" and {len(members[i]) - 1} others" if len(members[i]) > 1 else ""
            description = f"{i} - {shown}{others}"
        include.append(
            {
                "id": i,
                "estimatedRuntime": go_duration(totals[i]),
                "packages": " ".join(members[i]),
                "description": description,
            }
        )
    return {"include": include}


def _package_times(path: Path) -> dict[str, int]:
    """Each package of a saved stream with its time as gotestsum takes it (the Elapsed of its last
    pass or fail event, cut to the millisecond, in nanoseconds; 0 without one)."""
    from goide.testrun.testjson import read_events

    check_input(str(path), what="a `go test -json` stream", example=_SAVED_STREAM)
    stats = ReadStats()
    found: dict[str, int] = {}
    try:
        with open(path, "rb") as stream:
            for event in read_events(open_stream(stream, stats), stats):
                if isinstance(event, str):
                    continue
                name = event.get("Package")
                if type(name) is not str or not name:
                    continue
                found.setdefault(name, 0)
                if event["Action"] in ("pass", "fail") and not event.get("Test"):
                    elapsed = event.get("Elapsed")
                    number = float(elapsed) if isinstance(elapsed, int | float) else 0.0
                    found[name] = _milliseconds(number) * 1_000_000
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}", hint=_SAVED_STREAM) from err
    if stats.events == 0:
        raise InputError(f"no `go test -json` events in {path}", hint="pass a saved `go test -json` stream")
    return found


def _percentile85(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[max(math.ceil(0.85 * len(ordered)), 1) - 1]


def _min_bucket(totals: list[int], members: list[list[str]]) -> int:
    """gotestsum's minBucket: the least total; on a tie, fewer packages; then the first."""
    best, least = 0, -1
    for i, total in enumerate(totals):
        if least < 0 or total < least:
            best, least = i, total
        elif total == least and len(members[i]) < len(members[best]):
            best = i
    return best


def _module_prefix(directory: Path) -> str:
    """The module path of the go.mod in `directory` or above it, as gotestsum finds it to shorten
    package names (its RelativePackagePath); "" when there is none."""
    for folder in (directory, *directory.parents):
        try:
            text = (folder / "go.mod").read_text(errors="replace")
        except OSError:
            continue
        for text_line in text.splitlines():
            line = text_line.split("//", 1)[0].strip()
            if line.startswith("module") and line[6:7].isspace():
                return line[6:].strip().strip('"`')
        return ""
    return ""


def slowest_lines(found: list[Slow], *, skip_statement: bool) -> list[str]:
    """gotestsum's lines (`PACKAGE TEST DURATION`); with `skip_statement`, under each top-level
    test function the statement to add first in it (a subtest, example or fuzz seed gets none)."""
    lines = []
    for slow in found:
        lines.append(f"{slow.package} {slow.name} {go_duration(slow.nanoseconds)}")
        if skip_statement and "/" not in slow.name and slow.name.startswith("Test"):
            where = slow.where or "(function not found: run in the module)"
            lines.append(f"    {where}: add {SKIP_STATEMENT.format(seconds=slow.elapsed)}")
    return lines


# ---- the command line of `goide test slowest` and `goide test matrix` --------------------------


class _ToolParser(argparse.ArgumentParser):
    """argparse's own errors (a required option missing) as goide's `error:` and `hint:` lines."""

    def error(self, message: str) -> NoReturn:
        raise GoideError(f"{self.prog}: {message}", hint=_TOOL_USAGE[self.prog.rsplit(" ", 1)[1]])


def _tool_parser(name: str) -> argparse.ArgumentParser:
    parser = _ToolParser(prog=f"goide test {name}", exit_on_error=False, add_help=False)
    if name == "slowest":
        parser.add_argument("--input", "--jsonfile", dest="input", type=Path, required=True)
        parser.add_argument("--threshold", type=_duration, default=0.1)
        parser.add_argument("--num", type=int, default=0)
        parser.add_argument("--skip-stmt", action="store_true")
    else:
        parser.add_argument("--input", "--jsonfile", dest="inputs", type=Path, action="append", required=True)
        parser.add_argument("--buckets", type=int, required=True)
        parser.add_argument("packages", nargs="*")
    return parser


def _duration(text: str) -> float:
    """`100ms`, `1.5s` or a number of seconds."""
    scale = 0.001 if text.endswith("ms") else 1.0
    try:
        value = float(text.removesuffix("ms").removesuffix("s")) * scale
    except ValueError:
        raise InputError(f"not a duration: {text!r}", hint="for example 100ms, 1.5s or 2") from None
    if not 0 <= value < 86400:
        raise InputError(f"not a duration: {text!r}", hint="for example 100ms, 1.5s or 2")
    return value


def run_tool(name: str, words: list[str]) -> int:
    """`goide test slowest ...` and `goide test matrix ...` (testrun/tools.py)."""
    import sys

    try:
        args, extra = _tool_parser(name).parse_known_args(words)
    except argparse.ArgumentError as err:
        raise GoideError(f"goide test {name}: {err}", hint=_TOOL_USAGE[name]) from None
    if extra:
        raise GoideError(f"goide test {name}: unexpected {extra[0]}", hint=_TOOL_USAGE[name])
    if name == "slowest":
        found = slowest(args.input, threshold=args.threshold, count=args.num, locate=args.skip_stmt)
        for line in slowest_lines(found, skip_statement=args.skip_stmt):
            sys.stdout.write(line + "\n")
        return 0
    if not 1 <= args.buckets <= MAX_BUCKETS:
        raise GoideError(
            f"goide test matrix: --buckets must be 1 to {MAX_BUCKETS} (the most jobs of a GitHub "
            "Actions matrix)",
            hint=_TOOL_USAGE[name],
        )
    packages = list(args.packages)
    if packages == ["-"]:
        packages = [line.strip() for line in sys.stdin if line.strip()]
    from goide.core.jsonout import dumps

    sys.stdout.write(dumps(matrix(args.inputs, args.buckets, packages), indent=False).decode() + "\n")
    return 0


_TOOL_USAGE = {
    "slowest": "goide test slowest --input FILE [--threshold 100ms] [--num N] [--skip-stmt]",
    "matrix": "goide test matrix --input FILE [--input FILE...] --buckets N [PACKAGES | -]",
}
