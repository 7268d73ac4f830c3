"""Streaming reader of the Go benchmark format, from plain text or from `go test -json` streams.

The format (golang.org/design/14313-benchmark-format) has three kinds of lines that matter:
configuration lines `key: value` that apply to every later result, result lines
`BenchmarkName-8  1000  1234 ns/op  16 B/op ...` with any number of value/unit pairs, and
`Unit unit key=value ...` metadata lines. Everything else is ignored. As in
golang.org/x/perf/benchfmt, a malformed line is not fatal: it becomes a `SyntaxError` record in
the stream, and reading goes on. Values are tidied to base units as they are read (ns/op ->
sec/op), keeping the original value and unit.

Records are yielded one at a time; a line is read with a length limit (64 KiB, bufio.Scanner's),
so the input is never held in memory as a whole.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator

from goide.bench.gonum import GoNumberError, parse_float, parse_int
from goide.bench.units import tidy_unit
from goide.core.errors import InputError
from goide.core.lines import BLOCK, CutLine, LineStats, read_line_blocks

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import BinaryIO, NamedTuple, cast
else:
    from goide.core.record import NamedTuple

    def cast(_type: object, value: object) -> object:
        return value


_DECIMAL_CHARS = "0123456789.eE+-"
_INFINITIES = (float("inf"), float("-inf"))
# bufio.Scanner's default limit: benchstat stops at a longer line, and so does goide.
MAX_LINE = 64 * 1024 - 1

_ASCII_SPACE = frozenset(" \t\n\v\f\r")
# unicode.IsSpace: Python's str.split() also splits at \x1c-\x1f, which Go does not.
_GO_SPACE = re.compile(r"[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_NOT_GO_SPACE = re.compile("[\x1c-\x1f]").search


# tidy_unit's answers by unit: a plain dict lookup per value costs less than the lru_cache call.
_TIDY: dict[str, tuple[str, float]] = {}


def _tidy(unit: str) -> tuple[str, float]:
    if len(_TIDY) >= 4096:  # bounded, like tidy_unit's own cache
        _TIDY.clear()
    answer = _TIDY[unit] = tidy_unit(unit)
    return answer


def _fields(text: str) -> list[str]:
    if _NOT_GO_SPACE(text) is None:
        return text.split()
    return [field for field in _GO_SPACE.split(text) if field]


def _is_space(char: str) -> bool:
    if char.isascii():
        return char in _ASCII_SPACE
    return char.isspace()


def _is_lower(char: str) -> bool:
    if char.isascii():
        return "a" <= char <= "z"
    return unicodedata.category(char) == "Ll"


def _is_upper(char: str) -> bool:
    if char.isascii():
        return "A" <= char <= "Z"
    return unicodedata.category(char) == "Lu"


class Value(NamedTuple):
    """One measurement, tidied; `orig_unit` is empty when tidying changed nothing."""

    value: float
    unit: str
    orig_value: float = 0.0
    orig_unit: str = ""


# Building the tuple directly skips NamedTuple's Python-level __new__ (this runs per value read).
_new_value = tuple.__new__


class Config:
    """The configuration in force for a result: `.file` first, then the file's `key: value` lines.

    Kept in benchfmt's order (a deleted key is swapped with the last one), because the `.config`
    projection walks the keys in that order. One instance is shared by every result read while
    it is in force.
    """

    __slots__ = ("_index", "entries")

    def __init__(self, entries: tuple[tuple[str, str, bool], ...]) -> None:
        self.entries = entries
        self._index = {key: value for key, value, _file in entries}

    def __repr__(self) -> str:
        return f"Config({self.entries!r})"

    def get(self, key: str) -> str | None:
        return self._index.get(key)

    def file_items(self) -> Iterator[tuple[str, str]]:
        """The `key: value` pairs that came from the file (not `.file`)."""
        for key, value, from_file in self.entries:
            if from_file:
                yield key, value


class Result:
    """One benchmark result line; `name` is without the `Benchmark` prefix."""

    __slots__ = ("config", "iters", "line", "name", "path", "values")

    def __init__(  # noqa: PLR0917 - positional, as the dataclass was
        self, name: str, iters: int, values: list[Value], config: Config, path: str, line: int
    ) -> None:
        self.name = name
        self.iters = iters
        self.values = values
        self.config = config
        self.path = path
        self.line = line

    def _fields(self) -> tuple[object, ...]:
        return (self.name, self.iters, self.values, self.config, self.path, self.line)

    def __eq__(self, other: object) -> bool:
        return self._fields() == other._fields() if isinstance(other, Result) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Result(name={self.name!r}, iters={self.iters!r}, values={self.values!r}, "
            f"config={self.config!r}, path={self.path!r}, line={self.line!r})"
        )

    @property
    def label(self) -> str:
        return self.config.get(".file") or ""


class SyntaxError(NamedTuple):
    """A malformed line; benchstat prints it as `path:line: message` and goes on."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class UnitMetadata(NamedTuple):
    """`Unit ns/op better=lower`: `unit` is tidied, `orig_unit` as written."""

    unit: str
    key: str
    orig_unit: str
    value: str
    path: str
    line: int


