"""Fuzz target for the JSONC parser (goide.settings.jsonc), seeded from real settings layouts.

Properties: any text either parses or raises JsoncError with a position inside the text (never
another exception, never a hang); any bytes either decode or raise InputError; plain JSON
parses to what the json module gives; a text the fast path (C) reads gives the tree, comments,
duplicate keys and value of the exact parser; mutations of real settings/launch files keep those
properties. Run it with `run(max_examples=N)`; tests/settings/test_fuzz_jsonc.py runs a small number.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goide.core.errors import InputError
from goide.settings import jsonc
from goide.settings.jsonc import JsoncError, Node, decode, duplicate_keys, parse

# Real layouts: a user settings file as setup guides write it (comments, trailing commas, a
# language section) and a launch.json in the shape the Go extension generates.
SEEDS = [
    '// settings\n{\n    "go.formatTool": "goimports", // fmt\n    "gopls": {\n'
    '        /* old */ "build.experimentalWorkspaceModule": true,\n'
    '        "ui.documentation.hoverKind": "FullDocumentation",\n    },\n'
    '    "[go]": {"editor.codeActionsOnSave": {"source.organizeImports": "explicit"}},\n}\n',
    '\ufeff{\r\n\t"version": "0.2.0",\r\n\t"configurations": [\r\n\t\t{\r\n'
    '\t\t\t"name": "Launch Package",\r\n\t\t\t"type": "go",\r\n\t\t\t"request": "launch",\r\n'
    '\t\t\t"mode": "auto",\r\n\t\t\t"program": "${fileDirname}",\r\n'
    '\t\t\t"args": ["-test.run", "^Test\\\\w+$"]\r\n\t\t}\r\n\t]\r\n}\r\n',
]

ALPHABET = st.sampled_from(list('{}[]:,"/*\\\n\r\t -0123456789.eEtruefalsn\ufeffé\x00'))


def _check_text(text: str) -> None:
    try:
        doc = parse(text)
    except JsoncError as err:
        position = (err.line, err.column, err.offset)
    else:
        position = None
    if position is not None:
        line, column, offset = position
        # LF, CR LF and a lone CR each end a line.
        assert 1 <= line <= text.count("\n") + text.count("\r") - text.count("\r\n") + 1
        assert column >= 1
        assert 0 <= offset <= len(text)
        return
    if doc.root is not None:
        assert 0 <= doc.root.start < doc.root.end <= len(text)
    fast = jsonc._read_fast(text)
    if fast is not None:
        exact = jsonc._Parser(text, "").parse_document()
        assert _shape(fast) == _shape(exact)
        whole = jsonc.Document(fast.text, jsonc.whole_tree(fast), fast.comments)
        assert _shape(whole) == _shape(exact)
    for start, end in doc.comments:
        assert text[start] == "/"
        assert start < end <= len(text)


def _shape(doc: jsonc.Document) -> object:
    def dump(node: Node | None) -> object:
        if node is None:
            return None
        members = [(m.key, m.key_start, m.key_end, dump(m.value)) for m in node.members]
        return (node.kind, node.start, node.end, repr(node.value), [dump(i) for i in node.items], members)

    duplicates = [(a.key_start, b.key_start) for _, a, b in duplicate_keys(doc.root)]
    return dump(doc.root), doc.comments, duplicates, repr(doc.to_value())


@st.composite
def mutated_seeds(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        position = draw(st.integers(min_value=0, max_value=len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = "".join(draw(st.lists(ALPHABET, min_size=1, max_size=4)))
        if action == "insert":
            text = text[:position] + piece + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + len(piece) :]
        else:
            text = text[:position] + piece + text[position + 1 :]
    return text


json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


def run(max_examples: int = 200) -> None:
    common = settings(max_examples=max_examples, deadline=None, suppress_health_check=list(HealthCheck))

    @common
    @given(st.text(alphabet=ALPHABET, max_size=80))
    def arbitrary_text(text: str) -> None:
        _check_text(text)

    @common
    @given(mutated_seeds())
    def mutated(text: str) -> None:
        _check_text(text)

    @common
    @given(st.binary(max_size=64))
    def arbitrary_bytes(data: bytes) -> None:
        try:
            text = decode(data)
        except InputError:
            return
        _check_text(text)

    @common
    @given(json_values, st.sampled_from([None, 1, 4, "\t"]))
    def plain_json(value: Any, indent: int | str | None) -> None:
        text = json.dumps(value, indent=indent)
        assert parse(text).to_value() == json.loads(text, parse_int=_as_vscode_reads_it)

    arbitrary_text()
    mutated()
    arbitrary_bytes()
    plain_json()


def _as_vscode_reads_it(token: str) -> int | float:
    """VS Code reads numbers as JavaScript doubles: an integer of more than 15 digits may round."""
    return int(token) if len(token.lstrip("-")) <= 15 else float(token)
