"""The reader `goide bench compare` uses: benchfmt's records, with runs of ordinary result lines
read a batch at a time.

`go test -bench -count N` prints each benchmark's N result lines one after another, all with the
same units. Such lines are read here with a few passes of C code over a whole batch of lines
(one regular expression for the names, one split, one float conversion per column) instead of a
Python loop per line, and come out as one `Run` record per benchmark. A batch is used only when
checks on the whole batch prove that every line in it has exactly the fields of its first line
(see `_read_batch`); every other line — configuration, `Unit` metadata, malformed or unusual
lines (non-ASCII text, signs and spellings Go and Python read differently, 0 ns/op, values that
overflow) — goes through benchfmt's line parser, in order. So the records are benchfmt's, only
grouped: the tests check that the two readers agree on any input.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from itertools import groupby

from goide.bench import benchfmt
from goide.bench.units import tidy_unit
from goide.core.lines import BLOCK, CutLine, LineStats, read_line_blocks

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import BinaryIO, NamedTuple, cast
else:
    from goide.core.record import NamedTuple

    def cast(_type: object, value: object) -> object:
        return value


# The first field of each line when it starts with "Benchmark", else empty: one item per line.
_NAMES = re.compile(rb"(?m)^(Benchmark\S*)?.*$")
# The characters of the numbers float() and Go's ParseFloat read alike (no "inf", "nan", "_", "0x").
_NUMBER_CHARS = b"0123456789.eE+-"
# Longest iteration count read without Go's integer rules (int64: 19 digits may overflow).
_MAX_ITERS_DIGITS = 18


class Run(NamedTuple):
    """Consecutive result lines of one benchmark with the same units, under one configuration.

    `columns` has one entry per value/unit pair of the lines, in order: the unit the values are in
    (tidied), the unit as written when tidying changed it (else ""), and the values; the run's
    values are items offset .. offset + line_count - 1 of each (the columns are shared by the
    runs of a batch).
    """

    name: str
    config: benchfmt.Config
    path: str
    line: int
    line_count: int
    columns: list[tuple[str, str, array[float]]]
    offset: int

    def values(self) -> Iterator[tuple[str, str, array[float]]]:
        """(unit, unit as written or "", values) of each pair, the values of this run only."""
        offset, end = self.offset, self.offset + self.line_count
        for unit, written, values in self.columns:
            yield unit, written, values[offset:end]

    def first_result(self) -> benchfmt.Result:
        """The run's first line as a Result, for what depends only on the name, the configuration
        and the units (filters, projections): its iteration count and written values are not kept."""
        offset = self.offset
        values = [benchfmt.Value(v[offset], unit, 0.0, orig) for unit, orig, v in self.columns]
        return benchfmt.Result(self.name, 0, values, self.config, self.path, self.line)


Record = benchfmt.Record | Run

# A batch's shape: the number of fields of each line and the units as written.
_Shape = tuple[int, tuple[bytes, ...]]
# How each pair of a shape is stored: the unit the values go to, the unit as written when
# tidying changes the values (else ""), and the factor (None: read such lines one at a time).
_Plan = list[tuple[str, str, float | None]]
_Columns = list[tuple[str, str, "array[float]"]]
# A run of lines of one name: the name field, the index of its first line, its line count, shape.
_RunLines = tuple[bytes, int, int, _Shape]


class _BlockReader:
    def __init__(self, path: str, label: str, units: benchfmt.UnitRegistry) -> None:
        self.parser = benchfmt.LineParser(path, label, units)
        self.path = path
        self._plans: dict[tuple[bytes, ...], _Plan] = {}

    def block(self, lines: list[bytes], first: int) -> Iterator[Record]:
        """The records of `lines`, the first of which is line number `first`."""
        names = _NAMES.findall(b"\n".join(lines))
        if len(names) != len(lines):  # never, as each match is one line; but do not guess
            names = [b""] * len(lines)
        start = 0
        runs: list[_RunLines] = []
        for name, same in groupby(names):
            count = len(list(same))
            if name:
                fields = lines[start].split()
                runs.append((name, start, count, (len(fields), tuple(fields[3::2]))))
            else:
                if runs:
                    yield from self._segment(lines, names, runs, first)
                    runs = []
                for index in range(start, start + count):
                    yield from self._line(lines[index], first + index)
            start += count
        if runs:
            yield from self._segment(lines, names, runs, first)

    def _line(self, raw: bytes, number: int) -> list[benchfmt.Record]:
        """One line through benchfmt's line parser (as benchfmt.read_text reads it)."""
        text = raw.decode("utf-8", "surrogateescape")
        if text.endswith("\r"):
            text = text[:-1]
        self.parser.line = number - 1
        return self.parser.feed(text)

    def _segment(
        self, lines: list[bytes], names: list[bytes], runs: list[_RunLines], first: int
    ) -> Iterator[Record]:
        """Runs of result lines with no other line between them (so under one configuration):
        the lines of each shape are read as one batch, the runs come out in order."""
        by_shape: dict[_Shape, list[int]] = {}
        for index, run in enumerate(runs):
            by_shape.setdefault(run[3], []).append(index)
        read: list[tuple[_Columns, int] | None] = [None] * len(runs)
        for shape, indexes in by_shape.items():
            if len(indexes) == 1:
                _name, start, count, _shape = runs[indexes[0]]
                batch_lines, batch_names = lines[start : start + count], names[start : start + count]
            else:
                batch_lines, batch_names = [], []
                for index in indexes:
                    _name, start, count, _shape = runs[index]
                    batch_lines += lines[start : start + count]
                    batch_names += names[start : start + count]
            columns = self._read_batch(batch_lines, batch_names, shape)
            if columns is not None:
                offset = 0
                for index in indexes:
                    read[index] = (columns, offset)
                    offset += runs[index][2]
            elif len(indexes) > 1:
                # Some line is unusual: read each run on its own, so the others stay fast.
                for index in indexes:
                    _name, start, count, _shape = runs[index]
                    columns = self._read_batch(
                        lines[start : start + count], names[start : start + count], shape
                    )
                    if columns is not None:
                        read[index] = (columns, 0)
        parser = self.parser
        path = self.path
        config = parser.config()
        for (name, start, count, _shape), columns_offset in zip(runs, read, strict=True):
            if columns_offset is None:
                for index in range(start, start + count):
                    yield from self._line(lines[index], first + index)
            else:
                yield Run(name[9:].decode("ascii"), config, path, first + start, count, *columns_offset)

    def _read_batch(self, lines: list[bytes], names: list[bytes], shape: _Shape) -> _Columns | None:
        """The value columns of `lines`, or None unless every line is an ordinary result line with
        the fields `shape` says: `BenchmarkName ITERS V1 U1 V2 U2 ...`.

        Why the checks suffice: on ASCII text Go's strings.Fields and bytes.split() cut the same
        fields. "Benchmark" occurs once per line, so the only fields that start with it are the
        lines' first fields; when the fields at 0, F, 2F, ... are the lines' names in order and
        there are N*F fields, each line has exactly F of them. Then column j is field j of every
        line, and each column is checked as benchfmt's fast path would read it.
        """
        count = len(lines)
        width, written_units = shape
        if width < 4 or width % 2:
            return None  # a bare name, no measurements, or a value without a unit
        text = b"\n".join(lines)
        if not text.isascii() or text.count(b"Benchmark") != count:
            return None
        fields = text.split()
        if len(fields) != count * width or fields[0::width] != names:
            return None
        iterations = fields[1::width]
        if not b"".join(iterations).isdigit() or max(map(len, iterations)) > _MAX_ITERS_DIGITS:
            return None
        plan = self._plans.get(written_units) or self._plan(written_units)
        columns: _Columns = []
        for j, (unit, orig, factor) in enumerate(plan):
            if factor is None or fields[3 + 2 * j :: width].count(written_units[j]) != count:
                return None
            texts = fields[2 + 2 * j :: width]
            if texts.count(texts[0]) == count:
                # One value on every line (B/op, allocs/op often): converted once.
                values = _read_numbers(texts[:1])
                if values is not None:
                    values *= count
            else:
                values = _read_numbers(texts)
            # Tidied, a zero keeps its written unit (benchfmt's rule): such lines are read alone.
            if values is None or (orig and 0.0 in values):
                return None
            if orig:
                values = array("d", map(factor.__mul__, values))
            columns.append((unit, orig, values))
        return columns

    def _plan(self, written_units: tuple[bytes, ...]) -> _Plan:
        plan: _Plan = []
        for raw in written_units:
            written = raw.decode("ascii")
            tidied, factor = tidy_unit(written)
            # benchfmt keeps the written unit when tidying leaves a value unchanged: always for a
            # factor of 1; for a factor below 1/2 or above 2 only for 0 and infinities, which are
            # not read here. A factor near 1 (ns*MB/op...) may leave a tiny value unchanged: such a
            # unit is read line by line (factor None).
            if factor == 1.0:
                plan.append((written, "", factor))
            elif factor < 0.5 or factor > 2.0:
                plan.append((tidied, written, factor))
            else:
                plan.append((tidied, written, None))
        self._plans[written_units] = plan
        return plan