Record = Result | SyntaxError | UnitMetadata


class UnitRegistry:
    """Unit metadata seen so far, across all inputs (a later conflicting line is an error)."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], UnitMetadata] = {}

    def get(self, unit: str, key: str) -> UnitMetadata | None:
        return self._entries.get((tidy_unit(unit)[0], key))

    def add(self, metadata: UnitMetadata) -> str | None:
        """Record the metadata; the error message if it conflicts with an earlier value."""
        key = (metadata.unit, metadata.key)
        have = self._entries.get(key)
        if have is None:
            self._entries[key] = metadata
            return None
        if have.value == metadata.value:
            return None
        return f"metadata {metadata.key} of unit {metadata.orig_unit} already set to {have.value}"

    def is_exact(self, unit: str) -> bool:
        """`assume=exact`: the unit's values are deterministic (summarised by the mode)."""
        metadata = self.get(unit, "assume")
        return metadata is not None and metadata.value == "exact"

    def better(self, unit: str) -> int:
        """+1 if higher is better, -1 if lower is better, 0 if unknown."""
        metadata = self.get(unit, "better")
        if metadata is not None:
            return {"higher": 1, "lower": -1}.get(metadata.value, 0)
        if unit in ("ns/op", "sec/op", "B/op", "allocs/op"):
            return -1
        if unit in ("MB/s", "B/s"):
            return 1
        return 0


