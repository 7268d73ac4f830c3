"""A command's `parse_simple` (its common command lines parsed without argparse) must give exactly
what argparse gives, and leave to argparse every command line argparse would read differently."""

from __future__ import annotations

import contextlib
import io
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from goide.cli import bench as bench_cli
from goide.cli import doctor as doctor_cli
from goide.cli import inspect as inspect_cli
from goide.cli import trace as trace_cli
from goide.cli.commands import Namespace
from goide.cli.parser import build_parser

# Flags in full, abbreviated, combined; paths, odd paths; the separator; help.
TOKENS = [
    "--json",
    "-r",
    "--recursive",
    "-v",
    "--modules",
    "--js",
    "--mod",
    "-rv",
    "-vr",
    "--json=1",
    "--",
    "-",
    "-h",
    "--help",
    "a",
    "dir/b",
    "",
    " ",
    "-1",
    "inspect",
    "--no-such",
]


DOCTOR_TOKENS = [
    "-v",
    "--verbose",
    "--json",
    "--markdown",
    "--redact-paths",
    "--offline",
    "--off",
    "--verb",
    "-vv",
    "--json=x",
    "--fix",
    "--yes",
    "--timeout",
    "5",
    "--vscode",
    "d",
    "--",
    "-h",
    "x",
]


BENCH_TOKENS = [
    "compare",
    "run",
    "old.txt",
    "new=b.txt",
    "-",
    "",
    "--format",
    "csv",
    "json",
    "text",
    "html",
    "--format=csv",
    "--format=",
    "--form",
    "--table",
    "--row",
    "--col",
    "--ignore",
    "--filter",
    "--table=.name",
    "--filter=-.name:x",
    ".unit",
    "-.name:Sort",
    "--alpha",
    "--confidence",
    "--alpha=0.1",
    "0.01",
    "1e-3",
    "nan",
    "x",
    "-1",
    "--",
    "-h",
    "--no-such",
]

TRACE_TOKENS = [
    "--json",
    "--plot",
    "--slowest",
    "--slowest=3",
    "--plot=a.png",
    "--json=1",
    "--js",
    "--slow",
    "5",
    " 7 ",
    "x",
    "a.png",
    "trace.log",
    "-",
    "",
    "-1",
    "--",
    "-h",
    "--help",
]


def _argparse(argv: list[str], command: str = "inspect") -> dict[str, object] | None:
    """argparse's Namespace for `goide COMMAND ARGV`, None when it refuses (or prints help)."""
    parser, _module = build_parser(command, [command, *argv])
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            return vars(parser.parse_args([command, *argv]))
        except SystemExit:
            return None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=6))
def test_inspect_parse_simple_agrees_with_argparse(argv: list[str]) -> None:
    simple = inspect_cli.parse_simple(argv)
    if simple is not None:
        assert vars(simple) == _argparse(argv)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DOCTOR_TOKENS), max_size=5))
def test_doctor_parse_simple_agrees_with_argparse(argv: list[str]) -> None:
    simple = doctor_cli.parse_simple(argv)
    if simple is not None:
        assert vars(simple) == _argparse(argv, "doctor")


def test_doctor_parse_simple_takes_the_common_command_lines() -> None:
    for argv in ([], ["-v"], ["--json"], ["--markdown", "--redact-paths"], ["--offline", "--verbose"]):
        simple = doctor_cli.parse_simple(argv)
        assert simple is not None, argv
        assert vars(simple) == _argparse(argv, "doctor")
    for argv in (["--json", "--markdown"], ["--fix"], ["--off"], ["--timeout", "5"], ["-h"]):
        assert doctor_cli.parse_simple(argv) is None, argv


def test_inspect_parse_simple_takes_the_common_command_lines() -> None:
    # The start-up benchmark's command line and its usual variants do not build a parser.
    for argv in (["a"], ["a", "b"], ["--json", "a"], ["a", "-r", "-v"], ["-v", "--recursive", "a", "b"]):
        simple = inspect_cli.parse_simple(argv)
        assert simple is not None, argv
        assert vars(simple) == _argparse(argv)


def test_inspect_parse_simple_leaves_the_rest_to_argparse() -> None:
    for argv in ([], ["--help"], ["-rv", "a"], ["--js", "a"], ["--", "-a"], ["a", "--json", "b"], ["-"]):
        assert inspect_cli.parse_simple(argv) is None, argv


def test_namespace_behaves_like_argparse() -> None:
    import argparse

    ours = Namespace(command="inspect", paths=["a"], json=False)
    theirs = argparse.Namespace(command="inspect", paths=["a"], json=False)
    assert ours == theirs
    assert "paths" in ours
    assert "recursive" not in ours
    assert repr(ours) == repr(theirs)


