"""The output of one test (or package), kept within a fixed budget.

test2json splits long lines into ~1 KB fragments, so fragments are stored as they arrive and joined
into lines only when a view asks. What is kept is bounded: the first `HEAD` characters and the last
`TAIL` characters (a failure message is usually at one end), and each reassembled line is cut at
`MAX_LINE` characters; whatever falls in between is counted, never silently lost. Lines handed
to views are redacted (goide.core.redact).
"""

from __future__ import annotations

from collections import deque
from itertools import compress, count, islice, repeat

HEAD = 256 * 1024
TAIL = 256 * 1024
MAX_LINE = 16 * 1024

# A line starting with one of these starts a crash (crashes.py reads it; Output counts them).
CRASH_STARTS = ("panic: ", "fatal error: ")

# OutputType values of Go 1.27 (go.dev/issue/62728).
FRAME = "frame"
ERROR = "error"
ERROR_CONTINUE = "error-continue"


FRAMING_PREFIXES = (
    "=== RUN",
    "=== PAUSE",
    "=== CONT",
    "=== NAME",
    "=== ATTR",
    "=== ARTIFACTS",
    "--- PASS:",
    "--- FAIL:",
    "--- SKIP:",
    "--- BENCH:",
)


def is_framing(line: str, output_type: str | None, test: str) -> bool:
    """A line test2json writes around `test` (=== RUN, --- FAIL: ...), not the test's own output.

    Go 1.27 marks framing (`OutputType` "frame"). Before, a framing line is recognised by its
    prefix and by naming `test` itself: test2json files `=== RUN   TestA/sub` and
    `--- FAIL: TestA/sub (0.00s)` under TestA/sub, so a line the test printed that only looks like
    framing (`--- FAIL: TestImaginary`) names another test and stays (current Go makes no event
    for it either).
    """
    if output_type is not None:
        return output_type == FRAME
    stripped = line.lstrip(" ")
    if not stripped.startswith(FRAMING_PREFIXES):
        return False
    prefix = next(p for p in FRAMING_PREFIXES if stripped.startswith(p))
    name = stripped[len(prefix) :].lstrip(" ").split(" ", 1)[0]
    return name == test or (name.startswith(test + "-") and name[len(test) + 1 :].isdigit())


class Output:
    """Fragments of output with their OutputType, head and tail kept, the middle counted."""

    __slots__ = (
        "_head",
        "_head_fragments",
        "_lines",
        "_lines_fragments",
        "crash_free",
        "dropped_chars",
        "fragments",
        "size",
        "tail",
        "tail_crashes",
        "tail_size",
        "types",
    )

    def __init__(self) -> None:
        self.fragments: list[str] = []
        self.size = 0
        self.types: dict[int, str] | None = None
        self.tail: deque[tuple[str, str | None]] | None = None
        self.tail_size = 0
        self.dropped_chars = 0
        self._lines: list[tuple[str, str | None]] | None = None
        self._lines_fragments = 0  # len(fragments) when `_lines` was made (the hot path appends)
        # The lines of the first `_head_fragments` fragments, which end a line: more fragments
        # only add lines after them (a package's output, asked again at each failing run).
        self._head: list[tuple[str, str | None]] | None = None
        self._head_fragments = 0
        # How many of `fragments` (which only grow) are known not to start a crash, and how many
        # of `tail` do: so that asking again (a package's output, at each failing run) costs
        # only the fragments added since (crashes.output_has_crash).
        self.crash_free = 0
        self.tail_crashes = 0

    def add(self, text: str, output_type: str | None = None) -> None:
        self._lines = None
        if self.size < HEAD:
            if output_type:
                if self.types is None:
                    self.types = {}
                self.types[len(self.fragments)] = output_type
            self.fragments.append(text)
            self.size += len(text)
            return
        if self.tail is None:
            self.tail = deque()
        self.tail.append((text, output_type))
        self.tail_size += len(text)
        if text.startswith(CRASH_STARTS):
            self.tail_crashes += 1
        while self.tail_size > TAIL and len(self.tail) > 1:
            dropped, _ = self.tail.popleft()
            self.tail_size -= len(dropped)
            self.dropped_chars += len(dropped)
            if dropped.startswith(CRASH_STARTS):
                self.tail_crashes -= 1

    def __bool__(self) -> bool:
        return bool(self.fragments)

    def lines(self) -> list[tuple[str, str | None]]:
        """Whole lines (without newline) with the OutputType of their first fragment."""
        from goide.core.redact import redact_text  # its patterns compile on first use: a run
        # with no failure output never loads them

        if self._lines is not None and self._lines_fragments == len(self.fragments):
            return self._lines
        result = self._head_lines()
        if self.tail:
            result = list(result)
            result.extend((redact_text(text), kind) for text, kind in self._tail_lines())
        self._lines = result
        self._lines_fragments = len(self.fragments)
        return result

    def last_lines(self, count: int) -> tuple[int, list[tuple[str, str | None]]]:
        """`len(lines())` and `lines()[-count:]`, redacting only those (a long output of which
        only the end is kept)."""
        from goide.core.redact import redact_text

        if self._lines is not None and self._lines_fragments == len(self.fragments):
            return len(self._lines), self._lines[-count:]
        raw = self._joined_head(self.fragments)
        if self.tail:
            raw.extend(self._tail_lines())
        return len(raw), [(redact_text(text), kind) for text, kind in raw[-count:]]

    def _head_lines(self) -> list[tuple[str, str | None]]:
        """The redacted lines of `fragments`; the lines made before are kept when the fragments
        they came from end a line and only fragments were added since (one join and split of the
        whole gives the same lines: no framing newline goes in after a newline)."""
        from goide.core.redact import redact_text

        fragments = self.fragments
        done, head = self._head_fragments, self._head
        if head is not None and done == len(fragments):
            return head
        if (
            head is not None
            and 0 < done < len(fragments)
            and not self.types
            and fragments[done - 1].endswith("\n")
        ):
            added = _join_untyped(fragments[done:])
            head = head + [(redact_text(text), kind) for text, kind in added]
        else:
            # Test output can print credentials (URLs, tokens); every view reads lines from here.
            head = [(redact_text(text), kind) for text, kind in self._joined_head(fragments)]
        self._head, self._head_fragments = head, len(fragments)
        return head

    def _joined_head(self, fragments: list[str]) -> list[tuple[str, str | None]]:
        if self.types:
            types = self.types
            return _join([(text, types.get(i)) for i, text in enumerate(fragments)])
        return _join_untyped(fragments)

    def _tail_lines(self) -> list[tuple[str, str | None]]:
        """The tail's lines (not redacted), after a line saying what was dropped before them."""
        lines: list[tuple[str, str | None]] = []
        if self.dropped_chars:
            lines.append((f"… {self.dropped_chars} characters of output dropped …", None))
        lines.extend(_join(list(self.tail or ())))
        return lines

    def text(self) -> str:
        return "".join(line + "\n" for line, _ in self.lines())