class LineParser:
    """The state of one input: the configuration in force and the line number.

    Feed it lines (without their newline); it returns the records each line makes.
    """

    def __init__(self, path: str, label: str, units: UnitRegistry) -> None:
        self.path = path
        self.units = units
        self.line = 0
        self._entries: list[tuple[str, str, bool]] = [(".file", label, False)]
        self._config: Config | None = None

    def config(self) -> Config:
        if self._config is None:
            self._config = Config(tuple(self._entries))
        return self._config

    def feed(self, line: str) -> list[Record]:
        self.line += 1
        if line.startswith("Benchmark"):
            record = self.result_line(line)
            return [] if record is None else [record]
        if line[:1] == "U":
            parts = _fields(line)
            if parts[0] == "Unit":
                return self._unit(parts[1:])
        if line[:1] and _is_lower(line[0]):
            self._config_line(line)
        return []

    def _error(self, message: str) -> SyntaxError:
        return SyntaxError(self.path, self.line, message)

    def result_line(self, line: str, plain_spaces: bool = False) -> Record | None:
        """A `Benchmark...` line (already counted): a Result, a SyntaxError, or None for a bare name.

        `plain_spaces` says the caller knows the line has none of the characters str.split()
        and Go disagree on, so the check can be skipped.
        """
        # The name is whatever follows "Benchmark" up to the first space: splitting the whole
        # line gives it as the first field ("Benchmark" alone when a space follows at once).
        fields = line.split() if plain_spaces else _fields(line)
        count = len(fields)
        name = fields[0][9:]
        if count == 1:
            if len(line) == len(fields[0]):
                # A line holding only a name: `go test -v` announcing a benchmark.
                return None
            return self._error("missing iteration count")
        text = fields[1]
        if text.isdigit() and len(text) < 19 and text.isascii():
            iters = int(text)
        else:
            try:
                iters = parse_int(text)
            except GoNumberError as err:
                return self._error(f"parsing iteration count: {err}")
        if count == 2:
            return self._error("missing measurements")
        values: list[Value] = []
        for i in range(2, count, 2):
            text = fields[i]
            try:
                number = float(text)
            except ValueError:
                number = math.nan
            # float() and Go agree on ASCII decimals; anything else (hex floats, signed NaN,
            # non-ASCII digits, overflow to infinity) is decided by Go's own rules.
            if number - number != 0.0 or not text.isascii():
                try:
                    number = parse_float(text)
                except GoNumberError as err:
                    return self._error(f"parsing measurement: {err}")
            if i + 1 == count:
                return self._error("missing units")
            unit = fields[i + 1]
            tidied_unit, factor = _TIDY.get(unit) or _tidy(unit)
            tidied = number * factor
            # benchfmt keeps the original unit when tidying leaves the value unchanged
            # (0 ns/op stays 0 ns/op, +Inf ns/op stays +Inf ns/op).
            if tidied == number:
                values.append(_new_value(Value, (number, unit, 0.0, "")))
            else:
                values.append(_new_value(Value, (tidied, tidied_unit, number, unit)))
        return Result(name, iters, values, self._config or self.config(), self.path, self.line)

    def _unit(self, fields: list[str]) -> list[Record]:
        if not fields:
            return [self._error("missing unit")]
        unit = fields[0]
        tidied = tidy_unit(unit)[0]
        records: list[Record] = []
        for pair in fields[1:]:
            eq = pair.find("=")
            if eq <= 0:
                records.append(self._error("expected key=value"))
                continue
            metadata = UnitMetadata(tidied, pair[:eq], unit, pair[eq + 1 :], self.path, self.line)
            conflict = self.units.add(metadata)
            if conflict is not None:
                records.append(self._error(conflict))
            elif self.units.get(unit, pair[:eq]) is metadata:
                records.append(metadata)
        return records

    def _config_line(self, line: str) -> None:
        colon = line.find(":")
        if colon <= 0:
            return
        key = line[:colon]
        if not all(not (_is_space(c) or _is_upper(c)) for c in key):
            return
        value = line[colon + 1 :]
        if value:
            stripped = value.lstrip(" \t")
            if stripped == value:
                return
            value = stripped
        if value:
            self._set(key, value)
        else:
            self._delete(key)

    def _set(self, key: str, value: str) -> None:
        self._config = None
        for i, (have, _old, _file) in enumerate(self._entries):
            if have == key:
                self._entries[i] = (key, value, True)
                return
        self._entries.append((key, value, True))

    def _delete(self, key: str) -> None:
        for i, (have, _value, _file) in enumerate(self._entries):
            if have == key:
                self._config = None
                # benchfmt swaps the deleted key with the last one, changing the order.
                self._entries[i] = self._entries[-1]
                self._entries.pop()
                return


def too_long(path: str, number: int) -> InputError:
    return InputError(
        f"{path}:{number}: line longer than 64 KiB",
        hint="benchmark files have short lines; check that this is benchmark output",
    )


def _line_blocks(stream: BinaryIO, path: str, block_size: int = BLOCK) -> Iterator[tuple[list[str], bool]]:
    """The input's lines, a block at a time, read by goide's one line reader (`core.lines`):
    without newlines, without one trailing CR each, decoded with invalid UTF-8 kept as surrogate
    escapes. A line of more than MAX_LINE bytes is an error, as it is for bufio.Scanner. With each
    block: whether it is free of the separators str.split() splits at and Go does not (\x1c-\x1f)."""
    stats = LineStats()
    number = 0
    for raw_lines in read_line_blocks(stream, max_line=MAX_LINE, tail=0, stats=stats, block=block_size):
        if stats.long_lines:
            index = next(i for i, line in enumerate(raw_lines) if isinstance(line, CutLine))
            raise too_long(path, number + index + 1)
        # One join, decode and split per block: a decode per line costs more.
        raw = b"\n".join(cast("list[bytes]", raw_lines))
        text = raw.decode("utf-8", "surrogateescape")
        lines = text.split("\n")
        if "\r" in text:
            lines = [line[:-1] if line.endswith("\r") else line for line in lines]
        number += len(lines)
        yield lines, _is_plain(raw)


