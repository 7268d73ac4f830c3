"""`goide test [PACKAGES] [-- GO TEST FLAGS]`: run or read `go test -json` (see docs/test.md)."""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from goide.cli.durations import RUN_LIMIT, seconds
from goide.core.errors import GoideError
from goide.testrun.format_names import FORMATS

SUMMARY_PARTS = frozenset({"skipped", "failed", "errors", "output", "all"})


def configure(parser: argparse.ArgumentParser) -> None:
    parser.usage = (
        "goide test [OPTIONS] [PACKAGES] [-- GO TEST FLAGS]\n"
        "       goide test slowest --input FILE [--threshold 100ms] [--num N] [--skip-stmt]\n"
        "       goide test matrix --input FILE... --buckets N [PACKAGES | -]"
    )
    parser.add_argument(
        "--input", metavar="FILE", help="read a recorded `go test -json` stream (- for stdin)"
    )
    parser.add_argument("--json", dest="json_path", metavar="FILE", type=Path, help="write the JSON report")
    parser.add_argument("--junit", dest="junit_path", metavar="FILE", type=Path, help="write JUnit XML")
    parser.add_argument("--html", dest="html_path", metavar="FILE", type=Path, help="write the HTML report")
    parser.add_argument(
        "--junit-testsuite-name",
        choices=("full", "relative", "short"),
        default="full",
        help="test suite names: the import path, relative to the module, or its last element",
    )
    parser.add_argument(
        "--junit-testcase-classname",
        choices=("full", "relative", "short"),
        default="full",
        help="the same for classname",
    )
    parser.add_argument(
        "--junit-property",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a <property> of every test suite (repeatable)",
    )
    parser.add_argument(
        "--junit-subtests",
        choices=("flat", "nested", "exclude-parents", "ignore-parent-results"),
        default="flat",
        help="subtests as cases of their own (flat), inside a suite per parent (nested), leaves only, "
        "or parents always passed",
    )
    parser.add_argument(
        "--junit-hostname", metavar="NAME", help="the hostname of the suites (default: this host)"
    )
    parser.add_argument(
        "--markdown",
        dest="markdown_path",
        metavar="FILE",
        type=Path,
        help="write a Markdown summary for a pull request (also to $GITHUB_STEP_SUMMARY when set)",
    )
    parser.add_argument(
        "--compare",
        metavar="FILE",
        type=Path,
        help="an earlier --json report: show the coverage change against it",
    )
    parser.add_argument(
        "--jsonfile",
        metavar="FILE",
        type=Path,
        help="write the exact `go test -json` stream (for a later --input), as gotestsum does",
    )
    parser.add_argument(
        "--rerun-fails",
        type=int,
        default=0,
        metavar="N",
        help="rerun each failed test up to N times; report flaky",
    )
    parser.add_argument(
        "--rerun-fails-max-failures",
        type=int,
        default=10,
        metavar="N",
        help="do not rerun when more than N tests failed (default 10, as gotestsum)",
    )
    parser.add_argument(
        "--rerun-fails-report", metavar="FILE", type=Path, help="write which tests were rerun and how"
    )
    parser.add_argument(
        "--rerun-fails-run-root-test",
        action="store_true",
        help="rerun the top-level test of a failed subtest (for subtests that cannot run alone)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        metavar="FORMAT",
        help="progress lines as gotestsum prints them: " + ", ".join(FORMATS),
    )
    parser.add_argument(
        "--format-icons",
        choices=("default", "hivis", "text"),
        default="default",
        help="icons of pkgname, dots and testdox",
    )
    parser.add_argument(
        "--format-hide-empty-pkg", action="store_true", help="no format line for packages without tests"
    )
    parser.add_argument("--no-color", action="store_true", help="no colour (also when NO_COLOR is set)")
    parser.add_argument(
        "--hide-summary",
        metavar="PARTS",
        default="",
        help="leave parts out of the summary: skipped,failed,errors,output or all",
    )
    parser.add_argument(
        "--max-fails", type=int, default=0, metavar="N", help="stop go test after N failed tests"
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="run a package's tests each time one of its .go files is saved (keys: a f r R t q)",
    )
    parser.add_argument(
        "--post-run-command",
        metavar="COMMAND",
        help="run COMMAND after the run, with the counts in its environment (GOIDE_TESTS_FAILED ...)",
    )
    parser.add_argument("--plain", action="store_true", help="line-oriented progress even on a terminal")
    parser.add_argument(
        "--go-timeout",
        type=seconds("--go-timeout", limit=RUN_LIMIT, example="600"),
        default=3600.0,
        metavar="SECONDS",
        help="kill go test after this long",
    )
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="packages, then -- and flags for go test")
    _keep_go_flags_for_the_hint(parser)


