"""`goide test slowest` and `goide test matrix`: the arguments of the tools that read saved streams.

`goide test` takes packages as positional arguments, so a tool is named by the first of them: a
package literally called `slowest` or `matrix` is written `./slowest` (as `go test` needs anyway
for a directory). See docs/test.md, "Tools".
"""

from __future__ import annotations

import argparse
import glob
import sys

from goide.core.errors import GoideError, InputError

TOOLS = ("slowest", "matrix")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise GoideError(message, hint=f"run '{self.prog} --help' for the options")


def _duration(text: str) -> float:
    """A Go duration (`100ms`, `1.5s`, `2m`) or plain seconds, as seconds."""
    import re

    units = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)", text)
    if parts and "".join(n + u for n, u in parts) == text:
        return sum(float(n) * units[u] for n, u in parts)
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (for example 100ms, 1.5s, 2m)") from None
    if value < 0:
        raise argparse.ArgumentTypeError("a duration cannot be negative")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def run_tool(argv: list[str]) -> int:
    name, rest = argv[0], argv[1:]
    if name == "slowest":
        return _slowest(rest)
    return _matrix(rest)


def _slowest(argv: list[str]) -> int:
    parser = _Parser(
        prog="goide test slowest",
        description="The slowest tests of a saved stream (go test -json or -v), as gotestsum tool slowest.",
    )
    parser.add_argument(
        "--input", "--jsonfile", dest="input", default="-", metavar="FILE", help="the stream (- for stdin)"
    )
    parser.add_argument(
        "--threshold",
        type=_duration,
        default=0.1,
        metavar="DURATION",
        help="slower than this (default 100ms)",
    )
    parser.add_argument("--num", type=_count, metavar="N", help="at most N tests")
    parser.add_argument(
        "--skip-stmt",
        metavar="STMT",
        help="say where to add STMT (testing.Short for the usual skip) in each slow test; edits nothing",
    )
    args = parser.parse_args(argv)
    from goide.testrun.slowest import run_slowest

    return run_slowest(
        [args.input], threshold=args.threshold, limit=args.num, skip_stmt=args.skip_stmt, out=sys.stdout
    )


def _matrix(argv: list[str]) -> int:
    parser = _Parser(
        prog="goide test matrix",
        description="Split packages into N CI buckets balanced by recorded durations "
        "(gotestsum tool ci-matrix).",
    )
    parser.add_argument("--partitions", type=_count, required=True, metavar="N", help="number of buckets")
    parser.add_argument(
        "--timing",
        "--timing-files",
        dest="timing",
        action="append",
        default=[],
        metavar="FILE|GLOB",
        help="saved streams with the package times (repeatable; a glob is expanded)",
    )
    parser.add_argument(
        "packages", nargs="*", help="packages (default: one per line on stdin, as `go list ./...`)"
    )
    args = parser.parse_args(argv)
    files: list[str] = []
    for pattern in args.timing:
        found = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        if not found:
            raise InputError(
                f"no file matches --timing {pattern}", hint="check the pattern, quoted for the shell"
            )
        files.extend(found)
    packages = list(args.packages)
    if not packages:
        if sys.stdin.isatty():
            raise GoideError("no packages given", hint="go list ./... | goide test matrix --partitions N ...")
        packages = [line.strip() for line in sys.stdin.read(64 << 20).splitlines() if line.strip()]
    if not packages:
        raise InputError("no packages to split", hint="go list ./... | goide test matrix --partitions N ...")
    from goide.testrun.matrix import run_matrix

    return run_matrix(packages, files, partitions=args.partitions, out=sys.stdout, err=sys.stderr)