def _is_plain(raw: bytes) -> bool:
    # Four byte searches (memchr) instead of a regular expression over the decoded text: these
    # bytes never occur inside a multi-byte UTF-8 sequence, so the bytes tell as much as the text.
    return b"\x1c" not in raw and b"\x1d" not in raw and b"\x1e" not in raw and b"\x1f" not in raw


def read_text(stream: BinaryIO, path: str, label: str, units: UnitRegistry) -> Iterator[Record]:
    """Records of a plain-text benchmark file, in order."""
    parser = LineParser(path, label, units)
    result_line = parser.result_line
    for lines, plain in _line_blocks(stream, path):
        for line in lines:
            if line.startswith("Benchmark"):
                parser.line += 1
                record = result_line(line, plain)
                if record is not None:
                    yield record
            elif line[:1] == "U" or (line[:1] and _is_lower(line[0])):
                yield from parser.feed(line)
            else:
                parser.line += 1


def read_test_json(stream: BinaryIO, path: str, label: str, units: UnitRegistry) -> Iterator[Record]:
    """Records of a `go test -json` stream, read by `goide test`'s reader (testrun.testjson).

    Output events carry fragments: test2json emits a benchmark's name (`BenchmarkX-8 \\t`) and
    its values as separate events. Fragments are joined per package until a newline, and each
    package keeps its own configuration (`pkg:` and `cpu:` lines come from its own output).
    A line that is not an event (the go command's own text mixed in) is read as text.
    Positions are the line numbers of the JSON stream.
    """
    # Imported here: plain-text inputs, the common case, do not need it.
    from goide.testrun.testjson import ReadStats, read_events

    parsers: dict[str, LineParser] = {}
    pending: dict[str, str] = {}
    number = 0
    for event in read_events(stream, ReadStats()):
        number += 1
        if type(event) is str:
            if event.strip():
                parser = parsers.setdefault("", LineParser(path, label, units))
                parser.line = number - 1
                yield from parser.feed(event)
            continue
        assert isinstance(event, dict)
        output = event.get("Output")
        if event.get("Action") != "output" or not isinstance(output, str):
            continue
        package = str(event.get("Package", ""))
        if package not in parsers:
            parsers[package] = LineParser(path, label, units)
        parser = parsers[package]
        text = pending.pop(package, "") + output
        *complete, rest = text.split("\n")
        if len(rest) > MAX_LINE:
            raise InputError(
                f"{path}:{number}: output line longer than 64 KiB",
                hint="benchmark output has short lines; check that this is go test -json output",
            )
        if rest:
            pending[package] = rest
        for piece in complete:
            parser.line = number - 1
            yield from parser.feed(piece.removesuffix("\r"))
    for package, rest in pending.items():
        parser = parsers[package]
        parser.line = number - 1
        yield from parser.feed(rest)


def is_json_stream(first_line: bytes) -> bool:
    return first_line.lstrip().startswith(b"{")


def read_any(stream: BinaryIO, path: str, label: str, units: UnitRegistry) -> Iterator[Record]:
    """Records of a text or `go test -json` input, told apart by the first non-blank line."""
    if not hasattr(stream, "peek"):
        yield from read_text(stream, path, label, units)
        return
    head = stream.peek(4096)[:4096]
    first = next((line for line in head.splitlines() if line.strip()), b"")
    if is_json_stream(first):
        yield from read_test_json(stream, path, label, units)
    else:
        yield from read_text(stream, path, label, units)
