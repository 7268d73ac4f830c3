"""Whose crash it is: the test that a panic, fatal error or timeout in a test binary belongs to.

test2json files a crash under whichever test was printing when the binary died: the test running
at the time (a goroutine started by an earlier test panics), the parent of a subtest (a subtest's
panic is printed after the parent's `--- FAIL`), a test that then passed (its `--- PASS` was still
pending when the timeout panic was printed, go.dev/issue/57305), or the package (an Example's
panic). When the package fails, each crash is taken from where it was filed and given to its owner:
the tests that `panic: test timed out` lists as running; else the test function in the panicking
goroutine's frames or in its `created by` line (read with goide's crash parser); else, when no test
can be named, the test it was filed under if that one failed, or the package.

This module reads crashes; `aggregate.Aggregate` moves them (it owns the counts).
"""

from __future__ import annotations

import re

from goide.testrun.output import CRASH_STARTS, Output

TIMEOUT_START = "panic: test timed out"
_AFTER_CRASH = ("exit status ", "FAIL\t")
MAX_HELD = 20  # passed tests kept per package because their output holds a crash
_TEST_FUNCTION = re.compile(r"(?:Test|Benchmark|Example|Fuzz)\w*")
# `running tests:` entries: "\t\tTestX/sub (2s)" (Go 1.21+) or "\tTestX (2s)" (Go 1.20).
_RUNNING_ENTRY = re.compile(r"^\s+(\S+) \([^)]*\)$")


def output_has_crash(output: Output | None) -> bool:
    """True when a line of `output` starts a crash (test2json starts every line in a new fragment).

    Fragments found free of a crash are remembered (`Output.crash_free`), so each is looked at
    once however often the question is asked; the tail keeps its own count.
    """
    if output is None:
        return False
    if output.tail_crashes:
        return True
    fragments = output.fragments
    checked = output.crash_free
    if checked == len(fragments):
        return False
    starts = CRASH_STARTS
    for i, fragment in enumerate(fragments[checked:] if checked else fragments, checked):
        if fragment.startswith(starts):
            output.crash_free = i
            return True
    output.crash_free = len(fragments)
    return False


def split_crash(lines: list[str]) -> tuple[list[str], list[str]]:
    """`lines` cut where the first crash starts: (before, crash); crash is empty when none."""
    for i, line in enumerate(lines):
        if line.startswith(CRASH_STARTS):
            crash = lines[i:]
            # What go test prints after the binary died is not part of the crash.
            while crash and (crash[-1].startswith(_AFTER_CRASH) or crash[-1] in ("FAIL", "")):
                crash.pop()
            return lines[:i], crash
    return lines, []


def timed_out_tests(crash: list[str]) -> list[str]:
    """The tests `panic: test timed out after D` lists under `running tests:`."""
    names: list[str] = []
    listing = False
    for line in crash[1:]:
        if line.strip() == "running tests:":
            listing = True
            continue
        if listing:
            match = _RUNNING_ENTRY.match(line)
            if match is None:
                break
            names.append(match.group(1))
    return names


def culprit_function(crash: list[str], package: str) -> str:
    """The top-level test function (`TestWorker`) of the panicking goroutine, or "" when none.

    The frames are searched innermost first, then the goroutine's `created by` line: a goroutine
    started by a test names the test there even after the test has returned.
    """
    from goide.crash.traceback import parse_text

    crashes = parse_text("\n".join(crash))
    if not crashes or not crashes[0].goroutines:
        return ""
    goroutine = crashes[0].goroutines[0]
    frames = list(goroutine.frames)
    if goroutine.created_by is not None:
        frames.append(goroutine.created_by)
    for frame in frames:
        name = _test_function(frame.function, package, frame.package)
        if name:
            return name
    return ""


def _test_function(function: str, package: str, frame_package: str) -> str:
    if frame_package not in (package, package + "_test"):
        return ""
    rest = function[len(frame_package) + 1 :] if function.startswith(frame_package + ".") else ""
    match = _TEST_FUNCTION.fullmatch(rest.split(".", 1)[0])
    return match.group(0) if match else ""
