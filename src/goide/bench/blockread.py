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
from typing import BinaryIO, cast

from goide.bench import benchfmt
from goide.bench.units import tidy_unit
from goide.core.lines import CutLine, LineStats, read_line_blocks

# The first field of each line when it starts with "Benchmark", else empty: one item per line.
_NAMES = re.compile(rb"(?m)^(Benchmark\S*)?.*$")
# The characters of the numbers float() and Go's ParseFloat read alike (no "inf", "nan", "_", "0x").
_NUMBER_CHARS = b"0123456789.eE+-"
# Longest iteration count read without Go's integer rules (int64: 19 digits may overflow).
_MAX_ITERS_DIGITS = 18
_INF = float("inf")


class Run:
    """Consecutive result lines of one benchmark with the same units, under one configuration.

    `columns` has one entry per value/unit pair of the lines, in order: the unit the values are in
    (tidied), the unit as written when tidying changed it (else ""), and the values of every line.
    """

    __slots__ = ("columns", "config", "count", "line", "name", "path")

    def __init__(
        self,
        name: str,
        config: benchfmt.Config,
        path: str,
        line: int,
        count: int,
        columns: list[tuple[str, str, array[float]]],
    ) -> None:
        self.name = name
        self.config = config
        self.path = path
        self.line = line
        self.count = count
        self.columns = columns

    def first_result(self) -> benchfmt.Result:
        """The run's first line as a Result, for what depends only on the name, the configuration
        and the units (filters, projections): its iteration count and written values are not kept."""
        values = [benchfmt.Value(v[0], unit, 0.0, orig) for unit, orig, v in self.columns]
        return benchfmt.Result(self.name, 0, values, self.config, self.path, self.line)


Record = benchfmt.Record | Run

# A batch's shape: the number of fields of each line and the units as written.
_Shape = tuple[int, tuple[bytes, ...]]
# How each pair of a shape is stored: the unit the values go to, the unit as written when
# tidying changes the values (else ""), and the factor.
_Plan = list[tuple[str, str, float | None]]


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
        batch: list[tuple[bytes, int, int]] = []
        batch_shape: _Shape | None = None
        for name, same in groupby(names):
            count = len(list(same))
            if name:
                fields = lines[start].split()
                shape = (len(fields), tuple(fields[3::2]))
                if shape != batch_shape:
                    if batch:
                        yield from self._batch(lines, names, batch, cast("_Shape", batch_shape), first)
                    batch = []
                    batch_shape = shape
                batch.append((name, start, count))
            else:
                if batch:
                    yield from self._batch(lines, names, batch, cast("_Shape", batch_shape), first)
                    batch = []
                    batch_shape = None
                for index in range(start, start + count):
                    yield from self._line(lines[index], first + index)
            start += count
        if batch:
            yield from self._batch(lines, names, batch, cast("_Shape", batch_shape), first)

    def _line(self, raw: bytes, number: int) -> list[benchfmt.Record]:
        """One line through benchfmt's line parser (as benchfmt.read_text reads it)."""
        text = raw.decode("utf-8", "surrogateescape")
        if text.endswith("\r"):
            text = text[:-1]
        self.parser.line = number - 1
        return self.parser.feed(text)

    def _batch(
        self,
        lines: list[bytes],
        names: list[bytes],
        batch: list[tuple[bytes, int, int]],
        shape: _Shape,
        first: int,
    ) -> Iterator[Record]:
        columns = self._read_batch(lines, names, batch[0][1], batch[-1][1] + batch[-1][2], shape)
        if columns is None:
            if len(batch) > 1:
                for run in batch:
                    yield from self._batch(lines, names, [run], shape, first)
            else:
                _name, start, count = batch[0]
                for index in range(start, start + count):
                    yield from self._line(lines[index], first + index)
            return
        parser = self.parser
        config = parser._config or parser.config()
        base = batch[0][1]
        for name, start, count in batch:
            offset = start - base
            yield Run(
                name[9:].decode("ascii"),
                config,
                self.path,
                first + start,
                count,
                [(unit, orig, values[offset : offset + count]) for unit, orig, values in columns],
            )

    def _read_batch(
        self, lines: list[bytes], names: list[bytes], start: int, end: int, shape: _Shape
    ) -> list[tuple[str, str, array[float]]] | None:
        """The value columns of lines[start:end], or None unless every line is an ordinary result
        line with the fields of the first: `BenchmarkName ITERS V1 U1 V2 U2 ...`.

        Why the checks suffice: on ASCII text Go's strings.Fields and bytes.split() cut the same
        fields. "Benchmark" occurs once per line, so the only fields that start with it are the
        lines' first fields; when the fields at 0, F, 2F, ... are the lines' names in order and
        there are N*F fields, each line has exactly F of them. Then column j is field j of every
        line, and each column is checked as benchfmt's fast path would read it.
        """
        count = end - start
        width, written_units = shape
        if width < 4 or width % 2:
            return None  # a bare name, no measurements, or a value without a unit
        text = b"\n".join(lines[start:end])
        if not text.isascii() or text.count(b"Benchmark") != count:
            return None
        fields = text.split()
        if len(fields) != count * width or fields[0::width] != names[start:end]:
            return None
        iterations = fields[1::width]
        if not b"".join(iterations).isdigit() or max(map(len, iterations)) > _MAX_ITERS_DIGITS:
            return None
        plan = self._plans.get(written_units) or self._plan(written_units)
        columns: list[tuple[str, str, array[float]]] = []
        for j, (unit, orig, factor) in enumerate(plan):
            if factor is None:
                return None
            if fields[3 + 2 * j :: width].count(written_units[j]) != count:
                return None
            texts = fields[2 + 2 * j :: width]
            if b"".join(texts).translate(None, _NUMBER_CHARS):
                return None
            try:
                values = array("d", map(float, texts))
            except ValueError:
                return None
            total = sum(values)
            # An overflow to infinity is Go's range error (and a sum that overflows just means
            # the careful path is taken). Tidied, a zero keeps its written unit (benchfmt's rule).
            if total - total != 0.0 or (orig and 0.0 in values):
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


def read_text(stream: BinaryIO, path: str, label: str, units: benchfmt.UnitRegistry) -> Iterator[Record]:
    """Records of a plain-text benchmark file, in order: benchfmt.read_text's, with runs as `Run`s."""
    reader = _BlockReader(path, label, units)
    stats = LineStats()
    number = 0
    for raw_lines in read_line_blocks(stream, max_line=benchfmt.MAX_LINE, tail=0, stats=stats):
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
