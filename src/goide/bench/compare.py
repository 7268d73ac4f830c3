"""`goide bench compare`: read benchmark inputs, filter them and build the comparison tables.

Inputs are files (or `-` for standard input), optionally labelled `label=path`; a path given
twice is labelled `path#0`, `path#1` as benchstat does. Malformed lines do not stop the
comparison: they are returned as syntax errors for the caller to print.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from goide.bench import benchfmt, blockread
from goide.bench.table import Builder, Options, Tables
from goide.core.errors import InputError

TYPE_CHECKING = False  # typing is not imported at run time (see core/record.py)
if TYPE_CHECKING:
    from typing import BinaryIO, NamedTuple
else:
    from goide.core.record import NamedTuple


class Input(NamedTuple):
    path: str
    label: str

    @property
    def is_stdin(self) -> bool:
        return self.path == "-"


def parse_inputs(args: Sequence[str]) -> list[Input]:
    """`label=path` or `path`; repeated unlabelled paths become `path#0`, `path#1`, ..."""
    raw: list[tuple[str, str, bool]] = []
    counts: dict[str, int] = {}
    for arg in args:
        if "=" in arg:
            label, _, path = arg.partition("=")
            if not path:
                # An empty path would be read as the current directory ("error:  is a directory").
                raise InputError(
                    f"{arg}: no file after the label",
                    hint=f"write {label}=FILE, for example {label}=old.txt (- reads standard input)",
                )
            raw.append((path, label, True))
        else:
            raw.append((arg, arg, False))
            counts[arg] = counts.get(arg, 0) + 1
    seen: dict[str, int] = {}
    inputs = []
    for path, given, labelled in raw:
        label = given
        if not labelled and counts[path] > 1:
            label = f"{path}#{seen.get(path, 0)}"
            seen[path] = seen.get(path, 0) + 1
        inputs.append(Input(path, label))
    return inputs


@contextmanager
def _open(item: Input) -> Iterator[BinaryIO]:
    if item.is_stdin:
        yield sys.stdin.buffer
        return
    try:
        stream = open(item.path, "rb")  # noqa: SIM115 - closed below, after the generator is done
    except OSError as err:
        raise InputError(
            f"cannot read {item.path}: {err.strerror or err}",
            hint="give files written by `go test -bench` (or `goide bench run --out FILE`)",
        ) from None
    try:
        yield stream
    finally:
        stream.close()


def read_records(inputs: Sequence[Input], units: benchfmt.UnitRegistry) -> Iterator[blockread.Record]:
    """Every record of every input, in order; unit metadata is shared across inputs."""
    for item in inputs:
        if not item.is_stdin and os.path.isdir(item.path):
            raise InputError(f"{item.path} is a directory", hint="give benchmark output files")
        with _open(item) as stream:
            yield from blockread.read_any(stream, item.path, item.label, units)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector: reading keeps tens of thousands of cells alive, and each full
    collection walks them all again (it roughly doubles the time); what is read has no cycles.
    Afterwards what is alive is frozen (gc.freeze: kept out of later collections, still freed by
    reference counting), or the first collection after this would walk it all once more."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def compare(args: Sequence[str], options: Options, report: Callable[[benchfmt.SyntaxError], None]) -> Tables:
    """Read the inputs and build the tables; each malformed line goes to `report` as it is met."""
    with no_cycle_collection():
        return _compare(args, options, report)


def _compare(args: Sequence[str], options: Options, report: Callable[[benchfmt.SyntaxError], None]) -> Tables:
    inputs = parse_inputs(args)
    units = benchfmt.UnitRegistry()
    builder = Builder(options)
    apply = None if options.filter.matches_everything() else options.filter.apply
    add, add_run, Run, Result = builder.add, builder.add_run, blockread.Run, benchfmt.Result
    read = 0
    for record in read_records(inputs, units):
        if type(record) is Run:
            read += 1
            if apply is None:
                add_run(record)
            else:
                _add_filtered(record, apply, add_run)
        elif type(record) is Result:
            read += 1
            if apply is None or apply(record):
                add(record)
        elif type(record) is benchfmt.SyntaxError:
            report(record)
    tables = builder.tables(units)
    if not read:
        names = ", ".join(item.path if not item.is_stdin else "standard input" for item in inputs)
        raise InputError(
            f"no benchmark results in {names}",
            hint="give the output of `go test -bench` (lines like `BenchmarkName  1000  12.3 ns/op`) "
            "or of `goide bench run`",
        )
    if not tables.tables:
        if options.filter.query.strip() not in ("", "*"):
            raise InputError(
                f"no benchmark results match --filter {options.filter.query}",
                hint="the inputs have results; widen the filter (`--filter '*'` keeps them all)",
            )
        raise InputError(
            "no benchmark results are in the @(...) value lists of --table, --row and --col",
            hint="the inputs have results; list values they have, or drop the list",
        )
    return tables


def _add_filtered(
    run: blockread.Run, apply: Callable[[benchfmt.Result], bool], add_run: Callable[[blockread.Run], None]
) -> None:
    """Filter a run as its first line: a filter sees only names, configurations and units, which
    every line of a run shares; of each line it keeps the values of the same pairs."""
    first = run.first_result()
    values = list(first.values)
    if not apply(first):
        return
    kept = {id(value) for value in first.values}
    if len(kept) < len(values):
        columns = [column for column, value in zip(run.columns, values, strict=True) if id(value) in kept]
        run = run._replace(columns=columns)
    add_run(run)
