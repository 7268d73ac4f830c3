"""What a failed test says: its own lines without test2json framing, and the failure message first.

With Go 1.27 streams the message is what test2json marks `OutputType` "error"/"error-continue".
Before that there is no marker, so the message is, in order: the panic (and, for a timeout, the
list of running tests), else the last `file.go:N:` block the test logged (t.Fatal ends a test; a
t.Error is usually its last words), else all of its own lines (example got/want diffs).
"""

from __future__ import annotations

import re

from goide.testrun.model import TestResult
from goide.testrun.output import ERROR, ERROR_CONTINUE, is_framing

# `    file_test.go:12: message`, also after output the test printed without a newline.
_LOCATION = re.compile(r"(?:^\s*|(?<=\S) {4})[\w./-]+\.go:\d+: ")


def own_lines(test: TestResult) -> list[tuple[str, str | None]]:
    """The test's own output without framing, then the crash it caused when that was filed elsewhere."""
    lines = []
    if test.output is not None:
        name = test.name
        lines = [(line, kind) for line, kind in test.output.lines() if not is_framing(line, kind, name)]
    if test.crash_text:
        lines.extend((line, None) for line in test.crash_text)
    return lines


def failure_message(test: TestResult) -> list[str]:
    lines = own_lines(test)
    if any(kind in (ERROR, ERROR_CONTINUE) for _, kind in lines):
        return [line for line, kind in lines if kind in (ERROR, ERROR_CONTINUE)]
    texts = [line for line, _ in lines]
    for i, line in enumerate(texts):
        if line.startswith("panic: "):
            message = [line]
            for follow in texts[i + 1 :]:
                # A timeout's `running tests:` list, indented (Go 1.21+) or not (Go 1.20).
                if not follow.startswith("\t") and follow != "running tests:":
                    break
                message.append(follow)
            return message
    last = None
    for i, line in enumerate(texts):
        found = _LOCATION.search(line)
        if found:
            last = i
            texts[i] = line if found.start() == 0 else line[found.start() :]
    if last is not None:
        indent = len(texts[last]) - len(texts[last].lstrip())
        message = [texts[last]]
        for follow in texts[last + 1 :]:
            if len(follow) - len(follow.lstrip()) <= indent:
                break
            message.append(follow)
        return message
    return texts


def crash_description(test: TestResult) -> str:
    if test.crash == "other-crashed":
        return f"was running when a goroutine of {test.crashed_by} crashed the test binary; no result"
    if test.crash == "stream-ended":
        return "the stream ended before its result (go test was killed, or the file is cut short)"
    if test.crash == "panic" and test.status == "fail" and test.crash_text and not test.output:
        return "a goroutine it started panicked after it passed; the test binary died"
    return {
        "panic": "panicked; the test binary died",
        "timeout": "was running when the test binary timed out (-timeout)",
        "exit": "was running when the test binary exited (os.Exit or a signal); no result was reported",
        "subtest-crashed": "never finished: a subtest crashed the test binary",
    }.get(test.crash, "")
