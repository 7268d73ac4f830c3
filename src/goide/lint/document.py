"""YAML, JSON and TOML documents read into plain values with the line of every key and item.

golangci-lint configs and CI workflows are YAML (or TOML/JSON for configs). Findings point at a
line, so YAML is composed into nodes (PyYAML keeps each node's start mark) and walked once into
plain values plus a table `path -> line`. Anchors and aliases are expanded as YAML says; the walk
has a budget, so an alias bomb ("billion laughs") is an error, not unbounded memory.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goide.core.errors import InputError

if TYPE_CHECKING:
    import yaml

# yaml and tomllib are imported where a document is parsed: `goide doctor` runs the lint area on
# every machine, most of which have no lint config to parse.

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_NODES = 200_000  # values produced, aliases counted each time they expand

Key = tuple[str | int, ...]


@dataclass(frozen=True)
class Document:
    """A parsed file: its value, the 1-based line of each path (YAML and JSON only) and its format."""

    path: str
    format: str  # yaml | json | toml
    value: Any
    lines: dict[Key, int] = field(default_factory=dict)

    def line_of(self, key: Key) -> int | None:
        """The line of `key`, or of the nearest parent that has one."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return None


def format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return "toml"
    if suffix == ".json":
        return "json"
    return "yaml"


def read_document(path: Path, *, what: str = "file") -> Document:
    """Read and parse `path`; InputError with file and line when it cannot be."""
    from goide.core.inputs import read_regular_file

    data = read_regular_file(path, MAX_FILE_BYTES, what=what, hint=f"is this a {what}?")
    return parse_document(data, str(path), format_of(path))


def parse_document(data: bytes, source: str, fmt: str) -> Document:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{source}: not UTF-8 text (byte {err.start})", hint="save the file as UTF-8"
        ) from None
    if fmt == "toml":
        import tomllib

        try:
            return Document(source, fmt, tomllib.loads(text))
        except tomllib.TOMLDecodeError as err:
            raise InputError(f"{source}: invalid TOML: {err}", hint="correct the TOML syntax") from None
    if fmt == "json":
        try:
            json.loads(text)  # strict JSON first: YAML accepts more than golangci-lint's JSON reader
        except json.JSONDecodeError as err:
            raise InputError(
                f"{source}:{err.lineno}:{err.colno}: invalid JSON: {err.msg}", hint="correct the JSON syntax"
            ) from None
    return _parse_yaml(text, source, fmt)


def _parse_yaml(text: str, source: str, fmt: str) -> Document:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        problem = err.problem or err.context or "syntax error"
        raise InputError(f"{where}: invalid YAML: {problem}", hint="correct the YAML syntax") from None
    except yaml.YAMLError as err:
        raise InputError(
            f"{source}: invalid YAML: {str(err).splitlines()[0]}", hint="correct the YAML syntax"
        ) from None
    except RecursionError:
        raise InputError(f"{source}: nested too deeply to read", hint="is this a YAML file?") from None
    lines: dict[Key, int] = {}
    if node is None:
        return Document(source, fmt, None, lines)
    walker = _Walker(source, lines, text.count("\n") + 1)
    try:
        value = walker.value(node, ())
    except RecursionError:
        raise InputError(f"{source}: nested too deeply to read", hint="is this a YAML file?") from None
    return Document(source, fmt, value, lines)


class _Walker:
    """Nodes -> plain values, recording lines; explicit budget against alias expansion."""

    def __init__(self, source: str, lines: dict[Key, int], last_line: int) -> None:
        self.source = source
        self.last_line = last_line
        self.lines = lines
        self.budget = MAX_NODES
        import yaml

        self.constructor = yaml.SafeLoader("")
        self.active: set[int] = set()

    def value(self, node: yaml.Node, key: Key) -> Any:
        import yaml

        self.budget -= 1
        if self.budget < 0:
            raise InputError(
                f"{self.source}: more than {MAX_NODES} values once anchors are expanded",
                hint="an alias is expanded too many times; is this a real configuration?",
            )
        if key not in self.lines:
            # an empty value at the end of the text is marked one line past it
            self.lines[key] = min(node.start_mark.line + 1, self.last_line)
        if isinstance(node, yaml.CollectionNode):
            if id(node) in self.active:
                raise InputError(
                    f"{self.source}:{node.start_mark.line + 1}: an anchor contains an alias to itself",
                    hint="a recursive YAML value cannot be a configuration",
                )
            self.active.add(id(node))
            try:
                return self.collection(node, key)
            finally:
                self.active.discard(id(node))
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            return str(node.value)

    def collection(self, node: yaml.CollectionNode, key: Key) -> Any:
        import yaml

        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    merged = self.value(value_node, key)
                    items = merged if isinstance(merged, list) else [merged]
                    for item in items:
                        if isinstance(item, dict):
                            for k, v in item.items():
                                out.setdefault(k, v)
                    continue
                name = self.scalar_text(key_node)
                out[name] = self.value(value_node, (*key, name))
            return out
        return [self.value(item, (*key, i)) for i, item in enumerate(node.value)]

    def scalar_text(self, node: yaml.Node) -> str:
        import yaml

        if isinstance(node, yaml.ScalarNode):
            return str(node.value)
        raise InputError(
            f"{self.source}:{node.start_mark.line + 1}: a mapping key that is not a plain value",
            hint="use plain words as keys",
        )
