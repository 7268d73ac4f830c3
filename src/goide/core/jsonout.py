"""The one JSON writer of goide: every `--json` document and JSON file goes out through here.

Strings that came from file names or file contents may hold lone surrogates: Python decodes
undecodable bytes with `surrogateescape` (file names, `os.fsdecode`) and the readers of goide do the
same for file contents. orjson refuses such strings, which used to turn a file named `bad\\xffname`
into an internal error. Here orjson is tried first (the fast path for all normal output); only when
it refuses is the document copied with each string made valid UTF-8 — an escaped byte is shown as
`\\xNN`, any other lone surrogate as `\\udNNN` — and encoded again.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import IO, Any


def valid_text(text: str) -> str:
    """`text` as valid UTF-8 text: surrogate-escaped bytes become `\\xNN`."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        # Surrogates outside the escaped-byte range (from a JSON "\ud800" escape, say).
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return valid_text(value)
    if isinstance(value, dict):
        return {_cleaned(k): _cleaned(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_cleaned(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _cleaned(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def dumps(document: Any, *, indent: bool = True) -> bytes:
    """`document` as UTF-8 JSON bytes (two-space indent unless `indent` is False), no final newline."""
    import orjson

    option = orjson.OPT_INDENT_2 if indent else 0
    try:
        return orjson.dumps(document, option=option)
    except TypeError:  # orjson.JSONEncodeError is a TypeError; invalid UTF-8 is the case handled here
        return orjson.dumps(_cleaned(document), option=option)


def write(document: Any, out: IO[str] | None = None) -> None:
    """Print `document` as indented JSON and a newline on `out` (standard output by default)."""
    data = dumps(document) + b"\n"
    stream = out if out is not None else sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(data)
        buffer.flush()
    else:
        stream.write(data.decode("utf-8"))


def write_file(document: Any, path: Path, *, what: str = "file") -> None:
    """Write `document` as indented JSON to `path` atomically; see `goide.core.safe_write.write_output`."""
    from goide.core.safe_write import write_output

    write_output(path, dumps(document) + b"\n", what=what)