# go test flags that take a value as the next argument (`-run X`), for the hint that moves them.
_GO_FLAGS_WITH_VALUE = frozenset(
    {
        "bench",
        "benchtime",
        "blockprofile",
        "count",
        "coverpkg",
        "covermode",
        "coverprofile",
        "cpu",
        "cpuprofile",
        "exec",
        "fuzz",
        "fuzztime",
        "fuzzminimizetime",
        "gcflags",
        "ldflags",
        "list",
        "memprofile",
        "mutexprofile",
        "o",
        "outputdir",
        "p",
        "parallel",
        "run",
        "shuffle",
        "skip",
        "tags",
        "timeout",
        "toolexec",
        "trace",
        "vet",
        "asmflags",
        "mod",
        "modfile",
        "overlay",
        "pgo",
        "",
    }
)


def _keep_go_flags_for_the_hint(parser: argparse.ArgumentParser) -> None:
    """A go test flag before the packages (`goide test -race ./a`) is not goide's: keep the
    arguments as typed, so that `run` can say where the flag goes instead of argparse's
    "unrecognized arguments". goide's own options are read off the parser (option -> whether it
    takes a value), so the hint and the "did you mean" know every one of them."""
    parse = parser.parse_known_args
    options = {option: action.nargs != 0 for option, action in parser._option_string_actions.items()}

    def parse_known_args(args: Sequence[str] | None = None, namespace: Any = None) -> Any:
        parsed, extras = parse(args, namespace)
        parsed.goide_options = options
        if extras:
            parsed.typed = list(args or [])
            parsed.unknown = extras
            return parsed, []
        return parsed, extras

    parser.parse_known_args = parse_known_args  # type: ignore[method-assign,assignment]


def _where_go_flags_go(typed: list[str], goide_options: dict[str, bool]) -> str:
    """`goide test -race ./a` -> `goide test ./a -- -race` (goide's own options stay in front).

    `goide_options` maps each option of goide test to whether it takes a value."""
    kept: list[str] = []
    packages: list[str] = []
    go_flags: list[str] = []
    items = list(typed)
    if "--" in items:
        cut = items.index("--")
        items, go_flags = items[:cut], items[cut + 1 :]
    moved: list[str] = []
    i = 0
    while i < len(items):
        item = items[i]
        name = _full_option(item.split("=", 1)[0], goide_options)
        if name in goide_options:
            kept.append(item)
            if "=" not in item and goide_options[name] and i + 1 < len(items):
                kept.append(items[i + 1])
                i += 1
        elif item.startswith("-"):
            moved.append(item)
            if "=" not in item and item.lstrip("-") in _GO_FLAGS_WITH_VALUE and i + 1 < len(items):
                moved.append(items[i + 1])
                i += 1
        else:
            packages.append(item)
        i += 1
    words = ["goide", "test", *kept, *packages, "--", *moved, *go_flags]
    return " ".join(shlex.quote(w) for w in words)


def _full_option(name: str, goide_options: dict[str, bool]) -> str:
    """`--max-fail` -> `--max-fails`: argparse takes a unique prefix of a long option."""
    if name in goide_options or not name.startswith("--"):
        return name
    matches = [option for option in goide_options if option.startswith(name)]
    return matches[0] if len(matches) == 1 else name


def _junit_options(args: argparse.Namespace) -> Any:
    from goide.testrun.junit_options import JUnitOptions

    properties = []
    for item in args.junit_property:
        key, equals, value = item.partition("=")
        if not equals or not key:
            raise GoideError(
                f"--junit-property needs KEY=VALUE, not {item!r}",
                hint="for example --junit-property ci=github",
            )
        properties.append((key, value))
    options = JUnitOptions(
        suite_name=args.junit_testsuite_name,
        classname=args.junit_testcase_classname,
        properties=tuple(properties),
        subtests=args.junit_subtests,
        hostname=args.junit_hostname,
    )
    return options