def _framing_on_own_line(fragments: list[str]) -> list[str]:
    """Fragments with a newline before a framing line that follows output without one.

    A test that prints without a final newline (`fmt.Print("50%")`) and then fails gives
    test2json the fragment "50%" and then "--- FAIL: TestX (0.00s)\n"; framing always starts a
    line of its own in the test binary's output, so it starts one here too. The fragments that
    start with framing are found in C (map and compress), not by a Python loop over all of them.
    """
    if len(fragments) < 2:
        return fragments
    stripped = map(str.lstrip, islice(fragments, 1, None), repeat(" "))
    framing = compress(count(1), map(str.startswith, stripped, repeat(FRAMING_PREFIXES)))
    cuts = [i for i in framing if fragments[i - 1] and not fragments[i - 1].endswith("\n")]
    if not cuts:
        return fragments
    result: list[str] = []
    start = 0
    for i in cuts:
        result.extend(fragments[start:i])
        result.append("\n")
        start = i
    result.extend(fragments[start:])
    return result


def _join_untyped(fragments: list[str]) -> list[tuple[str, str | None]]:
    """The common case (no OutputType, before Go 1.27): one join and one split."""
    if not fragments:
        return []
    text = "".join(_framing_on_own_line(fragments))
    parts = text.split("\n")
    if parts[-1] == "":
        parts.pop()
    return [
        (_finish(line[:MAX_LINE], len(line) - MAX_LINE) if len(line) > MAX_LINE else line, None)
        for line in parts
    ]


def _join(pieces: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    lines: list[tuple[str, str | None]] = []
    current: list[str] = []
    current_len = 0
    current_type: str | None = None
    cut = 0
    for text, output_type in pieces:
        if not current:
            current_type = output_type
        start = 0
        while True:
            newline = text.find("\n", start)
            part = text[start:] if newline < 0 else text[start:newline]
            room = MAX_LINE - current_len
            if len(part) > room:
                cut += len(part) - max(room, 0)
                part = part[: max(room, 0)]
            if part:
                current.append(part)
                current_len += len(part)
            if newline < 0:
                break
            lines.append((_finish("".join(current), cut), current_type))
            current, current_len, cut = [], 0, 0
            current_type = output_type
            start = newline + 1
            if start == len(text):
                break
    if current:
        lines.append((_finish("".join(current), cut), current_type))
    return lines


def _finish(line: str, cut: int) -> str:
    return f"{line} … [{cut} characters cut]" if cut else line
