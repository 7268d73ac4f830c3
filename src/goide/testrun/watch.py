"""`goide test --watch`: run the tests of a package each time one of its `.go` files is saved.

Changes come from watchfiles (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on
Windows; polling when `WATCHFILES_FORCE_POLLING` is set, as on network file systems), debounced
so that a save of several files is one run. Between runs goide shows what it watches and the
keys; on a terminal the keys work without Enter: `a` all the packages, `f` the tests that failed
last, `r` the last run again, `R` -race on or off, `t` a -run pattern (typed, then Enter; empty
clears it), `q` quit. Each run is an ordinary `goide test` session (the live view, the summary,
the reports). The terminal's mode is restored however the loop ends.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import queue
import select
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from goide.core.errors import GoideError
from goide.testrun.session import TestOptions, run_session
from goide.testrun.stopping import Interrupted, signals_as_interrupts

DEBOUNCE_MS = 300
KEYS = "keys: a all, f failed, r rerun, R -race on/off, t -run pattern, q quit"


@dataclasses.dataclass
class WatchState:
    options: TestOptions
    root: Path
    race: bool = False
    run_pattern: str = ""
    last_packages: list[str] = dataclasses.field(default_factory=list)
    failed: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # package dir, test


def packages_of(changes: Iterable[tuple[object, str]], root: Path) -> list[str]:
    """`./dir` of each changed `.go` file, as go test takes them."""
    dirs = set()
    for _, path in changes:
        if path.endswith(".go"):
            relative = os.path.relpath(os.path.dirname(path), root)
            dirs.add("." if relative == "." else "./" + relative.replace(os.sep, "/"))
    return sorted(dirs)


def _go_filter(change: object, path: str) -> bool:
    name = os.path.basename(path)
    return name.endswith(".go") and not name.startswith((".", "#"))


def _changes(root: Path, stop: threading.Event, into: queue.Queue[list[str]]) -> None:
    from watchfiles import watch

    for changes in watch(
        root,
        watch_filter=_go_filter,
        debounce=DEBOUNCE_MS,
        stop_event=stop,
        yield_on_timeout=False,
        raise_interrupt=False,
        rust_timeout=500,
    ):
        packages = packages_of(changes, root)
        if packages:
            into.put(packages)


@contextlib.contextmanager
def _keys(stream: IO[str]) -> Iterator[int | None]:
    """The terminal in cbreak mode (a key at a time, no echo), restored on the way out."""
    if not stream.isatty():
        yield None
        return
    import termios
    import tty

    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield fd
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _go_flags(state: WatchState, *, failed_only: bool) -> list[str]:
    flags = list(state.options.go_flags)
    if state.race and "-race" not in flags:
        flags.append("-race")
    pattern = state.run_pattern
    if failed_only and state.failed:
        from goide.testrun.rerun import RerunTarget

        pattern = "|".join(RerunTarget("", name).run_pattern for _, name in state.failed)
    if pattern:
        flags += ["-run", pattern]
    return flags


def _run(state: WatchState, packages: list[str], out: IO[str], *, failed_only: bool = False) -> None:
    options = dataclasses.replace(
        state.options, packages=packages, go_flags=_go_flags(state, failed_only=failed_only)
    )
    out.write(f"\n── go test {' '.join([*options.go_flags, *packages])}\n")
    out.flush()
    try:
        status = run_session(options, out)
    except GoideError as err:
        out.write(f"error: {err.message}\n")
        if err.hint:
            out.write(f"hint: {err.hint}\n")
        status = 0
    state.last_packages = packages
    if status - 128 in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        raise Interrupted(status - 128)  # the run was stopped by a signal: so is the watch


def watch_loop(options: TestOptions, out: IO[str] | None = None, keyboard: IO[str] | None = None) -> int:
    """Watch the module under the current directory until `q` (or Ctrl-C, TERM, HUP)."""
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        raise GoideError(
            "--watch needs the watchfiles package", hint="pip install watchfiles (it comes with goide)"
        ) from None
    out = out or sys.stdout
    keyboard = keyboard or sys.stdin
    root = Path.cwd()
    state = WatchState(options, root, run_pattern="")
    changed: queue.Queue[list[str]] = queue.Queue()
    stopping = threading.Event()
    watcher = threading.Thread(target=_changes, args=(root, stopping, changed), daemon=True)
    watcher.start()
    interrupted = 0
    with _keys(keyboard) as fd, signals_as_interrupts():
        try:
            _banner(state, out)
            while True:
                packages = _next_change(changed, fd)
                if packages is not None:
                    _run_and_remember(state, packages, out)
                    _banner(state, out)
                    continue
                if fd is None:
                    continue
                key = os.read(fd, 1).decode(errors="replace")
                if key == "q":
                    break
                if key == "a":
                    _run_and_remember(state, list(options.packages) or ["./..."], out)
                elif key == "r" and state.last_packages:
                    _run_and_remember(state, state.last_packages, out)
                elif key == "f":
                    if state.failed:
                        dirs = sorted({d for d, _ in state.failed})
                        _run_and_remember(state, dirs, out, failed_only=True)
                    else:
                        out.write("nothing failed in the last run\n")
                elif key == "R":
                    state.race = not state.race
                    out.write(f"-race {'on' if state.race else 'off'}\n")
                elif key == "t":
                    state.run_pattern = _read_line(fd, out, "-run pattern (empty: none): ")
                else:
                    continue
                _banner(state, out)
        except Interrupted as stop:
            interrupted = 128 + stop.signum
        finally:
            stopping.set()
            watcher.join(timeout=2)
    return interrupted


def _run_and_remember(
    state: WatchState, packages: list[str], out: IO[str], *, failed_only: bool = False
) -> None:
    """One run, and which tests failed in it (for `f`), read from its --json report."""
    import tempfile

    import orjson

    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "run.json"
        keep = state.options
        state.options = dataclasses.replace(keep, json_path=keep.json_path or report)
        try:
            _run(state, packages, out, failed_only=failed_only)
        finally:
            state.options = keep
        path = keep.json_path or report
        try:
            data = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return
    failed = []
    for package in data.get("packages", []):
        directory = directory_of(package["name"], packages)
        for test in package.get("tests", []):
            if test["status"] == "fail" and "/" not in test["name"]:
                failed.append((directory, test["name"]))
    state.failed = failed


def directory_of(package: str, patterns: list[str]) -> str:
    """Which of the run's patterns (`./a`, `.`, `./...`) holds `package` (an import path).

    `./a` holds `example.com/m/a`, not `example.com/m/ba`; with no such directory, the first
    pattern that reaches further (`.` or one with `...`), else the first."""
    for pattern in patterns:
        relative = pattern.removeprefix("./").rstrip("/")
        whole = relative not in ("", ".") and "..." not in relative
        if whole and (package == relative or package.endswith("/" + relative)):
            return pattern
    return next((p for p in patterns if p == "." or "..." in p), patterns[0])


def _next_change(changed: queue.Queue[list[str]], fd: int | None) -> list[str] | None:
    """The packages of the next change, or None when a key was pressed (fd is then readable)."""
    while True:
        try:
            packages = changed.get_nowait()
        except queue.Empty:
            pass
        else:
            # Changes that came while tests ran are one more run, not one each.
            while not changed.empty():
                packages = sorted({*packages, *changed.get_nowait()})
            return packages
        if fd is not None:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                return None
        else:
            threading.Event().wait(0.1)


def _read_line(fd: int, out: IO[str], prompt: str) -> str:
    out.write(prompt)
    out.flush()
    typed = b""
    while True:
        char = os.read(fd, 1)
        if char in (b"\n", b"\r", b""):
            break
        if char in (b"\x7f", b"\b"):
            typed = typed[:-1]
            continue
        typed += char
        out.write(char.decode(errors="replace"))
        out.flush()
    out.write("\n")
    return typed.decode(errors="replace").strip()


def _banner(state: WatchState, out: IO[str]) -> None:
    extras = []
    if state.race:
        extras.append("-race")
    if state.run_pattern:
        extras.append(f"-run {state.run_pattern}")
    flags = f" ({' '.join(extras)})" if extras else ""
    out.write(f"\nwatching {state.root} for changes to .go files{flags}\n{KEYS}\n")
    out.flush()