def _read_numbers(texts: list[bytes]) -> array[float] | None:
    """The numbers, if each is one float() and Go's ParseFloat read alike and finite."""
    if b"".join(texts).translate(None, _NUMBER_CHARS):
        return None
    try:
        values = array("d", map(float, texts))
    except ValueError:
        return None
    total = sum(values)
    # An overflow to infinity is Go's range error (a sum that overflows just means that the
    # lines are read one at a time).
    return values if total - total == 0.0 else None


def read_text(
    stream: BinaryIO, path: str, label: str, units: benchfmt.UnitRegistry, block: int = BLOCK
) -> Iterator[Record]:
    """Records of a plain-text benchmark file, in order: benchfmt.read_text's, with runs as `Run`s
    (`block`: bytes read at a time)."""
    reader = _BlockReader(path, label, units)
    stats = LineStats()
    number = 0
    for raw_lines in read_line_blocks(stream, max_line=benchfmt.MAX_LINE, tail=0, stats=stats, block=block):
        if stats.long_lines:
            index = next(i for i, line in enumerate(raw_lines) if isinstance(line, CutLine))
            raise benchfmt.too_long(path, number + index + 1)
        lines = cast("list[bytes]", raw_lines)
        yield from reader.block(lines, number + 1)
        number += len(lines)


def read_any(stream: BinaryIO, path: str, label: str, units: benchfmt.UnitRegistry) -> Iterator[Record]:
    """Records of a text or `go test -json` input, told apart by the first non-blank line."""
    if hasattr(stream, "peek"):
        head = stream.peek(4096)[:4096]
        first = next((line for line in head.splitlines() if line.strip()), b"")
        if benchfmt.is_json_stream(first):
            yield from benchfmt.read_test_json(stream, path, label, units)
            return
    yield from read_text(stream, path, label, units)
