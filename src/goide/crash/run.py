"""`goide crash` from its options to its output: read, explain, filter, rebase, print.

The CLI parses arguments into `CrashOptions` and calls `explain`; this module decides between
pass-through (a pipe read as pp reads it) and a report, and writes the optional HTML page.
"""

from __future__ import annotations

import os
import signal
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from goide.core.errors import InputError


@dataclass
class CrashOptions:
    file: str = "-"
    output: str = "text"  # text (pass-through on a pipe), report, json, markdown
    html: str | None = None
    redact_paths: bool = False
    max_crashes: int = 20
    grouping: str = "lines"
    match: str | None = None
    exclude: str | None = None
    rebase: list[str] = field(default_factory=list)


def _stdin_is_pipe() -> bool:
    try:
        return stat.S_ISFIFO(os.fstat(sys.stdin.fileno()).st_mode)
    except (OSError, ValueError):
        return False


def explain(options: CrashOptions) -> int:
    """Print what `options` ask for; return how many crashes the input holds."""
    from goide.core.inputs import open_input, with_progress
    from goide.crash import view
    from goide.crash.classify import CrashSummary
    from goide.crash.filters import compile_filter, filter_groups, local_go_paths, parse_rebase, rebase
    from goide.crash.read import read_crash_log

    match = compile_filter(options.match, "--match")
    exclude = compile_filter(options.exclude, "--exclude")
    pairs = parse_rebase(options.rebase)
    local = local_go_paths() if any(old == "auto" for old, _ in pairs) else None

    def shown(summary: CrashSummary) -> CrashSummary:
        if pairs:
            rebase(summary.crash, pairs, local)
        return filter_groups(summary, match, exclude)

    from_pipe = options.file == "-" and _stdin_is_pipe()
    if from_pipe:
        # Ctrl-\ (SIGQUIT to the process group) makes the program dump its goroutines; goide,
        # in the same group, must live on to read and explain the dump.
        signal.signal(signal.SIGQUIT, signal.SIG_IGN)
    source = "standard input" if options.file == "-" else options.file
    stream = open_input(options.file, hint="give a log file, or '-' to read standard input")
    try:
        if options.output == "text" and from_pipe and options.html is None:
            from goide.crash.passthrough import pass_through

            def explanation(summary: CrashSummary, index: int) -> str:
                return view.render_one(shown(summary), index, redact_home=options.redact_paths)

            return pass_through(stream, sys.stdout.buffer, explanation, grouping=options.grouping)
        log = read_crash_log(
            with_progress(stream, f"reading {Path(source).name}"),
            source,
            max_crashes=options.max_crashes,
            grouping=options.grouping,
        )
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    for summary in log.summaries:
        shown(summary)
    if not log.total and log.stats.looks_binary:
        raise InputError(
            f"no Go traceback found in {source}, which looks like a binary file",
            hint="give the text log (stderr, go test output, a gopls log), not a binary or core file",
        )
    if options.html is not None:
        from goide.core.safe_write import write_output
        from goide.crash.html import render_html

        write_output(
            Path(options.html),
            render_html(log, redact_home=options.redact_paths).encode(),
            what="HTML report",
        )
    if options.output == "json":
        from goide.core import jsonout

        jsonout.write(view.to_json(log, redact_home=options.redact_paths))
    elif options.output == "markdown":
        sys.stdout.write(view.render_markdown(log, redact_home=options.redact_paths))
    else:
        sys.stdout.write(view.render_text(log, redact_home=options.redact_paths))
    sys.stdout.flush()
    return log.total
