"""Minimal JSONC edits: exact results for the common layouts, and a property test over random documents."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goide.settings.jsonc import Document, Node, parse
from goide.settings.jsonc_edit import (
    Edit,
    apply_edits,
    insert_item,
    insert_member,
    remove_member,
    rename_member,
    replace_value,
)
from tests.jsonc_docs import KEYS, documents, values


def _objects(node: Node | None, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Node]]:
    if node is None:
        return []
    found = [(path, node)] if node.kind == "object" else []
    for member in node.members:
        found += _objects(member.value, (*path, member.key))
    for index, item in enumerate(node.items):
        found += _objects(item, (*path, index))
    return found


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def _edit(text: str, change: Any) -> str:
    doc = parse(text)
    return apply_edits(text, change(doc))


CASES = [
    (
        "remove a middle member on its own line, its comment above stays",
        '{\n    // keep me\n    "a": 1,\n    "b": 2,\n    "c": 3\n}\n',
        lambda d: remove_member(d, d.root, d.root.members[1]),
        '{\n    // keep me\n    "a": 1,\n    "c": 3\n}\n',
    ),
    (
        "remove the last member takes the comma before it",
        '{\r\n\t"a": 1,\r\n\t"b": 2\r\n}\r\n',
        lambda d: remove_member(d, d.root, d.root.members[1]),
        '{\r\n\t"a": 1\r\n}\r\n',
    ),
    (
        "remove the last member with a trailing comma",
        '{\n  "a": 1,\n  "b": 2,\n}\n',
        lambda d: remove_member(d, d.root, d.root.members[1]),
        '{\n  "a": 1,\n}\n',
    ),
    (
        "remove in a one-line object",
        '{"a": 1, "b": 2, "c": 3}',
        lambda d: remove_member(d, d.root, d.root.members[0]),
        '{"b": 2, "c": 3}',
    ),
    (
        "remove keeps a trailing comment on the line",
        '{\n  "a": 1, // about a\n  "b": 2\n}',
        lambda d: remove_member(d, d.root, d.root.members[0]),
        '{\n  // about a\n  "b": 2\n}',
    ),
    (
        "remove the only member",
        '{\n  "a": 1\n}',
        lambda d: remove_member(d, d.root, d.root.members[0]),
        "{\n}",
    ),
    (
        "rename keeps value and comments",
        '{"gopls": {"experimentalDiagnosticsDelay": /* x */ "500ms"}}',
        lambda d: rename_member(d.root.members[0].value.members[0], "diagnosticsDelay"),
        '{"gopls": {"diagnosticsDelay": /* x */ "500ms"}}',
    ),
    (
        "replace a value",
        '{\n\t"a": "true" // why\n}',
        lambda d: replace_value(d, d.root.members[0].value, True),
        '{\n\t"a": true // why\n}',
    ),
    (
        "insert after a last member that has a line comment",
        '{\n    "a": 1 // note\n}\n',
        lambda d: insert_member(d, d.root, "b", {"x": [1]}),
        '{\n    "a": 1, // note\n    "b": {\n        "x": [\n            1\n        ]\n    }\n}\n',
    ),
    (
        "insert into an empty object uses the file's tabs and CRLF",
        '{\r\n\t"gopls": {}\r\n}',
        lambda d: insert_member(d, d.root.members[0].value, "ui.semanticTokens", True),
        '{\r\n\t"gopls": {\r\n\t\t"ui.semanticTokens": true\r\n\t}\r\n}',
    ),
    (
        "insert keeps the trailing-comma style",
        '{\n  "a": 1,\n}',
        lambda d: insert_member(d, d.root, "b", 2),
        '{\n  "a": 1,\n  "b": 2,\n}',
    ),
    (
        "insert into a one-line object",
        '{"a": 1}',
        lambda d: insert_member(d, d.root, "b", 2),
        '{"a": 1, "b": 2}',
    ),
    (
        "append to an array",
        '{\n  "configurations": [\n    {"name": "x"}\n  ]\n}',
        lambda d: insert_item(d, d.root.members[0].value, {"name": "y"}),
        '{\n  "configurations": [\n    {"name": "x"},\n    {\n      "name": "y"\n    }\n  ]\n}',
    ),
]


@pytest.mark.parametrize(("title", "text", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_edit_cases(title: str, text: str, change: Any, expected: str) -> None:
    result = _edit(text, change)
    assert result == expected
    parse(result)


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits("abcdef", [Edit(1, 3, ""), Edit(2, 1, "x")])


def _comments(doc: Document) -> list[str]:
    return [doc.text[a:b] for a, b in doc.comments]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data())
def test_random_edits_change_only_their_span(document: tuple[str, Any], data: st.DataObject) -> None:
    text, value = document
    doc = parse(text)
    assert doc.to_value() == value
    path, obj = data.draw(st.sampled_from(_objects(doc.root)))
    expected = json.loads(json.dumps(value))
    target = _at(expected, path)
    replaced = (0, 0)  # the span whose own comments go with it (a removed member, a replaced value)
    operation = data.draw(
        st.sampled_from(["remove", "rename", "replace", "insert"] if obj.members else ["insert"])
    )
    if operation == "insert":
        key = data.draw(KEYS.filter(lambda k: k not in target))
        new_value = data.draw(values(1))
        edits = insert_member(doc, obj, key, new_value)
        target[key] = new_value
    else:
        member = data.draw(st.sampled_from(obj.members))
        if operation == "remove":
            edits = remove_member(doc, obj, member)
            replaced = (member.start, member.end)
            del target[member.key]
        elif operation == "rename":
            new_key = data.draw(KEYS.filter(lambda k: k not in target))
            edits = rename_member(member, new_key)
            target[new_key] = target.pop(member.key)
        else:
            new_value = data.draw(values(1))
            edits = replace_value(doc, member.value, new_value)
            replaced = (member.value.start, member.value.end)
            target[member.key] = new_value
    result = apply_edits(text, edits)
    after = parse(result)
    assert after.to_value() == expected
    # Every edit stays inside the edited object; everything before and after it is byte-identical.
    low, high = min(e.offset for e in edits), max(e.end for e in edits)
    assert obj.start <= low
    assert high <= obj.end
    assert result.startswith(text[:low])
    assert result.endswith(text[high:])
    # No comment outside the removed or replaced part is lost or changed; the line ending stays.
    kept = [doc.text[a:b] for a, b in doc.comments if not (replaced[0] <= a < replaced[1])]
    assert _comments(after) == kept
    if "\r\n" in text:
        assert result.count("\n") == result.count("\r\n")
    else:
        assert "\r" not in result
