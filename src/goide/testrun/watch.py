"""`goide test --watch`: rerun the package of each `.go` file saved, with keys between runs.

Changes come from watchfiles (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on
Windows, polling where none works, `--watch-poll` or WATCHFILES_FORCE_POLLING), debounced so
that one save of several files is one run. A change runs the packages of the changed files
(`./DIR` of each), with the go test flags given. Keys, read from the terminal one at a time:

    Enter  rerun the last run          a  run every package given (default ./...)
    f      rerun the tests that failed r  rerun the last run with -race
    /      rerun the last run with -run PATTERN (typed, then Enter)
    q      quit (Ctrl-C too)

Between runs one status line says what is watched and which keys work. Each run is a whole
`goide test` session (progress, summary); an error (go missing, a bad flag) is shown and the
watch goes on.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from goide.core.errors import GoideError

DEBOUNCE_MS = 300
KEYS = "keys: Enter rerun, a all, f failed, r -race, / -run, q quit"
_SKIP_DIRS = frozenset({".git", "vendor", "node_modules", ".venv", ".cache", "testdata"})


def changed_packages(root: Path, paths: list[str]) -> list[str]:
    """`./DIR` of each changed `.go` file under `root` whose directory still exists, in order."""
    packages: list[str] = []
    for path in paths:
        directory = Path(path).parent
        try:
            relative = directory.resolve().relative_to(root.resolve())
        except ValueError:
            continue
        if not directory.is_dir() or any(
            part in _SKIP_DIRS or part.startswith(".") for part in relative.parts
        ):
            continue
        package = "./" + relative.as_posix() if relative.parts else "."
        if package not in packages:
            packages.append(package)
    return packages


def go_filter(_change: Any, path: str) -> bool:
    return path.endswith(".go") and not os.path.basename(path).startswith(".")


def run_watch(base: Any, *, root: Path | None = None, out: IO[str] | None = None, poll: bool = False) -> int:
    """Watch `root` (the working directory) and run `base` (a TestOptions) per change and key."""
    from goide.testrun.session import run_session

    out = out or sys.stdout
    root = root or Path.cwd()
    events: queue.Queue[tuple[str, object]] = queue.Queue()
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_files, args=(root, events, stop, poll), daemon=True)
    watcher.start()
    state = _State(base, base, root, out, events)
    with _keys(events) as interactive:
        _status(out, root, interactive)
        try:
            while True:
                kind, value = events.get()
                if kind == "quit":
                    return 0
                if kind == "error":
                    raise GoideError(f"cannot watch {root}: {value}", hint="try --watch-poll")
                run = _next_run(state, kind, value)
                if run is None:
                    continue
                state.last = run
                out.write(
                    f"\ngoide: go test {' '.join(run.packages or ['./...'])} {' '.join(run.go_flags)}\n"
                )
                out.flush()
                state.failed = _run_once(run, out, run_session)
                _status(out, root, interactive)
        except KeyboardInterrupt:
            return 0
        finally:
            stop.set()


@dataclass
class _State:
    """What the keys act on: the run given, the last run, its failed tests."""

    base: Any
    last: Any
    root: Path
    out: IO[str]
    events: queue.Queue[tuple[str, object]]
    failed: list[tuple[str, str]] = field(default_factory=list)


def _next_run(state: _State, kind: str, value: object) -> Any:
    base, last, failed, root, out = state.base, state.last, state.failed, state.root, state.out
    if kind == "changes":
        packages = changed_packages(root, list(value))  # type: ignore[call-overload]
        return replace(base, packages=packages) if packages else None
    key = str(value)
    if key in ("\r", "\n"):
        return last
    if key == "a":
        return base
    if key == "r":
        flags = last.go_flags if "-race" in last.go_flags else [*last.go_flags, "-race"]
        return replace(last, go_flags=flags)
    if key == "f":
        if not failed:
            out.write("goide: no failed tests to rerun\n")
            return None
        from goide.testrun.rerun import RerunTarget

        packages = sorted({package for package, _ in failed})
        roots = sorted({name.split("/", 1)[0] for _, name in failed})
        pattern = "|".join(RerunTarget("", name).run_pattern for name in roots)
        return replace(base, packages=packages, go_flags=[*_without_run(base.go_flags), "-run", pattern])
    if key == "/":
        out.write("-run pattern: ")
        out.flush()
        typed = _read_line(state.events)
        if typed is None:
            return None
        return replace(last, go_flags=[*_without_run(last.go_flags), "-run", typed])
    return None


def _run_once(run: Any, out: IO[str], run_session: Any) -> list[tuple[str, str]]:
    """One session; the failed tests of its JSON report, for `f`."""
    import tempfile

    import orjson

    with tempfile.TemporaryDirectory(prefix="goide-watch-") as tmp:
        report = Path(tmp) / "report.json"
        try:
            status = run_session(replace(run, json_path=report, junit_path=None, html_path=None), out)
        except GoideError as err:
            out.write(f"error: {err.message}\n" + (f"hint: {err.hint}\n" if err.hint else ""))
            return []
        out.write(f"goide: exit status {status}\n")
        if not report.is_file():
            return []
        data = orjson.loads(report.read_bytes())
    return [(p["name"], t["name"]) for p in data["packages"] for t in p["tests"] if t["status"] == "fail"]


def _status(out: IO[str], root: Path, interactive: bool) -> None:
    keys = KEYS if interactive else "Ctrl-C to stop"
    out.write(f"goide: watching {root} for .go changes; {keys}\n")
    out.flush()


def _watch_files(
    root: Path, events: queue.Queue[tuple[str, object]], stop: threading.Event, poll: bool
) -> None:
    try:
        import watchfiles

        for changes in watchfiles.watch(
            root,
            watch_filter=go_filter,
            debounce=DEBOUNCE_MS,
            stop_event=stop,
            force_polling=True if poll else None,
            raise_interrupt=False,
        ):
            events.put(("changes", sorted(path for _, path in changes)))
    except Exception as err:  # any failure of the watcher ends the watch, with its reason
        events.put(("error", err))


@contextlib.contextmanager
def _keys(events: queue.Queue[tuple[str, object]]) -> Iterator[bool]:
    """Keys from the terminal, one at a time (cbreak mode, restored on exit); none from a pipe."""
    stdin = sys.stdin
    if not stdin.isatty():
        yield False
        return
    import termios
    import tty

    fd = stdin.fileno()
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd)

    def read() -> None:
        while True:
            try:
                data = os.read(fd, 1)
            except OSError:
                return
            if not data:
                events.put(("quit", ""))
                return
            key = data.decode(errors="replace")
            events.put(("quit", "") if key in ("q", "\x04") else ("key", key))

    threading.Thread(target=read, daemon=True).start()
    try:
        yield True
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _read_line(events: queue.Queue[tuple[str, object]]) -> str | None:
    """Keys up to Enter (the -run pattern); None on quit."""
    typed = ""
    while True:
        kind, value = events.get()
        if kind == "quit":
            events.put((kind, value))
            return None
        if kind != "key":
            continue
        key = str(value)
        if key in ("\r", "\n"):
            return typed
        typed = typed[:-1] if key in ("\x7f", "\b") else typed + key


def _without_run(flags: list[str]) -> list[str]:
    result: list[str] = []
    skip = False
    for flag in flags:
        if skip:
            skip = False
            continue
        bare = flag.lstrip("-")
        if bare in ("run", "test.run"):
            skip = True
            continue
        if not bare.startswith(("run=", "test.run=")):
            result.append(flag)
    return result
