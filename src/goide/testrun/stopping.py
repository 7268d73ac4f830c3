"""How a `goide test` session stops: signals as interrupts, a word when go is quiet, children killed.

SIGTERM (a cancelled CI job) and SIGHUP (a closed terminal) raise `Interrupted` like Ctrl-C, so
that the session stops go test's process group, restores the terminal and writes its reports
marked interrupted. `QuietWatch` says on stderr what goide waits for when go prints nothing for a
while; `stop_children` kills what is still running when the session ends.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from goide.testrun.testjson import ReadStats

if TYPE_CHECKING:
    import subprocess

# After this long with no output from go, say on stderr what goide is waiting for.
QUIET_NOTICE_SECONDS = 5.0
# How long `go list` may take to count the packages for the live view.
COUNT_TIMEOUT = 60.0


class Interrupted(Exception):
    """SIGINT, SIGTERM (a cancelled CI job) or SIGHUP (a closed terminal) stopped the session."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def signals_as_interrupts() -> Iterator[None]:
    """TERM and HUP are handled as INT: they raise `Interrupted` in the main thread, so that the
    go test process group is stopped, the terminal restored and the reports written."""

    def interrupt(signum: int, _frame: object) -> None:
        raise Interrupted(signum)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, interrupt) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    except KeyboardInterrupt as err:
        raise Interrupted(signal.SIGINT) from err
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class QuietWatch:
    """Says on stderr what goide waits for when go prints nothing for a while (a build, a module
    download, a hung test), then again every `QUIET_NOTICE_SECONDS` * 6."""

    def __init__(self, what: str, stats: ReadStats) -> None:
        self.what = what
        self.stats = stats
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> QuietWatch:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.done.set()

    def _watch(self) -> None:
        started = last_change = time.monotonic()
        seen = self.stats.bytes
        wait = QUIET_NOTICE_SECONDS
        while not self.done.wait(1.0):
            now = time.monotonic()
            if self.stats.bytes != seen:
                seen, last_change, wait = self.stats.bytes, now, QUIET_NOTICE_SECONDS
                continue
            if now - last_change >= wait:
                state = "no output yet" if seen == 0 else f"no output for {now - last_change:.0f} s"
                try:
                    sys.stderr.write(
                        f"goide: waiting for {self.what} ({state}, {now - started:.0f} s in; "
                        "building, downloading modules or a slow test)\n"
                    )
                    sys.stderr.flush()
                except (OSError, ValueError):
                    return
                wait += QUIET_NOTICE_SECONDS * 6


def stop_children(children: list[subprocess.Popen[bytes]]) -> None:
    if not children:
        return  # --input: nothing was started (and subprocess need not load)
    from goide.core.process import kill_group

    for proc in children:
        if proc.poll() is None:
            kill_group(proc)
            proc.wait()
