"""Doctor's probes on threads, with `threading` alone.

concurrent.futures would do the same, but importing it brings logging and traceback: about
3.5 ms of `goide doctor`'s start-up (issue 18), for the two things doctor needs. A `Job` runs one
function on its own thread (at most `limit` of a `Jobs` at a time) and hands back its value or its
exception, waiting at most a given time; `map_threads` is `ThreadPoolExecutor.map` on `workers`
threads. The threads are not daemons: the interpreter waits for them at exit, as it waits for a
pool's, so a probe's child process is never left behind by an early exit.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar  # doctor imports typing anyway

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

T = TypeVar("T")
U = TypeVar("U")


class Job(Generic[T]):
    """One function running on its own thread."""

    def __init__(self, fn: Callable[[], T], name: str, gate: threading.Semaphore | None = None) -> None:
        self._fn = fn
        self._gate = gate
        self._done = threading.Event()
        self._value: T | None = None
        self._error: BaseException | None = None
        threading.Thread(target=self._run, name=name).start()

    def _run(self) -> None:
        try:
            if self._gate is None:
                self._value = self._fn()
            else:
                with self._gate:
                    self._value = self._fn()
        except BaseException as err:  # handed to whoever waits for the result
            self._error = err
        finally:
            self._done.set()

    def result(self, timeout: float | None = None) -> T:
        """The function's value; its exception raised again; TimeoutError if not done in time."""
        if not self._done.wait(timeout):
            raise TimeoutError
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


class Jobs:
    """Starts Jobs, at most `limit` running at a time (the others wait for a turn)."""

    def __init__(self, limit: int, name: str) -> None:
        self._gate = threading.Semaphore(limit)
        self._name = name
        self._count = 0

    def start(self, fn: Callable[[], T]) -> Job[T]:
        self._count += 1
        return Job(fn, f"{self._name}_{self._count}", self._gate)


def map_threads(fn: Callable[[T], U], items: Iterable[T], workers: int, name: str) -> list[U]:
    """[fn(item) for item in items] on up to `workers` threads; the first exception (in the order
    of the items) is raised after all of them have run."""
    todo = list(enumerate(items))[::-1]  # popped from the end: the first item starts first
    results: list[tuple[bool, object]] = [(False, None)] * len(todo)
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                if not todo:
                    return
                index, item = todo.pop()
            try:
                results[index] = (True, fn(item))
            except BaseException as err:
                results[index] = (False, err)

    threads = [threading.Thread(target=work, name=f"{name}_{i}") for i in range(min(workers, len(todo)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out: list[U] = []
    for ok, value in results:
        if not ok:
            assert isinstance(value, BaseException)
            raise value
        out.append(value)  # type: ignore[arg-type]
    return out