def _command_words(text: str | None) -> list[str]:
    """--post-run-command split as a shell would (no shell runs it)."""
    try:
        return shlex.split(text) if text else []
    except ValueError as err:  # an unclosed quote
        from goide.core.safe_text import printable_line

        raise GoideError(
            f"--post-run-command: {str(err).lower()}: {printable_line(text or '')}",
            hint="quote the command as one argument, e.g. --post-run-command 'notify-send \"tests done\"'",
        ) from None


def _summary_parts(text: str) -> frozenset[str]:
    parts = frozenset(p.strip() for p in text.split(",") if p.strip())
    unknown = sorted(parts - SUMMARY_PARTS)
    if unknown:
        raise GoideError(
            f"--hide-summary: unknown part {unknown[0]!r}",
            hint="give a comma-separated list of: skipped, failed, errors, output, all",
        )
    return parts


def run(args: argparse.Namespace) -> int:
    from goide.testrun.session import TestOptions, run_session

    if args.rest and args.rest[0] in ("slowest", "matrix"):
        from goide.testrun.tools import run_tool

        return run_tool(args.rest[0], list(args.rest[1:]))

    unknown = getattr(args, "unknown", None)
    if unknown and unknown[0].startswith("--"):
        import difflib

        long_options = sorted(o for o in args.goide_options if o.startswith("--"))
        near = difflib.get_close_matches(unknown[0].split("=", 1)[0], long_options, n=1)
        raise GoideError(
            f"unknown option {unknown[0]}",
            hint=f"did you mean {near[0]}?" if near else "run 'goide test --help' for the options",
        )
    if unknown:
        raise GoideError(
            f"{unknown[0]} is not a goide test option; go test flags go after --",
            hint=f"run: {_where_go_flags_go(args.typed, args.goide_options)}",
        )
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
            hint="put goide options before the packages, and go test flags after --: "
            + _where_go_flags_go(list(args.rest), args.goide_options),
        )
    if args.max_fails < 0:
        raise GoideError("--max-fails must be 0 (no limit) or more", hint="for example --max-fails 5")
    if args.rerun_fails_max_failures < 0:
        raise GoideError("--rerun-fails-max-failures must be 0 or more", hint="for example 10")
    if args.rerun_fails < 0:
        raise GoideError("--rerun-fails must be 0 or more", hint="for example --rerun-fails 2")
    if args.input is not None and args.rerun_fails:
        raise GoideError("--rerun-fails needs to run go test", hint="drop --input, or drop --rerun-fails")
    if args.input is not None and (packages or go_flags):
        raise GoideError(
            "--input reads a recorded stream; packages and go test flags make no sense with it",
            hint="drop the packages, or drop --input to run go test",
        )
    if args.input is not None:
        from goide.core.inputs import check_input

        check_input(
            str(args.input),
            what="a `go test -json` stream",
            example="goide test --input FILE, or pipe one in: go test -json ./... | goide test --input -",
        )
    options = TestOptions(
        packages=packages,
        go_flags=go_flags,
        input=args.input,
        json_path=args.json_path,
        junit_path=args.junit_path,
        html_path=args.html_path,
        jsonfile=args.jsonfile,
        junit=_junit_options(args),
        post_run_command=_command_words(args.post_run_command),
        format=args.format or "",
        icons=args.format_icons,
        hide_empty_packages=args.format_hide_empty_pkg,
        no_color=args.no_color,
        hide_summary=_summary_parts(args.hide_summary),
        markdown_path=args.markdown_path,
        compare=args.compare,
        rerun_fails=args.rerun_fails,
        max_fails=args.max_fails,
        rerun_max_failures=args.rerun_fails_max_failures,
        rerun_report=args.rerun_fails_report,
        rerun_root_test=args.rerun_fails_run_root_test,
        plain=args.plain,
        go_timeout=args.go_timeout,
    )
    if args.watch:
        if args.input is not None:
            raise GoideError("--watch runs go test; it cannot read --input", hint="drop --input or --watch")
        from goide.testrun.watch import watch_loop

        return watch_loop(options)
    return run_session(options)
