"""`goide test [PACKAGES] [-- GO TEST FLAGS]`: run or read `go test -json` (see docs/test.md)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from goide.cli.durations import RUN_LIMIT, seconds
from goide.core.errors import GoideError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.usage = (
        "goide test [OPTIONS] [PACKAGES] [-- GO TEST FLAGS]\n"
        "       goide test slowest [--input FILE] [--threshold D] [--num N] [--skip-stmt STMT]\n"
        "       goide test matrix --partitions N [--timing FILE|GLOB ...] [PACKAGES]"
    )
    parser.add_argument(
        "--input",
        metavar="FILE",
        help="read a recorded `go test -json` stream or `go test -v` text (- for stdin)",
    )
    parser.add_argument("--json", dest="json_path", metavar="FILE", type=Path, help="write the JSON report")
    parser.add_argument("--junit", dest="junit_path", metavar="FILE", type=Path, help="write JUnit XML")
    parser.add_argument("--html", dest="html_path", metavar="FILE", type=Path, help="write the HTML report")
    parser.add_argument(
        "--rerun-fails",
        type=int,
        default=0,
        metavar="N",
        help="rerun each failed test up to N times; report flaky",
    )
    parser.add_argument("--plain", action="store_true", help="line-oriented progress even on a terminal")
    parser.add_argument(
        "--go-timeout",
        type=seconds("--go-timeout", limit=RUN_LIMIT, example="600"),
        default=3600.0,
        metavar="SECONDS",
        help="kill go test after this long",
    )
    _issue20_flags(parser)
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="packages, then -- and flags for go test")


def run(args: argparse.Namespace) -> int:
    if args.rest and args.rest[0] in ("slowest", "matrix"):  # goide test slowest|matrix (issue 20)
        from goide.cli.test_tools import run_tool

        return run_tool(args.rest)
    from goide.testrun.session import TestOptions, run_session

    rest: list[str] = list(args.rest)
    if "--" in rest:
        cut = rest.index("--")
        packages, go_flags = rest[:cut], rest[cut + 1 :]
    else:
        packages, go_flags = rest, []
    misplaced = [p for p in packages if p.startswith("-")]
    if misplaced:
        raise GoideError(
            f"unexpected option among the packages: {misplaced[0]}",
            hint="put goide options before the packages, and go test flags after --",
        )
    if args.rerun_fails < 0:
        raise GoideError("--rerun-fails must be 0 or more", hint="for example --rerun-fails 2")
    if args.input is not None and args.rerun_fails:
        raise GoideError("--rerun-fails needs to run go test", hint="drop --input, or drop --rerun-fails")
    if args.input is not None and (packages or go_flags):
        raise GoideError(
            "--input reads a recorded stream; packages and go test flags make no sense with it",
            hint="drop the packages, or drop --input to run go test",
        )
    options = TestOptions(
        packages=packages,
        go_flags=go_flags,
        input=args.input,
        json_path=args.json_path,
        junit_path=args.junit_path,
        html_path=args.html_path,
        rerun_fails=args.rerun_fails,
        plain=args.plain,
        go_timeout=args.go_timeout,
        jsonfile=args.jsonfile,
        markdown_path=args.markdown_path,
        format=args.format or "",
        format_icons=args.format_icons,
        hide_summary=_hide_summary(args.hide_summary),
        post_run_command=args.post_run_command or "",
        compare_path=args.compare_path,
        coverage=args.coverage,
        junit_options=_junit_options(args),
    )
    if args.no_color:
        os.environ["NO_COLOR"] = "1"  # rich and every view read it (no-color.org)
    if args.watch or args.watch_poll:
        if args.input is not None:
            raise GoideError("--watch runs go test; it cannot read --input", hint="drop --input")
        from goide.testrun.watch import run_watch

        return run_watch(options, poll=args.watch_poll)
    return run_session(options)


def _issue20_flags(parser: argparse.ArgumentParser) -> None:
    from goide.testrun.format_names import FORMATS, ICON_SETS

    parser.add_argument(
        "--jsonfile",
        metavar="FILE",
        type=Path,
        help="also write the raw `go test -json` stream, byte for byte (for a later --input)",
    )
    parser.add_argument(
        "--markdown",
        dest="markdown_path",
        metavar="FILE",
        type=Path,
        help="write a Markdown summary for a pull-request comment (also appended to $GITHUB_STEP_SUMMARY)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        metavar="FORMAT",
        help="progress as gotestsum prints it: " + ", ".join(FORMATS),
    )
    parser.add_argument(
        "--format-icons",
        choices=ICON_SETS,
        default="default",
        help="package icons of --format: ✓ ∅ ✖, ✅ ➖ ❌ or words",
    )
    parser.add_argument(
        "--hide-summary",
        metavar="PARTS",
        default="",
        help="leave parts out of the summary: packages,errors,failed,output,skipped,slowest,other",
    )
    parser.add_argument("--no-color", action="store_true", help="no colours (also NO_COLOR=1)")
    parser.add_argument(
        "--coverage",
        action="store_true",
        help="after the summary, coverage per package with bands, and the -coverprofile total",
    )
    parser.add_argument(
        "--compare",
        dest="compare_path",
        metavar="FILE",
        type=Path,
        help="compare coverage, times and failures with an earlier run (--jsonfile stream or --json report)",
    )
    from goide.testrun.junit_names import NAME_FORMATS, SUBTEST_MODES

    parser.add_argument(
        "--junit-suite-name",
        "--junitfile-testsuite-name",
        choices=NAME_FORMATS,
        default="full",
        help="JUnit testsuite names: the full import path, relative to the module, or its last element",
    )
    parser.add_argument(
        "--junit-classname",
        "--junitfile-testcase-classname",
        choices=NAME_FORMATS,
        default="full",
        help="JUnit testcase classnames, as --junit-suite-name",
    )
    parser.add_argument(
        "--junit-property",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="add a property to every JUnit testsuite (repeatable)",
    )
    parser.add_argument(
        "--junit-subtests",
        choices=SUBTEST_MODES,
        default="all",
        help="JUnit cases of tests with subtests: kept (all), left out, or always passing",
    )
    parser.add_argument(
        "--junit-timestamp", action="store_true", help="add hostname and timestamp to every JUnit testsuite"
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="rerun the package of each .go file saved; keys: Enter, a(ll), f(ailed), r(ace), /(run), q(uit)",
    )
    parser.add_argument("--watch-poll", action="store_true", help="--watch by polling (network or VM mounts)")
    parser.add_argument(
        "--post-run-command",
        metavar="COMMAND",
        help="run COMMAND after the tests, with TESTS_TOTAL, TESTS_FAILED, ... in its environment",
    )


def _junit_options(args: argparse.Namespace) -> object:
    from goide.testrun.junit_options import JUnitOptions, parse_property

    options = JUnitOptions(
        suite_name=args.junit_suite_name,
        classname=args.junit_classname,
        properties=[parse_property(p) for p in args.junit_property],
        subtests=args.junit_subtests,
        host_and_time=args.junit_timestamp,
    )
    if options.changes_anything() and args.junit_path is None:
        raise GoideError("the --junit-* options shape the --junit report", hint="add --junit FILE")
    return options if options.changes_anything() else None


def _hide_summary(text: str) -> frozenset[str]:
    from goide.testrun.summary_parts import parse_parts

    return parse_parts(text)