def test_inspect_start_up_imports_neither_argparse_nor_typing(tmp_path: object) -> None:
    # What the start-up benchmark measures; a module imported here is paid by every run.
    import subprocess

    code = (
        "import sys; from goide.cli import main; main(['inspect', sys.executable]); "
        "print(' '.join(m for m in ('argparse', 'typing', 'locale') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == ""


def test_doctor_start_up_imports_neither_argparse_nor_yaml(tmp_path: object) -> None:
    # `goide doctor` outside a Go module: no parser is built and the lint area parses nothing.
    import subprocess

    code = (
        "import io, sys; from goide.cli import main; out = sys.stdout; sys.stdout = io.StringIO(); "
        "main(['doctor', '--offline']); sys.stdout = out; "
        "print(' '.join(m for m in ('argparse', 'yaml', 'tomllib') if m in sys.modules))"
    )
    argv = [sys.executable, "-c", code]
    result = subprocess.run(argv, check=False, capture_output=True, text=True, cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == ""


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(BENCH_TOKENS), max_size=7))
def test_bench_parse_simple_agrees_with_argparse(argv: list[str]) -> None:
    simple = bench_cli.parse_simple(argv)
    if simple is not None:
        assert vars(simple) == _argparse(argv, "bench")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(BENCH_TOKENS[:2] + BENCH_TOKENS), max_size=7).map(lambda a: ["compare", *a]))
def test_bench_compare_parse_simple_agrees_with_argparse(argv: list[str]) -> None:
    simple = bench_cli.parse_simple(argv)
    if simple is not None:
        assert vars(simple) == _argparse(argv, "bench")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TRACE_TOKENS), max_size=6))
def test_trace_parse_simple_agrees_with_argparse(argv: list[str]) -> None:
    simple = trace_cli.parse_simple(argv)
    if simple is not None:
        assert vars(simple) == _argparse(argv, "trace")


def test_bench_and_trace_parse_simple_take_the_common_command_lines() -> None:
    # The benchmarks' command lines and their usual variants do not build a parser.
    for argv in (
        ["compare", "old.txt", "new.txt"],
        ["compare", "--format", "csv", "old.txt", "new.txt"],
        ["compare", "-"],
        ["compare", "a=old.txt", "b=new.txt", "--format=json", "--alpha", "0.01"],
        ["compare", "--table", ".name", "--row", ".unit", "--col", "/cpu", "--filter", ".name:Sort", "x"],
        ["compare", "--ignore", "goos", "--confidence", "0.9", "x", "y"],
    ):
        simple = bench_cli.parse_simple(argv)
        assert simple is not None, argv
        assert vars(simple) == _argparse(argv, "bench")
    for argv in ([], ["x.log"], ["-"], ["--json", "x.log"], ["x.log", "--slowest", "3", "--plot", "p.svg"]):
        simple = trace_cli.parse_simple(argv)
        assert simple is not None, argv
        assert vars(simple) == _argparse(argv, "trace")


def test_bench_and_trace_parse_simple_leave_the_rest_to_argparse() -> None:
    for argv in (
        [],
        ["run"],
        ["compare"],
        ["compare", "--help"],
        ["compare", "a", "--format", "csv", "b"],
        ["compare", "--format", "xml", "a"],
        ["compare", "--alpha", "x", "a"],
        ["compare", "--filter", "-.name:Sort", "a"],
        ["compare", "--", "a"],
        ["compare", "--form", "csv", "a"],
    ):
        assert bench_cli.parse_simple(argv) is None, argv
    for argv in (["a", "b"], ["--slowest", "x"], ["--slowest", "-1"], ["-h"], ["--js"], ["--json=1"]):
        assert trace_cli.parse_simple(argv) is None, argv


def test_bench_compare_start_up_imports_neither_argparse_nor_typing(tmp_path: object) -> None:
    # What the bench compare benchmark runs; a module imported here is paid by every run.
    import subprocess
    from pathlib import Path

    data = Path(str(tmp_path)) / "a.txt"
    data.write_text("BenchmarkX-8\t100\t12.5 ns/op\nBenchmarkX-8\t100\t13.5 ns/op\n")
    code = (
        "import io, sys; from goide.cli import main; out = sys.stdout; "
        "sys.stdout = io.TextIOWrapper(io.BytesIO()); "
        f"main(['bench', 'compare', '--format', 'csv', {str(data)!r}, {str(data)!r}]); sys.stdout = out; "
        "print(' '.join(m for m in ('argparse', 'typing', 'locale', 'gettext') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == ""
